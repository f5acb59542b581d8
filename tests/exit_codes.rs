//! Exit codes: one table (`proofhub_tui::cli::exit::CODES`), the same in `--help`, the README
//! and every subcommand; `info` exits 0 only when the account accepts the token. The other
//! codes are produced by scripted cases where they happen: 2 all over, 3 in
//! `sync_faults::drift_*`, 4 in `token_source`, 5 in `keyring::login_refuses_*`, 6 in
//! `sync::apply_with_yes_refuses_past_the_fuse_*` and `plan_binding`, 7 in
//! `changes_cli::changes_against_the_snapshot_*`.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};

use crate::support::syncenv::text;
use proofhub_tui::cli::exit::CODES;
use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::data::AccountData;
use proofhub_tui::sim::{Sim, SimOptions};

const BIN: &str = env!("CARGO_BIN_EXE_proofhub-tui");

/// The binary with our variables unset, every directory under `home`, and a request window of
/// 200 ms so retries against an address that never answers end quickly.
fn command(home: &Path) -> Command {
    let config = home.join("app/config");
    std::fs::create_dir_all(&config).expect("config dir");
    std::fs::write(config.join("config.toml"), "pacing = \"25/0.2\"\n").expect("config");
    let mut cmd = crate::support::clean_command(&home.join("app"));
    cmd.env("PROOFHUB_TUI_KEYRING", "keyutils");
    cmd
}

async fn run(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().expect("the binary runs"))
        .await
        .expect("join")
}

#[test]
fn the_readme_and_help_show_the_same_table_as_the_code() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let help = Command::new(BIN).arg("--help").output().expect("help runs");
    let help = String::from_utf8_lossy(&help.stdout).to_string();
    for (code, meaning) in CODES {
        let row = format!("| {code} | {meaning} |");
        assert!(readme.contains(&row), "README lacks {row:?}");
        let line = format!("  {code}  {meaning}");
        assert!(help.contains(&line), "--help lacks {line:?}:\n{help}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn info_exits_zero_only_when_the_account_accepts_the_token() {
    for profile in Profile::ALL {
        let sim = Sim::start(SimOptions::new(profile, AccountData::generate(3, 1, 1)))
            .await
            .expect("simulator starts");
        let home = tempfile::tempdir().expect("tempdir");

        let mut ok = command(home.path());
        ok.args(["info", "--base-url", &sim.base_url()])
            .env("PROOFHUB_TOKEN", sim.token());
        let out = run(ok).await;
        assert_eq!(out.status.code(), Some(0), "{profile}: {}", text(&out));
        assert!(text(&out).contains("accepts the token"), "{profile}");

        let mut refused = command(home.path());
        refused
            .args(["info", "--base-url", &sim.base_url()])
            .env("PROOFHUB_TOKEN", "not-the-token");
        let out = run(refused).await;
        assert_eq!(out.status.code(), Some(4), "{profile}: {}", text(&out));
        assert!(text(&out).contains("refuses the token"), "{profile}");

        // No token in the environment, none in this home's keyring entry.
        let mut none = command(home.path());
        none.args(["info", "--base-url", &sim.base_url()]);
        let out = run(none).await;
        assert_eq!(out.status.code(), Some(4), "{profile}: {}", text(&out));
        assert!(text(&out).contains("no token"), "{profile}");
        sim.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_server_has_its_own_code_in_every_subcommand() {
    let home = tempfile::tempdir().expect("tempdir");
    let source = home.path().join("people.csv");
    std::fs::write(&source, "email,first_name\na@x.example,A\n").expect("source");
    let source = source.to_str().expect("utf-8 path");
    for args in [
        vec!["info"],
        vec!["export", "--format", "json"],
        vec!["sync", "plan", "--source", source],
        vec!["changes"],
    ] {
        let mut cmd = command(home.path());
        if args == ["changes"] {
            // With the token from the environment, `changes` needs the config to name a
            // place for the snapshot key; else it stops at a usage error before any request.
            let config = home.path().join("app/config/config.toml");
            std::fs::write(config, "pacing = \"25/0.2\"\n[snapshot]\nkey = \"file\"\n")
                .expect("config");
        }
        cmd.args(&args)
            .args(["--base-url", "http://127.0.0.1:9/api/v3"])
            .env("PROOFHUB_TOKEN", "some-token");
        let out = run(cmd).await;
        assert_eq!(out.status.code(), Some(5), "{args:?}: {}", text(&out));
    }
}

#[test]
fn a_usage_error_is_two_and_sends_nothing() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut cmd = command(home.path());
    cmd.args(["export", "--base-url", "http://example.com/api/v3"])
        .env("PROOFHUB_TOKEN", "some-token");
    let out = cmd.output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}
