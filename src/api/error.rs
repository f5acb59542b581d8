//! The one error type of the client. Each variant reads as one sentence a user can act on, and
//! [`ApiError::retry_safe`] says whether trying again could do harm (a write that may already
//! have happened is never "safe").
//!
//! Server text in these errors (messages, body snippets) is untrusted: [`clean_server_text`]
//! strips control characters (no escape sequence reaches a terminal) and shortens it.

use std::time::Duration;

use thiserror::Error;

use crate::model::failure::{FailureKind, LoadError, WriteError};

#[derive(Debug, Clone, PartialEq, Error)]
pub enum ApiError {
    /// The server refused the token (v3: HTTP 200 + code 1001; guide: 401). `fix` says what
    /// helps, naming where the token came from when the command line knows
    /// ([`crate::api::ClientConfig::token_fix`]).
    #[error("the API token was refused ({message}); {fix}")]
    Auth { message: String, fix: String },

    /// 403: the token's user may not do this.
    #[error("the server refused access ({message}); the token's user lacks the permission")]
    Forbidden { message: String },

    /// The record does not exist (404, an array instead of the record, or another id).
    #[error("{what} was not found on the server")]
    NotFound { what: String },

    /// Someone changed the record since it was shown; nothing was written.
    #[error(
        "{what} was changed on the server since it was shown (then {seen}, now {now}); nothing was written, reload and review"
    )]
    Conflict {
        what: String,
        seen: String,
        now: String,
    },

    /// 429 even after waiting as told, too many times.
    #[error(
        "the server kept answering \"rate limit exceeded\" ({attempts} times); wait a minute and retry"
    )]
    RateLimited { attempts: u32 },

    /// The server asked for a longer wait than this run is willing to take.
    #[error(
        "the server asked to wait {} s before the next request (Retry-After), longer than the {} s this run waits (max_wait in the config, or --max-wait SECS); stopped, nothing more was sent: run again later",
        asked.as_secs(),
        max.as_secs()
    )]
    WaitTooLong { asked: Duration, max: Duration },

    /// A redirect to another host: refused, so the token never follows it.
    #[error(
        "the server redirected the request to another host, refused so the token does not travel there ({detail}); check the base URL"
    )]
    Redirected { detail: String },

    /// 5xx after the bounded retries.
    #[error("the server failed with HTTP {status} ({message}); try again later")]
    Server { status: u16, message: String },

    /// No answer within the request timeout.
    #[error("the server did not answer within {0:?}")]
    Timeout(Duration),

    /// The connection failed or broke.
    #[error("could not talk to the server: {0}")]
    Connection(String),

    /// Nothing answers at the address: the connection was refused, or the host name does not
    /// resolve. Not retried: waiting does not make a wrong address right.
    #[error(
        "could not connect to {address}: {cause}; check the base URL, and that the server runs"
    )]
    Unreachable { address: String, cause: String },

    /// A 2xx answer that is an HTML page (a login page, a portal, a web site): the base URL
    /// points somewhere that is not the API. Not retried.
    #[error(
        "not the ProofHub API: {address} answered with an HTML page ({page:?}); check the base URL"
    )]
    NotTheApi { address: String, page: String },

    /// An answer that is not what the API sends: HTML, truncated or malformed JSON, a wrong shape.
    #[error("the server sent {what} instead of the expected answer: {snippet:?}")]
    BadResponse { what: String, snippet: String },

    /// The server said no with a reason: 200-with-error bodies, 400/409/415/422.
    #[error("the server refused the request (HTTP {status}{}): {message}", code.map(|c| format!(", code {c}")).unwrap_or_default())]
    Refused {
        status: u16,
        code: Option<i64>,
        message: String,
    },

    /// A list did not page: a page repeated records already seen.
    #[error(
        "the server ignored the paging parameters of {path} (page {page} repeated records already read); loading stopped instead of looping"
    )]
    Paging { path: String, page: u32 },

    /// The server sent more than a cap allows (a body, pages, people or projects).
    #[error(
        "the server sent more than the {cap} cap of {} allows; loading stopped (if the account really is this large, raise `{}` in the config file's [limits] table)",
        super::limits::shown(*cap, *limit),
        cap.key()
    )]
    OverCap { cap: super::limits::Cap, limit: u64 },

    /// `http://` to a host that is not this machine.
    #[error(
        "refusing plain http to {url}: the token would travel unencrypted (use https; http is allowed only for 127.0.0.1/localhost)"
    )]
    InsecureUrl { url: String },

    /// A base URL that is not a URL.
    #[error("{url:?} is not a usable base URL: {reason}")]
    InvalidUrl { url: String, reason: String },

    /// The write was accepted but reading back shows it did not take effect.
    #[error("the server accepted the change but reading it back shows {what}")]
    NotApplied { what: String },

    /// The write failed in a way that leaves open whether it happened.
    #[error(
        "{what}: it is unknown whether the change reached the server ({cause}); reload before trying again"
    )]
    Uncertain { what: String, cause: String },

    /// The request makes no sense for this account's API profile or data.
    #[error("{0}")]
    Unsupported(String),

    /// The caller cancelled.
    #[error("cancelled")]
    Cancelled,

    /// The HTTP client could not be built.
    #[error("could not set up the HTTP client: {0}")]
    Setup(String),
}

/// What a refused token's message advises when nobody said where the token came from.
pub const TOKEN_FIX: &str = "check it, or log in again";

