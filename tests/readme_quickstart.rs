//! The README's "Quick start" commands, run as written: the ones that need no live account
//! (`demo` in a real terminal, `info` without a token) run here; the ones that do (`login`, the
//! console on your account) are named, so a new line in the block must be sorted into one or
//! the other.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::syncenv::text;
use crate::support::tmux::Tmux;

const README: &str = include_str!("../README.md");

/// The commands of the Quick start block, comments cut.
fn quick_start() -> Vec<String> {
    let section = README
        .split("\n## Quick start\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README has a Quick start");
    let block = section
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a sh block");
    block
        .lines()
        .map(|l| l.split(" #").next().unwrap_or(l).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Need a live account (a real ProofHub API key): not run here.
const LIVE: [&str; 2] = [
    "proofhub-tui login --account acme",
    "proofhub-tui --account acme --read-only",
];
const DEMO: &str = "proofhub-tui demo";
const INFO: &str = "proofhub-tui info --account acme";

/// PATH with the built binary's directory first, so `proofhub-tui` runs as the README says.
fn path_with_binary() -> String {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_proofhub-tui"));
    format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[test]
fn every_quick_start_line_is_run_here_or_named_as_needing_an_account() {
    for line in quick_start() {
        assert!(
            line == DEMO || line == INFO || LIVE.contains(&line.as_str()),
            "a new Quick start line, not tested: {line:?}"
        );
    }
    assert!(quick_start().contains(&DEMO.to_string()));
    assert!(quick_start().contains(&INFO.to_string()));
}

/// Without a token `info` shows the paths and the next step, and exits 4 (no token); it sends
/// nothing anywhere.
#[test]
fn quick_start_info_without_a_token_names_the_login_step() {
    let home = tempfile::tempdir().unwrap();
    let mut sh = std::process::Command::new("sh");
    for var in [
        "PROOFHUB_TOKEN",
        "PROOFHUB_BASE_URL",
        "PROOFHUB_ACCOUNT",
        "PROOFHUB_TUI_LOG",
    ] {
        sh.env_remove(var);
    }
    let out = sh
        .env("PATH", path_with_binary())
        .env("PROOFHUB_TUI_HOME", home.path())
        .env("PROOFHUB_TUI_KEYRING", "keyutils")
        .args(["-c", INFO])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(4), "{shown}");
    assert!(
        shown.contains("https://acme.proofhub.com/api/v3"),
        "{shown}"
    );
    assert!(
        shown.contains("run `proofhub-tui login --account acme`"),
        "{shown}"
    );
}

#[test]
#[ignore = "needs tmux"]
fn quick_start_demo_opens_the_console_and_q_quits() {
    crate::support::need_tool("tmux");
    let home = tempfile::tempdir().unwrap();
    let home_env = format!("PROOFHUB_TUI_HOME={}", home.path().display());
    // The session's shell may rebuild PATH at start, so set it in the command itself.
    let shell = format!(
        "export PATH='{}'; {DEMO}; echo \"exit=$?\"; exec sleep 600",
        path_with_binary()
    );
    let tmux = Tmux::start(
        "quickstart",
        (80, 24),
        &["TERM=xterm-256color", &home_env],
        &shell,
    );
    tmux.wait_for("the demo's People view", |s| s.contains("People"));
    tmux.keys(&["q"]);
    tmux.wait_for("the demo exits 0", |s| s.contains("exit=0"));
}
