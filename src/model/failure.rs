//! Why something the console asked for failed, in a form every layer may hold: a
//! [`FailureKind`] the core can act on (a refused token is not a network failure) and the one
//! line a user reads. The client maps its `ApiError` onto it (`ApiError::kind`); a journal that
//! cannot be read is [`FailureKind::LocalFile`].

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
    /// The server said no: a reason given, a record not there, or changed meanwhile.
    Refused,
    /// It was stopped (a reload or quit superseded it).
    Cancelled,
    /// A file on this machine (the journal) could not be read or written.
    LocalFile,
    /// The settings: a base URL, the HTTP client's set-up, a request the profile cannot make.
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
