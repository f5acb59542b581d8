//! How a subcommand fails: a one-line message that says what to do, and the exit code
//! (0 ok, 1 failure, 2 usage, 3 a sync apply finished but left items the admin must act on).

use thiserror::Error;

#[derive(Debug, Error)]
pub enum CommandError {
    /// Wrong usage: a bad flag value, a missing setting the user must supply.
    #[error("{0}")]
    Usage(String),
    /// Anything else that went wrong.
    #[error("{0}")]
    Failed(String),
    /// The work ran, but some of it cannot happen until the admin acts (a sync item skipped for
    /// drift); running the same command again does not help.
    #[error("{0}")]
    NeedsAdmin(String),
}

impl CommandError {
    pub fn code(&self) -> i32 {
        match self {
            CommandError::Usage(_) => 2,
            CommandError::Failed(_) => 1,
            CommandError::NeedsAdmin(_) => 3,
        }
    }
}
