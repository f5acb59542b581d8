//! Progress on long headless work (`export`, `sync plan`, `sync apply`): one indicatif line on
//! stderr with done/total where known, the time left from the pacer, and "waiting 7 s for the
//! rate limit" while the pacer or a 429 holds the next request back.
//!
//! The line is drawn only when stderr is a terminal and `--quiet` is not given; otherwise the
//! draw target is hidden and nothing reaches stderr. The wording lives in the pure functions
//! here (unit-tested); the drawing is indicatif's. api/ only reports numbers.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::api::{LoadProgress, LoadStage, PacingSnapshot};

/// Whether progress and chatter may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Show {
    /// Progress on a terminal stderr, chatter always (the default).
    #[default]
    Normal,
    /// `--quiet`: no progress, no chatter; errors still reach stderr.
    Quiet,
}

impl Show {
    pub fn from_quiet(quiet: bool) -> Self {
        if quiet { Show::Quiet } else { Show::Normal }
    }

    pub fn quiet(self) -> bool {
        self == Show::Quiet
    }
}

/// The progress line: drawn on a terminal stderr, hidden (draws nothing) otherwise.
pub struct Line {
    bar: ProgressBar,
}

impl Line {
    pub fn new(show: Show) -> Self {
        let target = if show == Show::Normal && std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(
            ProgressStyle::with_template("{msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(250));
        Line { bar }
    }

    pub fn set(&self, text: String) {
        self.bar.set_message(text);
    }

    /// Prints a whole line above the progress line (or plainly when it is hidden).
    pub fn println(&self, text: &str) {
        if self.bar.is_hidden() {
            eprintln!("{text}");
        } else {
            self.bar.suspend(|| eprintln!("{text}"));
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// How long the pacer or a 429 holds the next request back, when that is a noticeable wait.
pub fn wait_of(p: &PacingSnapshot) -> Option<Duration> {
    p.blocked_for
        .or(Some(p.next_free_in))
        .filter(|d| *d >= Duration::from_secs(1))
}

/// "waiting 7 s for the rate limit".
pub fn waiting(wait: Duration) -> String {
    format!("waiting {} s for the rate limit", secs(wait))
}

fn secs(d: Duration) -> u64 {
    d.as_secs_f64().ceil().max(1.0) as u64
}

fn stage_name(s: LoadStage) -> &'static str {
    match s {
        LoadStage::People => "people",
        LoadStage::Projects => "projects",
        LoadStage::Roles => "roles",
        LoadStage::Groups => "groups",
        LoadStage::Members => "project members",
        LoadStage::Done => "done",
    }
}

/// "loading people: 200/800 (25 requests, about 12 s left)", with "; waiting 7 s for the rate
/// limit" while held back; an unknown total shows the lower bound as "200/800+".
pub fn load_line(p: &LoadProgress, wait: Option<Duration>) -> String {
    let count = match (p.total, p.at_least) {
        (Some(t), _) => format!("{}/{t}", p.done),
        (None, Some(l)) if l > p.done => format!("{}/{l}+", p.done),
        _ => p.done.to_string(),
    };
    let eta = p
        .eta
        .filter(|e| !e.is_zero())
        .map(|e| format!(", about {} s left", secs(e)))
        .unwrap_or_default();
    let mut line = format!(
        "loading {}: {count} ({} requests{eta})",
        stage_name(p.stage),
        p.requests
    );
    if let Some(w) = wait {
        line.push_str("; ");
        line.push_str(&waiting(w));
    }
    line
}

/// "applying: 3/10 items (about 8 s left)", with the rate-limit wait as in [`load_line`].
pub fn apply_line(
    done: usize,
    total: usize,
    left: Option<Duration>,
    wait: Option<Duration>,
) -> String {
    let eta = left
        .filter(|e| !e.is_zero())
        .map(|e| format!(" (about {} s left)", secs(e)))
        .unwrap_or_default();
    let mut line = format!("applying: {done}/{total} items{eta}");
    if let Some(w) = wait {
        line.push_str("; ");
        line.push_str(&waiting(w));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(total: Option<usize>, at_least: Option<usize>, eta: Option<u64>) -> LoadProgress {
        LoadProgress {
            stage: LoadStage::People,
            done: 200,
            total,
            at_least,
            requests: 25,
            eta: eta.map(Duration::from_secs),
        }
    }

    #[test]
    fn load_line_shows_done_total_and_time_left() {
        assert_eq!(
            load_line(&progress(Some(800), None, Some(12)), None),
            "loading people: 200/800 (25 requests, about 12 s left)"
        );
    }

    #[test]
    fn load_line_shows_the_lower_bound_while_the_total_is_unknown() {
        assert_eq!(
            load_line(&progress(None, Some(800), None), None),
            "loading people: 200/800+ (25 requests)"
        );
        assert_eq!(
            load_line(&progress(None, None, None), None),
            "loading people: 200 (25 requests)"
        );
    }

    #[test]
    fn a_wait_says_how_long_for_the_rate_limit() {
        assert_eq!(
            load_line(
                &progress(Some(800), None, None),
                Some(Duration::from_millis(6200))
            ),
            "loading people: 200/800 (25 requests); waiting 7 s for the rate limit"
        );
        assert_eq!(
            apply_line(3, 10, Some(Duration::from_secs(8)), None),
            "applying: 3/10 items (about 8 s left)"
        );
        assert_eq!(
            apply_line(3, 10, None, Some(Duration::from_secs(7))),
            "applying: 3/10 items; waiting 7 s for the rate limit"
        );
    }

    #[test]
    fn short_pacer_gaps_are_not_called_waits() {
        let snap = |next: u64, blocked: Option<u64>| PacingSnapshot {
            used: 5,
            limit: 5,
            window: Duration::from_secs(10),
            in_flight: 0,
            waiting_interactive: 0,
            next_free_in: Duration::from_millis(next),
            blocked_for: blocked.map(Duration::from_millis),
            sent: 5,
            rate_limited: 0,
        };
        assert_eq!(wait_of(&snap(300, None)), None);
        assert_eq!(wait_of(&snap(7000, None)), Some(Duration::from_secs(7)));
        assert_eq!(wait_of(&snap(0, Some(9000))), Some(Duration::from_secs(9)));
    }
}
