//! Writes, end to end below the terminal: keys go into the real `update`, the effects it returns
//! run through the real runner (journal + client) against an in-process simulator over HTTP on
//! 127.0.0.1, in both profiles, and the answers go back in as actions. The rate window is
//! scaled (25 per 100 ms). Screens of the write modals are snapshotted in tests/snapshots/.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::fixture;
use crate::harness;
use crate::support::per_profile;
mod render;

use crossterm::event::KeyCode;
use proofhub_tui::app::Effect;
use proofhub_tui::app::state::StatusKind;
use proofhub_tui::app::writes::WriteModal;
use proofhub_tui::app::writes::modal::Leave;
use proofhub_tui::app::writes::offboard::Button;
use proofhub_tui::local::journal::{Journal, Phase};
use proofhub_tui::model::account::{Person, PersonId};
use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::Faults;

use harness::{Harness, PROFILES, top};

fn deletes(h: &Harness) -> usize {
    h.sim
        .requests()
        .iter()
        .filter(|r| r.method == "DELETE" && r.path.contains("/people/"))
        .filter(|r| !r.path.contains("/projects/"))
        .count()
}

fn writes_sent(h: &Harness) -> usize {
    h.sim
        .requests()
        .iter()
        .filter(|r| r.method != "GET")
        .count()
}

/// Opens the offboarding of `id` and goes on to the typed-email modal.
async fn to_typed_modal(h: &mut Harness, id: PersonId) {
    h.select_person(id);
    h.text("D").await;
    assert!(
        matches!(top(h), Some(WriteModal::Offboard(_))),
        "review first"
    );
    h.key(KeyCode::Enter).await;
    assert!(matches!(top(h), Some(WriteModal::TypedEmail(_))));
}

fn typed(h: &Harness) -> &proofhub_tui::app::writes::offboard::TypedEmail {
    match top(h) {
        Some(WriteModal::TypedEmail(t)) => t,
        other => panic!("typed-email modal expected, got {other:?}"),
    }
}

