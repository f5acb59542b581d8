//! Files only their owner may read: the journal, the sync ledger and the log hold people's
//! records (tombstones, before/after values), which other users of a shared jump host must not
//! read. One place opens them, so every such file gets the same guarantees.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Opens `path` for appending, creating it with mode 0600 and its missing directories with
/// mode 0700. A file that already exists with wider permissions (an older version, a copy) is
/// narrowed to 0600.
pub fn open_append(path: &Path) -> io::Result<File> {
    if let Some(dir) = path.parent() {
        create_missing_dirs(dir)?;
    }
    let mut opts = OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let file = opts.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if file.metadata()?.permissions().mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(file)
}

/// Creates `dir` and its missing parents, owner-only. An existing directory is left alone: it
/// may be the user's own working directory.
fn create_missing_dirs(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.exists() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).map_or(0, |m| m.permissions().mode() & 0o777)
    }

    #[test]
    fn new_files_and_directories_are_owner_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a/b/journal.jsonl");
        open_append(&path).expect("opens");
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir.path().join("a/b")), 0o700);
    }

    #[test]
    fn a_readable_file_is_narrowed_and_an_existing_directory_left_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
        let path = dir.path().join("plan.ledger.jsonl");
        std::fs::write(&path, "old\n").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        open_append(&path).expect("opens");
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(dir.path()), 0o755);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "old\n");
    }
}
