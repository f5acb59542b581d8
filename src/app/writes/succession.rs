//! Where each project an offboarded person manages stands, for the review: still theirs, a
//! hand-over in flight, or someone else's now (see `api::succession` for the write).

use crate::model::account::{Account, PersonId, ProjectId};
use crate::model::tombstone::Tombstone;

use super::job::WriteOp;
use super::modal::InFlight;

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

/// Where each project the person managed stands, in the review's order.
pub fn successions(
    account: &Account,
    in_flight: &[InFlight],
    t: &Tombstone,
) -> Vec<(ProjectId, Succession)> {
    let leaving = t.person.id();
    let managed = account.managed_by(leaving);
    t.managed_projects
        .iter()
        .map(|p| {
            let sending = in_flight.iter().find_map(|f| match &f.job.op {
                WriteOp::HandOver {
                    project, from, to, ..
                } if *project == p.id && *from == leaving => Some(*to),
                _ => None,
            });
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
