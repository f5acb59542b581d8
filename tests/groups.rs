//! The Groups view (#14 item 6): v3 lists the account's groups with their member counts and the
//! selected group's members; `a` adds a person through the picker and `x` removes one, each a
//! PUT of the group's whole `assigned` list that keeps every other member and is refused when
//! the group changed on the server since it was shown. guide has no groups: the view says so and
//! offers no write. Driven through the real core, runner and client against the simulator.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use crossterm::event::KeyCode;
use proofhub_tui::app::Effect;
use proofhub_tui::app::state::{Modal, Pane, StatusKind, View};
use proofhub_tui::app::writes::WriteModal;
use proofhub_tui::local::journal::{Journal, Phase};
use proofhub_tui::model::account::{GroupId, PersonId};
use proofhub_tui::model::profile::Profile;

use crate::harness::{self, Harness};

fn sim_group(h: &Harness, id: GroupId) -> BTreeSet<u64> {
    h.sim
        .snapshot()
        .groups
        .into_iter()
        .find(|g| g.id == id.0)
        .expect("the group on the server")
        .assigned
        .into_iter()
        .collect()
}

/// A group that is not "All people", with members, and its position in the view's list.
fn some_group(h: &Harness) -> (GroupId, usize) {
    let rows = proofhub_tui::app::groups::rows(&h.state.account);
    rows.iter()
        .enumerate()
        .find(|(_, g)| !proofhub_tui::app::groups::is_everyone(g) && g.members.len() >= 2)
        .map(|(i, g)| (g.id, i))
        .expect("a department group")
}

/// The Groups view on `group`'s row, the list focused.
async fn show_group(h: &mut Harness, row: usize) {
    h.text("4").await;
    assert_eq!(h.state.view, View::Groups);
    h.state.focus = Pane::List;
    h.state.groups.list.selected = row;
    h.state.groups.members = Default::default();
}

/// A person (ASCII email, not the owner) who is not in `group`.
fn outsider(h: &Harness, group: GroupId) -> PersonId {
    let a = &h.state.account;
    let g = a.groups.iter().find(|g| g.id == group).unwrap();
    a.people
        .iter()
        .find(|p| !g.members.contains(&p.id()) && !a.is_owner(p) && p.email().is_ascii())
        .map(proofhub_tui::model::account::Person::id)
        .expect("someone outside the group")
}

/// `a`, type the person's email, Enter: the add as a write effect, not run yet.
async fn pick(h: &mut Harness, person: PersonId) -> Box<proofhub_tui::app::writes::job::WriteJob> {
    h.text("a").await;
    assert!(
        matches!(h.state.modals.last(), Some(Modal::Write(m)) if matches!(**m, WriteModal::Picker(_))),
        "the picker opens: {}",
        h.status()
    );
    let email = h.person(person).email().to_string();
    h.text(&email).await;
    h.take_write(KeyCode::Enter)
}

