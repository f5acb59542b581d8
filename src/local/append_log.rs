//! An append-only file of JSON lines that survives crashes and full disks: the journal and the
//! sync ledger both sit on it.
//!
//! Guarantees:
//! - the file is created 0600 (directories 0700) through [`super::private_file`];
//! - every append is one `write` of one whole line under an exclusive `flock`, then `fsync`;
//!   when the write fails (ENOSPC, EFBIG) the file is cut back to where the line started;
//! - a last line without its newline (the process died or the disk filled mid-write and the
//!   cut-back could not happen) is torn: a reader ignores it, and the next writer moves its bytes
//!   to a side file `NAME.torn-<UTC time>` (0600, for inspection) and truncates it away before
//!   appending, so the next record starts on a line of its own and every complete record before
//!   and after stays readable.
//!
//! The lock also keeps two processes (the console and a `sync apply`) from mistaking each
//! other's in-flight line for a torn one.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The file, open for appending.
#[derive(Debug)]
pub struct AppendLog {
    path: PathBuf,
    file: File,
}

/// What opening found.
#[derive(Debug)]
pub struct Opened {
    pub log: AppendLog,
    /// Every complete line, without its newline, in file order.
    pub lines: Vec<String>,
    /// Where a torn last line was set aside, if there was one.
    pub torn: Option<PathBuf>,
}

/// Splits file bytes into complete lines and the torn rest (bytes after the last newline).
fn split(bytes: &[u8]) -> (Vec<String>, &[u8]) {
    let end = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let lines = bytes[..end]
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| String::from_utf8_lossy(l).into_owned())
        .collect();
    (lines, &bytes[end..])
}

/// The side file a torn line of `path` goes to.
fn torn_path(path: &Path) -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let mut p = path.as_os_str().to_owned();
    p.push(format!(".torn-{stamp}"));
    PathBuf::from(p)
}

impl AppendLog {
    /// Opens (creating it owner-only) the log at `path`, setting aside a torn last line.
    pub fn open(path: &Path) -> io::Result<Opened> {
        let mut file = super::private_file::open_append(path)?;
        file.lock()?;
        let result = (|| -> io::Result<(Vec<String>, Option<PathBuf>)> {
            let mut bytes = Vec::new();
            file.seek(SeekFrom::Start(0))?;
            file.read_to_end(&mut bytes)?;
            let (lines, rest) = split(&bytes);
            let mut torn = None;
            if !rest.is_empty() {
                let side = torn_path(path);
                let mut f = super::private_file::open_append(&side)?;
                f.write_all(rest)?;
                f.sync_all()?;
                file.set_len((bytes.len() - rest.len()) as u64)?;
                file.sync_all()?;
                tracing::warn!(path = %path.display(), side = %side.display(), "torn last line set aside");
                torn = Some(side);
            }
            Ok((lines, torn))
        })();
        let unlocked = file.unlock();
        let (lines, torn) = result?;
        unlocked?;
        Ok(Opened {
            log: AppendLog {
                path: path.to_path_buf(),
                file,
            },
            lines,
            torn,
        })
    }

    /// The complete lines of the file at `path` (none if it does not exist); a torn last line
    /// is left out, and left in place.
    pub fn read(path: &Path) -> io::Result<Vec<String>> {
        match std::fs::read(path) {
            Ok(bytes) => Ok(split(&bytes).0),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `line` and a newline as one write, then syncs it to disk. On failure the file is
    /// cut back to its length before, so no partial line stays behind where that is possible.
    pub fn append(&mut self, line: &str) -> io::Result<()> {
        let mut buf = Vec::with_capacity(line.len() + 1);
        buf.extend_from_slice(line.as_bytes());
        buf.push(b'\n');
        self.file.lock()?;
        let result = (|| -> io::Result<()> {
            let before = self.file.metadata()?.len();
            let written = self
                .file
                .write_all(&buf)
                .and_then(|()| self.file.sync_data());
            if let Err(e) = written {
                let _ = self.file.set_len(before);
                let _ = self.file.sync_data();
                return Err(e);
            }
            Ok(())
        })();
        let unlocked = self.file.unlock();
        result?;
        unlocked
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_torn_last_line_is_set_aside_and_records_around_it_stay_readable() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("j.jsonl");
        {
            let mut o = AppendLog::open(&path).expect("open");
            assert!(o.lines.is_empty() && o.torn.is_none());
            o.log.append("{\"n\":1}").expect("append");
            o.log.append("{\"n\":2}").expect("append");
        }
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .expect("open");
        f.write_all(b"{\"n\":3,\"half").expect("torn");
        assert_eq!(AppendLog::read(&path).expect("read").len(), 2);
        let mut o = AppendLog::open(&path).expect("reopen");
        assert_eq!(o.lines, vec!["{\"n\":1}", "{\"n\":2}"]);
        let side = o.torn.clone().expect("set aside");
        assert_eq!(std::fs::read(&side).expect("side"), b"{\"n\":3,\"half");
        assert_eq!(
            std::fs::metadata(&side).expect("meta").permissions().mode() & 0o777,
            0o600
        );
        o.log.append("{\"n\":4}").expect("append");
        assert_eq!(
            AppendLog::read(&path).expect("read"),
            vec!["{\"n\":1}", "{\"n\":2}", "{\"n\":4}"]
        );
        assert_eq!(
            std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777,
            0o600
        );
    }
}
