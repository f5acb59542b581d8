//! Every input the core reacts to, as one enum: terminal events, keymap commands and the
//! answers of effects run elsewhere (loading, clipboard).

use std::time::Duration;

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use crate::model::account::{Account, Group, Person, PersonId, Project, ProjectId, Role};
use crate::model::failure::LoadError;
use crate::model::handover::{AccountRest, Loaded};
use crate::model::profile::Profile;

use super::keymap::Command;
use super::writes::job::WriteDone;

#[derive(Debug, Clone)]
pub enum Action {
    /// The console starts: the first load is asked for.
    Start,
    /// A key from the terminal; the keymap turns it into a [`Command`] for the focused context.
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste): goes to the focused input, if any.
    Paste(String),
    /// The terminal's new size.
    Resize { width: u16, height: u16 },
    /// The wall clock, sent by the runtime with input so relative times stay true; never a
    /// reason to redraw by itself unless what is shown changes.
    Clock(DateTime<Utc>),
    /// A command, as the keymap produces it (tests may send these directly).
    Command(Command),
    /// Part of a load arrived. `generation` tells stale answers of a cancelled load apart.
    Loaded { generation: u64, event: LoadMsg },
    /// A load finished: the whole account as loaded, or why it failed.
    LoadDone {
        generation: u64,
        result: Result<Account, LoadError>,
    },
    /// A load whose people came only as `Loaded` pages finished: the rest of the account (the
    /// core keeps the people it was sent), or why it failed.
    LoadRest {
        generation: u64,
        result: Result<AccountRest, LoadError>,
    },
    /// The clipboard copy finished.
    CopyDone(Result<(), String>),
    /// A write finished (see [`super::writes`]).
    WriteDone(Box<WriteDone>),
    /// A click or the wheel, with what is under the pointer (only sent while the mouse is on).
    Pointer(super::mouse::Pointer),
    /// The request budget as it is now (the runtime asks for it once a second).
    Budget(Budget),
    /// The journal's tombstones, read for the recreate list.
    Tombstones(Result<Vec<crate::model::tombstone::Entry>, LoadError>),
    /// The runtime is on the account `name` now (its client is built): show it, fresh.
    AccountSwitched { name: String, read_only: bool },
    /// The account could not be switched to (no token, a bad URL); the old one stays.
    SwitchFailed { name: String, message: String },
    /// The stored snapshot's preview, read before the rest of it: shown at once (see
    /// [`super::preview`]); `SnapshotRead` follows with the whole snapshot or why it was refused.
    SnapshotPreview(Box<crate::model::snapshot::Preview>),
    /// The stored snapshot: none, one, or why it was refused (tampered, another account's...).
    SnapshotRead(Result<Option<Box<crate::model::snapshot::Snapshot>>, String>),
    /// The snapshot was saved, or why not.
    SnapshotSaved(Result<(), String>),
    /// The access review was written (where, how many rows), or why not.
    AccessReviewDone(Result<FileWritten, String>),
    /// The marked people were exported to a file (where, how many rows), or why not.
    MarkedExported(Result<FileWritten, String>),
}

/// A file the console wrote: the access review (see [`super::access_review`]) or the marked
/// people's export (see [`super::writes::bulk`]): where, and how many rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileWritten {
    pub path: String,
    /// Rows below the header.
    pub rows: usize,
}

impl Action {
    /// What a finished load (a [`Loaded`], or why it failed) tells the core.
    pub fn load_finished(generation: u64, result: Result<Loaded, LoadError>) -> Action {
        match result {
            Ok(Loaded::Whole(account)) => Action::LoadDone {
                generation,
                result: Ok(account),
            },
            Ok(Loaded::Rest(rest)) => Action::LoadRest {
                generation,
                result: Ok(rest),
            },
            Err(e) => Action::LoadDone {
                generation,
                result: Err(e),
            },
        }
    }
}

/// A piece of the account as the client reports it while loading; data is usable as it arrives.
#[derive(Debug, Clone)]
pub enum LoadMsg {
    Profile(Profile),
    Roles(Vec<Role>),
    Groups(Vec<Group>),
    /// A batch of people (added or replacing the ones with the same id).
    People(Vec<Person>),
    /// A batch of projects (added or replacing the ones with the same id).
    Projects(Vec<Project>),
    /// One project's whole member list, with project roles where the profile has them.
    Members {
        project: ProjectId,
        members: Vec<(PersonId, Option<String>)>,
    },
    Progress(Progress),
    /// The client retries or waits (see [`super::network_status`]).
    Net(NetEvent),
}

/// How far a load is, for the status line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Progress {
    /// What is loading now: "people", "projects", "members"...
    pub stage: String,
    pub done: u64,
    pub total: Option<u64>,
    /// While the total is unknown, how many there are at least.
    pub at_least: Option<u64>,
    /// The request budget: requests used in the current window, the limit, the window.
    pub budget: Option<Budget>,
    /// About how long the rest will take.
    pub eta: Option<Duration>,
}

pub use super::network_status::{Budget, NetEvent};
