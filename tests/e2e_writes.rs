//! End to end, writes: the real binary in tmux against `proofhub-tui sim`. Invite a person
//! (exactly one email in the outbox), add them to two projects, edit them, remove one
//! membership, offboard them with a typo first and then the right email; afterwards the
//! simulator has no such person and the journal holds the tombstone. The same keys under
//! `--read-only` change nothing on the server.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::tmux;

use serde_json::Value;
use tmux::{SimProcess, Tmux};

const EMAIL: &str = "erin.e2e@example.org";

fn people_with_email(state: &Value, email: &str) -> usize {
    state["people"].as_array().map_or(0, |a| {
        a.iter()
            .filter(|p| {
                p["email"]
                    .as_str()
                    .is_some_and(|e| e.eq_ignore_ascii_case(email))
            })
            .count()
    })
}

/// Two active projects' titles.
fn two_projects(state: &Value) -> (String, String) {
    let titles: Vec<String> = state["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .filter(|p| p["archived"] != Value::Bool(true))
        .filter_map(|p| p["title"].as_str().map(str::to_string))
        .collect();
    (titles[0].clone(), titles[1].clone())
}

fn memberships_of(state: &Value, id: u64) -> Vec<String> {
    state["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .filter(|p| {
            p["assigned"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x.as_u64() == Some(id)))
        })
        .filter_map(|p| p["title"].as_str().map(str::to_string))
        .collect()
}

