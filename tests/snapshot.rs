//! The encrypted snapshot (#13 items 1 and 2), end to end: the real binary in tmux against a
//! `proofhub-tui sim` child process, in both profiles, the token from `PROOFHUB_TOKEN` and so
//! the key in a key file (`[snapshot] key = "file"`, the explicit choice such a setup needs).
//!
//! Start → full load → quit saves it; the next start shows it marked in the header while every
//! request fails (the simulator's request log holds no answered request then), and swaps to live
//! data once the load completes. A flipped byte, a cut-off file and another account's file are
//! refused with a message and the console loads live. The file is 0600, holds no token, and
//! `logout` removes it; `info` says which rule applies.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use crate::support;
use crate::support::per_profile;
use crate::support::tmux::{SimProcess, Tmux};

use proofhub_tui::local::paths::Paths;
use proofhub_tui::local::snapshot::{self, Binding, KeyHome, SnapshotStore};

const TOKEN: &str = "demo-token";

pub(crate) fn header(screen: &str) -> &str {
    screen.lines().next().unwrap_or_default()
}

fn name(profile: proofhub_tui::model::profile::Profile) -> &'static str {
    profile.as_str()
}

/// A home whose config paces at the test rate and keeps the snapshot key in a file.
pub(crate) fn home_with_key_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("snapshot-config.toml");
    std::fs::write(&config, "pacing = \"25/0.2\"\n[snapshot]\nkey = \"file\"\n").expect("config");
    (dir, config)
}

pub(crate) fn console(test: &str, sim: &SimProcess, home: &Path, config: &Path) -> Tmux {
    let config_arg = format!("--config '{}'", config.display());
    Tmux::console(test, sim, home, &[&config_arg])
}

fn snapshot_file(home: &Path, sim: &SimProcess) -> PathBuf {
    snapshot::file_of(&Paths::under(home), &sim.base_url, &sim.base_url)
}

/// The simulator's faults, replaced (`PUT /__sim/faults`).
fn set_faults(sim: &SimProcess, faults: serde_json::Value) {
    let root = sim.base_url.split("/api/").next().unwrap().to_string();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = reqwest::Client::new();
        let status = client
            .put(format!("{root}/__sim/faults"))
            .json(&faults)
            .send()
            .await
            .unwrap()
            .status();
        assert!(status.is_success(), "faults: {status}");
        client
            .delete(format!("{root}/__sim/requests"))
            .send()
            .await
            .unwrap();
    });
}

/// Starts the console, waits for the full load, quits: the snapshot is saved.
pub(crate) fn first_run(test: &str, sim: &SimProcess, home: &Path, config: &Path) -> String {
    let tmux = console(test, sim, home, config);
    let screen = tmux.wait_for("the full load", |s| {
        s.contains("loaded ") && s.contains(" people and ")
    });
    assert!(!header(&screen).contains("snapshot"), "{screen}");
    quit(&tmux);
    assert!(
        snapshot_file(home, sim).exists(),
        "a complete load leaves a snapshot"
    );
    screen
}

/// The console's store for `sim` in `home` (label = base URL, profile auto, key file).
fn store(home: &Path, sim: &SimProcess) -> SnapshotStore {
    SnapshotStore::new(
        &Paths::under(home),
        Binding {
            account: sim.base_url.clone(),
            base_url: sim.base_url.clone(),
            profile: "auto".into(),
        },
        KeyHome::File,
    )
}

