//! Sync writes in the console's journal (`crate::local::journal`): an attempt line before each write
//! (for a delete the tombstone, with everything the delete destroys), an outcome line after.
//! The op names are the console's (`invite`, `edit`, `add_member`, `remove_member`, `delete`),
//! so a person a sync deleted can be recreated from the console like any other.
//!
//! The apply ledger (`ledger.rs`) is separate: it belongs to one plan and drives resume; the
//! journal is the account's lasting record of every change.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::Utc;
use serde_json::{Value, json};

use super::plan::Change;
use crate::local::journal::{Journal, Phase, Record};
use crate::model::tombstone::Tombstone;

/// The journal as one apply run writes it.
#[derive(Debug)]
pub struct SyncJournal {
    journal: Arc<Journal>,
    session: String,
    account: String,
    next: AtomicU64,
}

fn op(change: &Change) -> &'static str {
    match change {
        Change::Invite { .. } => "invite",
        Change::Update { .. } => "edit",
        Change::AddMember { .. } => "add_member",
        Change::RemoveMember { .. } => "remove_member",
        Change::Delete { .. } => "delete",
    }
}

fn before_after(change: &Change) -> (Option<Value>, Option<Value>) {
    match change {
        // The new person as the plan has them (email, names, role).
        Change::Invite { .. } => (None, serde_json::to_value(change).ok()),
        Change::Update { fields, .. } => (
            Some(Value::Object(
                fields
                    .iter()
                    .map(|f| (f.field.to_string(), Value::String(f.before.clone())))
                    .collect(),
            )),
            Some(Value::Object(
                fields
                    .iter()
                    .map(|f| (f.field.to_string(), Value::String(f.after.clone())))
                    .collect(),
            )),
        ),
        Change::AddMember { project, .. } => {
            (None, Some(json!({"project": project, "member": true})))
        }
        Change::RemoveMember {
            project, person, ..
        } => (
            Some(json!({"project": project, "person": person, "member": true})),
            Some(json!({"project": project, "person": person, "member": false})),
        ),
        Change::Delete { .. } => (None, None),
    }
}

impl SyncJournal {
    /// `account`: the base URL every record is tagged with.
    pub fn new(journal: Arc<Journal>, account: String) -> SyncJournal {
        SyncJournal {
            journal,
            session: format!(
                "sync-{}-{}",
                std::process::id(),
                Utc::now().timestamp_millis()
            ),
            account,
            next: AtomicU64::new(1),
        }
    }

    fn record(&self, write: u64, phase: Phase, change: &Change) -> Record {
        Record {
            at: Utc::now().to_rfc3339(),
            write,
            session: self.session.clone(),
            account: self.account.clone(),
            phase,
            op: op(change).into(),
            subject: change.describe(),
            before: None,
            after: None,
            error: None,
            tombstone: None,
        }
    }

    fn append(&self, r: &Record) -> Result<u64, String> {
        self.journal.append(r).map(|()| r.write).map_err(|e| {
            format!(
                "could not write the journal {} ({e}); nothing more was sent",
                self.journal.path().display()
            )
        })
    }

    /// The line before a write (the tombstone for a delete); returns the write's number.
    pub fn attempt(&self, change: &Change, tomb: Option<Tombstone>) -> Result<u64, String> {
        let write = self.next.fetch_add(1, Ordering::Relaxed);
        let phase = if tomb.is_some() {
            Phase::Tombstone
        } else {
            Phase::Attempt
        };
        let mut r = self.record(write, phase, change);
        (r.before, r.after) = before_after(change);
        r.tombstone = tomb;
        self.append(&r)
    }

    /// The line after a write.
    pub fn outcome(
        &self,
        write: u64,
        change: &Change,
        result: Result<&str, &str>,
    ) -> Result<(), String> {
        let mut r = match result {
            Ok(_) => self.record(write, Phase::Done, change),
            Err(e) => {
                let mut r = self.record(write, Phase::Failed, change);
                r.error = Some(e.to_string());
                r
            }
        };
        if let Ok(detail) = result {
            r.after = Some(json!({ "result": detail }));
        }
        self.append(&r).map(|_| ())
    }
}
