//! What the admin reads when the keyring cannot help: short, naming the cause, offering only
//! ways out that can work here; `info` calls a store usable only after reading from it; and the
//! test suite's in-memory store is refused as a user's choice.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::clean_command;
use crate::support::syncenv::text;

fn info(home: &std::path::Path, keyring: &str) -> std::process::Output {
    clean_command(home)
        .args(["info", "--base-url", "http://127.0.0.1:1/api/v3"])
        .env("PROOFHUB_TUI_KEYRING", keyring)
        // No desktop session: no Secret Service can answer.
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .env("XDG_RUNTIME_DIR", home)
        .output()
        .unwrap()
}

#[test]
fn the_in_memory_test_store_is_not_a_users_choice() {
    let home = tempfile::tempdir().unwrap();
    let out = info(home.path(), "mock");
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(shown.contains("loses the token"), "{shown}");
    assert!(
        shown.contains("use auto, secret-service or keyutils"),
        "{shown}"
    );

    let out = clean_command(home.path())
        .args([
            "login",
            "--base-url",
            "http://127.0.0.1:1/api/v3",
            "--token-stdin",
        ])
        .env("PROOFHUB_TUI_KEYRING", "mock")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("loses the token"), "{}", text(&out));
}

#[test]
fn a_store_that_fails_is_not_shown_usable_nor_offered_as_the_way_out() {
    let home = tempfile::tempdir().unwrap();
    let out = info(home.path(), "secret-service");
    let shown = text(&out);
    let row = shown
        .lines()
        .find(|l| l.trim_start().starts_with("keyring"))
        .expect("a keyring row");
    assert!(row.contains("not usable"), "{row}");
    assert!(!row.contains("tried: usable"), "{row}");
    assert!(row.contains("PROOFHUB_TOKEN"), "{row}");
    assert!(!row.contains("start a Secret Service"), "{row}");
    // Short: the old message was one 600-character line.
    assert!(
        row.chars().count() < 330,
        "{} chars: {row}",
        row.chars().count()
    );
}

/// The kernel keyring works on this machine (CI's too: the fallback test in keyring.rs relies
/// on it), so `info` reads the entry and only then calls it usable.
#[test]
fn info_calls_a_store_usable_after_reading_from_it() {
    let home = tempfile::tempdir().unwrap();
    let out = info(home.path(), "keyutils");
    let shown = text(&out);
    assert!(
        shown.contains("kernel keyutils session keyring; tried: usable"),
        "{shown}"
    );
    let out = info(home.path(), "auto");
    assert!(
        text(&out)
            .contains("(auto: no Secret Service answered on the D-Bus session bus); tried: usable"),
        "{}",
        text(&out)
    );
}
