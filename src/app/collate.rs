//! How text from the server sorts in the tables: the way a reader expects, not by code point.
//!
//! Case and accents are ignored ("Ángel" sorts with the A's, "müller" beside "Muller"), and
//! terminal escape sequences and control characters are skipped, so a hostile name such as
//! `ESC[31mEvil` sorts under E instead of jumping to the top of the list.

use nucleo_matcher::chars::{normalize, to_lower_case};

/// Sort keys of a list's records, each computed once per record change (see
/// [`crate::model::records::Records::stamp`]), and every position in key order as of the last
/// sort. A table re-sorted for every page of a load then costs the new page's keys, a binary
/// search per new or changed record and one pass copying the order, not N comparisons (each a
/// cache miss on a scattered key) per page.
#[derive(Debug, Clone, Default)]
pub struct KeyCache {
    /// Which column the keys are for; another column starts over.
    column: u8,
    keys: Vec<Option<(u64, Box<str>)>>,
    /// Every position whose key is cached, ascending by (key, id, position).
    sorted: Vec<usize>,
}

impl KeyCache {
    /// Every position `0..len`, ascending by `text`'s key, then `id`, then position (a total
    /// order, so the answer does not depend on the order records arrived in); only records
    /// whose stamp changed get a new key and a new place.
    pub fn sorted<I: Ord>(
        &mut self,
        column: u8,
        len: usize,
        stamp: impl Fn(usize) -> u64,
        text: impl Fn(usize) -> String,
        id: impl Fn(usize) -> I,
    ) -> &[usize] {
        if self.column != column {
            self.column = column;
            self.keys.clear();
            self.sorted.clear();
        }
        self.keys.resize(len, None);
        let mut clean = vec![true; len];
        let mut moved = Vec::new();
        for (pos, slot) in self.keys.iter_mut().enumerate() {
            let now = stamp(pos);
            if slot.as_ref().is_none_or(|(s, _)| *s != now) {
                *slot = Some((now, key(&text(pos)).into_boxed_str()));
                clean[pos] = false;
                moved.push(pos);
            }
        }
        if moved.is_empty() && self.sorted.len() == len {
            return &self.sorted;
        }
        // The positions still in place, each once; a clean position missing from them (never
        // sorted) gets a place like a changed one.
        let mut run = Vec::with_capacity(len);
        for &pos in &self.sorted {
            if let Some(c) = clean.get_mut(pos).filter(|c| **c) {
                *c = false;
                run.push(pos);
            }
        }
        moved.extend(
            clean
                .iter()
                .enumerate()
                .filter(|(_, c)| **c)
                .map(|(p, _)| p),
        );
        let keys = &self.keys;
        let cmp = |a: usize, b: usize| {
            cached(keys, a)
                .cmp(cached(keys, b))
                .then_with(|| id(a).cmp(&id(b)))
                .then(a.cmp(&b))
        };
        moved.sort_by(|a, b| cmp(*a, *b));
        let mut out = Vec::with_capacity(len);
        let mut rest = run.as_slice();
        for pos in moved {
            let at = rest.partition_point(|r| cmp(*r, pos).is_lt());
            out.extend_from_slice(&rest[..at]);
            out.push(pos);
            rest = &rest[at..];
        }
        out.extend_from_slice(rest);
        self.sorted = out;
        &self.sorted
    }
}

/// The cached key at `pos` (empty if none).
fn cached(keys: &[Option<(u64, Box<str>)>], pos: usize) -> &str {
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
    use super::{KeyCache, key};

    #[test]
    fn the_kept_order_after_pages_and_changes_is_a_fresh_sort() {
        // Names with repeats (ties go by id), arriving in pages; some records change later.
        let mut names: Vec<String> = Vec::new();
        let mut stamps: Vec<u64> = Vec::new();
        let mut cache = KeyCache::default();
        let mut seed = 7u64;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize
        };
        for page in 0..12 {
            for _ in 0..(1 + next() % 40) {
                names.push(format!(
                    "{}{}",
                    ["Ángel", "anna", "Bo", "zoë"][next() % 4],
                    next() % 9
                ));
                stamps.push(0);
            }
            if page % 3 == 2 {
                for _ in 0..3 {
                    let at = next() % names.len();
                    names[at] = format!("renamed {}", next() % 5);
                    stamps[at] += 1;
                }
            }
            let id = |i: usize| (i * 7) % 17;
            let got = cache
                .sorted(1, names.len(), |i| stamps[i], |i| names[i].clone(), id)
                .to_vec();
            let mut want: Vec<usize> = (0..names.len()).collect();
            want.sort_by_cached_key(|i| (key(&names[*i]), id(*i), *i));
            assert_eq!(got, want, "page {page}");
        }
    }

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
