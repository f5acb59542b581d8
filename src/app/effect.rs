//! What `update` asks the outside world to do: load (or stop loading) the account, load some
//! projects' members first, copy to the clipboard, run a write, read the journal's tombstones,
//! switch to another configured account.
//! `console::runtime` runs each one on tokio and answers with an
//! [`Action`](super::action::Action); `update` itself never waits and never does I/O.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::model::account::{Account, PersonId, ProjectId};

use super::writes::job::WriteJob;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Load the whole account in the background, reporting pieces as `Action::Loaded`
    /// and the end as `Action::LoadDone`, tagged with `generation`.
    Load { generation: u64 },
    /// Stop the load of `generation` (a reload or quit supersedes it).
    CancelLoad { generation: u64 },
    /// Load these projects' members first (what is on screen), while a load runs.
    Prioritize(Vec<ProjectId>),
    /// Put this text on the clipboard (OSC 52, so it works over SSH); answered by `CopyDone`.
    Copy(String),
    /// Run a write (journal first, then the client), answered by `WriteDone`.
    Write(Box<WriteJob>),
    /// Read the journal's tombstones, answered by `Tombstones`.
    ReadTombstones,
    /// Capture the mouse (`true`) or give it back to the terminal (`false`).
    Mouse(bool),
    /// Leave this account for the configured account of this name: the runtime builds its
    /// client (token looked up then) and answers `AccountSwitched` or `SwitchFailed`.
    SwitchAccount(String),
    /// Read this account's stored snapshot, answered by `SnapshotPreview` as soon as its
    /// preview is read (if it has one), then `SnapshotRead` (see [`super::snapshot`]).
    ReadSnapshot,
    /// Save this completely loaded account as the snapshot, answered by `SnapshotSaved`; its
    /// preview holds these people (the first rows of People's opening order, see
    /// [`super::preview`]).
    SaveSnapshot {
        account: Arc<Account>,
        taken_at: DateTime<Utc>,
        rows: Vec<PersonId>,
    },
    /// Write the access review of the account as loaded to a file, answered by
    /// `AccessReviewDone` (see [`super::access_review`]).
    AccessReview,
    /// Write these people of the account as loaded to a CSV file, answered by
    /// `MarkedExported` (the bulk menu's export, see [`super::writes::bulk`]).
    ExportMarked(Vec<PersonId>),
}
