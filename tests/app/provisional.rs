//! Answers that depend on data still loading say so, and an answer the profile cannot give says
//! that instead of "no one".

use proofhub_tui::app::state::ColorMode;
use proofhub_tui::app::{Action, LoadMsg, update};
use proofhub_tui::model::account::Person;
use proofhub_tui::model::profile::Profile;

use super::{fixture, loaded, screen, started, type_text};

#[test]
fn in_no_project_says_so_far_while_member_lists_are_still_loading() {
    let full = fixture::account(Profile::V3);
    let mut s = started();
    for event in [
        LoadMsg::People(full.people.to_vec()),
        LoadMsg::Projects(full.projects.to_vec()),
    ] {
        update(
            &mut s,
            Action::Loaded {
                generation: 1,
                event,
            },
        );
    }
    // Only the first project's member list has arrived.
    let first = full.projects[0].id;
    let members = full
        .members_of(first)
        .into_iter()
        .map(|m| (m.person, m.project_role))
        .collect();
    update(
        &mut s,
        Action::Loaded {
            generation: 1,
            event: LoadMsg::Members {
                project: first,
                members,
            },
        },
    );
    type_text(&mut s, "fff"); // suspended → admins → in no project
    let missing = full.projects.len() - 1;
    let text = screen(&mut s, 120, 24);
    let mark = format!("in no project: so far, {missing} projects still loading");
    assert!(text.contains(&mark), "{text}");

    // The load completes: the answer is final and the mark goes.
    update(
        &mut s,
        Action::LoadDone {
            generation: 1,
            result: Ok(full),
        },
    );
    let text = screen(&mut s, 120, 24);
    assert!(text.contains("[in no project]"), "{text}");
    assert!(!text.contains("so far"), "{text}");
}

#[test]
fn never_active_on_guide_says_activity_is_unknown_not_no_one() {
    let mut s = loaded(Profile::Guide, ColorMode::Ansi16);
    type_text(&mut s, "ffff"); // … → never active
    let text = screen(&mut s, 120, 24);
    assert!(
        text.contains("Who is never active is unknown: guide reports no activity."),
        "{text}"
    );
    assert!(!text.contains("No one is never active."), "{text}");
    // v3 reports activity: its answer carries no such caveat.
    let mut v3 = loaded(Profile::V3, ColorMode::Ansi16);
    type_text(&mut v3, "ffff");
    let text = screen(&mut v3, 120, 24);
    assert!(!text.contains("reports no activity"), "{text}");
}

#[test]
fn the_card_of_a_guide_person_says_activity_is_unknown() {
    // Guide records carry no activity field at all.
    let mut account = fixture::account(Profile::Guide);
    for p in account.people.iter_mut() {
        let mut f = p.to_fields();
        f.last_active = None;
        *p = Person::from(f);
    }
    let mut s = started();
    update(
        &mut s,
        Action::LoadDone {
            generation: 1,
            result: Ok(account),
        },
    );
    let text = screen(&mut s, 120, 24);
    assert!(text.contains("activity unknown"), "{text}");
    assert!(!text.contains("never active"), "{text}");
}
