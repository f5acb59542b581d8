//! What the client is doing on the network that a user would otherwise wait through in
//! silence: a retry (its cause and count, when the next try goes), a wait the server asked for
//! with a 429, and the end of such trouble. `api` reports these ([`crate::api::Client::net_events`]);
//! the console's core shows them (`app::network_status`) and so does the headless progress line.
//! One vocabulary, so no layer translates it.

use std::time::Duration;

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