fn onboard_and_offboard(profile: &str) {
    support::need_tool("tmux");
    let sim = SimProcess::start(profile);
    let home = tempfile::tempdir().expect("temp dir");
    let t = Tmux::console(&format!("writes-{profile}"), &sim, home.path(), &[]);
    t.wait_for("the account to load", |s| s.contains("loaded 250 people"));
    let (first, second) = two_projects(&sim.control("state"));

    // Invite.
    t.text("i");
    t.wait_for("the invite form", |s| s.contains("Invite a person"));
    t.text("Erin Example");
    t.keys(&["Tab"]);
    t.text(EMAIL);
    t.wait_for("the warning about the email", |s| {
        s.contains("emails the invitation")
    });
    t.keys(&["Enter"]);
    t.wait_for("the invite to finish", |s| {
        s.contains("invited Erin Example")
    });
    let outbox = sim.control("outbox");
    let emails = outbox.as_array().expect("outbox");
    assert_eq!(emails.len(), 1, "{outbox}");
    assert_eq!(emails[0]["to"], EMAIL);
    let state = sim.control("state");
    assert_eq!(people_with_email(&state, EMAIL), 1);
    let id = state["people"]
        .as_array()
        .and_then(|a| a.iter().find(|p| p["email"] == EMAIL))
        .and_then(|p| p["id"].as_u64())
        .expect("the new person's id");

    // Select them, add them to two projects.
    t.text("/erin.e2e");
    t.keys(&["Enter"]);
    t.wait_for("Erin selected", |s| s.contains("┌ Erin Example"));
    for title in [&first, &second] {
        t.text("a");
        t.wait_for("the picker", |s| {
            s.contains("Add Erin Example to a project")
        });
        t.text(title);
        t.keys(&["Enter"]);
        t.wait_for("the add to finish", |s| s.contains("added Erin Example to"));
    }
    let mut both = memberships_of(&sim.control("state"), id);
    both.sort();
    let mut expected = vec![first.clone(), second.clone()];
    expected.sort();
    assert_eq!(both, expected);

    // Edit: v3 the title, guide (which has no title) the company.
    t.text("e");
    t.wait_for("the edit form", |s| s.contains("Edit Erin Example"));
    let tabs = if profile == "v3" { 2 } else { 3 };
    for _ in 0..tabs {
        t.keys(&["Tab"]);
    }
    t.keys(&["C-u"]);
    t.text("Onboarding Lead");
    t.keys(&["Enter"]);
    t.wait_for("the review", |s| s.contains("→ Onboarding Lead"));
    t.keys(&["Enter"]);
    t.wait_for("the save", |s| s.contains("saved Erin Example"));
    let state = sim.control("state");
    let person = state["people"]
        .as_array()
        .and_then(|a| a.iter().find(|p| p["id"].as_u64() == Some(id)))
        .expect("still there")
        .clone();
    let field = if profile == "v3" { "title" } else { "company" };
    assert_eq!(person[field], "Onboarding Lead");
    assert_eq!(person["email"], EMAIL, "other fields kept");

    // Remove one membership from the card.
    t.keys(&["Tab"]);
    t.text("x");
    t.wait_for("the confirmation", |s| s.contains("Remove membership"));
    t.keys(&["Tab", "Enter"]);
    t.wait_for("the removal", |s| s.contains("removed Erin Example from"));
    assert_eq!(memberships_of(&sim.control("state"), id).len(), 1);

    // Offboard: a typo first (Delete stays disabled, Enter cancels), then the right email.
    t.text("D");
    t.wait_for("the review page", |s| s.contains("Offboard Erin Example"));
    t.keys(&["Enter"]);
    t.wait_for("the typed-email modal", |s| s.contains("to enable Delete"));
    t.text("erin.e2e@example.orgg");
    t.wait_for("the typo typed", |s| s.contains("> erin.e2e@example.orgg"));
    // What reaches the terminal: Cancel reversed (focused), Delete struck out (disabled).
    let styled = t.capture_styled();
    assert!(
        tmux::style_before(&styled, "[ Cancel ]").contains(&7),
        "Cancel not focused"
    );
    assert!(
        tmux::style_before(&styled, "[ Delete ]").contains(&9),
        "Delete not disabled"
    );
    t.keys(&["Tab", "Enter"]);
    t.wait_for("the cancel", |s| s.contains("nothing was deleted"));
    assert_eq!(people_with_email(&sim.control("state"), EMAIL), 1);
    t.text("D");
    t.wait_for("the review page", |s| s.contains("Offboard Erin Example"));
    t.keys(&["Enter"]);
    t.wait_for("the typed-email modal", |s| s.contains("to enable Delete"));
    t.text(EMAIL);
    t.keys(&["Tab", "Enter"]);
    t.wait_for("the delete", |s| s.contains("deleted Erin Example"));
    assert_eq!(people_with_email(&sim.control("state"), EMAIL), 0);

    // The journal holds the tombstone, with the membership that was left.
    let journal = home.path().join("data/journal.jsonl");
    let text = std::fs::read_to_string(&journal).expect("journal written");
    let tombstone = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|r| r["phase"] == "tombstone")
        .expect("a tombstone line");
    assert_eq!(tombstone["tombstone"]["person"]["email"], EMAIL);
    assert_eq!(
        tombstone["tombstone"]["memberships"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert!(
        !text.contains("demo-token"),
        "the token reached the journal"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&journal)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // `info` names this file.
    let info = std::process::Command::new(tmux::BIN)
        .arg("info")
        .env("PROOFHUB_TUI_HOME", home.path())
        .env_remove("PROOFHUB_TOKEN")
        .output()
        .expect("info runs");
    let printed = String::from_utf8_lossy(&info.stdout);
    assert!(
        printed
            .lines()
            .any(|l| l.contains("journal") && l.trim_end().ends_with(&*journal.to_string_lossy())),
        "info does not name {}:\n{printed}",
        journal.display()
    );
    t.text("q");
    t.wait_for("the console to exit", |s| s.contains("exit=0"));
}

#[test]
#[ignore = "needs tmux"]
fn onboard_and_offboard_v3() {
    onboard_and_offboard("v3");
}

#[test]
#[ignore = "needs tmux"]
fn onboard_and_offboard_guide() {
    onboard_and_offboard("guide");
}

#[test]
#[ignore = "needs tmux"]
fn read_only_changes_nothing_on_the_server() {
    support::need_tool("tmux");
    let sim = SimProcess::start("v3");
    let before = sim.control("state");
    let home = tempfile::tempdir().expect("temp dir");
    let t = Tmux::console("writes-ro", &sim, home.path(), &["--read-only"]);
    t.wait_for("the account to load", |s| s.contains("loaded 250 people"));
    for k in ["i", "e", "a", "D", "T"] {
        // A harmless key clears the last message, so each explanation is fresh.
        t.text("j");
        t.wait_for("the message cleared", |s| !s.contains("read-only: "));
        t.text(k);
        t.wait_for("the read-only explanation", |s| s.contains("read-only: "));
        let s = t.capture();
        assert!(
            !s.contains("Invite a person") && !s.contains("Offboard"),
            "{s}"
        );
    }
    t.keys(&["Tab"]);
    t.text("x");
    t.wait_for("the read-only explanation", |s| s.contains("read-only: "));
    t.text("q");
    t.wait_for("the console to exit", |s| s.contains("exit=0"));
    let requests = sim.control("requests");
    let writes: Vec<&Value> = requests
        .as_array()
        .expect("requests")
        .iter()
        .filter(|r| r["method"] != "GET")
        .collect();
    assert!(writes.is_empty(), "write requests in read-only: {writes:?}");
    assert_eq!(sim.control("state"), before, "the account changed");
    assert!(sim.control("outbox").as_array().is_some_and(Vec::is_empty));
    assert!(
        !home.path().join("data/journal.jsonl").exists() || {
            std::fs::read_to_string(home.path().join("data/journal.jsonl"))
                .unwrap_or_default()
                .is_empty()
        }
    );
}
