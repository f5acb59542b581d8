//! Where each project an offboarded person manages stands, for the review: still theirs, a
//! hand-over in flight, or someone else's now (see `api::succession` for the write).

use crate::model::account::{Account, PersonId, ProjectId};
use crate::model::tombstone::Tombstone;

/// A project the person manages, as the review shows it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Succession {
    /// Still managed by the person leaving.
    Needed,
    /// A hand-over to this person is in flight.
    Sending(PersonId),
    /// Someone else manages it now.
    Done(PersonId),
    /// Nobody manages it now.
    Unmanaged,
}

/// A hand-over of a project's management in flight (see `WriteState::hand_overs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandingOver {
    pub project: ProjectId,
    pub from: PersonId,
    pub to: PersonId,
}

/// Where each project the person managed stands, in the review's order; `sending`: the
/// hand-overs in flight.
pub fn successions(
    account: &Account,
    sending: &[HandingOver],
    t: &Tombstone,
) -> Vec<(ProjectId, Succession)> {
    let leaving = t.person.id();
    let managed = account.managed_by(leaving);
    t.managed_projects
        .iter()
        .map(|p| {
            let sending = sending
                .iter()
                .find(|h| h.project == p.id && h.from == leaving)
                .map(|h| h.to);
            let now = match sending {
                Some(to) => Succession::Sending(to),
                None if managed.contains(&p.id) => Succession::Needed,
                None => match account.manager_of(p.id) {
                    Some(m) => Succession::Done(m),
                    None => Succession::Unmanaged,
                },
            };
            (p.id, now)
        })
        .collect()
}