#[tokio::test]
async fn add_then_remove_keeps_every_other_member_and_is_journaled() {
    let mut h = Harness::start(Profile::V3).await;
    let (group, row) = some_group(&h);
    let before = sim_group(&h, group);
    let person = outsider(&h, group);
    show_group(&mut h, row).await;

    let job = pick(&mut h, person).await;
    h.finish(*job).await;
    let mut expected = before.clone();
    expected.insert(person.0);
    assert_eq!(sim_group(&h, group), expected, "added, nobody else touched");
    assert!(h.status().starts_with("added "), "{}", h.status());
    assert!(
        h.status().contains("every other member stays"),
        "{}",
        h.status()
    );
    let shown = proofhub_tui::app::groups::group(&h.state.account, group).unwrap();
    assert!(
        shown.members.contains(&person),
        "the view shows the server's list"
    );

    // The members pane on the new member, `x`, switch to Remove, Enter.
    h.key(KeyCode::Tab).await;
    assert_eq!(h.state.focus, Pane::Detail);
    let shown = proofhub_tui::app::groups::group(&h.state.account, group).unwrap();
    let at = proofhub_tui::app::groups::members(&h.state.account, &h.state.lookup, shown)
        .iter()
        .position(|(id, _)| *id == person)
        .unwrap();
    h.state.groups.members.selected = at;
    h.text("x").await;
    assert!(
        matches!(h.state.modals.last(), Some(Modal::Write(m)) if matches!(**m, WriteModal::ConfirmGroupRemove(_)))
    );
    h.key(KeyCode::Tab).await;
    h.key(KeyCode::Enter).await;
    assert_eq!(
        sim_group(&h, group),
        before,
        "removed, every other member kept"
    );
    assert!(h.status().starts_with("removed "), "{}", h.status());

    let puts: Vec<_> = h
        .sim
        .requests()
        .into_iter()
        .filter(|r| r.method != "GET")
        .collect();
    assert_eq!(puts.len(), 2, "one PUT each: {puts:?}");
    assert!(
        puts.iter()
            .all(|r| r.method == "PUT" && r.path.ends_with(&format!("/groups/{group}")))
    );

    let records = Journal::read_all(&h.journal).unwrap();
    let ops: Vec<(&str, Phase)> = records.iter().map(|r| (r.op.as_str(), r.phase)).collect();
    assert_eq!(
        ops,
        [
            ("add_group_member", Phase::Attempt),
            ("add_group_member", Phase::Done),
            ("remove_group_member", Phase::Attempt),
            ("remove_group_member", Phase::Done),
        ]
    );
    assert!(records[0].before.is_some() && records[0].after.is_some());
    h.stop().await;
}

#[tokio::test]
async fn a_group_changed_on_the_server_meanwhile_is_refused_with_a_message() {
    let mut h = Harness::start(Profile::V3).await;
    let (group, row) = some_group(&h);
    let person = outsider(&h, group);
    show_group(&mut h, row).await;
    let job = pick(&mut h, person).await;

    // Another admin takes someone out of the group before our PUT.
    let other_member = *proofhub_tui::app::groups::group(&h.state.account, group)
        .unwrap()
        .members
        .first()
        .unwrap();
    let other = harness::client(&h.sim, Profile::V3);
    let fresh = other.group_now(group).await.unwrap();
    other
        .change_group_member(group, other_member, false, &fresh.members)
        .await
        .unwrap();
    let theirs = sim_group(&h, group);

    h.finish(*job).await;
    assert_eq!(
        sim_group(&h, group),
        theirs,
        "their change kept, ours not written"
    );
    let status = h.state.status.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert!(
        status
            .text
            .contains("changed on the server since you saw it"),
        "{}",
        status.text
    );
    assert!(
        status.text.contains("nothing was written"),
        "{}",
        status.text
    );
    let shown = proofhub_tui::app::groups::group(&h.state.account, group).unwrap();
    assert!(
        !shown.members.contains(&other_member),
        "the view now shows the server's members"
    );
    h.stop().await;
}

#[tokio::test]
async fn guide_says_it_has_no_groups_and_offers_no_write() {
    let mut h = Harness::start(Profile::Guide).await;
    h.text("4").await;
    assert_eq!(h.state.view, View::Groups);
    let screen = h.screen(80, 24);
    assert!(screen.contains("has no groups"), "{screen}");
    let fx = h.key_raw(KeyCode::Char('a'));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Write(_))));
    assert!(h.state.modals.is_empty(), "no picker");
    let hints = screen.lines().last().unwrap();
    assert!(!hints.contains("add"), "no write offered: {hints}");
    assert!(h.sim.requests().iter().all(|r| r.method == "GET"));
    h.stop().await;
}

#[tokio::test]
async fn the_groups_view_at_80x24_in_both_profiles() {
    for profile in harness::PROFILES {
        let mut h = Harness::start(profile).await;
        h.state.colors = proofhub_tui::app::state::ColorMode::Monochrome;
        // The request budget depends on timing; the snapshot is of the view.
        h.state.network = Default::default();
        h.text("4").await;
        let list = h.screen(80, 24);
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("groups_view_{profile}_80x24"), list);
        });
        if profile == Profile::V3 {
            h.key(KeyCode::Enter).await;
            let members = h.screen(80, 24);
            insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(format!("groups_members_{profile}_80x24"), members);
            });
        }
        h.stop().await;
    }
}

