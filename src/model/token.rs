//! The API token: a type that never prints itself.
//!
//! `Debug` shows a fixed placeholder and there is no `Display`, so a token cannot end up in a
//! log line, a panic message or an error by accident. Only [`Token::expose`] gives the text, and
//! only the HTTP layer should call it, to build a header.

use std::fmt;

#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token, trimming surrounding white space (a pasted newline is common).
    /// Returns `None` for an empty token.
    pub fn new(raw: impl Into<String>) -> Option<Token> {
        let raw = raw.into();
        let trimmed = raw.trim();
        (!trimmed.is_empty()).then(|| Token(trimmed.to_string()))
    }

    /// The token text, for an HTTP header and the keyring. Nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_token() {
        let t = Token::new("s3cr3t-token-value\n").expect("non-empty");
        assert_eq!(t.expose(), "s3cr3t-token-value");
        let shown = format!("{t:?} {:?} {:#?}", Some(&t), vec![t.clone()]);
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }

    #[test]
    fn blank_token_is_no_token() {
        assert!(Token::new("  \n").is_none());
    }
}
