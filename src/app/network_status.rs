//! What the network is doing, as the status line says it: the request budget (used and left
//! in the window), and the latest trouble a load is waiting through (a retry with its cause and
//! count, a wait the server asked for, or a wait for our own pacing budget). The console's services turn the client's reports into
//! [`NetEvent`]s; the core keeps the latest in [`NetworkStatus`].

use std::time::Duration;

pub use crate::model::net_event::NetEvent;

/// The request budget: requests used in the current window, the limit, the window, and while
/// the budget is spent, how long until the client's own pacing lets the next request go (whole
/// seconds, so the once-a-second report changes only when the shown number does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub used: u32,
    pub limit: u32,
    pub window: Duration,
    pub wait: Option<Duration>,
}

impl Budget {
    /// "18/25 req used (7 left) per 10 s"
    pub fn text(&self) -> String {
        format!(
            "{}/{} req used ({} left) per {} s",
            self.used,
            self.limit,
            self.limit.saturating_sub(self.used),
            // "10", or "0.2" for a window shorter than a second
            self.window.as_secs_f64()
        )
    }
}

/// Whole seconds, to the nearest (a slot held a window plus the pacing margin says "1 s" for
/// a 1 s window, not "2 s"), and at least 1.
fn secs(d: Duration) -> u64 {
    (d.as_secs_f64().round() as u64).max(1)
}

impl NetEvent {
    /// "server answered 502 (Bad Gateway), try 3 of 8, next in 4 s"; `None` when all is well.
    pub fn text(&self) -> Option<String> {
        match self {
            NetEvent::Retrying {
                cause,
                attempt,
                max,
                next_in,
            } => Some(format!(
                "{cause}, try {attempt} of {max}, next in {} s",
                secs(*next_in)
            )),
            NetEvent::RateLimited { wait, count } => Some(format!(
                "waiting {} s for the rate limit (the server answered 429{})",
                secs(*wait),
                if *count > 1 {
                    format!(", {count} times")
                } else {
                    String::new()
                }
            )),
            NetEvent::Recovered => None,
        }
    }
}

/// The budget as last reported, and the latest trouble of the running load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkStatus {
    pub budget: Option<Budget>,
    pub note: Option<NetEvent>,
}

impl NetworkStatus {
    /// Records a report; `Recovered` clears the trouble.
    pub fn note(&mut self, note: NetEvent) {
        self.note = match note {
            NetEvent::Recovered => None,
            other => Some(other),
        };
    }

    /// What the status line says about trouble, if any: the client's report first (a 429 or a
    /// retry), else a wait for our own pacing budget.
    pub fn trouble(&self) -> Option<String> {
        self.note.as_ref().and_then(NetEvent::text).or_else(|| {
            let wait = self.budget?.wait?;
            Some(format!(
                "waiting {} s for the rate limit (our budget is spent)",
                secs(wait)
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_read_as_the_status_line_says_them() {
        let retry = NetEvent::Retrying {
            cause: "server answered 502 (Bad Gateway)".into(),
            attempt: 3,
            max: 8,
            next_in: Duration::from_millis(3500),
        };
        assert_eq!(
            retry.text().as_deref(),
            Some("server answered 502 (Bad Gateway), try 3 of 8, next in 4 s")
        );
        let mut status = NetworkStatus::default();
        status.note(NetEvent::RateLimited {
            wait: Duration::from_secs(7),
            count: 1,
        });
        assert_eq!(
            status.trouble().as_deref(),
            Some("waiting 7 s for the rate limit (the server answered 429)")
        );
        status.note(NetEvent::Recovered);
        assert_eq!(status.trouble(), None);
        let b = Budget {
            used: 18,
            limit: 25,
            window: Duration::from_secs(10),
            wait: None,
        };
        assert_eq!(b.text(), "18/25 req used (7 left) per 10 s");
    }

    #[test]
    fn a_spent_budget_reads_as_a_wait_unless_the_server_said_more() {
        let mut status = NetworkStatus {
            budget: Some(Budget {
                used: 25,
                limit: 25,
                window: Duration::from_secs(10),
                wait: Some(Duration::from_secs(4)),
            }),
            note: None,
        };
        assert_eq!(
            status.trouble().as_deref(),
            Some("waiting 4 s for the rate limit (our budget is spent)")
        );
        status.note(NetEvent::RateLimited {
            wait: Duration::from_secs(7),
            count: 2,
        });
        assert_eq!(
            status.trouble().as_deref(),
            Some("waiting 7 s for the rate limit (the server answered 429, 2 times)")
        );
    }
}