impl ApiError {
    /// `Ok` while `count` is within `cap`, set at `limit`; else [`ApiError::OverCap`].
    pub fn over_cap(cap: super::limits::Cap, count: u64, limit: u64) -> Result<(), ApiError> {
        if count > limit {
            Err(ApiError::OverCap { cap, limit })
        } else {
            Ok(())
        }
    }

    /// A refused token, with the default advice.
    pub fn auth(message: String) -> ApiError {
        ApiError::Auth {
            message,
            fix: TOKEN_FIX.into(),
        }
    }

    /// What kind of failure this is, for layers that must not see the client's own type.
    pub fn kind(&self) -> FailureKind {
        match self {
            ApiError::Auth { .. } => FailureKind::TokenRefused,
            ApiError::Forbidden { .. } => FailureKind::Forbidden,
            ApiError::Timeout(_) | ApiError::Connection(_) | ApiError::Unreachable { .. } => {
                FailureKind::Network
            }
            ApiError::Server { .. } => FailureKind::Server,
            ApiError::RateLimited { .. } | ApiError::WaitTooLong { .. } => FailureKind::RateLimited,
            ApiError::BadResponse { .. }
            | ApiError::Paging { .. }
            | ApiError::OverCap { .. }
            | ApiError::Redirected { .. } => FailureKind::BadResponse,
            ApiError::NotFound { .. } => FailureKind::NotFound,
            ApiError::Conflict { .. } => FailureKind::Conflict,
            ApiError::Refused { .. } | ApiError::NotApplied { .. } | ApiError::Uncertain { .. } => {
                FailureKind::Refused
            }
            ApiError::Cancelled => FailureKind::Cancelled,
            ApiError::InsecureUrl { .. }
            | ApiError::InvalidUrl { .. }
            | ApiError::NotTheApi { .. }
            | ApiError::Unsupported(_)
            | ApiError::Setup(_) => FailureKind::Setup,
        }
    }

    /// The neutral form of this error: its kind and its sentence.
    pub fn to_load_error(&self) -> LoadError {
        LoadError::new(self.kind(), self.to_string())
    }

    /// The neutral form of this error as a write's failure: kind, sentence, and whether trying
    /// again is safe.
    pub fn to_write_error(&self) -> WriteError {
        WriteError {
            kind: self.kind(),
            message: self.to_string(),
            retry_safe: self.retry_safe(),
        }
    }

    /// Whether repeating the same call cannot do harm: reads, writes that provably did not
    /// apply, and conditions that pass (rate limit, 5xx, timeouts) before anything was written.
    pub fn retry_safe(&self) -> bool {
        match self {
            ApiError::RateLimited { .. }
            | ApiError::Server { .. }
            | ApiError::Timeout(_)
            | ApiError::Connection(_)
            | ApiError::Unreachable { .. }
            | ApiError::BadResponse { .. }
            | ApiError::Paging { .. }
            | ApiError::NotApplied { .. }
            | ApiError::Cancelled => true,
            ApiError::Auth { .. }
            | ApiError::Forbidden { .. }
            | ApiError::NotFound { .. }
            | ApiError::Conflict { .. }
            | ApiError::Refused { .. }
            | ApiError::WaitTooLong { .. }
            | ApiError::OverCap { .. }
            | ApiError::Redirected { .. }
            | ApiError::InsecureUrl { .. }
            | ApiError::InvalidUrl { .. }
            | ApiError::NotTheApi { .. }
            | ApiError::Uncertain { .. }
            | ApiError::Unsupported(_)
            | ApiError::Setup(_) => false,
        }
    }

    /// Whether the condition is passing (worth an automatic retry of a read).
    pub(crate) fn transient(&self) -> bool {
        matches!(
            self,
            ApiError::RateLimited { .. }
                | ApiError::Server { .. }
                | ApiError::Timeout(_)
                | ApiError::Connection(_)
                | ApiError::BadResponse { .. }
        )
    }
}

/// Server text made safe to show: control characters (escape sequences included) replaced,
/// whitespace runs collapsed, at most 160 characters, bidi and zero-width characters in the
/// console's terminal form ([`crate::model::sanitize::display`]).
pub fn clean_server_text(text: &str) -> String {
    const MAX: usize = 160;
    let mut out = String::new();
    let mut last_space = false;
    for c in text.chars() {
        let c = if c.is_control() || c.is_whitespace() {
            ' '
        } else {
            c
        };
        if c == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        if out.chars().count() >= MAX {
            out.push('…');
            break;
        }
        out.push(c);
    }
    crate::model::sanitize::display(out.trim()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_text_loses_bidi_overrides() {
        let cleaned = clean_server_text("invalid \u{202e}moc.live");
        assert!(!cleaned.contains('\u{202e}'), "{cleaned:?}");
        assert!(cleaned.contains("\\u{202e}"), "{cleaned:?}");
    }

    #[test]
    fn server_text_loses_escape_sequences_and_length() {
        let cleaned = clean_server_text("\u{1b}[31mred\u{1b}[0m\n\n  body\u{7}");
        assert!(!cleaned.chars().any(char::is_control), "{cleaned:?}");
        assert_eq!(cleaned, "[31mred [0m body");
        let long = "x".repeat(1000);
        assert!(clean_server_text(&long).chars().count() <= 161);
    }

    #[test]
    fn a_write_that_may_have_happened_is_never_retry_safe() {
        let e = ApiError::Uncertain {
            what: "invite a@b.c".into(),
            cause: "timeout".into(),
        };
        assert!(!e.retry_safe());
        assert!(e.to_string().contains("unknown whether"));
        assert!(ApiError::RateLimited { attempts: 3 }.retry_safe());
    }
}
