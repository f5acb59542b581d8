//! Revoke access, keep the account (#14 item 2): from the offboarding review, `R` and one
//! confirmation (no typed email) take the person out of every project and (v3) every group
//! but the built-in "All people", and nothing else; the journal keeps what went, `T` lists it,
//! and a restore puts exactly that back. Both profiles, through the real core, runner and
//! simulator.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use crossterm::event::KeyCode;
use proofhub_tui::app::writes::WriteModal;
use proofhub_tui::local::journal::{Journal, Phase, REVOKE_ACCESS};
use proofhub_tui::model::account::PersonId;
use proofhub_tui::model::profile::Profile;

use crate::harness::{Harness, PROFILES, top};

/// The screen's words, one space apart, the box borders dropped: wrapped text reads as one line.
fn flat(screen: &str) -> String {
    screen
        .split_whitespace()
        .filter(|w| !w.chars().all(|c| "│┌┐└┘─".contains(c)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every project's and group's member list on the server, by id.
fn server_lists(h: &Harness) -> (BTreeMap<u64, Vec<u64>>, BTreeMap<u64, Vec<u64>>) {
    let snap = h.sim.snapshot();
    let sorted = |mut v: Vec<u64>| {
        v.sort_unstable();
        v
    };
    (
        snap.projects
            .iter()
            .map(|p| (p.id, sorted(p.assigned.clone())))
            .collect(),
        snap.groups
            .iter()
            .map(|g| (g.id, sorted(g.assigned.clone())))
            .collect(),
    )
}

fn without(lists: &BTreeMap<u64, Vec<u64>>, person: PersonId) -> BTreeMap<u64, Vec<u64>> {
    lists
        .iter()
        .map(|(k, v)| (*k, v.iter().copied().filter(|p| *p != person.0).collect()))
        .collect()
}

/// Someone (not the owner) in at least two projects and, on v3, a group besides All people.
fn a_member(h: &Harness, profile: Profile) -> PersonId {
    let a = &h.state.account;
    a.people
        .iter()
        .filter(|p| !a.is_owner(p) && a.membership_count(p.id()) >= 2)
        .find(|p| {
            profile == Profile::Guide
                || a.groups_of(p.id())
                    .iter()
                    .any(|g| !g.name.eq_ignore_ascii_case("all people"))
        })
        .map(proofhub_tui::model::account::Person::id)
        .expect("a member of projects and groups")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoking_removes_every_membership_and_group_and_nothing_else_and_restore_puts_them_back() {
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        let person = a_member(&h, profile);
        let (projects_before, groups_before) = server_lists(&h);
        h.select_person(person);
        h.text("D").await;
        h.text("R").await;
        let Some(WriteModal::ConfirmRevoke(c)) = top(&h) else {
            panic!("{profile}: R asks first: {:?}", top(&h));
        };
        let n = c.tombstone.memberships.len();
        let screen = h.screen(80, 24);
        assert!(
            screen.contains(&format!("Projects ({n})")),
            "{profile}: {screen}"
        );
        assert!(screen.contains("the account stays"), "{profile}: {screen}");
        assert!(screen.contains("T restores it"), "{profile}: {screen}");
        // Cancel is focused: Enter goes back to the review, nothing sent.
        h.key(KeyCode::Enter).await;
        assert!(
            matches!(top(&h), Some(WriteModal::Offboard(_))),
            "{profile}: back on the review"
        );
        assert_eq!(server_lists(&h).0, projects_before, "{profile}");
        h.text("R").await;
        h.key(KeyCode::Tab).await;
        h.key(KeyCode::Enter).await;
        assert!(top(&h).is_none(), "{profile}: done, back on the view");
        assert!(h.sim_has_person(person), "{profile}: the account stays");
        assert!(
            h.status().starts_with("revoked the access of"),
            "{profile}: {}",
            h.status()
        );

        let (projects_after, groups_after) = server_lists(&h);
        assert_eq!(
            projects_after,
            without(&projects_before, person),
            "{profile}: out of every project, every other member kept"
        );
        let all_people: Vec<u64> = h
            .sim
            .snapshot()
            .groups
            .iter()
            .filter(|g| g.name.eq_ignore_ascii_case("all people"))
            .map(|g| g.id)
            .collect();
        let expected_groups = if profile == Profile::Guide {
            // guide has no groups: the simulator's stay as they were.
            groups_before.clone()
        } else {
            let mut g = without(&groups_before, person);
            for id in &all_people {
                g.insert(*id, groups_before[id].clone());
            }
            g
        };
        assert_eq!(
            groups_after, expected_groups,
            "{profile}: out of every group but All people"
        );
        assert!(h.sim_memberships(person).is_empty(), "{profile}");
        assert_eq!(
            h.state.account.membership_count(person),
            0,
            "{profile}: the console shows it"
        );
        let records = Journal::read_all(&h.journal).expect("journal");
        let attempt = records
            .iter()
            .find(|r| r.op == REVOKE_ACCESS && r.phase == Phase::Attempt)
            .expect("journaled");
        assert_eq!(
            attempt.tombstone.as_ref().map(|t| t.memberships.len()),
            Some(n),
            "{profile}: the journal keeps what went"
        );

        // T lists it; a restore puts back exactly what went.
        h.text("T").await;
        let Some(WriteModal::Tombstones(list)) = top(&h) else {
            panic!("{profile}: the journal's list");
        };
        let entry = &list.entries.as_ref().expect("read").as_ref().expect("ok")[0];
        assert!(
            entry.revoked && entry.deleted == Some(true),
            "{profile}: {entry:?}"
        );
        // The entry's state wraps inside the 72-column box.
        let screen = flat(&h.screen(120, 30));
        assert!(screen.contains("revoked"), "{profile}: {screen}");
        h.key(KeyCode::Enter).await;
        assert!(
            matches!(top(&h), Some(WriteModal::ConfirmRestore(_))),
            "{profile}: {:?}",
            top(&h)
        );
        h.key(KeyCode::Tab).await;
        h.key(KeyCode::Enter).await;
        assert!(
            h.status().starts_with("restored the access of"),
            "{profile}: {}",
            h.status()
        );
        assert!(!h.status().contains("NOT"), "{profile}: {}", h.status());
        let (projects_restored, groups_restored) = server_lists(&h);
        assert_eq!(
            projects_restored, projects_before,
            "{profile}: projects back"
        );
        assert_eq!(groups_restored, groups_before, "{profile}: groups back");
        h.text("T").await;
        let screen = flat(&h.screen(120, 30));
        assert!(screen.contains("restored"), "{profile}: {screen}");
        h.stop().await;
    }
}
