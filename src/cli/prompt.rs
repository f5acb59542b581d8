//! Reading a token from the user: typed without echo on the terminal, or one line from
//! standard input (`--token-stdin`, for scripts and password managers).

use std::io::{BufRead, Write};

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::terminal;
use crossterm::tty::IsTty;

use crate::model::token::Token;

/// The longest token line we accept; a real API key is far shorter.
const MAX_LINE: usize = 4096;

/// Why no token was read.
#[derive(Debug, thiserror::Error)]
pub enum PromptError {
    #[error("no token given")]
    Empty,
    #[error("cancelled")]
    Cancelled,
    #[error(
        "standard input is not a terminal, so the token cannot be typed without echo: pipe it with --token-stdin"
    )]
    NotATerminal,
    #[error("the token line is longer than {MAX_LINE} bytes")]
    TooLong,
    #[error("cannot read the token: {0}")]
    Io(#[from] std::io::Error),
}

/// One line from `input` (standard input for `--token-stdin`), trimmed.
pub fn token_from_line(input: impl BufRead) -> Result<Token, PromptError> {
    let mut line = Vec::new();
    input
        .take(MAX_LINE as u64 + 1)
        .read_until(b'\n', &mut line)?;
    if line.len() > MAX_LINE {
        return Err(PromptError::TooLong);
    }
    let text = String::from_utf8(line)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))?;
    Token::new(text).ok_or(PromptError::Empty)
}

/// Asks for the token on the terminal (prompt on standard error), echoing nothing.
pub fn token_from_terminal(prompt: &str) -> Result<Token, PromptError> {
    if !std::io::stdin().is_tty() {
        return Err(PromptError::NotATerminal);
    }
    let mut err = std::io::stderr();
    write!(err, "{prompt}")?;
    err.flush()?;
    let typed = {
        let _raw = RawMode::enable()?;
        read_hidden()
    };
    writeln!(err)?;
    Token::new(typed?).ok_or(PromptError::Empty)
}

fn read_hidden() -> Result<String, PromptError> {
    let mut typed = String::new();
    loop {
        let Event::Key(key) = event::read()? else {
            continue;
        };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Enter => return Ok(typed),
            KeyCode::Esc => return Err(PromptError::Cancelled),
            KeyCode::Char('c' | 'd') if ctrl => return Err(PromptError::Cancelled),
            KeyCode::Char('u') if ctrl => typed.clear(),
            KeyCode::Backspace => {
                typed.pop();
            }
            KeyCode::Char(c) if !ctrl && typed.len() < MAX_LINE => typed.push(c),
            _ => {}
        }
    }
}

/// Raw mode for the duration of the prompt; restored on drop, also on error.
struct RawMode;

impl RawMode {
    fn enable() -> std::io::Result<RawMode> {
        terminal::enable_raw_mode()?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_is_read_and_trimmed() {
        let t = token_from_line("  abc-123 \r\nsecond line\n".as_bytes()).expect("token");
        assert_eq!(t.expose(), "abc-123");
    }

    #[test]
    fn empty_and_oversized_input_are_refused() {
        assert!(matches!(
            token_from_line("\n".as_bytes()),
            Err(PromptError::Empty)
        ));
        assert!(matches!(
            token_from_line("".as_bytes()),
            Err(PromptError::Empty)
        ));
        let long = "x".repeat(MAX_LINE + 10);
        assert!(matches!(
            token_from_line(long.as_bytes()),
            Err(PromptError::TooLong)
        ));
    }
}
