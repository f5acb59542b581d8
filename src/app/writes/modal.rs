//! What the state holds of writes: the open write modal ([`WriteModal`], on the modal stack)
//! and the writes sent and not answered yet ([`WriteState`]). Types only; the flow that opens,
//! steps and closes them is in [`super`].

use super::super::keymap::{self, Binding, Context};
use super::bulk::{self, BulkConfirm, BulkMenu, BulkOffboardReview, BulkResult, BulkRun};
use super::edit::{self, ConflictView, EditForm, Review};
use super::group_members::{self, ConfirmGroupRemove};
use super::invite::{self, InviteForm};
use super::job::{WriteId, WriteJob, WriteOp};
use super::members::{self, ConfirmRemove, Picker};
use super::offboard::{self, Button, OffboardReview, TypedCount, TypedEmail};
use super::recreate::{self, ConfirmRecreate, TombstoneList};
use super::revoke::{self, ConfirmRestore, ConfirmRevoke};
use super::staged::{self, ConfirmStaged, StagedBatch};
use super::succession;
use super::suspend::{self, ConfirmSuspend};

/// One write modal (on the state's modal stack as `Modal::Write`).
#[derive(Debug, Clone)]
pub enum WriteModal {
    Edit(EditForm),
    Review(Review),
    Conflict(ConflictView),
    Invite(InviteForm),
    /// Boxed: a picker holds a whole list model, many times any other modal.
    Picker(Box<Picker>),
    ConfirmRemove(ConfirmRemove),
    Offboard(OffboardReview),
    TypedEmail(TypedEmail),
    Tombstones(TombstoneList),
    ConfirmRecreate(ConfirmRecreate),
    ConfirmSuspend(ConfirmSuspend),
    ConfirmGroupRemove(ConfirmGroupRemove),
    StagedInvites(StagedBatch),
    ConfirmStaged(Box<ConfirmStaged>),
    ConfirmRevoke(Box<ConfirmRevoke>),
    ConfirmRestore(Box<ConfirmRestore>),
    /// The bulk actions on the marked people (see [`bulk`]).
    BulkMenu(BulkMenu),
    BulkConfirm(Box<BulkConfirm>),
    BulkOffboard(BulkOffboardReview),
    TypedCount(TypedCount),
    BulkResult(BulkResult),
    /// "A write is in flight; quit anyway?" (or switch account anyway).
    ConfirmQuit(Button, Leave),
}

/// What a held leave does once confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leave {
    Quit,
    /// Switch to the configured account of this name.
    Switch(String),
}

impl WriteModal {
    /// The keymap context of the modal: its keys, hints and help.
    pub fn context(&self) -> Context {
        match self {
            WriteModal::Edit(_) => Context::EditForm,
            WriteModal::Review(_) => Context::EditReview,
            WriteModal::Conflict(_) => Context::Conflict,
            WriteModal::Invite(_) => Context::InviteForm,
            WriteModal::Picker(_) => Context::Picker,
            WriteModal::ConfirmRemove(_) => Context::ConfirmRemove,
            WriteModal::Offboard(_) => Context::OffboardReview,
            WriteModal::TypedEmail(_) => Context::TypedEmail,
            WriteModal::Tombstones(_) => Context::Tombstones,
            WriteModal::ConfirmRecreate(_) => Context::ConfirmRecreate,
            WriteModal::ConfirmSuspend(_) => Context::ConfirmSuspend,
            WriteModal::ConfirmGroupRemove(_) => Context::ConfirmGroupRemove,
            WriteModal::StagedInvites(_) => Context::StagedInvites,
            WriteModal::ConfirmStaged(_) => Context::ConfirmStaged,
            WriteModal::ConfirmRevoke(_) => Context::ConfirmRevoke,
            WriteModal::ConfirmRestore(_) => Context::ConfirmRestore,
            WriteModal::BulkMenu(_) => Context::BulkMenu,
            WriteModal::BulkConfirm(_) => Context::BulkConfirm,
            WriteModal::BulkOffboard(_) => Context::BulkOffboardReview,
            WriteModal::TypedCount(_) => Context::TypedCount,
            WriteModal::BulkResult(_) => Context::BulkResult,
            WriteModal::ConfirmQuit(..) => Context::ConfirmQuit,
        }
    }
}

/// Every write modal's keys (each modal's file holds its own), for the keymap.
pub fn bindings() -> Vec<Binding> {
    let mut b = edit::bindings();
    b.extend(invite::bindings());
    b.extend(members::bindings());
    b.extend(offboard::bindings());
    b.extend(recreate::bindings());
    b.extend(suspend::bindings());
    b.extend(group_members::bindings());
    b.extend(staged::bindings());
    b.extend(revoke::bindings());
    b.extend(bulk::bindings());
    b.extend(keymap::buttons(
        Context::ConfirmQuit,
        "press the focused button (Quit, or Switch, leaves with the write unanswered)",
        "stay",
        "stay",
        false,
    ));
    b
}

/// A write sent and not answered yet.
#[derive(Debug, Clone)]
pub struct InFlight {
    pub job: WriteJob,
    /// The edit form it came from, to show a conflict against.
    pub edit: Option<EditForm>,
}

/// The writes of this console run.
#[derive(Debug, Clone, Default)]
pub struct WriteState {
    pub next_id: WriteId,
    pub in_flight: Vec<InFlight>,
    /// The bulk actions whose writes are not all answered yet.
    pub bulk: Vec<BulkRun>,
}

impl WriteState {
    /// The hand-overs of project management in flight (the offboarding review shows them).
    pub fn hand_overs(&self) -> Vec<succession::HandingOver> {
        self.in_flight
            .iter()
            .filter_map(|f| match &f.job.op {
                WriteOp::HandOver {
                    project, from, to, ..
                } => Some(succession::HandingOver {
                    project: *project,
                    from: *from,
                    to: *to,
                }),
                _ => None,
            })
            .collect()
    }

    /// "saving Jane Doe <jane@acme.io>…" for the status line, if anything is in flight.
    pub fn in_flight_text(&self) -> Option<String> {
        let first = self.in_flight.first()?;
        let more = self.in_flight.len() - 1;
        Some(if more == 0 {
            format!("{}…", first.job.op.describe())
        } else {
            format!("{}… (+{more} more)", first.job.op.describe())
        })
    }
}
