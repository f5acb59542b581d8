//! The binary gives the memory it frees back to the system within 10 ms (`src/allocator.rs`:
//! mimalloc 3 would keep it for a second, 10–20 MB of the console's peak at 100,000 people),
//! unless `MIMALLOC_PURGE_DELAY` in the environment says otherwise; its debug log says which.

use std::path::Path;

/// The allocator's line in the debug log of `info` (no account given: it stops there).
fn allocator_line(purge_env: Option<&str>) -> String {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = crate::support::clean_command(home.path());
    cmd.env("PROOFHUB_TUI_LOG", "debug")
        .env_remove("MIMALLOC_PURGE_DELAY")
        .arg("info");
    if let Some(ms) = purge_env {
        cmd.env("MIMALLOC_PURGE_DELAY", ms);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.code().is_some(), "{out:?}");
    let log = find_log(home.path()).expect("a log file under the home");
    let text = std::fs::read_to_string(log).unwrap();
    text.lines()
        .find(|l| l.contains("allocator:"))
        .unwrap_or_else(|| panic!("no allocator line in the log:\n{text}"))
        .to_string()
}

fn find_log(dir: &Path) -> Option<std::path::PathBuf> {
    for entry in std::fs::read_dir(dir).ok()? {
        let path = entry.ok()?.path();
        if path.is_dir() {
            if let Some(found) = find_log(&path) {
                return Some(found);
            }
        } else if path.extension().is_some_and(|e| e == "log") {
            return Some(path);
        }
    }
    None
}

#[test]
#[cfg(not(feature = "system-allocator"))]
fn the_binary_gives_freed_memory_back_within_10_ms_unless_the_environment_says_otherwise() {
    let set = allocator_line(None);
    assert!(
        set.contains("after 10 ms") && !set.contains("not set"),
        "{set}"
    );
    let asked = allocator_line(Some("250"));
    assert!(
        asked.contains("after 250 ms") && asked.contains("not set here"),
        "{asked}"
    );
}
