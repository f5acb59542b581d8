//! Runs the console's writes: each [`WriteJob`] is journaled (attempt, or the tombstone for a
//! delete), sent through the client's verified writes, and journaled again with its outcome.
//!
//! The order for a delete is the point of this module: the tombstone line is appended and
//! `fsync`ed *before* `Client::delete_person` is called, and when the journal cannot be written
//! nothing is sent at all. Every other write also needs its attempt line on disk first, so the
//! journal never misses a change this console made.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::Utc;
use serde_json::{Value, json};

use crate::api::{ApiError, Client, Priority};
use crate::app::writes::job::{WriteDone, WriteFailure, WriteJob, WriteOp, WriteResult};
use crate::app::writes::offboard::ConfirmedDelete;
use crate::app::writes::suspend;
use crate::local::journal::{Journal, Phase, Record};
use crate::model::account::{Person, PersonId};
use crate::model::changes::{Edit, PersonChanges, Seen};
use crate::model::failure::{FailureKind, LoadError, WriteError};

/// The client and the journal, shared by every write of a console run.
pub struct WriteRunner {
    client: Client,
    journal: Result<Arc<Journal>, String>,
    journal_path: PathBuf,
    session: String,
    /// The base URL, tagging every record (never the token).
    account: String,
}

fn failed(e: &ApiError) -> WriteFailure {
    match e {
        ApiError::Uncertain { .. } => WriteFailure::Uncertain {
            message: e.to_string(),
        },
        _ => WriteFailure::Failed(e.to_write_error()),
    }
}

/// A person as the journal records them: the fields the console holds, in the server's keys.
fn person_value(p: &Person) -> Value {
    Value::Object(crate::model::changes::shown_fields(p))
}

/// An invite as the journal records it.
fn invite_value(new: &crate::model::changes::NewPerson) -> Value {
    json!({
        "first_name": new.first_name,
        "last_name": new.last_name,
        "email": new.email,
        "role": new.role,
        "send_invite": new.send_invite,
    })
}

