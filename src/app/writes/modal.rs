//! What the state holds of writes: the open write modal ([`WriteModal`], on the modal stack)
//! and the writes sent and not answered yet ([`WriteState`]). Types only; the flow that opens,
//! steps and closes them is in [`super`].

use super::edit::{ConflictView, EditForm, Review};
use super::invite::InviteForm;
use super::job::{WriteId, WriteJob};
use super::members::{ConfirmRemove, Picker};
use super::offboard::{Button, OffboardReview, TypedEmail};
use super::recreate::{ConfirmRecreate, TombstoneList};

/// One write modal (on the state's modal stack as `Modal::Write`).
#[derive(Debug, Clone)]
pub enum WriteModal {
    Edit(EditForm),
    Review(Review),
    Conflict(ConflictView),
    Invite(InviteForm),
    Picker(Picker),
    ConfirmRemove(ConfirmRemove),
    Offboard(OffboardReview),
    TypedEmail(TypedEmail),
    Tombstones(TombstoneList),
    ConfirmRecreate(ConfirmRecreate),
    /// "A write is in flight; quit anyway?"
    ConfirmQuit(Button),
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
}

impl WriteState {
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
