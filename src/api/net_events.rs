//! What the client is doing on the network that a user would otherwise wait through in
//! silence: a retry (its cause and count, when the next try goes), a wait the server asked for
//! with a 429, and the end of such trouble. The retry loop ([`super::client`]) sends these on a
//! broadcast channel; whoever shows them subscribes with [`super::Client::net_events`] (the
//! console turns them into status-line messages). Nothing here draws.

use std::time::Duration;

use super::error::ApiError;

/// One thing the retry loop did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetEvent {
    /// A request failed in a way that passes and is tried again: `attempt` is the try about to
    /// be made, of at most `max`, after `next_in`.
    Retrying {
        cause: String,
        attempt: u32,
        max: u32,
        next_in: Duration,
    },
    /// The server answered 429 ("rate limit exceeded"): waiting `wait` as it asked, the
    /// `count`th time for this request.
    RateLimited { wait: Duration, count: u32 },
    /// A request went through after retries or waits.
    Recovered,
}

/// How many events a slow reader may fall behind before it misses some (it then only misses
/// old ones: the latest is what matters).
pub(crate) const BACKLOG: usize = 64;

/// A retry's cause, short enough for a status line: "server answered 502 (Bad Gateway)".
pub(crate) fn cause(e: &ApiError) -> String {
    let short = |t: &str| {
        let mut s: String = t.chars().take(40).collect();
        if t.chars().count() > 40 {
            s.push('…');
        }
        s
    };
    match e {
        ApiError::Server { status, message } => {
            format!("server answered {status} ({})", short(message))
        }
        ApiError::Timeout(d) => format!("no answer within {} s", d.as_secs()),
        ApiError::Connection(_) => "the connection broke".into(),
        ApiError::BadResponse { what, .. } => format!("server sent {}", short(what)),
        ApiError::Refused { status, .. } => {
            format!("server answered {status} with an error body")
        }
        other => short(&other.to_string()),
    }
}
