//! Marks and bulk actions (#14 item 4): Space, `*` and `U` mark people by id, the header counts
//! them and a glyph shows them without colour; `B` adds the marked to a project as one
//! membership change (v3: one PUT of the whole list; guide, whose API adds one person per
//! request: one POST each), every earlier member kept; a bulk offboarding deletes every one it
//! can, each after its tombstone, and names the one the server refused. Both profiles, through
//! the real core, runner and simulator.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use crossterm::event::KeyCode;
use proofhub_tui::app::state::ColorMode;
use proofhub_tui::app::writes::WriteModal;
use proofhub_tui::local::journal::{Journal, Phase};
use proofhub_tui::model::account::{Person, PersonId, ProjectId};
use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::Faults;

use crate::harness::{Harness, PROFILES, top};

/// People who are not the owner, in the account's order.
fn others(h: &Harness) -> Vec<PersonId> {
    let a = &h.state.account;
    a.people
        .iter()
        .filter(|p| !a.is_owner(p))
        .map(Person::id)
        .collect()
}

async fn mark(h: &mut Harness, people: &[PersonId]) {
    for id in people {
        h.select_person(*id);
        h.text(" ").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn marks_toggle_mark_the_shown_clear_and_the_header_counts_them() {
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        h.state.colors = ColorMode::Monochrome;
        // The rows on screen, in the list's order.
        let people: Vec<PersonId> = h
            .state
            .people
            .list
            .visible()
            .iter()
            .take(8)
            .map(|i| h.state.account.people[*i].id())
            .collect();
        mark(&mut h, &people[..3]).await;
        assert_eq!(h.state.marks.people.len(), 3, "{profile}");
        let screen = h.screen(80, 24);
        let header = screen.lines().next().unwrap_or_default();
        assert!(header.contains("3 marked"), "{profile}: {header}");
        // A glyph, not colour alone: it reads in monochrome.
        assert_eq!(
            screen.matches('●').count(),
            3,
            "{profile}: each marked row shows the glyph:\n{screen}"
        );
        // Space again unmarks.
        h.select_person(people[0]);
        h.text(" ").await;
        assert_eq!(h.state.marks.people.len(), 2, "{profile}");
        // A filter narrows what is shown; marks outside it stay, `*` marks what it shows.
        let name = h.person(people[5]).email().to_string();
        h.text("/").await;
        h.text(&name).await;
        h.key(KeyCode::Enter).await;
        let shown = h.state.people.list.visible().len();
        h.text("*").await;
        assert_eq!(
            h.state.marks.people.len(),
            2 + shown,
            "{profile}: the {shown} shown are marked, the 2 before kept"
        );
        assert!(h.state.marks.people.contains(&people[5]), "{profile}");
        // A reload keeps them (they are ids).
        h.key(KeyCode::Esc).await;
        h.text("r").await;
        assert_eq!(h.state.marks.people.len(), 2 + shown, "{profile}: reload");
        let header = h
            .screen(80, 24)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(
            header.contains(&format!("{} marked", 2 + shown)),
            "{profile}: {header}"
        );
        // U clears them all; the header says nothing of marks any more.
        h.text("U").await;
        assert!(h.state.marks.people.is_empty(), "{profile}");
        let header = h
            .screen(80, 24)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(!header.contains("marked"), "{profile}: {header}");
        // `?` lists the keys.
        h.text("?").await;
        h.text("mark").await;
        let help = h.screen(100, 40);
        for line in [
            "mark or unmark the selected row",
            "mark every row the filter shows",
            "clear every mark",
            "bulk actions on the marked people",
        ] {
            assert!(help.contains(line), "{profile}: {line}: {help}");
        }
        // B's line names every action of the menu, export included (read across its wrap).
        let words: String = help
            .replace(['│', '┌', '┐', '└', '┘'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            words.contains("revoke access, offboard, export"),
            "{profile}: {words}"
        );
        h.stop().await;
    }
}

/// A project and ten people (not the owner) who are not its members.
fn project_and_ten(h: &Harness) -> (ProjectId, Vec<PersonId>) {
    let a = &h.state.account;
    for pr in a.projects.iter().filter(|p| !p.archived) {
        let members: Vec<PersonId> = a.members_of(pr.id).iter().map(|m| m.person).collect();
        if members.is_empty() {
            continue;
        }
        let outside: Vec<PersonId> = others(h)
            .into_iter()
            .filter(|p| !members.contains(p))
            .take(10)
            .collect();
        if outside.len() == 10 {
            return (pr.id, outside);
        }
    }
    panic!("no project with members and ten people outside it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_add_of_ten_is_one_membership_change_and_keeps_every_earlier_member() {
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        let (project, ten) = project_and_ten(&h);
        let before: Vec<u64> = h
            .sim
            .snapshot()
            .projects
            .iter()
            .find(|p| p.id == project.0)
            .map(|p| p.assigned.clone())
            .unwrap();
        assert!(!before.is_empty(), "{profile}: earlier members");
        mark(&mut h, &ten).await;
        h.text("B").await;
        assert!(
            matches!(top(&h), Some(WriteModal::BulkMenu(_))),
            "{profile}: {:?}",
            top(&h)
        );
        let screen = h.screen(80, 24);
        assert!(
            screen.contains("Bulk actions: 10 marked"),
            "{profile}: {screen}"
        );
        // Add is the first action: the picker of projects.
        h.key(KeyCode::Enter).await;
        let Some(WriteModal::Picker(p)) = top(&h) else {
            panic!("{profile}: a picker: {:?}", top(&h));
        };
        let row = p
            .list
            .visible()
            .iter()
            .position(|i| h.state.account.projects[*i].id == project)
            .expect("the project is offered");
        h.sim.clear_requests();
        for _ in 0..row {
            h.key(KeyCode::Down).await;
        }
        h.key(KeyCode::Enter).await;

        let writes: Vec<_> = h
            .sim
            .requests()
            .into_iter()
            .filter(|r| r.method != "GET")
            .collect();
        match profile {
            Profile::V3 => {
                assert_eq!(writes.len(), 1, "{profile}: one change: {writes:?}");
                assert_eq!(writes[0].method, "PUT", "{profile}");
                assert_eq!(
                    writes[0].path,
                    format!("/api/v3/projects/{project}"),
                    "{profile}"
                );
            }
            Profile::Guide => {
                // guide's API adds one person per request: one POST each, nothing else.
                assert_eq!(writes.len(), 10, "{profile}: {writes:?}");
                assert!(
                    writes.iter().all(|r| r.method == "POST"
                        && r.path == format!("/api/v3/projects/{project}/people")),
                    "{profile}: {writes:?}"
                );
            }
        }
        let after: Vec<u64> = h
            .sim
            .snapshot()
            .projects
            .iter()
            .find(|p| p.id == project.0)
            .map(|p| p.assigned.clone())
            .unwrap();
        for id in &before {
            assert!(after.contains(id), "{profile}: earlier member {id} kept");
        }
        for id in &ten {
            assert!(after.contains(&id.0), "{profile}: {id} added");
        }
        assert_eq!(after.len(), before.len() + 10, "{profile}: nothing else");
        assert!(
            h.status().starts_with("bulk add: 1 of 1 done"),
            "{profile}: {}",
            h.status()
        );
        let records = Journal::read_all(&h.journal).expect("journal");
        assert!(
            records
                .iter()
                .any(|r| r.op == "add_members" && r.phase == Phase::Done),
            "{profile}: journaled"
        );
        h.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_offboard_of_three_with_the_second_refused_deletes_the_others_and_names_it() {
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        let a = &h.state.account;
        // Three who manage nothing (no successor to pick first).
        let three: Vec<PersonId> = others(&h)
            .into_iter()
            .filter(|p| a.managed_by(*p).is_empty())
            .take(3)
            .collect();
        assert_eq!(three.len(), 3, "{profile}");
        let before = h.state.account.people.len();
        mark(&mut h, &three).await;
        // The command line reaches the menu too.
        h.text(":").await;
        h.text("bulk").await;
        h.key(KeyCode::Enter).await;
        assert!(
            matches!(top(&h), Some(WriteModal::BulkMenu(_))),
            "{profile}: :bulk opens the menu: {:?}",
            top(&h)
        );
        for _ in 0..3 {
            h.key(KeyCode::Down).await;
        }
        h.key(KeyCode::Enter).await;
        let Some(WriteModal::BulkOffboard(r)) = top(&h) else {
            panic!("{profile}: the review: {:?}", top(&h));
        };
        let order: Vec<PersonId> = r.tombstones.iter().map(|t| t.person.id()).collect();
        let emails: Vec<String> = r
            .tombstones
            .iter()
            .map(|t| t.person.email().to_string())
            .collect();
        let screen = h.screen(100, 40);
        assert!(screen.contains("Offboard 3 people"), "{profile}: {screen}");
        assert!(screen.contains("1/3"), "{profile}: {screen}");
        h.key(KeyCode::Enter).await;
        assert!(
            matches!(top(&h), Some(WriteModal::TypedCount(_))),
            "{profile}: {:?}",
            top(&h)
        );
        let screen = h.screen(100, 30);
        assert!(screen.contains("delete 3"), "{profile}: {screen}");
        for e in &emails {
            assert!(
                screen.contains(e.as_str()),
                "{profile}: {e} listed: {screen}"
            );
        }
        // Cancel is focused and Delete stays disabled until the count is typed: Tab stays
        // on Cancel, Enter presses it, back to the review with nothing sent.
        h.text("delete 2").await;
        h.key(KeyCode::Tab).await;
        h.key(KeyCode::Enter).await;
        assert!(
            matches!(top(&h), Some(WriteModal::BulkOffboard(_))),
            "{profile}: {:?}",
            top(&h)
        );
        assert!(
            h.sim.requests().iter().all(|r| r.method == "GET"),
            "{profile}"
        );
        assert_eq!(h.state.account.people.len(), before, "{profile}");
        h.key(KeyCode::Enter).await;
        let second = order[1];
        h.sim.set_faults(Faults {
            only_method: Some("DELETE".into()),
            fail_path: Some(format!("/api/v3/people/{second}")),
            ..Faults::default()
        });
        h.sim.clear_requests();
        h.text("delete 3").await;
        h.key(KeyCode::Tab).await;
        h.key(KeyCode::Enter).await;

        assert!(!h.sim_has_person(order[0]), "{profile}: the first is gone");
        assert!(h.sim_has_person(second), "{profile}: the second stays");
        assert!(!h.sim_has_person(order[2]), "{profile}: the third is gone");
        let records = Journal::read_all(&h.journal).expect("journal");
        for id in &order {
            assert!(
                records.iter().any(|r| r.phase == Phase::Tombstone
                    && r.tombstone.as_ref().map(|t| t.person.id()) == Some(*id)),
                "{profile}: {id} has a tombstone"
            );
        }
        // Each tombstone is in the journal before its delete's outcome: the DELETE was sent
        // after it (the runner journals, flushes, then sends), the refused one included.
        for id in &order {
            let at = records
                .iter()
                .position(|r| {
                    r.phase == Phase::Tombstone
                        && r.tombstone.as_ref().map(|t| t.person.id()) == Some(*id)
                })
                .expect("a tombstone");
            let write = records[at].write;
            let outcome = records
                .iter()
                .position(|r| {
                    r.write == write
                        && r.op == "delete"
                        && matches!(r.phase, Phase::Done | Phase::Failed)
                })
                .expect("an outcome");
            assert!(at < outcome, "{profile}: {id}'s tombstone comes first");
            let failed = records[outcome].phase == Phase::Failed;
            assert_eq!(failed, *id == second, "{profile}: {id}");
        }
        let Some(WriteModal::BulkResult(res)) = top(&h) else {
            panic!("{profile}: the result: {:?}", top(&h));
        };
        let failed = res.run.failed();
        assert_eq!(failed.len(), 1, "{profile}: {:?}", res.run);
        assert!(failed[0].subject.contains(&emails[1]), "{profile}");
        let status = h.status();
        assert!(
            status.contains("2 of 3 done, 1 failed") && status.contains(&emails[1]),
            "{profile}: the status tells the truth: {status}"
        );
        assert!(status.contains("500"), "{profile}: says why: {status}");
        let screen = h.screen(100, 30);
        assert!(screen.contains("FAILED"), "{profile}: {screen}");
        assert!(screen.contains(&emails[1]), "{profile}: {screen}");
        // The deleted lose their marks; the one that failed keeps it.
        assert_eq!(
            h.state.marks.people.iter().copied().collect::<Vec<_>>(),
            vec![second],
            "{profile}"
        );
        h.stop().await;
    }
}

/// Two people (not the owner) who share a project, and that project.
fn two_sharing(h: &Harness) -> (ProjectId, Vec<PersonId>) {
    let a = &h.state.account;
    let others = others(h);
    for pr in &a.projects {
        let both: Vec<PersonId> = a
            .members_of(pr.id)
            .iter()
            .map(|m| m.person)
            .filter(|p| others.contains(p))
            .take(2)
            .collect();
        if both.len() == 2 && a.members_of(pr.id).len() > 2 {
            return (pr.id, both);
        }
    }
    panic!("no project two people share");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_remove_then_bulk_revoke_confirm_first_and_keep_everyone_else() {
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        let (project, two) = two_sharing(&h);
        let assigned = |h: &Harness| -> Vec<u64> {
            h.sim
                .snapshot()
                .projects
                .iter()
                .find(|p| p.id == project.0)
                .map(|p| p.assigned.clone())
                .unwrap()
        };
        let before = assigned(&h);
        mark(&mut h, &two).await;
        h.text("B").await;
        h.key(KeyCode::Down).await;
        h.key(KeyCode::Enter).await;
        let Some(WriteModal::Picker(p)) = top(&h) else {
            panic!("{profile}: a picker: {:?}", top(&h));
        };
        let row = p
            .list
            .visible()
            .iter()
            .position(|i| h.state.account.projects[*i].id == project)
            .expect("the project is offered");
        for _ in 0..row {
            h.key(KeyCode::Down).await;
        }
        // The picker's hint names what Enter does here: a remove, not an add.
        let screen = h.screen(80, 24);
        assert!(
            screen.contains("Enter remove") && !screen.contains("Enter add"),
            "{profile}: {screen}"
        );
        h.key(KeyCode::Enter).await;
        assert!(
            matches!(top(&h), Some(WriteModal::BulkConfirm(_))),
            "{profile}: a remove asks first: {:?}",
            top(&h)
        );
        // Cancel is focused: Enter sends nothing.
        h.key(KeyCode::Enter).await;
        assert_eq!(assigned(&h), before, "{profile}: nothing removed");
        h.text("B").await;
        h.key(KeyCode::Down).await;
        h.key(KeyCode::Enter).await;
        for _ in 0..row {
            h.key(KeyCode::Down).await;
        }
        h.key(KeyCode::Enter).await;
        h.key(KeyCode::Tab).await;
        h.key(KeyCode::Enter).await;
        let after = assigned(&h);
        let expected: Vec<u64> = before
            .iter()
            .copied()
            .filter(|p| !two.iter().any(|t| t.0 == *p))
            .collect();
        assert_eq!(after, expected, "{profile}: the two out, every other kept");
        assert!(
            h.status().starts_with("bulk remove: 1 of 1 done"),
            "{profile}: {}",
            h.status()
        );
        h.key(KeyCode::Esc).await;

        // Revoke: one confirmation, then out of every project, the accounts kept.
        h.text("B").await;
        h.key(KeyCode::Down).await;
        h.key(KeyCode::Down).await;
        h.key(KeyCode::Enter).await;
        let screen = h.screen(100, 40);
        assert!(screen.contains("the accounts stay"), "{profile}: {screen}");
        h.key(KeyCode::Tab).await;
        h.key(KeyCode::Enter).await;
        for id in &two {
            assert!(h.sim_has_person(*id), "{profile}: {id} kept");
            assert!(h.sim_memberships(*id).is_empty(), "{profile}: {id} out");
        }
        assert!(
            h.status().starts_with("bulk revoke: 2 of 2 done"),
            "{profile}: {}",
            h.status()
        );
        let records = Journal::read_all(&h.journal).expect("journal");
        let revoked = records
            .iter()
            .filter(|r| {
                r.op == proofhub_tui::local::journal::REVOKE_ACCESS
                    && r.phase == Phase::Attempt
                    && r.tombstone.is_some()
            })
            .count();
        assert_eq!(revoked, 2, "{profile}: each journaled for T's restore");
        h.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_projects_marked_bulk_add_changes_each_marked_project_once() {
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        let (project, ten) = project_and_ten(&h);
        let two = &ten[..2];
        // A second active project neither of the two is in.
        let a = &h.state.account;
        let other = a
            .projects
            .iter()
            .filter(|p| !p.archived && p.id != project)
            .find(|p| a.members_of(p.id).iter().all(|m| !two.contains(&m.person)))
            .map(|p| p.id)
            .expect("another project");
        h.text("2").await;
        for id in [project, other] {
            let pos = h.state.lookup.project_pos(id).expect("loaded");
            let page = h.state.list_rows();
            h.state.projects.list.select_record(pos, page);
            h.text(" ").await;
        }
        assert_eq!(h.state.marks.projects.len(), 2, "{profile}");
        let header = h
            .screen(80, 24)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(header.contains("2 marked"), "{profile}: {header}");
        h.text("1").await;
        mark(&mut h, two).await;
        h.sim.clear_requests();
        h.text("B").await;
        h.key(KeyCode::Enter).await;
        assert!(
            h.status().starts_with("bulk add: 2 of 2 done"),
            "{profile}: {}",
            h.status()
        );
        let snap = h.sim.snapshot();
        for id in [project, other] {
            let assigned = &snap
                .projects
                .iter()
                .find(|p| p.id == id.0)
                .unwrap()
                .assigned;
            for p in two {
                assert!(assigned.contains(&p.0), "{profile}: {p} in {id}");
            }
        }
        if profile == Profile::V3 {
            let puts = h
                .sim
                .requests()
                .iter()
                .filter(|r| r.method == "PUT")
                .count();
            assert_eq!(puts, 2, "{profile}: one change per project");
        }
        h.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_export_writes_exactly_the_marked_people_to_a_private_csv_and_sends_nothing() {
    use std::os::unix::fs::PermissionsExt;
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        let people: Vec<PersonId> = others(&h).into_iter().take(3).collect();
        mark(&mut h, &people).await;
        h.text("B").await;
        // Export is the menu's last action.
        for _ in 0..4 {
            h.key(KeyCode::Down).await;
        }
        let screen = h.screen(80, 24);
        assert!(screen.contains("Export the marked"), "{profile}: {screen}");
        h.sim.clear_requests();
        h.key(KeyCode::Enter).await;
        assert!(
            top(&h).is_none(),
            "{profile}: the menu closed: {:?}",
            top(&h)
        );
        let said = h.status();
        assert!(
            said.starts_with("exported 3 marked people to "),
            "{profile}: {said}"
        );
        assert!(
            h.sim.requests().is_empty(),
            "{profile}: an export asks nothing"
        );

        let files = h.data_files("marked-people-");
        assert_eq!(files.len(), 1, "{profile}: {files:?}");
        assert!(
            said.contains(&files[0].display().to_string()),
            "{profile}: {said}"
        );
        let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{profile}");
        // The rows are the marked people, as `export --format csv` writes them: the file reads
        // back through the sync source.
        let mut csv = csv::Reader::from_path(&files[0]).unwrap();
        let headers = csv.headers().unwrap().clone();
        let email_at = headers.iter().position(|c| c == "email").unwrap();
        let emails: BTreeSet<String> = csv
            .records()
            .map(|r| r.unwrap().get(email_at).unwrap().to_string())
            .collect();
        let expected: BTreeSet<String> = people
            .iter()
            .map(|id| h.person(*id).email().to_string())
            .collect();
        assert_eq!(emails, expected, "{profile}");
        // The marks stay: an export changes nothing.
        assert_eq!(h.state.marks.people.len(), 3, "{profile}");
        h.stop().await;
    }
}