/// `q`, and the console exits 0.
pub(crate) fn quit(tmux: &Tmux) {
    tmux.keys(&["q"]);
    tmux.wait_for("a clean exit", |s| s.contains("exit=0"));
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

per_profile! {
    #[test]
    #[ignore = "needs tmux"]
    fn the_next_start_shows_the_snapshot_before_any_request_completes(profile) {
        support::need_tool("tmux");
        let sim = SimProcess::start(name(profile));
        let (dir, config) = home_with_key_file();
        let home = dir.path();
        first_run(&format!("snap-first-{}", name(profile)), &sim, home, &config);

        // Owner-only, and no token in it, nor in what it decrypts to.
        let file = snapshot_file(home, &sim);
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(&snapshot::key_file_of(&file)), 0o600);
        let bytes = std::fs::read(&file).unwrap();
        assert!(!bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()));
        let snap = store(home, &sim).read().unwrap().expect("the snapshot opens with its key");
        let plain = serde_json::to_string(&snap.account).unwrap();
        assert!(!plain.contains(TOKEN), "no snapshot holds the token");
        assert!(!snap.account.people.is_empty());

        // Every request fails now: whatever the console shows came from the snapshot.
        set_faults(&sim, serde_json::json!({ "fail_rate": 100.0 }));
        let tmux = console(&format!("snap-second-{}", name(profile)), &sim, home, &config);
        let screen = tmux.wait_for("the snapshot in the header", |s| {
            header(s).contains("snapshot from just now")
        });
        let requests = sim.control("requests");
        let answered_ok = requests
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| (200..300).contains(&r["status"].as_u64().unwrap_or(0)))
            .count();
        assert_eq!(answered_ok, 0, "no request completed:\n{requests}");
        assert!(header(&screen).contains("refreshing…"), "{screen}");
        let shown = format!("showing the snapshot of {} people", snap.account.people.len());
        tmux.keys(&["m"]);
        tmux.wait_for(&shown, |s| s.contains(&shown));
        tmux.keys(&["m"]);

        // The load gives up, and the snapshot stays, marked.
        tmux.wait_for("the failed live load", |s| {
            header(s).contains("snapshot from just now, live load failed")
        });
        // The server answers again: a reload completes and live data replaces the snapshot,
        // with the count of what changed since (nothing here).
        set_faults(&sim, serde_json::json!({}));
        tmux.keys(&["r"]);
        tmux.wait_for("live data in place of the snapshot", |s| {
            header(s).contains("no changes") && !header(s).contains("snapshot")
        });
        // The complete live load was saved in its place.
        tmux.wait_for("a newer snapshot", |_| {
            store(home, &sim).taken_at() > Some(snap.taken_at)
        });
        quit(&tmux);
    }
}

per_profile! {
    #[test]
    #[ignore = "needs tmux"]
    fn tampered_truncated_and_foreign_snapshots_are_refused_and_the_console_loads_live(profile) {
        support::need_tool("tmux");
        let sim = SimProcess::start(name(profile));
        let other = SimProcess::start(name(profile));
        let (dir, config) = home_with_key_file();
        let home = dir.path();
        let p = name(profile);
        first_run(&format!("snap-t0-{p}"), &sim, home, &config);
        first_run(&format!("snap-t1-{p}"), &other, home, &config);
        let file = snapshot_file(home, &sim);
        let good = std::fs::read(&file).unwrap();

        let mut flipped = good.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0x01;
        let cut = good[..good.len() - 40].to_vec();
        // The other simulator's snapshot (and its key) under this account's names.
        let foreign = std::fs::read(snapshot_file(home, &other)).unwrap();
        let foreign_key = std::fs::read(snapshot::key_file_of(&snapshot_file(home, &other))).unwrap();

        for (case, bytes, says) in [
            ("flipped", flipped, "integrity check"),
            ("cut", cut, "integrity check"),
            ("foreign", foreign, "another account"),
        ] {
            let key = snapshot::key_file_of(&file);
            let saved_key = std::fs::read(&key).unwrap();
            if case == "foreign" {
                std::fs::write(&key, &foreign_key).unwrap();
            }
            std::fs::write(&file, &bytes).unwrap();
            let tmux = console(&format!("snap-{case}-{p}"), &sim, home, &config);
            let screen = tmux.wait_for("the refusal", |s| s.contains("snapshot refused"));
            assert!(!header(&screen).contains("snapshot from"), "{case}:\n{screen}");
            tmux.keys(&["m"]);
            tmux.wait_for(says, |s| s.contains(says));
            tmux.keys(&["m"]);
            // The console loaded live: its complete load saved a snapshot that opens again.
            tmux.wait_for("the live load's snapshot", |_| {
                store(home, &sim).read().is_ok_and(|s| s.is_some())
            });
            quit(&tmux);
            // The live load saved a good snapshot over the refused one.
            std::fs::write(&key, &saved_key).unwrap();
            let _ = std::fs::remove_file(&file);
        }
    }
}

