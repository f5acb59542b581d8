//! How text from the server sorts in the tables: the way a reader expects, not by code point.
//!
//! Case and accents are ignored ("Ángel" sorts with the A's, "müller" beside "Muller"), and
//! terminal escape sequences and control characters are skipped, so a hostile name such as
//! `ESC[31mEvil` sorts under E instead of jumping to the top of the list.

use nucleo_matcher::chars::{normalize, to_lower_case};

/// Sort keys of a list's records, each computed once per record change (see
/// [`crate::model::records::Records::stamp`]): a table re-sorted for every page of a load then
/// costs comparisons, not N new keys per page.
#[derive(Debug, Clone, Default)]
pub struct KeyCache {
    /// Which column the keys are for; another column starts over.
    column: u8,
    keys: Vec<Option<(u64, Box<str>)>>,
}

impl KeyCache {
    /// The keys of records `0..len` for `column`, computing those whose stamp changed.
    pub fn keys(
        &mut self,
        column: u8,
        len: usize,
        stamp: impl Fn(usize) -> u64,
        text: impl Fn(usize) -> String,
    ) -> &[Option<(u64, Box<str>)>] {
        if self.column != column {
            self.column = column;
            self.keys.clear();
        }
        self.keys.resize(len, None);
        for (pos, slot) in self.keys.iter_mut().enumerate() {
            let now = stamp(pos);
            if slot.as_ref().is_none_or(|(s, _)| *s != now) {
                *slot = Some((now, key(&text(pos)).into_boxed_str()));
            }
        }
        &self.keys
    }
}

/// The rows `keep` says yes to among records `0..len`: first in the order of `prev` (the rows
/// last sorted, reversed back if they were descending), then the new records. Sorting that
/// with a stable sort costs one merge of a long sorted run with a short one per load page.
pub fn in_previous_order(
    len: usize,
    prev: &[usize],
    descending: bool,
    keep: impl Fn(usize) -> bool,
) -> Vec<usize> {
    let mut seen = vec![false; len];
    let mut rows = Vec::with_capacity(len);
    let mut take = |i: usize| {
        if let Some(s) = seen.get_mut(i).filter(|s| !**s) {
            *s = true;
            if keep(i) {
                rows.push(i);
            }
        }
    };
    if descending {
        prev.iter().rev().for_each(|i| take(*i));
    } else {
        prev.iter().for_each(|i| take(*i));
    }
    (0..len).for_each(take);
    rows
}

/// Sorts `rows` by cached key, then `id`, then position (a total order, so the result does not
/// depend on the order the rows came in), descending if asked.
pub fn sort_rows<I: Ord>(
    rows: &mut [usize],
    keys: &[Option<(u64, Box<str>)>],
    id: impl Fn(usize) -> I,
    descending: bool,
) {
    rows.sort_by(|a, b| {
        cached(keys, *a)
            .cmp(cached(keys, *b))
            .then_with(|| id(*a).cmp(&id(*b)))
            .then(a.cmp(b))
    });
    if descending {
        rows.reverse();
    }
}

/// The cached key at `pos` (empty if none).
pub fn cached(keys: &[Option<(u64, Box<str>)>], pos: usize) -> &str {
    keys.get(pos)
        .and_then(|k| k.as_ref())
        .map_or("", |(_, k)| k)
}

/// The sort key of `text`.
pub fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            c if c.is_control() => {}
            c => fold_into(&mut out, to_lower_case(normalize(c))),
        }
    }
    out.trim().to_string()
}

/// Pushes `c`, with the Latin letters that have no accent to strip (Ł, ı, Æ, …) spelt as the
/// base letters they sort with (nucleo's normalisation covers the accented ones, and ß).
fn fold_into(out: &mut String, c: char) {
    let spelt = match c {
        'ł' => "l",
        'ø' => "o",
        'đ' | 'ð' => "d",
        'ħ' => "h",
        'ı' => "i",
        'ŧ' => "t",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        c => {
            out.push(c);
            return;
        }
    };
    out.push_str(spelt);
}

/// Skips the rest of an escape sequence whose ESC was just read: CSI (`ESC [ … final`),
/// OSC and other strings (`ESC ] … BEL` or `ESC \`), or a two-character escape.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => {
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
            }
        }
        Some(']' | 'P' | '_' | '^' | 'X') => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' && chars.peek() == Some(&'\\') {
                    chars.next();
                    break;
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn accents_and_case_do_not_change_the_order() {
        let mut names = vec![
            "Zoë", "Ángel", "anna", "Müller", "Muller", "Łukasz", "Ólafur", "Øystein", "Yılmaz",
        ];
        names.sort_by_cached_key(|n| key(n));
        assert_eq!(
            names,
            [
                "Ángel", "anna", "Łukasz", "Müller", "Muller", "Ólafur", "Øystein", "Yılmaz", "Zoë"
            ]
        );
    }

    #[test]
    fn escape_sequences_and_control_characters_are_skipped() {
        assert_eq!(
            key("\u{1b}[31mEvil\u{1b}[0m Bell\u{7}\u{1b}]0;pwned\u{7}\u{1b}[2J"),
            "evil bell"
        );
        assert_eq!(
            key("\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\"),
            "link"
        );
        assert_eq!(key("a\u{0}b\tc"), "abc");
    }
}