impl WriteRunner {
    /// Opens the journal at `journal_path`; if it cannot be opened, every write is refused
    /// (with why) rather than sent unrecorded.
    pub fn new(client: Client, journal_path: PathBuf) -> WriteRunner {
        let journal = Journal::open(&journal_path)
            .map(Arc::new)
            .map_err(|e| e.to_string());
        if let Err(e) = &journal {
            tracing::warn!("journal {} cannot be opened: {e}", journal_path.display());
        }
        WriteRunner {
            journal,
            journal_path,
            session: format!("{}-{}", std::process::id(), Utc::now().timestamp_millis()),
            account: client.base_url().to_string(),
            client,
        }
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The journal's tombstones, newest first.
    pub fn tombstones(&self) -> Result<Vec<crate::model::tombstone::Entry>, LoadError> {
        Journal::tombstones(&self.journal_path, &self.account).map_err(|e| {
            LoadError::new(
                FailureKind::LocalFile,
                format!(
                    "cannot read the journal {}: {e}",
                    self.journal_path.display()
                ),
            )
        })
    }

    fn record(&self, job: &WriteJob, phase: Phase) -> Record {
        Record {
            at: Utc::now().to_rfc3339(),
            write: job.id,
            session: self.session.clone(),
            account: self.account.clone(),
            phase,
            op: op_name(&job.op).into(),
            subject: subject(&job.op),
            before: None,
            after: None,
            error: None,
            tombstone: None,
        }
    }

    /// Appends a record; the failure as the write's answer (nothing was sent).
    async fn append(&self, record: Record) -> Result<(), WriteFailure> {
        let journal = self.journal.as_ref().map_err(|e| {
            WriteFailure::Failed(WriteError::new(
                FailureKind::LocalFile,
                format!(
                    "the journal {} cannot be opened ({e})",
                    self.journal_path.display()
                ),
            ))
        })?;
        append_off_thread(journal.clone(), record)
            .await
            .map_err(|e| {
                WriteFailure::Failed(WriteError::new(
                    FailureKind::LocalFile,
                    format!(
                        "could not write the journal {} ({e})",
                        self.journal_path.display()
                    ),
                ))
            })
    }

    /// The outcome line; a failure to write it is logged, the write's result stands.
    async fn outcome(&self, job: &WriteJob, result: &Result<WriteResult, WriteFailure>) {
        let mut r = match result {
            Ok(_) => self.record(job, Phase::Done),
            Err(_) => self.record(job, Phase::Failed),
        };
        match result {
            Ok(WriteResult::Edited(p) | WriteResult::Invited(p)) => r.after = Some(person_value(p)),
            Ok(WriteResult::Members { project, members }) => {
                r.after = Some(json!({
                    "project": project,
                    "members": members.iter().map(|m| m.person).collect::<Vec<_>>(),
                }));
            }
            Ok(WriteResult::Deleted(id)) => r.after = Some(json!({ "deleted": id })),
            Ok(WriteResult::Group(g)) => {
                r.after = Some(json!({ "group": g.id, "members": g.members }));
            }
            Err(WriteFailure::GroupChanged { fresh, message }) => {
                r.error = Some(format!(
                    "group changed on the server since shown ({message}); nothing written"
                ));
                r.after = Some(json!({ "group": fresh.id, "members": fresh.members }));
            }
            Ok(WriteResult::HandedOver {
                project, members, ..
            }) => {
                let manager = match &job.op {
                    WriteOp::HandOver { to, .. } => Some(*to),
                    _ => None,
                };
                r.after = Some(json!({
                    "project": project,
                    "manager": manager,
                    "members": members.iter().map(|m| m.person).collect::<Vec<_>>(),
                }));
            }
            Ok(WriteResult::InvitedInto(done)) => {
                r.after = Some(json!({
                    "person": person_value(&done.person),
                    "projects": done.members.iter().map(|(p, _)| p).collect::<Vec<_>>(),
                    "not_added": done.missed.iter().map(|m| json!({"what": m.what, "why": m.why})).collect::<Vec<_>>(),
                    "invitation_emails": done.emailed,
                }));
            }
            Ok(WriteResult::AccessRevoked(done) | WriteResult::AccessRestored(done)) => {
                r.after = Some(json!({
                    "projects": done.members.iter().map(|(p, _)| p).collect::<Vec<_>>(),
                    "groups": done.groups.iter().map(|g| g.id).collect::<Vec<_>>(),
                    "done": done.done,
                    "not_done": done.missed.iter().map(|m| json!({"what": m.what, "why": m.why})).collect::<Vec<_>>(),
                }));
            }
            Ok(WriteResult::Recreated(done)) => {
                r.after = Some(json!({
                    "person": person_value(&done.person),
                    "projects": done.members.iter().map(|(p, _)| p).collect::<Vec<_>>(),
                    "restored": done.restored,
                    "not_restored": done.missed.iter().map(|m| json!({"what": m.what, "why": m.why})).collect::<Vec<_>>(),
                    "invitation_emails": done.emailed,
                }));
            }
            Err(WriteFailure::Conflict { fresh }) => {
                r.error = Some("changed on the server since shown; nothing written".into());
                r.after = Some(person_value(fresh));
            }
            Err(
                WriteFailure::Failed(WriteError { message, .. })
                | WriteFailure::Uncertain { message },
            ) => {
                r.error = Some(message.clone());
            }
        }
        if let Ok(j) = &self.journal
            && let Err(e) = append_off_thread(j.clone(), r).await
        {
            tracing::warn!("could not journal the outcome of write {}: {e}", job.id);
        }
    }

    /// Runs one write: journal, client, journal.
    pub async fn run(self: Arc<Self>, job: WriteJob) -> WriteDone {
        let mut attempt = self.record(&job, Phase::Attempt);
        match &job.op {
            WriteOp::Edit { diff, .. } => {
                let before: serde_json::Map<String, Value> = diff
                    .iter()
                    .map(|(l, a, _)| (l.clone(), Value::String(a.clone())))
                    .collect();
                let after: serde_json::Map<String, Value> = diff
                    .iter()
                    .map(|(l, _, b)| (l.clone(), Value::String(b.clone())))
                    .collect();
                attempt.before = Some(Value::Object(before));
                attempt.after = Some(Value::Object(after));
            }
            WriteOp::Invite { new } | WriteOp::Recreate { new, .. } => {
                attempt.after = Some(invite_value(new));
            }
            WriteOp::InviteInto { new, projects } => {
                let mut after = invite_value(new);
                after["projects"] = json!(projects.iter().map(|m| m.project).collect::<Vec<_>>());
                attempt.after = Some(after);
            }
            WriteOp::AddMember {
                project, person, ..
            } => {
                attempt.after =
                    Some(json!({ "project": project, "person": person, "member": true }));
            }
            WriteOp::RemoveMember {
                project, person, ..
            } => {
                attempt.before =
                    Some(json!({ "project": project, "person": person, "member": true }));
                attempt.after =
                    Some(json!({ "project": project, "person": person, "member": false }));
            }
            WriteOp::Members {
                project,
                people,
                add,
                ..
            } => {
                attempt.before =
                    Some(json!({ "project": project, "people": people, "member": !add }));
                attempt.after =
                    Some(json!({ "project": project, "people": people, "member": add }));
            }
            WriteOp::GroupMember {
                group,
                person,
                add,
                seen,
                ..
            } => {
                let mut after = seen.clone();
                if *add {
                    after.push(*person);
                } else {
                    after.retain(|p| p != person);
                }
                attempt.before = Some(json!({ "group": group, "person": person, "members": seen }));
                attempt.after = Some(json!({ "group": group, "person": person, "members": after }));
            }
            WriteOp::Suspend { suspend, seen, .. } => {
                attempt.before = Some(json!({
                    "suspended": !suspend,
                    "record": seen.record,
                }));
                attempt.after = Some(json!({ "suspended": suspend, "assumed": true }));
            }
            WriteOp::HandOver {
                project, from, to, ..
            } => {
                attempt.before = Some(json!({ "project": project, "manager": from }));
                attempt.after = Some(json!({ "project": project, "manager": to }));
            }
            WriteOp::RevokeAccess { tombstone, .. } => {
                attempt.before = Some(json!({
                    "projects": tombstone.memberships.iter().map(|m| m.project).collect::<Vec<_>>(),
                    "groups": tombstone.groups,
                }));
                attempt.tombstone = Some((**tombstone).clone());
            }
            WriteOp::RestoreAccess { tombstone } => {
                attempt.after = Some(json!({
                    "projects": tombstone.memberships.iter().map(|m| m.project).collect::<Vec<_>>(),
                    "groups": tombstone.groups,
                }));
            }
            WriteOp::Delete(confirmed) => {
                let tombstone = match self.fresh_tombstone(confirmed).await {
                    Ok(t) => t,
                    Err(f) => {
                        return WriteDone {
                            id: job.id,
                            result: Err(f),
                        };
                    }
                };
                attempt.phase = Phase::Tombstone;
                attempt.before = Some(Value::Object(tombstone.record.clone()));
                attempt.tombstone = Some(tombstone);
            }
        }
        if let Err(f) = self.append(attempt).await {
            return WriteDone {
                id: job.id,
                result: Err(f),
            };
        }
        let result = self.send(&job.op).await;
        self.outcome(&job, &result).await;
        WriteDone { id: job.id, result }
    }

    /// The tombstone with the person's record read fresh from the server (the loaded copy may
    /// be old). Nothing is deleted when that read fails, or when the email is no longer the one
    /// the admin typed: the confirmation was for that person as they were.
    async fn fresh_tombstone(
        &self,
        confirmed: &ConfirmedDelete,
    ) -> Result<crate::model::tombstone::Tombstone, WriteFailure> {
        let mut t = confirmed.tombstone().clone();
        let fresh = self
            .client
            .get_person_value(confirmed.person(), Priority::Interactive)
            .await
            .and_then(crate::api::types::fresh_person)
            .map_err(|e| {
                WriteFailure::Failed(WriteError {
                    message: format!("{e}; nothing was deleted"),
                    ..e.to_write_error()
                })
            })?;
        if !fresh
            .person
            .email()
            .trim()
            .eq_ignore_ascii_case(t.person.email().trim())
        {
            return Err(WriteFailure::Failed(WriteError::new(
                FailureKind::Conflict,
                format!(
                    "the email on the server is now {} (you confirmed {}); nothing was deleted",
                    fresh.person.email().trim(),
                    t.person.email().trim()
                ),
            )));
        }
        t.person = fresh.person;
        t.record = fresh.raw;
        Ok(t)
    }

    async fn send(&self, op: &WriteOp) -> Result<WriteResult, WriteFailure> {
        let c = &self.client;
        match op {
            WriteOp::Edit {
                person,
                seen,
                changes,
                ..
            } => match c
                .update_person(*person, seen.as_ref().clone(), changes.clone())
                .await
            {
                Ok(p) => Ok(WriteResult::Edited(p)),
                Err(e @ ApiError::Conflict { .. }) => Err(self.conflict(*person, &e).await),
                Err(e) => Err(failed(&e)),
            },
            WriteOp::Invite { new } => c
                .invite(new.clone())
                .await
                .map(WriteResult::Invited)
                .map_err(|e| failed(&e)),
            WriteOp::InviteInto { new, projects } => c
                .invite_into(new.clone(), projects)
                .await
                .map(|done| WriteResult::InvitedInto(Box::new(done)))
                .map_err(|e| failed(&e)),
            WriteOp::AddMember {
                project, person, ..
            } => c
                .add_member(*project, *person)
                .await
                .map(|members| WriteResult::Members {
                    project: *project,
                    members,
                })
                .map_err(|e| failed(&e)),
            WriteOp::RemoveMember {
                project, person, ..
            } => c
                .remove_member(*project, *person)
                .await
                .map(|members| WriteResult::Members {
                    project: *project,
                    members,
                })
                .map_err(|e| failed(&e)),
            WriteOp::Members {
                project,
                people,
                add,
                ..
            } => c
                .change_members(*project, people, *add)
                .await
                .map(|members| WriteResult::Members {
                    project: *project,
                    members,
                })
                .map_err(|e| failed(&e)),
            WriteOp::GroupMember {
                group,
                person,
                add,
                seen,
                ..
            } => match c.change_group_member(*group, *person, *add, seen).await {
                Ok(g) => Ok(WriteResult::Group(g)),
                Err(e @ ApiError::Conflict { .. }) => match c.group_now(*group).await {
                    Ok(fresh) => Err(WriteFailure::GroupChanged {
                        fresh,
                        message: e.to_string(),
                    }),
                    Err(_) => Err(failed(&e)),
                },
                Err(e) => Err(failed(&e)),
            },
            WriteOp::Suspend {
                person,
                suspend,
                seen,
                ..
            } => self.suspend(*person, *suspend, seen).await,
            WriteOp::HandOver {
                project, from, to, ..
            } => c
                .hand_over(*project, *from, *to)
                .await
                .map(|done| WriteResult::HandedOver {
                    project: *project,
                    record: done.project.map(Box::new),
                    members: done.members,
                })
                .map_err(|e| failed(&e)),
            WriteOp::RevokeAccess { tombstone, groups } => c
                .revoke_access(tombstone, groups)
                .await
                .map(|done| WriteResult::AccessRevoked(Box::new(done)))
                .map_err(|e| failed(&e)),
            WriteOp::RestoreAccess { tombstone } => c
                .restore_access(tombstone)
                .await
                .map(|done| WriteResult::AccessRestored(Box::new(done)))
                .map_err(|e| failed(&e)),
            WriteOp::Delete(confirmed) => c
                .delete_person(confirmed.person())
                .await
                .map(|()| WriteResult::Deleted(confirmed.person()))
                .map_err(|e| failed(&e)),
            WriteOp::Recreate {
                tombstone,
                new,
                missed,
            } => c
                .recreate(tombstone, new.clone(), missed.clone())
                .await
                .map(|done| WriteResult::Recreated(Box::new(done)))
                .map_err(|e| failed(&e)),
        }
    }
}

impl WriteRunner {
    /// The assumed suspend: the field PUT like an edit's, read back by the client; a read-back
    /// with the old value is said as [`suspend::NOT_TAKEN`].
    async fn suspend(
        &self,
        person: PersonId,
        suspend: bool,
        seen: &Seen,
    ) -> Result<WriteResult, WriteFailure> {
        let c = &self.client;
        let changes = PersonChanges {
            suspended: Edit::Set(suspend),
            ..PersonChanges::default()
        };
        match c.update_person(person, seen.clone(), changes).await {
            Ok(p) if p.suspended() == suspend => Ok(WriteResult::Edited(p)),
            Ok(_) => Err(not_taken("it reads back unchanged")),
            // The edited field is compared first: this is the flag itself reading back old.
            Err(ApiError::NotApplied { what })
                if what.starts_with("suspended ") || what.starts_with("status ") =>
            {
                Err(not_taken(&what))
            }
            Err(e @ ApiError::Conflict { .. }) => Err(self.conflict(person, &e).await),
            Err(e) => Err(failed(&e)),
        }
    }