per_profile! {
    #[tokio::test]
    async fn a_wrong_or_partial_email_never_enables_delete_and_enter_deletes_nothing(profile) {
        let mut h = Harness::start(profile).await;
        let victim = h.member_with_projects(2);
        let email = h.person(victim).email().to_string();
        to_typed_modal(&mut h, victim).await;
        // Every prefix of the email, and near misses, leave Delete disabled.
        let near = [
            email[..email.len() - 1].to_string(),
            format!("{email}x"),
            email.replace('@', "."),
            format!("x{email}"),
        ];
        let chars: Vec<char> = email.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            h.key(KeyCode::Char(*c)).await;
            if i + 1 < chars.len() {
                assert!(!typed(&h).gate().matches(), "{profile}: prefix enabled Delete");
                h.key(KeyCode::Tab).await;
                assert_eq!(
                    typed(&h).gate().focus(),
                    Button::Cancel,
                    "focus on disabled Delete"
                );
                assert!(typed(&h).confirm().is_none());
            }
        }
        assert!(typed(&h).gate().matches());
        for wrong in near {
            for _ in 0..80 {
                h.key(KeyCode::Backspace).await;
            }
            h.text(&wrong).await;
            assert!(!typed(&h).gate().matches(), "{profile}: {wrong:?} enabled Delete");
            h.key(KeyCode::Right).await;
            assert_eq!(typed(&h).gate().focus(), Button::Cancel);
        }
        // Enter with the non-matching text: cancels, nothing sent.
        h.key(KeyCode::Enter).await;
        assert!(top(&h).is_none(), "Enter on Cancel closes the modal");
        assert!(h.status().contains("nothing was deleted"), "{}", h.status());
        assert_eq!(deletes(&h), 0, "{profile}: a DELETE reached the server");
        assert!(h.sim_has_person(victim));
        // Matching text but Cancel still focused: Enter cancels too.
        to_typed_modal(&mut h, victim).await;
        h.text(&email).await;
        h.key(KeyCode::Enter).await;
        assert_eq!(deletes(&h), 0);
        // Esc always cancels.
        to_typed_modal(&mut h, victim).await;
        h.text(&email).await;
        h.key(KeyCode::Tab).await;
        h.key(KeyCode::Esc).await;
        assert_eq!(deletes(&h), 0);
        assert!(h.sim_has_person(victim));
        h.stop().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn offboarding_deletes_after_the_tombstone_and_checks_the_person_is_gone(profile) {
        let mut h = Harness::start(profile).await;
        let victim = h.member_with_projects(2);
        let email = h.person(victim).email().to_string();
        let projects = h.state.account.membership_count(victim);
        to_typed_modal(&mut h, victim).await;
        // Trimmed and case-insensitive.
        h.text(&format!("  {}  ", email.to_uppercase())).await;
        assert!(typed(&h).gate().matches());
        h.key(KeyCode::Tab).await;
        assert_eq!(typed(&h).gate().focus(), Button::Confirm);
        h.key(KeyCode::Enter).await;
        assert!(!h.sim_has_person(victim), "{profile}: still on the server");
        assert!(h.state.account.people.position(victim).is_none(), "still listed");
        assert_eq!(deletes(&h), 1);
        assert!(h.status().contains("deleted"), "{}", h.status());
        let records = Journal::read_all(&h.journal).expect("journal");
        let tomb = records
            .iter()
            .find(|r| r.phase == Phase::Tombstone)
            .and_then(|r| r.tombstone.clone())
            .expect("a tombstone");
        assert_eq!(tomb.person.id(), victim);
        assert_eq!(tomb.memberships.len(), projects);
        assert_eq!(
            tomb.record.get("email").and_then(|e| e.as_str()),
            Some(tomb.person.email()),
            "the server's record, read fresh, is kept"
        );
        assert!(
            tomb.record.contains_key("timezone"),
            "{profile}: with the fields the console does not hold"
        );
        assert!(
            records
                .iter()
                .any(|r| r.phase == Phase::Done && r.op == "delete")
        );
        let text = std::fs::read_to_string(&h.journal).expect("journal text");
        assert!(!text.contains(h.sim.token()), "token in the journal");
        h.stop().await;
    }
}

#[tokio::test]
async fn the_tombstone_is_on_disk_before_the_delete_reaches_the_simulator() {
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        let victim = h.member_with_projects(1);
        let email = h.person(victim).email().to_string();
        to_typed_modal(&mut h, victim).await;
        h.text(&email).await;
        h.key(KeyCode::Tab).await;
        // Take the write effect instead of running it, and run it next to a watcher.
        let job = h.take_write(KeyCode::Enter);
        // The simulator logs a request on arrival, then waits out the latency: while the
        // DELETE is held there, the journal is read.
        h.sim.set_faults(Faults {
            latency: std::time::Duration::from_millis(150),
            ..Faults::default()
        });
        let runner = h.console.clone();
        let run = tokio::spawn(async move {
            use proofhub_tui::console::runtime::Loader;
            runner.write(*job).await
        });
        let mut seen_with_tombstone = None;
        for _ in 0..2000 {
            if deletes(&h) > 0 {
                let records = Journal::read_all(&h.journal).expect("journal");
                seen_with_tombstone = Some(records.iter().any(|r| {
                    r.phase == Phase::Tombstone
                        && r.tombstone
                            .as_ref()
                            .is_some_and(|t| t.person.id() == victim)
                }));
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
        assert_eq!(
            seen_with_tombstone,
            Some(true),
            "{profile}: the DELETE arrived and the journal had no tombstone"
        );
        let done = run.await.expect("write task");
        assert!(done.result.is_ok(), "{:?}", done.result);
        h.stop().await;
    }
}

#[tokio::test]
async fn no_journal_no_delete() {
    let profile = Profile::Guide;
    // The journal's directory is a file: the tombstone cannot be written.
    let dir = tempfile::tempdir().expect("tempdir");
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, "x").expect("file");
    let mut h = Harness::start_with_journal(profile, blocker.join("journal.jsonl")).await;
    let victim = h.member_with_projects(1);
    let email = h.person(victim).email().to_string();
    to_typed_modal(&mut h, victim).await;
    h.text(&email).await;
    h.key(KeyCode::Tab).await;
    h.key(KeyCode::Enter).await;
    assert_eq!(deletes(&h), 0, "a DELETE went out without a tombstone");
    assert!(h.sim_has_person(victim));
    assert!(h.state.account.people.position(victim).is_some());
    assert!(h.status().contains("journal"), "{}", h.status());
    h.stop().await;
}

