//! The core's idea of a screenful (how far PgDn moves) agrees with what `ui` draws, in both
//! layouts: PgDn from the top selects the record right after the last row the first screen
//! showed, so paging neither skips nor repeats a row.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proofhub_tui::app::state::{ColorMode, State};
use proofhub_tui::app::{Action, update};
use proofhub_tui::model::account::{Account, Person, PersonFields, PersonId, RoleRef};
use proofhub_tui::model::profile::Profile;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn person(i: u64) -> Person {
    Person::from(PersonFields {
        id: PersonId(1000 + i),
        name: None,
        first_name: Some(format!("Row{i:03}")),
        last_name: Some("Person".into()),
        email: format!("row{i:03}@acme.io"),
        username: None,
        title: None,
        company: None,
        phone: None,
        role: RoleRef::Id(proofhub_tui::model::account::RoleId(3)),
        suspended: false,
        status: None,
        last_active: None,
        created_at: None,
        updated_at: None,
        groups: vec![],
    })
}

fn loaded(width: u16, height: u16) -> State {
    let now = chrono::DateTime::from_timestamp(1_780_000_000, 0).unwrap_or_default();
    let mut s = State::new("acme", false, ColorMode::Ansi16, now);
    update(&mut s, Action::Start);
    let mut account = Account::default();
    account.profile = Some(Profile::V3);
    account.people = (0..300).map(person).collect();
    update(
        &mut s,
        Action::LoadDone {
            generation: 1,
            result: Ok(account),
        },
    );
    update(&mut s, Action::Resize { width, height });
    s
}

/// The list pane's rows as drawn (the text between the first pair of borders that holds a
/// record), top to bottom, with the selection marker taken out; and which one is selected.
fn list_rows(s: &State, width: u16, height: u16) -> (Vec<String>, Option<usize>) {
    let mut t = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    t.draw(|f| proofhub_tui::ui::draw(f, s)).expect("draw");
    let buf = t.backend().buffer();
    let mut rows = Vec::new();
    let mut selected = None;
    for y in 0..height {
        let line: String = (0..width).map(|x| buf[(x, y)].symbol()).collect();
        let Some(cell) = line.split('│').nth(1) else {
            continue;
        };
        if !cell.contains("Row") {
            continue;
        }
        if cell.contains('▶') {
            selected = Some(rows.len());
        }
        rows.push(cell.replace('▶', " "));
    }
    (rows, selected)
}

#[test]
fn page_down_moves_by_exactly_the_rows_drawn_in_both_layouts() {
    // Full (side by side, breadcrumbs) and compact (one pane) sizes.
    for (width, height) in [(80, 24), (120, 40), (60, 15), (59, 30), (100, 14), (40, 8)] {
        let mut s = loaded(width, height);
        let (first, selected) = list_rows(&s, width, height);
        assert_eq!(
            selected,
            Some(0),
            "{width}x{height}: the first row is selected"
        );
        assert!(first.len() > 1, "{width}x{height}: rows are drawn");
        update(
            &mut s,
            Action::Key(KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE)),
        );
        let (second, selected) = list_rows(&s, width, height);
        let selected = selected.expect("a row stays selected");
        assert!(
            !first.contains(&second[selected]),
            "{width}x{height}: PgDn selected a row the first screen already showed"
        );
        assert_eq!(
            selected.checked_sub(1).map(|i| &second[i]),
            first.last(),
            "{width}x{height}: PgDn skipped rows: the row above the selection is not the first screen's last"
        );
    }
}
