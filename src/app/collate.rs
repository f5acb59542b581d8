//! How text from the server sorts in the tables: the way a reader expects, not by code point.
//!
//! Case and accents are ignored ("Ángel" sorts with the A's, "müller" beside "Muller"), and
//! terminal escape sequences and control characters are skipped, so a hostile name such as
//! `ESC[31mEvil` sorts under E instead of jumping to the top of the list.

use nucleo_matcher::chars::{normalize, to_lower_case};

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
