//! One apply per plan at a time: an exclusive `flock` on `PLAN.apply.lock`, next to the ledger,
//! held for the whole apply. The kernel drops it when the process ends, however it ends (a
//! crash or SIGKILL leaves no stale lock). The file holds who has it (pid and start time), so a
//! second apply can say who is running; the file itself stays (removing a locked file would let
//! a third apply lock a new one beside it).

use std::fs::{File, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The held lock; dropping it releases it.
#[derive(Debug)]
pub struct ApplyLock {
    _file: File,
    path: PathBuf,
}

impl ApplyLock {
    /// `PLAN.apply.lock`.
    pub fn path_for(plan: &Path) -> PathBuf {
        let mut p = plan.as_os_str().to_owned();
        p.push(".apply.lock");
        PathBuf::from(p)
    }

    /// Takes the lock of the plan at `plan`, or says who holds it.
    pub fn acquire(plan: &Path) -> Result<ApplyLock, String> {
        let path = ApplyLock::path_for(plan);
        let fail = |e: std::io::Error| format!("apply lock {}: {e}", path.display());
        let mut file = crate::local::private_file::open_append(&path).map_err(fail)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.seek(SeekFrom::Start(0));
                let _ = file.read_to_string(&mut holder);
                let holder = crate::model::sanitize::display(holder.trim()).into_owned();
                return Err(format!(
                    "another sync apply of this plan is running ({}); nothing was sent. Wait for it to end (the lock is {})",
                    if holder.is_empty() {
                        "it has not said who it is yet".to_string()
                    } else {
                        holder
                    },
                    path.display()
                ));
            }
            Err(TryLockError::Error(e)) => return Err(fail(e)),
        }
        let who = format!(
            "pid {}, started {}",
            std::process::id(),
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        );
        file.set_len(0)
            .and_then(|()| file.write_all(who.as_bytes()))
            .and_then(|()| file.sync_data())
            .map_err(fail)?;
        Ok(ApplyLock { _file: file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_with_the_first_ones_pid_until_it_lets_go() {
        let dir = tempfile::tempdir().expect("tempdir");
        let plan = dir.path().join("plan.json");
        let held = ApplyLock::acquire(&plan).expect("first");
        let err = ApplyLock::acquire(&plan).expect_err("second");
        assert!(
            err.contains(&format!("pid {}", std::process::id())),
            "{err}"
        );
        drop(held);
        assert!(ApplyLock::acquire(&plan).is_ok());
    }
}
