//! How a subcommand fails: a one-line message that says what to do, and an exit code that says
//! what kind of failure it was, the same in every subcommand ([`CODES`] is the table `--help`
//! and the README show):
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | everything asked for happened |
//! | 1 | failure (anything below does not cover; for `sync apply`: items a re-run retries) |
//! | 2 | usage: a bad flag, setting or config; nothing was sent |
//! | 3 | partly done: the rest needs the admin (`sync apply` items skipped for drift) |
//! | 4 | no token, or the account refused it: log in again |
//! | 5 | the server could not be reached (connection, timeout) |
//! | 6 | the delete fuse tripped: nothing was applied |
//! | 7 | `changes`: no stored snapshot to compare with (one was saved now, unless `--dry-run`) |

use thiserror::Error;

use crate::model::failure::FailureKind;

/// Every exit code and what it means, in the words `--help` and the README use.
pub const CODES: &[(i32, &str)] = &[
    (0, "everything asked for happened"),
    (
        1,
        "failure (for `sync apply`: items the same apply retries)",
    ),
    (2, "usage: a bad flag, setting or config; nothing was sent"),
    (3, "partly done; the rest needs you (`sync apply`: drift)"),
    (4, "no token, or the account refused it: log in again"),
    (5, "the server could not be reached"),
    (6, "the delete fuse tripped: nothing was applied"),
    (7, "`changes`: no snapshot to compare with (one saved now)"),
];

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
    /// No token to use, or the server refused the one given.
    #[error("{0}")]
    TokenRefused(String),
    /// No connection, a broken one, or no answer in time.
    #[error("{0}")]
    Unreachable(String),
    /// More deletes than the fuse allows, and no override: nothing was written.
    #[error("{0}")]
    FuseTripped(String),
    /// `changes` found no usable snapshot to compare with (it saved one, unless `--dry-run`).
    #[error("{0}")]
    NoSnapshot(String),
}

impl CommandError {
    pub fn code(&self) -> i32 {
        match self {
            CommandError::Failed(_) => 1,
            CommandError::Usage(_) => 2,
            CommandError::NeedsAdmin(_) => 3,
            CommandError::TokenRefused(_) => 4,
            CommandError::Unreachable(_) => 5,
            CommandError::FuseTripped(_) => 6,
            CommandError::NoSnapshot(_) => 7,
        }
    }

    /// A failure of the client or a load, kept as its kind: a refused token and an unreachable
    /// server have codes of their own, the rest are failures.
    pub fn from_failure(kind: FailureKind, message: String) -> CommandError {
        match kind {
            FailureKind::TokenRefused => CommandError::TokenRefused(message),
            FailureKind::Network => CommandError::Unreachable(message),
            FailureKind::Forbidden
            | FailureKind::Setup
            | FailureKind::Server
            | FailureKind::RateLimited
            | FailureKind::BadResponse
            | FailureKind::Refused
            | FailureKind::NotFound
            | FailureKind::Conflict
            | FailureKind::Cancelled
            | FailureKind::LocalFile => CommandError::Failed(message),
        }
    }

    /// The same kind of error with `prefix` before its sentence.
    pub fn prefixed(self, prefix: &str) -> CommandError {
        let wrap = |m: String| format!("{prefix}{m}");
        match self {
            CommandError::Usage(m) => CommandError::Usage(wrap(m)),
            CommandError::Failed(m) => CommandError::Failed(wrap(m)),
            CommandError::NeedsAdmin(m) => CommandError::NeedsAdmin(wrap(m)),
            CommandError::TokenRefused(m) => CommandError::TokenRefused(wrap(m)),
            CommandError::Unreachable(m) => CommandError::Unreachable(wrap(m)),
            CommandError::FuseTripped(m) => CommandError::FuseTripped(wrap(m)),
            CommandError::NoSnapshot(m) => CommandError::NoSnapshot(wrap(m)),
        }
    }
}

/// The exit-code table as `--help` shows it.
pub fn help_table() -> String {
    CODES
        .iter()
        .map(|(code, text)| format!("  {code}  {text}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_kind_has_a_code_in_the_table() {
        let all = [
            CommandError::Usage(String::new()),
            CommandError::Failed(String::new()),
            CommandError::NeedsAdmin(String::new()),
            CommandError::TokenRefused(String::new()),
            CommandError::Unreachable(String::new()),
            CommandError::FuseTripped(String::new()),
            CommandError::NoSnapshot(String::new()),
        ];
        let mut codes: Vec<i32> = all.iter().map(CommandError::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "codes are distinct");
        for c in codes {
            assert!(CODES.iter().any(|(n, _)| *n == c), "{c} is documented");
        }
    }
}
