//! The local journal: one JSON line per write attempt and per outcome, and a tombstone before
//! every delete, in `<data dir>/journal.jsonl` (`proofhub-tui info` names it).
//!
//! Why: ProofHub has no undo and no soft-delete. The journal is the admin's record of what this
//! console changed (before and after values) and the only way back from a delete: a
//! [`Tombstone`] keeps the full record as the server sent it, every membership, the groups and
//! the projects the person managed, and the console can recreate the person from it.
//!
//! Rules: the file is a [`crate::local::append_log`]: created with mode 0600 (its directory 0700)
//! on unix; every append is one complete line followed by `fsync`, so a record that
//! [`Journal::append`] returned `Ok` for is on disk; a torn last line (a crash or a full disk
//! mid-write) is set aside to `journal.jsonl.torn-<time>` by the next writer, so the next record
//! is never glued onto it. Nothing here ever holds the token (records are built from account
//! data only). Lines this version cannot parse are skipped when reading, never rewritten; a line
//! an older version glued onto a torn one still yields its record.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::local::append_log::AppendLog;
use crate::model::tombstone::{Entry, Tombstone};

/// What one journal line records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The write is about to be sent.
    Attempt,
    /// Everything needed to recreate a person, written (and flushed) before their DELETE.
    Tombstone,
    /// The write succeeded (verified by reading back).
    Done,
    /// The write failed; `error` says how.
    Failed,
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// RFC 3339 time of writing the line.
    pub at: String,
    /// Ties the attempt, tombstone and outcome of one write together (unique per console run
    /// together with `session`).
    pub write: u64,
    /// A random-enough tag of the console run (process id and start time).
    pub session: String,
    /// The account's API base URL: one journal serves every account, and a tombstone is only
    /// offered for recreation on the account it came from.
    #[serde(default)]
    pub account: String,
    pub phase: Phase,
    /// "edit", "invite", "add_member", "remove_member", "set_manager", "delete", "recreate",
    /// "revoke_access", "restore_access".
    pub op: String,
    /// Who or what the write is about, in words ("Jane Doe <jane@acme.io>").
    pub subject: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tombstone: Option<Tombstone>,
}

/// The journal file, open for appending.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    log: Mutex<AppendLog>,
    /// Where a torn last line found on opening was set aside.
    torn: Option<PathBuf>,
}

impl Journal {
    /// Opens (creating it and its directory, owner-only) the journal at `path`.
    pub fn open(path: &Path) -> io::Result<Journal> {
        let opened = AppendLog::open(path)?;
        Ok(Journal {
            path: path.to_path_buf(),
            log: Mutex::new(opened.log),
            torn: opened.torn,
        })
    }

