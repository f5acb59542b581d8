//! What the client is doing on the network that a user would otherwise wait through in
//! silence: a retry (its cause and count, when the next try goes), a wait the server asked for
//! with a 429, and the end of such trouble. The retry loop ([`super::client`]) sends these on a
//! broadcast channel; whoever shows them subscribes with [`super::Client::net_events`] (the
//! console turns them into status-line messages). Nothing here draws.

use super::error::ApiError;

pub use crate::model::net_event::NetEvent;

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
