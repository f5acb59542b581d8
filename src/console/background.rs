//! `theme = "auto"`: is the terminal's background light? Asked with the OSC 11 query
//! ("what is your background colour?"), which most terminals answer with `rgb:RRRR/GGGG/BBBB`.
//!
//! The query runs only when stdin and stdout are both terminals, in raw mode, and waits at
//! most [`TIMEOUT`] for the answer (over SSH the answer crosses the network; a terminal that
//! does not know the query never answers). No answer, or one that cannot be read, means
//! `None`: the caller falls back to dark.

use std::time::Duration;

/// How long the terminal has to answer.
pub const TIMEOUT: Duration = Duration::from_millis(200);

/// The background's relative luminance (0 black … 1 white) from an OSC 11 answer such as
/// `ESC ] 11 ; rgb:ffff/ffff/dddd BEL` (or ending in `ESC \`); each channel 1–4 hex digits.
pub fn luminance(answer: &[u8]) -> Option<f64> {
    let text = String::from_utf8_lossy(answer);
    let rgb = text.split("rgb:").nth(1)?;
    let rgb: String = rgb
        .chars()
        .take_while(|c| c.is_ascii_hexdigit() || *c == '/')
        .collect();
    let mut channels = rgb.split('/').map(|h| {
        let digits = h.len().clamp(1, 4) as u32;
        let v = u32::from_str_radix(h.get(..digits as usize)?, 16).ok()?;
        Some(f64::from(v) / f64::from((1u32 << (4 * digits)) - 1))
    });
    let (r, g, b) = (channels.next()??, channels.next()??, channels.next()??);
    Some(0.2126 * r + 0.7152 * g + 0.0722 * b)
}

/// Whether `luminance` reads as a light background.
pub fn is_light(luminance: f64) -> bool {
    luminance > 0.5
}

/// Asks the terminal; `Some(true)` for a light background, `None` when it cannot be told (not
/// a terminal, no answer within [`TIMEOUT`]).
pub fn detect_light() -> Option<bool> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return None;
    }
    query().map(is_light)
}

#[cfg(unix)]
fn query() -> Option<f64> {
    use std::io::{Read, Write};

    use rustix::event::{PollFd, PollFlags, Timespec, poll};

    let mut tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()?;
    let was_raw = crossterm::terminal::is_raw_mode_enabled().unwrap_or(false);
    if !was_raw {
        crossterm::terminal::enable_raw_mode().ok()?;
    }
    let answer = (|| {
        tty.write_all(b"\x1b]11;?\x1b\\").ok()?;
        tty.flush().ok()?;
        let deadline = std::time::Instant::now() + TIMEOUT;
        let mut got = Vec::new();
        let mut buf = [0u8; 64];
        loop {
            let left = deadline.checked_duration_since(std::time::Instant::now())?;
            let timeout = Timespec::try_from(left).ok()?;
            let mut fds = [PollFd::new(&tty, PollFlags::IN)];
            if poll(&mut fds, Some(&timeout)).ok()? == 0 {
                return None;
            }
            let n = tty.read(&mut buf).ok()?;
            if n == 0 {
                return None;
            }
            got.extend_from_slice(&buf[..n]);
            // The answer ends in BEL or ST (ESC \).
            if got.ends_with(b"\x07") || got.ends_with(b"\x1b\\") || got.len() > 256 {
                return luminance(&got);
            }
        }
    })();
    if !was_raw {
        let _ = crossterm::terminal::disable_raw_mode();
    }
    answer
}

#[cfg(not(unix))]
fn query() -> Option<f64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_as_light_or_dark() {
        let white = luminance(b"\x1b]11;rgb:ffff/ffff/ffff\x07").unwrap();
        assert!(is_light(white));
        let black = luminance(b"\x1b]11;rgb:0000/0000/0000\x1b\\").unwrap();
        assert!(!is_light(black));
        let solarized_light = luminance(b"\x1b]11;rgb:fd/f6/e3\x07").unwrap();
        assert!(is_light(solarized_light));
        let dark_grey = luminance(b"\x1b]11;rgb:2e2e/3434/3636\x07").unwrap();
        assert!(!is_light(dark_grey));
        assert_eq!(luminance(b"garbage"), None);
        assert_eq!(luminance(b"\x1b]11;rgb:zz/00/00\x07"), None);
    }

    #[test]
    fn never_asks_when_output_is_not_a_terminal() {
        // The test harness captures stdout: not a terminal, so nothing is written or waited for.
        use std::io::IsTerminal;
        if !std::io::stdout().is_terminal() {
            assert_eq!(detect_light(), None);
        }
    }
}
