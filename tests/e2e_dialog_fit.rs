//! End to end at 40×12 in tmux: the typed-email modal shows whole or refuses, and Delete never
//! fires from buttons the admin cannot see, also when the terminal shrinks while it is open
//! (the simulator's request log shows no DELETE).
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::tmux;

use serde_json::Value;
use tmux::{SimProcess, Tmux};

fn deletes(sim: &SimProcess) -> usize {
    sim.control("requests")
        .as_array()
        .map_or(0, |a| a.iter().filter(|r| r["method"] == "DELETE").count())
}

fn squashed(screen: &str) -> String {
    screen
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect()
}

fn never_unseen(profile: &str) {
    support::need_tool("tmux");
    let sim = SimProcess::start(profile);
    let home = tempfile::tempdir().expect("temp dir");
    let t = Tmux::console(&format!("fit-{profile}"), &sim, home.path(), &[]);
    t.wait_for("the account to load", |s| s.contains("loaded 250 people"));
    let state = sim.control("state");
    let person: &Value = state["people"]
        .as_array()
        .and_then(|a| a.get(5))
        .expect("a sixth person");
    let email = person["email"].as_str().expect("email").to_string();
    t.text(&format!("/{email}"));
    t.keys(&["Enter"]);

    // At 40×12: open, type, Tab to Delete.
    t.resize(40, 12);
    t.text("D");
    t.wait_for("the review page", |s| s.contains("Offboard"));
    t.keys(&["Enter"]);
    let screen = t.wait_for("the typed-email modal or its refusal", |s| {
        squashed(s).contains("enableDelete") || squashed(s).contains("terminal(thisoneis")
    });
    t.text(&email);
    t.keys(&["Tab"]);
    let screen = if squashed(&screen).contains("enableDelete") {
        t.wait_for("the email typed", |s| {
            squashed(s).contains(&format!(">{email}"))
        })
    } else {
        screen
    };
    let whole = squashed(&screen).contains("[Cancel]") && squashed(&screen).contains("[Delete]");
    assert!(
        whole || squashed(&screen).contains("terminal(thisoneis"),
        "{profile}: at 40×12 neither whole nor refused:\n{screen}"
    );

    // Shrink while it is open (Delete focused): the dialog gives way to the refusal, and
    // Enter deletes nothing.
    t.resize(40, 9);
    t.wait_for("the refusal", |s| {
        squashed(s).contains("terminal(thisoneis40×9)")
    });
    t.keys(&["Enter"]);
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(
        deletes(&sim),
        0,
        "{profile}: Enter at 40×9:\n{}",
        t.capture()
    );
    t.keys(&["Tab", "Tab", "Enter"]);
    assert_eq!(
        deletes(&sim),
        0,
        "{profile}: a DELETE from an unseen button"
    );
    let state = sim.control("state");
    assert!(
        state["people"]
            .as_array()
            .is_some_and(|a| a.iter().any(|p| p["email"] == email.as_str())),
        "{profile}: still there"
    );

    // Back to 80×24: the dialog is whole again, and Esc cancels.
    t.resize(80, 24);
    t.wait_for("the whole dialog", |s| {
        s.contains("[ Cancel ]") && s.contains("[ Delete ]")
    });
    t.keys(&["Escape"]);
    t.wait_for("the cancel", |s| s.contains("nothing was deleted"));
    assert_eq!(deletes(&sim), 0, "{profile}");
}

#[test]
#[ignore = "needs tmux"]
fn delete_never_fires_unseen_v3() {
    never_unseen("v3");
}

#[test]
#[ignore = "needs tmux"]
fn delete_never_fires_unseen_guide() {
    never_unseen("guide");
}
