//! The apply ledger: one JSON line per state change of a plan item, fsynced before the write it
//! announces, so an apply that is killed can resume without repeating any write.
//!
//! Lines: a header `{"ledger":1,"plan":ID,...}`, then `{"item":KEY,"state":STATE,...}` with
//! state `pending` (written before the request), `done`, `failed`, `skipped`, `waiting` (its
//! dependency, the person's invite, has not happened yet), or `tombstone`
//! (the person's whole record and memberships, written before a DELETE). The last state of an
//! item wins. The file is a [`crate::local::append_log`] (0600: it holds people's records; one
//! synced line per append): a torn last line (the process died or the disk filled mid-write) is
//! set aside to `PLAN.ledger.jsonl.torn-<time>` and cut off, so nothing after it is lost.
//!
//! Resume rule: `done` and `skipped` items are not touched again; `pending`, `waiting` and `failed` items
//! are re-checked against live data, and a write that already landed counts as done.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::local::append_log::AppendLog;

/// An item's state in the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Pending,
    Done,
    Failed,
    Skipped,
    /// Not sent: what the item depends on has not happened yet; re-checked on every run.
    Waiting,
    Tombstone,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Line {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ledger: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    plan: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    item: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    state: Option<State>,
    at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    record: Option<Value>,
}

/// The last recorded state of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub state: State,
    pub detail: Option<String>,
}

/// An open ledger.
#[derive(Debug)]
pub struct Ledger {
    path: PathBuf,
    log: AppendLog,
    entries: HashMap<String, Entry>,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn io_err(path: &Path, e: std::io::Error) -> String {
    format!("apply ledger {}: {e}", path.display())
}

impl Ledger {
    /// The ledger next to a plan file: `PLAN.ledger.jsonl`.
    pub fn path_for(plan: &Path) -> PathBuf {
        let mut p = plan.as_os_str().to_owned();
        p.push(".ledger.jsonl");
        PathBuf::from(p)
    }

    /// Opens (or creates) the ledger of plan `plan_id`; refuses a ledger of another plan.
    pub fn open(path: &Path, plan_id: &str) -> Result<Ledger, String> {
        let opened = AppendLog::open(path).map_err(|e| io_err(path, e))?;
        let mut entries = HashMap::new();
        let mut header = false;
        for (n, text) in opened.lines.iter().enumerate() {
            if text.trim().is_empty() {
                continue;
            }
            let line: Line = serde_json::from_str(text.trim()).map_err(|e| {
                format!(
                    "apply ledger {} line {} is not readable ({e}); move the file away to start over",
                    path.display(),
                    n + 1
                )
            })?;
            if !header {
                header = true;
                if line.plan.as_deref() != Some(plan_id) {
                    return Err(format!(
                        "apply ledger {} belongs to another plan ({}); a changed plan needs a new plan file",
                        path.display(),
                        line.plan.unwrap_or_default()
                    ));
                }
                continue;
            }
            if let (Some(item), Some(state)) = (line.item, line.state)
                && state != State::Tombstone
            {
                entries.insert(
                    item,
                    Entry {
                        state,
                        detail: line.detail,
                    },
                );
            }
        }
        let mut ledger = Ledger {
            path: path.to_path_buf(),
            log: opened.log,
            entries,
        };
        if !header {
            ledger.append(&Line {
                ledger: Some(1),
                plan: Some(plan_id.to_string()),
                item: None,
                state: None,
                at: now(),
                detail: None,
                record: None,
            })?;
        }
        Ok(ledger)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The last state recorded for an item.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }

    fn append(&mut self, line: &Line) -> Result<(), String> {
        let text = crate::model::sanitize::data::json_line(line).map_err(|e| e.to_string())?;
        self.log.append(&text).map_err(|e| io_err(&self.path, e))
    }

    /// Records an item's new state and syncs it to disk before returning.
    pub fn record(
        &mut self,
        key: &str,
        state: State,
        detail: Option<String>,
    ) -> Result<(), String> {
        self.append(&Line {
            ledger: None,
            plan: None,
            item: Some(key.to_string()),
            state: Some(state),
            at: now(),
            detail: detail.clone(),
            record: None,
        })?;
        if state != State::Tombstone {
            self.entries
                .insert(key.to_string(), Entry { state, detail });
        }
        Ok(())
    }

    /// Records what a delete destroys (the person's record and memberships), synced, before the
    /// DELETE is sent.
    pub fn tombstone(&mut self, key: &str, record: Value) -> Result<(), String> {
        self.append(&Line {
            ledger: None,
            plan: None,
            item: Some(key.to_string()),
            state: Some(State::Tombstone),
            at: now(),
            detail: None,
            record: Some(record),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_survive_reopening_and_a_torn_last_line_is_ignored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.ledger.jsonl");
        {
            let mut l = Ledger::open(&path, "abc").expect("open");
            l.record("invite:a@x.io", State::Pending, None)
                .expect("rec");
            l.record("invite:a@x.io", State::Done, Some("id 5".into()))
                .expect("rec");
            l.record("update:7", State::Pending, None).expect("rec");
        }
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .expect("open");
        f.write_all(b"{\"item\":\"update:7\",\"sta").expect("torn");
        let l = Ledger::open(&path, "abc").expect("reopen");
        assert_eq!(l.entry("invite:a@x.io").map(|e| e.state), Some(State::Done));
        assert_eq!(l.entry("update:7").map(|e| e.state), Some(State::Pending));
        drop(l);
        // appending after the cut-off line keeps the file readable
        let mut l = Ledger::open(&path, "abc").expect("reopen");
        l.record("update:7", State::Done, None).expect("rec");
        let l = Ledger::open(&path, "abc").expect("reopen");
        assert_eq!(l.entry("update:7").map(|e| e.state), Some(State::Done));
        assert!(
            Ledger::open(&path, "other")
                .unwrap_err()
                .contains("another plan")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
