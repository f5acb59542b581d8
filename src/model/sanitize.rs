//! The one text-cleaning policy: which characters of untrusted (server or source) text are
//! dangerous, and the three forms such text takes on its way out.
//!
//! Names, emails and titles come from the server and are untrusted: an `ESC` in a person's name
//! must never reach the terminal, or a hostile account could move the cursor, change the title
//! or hide text. The dangerous characters ([`is_unsafe`]) are:
//!
//! - C0 controls, DEL and C1 controls (U+0080–U+009F, e.g. the one-byte CSI U+009B);
//! - the bidirectional overrides, isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E,
//!   U+200F, U+061C), which can reorder what is shown;
//! - zero-width and invisible characters (U+200B–U+200D, U+2060–U+2064, U+FEFF, U+00AD, U+180E,
//!   U+034F, the Hangul fillers), which hide text and knock table columns out of line;
//! - the line and paragraph separators U+2028/U+2029.
//!
//! The forms:
//!
//! - **terminal** ([`display`], this module): every dangerous character shown as a visible escape
//!   with a width: ESC → `^[`, BEL → `^G`, newline → `^J`, DEL → `^?`, the rest as `\u{9b}`.
//!   Every `ui` path, error message and `info` line that shows untrusted text uses it.
//! - **data** ([`data`]): files hold the data exactly. JSON escapes every dangerous character as
//!   `\uXXXX` (valid JSON that reads back to the same string); CSV cells that a spreadsheet would
//!   run as a formula get a leading `'` that the sync source strips again.
//! - **clipboard** ([`clipboard`]): a value with a dangerous character is refused, never copied
//!   (a pasted line break runs a command: pastejacking).
//!
//! Everything else, including accented and wide characters, is kept as sent.

pub mod clipboard;
pub mod data;

use std::borrow::Cow;

/// Whether `c` must not reach a terminal or a clipboard as it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_invisible(c) || is_line_break(c)
}

/// The bidirectional overrides, isolates and marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters that draw nothing (or only blank space no font shows as a letter).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{180E}'
            | '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{3164}'
            | '\u{FFA0}'
    )
}

/// Characters that end a line when pasted or printed.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
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

/// The terminal form: `text` with every unsafe character shown escaped.
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

/// What kind of dangerous character `c` is, in words, with its visible form:
/// "a line break (^J)". `None` for a safe character.
pub fn describe(c: char) -> Option<String> {
    if !is_unsafe(c) {
        return None;
    }
    let kind = if is_line_break(c) {
        "a line break"
    } else if is_bidi_control(c) {
        "a bidi override"
    } else if is_invisible(c) {
        "a zero-width character"
    } else {
        "a control character"
    };
    let mut shown = String::new();
    escape(c, &mut shown);
    Some(format!("{kind} ({shown})"))
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
    fn zero_width_characters_get_a_visible_form_and_a_width() {
        use unicode_width::UnicodeWidthStr;
        let shown = display("Ann\u{200b}a\u{feff}");
        assert_eq!(shown, "Ann\\u{200b}a\\u{feff}");
        assert_eq!(shown.width(), shown.chars().count());
        assert_eq!(display("a\u{2028}b"), "a\\u{2028}b");
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
        let all: String = (0u32..0x10000).filter_map(char::from_u32).collect();
        assert!(!display(&all).chars().any(is_unsafe));
    }

    #[test]
    fn each_kind_is_named() {
        assert_eq!(describe('\n').as_deref(), Some("a line break (^J)"));
        assert_eq!(
            describe('\u{202e}').as_deref(),
            Some("a bidi override (\\u{202e})")
        );
        assert_eq!(describe('a'), None);
    }
}
