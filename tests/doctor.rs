//! `proofhub-tui doctor` against the simulator: on the documented v3 and guide simulators every
//! assumption holds; on a simulator started with one quirk (page cap 50, Bearer refused,
//! microsecond stamps) exactly that row is contradicted and says what the tool does
//! differently. Every run: at most 15 requests, all GET, no 429, no e-mail, the account
//! unchanged; `--json` holds no person's name, e-mail or id, no project title and no token.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::{Quirks, Sim, SimOptions};
use serde_json::Value;

use crate::support::{command, per_profile};

/// The documented simulator (its real rate limit: doctor must stay under it on its own).
async fn start(profile: Profile, quirks: Quirks) -> Sim {
    let mut opts = SimOptions::demo(profile);
    opts.token = "doctor-test-token-4f1c".to_string();
    opts.quirks = quirks;
    Sim::start(opts).await.expect("sim starts")
}

const DOCUMENTED: Quirks = Quirks {
    page_cap: 100,
    refuse_bearer: false,
    micro_stamps: false,
    ignore_suspend: false,
};
const CAP_50: Quirks = Quirks {
    page_cap: 50,
    ..DOCUMENTED
};
const NO_BEARER: Quirks = Quirks {
    refuse_bearer: true,
    ..DOCUMENTED
};
const MICROS: Quirks = Quirks {
    micro_stamps: true,
    ..DOCUMENTED
};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn doctor(sim: &Sim, token: &str, extra: &[&str]) -> Run {
    let home = tempfile::tempdir().expect("tempdir");
    let out = command(&sim.base_url(), token, home.path())
        .arg("doctor")
        .args(extra)
        .output()
        .expect("doctor runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// topic → verdict, from `--json`.
fn verdicts(report: &Value) -> BTreeMap<String, String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["topic"].as_str().unwrap().to_string(),
                f["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const TOPICS: &[&str] = &[
    "auth",
    "budget",
    "error_shape",
    "id_types",
    "page_cap",
    "paging",
    "profile",
    "project_members_inline",
    "project_people_endpoint",
    "rate_headers",
    "roles",
    "timestamps",
    "unknown_id",
    "user_agent",
];

/// Runs `doctor --json` and checks what every run must: exit 0, the profile, at most 15
/// requests, all GET, no 429, no e-mail, the account unchanged, nothing private in the JSON.
fn checked_run(sim: &Sim, profile: Profile) -> Value {
    let before = sim.snapshot();
    let run = doctor(sim, sim.token(), &["--json"]);
    assert_eq!(run.code, 0, "{profile}: {}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("--json is JSON");
    assert_eq!(report["profile"], profile.to_string());
    let log = sim.requests();
    assert!(log.len() <= 15, "{profile}: {} requests", log.len());
    assert_eq!(report["requests"], log.len());
    assert!(
        log.iter().all(|r| r.method == "GET"),
        "{profile}: a write was sent"
    );
    assert!(
        log.iter().all(|r| r.status != 429),
        "{profile}: a 429 was provoked"
    );
    assert!(sim.outbox().is_empty(), "{profile}: an e-mail was sent");
    assert_eq!(sim.snapshot(), before, "{profile}: the account changed");
    assert_nothing_private(&run.stdout, sim);
    let topics: Vec<String> = verdicts(&report).into_keys().collect();
    assert_eq!(topics, TOPICS, "{profile}: every row is reported");
    report
}

/// No person's name, e-mail or id, no project title or id, no role id and no token.
fn assert_nothing_private(json: &str, sim: &Sim) {
    let data = sim.snapshot();
    assert!(!json.contains(sim.token()), "the token");
    let words: Vec<&str> = json.split(|c: char| !c.is_alphanumeric()).collect();
    let numbers: Vec<&str> = json
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    for p in &data.people {
        assert!(!json.contains(&p.email), "an e-mail: {}", p.email);
        for name in [&p.first_name, &p.last_name] {
            assert!(
                name.is_empty() || !words.contains(&name.as_str()),
                "a name: {name}"
            );
        }
        assert!(
            !numbers.contains(&p.id.to_string().as_str()),
            "a person id: {}",
            p.id
        );
    }
    for p in &data.projects {
        assert!(!json.contains(&p.title), "a project title: {}", p.title);
        assert!(
            !numbers.contains(&p.id.to_string().as_str()),
            "a project id"
        );
    }
    for r in &data.roles {
        assert!(!numbers.contains(&r.id.to_string().as_str()), "a role id");
    }
}

per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_assumption_holds_on_the_documented_simulator(profile) {
        let sim = start(profile, Quirks::default()).await;
        let report = checked_run(&sim, profile);
        let not_held: Vec<_> = verdicts(&report)
            .into_iter()
            .filter(|(_, v)| v != "held")
            .collect();
        assert!(not_held.is_empty(), "{profile}: {not_held:?}\n{report:#}");
        assert_eq!(report["contradicted"], 0);
    }
}

/// Exactly `topic` is contradicted (and says what the tool does differently); all else holds.
fn only_contradicted(report: &Value, topic: &str) {
    for f in report["findings"].as_array().unwrap() {
        let want = if f["topic"] == topic {
            "contradicted"
        } else {
            "held"
        };
        assert_eq!(f["verdict"], want, "{}: {report:#}", f["topic"]);
        if f["topic"] == topic {
            assert!(
                f["differently"].as_str().is_some_and(|d| !d.is_empty()),
                "{topic} says what changes"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_cap_of_50_is_the_one_contradiction() {
    let sim = start(Profile::V3, CAP_50).await;
    let report = checked_run(&sim, Profile::V3);
    only_contradicted(&report, "page_cap");
    let row = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["topic"] == "page_cap")
        .unwrap();
    assert!(
        row["saw"].as_str().unwrap().contains("a page of 50"),
        "{row}"
    );
    assert!(
        row["differently"]
            .as_str()
            .unwrap()
            .contains("ask for 50 per page"),
        "{row}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bearer_refused_is_the_one_contradiction() {
    let sim = start(Profile::Guide, NO_BEARER).await;
    let report = checked_run(&sim, Profile::Guide);
    only_contradicted(&report, "auth");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn microsecond_stamps_are_the_one_contradiction() {
    let sim = start(Profile::V3, MICROS).await;
    let report = checked_run(&sim, Profile::V3);
    only_contradicted(&report, "timestamps");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_table_shows_what_it_saw_and_each_verdict() {
    let sim = start(Profile::V3, MICROS).await;
    let run = doctor(&sim, sim.token(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.contains("What it saw"), "{out}");
    assert!(out.contains("Our assumptions"), "{out}");
    assert!(out.contains("(profile v3)"), "{out}");
    assert!(
        out.contains("roles: Owner (default), Admin (default), Normal User (default), Client"),
        "{out}"
    );
    let contradicted = out
        .lines()
        .find(|l| l.trim_start().starts_with("contradicted"))
        .expect("a contradicted row");
    assert!(
        contradicted.contains("timestamp granularity"),
        "{contradicted}"
    );
    assert!(out.contains("→ nothing breaks"), "{out}");
    assert!(out.contains("13 held, 1 contradicted, 0 unknown"), "{out}");
    assert!(!out.contains(sim.token()));
}

per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_refused_token_exits_4_after_one_request(profile) {
        let sim = start(profile, Quirks::default()).await;
        let run = doctor(&sim, "not-the-token", &["--json"]);
        assert_eq!(run.code, 4, "{profile}: {}", run.stderr);
        assert!(run.stderr.contains("refused the token"), "{}", run.stderr);
        assert_eq!(sim.requests().len(), 1);
    }
}

#[test]
fn an_unreachable_server_exits_5() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let home = tempfile::tempdir().unwrap();
    let out = command(&format!("http://127.0.0.1:{port}/api/v3"), "t", home.path())
        .arg("doctor")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn start_rated(profile: Profile, requests: u32) -> Sim {
    let mut opts = SimOptions::demo(profile);
    opts.rate = proofhub_tui::sim::RateLimit {
        requests,
        window: std::time::Duration::from_secs(600),
    };
    Sim::start(opts).await.expect("sim starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn it_stops_before_the_stated_rate_window_runs_out() {
    // guide states its window in X-RateLimit-Remaining: doctor stops while 3 are left.
    let sim = start_rated(Profile::Guide, 8).await;
    let run = doctor(&sim, sim.token(), &["--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        report["stopped"]
            .as_str()
            .unwrap()
            .contains("nearly used up"),
        "{report:#}"
    );
    assert!(sim.requests().iter().all(|r| r.status != 429));
    // (The simulator keeps one window per presented key: the probes without the key have their own.)
    assert!(sim.requests().len() < 12, "{}", sim.requests().len());
    assert!(
        report["unknown"].as_u64().unwrap() > 0,
        "rows it could not probe are unknown"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn it_stops_at_the_first_429() {
    // v3 states nothing: a tiny limit (someone else using the key) answers the 5th with 429.
    let sim = start_rated(Profile::V3, 4).await;
    let run = doctor(&sim, sim.token(), &["--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let log = sim.requests();
    assert_eq!(log.iter().filter(|r| r.status == 429).count(), 1);
    assert_eq!(
        log.last().unwrap().status,
        429,
        "nothing is sent after the 429"
    );
    assert!(
        report["stopped"].as_str().unwrap().contains("429"),
        "{report:#}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_cap_doctor_found_is_followed_by_later_commands() {
    let sim = start(Profile::V3, CAP_50).await;
    let home = tempfile::tempdir().unwrap();
    let export = || {
        let out = command(&sim.base_url(), sim.token(), home.path())
            .args(["export", "--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["people"].as_array().unwrap().len()
    };
    assert_eq!(
        export(),
        50,
        "before doctor, the capped list ends after one page"
    );
    let out = command(&sim.base_url(), sim.token(), home.path())
        .arg("doctor")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("saved the page cap"));
    let file = home.path().join("data").join("learned.json");
    let saved = std::fs::read_to_string(&file).unwrap();
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "owner-only");
    assert!(saved.contains("\"page_cap\": 50"), "{saved}");
    assert!(!saved.contains(sim.token()));
    assert_eq!(export(), 250, "after doctor, every page is read at 50");
}
