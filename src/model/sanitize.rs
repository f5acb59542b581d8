//! Server text → text that is safe to put on a terminal.
//!
//! Names, emails and titles come from the server and are untrusted: an `ESC` in a person's name
//! must never reach the terminal, or a hostile account could move the cursor, change the title
//! or hide text. Every `ui` path that shows server text goes through [`display`], which shows
//! control characters as visible escapes instead of sending them:
//!
//! - C0 controls and DEL in caret notation: ESC → `^[`, BEL → `^G`, newline → `^J`, DEL → `^?`;
//! - C1 controls (U+0080–U+009F, e.g. the one-byte CSI U+009B) and the bidirectional overrides
//!   and isolates (U+202A–U+202E, U+2066–U+2069, which can reorder what is shown) as `\u{9b}`.
//!
//! Everything else, including accented and wide characters, is kept as sent.

use std::borrow::Cow;

/// Whether `c` must not reach the terminal as it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// The visible form of one unsafe character.
fn escape(c: char, out: &mut String) {
    let code = c as u32;
    if code < 0x20 {
        out.push('^');
        // 0x40 + code maps 0x1b → '[', 0x07 → 'G', 0x00 → '@'.
        out.push(char::from(0x40 + code as u8));
    } else if code == 0x7f {
        out.push_str("^?");
    } else {
        out.push_str(&format!("\\u{{{code:x}}}"));
    }
}

/// `text` with every control character and bidi override shown escaped.
/// Borrows when there is nothing to escape (the common case).
pub fn display(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like [`display`], also telling for each shown character which input character it came from
/// (an index into `text.chars()`), so match highlights computed on the raw text still land on
/// the right letters after escaping.
pub fn display_mapped(text: &str) -> Vec<(char, usize)> {
    let mut out = Vec::with_capacity(text.len());
    let mut buf = String::new();
    for (i, c) in text.chars().enumerate() {
        if is_unsafe(c) {
            buf.clear();
            escape(c, &mut buf);
            out.extend(buf.chars().map(|e| (e, i)));
        } else {
            out.push((c, i));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible_text() {
        assert_eq!(display("Eve\u{1b}[31mRed"), "Eve^[[31mRed");
        assert_eq!(display("bell\u{7}"), "bell^G");
        assert_eq!(display("a\nb\tc"), "a^Jb^Ic");
        assert_eq!(display("del\u{7f}"), "del^?");
        assert_eq!(display("csi\u{9b}2J"), "csi\\u{9b}2J");
        assert_eq!(display("evil\u{202e}txt"), "evil\\u{202e}txt");
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        assert!(matches!(display("Anna Müller 山田"), Cow::Borrowed(_)));
    }

    #[test]
    fn mapping_points_back_to_the_source_characters() {
        let m = display_mapped("a\u{1b}b");
        assert_eq!(m, vec![('a', 0), ('^', 1), ('[', 1), ('b', 2)]);
    }

    #[test]
    fn nothing_unsafe_survives() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        assert!(!display(&all).chars().any(is_unsafe));
    }
}
