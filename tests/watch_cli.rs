//! `proofhub-tui watch` (#13 item 5): the real binary against an in-process simulator, both
//! profiles (the bed of `changes_cli`). Changes made through the simulator's API between rounds
//! come out as exactly those JSON lines, also on `--exec`'s stdin; a round that meets 502s is
//! reported and the next one still runs and catches up; the binary never sends a write; SIGTERM
//! ends it with exit 0, between rounds and mid-load, unless every round so far failed.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::Value;

use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::Faults;

use crate::changes_cli::{Bed, Expect, expect_of};
use crate::support::per_profile;

/// A guard against a hang, not a timing assertion: every wait below ends far sooner.
const PATIENCE: Duration = Duration::from_secs(120);

struct Watching {
    child: Child,
    out: Receiver<String>,
    err: Receiver<String>,
    /// Every stderr line so far, for messages.
    said: Vec<String>,
}

fn lines_of(pipe: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl Watching {
    fn start(bed: &Bed, every: &str, extra: &[&str]) -> Watching {
        let mut child = bed
            .cmd()
            .args(["watch", "--every", every])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = lines_of(child.stdout.take().unwrap());
        let err = lines_of(child.stderr.take().unwrap());
        Watching {
            child,
            out,
            err,
            said: Vec::new(),
        }
    }

    /// Waits for a stderr line containing `needle`; returns it.
    fn wait_said(&mut self, needle: &str) -> String {
        let end = Instant::now() + PATIENCE;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.err.recv_timeout(left) {
                Ok(line) => {
                    self.said.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => panic!("no {needle:?} on stderr:\n{}", self.said.join("\n")),
            }
        }
    }

    /// The next `n` event lines.
    fn events(&mut self, n: usize) -> Vec<Value> {
        (0..n)
            .map(|_| {
                let line = self.out.recv_timeout(PATIENCE).unwrap_or_else(|_| {
                    panic!("fewer than {n} events; stderr:\n{}", self.said.join("\n"))
                });
                serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"))
            })
            .collect()
    }

    /// SIGTERM, then its exit code (it must exit on its own).
    fn terminate(&mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        assert!(sent.success());
        let end = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(Instant::now() < end, "still running after SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn set(events: &[Value]) -> BTreeSet<Expect> {
    events.iter().map(expect_of).collect()
}

per_profile! {
    #[test]
    fn watch_prints_exactly_the_changes_of_each_round_survives_502s_and_never_writes(profile) {
        let bed = Bed::new(profile);
        let exec_out = bed.home.path().join("exec.jsonl");
        let exec_env = bed.home.path().join("exec-env.txt");
        let exec = format!(
            "cat >> '{}'; env > '{}'; echo exec-said-this",
            exec_out.display(),
            exec_env.display()
        );
        // Rounds 3 s apart: the test's changes land between two rounds, not across one.
        let mut w = Watching::start(&bed, "3s", &["--exec", &exec]);
        w.wait_said("round 1: the baseline (12 people, 4 projects)");

        let expected = bed.change_account();
        let mut events = w.events(expected.len());
        assert_eq!(set(&events), expected);
        for e in &events {
            assert!(crate::changes_cli::matches_readme(e).contains(&"round".to_string()));
            assert!(e["round"].as_u64().unwrap() >= 2, "{e}");
            assert!(e["email"].as_str().unwrap().contains('@'), "{e}");
            assert!(e["since"].is_string() && e["at"].is_string(), "{e}");
        }

        // Rounds fail while every answer is a 502; the next good one catches up.
        bed.sim.set_faults(Faults {
            html_rate: 100.0,
            ..Faults::default()
        });
        w.wait_said("failed");
        bed.sim.set_faults(Faults::default());
        let change = bed.suspend_someone();
        let after = w.events(1);
        assert_eq!(set(&after), BTreeSet::from([change]));
        let round = after[0]["round"].as_u64().unwrap();
        w.wait_said(&format!("round {}: 0 changes", round + 1));
        events.extend(after);

        // Nothing else came, and --exec got each round's lines on stdin, the token kept from it.
        assert!(w.out.try_recv().is_err(), "no other event");
        let fed: Vec<Value> = std::fs::read_to_string(&exec_out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(fed, events);
        let env = std::fs::read_to_string(&exec_env).unwrap();
        assert!(!env.contains("PROOFHUB_TOKEN"), "{env}");
        assert!(!env.contains(bed.sim.token()), "{env}");

        assert_eq!(w.terminate(), Some(0));
        w.wait_said("stopped by a signal");
        assert!(w.said.iter().any(|l| l == "exec-said-this"), "--exec's output is on stderr");
        bed.assert_binary_never_wrote();
    }
}

per_profile! {
    #[test]
    fn watch_compares_its_first_round_with_the_snapshot_and_stops_mid_load_on_sigterm(profile) {
        let bed = Bed::new(profile);
        let out = bed.run(&["changes", "--quiet"]);
        assert_eq!(out.status.code(), Some(7), "a snapshot is saved");
        let change = bed.suspend_someone();
        let mut w = Watching::start(&bed, "1s", &["--exec", "cat > /dev/null; exit 3"]);
        w.wait_said("the first round compares with the snapshot of ");
        assert_eq!(set(&w.events(1)), BTreeSet::from([change]));
        w.wait_said("round 1: --exec ended with exit status: 3");
        w.wait_said("round 2: 0 changes");

        // Hold every read unanswered: the next round is mid-load when SIGTERM comes.
        bed.sim.set_faults(Faults {
            hold_method: Some("GET".into()),
            ..Faults::default()
        });
        let end = Instant::now() + PATIENCE;
        while !bed.sim.requests().iter().any(|r| r.status == 0) {
            assert!(Instant::now() < end, "no read held");
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(w.terminate(), Some(0));
        w.wait_said("stopped by a signal mid-load");
        bed.sim.set_faults(Faults::default());
        bed.assert_binary_never_wrote();

        // Each good round was saved as the snapshot: `changes` finds nothing since.
        let out = bed.run(&["changes", "--json", "--dry-run"]);
        assert_eq!(out.status.code(), Some(0));
        assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
    }
}

#[test]
fn watch_refuses_an_interval_it_cannot_read_or_below_one_second() {
    let bed = Bed::new(Profile::V3);
    for (every, says) in [
        ("15", "not a duration"),
        ("500ms", "not a duration"),
        ("0s", "shortest"),
        ("31d", "longest"),
    ] {
        let out = bed.run(&["watch", "--every", every]);
        assert_eq!(out.status.code(), Some(2), "{every}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(says),
            "{every}"
        );
    }
    assert!(bed.sim.requests().is_empty());
}

#[test]
fn watch_quiet_prints_the_events_and_no_notes() {
    let bed = Bed::new(Profile::V3);
    let out = bed.run(&["changes", "--quiet"]);
    assert_eq!(out.status.code(), Some(7), "a snapshot is saved");
    let change = bed.suspend_someone();
    let mut w = Watching::start(&bed, "1s", &["--quiet"]);
    assert_eq!(set(&w.events(1)), BTreeSet::from([change]));
    assert_eq!(w.terminate(), Some(0));
    // Read to the end: the pipe closes with the process.
    let notes: Vec<String> = w.err.iter().collect();
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn watch_stopped_when_every_round_failed_exits_non_zero_and_says_so() {
    let bed = Bed::new(Profile::V3);
    // Every answer is an HTML page: no round can load the account.
    bed.sim.set_faults(Faults {
        html_rate: 100.0,
        ..Faults::default()
    });
    let mut w = Watching::start(&bed, "1s", &[]);
    w.wait_said("round 1 failed");
    let code = w.terminate();
    assert!(
        matches!(code, Some(c) if c != 0),
        "nothing was watched, so not exit 0: {code:?}"
    );
    w.wait_said("before any round loaded the account");
    bed.assert_binary_never_wrote();
}
