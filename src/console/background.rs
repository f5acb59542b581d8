//! `theme = "auto"`: is the terminal's background light? Asked through terminal-colorsaurus,
//! which sends the OSC 10/11 colour queries, tells a terminal that cannot answer from one that
//! is slow, and restores the terminal's mode even when it fails.
//!
//! The query runs only when stdin and stdout are both terminals and waits at most [`TIMEOUT`]
//! for the answer (over SSH the answer crosses the network). No answer, or one that cannot be
//! read, means `None`: the caller falls back to dark. `COLORFGBG` is read before this, by the
//! caller, since it costs no round trip.

use std::time::Duration;

use terminal_colorsaurus::{QueryOptions, ThemeMode};

/// How long the terminal has to answer.
pub const TIMEOUT: Duration = Duration::from_millis(200);

/// Asks the terminal; `Some(true)` for a light background, `None` when it cannot be told (not
/// a terminal, no answer within [`TIMEOUT`]).
pub fn detect_light() -> Option<bool> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return None;
    }
    let mut options = QueryOptions::default();
    options.timeout = TIMEOUT;
    terminal_colorsaurus::theme_mode(options)
        .ok()
        .map(|mode| mode == ThemeMode::Light)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_asks_when_output_is_not_a_terminal() {
        // The test harness captures stdout: not a terminal, so nothing is written or waited for.
        use std::io::IsTerminal;
        if !std::io::stdout().is_terminal() {
            assert_eq!(detect_light(), None);
        }
    }
}