    /// A refused person write's answer: the person as the server holds them now, to show the
    /// conflict against (or the error itself when that read fails).
    async fn conflict(&self, person: PersonId, e: &ApiError) -> WriteFailure {
        match self
            .client
            .get_person_value(person, Priority::Interactive)
            .await
            .and_then(|v| crate::api::types::person(&v))
        {
            Ok(fresh) => WriteFailure::Conflict {
                fresh: Box::new(fresh),
            },
            Err(_) => failed(e),
        }
    }
}

fn not_taken(read_back: &str) -> WriteFailure {
    WriteFailure::Failed(WriteError::new(
        FailureKind::Refused,
        format!("{} (read back: {read_back})", suspend::NOT_TAKEN),
    ))
}

/// `Journal::append` (a write and an `fsync`) on the blocking pool, not on a runtime worker.
async fn append_off_thread(journal: Arc<Journal>, record: Record) -> std::io::Result<()> {
    tokio::task::spawn_blocking(move || journal.append(&record))
        .await
        .map_err(std::io::Error::other)?
}

fn op_name(op: &WriteOp) -> &'static str {
    match op {
        WriteOp::Edit { .. } => "edit",
        WriteOp::Invite { .. } | WriteOp::InviteInto { .. } => "invite",
        WriteOp::AddMember { .. } => "add_member",
        WriteOp::RemoveMember { .. } => "remove_member",
        WriteOp::Members { add: true, .. } => "add_members",
        WriteOp::Members { .. } => "remove_members",
        WriteOp::HandOver { .. } => "set_manager",
        WriteOp::Delete(_) => "delete",
        WriteOp::RevokeAccess { .. } => crate::local::journal::REVOKE_ACCESS,
        WriteOp::RestoreAccess { .. } => crate::local::journal::RESTORE_ACCESS,
        WriteOp::Recreate { .. } => "recreate",
        WriteOp::GroupMember { add: true, .. } => "add_group_member",
        WriteOp::GroupMember { .. } => "remove_group_member",
        WriteOp::Suspend { suspend: true, .. } => "suspend",
        WriteOp::Suspend { .. } => "reactivate",
    }
}

fn subject(op: &WriteOp) -> String {
    match op {
        WriteOp::Edit { subject, .. }
        | WriteOp::AddMember { subject, .. }
        | WriteOp::RemoveMember { subject, .. }
        | WriteOp::Members { subject, .. }
        | WriteOp::GroupMember { subject, .. }
        | WriteOp::Suspend { subject, .. }
        | WriteOp::HandOver { subject, .. } => subject.clone(),
        WriteOp::Invite { new }
        | WriteOp::InviteInto { new, .. }
        | WriteOp::Recreate { new, .. } => {
            format!("{} <{}>", new.full_name(), new.email)
        }
        WriteOp::Delete(d) => d.subject().to_string(),
        WriteOp::RevokeAccess { tombstone, .. } | WriteOp::RestoreAccess { tombstone } => {
            crate::app::writes::offboard::subject(tombstone)
        }
    }
}
