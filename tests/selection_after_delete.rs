//! After a delete the selection moves to the row that took the deleted person's place, never to
//! whoever now sits at the deleted record's old position in the account's list.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::fixture;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proofhub_tui::app::action::Action;
use proofhub_tui::app::effect::Effect;
use proofhub_tui::app::state::{ColorMode, State};
use proofhub_tui::app::update::update;
use proofhub_tui::app::writes::job::{WriteDone, WriteResult};
use proofhub_tui::model::profile::Profile;

fn key(s: &mut State, code: KeyCode) -> Vec<Effect> {
    update(s, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn selected(s: &State) -> String {
    s.selected_person()
        .map(proofhub_tui::model::account::Person::display_name)
        .unwrap_or_default()
}

fn delete_selected_then_check(profile: Profile) {
    let mut s = State::new("acme", false, ColorMode::Ansi16, fixture::now());
    update(&mut s, Action::Start);
    update(
        &mut s,
        Action::Resize {
            width: 100,
            height: 30,
        },
    );
    // The account's own order differs from the rows' name order, as a real one's does.
    let mut account = fixture::account(profile);
    account.people.reverse();
    update(
        &mut s,
        Action::LoadDone {
            generation: 1,
            result: Ok(account),
        },
    );
    // Walk down until the selected person can be offboarded (not the owner) and has a next row.
    let rows = s.people.list.visible().len();
    assert!(rows >= 4, "{profile}: the fixture has people");
    key(&mut s, KeyCode::Down);
    let (gone, next) = loop {
        let row = s.people.list.selected_row();
        let person = s.selected_person().expect("a selection").clone();
        let next_pos = s.people.list.visible()[row + 1];
        let next = s.account.people[next_pos].display_name();
        let owner = s
            .account
            .role_name(&person)
            .is_some_and(|r| r.eq_ignore_ascii_case("owner"));
        if !owner {
            break (person, next);
        }
        key(&mut s, KeyCode::Down);
    };
    key(&mut s, KeyCode::Char('D'));
    key(&mut s, KeyCode::Enter);
    for c in gone.email().chars() {
        key(&mut s, KeyCode::Char(c));
    }
    key(&mut s, KeyCode::Tab);
    let fx = key(&mut s, KeyCode::Enter);
    let Some(Effect::Write(job)) = fx.into_iter().find(|e| matches!(e, Effect::Write(_))) else {
        panic!("{profile}: the delete is sent once the email is typed");
    };
    update(
        &mut s,
        Action::WriteDone(Box::new(WriteDone {
            id: job.id,
            result: Ok(WriteResult::Deleted(gone.id())),
        })),
    );
    assert!(
        s.account.person(gone.id()).is_none(),
        "{profile}: the person is gone"
    );
    assert_eq!(selected(&s), next, "{profile}: the next row is selected");
}

#[test]
fn a_delete_selects_the_next_row_v3() {
    delete_selected_then_check(Profile::V3);
}

#[test]
fn a_delete_selects_the_next_row_guide() {
    delete_selected_then_check(Profile::Guide);
}
