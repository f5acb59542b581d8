//! The request log: what reached the simulator's API, in arrival order, for tests to assert on.
//!
//! Control endpoints (`/__sim/...`) are not logged. The token is never stored: only which
//! credential headers were present.

use serde::Serialize;

/// One request to `/api/v3/...` and how the simulator answered it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestRecord {
    /// 1-based arrival number; keeps counting after the log is cleared.
    pub seq: u64,
    /// Milliseconds since the simulator started.
    pub at_ms: u64,
    pub method: String,
    /// The full path, e.g. `/api/v3/people/7189443252`.
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// The status sent; 0 when the connection was dropped instead.
    pub status: u16,
    /// Answered 429 by the rate limiter or a 429 storm.
    pub rate_limited: bool,
    /// The injected fault, if any: "drop", "truncate", "html", "fail", "storm".
    pub fault: Option<String>,
    /// An `X-API-KEY` header was present.
    pub has_api_key: bool,
    /// An `Authorization: Bearer ...` header was present.
    pub has_bearer: bool,
    /// The presented credential matched the simulator's token (for this profile's header).
    pub authenticated: bool,
    pub user_agent: Option<String>,
    pub content_type: Option<String>,
    /// The request body as text (POST/PUT), cut at 64 KiB.
    pub body: Option<String>,
}
