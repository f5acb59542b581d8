//! Keys and async results in, state and effects out.

use crossterm::event::KeyCode;
use proofhub_tui::app::state::{ColorMode, LoadState, Modal, Pane, State, StatusKind, View};
use proofhub_tui::app::{Action, Effect, LoadMsg, update};
use proofhub_tui::model::account::{Person, PersonId, ProjectId};
use proofhub_tui::model::failure::{FailureKind, LoadError};
use proofhub_tui::model::profile::Profile;

use super::{fixture, key, loaded, progress, screen, type_text};

fn names(s: &State) -> Vec<String> {
    s.people
        .list
        .visible()
        .iter()
        .map(|i| s.account.people[*i].display_name())
        .collect()
}

fn selected_name(s: &State) -> String {
    s.selected_person()
        .map(Person::display_name)
        .unwrap_or_default()
}

#[test]
fn data_is_usable_as_it_arrives_and_progress_shows() {
    let mut s = State::new("acme", false, ColorMode::Ansi16, fixture::now());
    assert_eq!(
        update(&mut s, Action::Start),
        vec![Effect::Load { generation: 1 }]
    );
    let people = fixture::people(Profile::V3);
    update(
        &mut s,
        Action::Loaded {
            generation: 1,
            event: LoadMsg::People(people[..4].to_vec()),
        },
    );
    progress(&mut s, 4, Some(9), 18, Some(75));
    assert_eq!(s.people.list.visible().len(), 4);
    // Usable while loading: filter what has arrived.
    type_text(&mut s, "/mul");
    assert_eq!(selected_name(&s), "Anna Müller");
    let text = screen(&mut s, 100, 24);
    assert!(
        text.contains("loading people 4/9 · about 2 min left"),
        "{text}"
    );
    assert!(text.contains("18/25 req used (7 left) per 10 s"), "{text}");
    // A stale answer of an older load changes nothing.
    update(
        &mut s,
        Action::Loaded {
            generation: 0,
            event: LoadMsg::People(people.clone()),
        },
    );
    assert_eq!(s.account.people.len(), 4);
}

#[test]
fn misspelt_fragment_finds_the_person_best_first_and_esc_clears() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    type_text(&mut s, "/");
    assert!(s.editing_filter);
    type_text(&mut s, "jne");
    assert_eq!(selected_name(&s), "Jane Doe");
    assert!(s.people.list.visible().len() < s.account.people.len());
    // q while typing is a letter, not quit
    type_text(&mut s, "q");
    assert!(!s.quit);
    key(&mut s, KeyCode::Backspace);
    key(&mut s, KeyCode::Enter);
    assert!(!s.editing_filter);
    assert_eq!(s.people.list.query().as_str(), "jne");
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.people.list.query().as_str(), "");
    assert_eq!(s.people.list.visible().len(), 9);
}

#[test]
fn filter_folds_diacritics_and_ands_words() {
    let mut s = loaded(Profile::Guide, ColorMode::Ansi16);
    type_text(&mut s, "/mul");
    assert_eq!(names(&s), ["Anna Müller"]);
    key(&mut s, KeyCode::Esc);
    type_text(&mut s, "/mary design");
    assert!(
        names(&s).is_empty(),
        "guide people have no title: {:?}",
        names(&s)
    );
    key(&mut s, KeyCode::Esc);
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    type_text(&mut s, "/mary design");
    assert_eq!(names(&s), ["Mary Jones"]);
}

#[test]
fn quick_filters_answer_audit_questions() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    type_text(&mut s, "f");
    assert_eq!(names(&s), ["Bob Stone"], "suspended");
    type_text(&mut s, "f");
    assert_eq!(
        names(&s),
        ["Anna Müller", "Jane Doe", "Mary Jones"],
        "admins and owner"
    );
    type_text(&mut s, "f");
    assert_eq!(names(&s), ["Carla Nunez"], "in no project");
    type_text(&mut s, "f");
    assert_eq!(names(&s), ["Carla Nunez"], "never active");
    type_text(&mut s, "f");
    let clients = names(&s);
    type_text(&mut s, "f");
    assert_eq!(names(&s).len(), 9);
    assert!(
        clients.is_empty(),
        "the fixture has no clients: {clients:?}"
    );
}