per_profile! {
    #[tokio::test]
    async fn a_500_on_delete_leaves_the_person_listed_and_the_error_shown(profile) {
        let mut h = Harness::start(profile).await;
        let victim = h.member_with_projects(1);
        let email = h.person(victim).email().to_string();
        h.sim.set_faults(Faults {
            fail_rate: 100.0,
            only_method: Some("DELETE".into()),
            ..Faults::default()
        });
        to_typed_modal(&mut h, victim).await;
        h.text(&email).await;
        h.key(KeyCode::Tab).await;
        h.key(KeyCode::Enter).await;
        assert!(deletes(&h) >= 1, "the DELETE was sent");
        assert!(
            h.sim
                .requests()
                .iter()
                .any(|r| r.method == "DELETE" && r.status >= 500)
        );
        assert!(h.sim_has_person(victim));
        assert!(
            h.state.account.people.position(victim).is_some(),
            "{profile}: unlisted"
        );
        let status = h.state.status.clone().expect("a message");
        assert_eq!(status.kind, StatusKind::Error);
        assert!(
            status.text.contains("500") || status.text.contains("503"),
            "{}",
            status.text
        );
        assert!(
            status.text.contains("try again"),
            "says what next: {}",
            status.text
        );
        let records = Journal::read_all(&h.journal).expect("journal");
        assert!(records.iter().any(|r| r.phase == Phase::Tombstone));
        assert!(
            records
                .iter()
                .any(|r| r.phase == Phase::Failed && r.error.is_some())
        );
        h.stop().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn the_account_owner_cannot_be_offboarded(profile) {
        let mut h = Harness::start(profile).await;
        let owner = h.owner();
        h.select_person(owner);
        h.text("D").await;
        assert!(top(&h).is_none(), "no offboarding for the owner");
        assert!(h.status().contains("owner"), "{}", h.status());
        assert_eq!(writes_sent(&h), 0);
        h.stop().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn editing_one_field_loses_no_other_field(profile) {
        let mut h = Harness::start(profile).await;
        let id = h.member_with_projects(0);
        let before = h.sim_person(id);
        h.select_person(id);
        h.text("e").await;
        // v3: title (3rd field); guide: company (4th field).
        let (field, tabs) = match profile {
            Profile::V3 => ("title", 2),
            Profile::Guide => ("company", 3),
        };
        for _ in 0..tabs {
            h.key(KeyCode::Tab).await;
        }
        h.ctrl('u').await;
        h.text("Head of Tests").await;
        h.key(KeyCode::Enter).await;
        let Some(WriteModal::Review(r)) = top(&h) else {
            panic!("review expected: {:?}", top(&h));
        };
        assert_eq!(r.diff.len(), 1, "only the changed field is reviewed");
        assert_eq!(r.diff[0].2, "Head of Tests");
        h.key(KeyCode::Enter).await;
        let after = h.sim_person(id);
        let mut b = serde_json::to_value(&before).expect("json");
        let mut a = serde_json::to_value(&after).expect("json");
        assert_eq!(a[field], "Head of Tests", "{profile}");
        for v in [&mut a, &mut b] {
            let o = v.as_object_mut().expect("object");
            o.remove(field);
            o.remove("updated_at");
        }
        assert_eq!(a, b, "{profile}: another field changed");
        let shown = h.person(id);
        let now = match profile {
            Profile::V3 => shown.title().map(str::to_string),
            Profile::Guide => shown.company().map(str::to_string),
        };
        assert_eq!(
            now.as_deref(),
            Some("Head of Tests"),
            "the view shows the saved value"
        );
        let records = Journal::read_all(&h.journal).expect("journal");
        let attempt = records
            .iter()
            .find(|r| r.op == "edit" && r.phase == Phase::Attempt)
            .expect("attempt recorded");
        assert!(attempt.before.is_some() && attempt.after.is_some());
        h.stop().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn edit_validation_and_a_conflict_offer_reapply_or_drop(profile) {
        let mut h = Harness::start(profile).await;
        let id = h.member_with_projects(0);
        let other = h.other_than(id);
        let taken = h.person(other).email().to_uppercase();
        h.select_person(id);
        h.text("e").await;
        let email_tabs = match profile {
            Profile::V3 => 3,
            Profile::Guide => 1,
        };
        for _ in 0..email_tabs {
            h.key(KeyCode::Tab).await;
        }
        for bad in ["not-an-email", taken.as_str()] {
            h.ctrl('u').await;
            h.text(bad).await;
            h.key(KeyCode::Enter).await;
            let Some(WriteModal::Edit(e)) = top(&h) else {
                panic!("form stays open on {bad}");
            };
            assert!(e.form.error.is_some(), "{bad} accepted");
        }
        h.key(KeyCode::Esc).await;
        assert_eq!(writes_sent(&h), 0);

        // Conflict: someone else edits the person between the form and the save.
        h.text("e").await;
        let phone_or_title = match profile {
            Profile::V3 => 2,
            Profile::Guide => 4,
        };
        for _ in 0..phone_or_title {
            h.key(KeyCode::Tab).await;
        }
        h.ctrl('u').await;
        h.text("Mine").await;
        h.key(KeyCode::Enter).await;
        h.edit_behind_the_back(id, "Behind").await;
        h.key(KeyCode::Enter).await;
        let Some(WriteModal::Conflict(c)) = top(&h) else {
            panic!("{profile}: conflict view expected, got {:?}", top(&h));
        };
        assert_eq!(c.rows.len(), 1);
        assert_eq!(
            h.state.status.as_ref().map(|s| s.kind),
            Some(StatusKind::Error)
        );
        h.text("r").await;
        assert!(top(&h).is_none());
        let after = serde_json::to_value(h.sim_person(id)).expect("json");
        let key = if profile == Profile::V3 {
            "title"
        } else {
            "phone"
        };
        assert_eq!(
            after[key], "Mine",
            "{profile}: re-applied on the fresh record"
        );
        assert_eq!(
            after["last_name"],
            serde_json::Value::String("Behind".into()),
            "the other admin's change survived"
        );

        // Another conflict, this time dropped: nothing sent, the view shows the server's values.
        h.text("e").await;
        for _ in 0..phone_or_title {
            h.key(KeyCode::Tab).await;
        }
        h.ctrl('u').await;
        h.text("Dropped").await;
        h.key(KeyCode::Enter).await;
        h.edit_behind_the_back(id, "Later").await;
        let server_now = serde_json::to_value(h.sim_person(id)).expect("json");
        h.sim.clear_requests();
        h.key(KeyCode::Enter).await;
        assert!(matches!(top(&h), Some(WriteModal::Conflict(_))));
        h.text("d").await;
        assert!(top(&h).is_none());
        assert_eq!(writes_sent(&h), 0, "{profile}: a dropped change was sent");
        assert_eq!(
            serde_json::to_value(h.sim_person(id)).expect("json"),
            server_now
        );
        assert!(
            h.person(id).display_name().ends_with("Later"),
            "{profile}: the view shows the server's record: {}",
            h.person(id).display_name()
        );
        assert_eq!(
            h.person(id).updated_at(),
            server_now["updated_at"].as_str()
        );
        h.stop().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn memberships_add_and_remove_from_both_sides_and_removing_one_leaves_the_others(profile) {
        let mut h = Harness::start(profile).await;
        let id = h.member_with_projects(3);
        let before = h.sim_memberships(id);
        assert!(before.len() >= 3);

        // Person side: x opens a confirmation with Cancel focused; Enter cancels.
        h.select_person(id);
        h.focus_membership(0);
        let gone = h.membership_at(0);
        h.text("x").await;
        let Some(WriteModal::ConfirmRemove(c)) = top(&h) else {
            panic!("confirmation expected");
        };
        assert_eq!(c.focus, Button::Cancel);
        h.key(KeyCode::Enter).await;
        assert_eq!(writes_sent(&h), 0, "Enter on Cancel removed something");
        h.text("x").await;
        h.key(KeyCode::Tab).await;
        h.key(KeyCode::Enter).await;
        let after = h.sim_memberships(id);
        let mut expected = before.clone();
        expected.remove(&gone);
        assert_eq!(after, expected, "{profile}: other memberships changed");
        assert_eq!(
            h.state.account.membership_count(id),
            after.len(),
            "view follows the server"
        );

        // Person side: a adds through the fuzzy picker.
        let title = h.project_title(gone);
        h.text("a").await;
        h.text(&title).await;
        let Some(WriteModal::Picker(p)) = top(&h) else {
            panic!("picker expected");
        };
        assert!(!p.list.visible().is_empty());
        h.key(KeyCode::Enter).await;
        assert_eq!(h.sim_memberships(id), before, "{profile}: re-added");
        assert_eq!(h.state.account.membership_count(id), before.len());

        // Project side: remove this person from a project, then add them back.
        h.show_project_member(gone, id);
        h.text("x").await;
        h.key(KeyCode::Right).await;
        h.key(KeyCode::Enter).await;
        assert!(!h.sim_memberships(id).contains(&gone));
        assert!(
            !h.state
                .account
                .members_of(gone)
                .iter()
                .any(|m| m.person == id)
        );
        let name = h.person(id).display_name();
        h.text("a").await;
        h.text(&name).await;
        h.key(KeyCode::Enter).await;
        assert_eq!(
            h.sim_memberships(id),
            before,
            "{profile}: added from the project side"
        );
        h.stop().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn invite_checks_form_and_duplicates_then_sends_one_invitation(profile) {
        let mut h = Harness::start(profile).await;
        let existing = h.person(h.member_with_projects(1)).email().to_uppercase();
        h.text("i").await;
        h.text("Nora Newcomer").await;
        h.key(KeyCode::Tab).await;
        for bad in ["nora@", existing.as_str()] {
            h.ctrl('u').await;
            h.text(bad).await;
            h.key(KeyCode::Enter).await;
            let Some(WriteModal::Invite(i)) = top(&h) else {
                panic!("form stays open on {bad}");
            };
            assert!(i.form.error.is_some(), "{bad} accepted");
        }
        assert_eq!(
            writes_sent(&h),
            0,
            "{profile}: sent before the checks passed"
        );
        assert!(h.sim.outbox().is_empty());
        h.ctrl('u').await;
        h.text("nora@example.org").await;
        let screen = h.screen(80, 24);
        assert!(screen.contains("emails the invitation"), "{screen}");
        h.key(KeyCode::Enter).await;
        let outbox = h.sim.outbox();
        assert_eq!(outbox.len(), 1, "{profile}: {outbox:?}");
        assert_eq!(outbox[0].to, "nora@example.org");
        let shown = h
            .state
            .account
            .person_by_email("nora@example.org")
            .expect("listed after the server confirmed");
        assert_eq!(shown.display_name(), "Nora Newcomer");
        if profile == Profile::V3 {
            // v3 can create without the email: the form says so, and the outbox stays as it was.
            h.text("i").await;
            h.text("Quiet Person").await;
            h.key(KeyCode::Tab).await;
            h.text("quiet@example.org").await;
            h.key(KeyCode::Tab).await;
            h.key(KeyCode::Tab).await;
            h.key(KeyCode::Char(' ')).await;
            assert!(h.screen(80, 24).contains("No one gets an email"));
            h.key(KeyCode::Enter).await;
            assert_eq!(h.sim.outbox().len(), 1, "send_invite off still emailed");
            assert!(
                h.state
                    .account
                    .person_by_email("quiet@example.org")
                    .is_some()
            );
            assert!(h.status().contains("no invitation email"), "{}", h.status());
        }
        h.stop().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn recreate_from_a_tombstone_invites_again_and_readds_the_memberships(profile) {
        let mut h = Harness::start(profile).await;
        let victim = h.member_with_projects(2);
        let email = h.person(victim).email().to_string();
        let projects = h.sim_memberships(victim);
        to_typed_modal(&mut h, victim).await;
        h.text(&email).await;
        h.key(KeyCode::Tab).await;
        h.key(KeyCode::Enter).await;
        assert!(!h.sim_has_person(victim));
        let sent = h.sim.outbox().len();
        h.text("T").await;
        let Some(WriteModal::Tombstones(l)) = top(&h) else {
            panic!("tombstone list expected");
        };
        assert_eq!(
            l.entries
                .as_ref()
                .and_then(|e| e.as_ref().ok())
                .map(Vec::len),
            Some(1)
        );
        h.key(KeyCode::Enter).await;
        assert!(matches!(top(&h), Some(WriteModal::ConfirmRecreate(_))));
        assert!(
            h.screen(80, 24)
                .contains("1 person gets an invitation email")
        );
        h.key(KeyCode::Enter).await; // Cancel is focused
        assert_eq!(h.sim.outbox().len(), sent);
        h.key(KeyCode::Enter).await; // the list again: pick the same one
        h.key(KeyCode::Tab).await;
        h.key(KeyCode::Enter).await;
        assert_eq!(h.sim.outbox().len(), sent + 1, "{profile}: one invitation");
        let back = h
            .state
            .account
            .person_by_email(&email)
            .map(Person::id)
            .expect("recreated and listed");
        assert_eq!(
            h.sim_memberships(back),
            projects,
            "{profile}: memberships back"
        );
        h.stop().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn read_only_offers_no_write_and_says_why(profile) {
        let mut h = Harness::start_read_only(profile).await;
        let id = h.member_with_projects(1);
        h.select_person(id);
        for k in ["e", "i", "a", "D", "T"] {
            h.text(k).await;
            assert!(top(&h).is_none(), "{k} opened a write modal");
            assert!(h.status().contains("read-only"), "{k}: {}", h.status());
        }
        h.focus_membership(0);
        h.text("x").await;
        assert!(h.status().contains("read-only"));
        let screen = h.screen(200, 24);
        for hint in ["e edit", "D delete", "a add", "x remove"] {
            assert!(
                !screen.contains(hint),
                "{hint} hinted in read-only: {screen}"
            );
        }
        h.text("?").await;
        let help = h.screen(100, 40);
        assert!(
            !help.contains("(writes)") && !help.contains("(permanent)"),
            "{help}"
        );
        assert_eq!(writes_sent(&h), 0);
        h.stop().await;
    }
}

#[tokio::test]
async fn quitting_while_a_write_is_in_flight_asks_first() {
    let mut h = Harness::start(Profile::V3).await;
    // Keep the write in flight: take its effect without running it.
    let job = h.removal_in_flight().await;
    assert!(h.screen(80, 24).contains("removing"), "in flight is shown");
    h.key_raw(KeyCode::Char('q'));
    assert!(!h.state.quit, "quit without asking");
    assert!(matches!(
        top(&h),
        Some(WriteModal::ConfirmQuit(Button::Cancel, Leave::Quit))
    ));
    h.key_raw(KeyCode::Enter); // Cancel
    assert!(!h.state.quit);
    // The answer arrives; quitting is immediate again.
    h.finish(*job).await;
    h.key_raw(KeyCode::Char('q'));
    assert!(h.state.quit);
    h.stop().await;
}

#[tokio::test]
async fn a_picker_open_while_the_account_changes_still_adds_whom_it_shows() {
    let mut h = Harness::start(Profile::Guide).await;
    let project = h.state.account.projects[0].id;
    let members: Vec<PersonId> = h
        .state
        .account
        .members_of(project)
        .iter()
        .map(|m| m.person)
        .collect();
    let a = &h.state.account;
    // The person to add sits late in the list; the one deleted meanwhile sits before them,
    // so every later position shifts by one when the delete lands.
    let target = a
        .people
        .iter()
        .rev()
        .find(|p| !a.is_owner(p) && !members.contains(&p.id()) && p.email().is_ascii())
        .map(Person::id)
        .expect("someone to add");
    let victim = a
        .people
        .iter()
        .find(|p| !a.is_owner(p) && p.id() != target && p.email().is_ascii())
        .map(Person::id)
        .expect("someone to delete");
    let email = h.person(victim).email().to_string();
    to_typed_modal(&mut h, victim).await;
    h.text(&email).await;
    h.key(KeyCode::Tab).await;
    let job = h.take_write(KeyCode::Enter);
    // Meanwhile: add someone to the project through the picker.
    h.state.view = proofhub_tui::app::state::View::Projects;
    h.state.focus = proofhub_tui::app::state::Pane::List;
    let pos = h.state.lookup.project_pos(project).expect("project");
    h.state.projects.list.select_record(pos, 10);
    h.text("a").await;
    let target_email = h.person(target).email().to_string();
    h.text(&target_email).await;
    let shown = |h: &Harness| match top(h) {
        Some(WriteModal::Picker(p)) => p
            .list
            .selected()
            .and_then(|i| h.state.account.people.get(i))
            .map(Person::id),
        _ => None,
    };
    assert_eq!(shown(&h), Some(target));
    let target_pos = h.state.account.people.position(target).expect("listed");
    h.state.people.list.select_record(target_pos, 10);
    h.finish(*job).await;
    assert!(!h.sim_has_person(victim));
    assert_eq!(
        shown(&h),
        Some(target),
        "the picker still shows the same person"
    );
    let selected = h.state.selected_person().map(Person::id);
    assert_eq!(selected, Some(target), "the people selection kept");
    let selected = h.state.selected_project().map(|p| p.id);
    assert_eq!(selected, Some(project), "the project selection kept");
    h.key(KeyCode::Enter).await;
    let now: Vec<u64> = h
        .sim
        .snapshot()
        .projects
        .iter()
        .find(|p| p.id == project.0)
        .map(|p| p.assigned.clone())
        .expect("project");
    assert!(now.contains(&target.0), "the shown person was added");
    let added: Vec<&u64> = now
        .iter()
        .filter(|id| !members.iter().any(|m| m.0 == **id))
        .collect();
    assert_eq!(added, vec![&target.0], "nobody else was added");
    h.stop().await;
}

#[tokio::test]
async fn a_write_of_unknown_outcome_reloads_to_show_what_the_server_holds() {
    use proofhub_tui::app::Action;
    use proofhub_tui::app::writes::job::{WriteDone, WriteFailure};
    let mut h = Harness::start(Profile::V3).await;
    let id = h.member_with_projects(1);
    h.select_person(id);
    h.focus_membership(0);
    let before = h.state.account.membership_count(id);
    h.text("x").await;
    h.key(KeyCode::Tab).await;
    let job = h.take_write(KeyCode::Enter);
    // As the runner answers when the write and the read-back both failed.
    let fx = proofhub_tui::app::update(
        &mut h.state,
        Action::WriteDone(Box::new(WriteDone {
            id: job.id,
            result: Err(WriteFailure::Uncertain {
                message: "connection reset; reading back failed too".into(),
            }),
        })),
    );
    assert!(
        fx.iter().any(|e| matches!(e, Effect::Load { .. })),
        "no reload: {fx:?}"
    );
    assert!(h.status().contains("reloading"), "{}", h.status());
    assert_eq!(
        h.state.account.membership_count(id),
        before,
        "nothing applied blindly"
    );
    h.run(fx).await;
    assert_eq!(
        h.state.account.membership_count(id),
        h.sim_memberships(id).len()
    );
    h.stop().await;
}

#[test]
fn offboarding_waits_for_the_whole_account_so_the_tombstone_is_complete() {
    use crossterm::event::{KeyEvent, KeyModifiers};
    use proofhub_tui::app::state::{ColorMode, State};
    use proofhub_tui::app::{Action, LoadMsg, update};
    let mut s = State::new("acme", false, ColorMode::Ansi16, fixture::now());
    update(&mut s, Action::Start);
    for event in [
        LoadMsg::Profile(Profile::Guide),
        LoadMsg::People(fixture::people(Profile::Guide)),
    ] {
        update(
            &mut s,
            Action::Loaded {
                generation: 1,
                event,
            },
        );
    }
    let pos = s.account.people.position(PersonId(3)).expect("person");
    s.people.list.select_record(pos, 10);
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('D'), KeyModifiers::SHIFT)),
    );
    assert!(s.modals.is_empty(), "offboarding opened mid-load");
    let text = s
        .status
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(text.contains("waits"), "{text}");
}

#[tokio::test]
async fn the_tombstone_holds_the_record_as_the_server_has_it_and_a_changed_email_stops_the_delete()
{
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        let victim = h.member_with_projects(1);
        let email = h.person(victim).email().to_string();
        to_typed_modal(&mut h, victim).await;
        h.text(&email).await;
        h.key(KeyCode::Tab).await;
        let job = h.take_write(KeyCode::Enter);
        // Changed on the server after the confirmation, same email: the tombstone has it.
        h.edit_behind_the_back(victim, "Renamed").await;
        h.finish(*job).await;
        assert!(!h.sim_has_person(victim));
        let records = Journal::read_all(&h.journal).expect("journal");
        let tomb = records
            .iter()
            .find_map(|r| r.tombstone.clone())
            .expect("tombstone");
        assert!(
            tomb.person.display_name().ends_with("Renamed"),
            "{profile}: stale record in the tombstone: {}",
            tomb.person.display_name()
        );

        // The email changed after the confirmation: nothing is deleted.
        let other = h.other_than(victim);
        let other_email = h.person(other).email().to_string();
        to_typed_modal(&mut h, other).await;
        h.text(&other_email).await;
        h.key(KeyCode::Tab).await;
        let job = h.take_write(KeyCode::Enter);
        proofhub_tui::api::Client::update_person(
            &harness::client(&h.sim, profile),
            other,
            None,
            proofhub_tui::api::PersonChanges {
                email: proofhub_tui::api::Edit::Set("moved@example.org".into()),
                ..Default::default()
            },
        )
        .await
        .expect("email changed");
        let before = deletes(&h);
        h.finish(*job).await;
        assert_eq!(
            deletes(&h),
            before,
            "{profile}: deleted after the email changed"
        );
        assert!(h.sim_has_person(other));
        assert!(h.status().contains("nothing was deleted"), "{}", h.status());
        h.stop().await;
    }
}
