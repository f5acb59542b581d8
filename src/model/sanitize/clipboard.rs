//! The clipboard form of untrusted text: copied exactly, or not at all.
//!
//! A pasted line break runs what came before it in a shell, and a control, bidi or zero-width
//! character makes the pasted text differ from what was shown (pastejacking). Escaping would
//! copy something other than the value, so a value holding any such character is refused,
//! with the reason for the status line.

/// `text` when it is safe to copy, else why not ("it holds a line break (^J)").
pub fn copyable(text: &str) -> Result<&str, String> {
    match text.chars().find_map(super::describe) {
        None => Ok(text),
        Some(what) => Err(format!(
            "it holds {what}, which could run commands or change the text when pasted"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_values_copy_and_hostile_ones_are_refused_with_the_reason() {
        assert_eq!(copyable("jane@acme.io"), Ok("jane@acme.io"));
        let err = copyable("a@x.io\nrm -rf ~").expect_err("line break");
        assert!(err.contains("a line break (^J)"), "{err}");
        assert!(copyable("a@x.io\u{1b}]52;c;AAAA\u{7}").is_err());
        assert!(copyable("a\u{202e}@x.io").is_err());
        assert!(copyable("a\u{200b}@x.io").is_err());
    }
}
