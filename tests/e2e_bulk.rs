//! End to end, bulk actions: the real binary in tmux at 80×24 against `proofhub-tui sim`. Mark
//! three people, add them to a project in one go, then offboard all three with the typed count;
//! the screen says each step and the simulator holds the result.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::tmux;

use serde_json::Value;
use tmux::{SimProcess, Tmux};

fn ids(v: &Value) -> Vec<u64> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default()
}

/// Three people who are not the owner and manage no project, and an active project none of
/// them is in: (emails, ids, project title, project id).
fn three_and_a_project(state: &Value) -> (Vec<String>, Vec<u64>, String, u64) {
    let owner_roles: Vec<u64> = state["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .filter(|r| {
            r["name"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case("owner"))
        })
        .filter_map(|r| r["id"].as_u64())
        .collect();
    let projects = state["projects"].as_array().expect("projects");
    let managers: Vec<u64> = projects
        .iter()
        .filter_map(|p| p["manager"].as_u64())
        .collect();
    let people: Vec<(String, u64)> = state["people"]
        .as_array()
        .expect("people")
        .iter()
        .filter(|p| !p["role"].as_u64().is_some_and(|r| owner_roles.contains(&r)))
        .filter_map(|p| Some((p["email"].as_str()?.to_string(), p["id"].as_u64()?)))
        .filter(|(_, id)| !managers.contains(id))
        .collect();
    for p in projects
        .iter()
        .filter(|p| p["archived"] != Value::Bool(true))
    {
        let assigned = ids(&p["assigned"]);
        let title = p["title"].as_str().unwrap_or_default();
        // A title no other project's contains, so the picker's best match is this one.
        if assigned.is_empty()
            || projects.iter().any(|o| {
                o["id"] != p["id"] && o["title"].as_str().is_some_and(|t| t.contains(title))
            })
        {
            continue;
        }
        let outside: Vec<&(String, u64)> = people
            .iter()
            .filter(|(_, id)| !assigned.contains(id))
            .take(3)
            .collect();
        if outside.len() == 3 {
            return (
                outside.iter().map(|(e, _)| e.clone()).collect(),
                outside.iter().map(|(_, i)| *i).collect(),
                title.to_string(),
                p["id"].as_u64().expect("id"),
            );
        }
    }
    panic!("no project and three people outside it");
}

#[test]
#[ignore = "needs tmux"]
fn marks_then_bulk_add_then_bulk_offboard_with_the_typed_count() {
    support::need_tool("tmux");
    let sim = SimProcess::start("v3");
    let home = tempfile::tempdir().expect("temp dir");
    let t = Tmux::console("bulk-v3", &sim, home.path(), &[]);
    t.wait_for("the account to load", |s| s.contains("loaded 250 people"));
    let (emails, people, title, project) = three_and_a_project(&sim.control("state"));

    // Marks: find each, Space, clear the filter.
    for (n, email) in emails.iter().enumerate() {
        t.text("/");
        t.text(email);
        t.keys(&["Enter"]);
        t.text(" ");
        let want = format!("{} marked", n + 1);
        // The count in the header, the glyph on the (filtered) row.
        t.wait_for("the header's count and the glyph", |s| {
            s.lines().next().is_some_and(|l| l.contains(&want)) && s.contains('●')
        });
        t.keys(&["Escape"]);
        // (Waiting also parts the Esc from the next key, which would read as Alt-/.)
        t.wait_for("the filter cleared", |s| s.contains("People 250/250"));
    }

    // Bulk add: the menu, the picker, one change.
    t.text("B");
    t.wait_for("the menu", |s| s.contains("Bulk actions: 3 marked"));
    t.keys(&["Enter"]);
    t.wait_for("the picker", |s| {
        s.contains("Add the 3 marked to a project")
    });
    t.text(&title);
    t.keys(&["Enter"]);
    t.wait_for("the result", |s| s.contains("bulk add: 1 of 1 done"));
    let state = sim.control("state");
    let assigned = state["projects"]
        .as_array()
        .and_then(|a| a.iter().find(|p| p["id"].as_u64() == Some(project)))
        .map(|p| ids(&p["assigned"]))
        .expect("the project");
    for id in &people {
        assert!(assigned.contains(id), "{id} in {title}: {assigned:?}");
    }
    t.keys(&["Escape"]);

    // Bulk offboard: the review, the typed count, every delete.
    t.text("B");
    t.wait_for("the menu", |s| s.contains("Bulk actions: 3 marked"));
    t.keys(&["Down", "Down", "Down", "Enter"]);
    t.wait_for("the review", |s| s.contains("Offboard 3 people"));
    t.keys(&["Enter"]);
    t.wait_for("the typed count", |s| {
        s.contains("Type delete 3 to enable Delete")
    });
    t.text("delete 3");
    t.wait_for("the count typed", |s| s.contains("> delete 3"));
    t.keys(&["Tab", "Enter"]);
    t.wait_for("the result", |s| s.contains("3 of 3 done"));
    let screen = t.capture();
    assert!(!screen.contains("FAILED"), "{screen}");
    let state = sim.control("state");
    let left: Vec<u64> = state["people"]
        .as_array()
        .expect("people")
        .iter()
        .filter_map(|p| p["id"].as_u64())
        .filter(|id| people.contains(id))
        .collect();
    assert!(left.is_empty(), "still there: {left:?}");
    // The header no longer counts marks: the deleted lost theirs.
    t.keys(&["Escape"]);
    t.wait_for("no marks left", |s| {
        s.lines().next().is_some_and(|l| !l.contains("marked"))
    });
    t.text("q");
    t.wait_for("the console to exit", |s| s.contains("exit=0"));
}