    /// The side file a torn last line went to when this journal was opened.
    pub fn torn(&self) -> Option<&Path> {
        self.torn.as_deref()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one record as one line and flushes it to disk (`fsync`) before returning.
    pub fn append(&self, record: &Record) -> io::Result<()> {
        let line = crate::model::sanitize::data::json_line(record).map_err(io::Error::other)?;
        let mut log = self
            .log
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        log.append(&line)
    }

    /// Every record that parses, in file order.
    pub fn read_all(path: &Path) -> io::Result<Vec<Record>> {
        Ok(AppendLog::read(path)?
            .iter()
            .filter_map(|line| parse(line))
            .collect())
    }

    /// The tombstones of `account` in the journal, newest first, each with its delete's outcome.
    pub fn tombstones(path: &Path, account: &str) -> io::Result<Vec<Entry>> {
        let records: Vec<Record> = Journal::read_all(path)?
            .into_iter()
            .filter(|r| r.account == account)
            .collect();
        Ok(entries(&records))
    }
}

/// One line's record. A line that does not parse may be a torn line an older version appended
/// onto: the record that starts after it (at a later `{"at":`) is taken then.
fn parse(line: &str) -> Option<Record> {
    if let Ok(r) = serde_json::from_str::<Record>(line) {
        return Some(r);
    }
    line.match_indices("{\"at\":")
        .filter(|(i, _)| *i > 0)
        .find_map(|(i, _)| serde_json::from_str::<Record>(&line[i..]).ok())
}

/// The op of a revocation (access removed, account kept), whose record carries a tombstone of
/// what was removed; and of its undo.
pub const REVOKE_ACCESS: &str = "revoke_access";
pub const RESTORE_ACCESS: &str = "restore_access";

/// Tombstones with outcomes, newest first: deletes, and revocations (`Entry::revoked`).
pub fn entries(records: &[Record]) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for r in records {
        if let Some(t) = &r.tombstone {
            let outcome = records.iter().find(|o| {
                o.session == r.session
                    && o.write == r.write
                    && matches!(o.phase, Phase::Done | Phase::Failed)
            });
            let email = t.person.email().trim().to_lowercase();
            let revoked = r.op == REVOKE_ACCESS;
            let undo = if revoked { RESTORE_ACCESS } else { "recreate" };
            let recreated = records.iter().any(|o| {
                o.op == undo
                    && o.phase == Phase::Done
                    && o.at >= r.at
                    && o.subject.to_lowercase().contains(&email)
            });
            out.push(Entry {
                at: r.at.clone(),
                tombstone: t.clone(),
                deleted: outcome.map(|o| o.phase == Phase::Done),
                recreated,
                revoked,
            });
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(write: u64, phase: Phase) -> Record {
        Record {
            at: format!("2026-11-27T12:00:0{write}Z"),
            write,
            session: "s".into(),
            account: "https://acme.proofhub.com/api/v3".into(),
            phase,
            op: "edit".into(),
            subject: "Jane".into(),
            before: Some(serde_json::json!({"title": "CTO"})),
            after: None,
            error: None,
            tombstone: None,
        }
    }

    #[test]
    fn appends_lines_owner_only_and_reads_them_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("data/journal.jsonl");
        let j = Journal::open(&path).expect("open");
        j.append(&record(1, Phase::Attempt)).expect("append");
        j.append(&record(1, Phase::Done)).expect("append");
        drop(j);
        // Reopening appends, never truncates.
        let j = Journal::open(&path).expect("reopen");
        j.append(&record(2, Phase::Attempt)).expect("append");
        let all = Journal::read_all(&path).expect("read");
        assert_eq!(all.len(), 3);
        assert_eq!(all[1].phase, Phase::Done);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // Tombstones are per account, with their delete's outcome.
        let t = Tombstone {
            person: serde_json::from_value(serde_json::json!({
                "id": 5, "name": null, "first_name": "Bob", "last_name": "Stone",
                "email": "bob@acme.io", "username": null, "title": null, "company": null,
                "phone": null, "role": "none", "suspended": false, "status": null,
                "last_active": null, "created_at": null, "updated_at": null, "groups": [],
                "raw": {"id": 5, "email": "bob@acme.io", "custom": "kept"}
            }))
            .expect("a person as journals before `record` wrote it"),
            record: serde_json::json!({"id": 5, "email": "bob@acme.io", "custom": "kept"})
                .as_object()
                .cloned()
                .expect("object"),
            role_name: None,
            memberships: vec![],
            groups: vec![],
            managed_projects: vec![],
        };
        let mut tomb = record(3, Phase::Tombstone);
        tomb.tombstone = Some(t);
        j.append(&tomb).expect("append");
        j.append(&record(3, Phase::Done)).expect("append");
        let mut elsewhere = tomb.clone();
        elsewhere.account = "https://other.proofhub.com/api/v3".into();
        j.append(&elsewhere).expect("append");
        let mine = Journal::tombstones(&path, "https://acme.proofhub.com/api/v3").expect("read");
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].deleted, Some(true));
        assert_eq!(mine[0].tombstone.record["custom"], "kept");
        let other = Journal::tombstones(&path, "https://other.proofhub.com/api/v3").expect("read");
        assert_eq!(other.len(), 1);
        assert_eq!(other[0].deleted, None, "no outcome recorded there");
        // A journal found readable by others is made owner-only again.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
            drop(Journal::open(&path).expect("reopen"));
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // A torn last line (a full disk mid-write) is set aside by the next writer; the record
        // written after it, and every one before, stay readable.
        {
            use std::io::Write;
            let before = Journal::read_all(&path).expect("read").len();
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .expect("open");
            f.write_all(b"{\"at\":\"2026-11-27T12:00:09Z\",\"wri")
                .expect("torn");
            drop(j);
            let j = Journal::open(&path).expect("reopen");
            let side = j.torn().expect("set aside").to_path_buf();
            assert!(
                std::fs::read_to_string(&side)
                    .expect("side")
                    .contains("\"wri")
            );
            j.append(&tomb).expect("append after the torn line");
            let all = Journal::read_all(&path).expect("read");
            assert_eq!(all.len(), before + 1);
            assert!(all.last().is_some_and(|r| r.tombstone.is_some()));
            // An older version glued a record onto a torn line: the record is still found.
            std::fs::write(
                &path,
                format!(
                    "{{\"at\":\"x\",\"wr{}\n",
                    serde_json::to_string(&tomb).expect("json")
                ),
            )
            .expect("write");
            assert_eq!(Journal::read_all(&path).expect("read").len(), 1);
        }
        // A damaged line is skipped, not fatal.
        std::fs::write(&path, "not json\n").expect("write");
        assert!(Journal::read_all(&path).expect("read").is_empty());
    }
}
