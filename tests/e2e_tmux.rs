//! End to end: the real binary in tmux against `proofhub-tui sim` (both profiles). Keys are
//! typed into a real terminal and the screen is read back with capture-pane; every wait is a
//! bounded poll for what a user would see, never a fixed sleep.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::tmux;

use std::process::Command;

use tmux::{SimProcess, Tmux};

/// Starts the console in a detached 80×24 tmux session against a fresh simulator. The pane
/// outlives the program (the shell prints its exit code and waits), so the terminal state after
/// quitting can be read. `test` names the tmux socket, one per test.
fn console(test: &str, profile: &str, extra_env: &[&str]) -> (Tmux, SimProcess, tempfile::TempDir) {
    let sim = SimProcess::start(profile);
    let dir = tempfile::tempdir().expect("temp dir");
    let tmux = Tmux::console_with_env(&format!("e2e-{test}"), &sim, dir.path(), &[], extra_env);
    (tmux, sim, dir)
}

fn walk_through(profile: &str) {
    support::need_tool("tmux");
    let (tmux, _sim, _dir) = console(&format!("walk-{profile}"), profile, &[]);

    // The whole account arrives; the hostile name is visible as escaped text.
    tmux.wait_for("the account to load", |s| s.contains("loaded 250 people"));
    assert_eq!(tmux.display("#{alternate_on}"), "1");
    tmux.text("/evil");
    let screen = tmux.wait_for("the filter to find the hostile name", |s| {
        s.contains("/ evil")
    });
    assert!(
        screen.contains("^[[31mEvil"),
        "hostile name shown escaped:\n{screen}"
    );
    tmux.keys(&["Escape", "Escape"]);
    tmux.wait_for("the filter to clear", |s| s.contains("People 250/250"));

    // A misspelt fragment finds the person, best match first.
    tmux.text("/agnszka ptel");
    tmux.wait_for("the filter to find Agnieszka Patel", |s| {
        s.contains("┌ Agnieszka Patel") && s.contains("/ agnszka ptel")
    });
    tmux.keys(&["Enter", "Enter"]);
    let screen = tmux.wait_for("her memberships", |s| {
        s.contains("People › Agnieszka Patel") && s.contains("Projects (3)")
    });
    assert!(screen.contains("▶ Mobile app 2025"), "{screen}");

    // Projects, then a project's members.
    tmux.text("2");
    tmux.wait_for("the Projects view", |s| s.contains("Projects 40/40"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the project's members", |s| {
        s.contains("Projects › ") && s.contains("Members (")
    });

    // Compact at 40×12, then back.
    tmux.resize(40, 12);
    let small = tmux.wait_for("the compact layout", |s| {
        s.lines().count() <= 12 && s.contains("Members (") && !s.contains("Projects › ")
    });
    assert!(small.lines().all(|l| l.chars().count() <= 40), "{small}");
    tmux.resize(80, 24);
    tmux.wait_for("the full layout again", |s| {
        s.contains("Projects › ") && s.contains("Members (")
    });

    // Quit: the shell's screen is back, the cursor shown.
    tmux.text("q");
    tmux.wait_for("the console to exit", |s| s.contains("exit=0"));
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "0",
        "alternate screen left"
    );
    assert_eq!(tmux.display("#{cursor_flag}"), "1", "cursor hidden");
}

#[test]
#[ignore = "needs tmux"]
fn walk_through_v3() {
    walk_through("v3");
}

#[test]
#[ignore = "needs tmux"]
fn walk_through_guide() {
    walk_through("guide");
}

#[test]
#[ignore = "needs tmux"]
fn no_color_keeps_the_selection_visible() {
    support::need_tool("tmux");
    let (tmux, _sim, _dir) = console("no-color", "v3", &["NO_COLOR=1"]);
    tmux.wait_for("the account to load", |s| s.contains("loaded 250 people"));
    let styled = tmux.capture_styled();
    let row = styled
        .lines()
        .find(|l| l.contains('▶'))
        .unwrap_or_else(|| panic!("no selected row:\n{styled}"));
    // Reverse video (SGR 7) reaches the terminal on the selected row, and no colour at all.
    assert!(
        sgr_params(row).contains(&7),
        "selection not reversed: {row:?}"
    );
    let colours: Vec<u16> = sgr_params(&styled)
        .into_iter()
        .filter(|p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
        .collect();
    assert!(colours.is_empty(), "colours under NO_COLOR: {colours:?}");
    tmux.text("q");
    tmux.wait_for("the console to exit", |s| s.contains("exit=0"));
}

/// Every parameter of every SGR sequence (`ESC [ … m`) in `text`.
fn sgr_params(text: &str) -> Vec<u16> {
    let mut out = Vec::new();
    for part in text.split("\u{1b}[").skip(1) {
        if let Some(end) = part.find(|c: char| !(c.is_ascii_digit() || c == ';'))
            && part[end..].starts_with('m')
        {
            out.extend(part[..end].split(';').filter_map(|p| p.parse::<u16>().ok()));
        }
    }
    out
}

#[test]
#[ignore = "needs tmux"]
fn sigterm_restores_the_terminal() {
    support::need_tool("tmux");
    let (tmux, _sim, _dir) = console("sigterm", "guide", &[]);
    tmux.wait_for("the console", |s| s.contains("People "));
    assert_eq!(tmux.display("#{alternate_on}"), "1");
    let shell = tmux.display("#{pane_pid}");
    let console_pid = child_of(&shell)
        .unwrap_or_else(|| panic!("no console process under the pane's shell {shell}"));
    assert!(
        Command::new("sh")
            .args(["-c", &format!("kill -TERM {console_pid}")])
            .status()
            .expect("kill")
            .success()
    );
    tmux.wait_for("the console to exit", |s| s.contains("exit=0"));
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "0",
        "alternate screen left"
    );
    assert_eq!(tmux.display("#{cursor_flag}"), "1", "cursor hidden");
}

/// The first process whose parent is `parent` (read from /proc, so no pgrep is needed).
fn child_of(parent: &str) -> Option<String> {
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid = entry.file_name().to_string_lossy().into_owned();
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // pid (comm) state ppid …; comm may hold spaces, so split after the last ')'.
            let ppid = stat.rsplit_once(')')?.1.split_whitespace().nth(1)?;
            (ppid == parent).then_some(pid)
        })
}
