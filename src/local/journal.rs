//! The local journal: one JSON line per write attempt and per outcome, and a tombstone before
//! every delete, in `<data dir>/journal.jsonl` (`proofhub-tui info` names it).
//!
//! Why: ProofHub has no undo and no soft-delete. The journal is the admin's record of what this
//! console changed (before and after values) and the only way back from a delete: a
//! [`Tombstone`] keeps the full record as the server sent it, every membership, the groups and
//! the projects the person managed, and the console can recreate the person from it.
//!
//! Rules: the file is created with mode 0600 (its directory 0700) on unix; every append is one
//! complete line followed by `fsync`, so a record that [`Journal::append`] returned `Ok` for is on
//! disk; nothing here ever holds the token (records are built from account data only).
//! Lines this version cannot parse are skipped when reading, never rewritten.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::Value;

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
    /// "edit", "invite", "add_member", "remove_member", "delete", "recreate".
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
    file: Mutex<File>,
}

impl Journal {
    /// Opens (creating it and its directory, owner-only) the journal at `path`.
    pub fn open(path: &Path) -> io::Result<Journal> {
        let file = crate::local::private_file::open_append(path)?;
        Ok(Journal {
            path: path.to_path_buf(),
            file: Mutex::new(file),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one record as one line and flushes it to disk (`fsync`) before returning.
    pub fn append(&self, record: &Record) -> io::Result<()> {
        let mut line = serde_json::to_vec(record).map_err(io::Error::other)?;
        line.push(b'\n');
        let mut file = self
            .file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        file.write_all(&line)?;
        file.flush()?;
        file.sync_data()
    }

    /// Every record that parses, in file order.
    pub fn read_all(path: &Path) -> io::Result<Vec<Record>> {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut out = Vec::new();
        for line in BufReader::new(file).lines() {
            let line = line?;
            if let Ok(r) = serde_json::from_str::<Record>(&line) {
                out.push(r);
            }
        }
        Ok(out)
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

/// Tombstones with outcomes, newest first.
pub fn entries(records: &[Record]) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for r in records {
        if let Some(t) = &r.tombstone {
            let outcome = records.iter().find(|o| {
                o.session == r.session
                    && o.write == r.write
                    && matches!(o.phase, Phase::Done | Phase::Failed)
            });
            let email = t.person.email.trim().to_lowercase();
            let recreated = records.iter().any(|o| {
                o.op == "recreate"
                    && o.phase == Phase::Done
                    && o.at >= r.at
                    && o.subject.to_lowercase().contains(&email)
            });
            out.push(Entry {
                at: r.at.clone(),
                tombstone: t.clone(),
                deleted: outcome.map(|o| o.phase == Phase::Done),
                recreated,
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
            .expect("person"),
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
        assert_eq!(mine[0].tombstone.person.raw["custom"], "kept");
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
        // A damaged line is skipped, not fatal.
        std::fs::write(&path, "not json\n").expect("write");
        assert!(Journal::read_all(&path).expect("read").is_empty());
    }
}
