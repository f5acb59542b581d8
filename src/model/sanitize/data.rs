//! The data form of untrusted text: files hold the data exactly, in a shape no viewer runs.
//!
//! - JSON ([`json`], [`json_line`]): serde escapes only C0 controls; every other dangerous
//!   character ([`super::is_unsafe`]: C1, DEL, bidi, zero-width, U+2028/2029) is written as
//!   `\uXXXX` too. They can only occur inside JSON strings (the syntax is ASCII), so the result is
//!   valid JSON that reads back to the very same strings.
//! - CSV ([`csv_cell`], [`csv_value`]): a cell that starts with `=`, `+`, `-`, `@`, a tab or a
//!   carriage return is what a spreadsheet runs as a formula; it is written with one leading `'`
//!   (the spreadsheet convention for "this is text"), and so is a cell that starts with `'`
//!   itself. Reading a cell back strips one leading `'` that is followed by one of those
//!   characters, so every value reads back exactly. Other characters stay as they are: CSV
//!   quotes commas, quotes and line breaks.

use std::borrow::Cow;

use serde::Serialize;

/// Whether serde left `c` raw although it is dangerous. A raw C0 character in serde's output is
/// the document's own whitespace (serde escapes them inside strings).
fn left_raw(c: char) -> bool {
    c >= '\u{7f}' && super::is_unsafe(c)
}

/// The first byte of every character [`left_raw`] is true of (tested against every `char`),
/// and a few more: DEL, U+0080–U+00BF, U+0340–U+037F, U+0600–U+063F, U+1000–U+1FFF,
/// U+2000–U+2FFF, U+3000–U+3FFF, U+F000–U+FFFF.
const RAW_LEADS: [bool; 256] = {
    let mut t = [false; 256];
    let leads = [0x7f_u8, 0xc2, 0xcd, 0xd8, 0xe1, 0xe2, 0xe3, 0xef];
    let mut i = 0;
    while i < leads.len() {
        t[leads[i] as usize] = true;
        i += 1;
    }
    t
};

/// Whether `text` holds a character [`left_raw`] is true of: bytes below DEL are skipped 32 at
/// a time, and only a character starting with one of [`RAW_LEADS`] is decoded.
fn any_left_raw(text: &str) -> bool {
    let mut at = 0;
    for chunk in text.as_bytes().chunks(32) {
        // The top bit of `b | (b + 1)` is set exactly for bytes from DEL up.
        let high = chunk
            .iter()
            .fold(0u8, |acc, &b| acc | b | b.wrapping_add(1));
        if high & 0x80 != 0 {
            for (i, &b) in chunk.iter().enumerate() {
                // A lead byte starts a character, so `at + i` is a character boundary.
                if RAW_LEADS[usize::from(b)]
                    && text
                        .get(at + i..)
                        .and_then(|t| t.chars().next())
                        .is_some_and(left_raw)
                {
                    return true;
                }
            }
        }
        at += chunk.len();
    }
    false
}

/// `text` (serde_json output) with every dangerous character that serde left raw as `\uXXXX`.
pub fn escape_json(text: &str) -> Cow<'_, str> {
    if !any_left_raw(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut units = [0u16; 2];
    for c in text.chars() {
        if left_raw(c) {
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `value` as pretty JSON with a final newline, in the data form, written to `out` as it is
/// serialized (no whole document in memory): the same bytes as [`json`].
pub fn write_json<T: Serialize + ?Sized, W: std::io::Write>(
    out: W,
    value: &T,
) -> std::io::Result<()> {
    // serde_json writes token by token; the escaping pass reads whole chunks of them.
    let mut w = std::io::BufWriter::with_capacity(
        CHUNK,
        EscapeWriter {
            out,
            pending: Vec::new(),
        },
    );
    serde_json::to_writer_pretty(&mut w, value).map_err(std::io::Error::other)?;
    std::io::Write::write_all(&mut w, b"\n")?;
    let mut w = w
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    std::io::Write::flush(&mut w)
}

/// How many bytes of serde_json's output [`write_json`] escapes at a time.
const CHUNK: usize = 64 * 1024;

/// Passes serde_json's output through [`escape_json`]; a character split between two writes
/// waits in `pending` for its other bytes.
struct EscapeWriter<W> {
    out: W,
    pending: Vec<u8>,
}

impl<W: std::io::Write> std::io::Write for EscapeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let invalid = |e| std::io::Error::new(std::io::ErrorKind::InvalidData, e);
        let mut rest = buf;
        if let Some(&lead) = self.pending.first() {
            // Complete the character split by the last write, then go on from after it.
            let width: usize = match lead {
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                _ => 4,
            };
            let take = width.saturating_sub(self.pending.len()).min(rest.len());
            let (head, tail) = rest.split_at(take);
            self.pending.extend_from_slice(head);
            rest = tail;
            match std::str::from_utf8(&self.pending) {
                Ok(text) => {
                    self.out.write_all(escape_json(text).as_bytes())?;
                    self.pending.clear();
                }
                Err(e) if e.error_len().is_none() => return Ok(buf.len()),
                Err(e) => return Err(invalid(e)),
            }
        }
        // Straight from `buf`: only a character cut at its end waits in `pending`.
        let (text, cut) = match std::str::from_utf8(rest) {
            Ok(text) => (text, &[][..]),
            Err(e) if e.error_len().is_none() => {
                let (whole, cut) = rest.split_at(e.valid_up_to());
                (std::str::from_utf8(whole).map_err(invalid)?, cut)
            }
            Err(e) => return Err(invalid(e)),
        };
        self.out.write_all(escape_json(text).as_bytes())?;
        self.pending.extend_from_slice(cut);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "JSON output ended inside a character",
            ));
        }
        self.out.flush()
    }
}