#[test]
fn sort_steps_through_columns_and_reverses() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    assert_eq!(names(&s)[0], "Anna Müller");
    type_text(&mut s, "s"); // email
    assert_eq!(
        s.account.people[s.people.list.visible()[0]].email(),
        "anna.mueller@acme.io"
    );
    type_text(&mut s, "ss"); // projects
    assert_eq!(names(&s)[0], "Carla Nunez");
    type_text(&mut s, "S");
    assert_eq!(names(&s)[0], "Jane Doe", "in the most projects");
}

#[test]
fn memberships_lead_to_projects_and_back_along_the_breadcrumbs() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    type_text(&mut s, "/jane doe");
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.focus, Pane::Detail);
    // Jane's projects by title: Hiring 2027, Mobile app, Q3 launch, Website redesign
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.view, View::Projects);
    assert_eq!(s.focus, Pane::Detail);
    assert_eq!(s.selected_project().map(|p| p.id), Some(ProjectId(12)));
    assert_eq!(
        s.breadcrumbs(),
        ["People", "Jane Doe", "Projects", "Mobile app"]
    );
    // members of Mobile app by name: Jan Kowalski, Jane Doe, Janet Young
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.view, View::People);
    assert_eq!(selected_name(&s), "Jan Kowalski");
    key(&mut s, KeyCode::Esc); // leave the card
    key(&mut s, KeyCode::Esc); // back to the project
    assert_eq!(s.view, View::Projects);
    assert_eq!(s.selected_project().map(|p| p.id), Some(ProjectId(12)));
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.view, View::People);
    assert_eq!(selected_name(&s), "Jane Doe");
}

#[test]
fn switching_views_and_panes() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    type_text(&mut s, "2");
    assert_eq!(s.view, View::Projects);
    key(&mut s, KeyCode::Tab);
    assert_eq!(s.focus, Pane::Detail);
    key(&mut s, KeyCode::BackTab);
    assert_eq!(s.focus, Pane::List);
    type_text(&mut s, "G");
    assert_eq!(s.projects.list.selected_row(), 4);
    type_text(&mut s, "gj");
    assert_eq!(s.projects.list.selected_row(), 1);
    type_text(&mut s, "1");
    assert_eq!(s.view, View::People);
}

#[test]
fn y_copies_the_email_through_an_effect() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    type_text(&mut s, "/omar");
    key(&mut s, KeyCode::Enter);
    let fx = type_text(&mut s, "y");
    assert_eq!(fx, vec![Effect::Copy("omar@acme.io".into())]);
    update(&mut s, Action::CopyDone(Ok(())));
    assert!(screen(&mut s, 80, 24).contains("copied omar@acme.io"));
}

#[test]
fn reload_is_one_at_a_time_and_keeps_the_selection() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    type_text(&mut s, "/omar");
    key(&mut s, KeyCode::Enter);
    assert_eq!(type_text(&mut s, "r"), vec![Effect::Load { generation: 2 }]);
    assert!(type_text(&mut s, "r").is_empty());
    assert_eq!(
        s.status.as_ref().map(|m| m.text.as_str()),
        Some("already loading")
    );
    let mut account = fixture::account(Profile::V3);
    account.people.reverse();
    update(
        &mut s,
        Action::LoadDone {
            generation: 2,
            result: Ok(account),
        },
    );
    assert_eq!(s.load, LoadState::Done);
    assert_eq!(s.selected_person().map(Person::id), Some(PersonId(9)));
}

