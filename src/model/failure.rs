//! Why something the console asked for failed, in a form every layer may hold: a
//! [`FailureKind`] the core can act on (a refused token is not a network failure) and the one
//! line a user reads. A load (or a read of the journal) fails with a [`LoadError`]; a write with
//! a [`WriteError`], which also says whether trying again can do harm. The client maps its
//! `ApiError` onto both (`ApiError::kind`, `to_load_error`, `to_write_error`); a journal that
//! cannot be read or written is [`FailureKind::LocalFile`].

use std::fmt;

/// What kind of failure, as far as what to do next differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The server refused the token: log in again.
    TokenRefused,
    /// The token's user may not do this.
    Forbidden,
    /// No connection, a broken one, or no answer in time.
    Network,
    /// The server failed (5xx) after the retries.
    Server,
    /// The server kept answering "rate limit exceeded".
    RateLimited,
    /// An answer that is not what the API sends, or a list that does not page.
    BadResponse,
    /// The record is not on the server (any more).
    NotFound,
    /// The record changed on the server since it was shown.
    Conflict,
    /// The server said no with a reason, or a write did not take.
    Refused,
    /// It was stopped (a reload or quit superseded it).
    Cancelled,
    /// A file on this machine (the journal) could not be read or written.
    LocalFile,
    /// The settings: a base URL, the HTTP client's set-up, a request the profile cannot make,
    /// a console that cannot write.
    Setup,
}

/// A load, or a read of the journal, that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub kind: FailureKind,
    /// One sentence for the user (server text in it is already cleaned).
    pub message: String,
}

impl LoadError {
    pub fn new(kind: FailureKind, message: impl Into<String>) -> LoadError {
        LoadError {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A write that failed, with nothing of it applied as far as is known (a write whose outcome is
/// unknown is not this: the console reloads for those).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError {
    pub kind: FailureKind,
    /// One sentence for the user (server text in it is already cleaned).
    pub message: String,
    /// Trying the same write again cannot do harm (it provably did not apply, and the cause
    /// passes: a rate limit, a 5xx, a timeout).
    pub retry_safe: bool,
}

impl WriteError {
    /// A failure that trying again would not cure, or might make worse.
    pub fn new(kind: FailureKind, message: impl Into<String>) -> WriteError {
        WriteError {
            kind,
            message: message.into(),
            retry_safe: false,
        }
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
