//! The running console: the tokio [`runtime`] loop, the [`terminal`] guard, OSC 52 [`clipboard`]
//! copies, the [`services`] behind the runtime's `Loader` trait (the API client for loads, the
//! [`write_runner`] for writes, journal first), and [`switch`], which builds an account's
//! client for the start and for a switch to another configured account.
//!
//! [`open`] runs the console on a client until the user quits; `cli::console` (no subcommand) and
//! `cli::demo` call it.

pub mod access_review;
pub mod background;
pub mod clipboard;
pub mod marked_export;
pub mod runtime;
pub mod services;
pub mod switch;
pub mod terminal;
pub mod write_runner;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::Utc;
use crossterm::event::EventStream;

use crate::api::Client;
use crate::app::keymap::Command;
use crate::app::state::{ColorMode, State, Status, StatusKind};
use crate::cli::exit::CommandError;
use crate::local::config::KeySpec;
use crate::local::snapshot::SnapshotStore;
use services::ApiConsole;
use terminal::TerminalGuard;

/// The journal of this user's data directory (`proofhub-tui info` prints the same path).
pub fn journal_path() -> Result<PathBuf, CommandError> {
    crate::local::paths::Paths::discover()
        .map(|p| p.journal_file())
        .map_err(|e| CommandError::Failed(e.to_string()))
}

/// Other configured accounts the console can switch to: their picker entries and how to
/// build their clients.
pub struct Accounts {
    pub entries: Vec<crate::app::accounts::AccountEntry>,
    pub switcher: switch::Switcher,
}

/// Runs the console on `client` until the user quits; the terminal is restored however it ends.
/// Writes are journaled to `journal`; the account's snapshot is kept in `snapshot`, if given.
#[allow(clippy::too_many_arguments)]
pub async fn open(
    client: Client,
    label: String,
    read_only: bool,
    colors: ColorMode,
    mouse: bool,
    keymap: &BTreeMap<String, KeySpec>,
    journal: PathBuf,
    accounts: Option<Accounts>,
    snapshot: Option<SnapshotStore>,
) -> Result<(), CommandError> {
    let mut state = State::new(label, read_only, colors, Utc::now());
    state.mouse = mouse;
    state.snapshot.kept = snapshot.is_some();
    let console = match accounts {
        Some(a) => {
            state.accounts = a.entries;
            ApiConsole::switchable(client, journal, a.switcher)
        }
        None => ApiConsole::new(client, journal),
    }
    .with_snapshot(snapshot);
    let report = state
        .keymap
        .apply_overrides(keymap.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if !report.errors.is_empty() {
        state.status = Some(Status {
            kind: StatusKind::Error,
            text: report.errors.join("; "),
        });
    } else if !report.unknown.is_empty() {
        state.status = Some(Status {
            kind: StatusKind::Info,
            text: format!(
                "keymap: this version has no action named {} ({} lists them)",
                report.unknown.join(", "),
                state.keymap.key_of(Command::Help)
            ),
        });
    }
    let mut guard = TerminalGuard::enter()
        .map_err(|e| CommandError::Failed(format!("cannot use this terminal: {e}")))?;
    tracing::debug!("console: terminal ready");
    let result = runtime::run(
        guard.terminal(),
        state,
        Arc::new(console),
        EventStream::new(),
    )
    .await;
    drop(guard);
    result.map_err(|e| CommandError::Failed(format!("the console stopped: {e}")))
}

/// A multi-threaded tokio runtime for a command.
pub fn tokio_runtime() -> Result<tokio::runtime::Runtime, CommandError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CommandError::Failed(format!("cannot start the async runtime: {e}")))
}
