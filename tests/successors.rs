//! Offboarding a manager with successors (#14 item 1): in the review, `s` picks the new manager
//! of each project the person manages (members first; a non-member joins the project); each
//! hand-over is its own journaled write, read back, and the delete waits for them. Afterwards
//! every managed project has the successor as manager on the server, and the tombstone still
//! records that the person managed them. Both profiles, through the real core, runner and
//! simulator.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use proofhub_tui::app::writes::WriteModal;
use proofhub_tui::local::journal::{Journal, Phase};
use proofhub_tui::model::account::{PersonId, ProjectId};

use crate::harness::{Harness, PROFILES, top};

/// A person (not the owner) who manages at least one project.
fn a_manager(h: &Harness) -> (PersonId, Vec<ProjectId>) {
    let a = &h.state.account;
    a.people
        .iter()
        .filter(|p| !a.is_owner(p))
        .map(|p| (p.id(), a.managed_by(p.id())))
        .max_by_key(|(_, m)| m.len())
        .filter(|(_, m)| !m.is_empty())
        .expect("someone manages a project")
}

fn sim_manager(h: &Harness, project: ProjectId) -> (Option<u64>, Vec<u64>) {
    let p = h
        .sim
        .snapshot()
        .projects
        .into_iter()
        .find(|p| p.id == project.0)
        .expect("the project");
    (p.manager, p.assigned)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_offboarded_with_successors_leaves_each_project_with_its_new_manager() {
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        let (leaving, managed) = a_manager(&h);
        let email = h.person(leaving).email().to_string();
        // The successor of the first project is not one of its members: they join it.
        let first = managed[0];
        let outsider = h
            .state
            .account
            .people
            .iter()
            .find(|p| {
                p.id() != leaving
                    && !p.suspended()
                    && !h.state.account.is_owner(p)
                    && !sim_manager(&h, first).1.contains(&p.id().0)
            })
            .map(|p| (p.id(), p.email().to_string()))
            .expect("someone outside the project");
        h.select_person(leaving);
        h.text("D").await;
        assert!(
            matches!(top(&h), Some(WriteModal::Offboard(_))),
            "{profile}: the review"
        );
        let screen = h.screen(100, 40);
        assert!(
            screen.contains("needs a new manager (s picks one)"),
            "{profile}: {screen}"
        );
        let mut successors = Vec::new();
        for (i, project) in managed.iter().enumerate() {
            h.text("s").await;
            if i == 0 {
                let screen = h.screen(100, 40);
                assert!(
                    screen.contains("Enter choose") && !screen.contains("Enter add"),
                    "{profile}: the hint names the pick: {screen}"
                );
            }
            let Some(WriteModal::Picker(p)) = top(&h) else {
                panic!("{profile}: s opens the successor picker: {:?}", top(&h));
            };
            assert!(p.title.starts_with("New manager of"), "{}", p.title);
            let (to, to_email) = if i == 0 {
                outsider.clone()
            } else {
                // Members are listed first: take the top one.
                let row = p.list.selected().expect("a candidate");
                let person = &h.state.account.people[row];
                (person.id(), person.email().to_string())
            };
            if i == 0 {
                h.text(&to_email).await;
            }
            h.key(KeyCode::Enter).await;
            assert!(
                matches!(top(&h), Some(WriteModal::Offboard(_))),
                "{profile}: back on the review after the pick"
            );
            successors.push((*project, to));
        }
        let screen = h.screen(100, 40);
        assert!(screen.contains("now managed by"), "{profile}: {screen}");
        assert!(
            !screen.contains("needs a new manager"),
            "{profile}: {screen}"
        );
        h.text("s").await;
        assert!(
            h.status()
                .contains("every project they manage has a new manager"),
            "{profile}: {}",
            h.status()
        );

        // Then the delete, as always.
        h.key(KeyCode::Enter).await;
        assert!(
            matches!(top(&h), Some(WriteModal::TypedEmail(_))),
            "{profile}"
        );
        h.text(&email).await;
        h.key(KeyCode::Tab).await;
        h.key(KeyCode::Enter).await;
        assert!(!h.sim_has_person(leaving), "{profile}: deleted");

        for (project, to) in &successors {
            let (manager, assigned) = sim_manager(&h, *project);
            assert_eq!(manager, Some(to.0), "{profile}: project {project}");
            assert!(
                assigned.contains(&to.0),
                "{profile}: the successor is a member of {project}"
            );
        }
        let records = Journal::read_all(&h.journal).expect("journal");
        let tomb = records
            .iter()
            .find_map(|r| r.tombstone.clone().filter(|_| r.phase == Phase::Tombstone))
            .expect("a tombstone");
        let recorded: Vec<ProjectId> = tomb.managed_projects.iter().map(|p| p.id).collect();
        assert_eq!(
            recorded, managed,
            "{profile}: the tombstone records the old manager"
        );
        let handovers: Vec<_> = records
            .iter()
            .filter(|r| r.op == "set_manager" && r.phase == Phase::Attempt)
            .collect();
        assert_eq!(handovers.len(), managed.len(), "{profile}");
        for r in &handovers {
            let before = r.before.as_ref().expect("before");
            assert_eq!(before["manager"], serde_json::json!(leaving.0), "{profile}");
        }
        assert_eq!(
            records
                .iter()
                .filter(|r| r.op == "set_manager" && r.phase == Phase::Done)
                .count(),
            managed.len(),
            "{profile}: each answered"
        );
        h.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_project_someone_else_took_over_meanwhile_is_not_handed_over() {
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        let (leaving, managed) = a_manager(&h);
        let project = managed[0];
        h.select_person(leaving);
        h.text("D").await;
        h.text("s").await;
        let Some(WriteModal::Picker(p)) = top(&h) else {
            panic!("{profile}: the picker");
        };
        let row = p.list.selected().expect("a candidate");
        let mine = h.state.account.people[row].id();
        // Another admin makes someone else the manager, outside this console.
        let other = h
            .state
            .account
            .people
            .iter()
            .map(proofhub_tui::model::account::Person::id)
            .find(|p| *p != leaving && *p != mine && !h.state.account.is_owner(h.person(*p)))
            .expect("someone else");
        let c = crate::harness::client(&h.sim, profile);
        c.hand_over(project, leaving, other).await.expect("theirs");
        h.key(KeyCode::Enter).await;
        let (manager, _) = sim_manager(&h, project);
        assert_eq!(manager, Some(other.0), "{profile}: theirs stays");
        assert!(
            h.status().contains("changed on the server"),
            "{profile}: {}",
            h.status()
        );
        h.stop().await;
    }
}