/// [`escape_json`] of `text`, which is kept (not copied) where nothing needs escaping.
fn owned_escaped(text: String) -> String {
    match escape_json(&text) {
        Cow::Borrowed(_) => None,
        Cow::Owned(escaped) => Some(escaped),
    }
    .unwrap_or(text)
}

/// `value` as pretty JSON with a final newline, in the data form.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let text = serde_json::to_string_pretty(value)?;
    let mut text = owned_escaped(text);
    text.push('\n');
    Ok(text)
}

/// `value` as one line of JSON (no newline), in the data form.
pub fn json_line<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let text = serde_json::to_string(value)?;
    Ok(owned_escaped(text))
}

/// Whether a spreadsheet would take a cell starting with `c` for a formula (or `c` is the
/// guard itself).
fn needs_guard(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r' | '\'')
}

/// A value as a CSV cell: guarded with a leading `'` when a spreadsheet would run it.
pub fn csv_cell(value: &str) -> Cow<'_, str> {
    match value.chars().next() {
        Some(c) if needs_guard(c) => Cow::Owned(format!("'{value}")),
        _ => Cow::Borrowed(value),
    }
}

/// A CSV cell back as the value: [`csv_cell`]'s guard removed.
pub fn csv_value(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.chars().next().is_some_and(needs_guard) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_left_raw_starts_with_a_byte_the_check_decodes() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10_ffff_u32).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            assert_eq!(any_left_raw(s), left_raw(c), "{c:?}");
            if left_raw(c) {
                assert!(RAW_LEADS[usize::from(s.as_bytes()[0])], "{c:?}");
                let long = format!("{}{c}{}", "é".repeat(20), "a".repeat(40));
                assert!(any_left_raw(&long), "{c:?} in a longer text");
            }
        }
    }

    #[test]
    fn json_escapes_what_serde_leaves_raw_and_reads_back_the_same() {
        let hostile = "a\u{9b}b\u{7f}c\u{202e}d\u{200b}e\u{2028}f\u{2029}g\u{1b}h\u{10FFFF}i";
        let text = json(&serde_json::json!({ "name": hostile })).expect("json");
        let raw = |c: char| c != '\n' && c != ' ' && crate::model::sanitize::is_unsafe(c);
        assert!(!text.chars().any(raw), "{text}");
        assert!(
            text.contains("\\u009b") && text.contains("\\u202e"),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(back["name"], hostile);
    }

    #[test]
    fn formula_cells_are_guarded_and_read_back_exactly() {
        for v in [
            "=1+1", "+49 30", "-x", "@SUM(A1)", "\tx", "\rx", "'", "'=x", "''", "plain", "", "a=b",
        ] {
            assert_eq!(csv_value(&csv_cell(v)), v, "{v:?}");
        }
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("Ann"), "Ann");
        // A hand-written apostrophe before a letter is the data.
        assert_eq!(csv_value("'Ann"), "'Ann");
    }

    #[test]
    fn written_piece_by_piece_the_json_is_the_same_bytes() {
        let hostile = "a\u{9b}b\u{202e}😀\u{2028}é\u{1b}";
        let value = serde_json::json!({ "name": hostile, "list": [hostile, 1] });
        let whole = json(&value).expect("json");
        let mut streamed = Vec::new();
        write_json(&mut streamed, &value).expect("write");
        assert_eq!(String::from_utf8(streamed).expect("utf-8"), whole);
        // A character split across writes waits for its other bytes.
        let text = serde_json::to_string_pretty(&value).expect("json");
        for size in [1, 2, 3, 5, 7] {
            let mut out = Vec::new();
            let mut w = EscapeWriter {
                out: &mut out,
                pending: Vec::new(),
            };
            for piece in text.as_bytes().chunks(size) {
                std::io::Write::write_all(&mut w, piece).expect("piece");
            }
            std::io::Write::flush(&mut w).expect("flush");
            assert_eq!(
                format!("{}\n", String::from_utf8(out).expect("utf-8")),
                whole,
                "{size} bytes a write"
            );
        }
    }

    #[test]
    fn a_document_of_many_chunks_is_the_same_bytes_whatever_falls_on_a_chunk_boundary() {
        // Strings of 1 to 7 characters mixing ASCII, two-, three- and four-byte characters and
        // ones serde leaves raw, so that every kind of character lands across some boundary.
        let pieces = ["a", "é", "\u{202e}", "😀", "\u{9b}", "z\u{2028}", "\u{7f}"];
        let strings: Vec<String> = (0..40_000usize)
            .map(|i| {
                (0..1 + i % 7)
                    .map(|k| pieces[(i + k) % pieces.len()])
                    .collect()
            })
            .collect();
        let value = serde_json::json!({ "strings": strings });
        let whole = json(&value).expect("json");
        assert!(whole.len() > 4 * CHUNK, "{} bytes", whole.len());
        let mut streamed = Vec::new();
        write_json(&mut streamed, &value).expect("write");
        assert_eq!(String::from_utf8(streamed).expect("utf-8"), whole);
    }
}
