//! `completions SHELL` and `man`: generated for every shell clap_complete knows, naming the
//! subcommands and (bash, zsh, fish) the config's accounts; the man page is roff that `man` renders.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::clean_command;
use crate::support::syncenv::text;

#[test]
fn a_completion_script_generates_for_each_shell_with_the_configs_accounts() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/config.toml"),
        "[accounts.acme]\n[accounts.lab]\nbase_url = \"http://127.0.0.1:8080/api/v3\"\n",
    )
    .unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = clean_command(home.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", text(&out));
        let script = String::from_utf8(out.stdout).unwrap();
        for word in ["proofhub-tui", "export", "sync", "read-only"] {
            assert!(script.contains(word), "{shell}: no {word:?} in the script");
        }
        // Elvish's and PowerShell's scripts from clap_complete complete no values.
        if ["bash", "zsh", "fish"].contains(&shell) {
            for account in ["acme", "lab"] {
                assert!(script.contains(account), "{shell}: no account {account:?}");
            }
        }
    }
}

#[test]
fn the_bash_script_is_valid_bash() {
    let home = tempfile::tempdir().unwrap();
    let out = clean_command(home.path())
        .args(["completions", "bash"])
        .output()
        .unwrap();
    let path = home.path().join("proofhub-tui.bash");
    std::fs::write(&path, &out.stdout).unwrap();
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", text(&check));
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let out = clean_command(home.path())
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
#[ignore = "needs man"]
fn the_man_page_renders() {
    crate::support::need_tool("man");
    let home = tempfile::tempdir().unwrap();
    let out = clean_command(home.path()).arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let roff = String::from_utf8(out.stdout).unwrap();
    assert!(roff.contains(".TH proofhub-tui 1"), "{roff}");
    let page = home.path().join("proofhub-tui.1");
    std::fs::write(&page, roff).unwrap();
    let shown = std::process::Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
        .unwrap();
    let shown_text = String::from_utf8_lossy(&shown.stdout).to_string();
    assert!(shown.status.success(), "{}", text(&shown));
    for part in [
        "NAME",
        "SYNOPSIS",
        "SUBCOMMANDS",
        "proofhub-tui-export",
        "--base-url",
        "Exit codes",
    ] {
        assert!(shown_text.contains(part), "no {part:?} in:\n{shown_text}");
    }
}
