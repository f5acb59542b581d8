//! The `sim` subcommand as a user runs it: first stdout line is the base URL, it answers, and
//! bad flags are refused with exit code 2 and one line.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use proofhub_tui::sim::data::AccountData;
use serde_json::Value;

use super::common::{UA, client};

const BIN: &str = env!("CARGO_BIN_EXE_proofhub-tui");

/// Kills the child on drop so a failing test leaves no server behind.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `proofhub-tui ARGS` (stdout piped, stderr dropped) and reads its first stdout line.
async fn spawn_first_line(args: &[&str]) -> (Child, String) {
    let mut child = Child(
        Command::new(BIN)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("starts"),
    );
    let stdout = child.0.stdout.take().expect("stdout");
    let first = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .expect("joined")
    .expect("a first line");
    (child, first)
}

#[tokio::test]
async fn sim_prints_its_base_url_first_and_answers() {
    for (profile, header, value) in [
        ("v3", "X-API-KEY", "t0ken"),
        ("guide", "Authorization", "Bearer t0ken"),
    ] {
        let (_child, first) = spawn_first_line(&[
            "sim",
            "--profile",
            profile,
            "--token",
            "t0ken",
            "--rate",
            "100/1",
        ])
        .await;
        let url = first.trim_end();
        assert!(
            url.starts_with("http://127.0.0.1:") && url.ends_with("/api/v3"),
            "{url:?}"
        );
        let body: Value = client()
            .get(format!("{url}/people"))
            .header("User-Agent", UA)
            .header(header, value)
            .send()
            .await
            .expect("answered")
            .json()
            .await
            .expect("json");
        let expected = if profile == "v3" { 100 } else { 25 };
        assert_eq!(body.as_array().map(Vec::len), Some(expected), "{profile}");
    }
}

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN).args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_flag_values_exit_2_with_one_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{not json").expect("write");
    let broken = broken.to_string_lossy().into_owned();
    for args in [
        vec!["sim", "--rate", "0/10"],
        vec!["sim", "--rate", "abc"],
        vec!["sim", "--rate", "10/0"],
        vec!["sim", "--fail-rate", "150"],
        vec!["sim", "--data", "/nonexistent/account.json"],
        vec!["sim", "--data", &broken],
        vec!["sim", "--people", "0"],
        vec!["sim", "--profile", "v4"],
        vec!["sim", "--page-cap", "0"],
        vec!["sim", "--page-cap", "101"],
    ] {
        let (code, stderr) = run(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(!stderr.trim().is_empty(), "{args:?} says why");
        if args[1] != "--profile" && args[1] != "--page-cap" {
            assert_eq!(
                stderr.trim().lines().count(),
                1,
                "{args:?}: one line: {stderr}"
            );
        }
    }
}

#[test]
fn write_data_writes_a_loadable_account_and_exits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("big.json");
    let out_s = out.to_string_lossy().into_owned();
    let (code, stderr) = run(&[
        "sim",
        "--people",
        "300",
        "--projects",
        "12",
        "--seed",
        "9",
        "--write-data",
        &out_s,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let loaded = AccountData::load(&out).expect("loads");
    assert_eq!(loaded, AccountData::generate(300, 12, 9));
    // And it round-trips through --data.
    let again = dir.path().join("again.json");
    let again_s = again.to_string_lossy().into_owned();
    let (code, _) = run(&["sim", "--data", &out_s, "--write-data", &again_s]);
    assert_eq!(code, 0);
    assert_eq!(AccountData::load(&again).expect("loads"), loaded);
}

#[test]
fn sim_stops_cleanly_on_sigterm() {
    let mut child = Child(
        Command::new(BIN)
            .args(["sim"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("starts"),
    );
    let mut line = String::new();
    BufReader::new(child.0.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("a first line");
    assert!(line.starts_with("http://127.0.0.1:"));
    let pid = child.0.id().to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.0.wait().expect("exits");
    assert_eq!(status.code(), Some(0), "SIGTERM is a normal stop");
}

#[tokio::test]
async fn fail_rate_and_latency_flags_take_effect() {
    let (_child, url) = spawn_first_line(&["sim", "--fail-rate", "100", "--latency", "1"]).await;
    let root = url.trim().trim_end_matches("/api/v3").to_string();
    let r = client()
        .get(format!("{}/people", url.trim()))
        .header("User-Agent", UA)
        .header("X-API-KEY", "demo-token")
        .send()
        .await
        .expect("answered");
    assert!(r.status() == 500 || r.status() == 503, "{}", r.status());
    let faults: Value = client()
        .get(format!("{root}/__sim/faults"))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("json");
    assert_eq!(faults["fail_rate"], 100.0);
    assert_eq!(faults["latency_ms"], 1);
}

#[tokio::test]
async fn quirk_flags_take_effect() {
    let (_child, url) = spawn_first_line(&[
        "sim",
        "--profile",
        "guide",
        "--page-cap",
        "50",
        "--refuse-bearer",
        "--micro-stamps",
    ])
    .await;
    let people = format!("{}/people?per_page=100", url.trim());
    let bearer = client()
        .get(&people)
        .header("User-Agent", UA)
        .bearer_auth("demo-token")
        .send()
        .await
        .expect("answered");
    assert_eq!(bearer.status(), 401, "--refuse-bearer");
    let list: Value = client()
        .get(&people)
        .header("User-Agent", UA)
        .header("X-API-KEY", "demo-token")
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("json");
    let list = list.as_array().expect("a list");
    assert_eq!(list.len(), 50, "--page-cap 50");
    assert!(
        list[0]["created_at"]
            .as_str()
            .is_some_and(|s| s.contains('.')),
        "--micro-stamps: {}",
        list[0]["created_at"]
    );
}
