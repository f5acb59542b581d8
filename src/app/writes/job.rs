//! A write as `update` asks for it ([`WriteJob`]) and as the runtime answers ([`WriteDone`]).
//!
//! The delete is the one write that cannot be asked for with a bare id: [`WriteOp::Delete`]
//! holds a [`ConfirmedDelete`], which only the typed-email modal can make.

use crate::model::account::{Group, GroupId, Membership, Person, PersonId, Project, ProjectId};
use crate::model::changes::{NewPerson, PersonChanges, Seen};
use crate::model::failure::WriteError;
use crate::model::restore::{AccessChange, Missed, Restored};
use crate::model::tombstone::{MembershipRef, Tombstone};

use super::offboard::ConfirmedDelete;

/// Numbers the writes of one console run (journal records and answers carry it).
pub type WriteId = u64;

#[derive(Debug, Clone, PartialEq)]
pub struct WriteJob {
    pub id: WriteId,
    pub op: WriteOp,
}

#[derive(Debug, Clone, PartialEq)]
pub enum WriteOp {
    /// Read-modify-write of the changed fields, refused if the record changed since it was
    /// `seen` (its stamp or any field).
    Edit {
        person: PersonId,
        /// "Jane Doe <jane@acme.io>", for messages and the journal.
        subject: String,
        seen: Box<Seen>,
        changes: PersonChanges,
        /// The changed fields: (label, before, after) as the admin reviewed them.
        diff: Vec<(String, String, String)>,
    },
    Invite {
        new: NewPerson,
    },
    /// A staged invite: the invite, then an add to each project.
    InviteInto {
        new: NewPerson,
        projects: Vec<MembershipRef>,
    },
    AddMember {
        project: ProjectId,
        person: PersonId,
        subject: String,
    },
    RemoveMember {
        project: ProjectId,
        person: PersonId,
        subject: String,
    },
    /// A bulk action's membership change: every one of `people` into (`add`) or out of
    /// `project` as one change that keeps every other member (`api::bulk_members`).
    Members {
        project: ProjectId,
        people: Vec<PersonId>,
        add: bool,
        /// "3 people to Website".
        subject: String,
    },
    /// Offboarding: `to` becomes the manager of `project` in place of `from` (joining it if
    /// needed), refused if `from` no longer manages it.
    HandOver {
        project: ProjectId,
        from: PersonId,
        to: PersonId,
        /// "Jane Doe as manager of Website".
        subject: String,
    },
    /// Offboarding without the delete: out of every membership of the tombstone and (v3)
    /// `groups`, the account kept; the tombstone goes to the journal first, for a restore.
    RevokeAccess {
        tombstone: Box<Tombstone>,
        groups: Vec<(GroupId, String)>,
    },
    /// Back into what a revocation (its tombstone, from the journal) removed.
    RestoreAccess {
        tombstone: Box<Tombstone>,
    },
    /// Tombstone to the journal (flushed), then DELETE, then check the person is gone.
    Delete(Box<ConfirmedDelete>),
    /// v3: one person in (`add`) or out of a group, by PUTting the group's whole `assigned`
    /// list, refused when the group's members are no longer the `seen` ones.
    GroupMember {
        group: GroupId,
        person: PersonId,
        add: bool,
        seen: Vec<PersonId>,
        /// "Jane Doe to Design" / "Jane Doe from Design".
        subject: String,
    },
    /// Suspend (`suspend`) or reactivate a person: an *assumed* write (ProofHub documents no
    /// way to set `suspended`), verified by reading back; refused if the record changed since
    /// it was `seen`.
    Suspend {
        person: PersonId,
        suspend: bool,
        seen: Box<Seen>,
        /// "Jane Doe <jane@acme.io>".
        subject: String,
    },
    /// Invite the person of a tombstone again, then re-add their memberships.
    Recreate {
        tombstone: Box<Tombstone>,
        new: NewPerson,
        /// What is known before sending not to be restorable (a role the account lost).
        missed: Vec<Missed>,
    },
}

impl WriteOp {
    /// What is being done, for the status line: "saving Jane Doe", "deleting ...".
    pub fn describe(&self) -> String {
        match self {
            WriteOp::Edit { subject, .. } => format!("saving {subject}"),
            WriteOp::Invite { new } | WriteOp::InviteInto { new, .. } => {
                format!("inviting {}", new.email)
            }
            WriteOp::AddMember { subject, .. } => format!("adding {subject}"),
            WriteOp::RemoveMember { subject, .. } => format!("removing {subject}"),
            WriteOp::Members {
                add: true, subject, ..
            } => format!("adding {subject}"),
            WriteOp::Members { subject, .. } => format!("removing {subject}"),
            WriteOp::HandOver { subject, .. } => format!("setting {subject}"),
            WriteOp::Delete(d) => format!("deleting {}", d.subject()),
            WriteOp::RevokeAccess { tombstone, .. } => {
                format!("revoking the access of {}", tombstone.person.display_name())
            }
            WriteOp::RestoreAccess { tombstone } => {
                format!(
                    "restoring the access of {}",
                    tombstone.person.display_name()
                )
            }
            WriteOp::Recreate { new, .. } => format!("recreating {}", new.email),
            WriteOp::GroupMember {
                add: true, subject, ..
            } => format!("adding {subject}"),
            WriteOp::GroupMember { subject, .. } => format!("removing {subject}"),
            WriteOp::Suspend {
                suspend: true,
                subject,
                ..
            } => format!("suspending {subject}"),
            WriteOp::Suspend { subject, .. } => format!("reactivating {subject}"),
        }
    }
}

/// What a write did, as the server holds it afterwards.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteResult {
    Edited(Person),
    Invited(Person),
    /// A project's whole member list after an add or remove.
    Members {
        project: ProjectId,
        members: Vec<Membership>,
    },
    Deleted(PersonId),
    /// A hand-over: the project's members afterwards, and (v3) the project with its manager.
    HandedOver {
        project: ProjectId,
        record: Option<Box<Project>>,
        members: Vec<Membership>,
    },
    /// What a recreate restored, and what not with why.
    Recreated(Box<Restored>),
    /// A group as the server holds it after a member was added or removed.
    Group(Group),
    /// A staged invite: the person, and the member lists of the projects they were added to
    /// (what could not be added is in `missed`).
    InvitedInto(Box<Restored>),
    /// What a revocation removed, and what it could not with why.
    AccessRevoked(Box<AccessChange>),
    /// What a restore of access put back, and what it could not with why.
    AccessRestored(Box<AccessChange>),
}

/// Why a write failed.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteFailure {
    /// The record changed on the server since it was shown; `fresh` is how it is now.
    Conflict { fresh: Box<Person> },
    /// The group's members changed on the server since they were shown; nothing was written.
    GroupChanged { fresh: Group, message: String },
    /// Anything else: its kind (the console's advice follows it), its sentence, and whether
    /// trying again cannot do harm.
    Failed(WriteError),
    /// It is unknown whether the write reached the server (it failed, and so did reading
    /// back): the console reloads to show what the server holds.
    Uncertain { message: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct WriteDone {
    pub id: WriteId,
    pub result: Result<WriteResult, WriteFailure>,
}