#[test]
fn a_failed_load_shows_in_the_status_line_and_the_app_keeps_working() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    type_text(&mut s, "r");
    update(
        &mut s,
        Action::LoadDone {
            generation: 2,
            result: Err(LoadError::new(
                FailureKind::Server,
                "server answered 503 Service Unavailable",
            )),
        },
    );
    assert_eq!(s.status.as_ref().map(|m| m.kind), Some(StatusKind::Error));
    type_text(&mut s, "j");
    assert_eq!(s.people.list.selected_row(), 1);
    assert!(screen(&mut s, 80, 24).contains("error: server answered 503"));
    assert_eq!(type_text(&mut s, "r"), vec![Effect::Load { generation: 3 }]);
}

#[test]
fn quit_cancels_a_running_load() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    type_text(&mut s, "r");
    assert_eq!(
        type_text(&mut s, "q"),
        vec![Effect::CancelLoad { generation: 2 }]
    );
    assert!(s.quit);
}

#[test]
fn help_takes_typing_until_closed() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    type_text(&mut s, "?");
    type_text(&mut s, "quick");
    assert!(!s.quit);
    assert!(matches!(s.modals.last(), Some(Modal::Help(h)) if h.filter.as_str() == "quick"));
    let text = screen(&mut s, 80, 24);
    assert!(text.contains("quick filter: suspended"), "{text}");
    assert!(!text.contains("reload from the server"), "{text}");
    key(&mut s, KeyCode::Esc);
    assert!(matches!(s.modals.last(), Some(Modal::Help(h)) if h.filter.is_empty()));
    key(&mut s, KeyCode::Esc);
    assert!(s.modals.is_empty());
}

#[test]
fn help_pages_through_every_section_once() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    type_text(&mut s, "?");
    let first = screen(&mut s, 80, 24);
    assert!(
        !first.contains("offboard"),
        "the first page already ends early:\n{first}"
    );
    // Long entries wrap (never cut), so the write keys are two pages down.
    key(&mut s, KeyCode::PageDown);
    key(&mut s, KeyCode::PageDown);
    let later = screen(&mut s, 80, 24);
    assert!(
        later.contains("offboard"),
        "PgDn did not reach the write keys:\n{later}"
    );
    key(&mut s, KeyCode::PageUp);
    key(&mut s, KeyCode::PageUp);
    assert_eq!(screen(&mut s, 80, 24), first, "PgUp goes back to the top");

    // Each section heading stands once, whatever order the keymap lists bindings in.
    let tall = screen(&mut s, 100, 200);
    for heading in [
        "anywhere",
        "lists",
        "people list",
        "person card",
        "project members",
    ] {
        let count = tall
            .lines()
            .filter(|l| l.split('│').any(|cell| cell.trim() == heading))
            .count();
        assert_eq!(
            count, 1,
            "heading {heading:?} stands {count} times:\n{tall}"
        );
    }
}

#[test]
fn projects_on_screen_are_loaded_first() {
    let mut s = loaded(Profile::Guide, ColorMode::Ansi16);
    type_text(&mut s, "r2");
    let fx = type_text(&mut s, "j");
    let Some(Effect::Prioritize(ids)) = fx.first() else {
        panic!("expected a priority update, got {fx:?}");
    };
    assert_eq!(Some(ids[0]), s.selected_project().map(|p| p.id));
    assert_eq!(ids.len(), 5);
}

#[test]
fn the_first_row_stays_selected_while_people_stream_in_until_the_user_moves() {
    let mut s = State::new("acme", false, ColorMode::Ansi16, fixture::now());
    update(&mut s, Action::Start);
    let people = fixture::people(Profile::V3);
    let page = |s: &mut State, range: std::ops::Range<usize>| {
        update(
            s,
            Action::Loaded {
                generation: 1,
                event: LoadMsg::People(people[range].to_vec()),
            },
        );
    };
    page(&mut s, 4..6); // Bob Stone, Carla Nunez
    page(&mut s, 0..4); // Anna Müller sorts first now
    assert_eq!(selected_name(&s), "Anna Müller");
    type_text(&mut s, "j");
    let chosen = selected_name(&s);
    page(&mut s, 6..9);
    assert_eq!(selected_name(&s), chosen, "a chosen person stays selected");
}
