//! How a subcommand fails: a one-line message that says what to do, and the exit code
//! (0 ok, 1 failure, 2 usage).

use thiserror::Error;

#[derive(Debug, Error)]
pub enum CommandError {
    /// Wrong usage: a bad flag value, a missing setting the user must supply.
    #[error("{0}")]
    Usage(String),
    /// Anything else that went wrong.
    #[error("{0}")]
    Failed(String),
}

impl CommandError {
    pub fn code(&self) -> i32 {
        match self {
            CommandError::Usage(_) => 2,
            CommandError::Failed(_) => 1,
        }
    }
}
