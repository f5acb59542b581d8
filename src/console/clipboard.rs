//! Copying to the clipboard with OSC 52: the terminal (local, over SSH, or tmux with
//! `set-clipboard on`) puts the text on the user's clipboard, no display server needed.

use base64::Engine;

/// Most terminals cap OSC 52 payloads; anything longer is refused rather than cut.
pub const MAX_BYTES: usize = 74_994;

/// The escape sequence that asks the terminal to copy `text`, or why it cannot (too long, or
/// a character the clipboard policy refuses, see [`crate::model::sanitize::clipboard`]).
pub fn osc52(text: &str) -> Result<String, String> {
    let text = crate::model::sanitize::clipboard::copyable(text)?;
    if text.len() > MAX_BYTES {
        return Err(format!(
            "{} bytes is more than the terminal clipboard takes",
            text.len()
        ));
    }
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    Ok(format!("\u{1b}]52;c;{b64}\u{7}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_travels_base64_encoded_so_it_cannot_inject_escapes() {
        assert!(osc52("jane@acme.io\u{1b}[2J").is_err());
        let seq = osc52("jane@acme.io").expect("small");
        assert!(seq.starts_with("\u{1b}]52;c;") && seq.ends_with('\u{7}'));
        let body = &seq[7..seq.len() - 1];
        assert!(!body.contains('\u{1b}'));
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(body)
            .expect("base64");
        assert_eq!(decoded, "jane@acme.io".as_bytes());
        assert!(osc52(&"x".repeat(MAX_BYTES + 1)).is_err());
    }
}