#[tokio::test]
async fn enter_on_a_member_opens_their_card_and_cancel_removes_nobody() {
    let mut h = Harness::start(Profile::V3).await;
    let (group, row) = some_group(&h);
    let before = sim_group(&h, group);
    show_group(&mut h, row).await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.state.focus, Pane::Detail, "Enter opens the members");
    let member = h.state.selected_group_member().unwrap();

    // x, then Enter on the focused Cancel: nothing sent.
    h.text("x").await;
    h.key(KeyCode::Enter).await;
    assert!(h.state.modals.is_empty());
    assert_eq!(h.status(), "nothing removed");
    assert_eq!(sim_group(&h, group), before);
    assert!(h.sim.requests().iter().all(|r| r.method == "GET"));

    h.key(KeyCode::Enter).await;
    assert_eq!(h.state.view, View::People);
    assert_eq!(
        h.state
            .selected_person()
            .map(proofhub_tui::model::account::Person::id),
        Some(member)
    );
    // Esc goes back to the group.
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Esc).await;
    assert_eq!(h.state.view, View::Groups);
    h.stop().await;
}

#[tokio::test]
async fn all_people_cannot_be_changed_from_the_console() {
    let mut h = Harness::start(Profile::V3).await;
    let row = proofhub_tui::app::groups::rows(&h.state.account)
        .iter()
        .position(|g| proofhub_tui::app::groups::is_everyone(g))
        .unwrap();
    show_group(&mut h, row).await;
    let fx = h.key_raw(KeyCode::Char('a'));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Write(_))));
    assert!(h.state.modals.is_empty());
    assert!(h.status().contains("holds everyone"), "{}", h.status());
    h.stop().await;
}

#[test]
fn help_and_the_command_line_list_the_groups_view_and_suspend() {
    use proofhub_tui::app::command_line::CommandLine;
    use proofhub_tui::app::state::ColorMode;
    let s = crate::app::loaded(Profile::V3, ColorMode::Monochrome);
    let names: Vec<&str> = CommandLine::new(s.contexts())
        .entries(&s.keymap)
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert!(
        names.contains(&"groups") && names.contains(&"suspend"),
        "{names:?}"
    );
    let descs: Vec<&str> = s
        .keymap
        .help_entries("", None)
        .into_iter()
        .map(|b| b.desc)
        .collect();
    for d in [
        "Groups view (v3): groups, their members",
        "add a person to the group (fuzzy picker)",
        "remove the selected member from the group (confirm)",
    ] {
        assert!(descs.contains(&d), "{d:?} in {descs:?}");
    }
    assert!(descs.iter().any(|d| d.starts_with("suspend the person")));
}

#[test]
fn a_click_in_the_groups_view_only_focuses_a_pane() {
    use proofhub_tui::app::mouse::{Pointer, Target};
    use proofhub_tui::app::state::ColorMode;
    use proofhub_tui::app::{Action, update};
    let mut s = crate::app::loaded(Profile::V3, ColorMode::Monochrome);
    s.mouse = true;
    update(
        &mut s,
        Action::Command(proofhub_tui::app::keymap::Command::ShowGroups),
    );
    let person = s
        .selected_person()
        .map(proofhub_tui::model::account::Person::id);
    update(&mut s, Action::Pointer(Pointer::Click(Target::Detail)));
    assert_eq!(s.focus, Pane::Detail);
    update(&mut s, Action::Pointer(Pointer::Click(Target::ListRow(2))));
    assert_eq!(s.focus, Pane::List);
    assert_eq!(s.view, View::Groups);
    assert_eq!(
        s.selected_person()
            .map(proofhub_tui::model::account::Person::id),
        person,
        "the People list is not touched"
    );
}
