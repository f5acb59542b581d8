//! The flags of `changes` and `watch` (#13 items 4 and 5), kept beside [`super::args`] so the
//! two commands' definitions live together.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::args::Target;

/// How `changes` prints the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChangesFormat {
    /// One readable line per change, after a summary line.
    Text,
    /// One JSON object per line per change (the schema `watch` prints; README).
    Json,
    /// A header row, then one row per change.
    Csv,
}

#[derive(Debug, Clone, Args)]
pub struct ChangesArgs {
    /// Two `export --format json` files to compare instead (before, then after): no account is
    /// read and no snapshot is saved.
    #[arg(value_name = "FILE", num_args = 0..=2)]
    pub files: Vec<PathBuf>,
    /// How to print the changes.
    #[arg(long, value_enum, default_value_t = ChangesFormat::Text)]
    pub format: ChangesFormat,
    /// The same as `--format json`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Compare, but keep the stored snapshot as it is (the next `changes` compares with it again).
    #[arg(long)]
    pub dry_run: bool,
    /// No progress line and no notes on stderr; errors still show.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub target: Target,
}

impl ChangesArgs {
    /// The format asked for, `--json` included.
    pub fn format(&self) -> ChangesFormat {
        if self.json {
            ChangesFormat::Json
        } else {
            self.format
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct WatchArgs {
    /// How often to load the account: `15m`, `1h`, `90s`, `1h30m` (1s to 30d).
    #[arg(long, value_name = "DURATION", value_parser = crate::cli::duration::parse)]
    pub every: std::time::Duration,
    /// Run this command (through `sh -c`) after each round with changes, the round's events on
    /// its standard input as JSON lines; the token is not in its environment.
    #[arg(long, value_name = "CMD")]
    pub exec: Option<String>,
    /// No progress line and no round notes on stderr; errors still show.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub target: Target,
}
