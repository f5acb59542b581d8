//! Progress on long headless work (README "Export", "Directory sync"): the line is drawn only
//! on a terminal stderr, so a pipe or file gets no progress bytes (no `\r`, no escape
//! sequences, no "loading"); `--quiet` silences progress and chatter; in a terminal (tmux) a
//! rate-limited export shows done/total or "waiting … for the rate limit".
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Output;

use crate::support::per_profile;
use crate::support::syncenv::{self, Home, text};
use crate::support::tmux::{BIN, SimProcess, Tmux};

fn assert_no_progress(out: &Output, what: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{what}: {}", text(out));
    for bad in ["\r", "\x1b", "loading ", "applying:", "waiting "] {
        assert!(
            !err.contains(bad),
            "{what}: progress {bad:?} on a non-terminal stderr: {err:?}"
        );
    }
}

/// The export written to a file, as CSV the sync source reads back.
fn export(home: &Home, sim: &proofhub_tui::sim::Sim, extra: &[&str]) -> Output {
    home.bare(sim.token())
        .arg("--base-url")
        .arg(sim.base_url())
        .arg("export")
        .arg("--out")
        .arg(home.file("people.csv"))
        .args(extra)
        .output()
        .expect("export runs")
}

/// A source renaming the first non-owner: a one-item plan (no deletes, memberships untouched).
fn rename_source(sim: &proofhub_tui::sim::Sim) -> String {
    let data = sim.snapshot();
    let p = &data.people[1];
    format!("email,name\n{},Renamed For Progress\n", p.email)
}

per_profile! {
    #[tokio::test(flavor = "multi_thread")]
    async fn export_and_sync_draw_no_progress_off_a_terminal_and_quiet_silences_chatter(profile) {
        let sim = syncenv::start(profile).await;
        let home = Home::new();

        let out = export(&home, &sim, &[]);
        assert_no_progress(&out, "export");
        let quiet = export(&home, &sim, &["--quiet"]);
        assert_no_progress(&quiet, "export --quiet");
        assert!(quiet.stderr.is_empty(), "{profile}: export --quiet: {}", text(&quiet));

        let src = home.file("rename.csv");
        std::fs::write(&src, rename_source(&sim)).unwrap();
        let plan_to_stdout = |extra: &[&str]| {
            home.bare(sim.token())
                .arg("--base-url")
                .arg(sim.base_url())
                .args(["sync", "plan", "--source"])
                .arg(&src)
                .args(extra)
                .output()
                .expect("plan runs")
        };
        let chatty = plan_to_stdout(&[]);
        assert_no_progress(&chatty, "sync plan");
        assert!(
            String::from_utf8_lossy(&chatty.stderr).contains("plan: "),
            "{profile}: without --quiet the summary goes to stderr: {}",
            text(&chatty)
        );
        let quiet = plan_to_stdout(&["--quiet"]);
        assert_no_progress(&quiet, "sync plan --quiet");
        assert!(quiet.stderr.is_empty(), "{profile}: sync plan --quiet: {}", text(&quiet));
        assert!(!quiet.stdout.is_empty(), "{profile}: the plan still goes to stdout");

        let plan = home.plan(&sim, &rename_source(&sim), &[]);
        let applied = home
            .bare(sim.token())
            .args(["sync", "apply", "--yes", "--quiet"])
            .arg(&plan)
            .output()
            .expect("apply runs");
        assert_no_progress(&applied, "sync apply --quiet");
        assert!(applied.stderr.is_empty(), "{profile}: sync apply --quiet: {}", text(&applied));
        assert!(
            String::from_utf8_lossy(&applied.stdout).contains("applied: "),
            "{profile}: the outcome still goes to stdout: {}",
            text(&applied)
        );
        let again = home.plan(&sim, &rename_source(&sim), &[]);
        let chatty = home.apply(sim.token(), &again);
        assert_no_progress(&chatty, "sync apply");
    }
}

#[test]
#[ignore = "needs tmux"]
fn a_rate_limited_export_in_a_terminal_shows_its_progress() {
    crate::support::need_tool("tmux");
    let sim = SimProcess::start_with("v3", &["--rate", "5/1", "--people", "800"]);
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("config.toml"), "pacing = \"5/1\"\n").unwrap();
    let home_env = format!("PROOFHUB_TUI_HOME={}", home.path().display());
    let shell = format!(
        "'{BIN}' --config '{}' --base-url '{}' export --out '{}'; echo \"exit=$?\"; exec sleep 600",
        home.path().join("config.toml").display(),
        sim.base_url,
        home.path().join("out.csv").display()
    );
    let tmux = Tmux::start(
        "progress",
        (80, 24),
        &[
            "PROOFHUB_TOKEN=demo-token",
            &home_env,
            "TERM=xterm-256color",
        ],
        &shell,
    );
    let screen = tmux.wait_for(
        "a progress line with done/total or the rate-limit wait",
        |s| {
            s.contains("waiting") && s.contains("for the rate limit")
                || s.lines().any(|l| {
                    l.contains("loading ") && l.split_whitespace().any(|w| w.contains('/'))
                })
        },
    );
    assert!(
        screen.lines().all(|l| l.chars().count() <= 80),
        "the line fits the terminal:\n{screen}"
    );
    let done = tmux.wait_for("the export exits 0", |s| s.contains("exit=0"));
    assert!(
        !done.contains("loading "),
        "the progress line is cleared when the export ends:\n{done}"
    );
}