#[test]
fn logout_removes_the_snapshot_and_its_key_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let url = "http://127.0.0.1:9/api/v3";
    let store = SnapshotStore::new(
        &Paths::under(home),
        Binding {
            account: url.into(),
            base_url: url.into(),
            profile: "auto".into(),
        },
        KeyHome::File,
    );
    store
        .save(
            &proofhub_tui::model::account::Account::default(),
            chrono::Utc::now(),
            &proofhub_tui::model::snapshot::Preview::of(
                &proofhub_tui::model::account::Account::default(),
                &[],
                chrono::Utc::now(),
            ),
        )
        .unwrap();
    assert!(store.path().exists());
    let out = support::clean_command(home)
        .args(["logout", "--base-url", url])
        .env("PROOFHUB_TUI_KEYRING", "keyutils")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Snapshot of"), "{stdout}");
    assert!(!store.path().exists(), "no snapshot file after logout");
    assert!(!snapshot::key_file_of(store.path()).exists());
}

#[test]
fn info_says_whether_a_snapshot_is_kept_and_where_its_key_lives() {
    let sim = SimProcess::start("v3");
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let info = |config: &str| {
        let mut cmd = support::command(&sim.base_url, TOKEN, home);
        std::fs::write(home.join("config.toml"), config).unwrap();
        let out = cmd.args(["info", "--json"]).output().unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["snapshot"].clone()
    };
    let off = info("pacing = \"25/0.2\"\n");
    assert_eq!(off["kept"], false, "{off}");
    assert_eq!(off["off"], "env_token", "{off}");
    let file = info("pacing = \"25/0.2\"\n[snapshot]\nkey = \"file\"\n");
    assert_eq!(file["kept"], true, "{file}");
    assert_eq!(file["key"], "file", "{file}");
    assert!(
        file["key_file"].as_str().unwrap().ends_with(".key"),
        "{file}"
    );
    let path = file["file"].as_str().unwrap();
    assert!(
        path.starts_with(&home.join("cache/snapshots").display().to_string()),
        "{file}"
    );
    assert_eq!(file["saved_at"], serde_json::Value::Null, "none saved yet");
    let keyring = info("pacing = \"25/0.2\"\n[snapshot]\nkey = \"keyring\"\n");
    assert_eq!(keyring["key"], "keyring", "{keyring}");
    let disabled = info("pacing = \"25/0.2\"\n[snapshot]\nenabled = false\nkey = \"file\"\n");
    assert_eq!(disabled["off"], "config", "{disabled}");

    let mut cmd = support::command(&sim.base_url, TOKEN, home);
    std::fs::write(home.join("config.toml"), "pacing = \"25/0.2\"\n").unwrap();
    let out = cmd.arg("info").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("off: the token comes from PROOFHUB_TOKEN"),
        "{text}"
    );
}

#[test]
#[ignore = "needs tmux"]
fn no_snapshot_neither_shows_nor_saves_one() {
    support::need_tool("tmux");
    let sim = SimProcess::start("v3");
    let (dir, config) = home_with_key_file();
    let home = dir.path();
    let config_arg = format!("--config '{}'", config.display());
    let tmux = Tmux::console("snap-off", &sim, home, &[&config_arg, "--no-snapshot"]);
    tmux.wait_for("the full load", |s| s.contains("loaded 250 people"));
    quit(&tmux);
    assert!(
        !snapshot_file(home, &sim).exists(),
        "--no-snapshot saves none"
    );

    first_run("snap-on", &sim, home, &config);
    let tmux = Tmux::console("snap-off-2", &sim, home, &[&config_arg, "--no-snapshot"]);
    let screen = tmux.wait_for("the full load", |s| s.contains("loaded 250 people"));
    assert!(
        !screen.contains("snapshot"),
        "--no-snapshot shows none:\n{screen}"
    );
    quit(&tmux);
}
