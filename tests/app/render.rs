//! What is drawn: snapshots of each view at 80×24 and 40×12, styles of the selection, escaped
//! server text, and no panic at any size.

use crossterm::event::KeyCode;
use proofhub_tui::app::state::{ColorMode, State};
use proofhub_tui::app::{Action, update};
use proofhub_tui::model::account::Account;
use proofhub_tui::model::failure::{FailureKind, LoadError};
use proofhub_tui::model::profile::Profile;
use ratatui::style::Modifier;

use super::{key, loaded, progress, screen, snapshot, started, terminal, type_text};

const SIZES: [(u16, u16); 2] = [(80, 24), (40, 12)];

fn each_size(name: &str, s: &mut State) {
    for (w, h) in SIZES {
        snapshot(&format!("{name}_{w}x{h}"), s, w, h);
    }
}

#[test]
fn people_view() {
    each_size("people", &mut loaded(Profile::V3, ColorMode::Ansi16));
    each_size(
        "people_guide",
        &mut loaded(Profile::Guide, ColorMode::Ansi16),
    );
}

#[test]
fn people_filtered() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    type_text(&mut s, "/jan");
    each_size("people_filtered", &mut s);
}

#[test]
fn person_card() {
    for (profile, name) in [
        (Profile::V3, "person_card"),
        (Profile::Guide, "person_card_guide"),
    ] {
        let mut s = loaded(profile, ColorMode::Ansi16);
        type_text(&mut s, "/jane doe");
        key(&mut s, KeyCode::Enter);
        key(&mut s, KeyCode::Enter);
        each_size(name, &mut s);
    }
}

#[test]
fn projects_view_and_members() {
    let mut s = loaded(Profile::Guide, ColorMode::Ansi16);
    type_text(&mut s, "2");
    each_size("projects", &mut s);
    key(&mut s, KeyCode::Enter);
    each_size("project_members", &mut s);
}

#[test]
fn help_overlay() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    type_text(&mut s, "?");
    each_size("help", &mut s);
}

#[test]
fn empty_loading_and_error_states() {
    let mut s = started();
    progress(&mut s, 0, None, 1, None);
    each_size("loading", &mut s);

    let mut s = started();
    update(
        &mut s,
        Action::LoadDone {
            generation: 1,
            result: Ok(Account::new(Some(Profile::V3))),
        },
    );
    s.status = None;
    each_size("empty", &mut s);

    let mut s = started();
    update(
        &mut s,
        Action::LoadDone {
            generation: 1,
            result: Err(LoadError::new(
                FailureKind::TokenRefused,
                "the server refused the token (401): check PROOFHUB_TOKEN",
            )),
        },
    );
    each_size("error", &mut s);
}

/// The modifiers of the first cell showing `text` in the table.
fn row_style(s: &mut State, text: &str) -> Modifier {
    let t = terminal(s, 80, 24);
    let buf = t.backend().buffer();
    for y in 0..buf.area.height {
        // the table is the left pane; the card repeats the email
        let line: String = (0..list_pane_width(buf))
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        if let Some(col) = line.find(text) {
            let x = line[..col].chars().count() as u16;
            return buf[(x, y)].modifier;
        }
    }
    panic!("{text} not on screen");
}

#[test]
fn selection_is_reversed_and_bold_with_and_without_colour() {
    for colors in [ColorMode::Ansi16, ColorMode::Light, ColorMode::Monochrome] {
        let mut s = loaded(Profile::V3, colors);
        let selected = row_style(&mut s, "anna.mueller@");
        assert!(
            selected.contains(Modifier::REVERSED | Modifier::BOLD),
            "{colors:?}: {selected:?}"
        );
        let other = row_style(&mut s, "bob@acme");
        assert!(!other.contains(Modifier::REVERSED), "{colors:?}: {other:?}");
        // When the card has focus, the list's selection stays visible by bold alone.
        key(&mut s, KeyCode::Enter);
        let unfocused = row_style(&mut s, "anna.mueller@");
        assert!(unfocused.contains(Modifier::BOLD) && !unfocused.contains(Modifier::REVERSED));
    }
}

#[test]
fn monochrome_uses_no_colour_at_all() {
    let mut s = loaded(Profile::V3, ColorMode::Monochrome);
    type_text(&mut s, "/jan");
    let t = terminal(&mut s, 80, 24);
    let buf = t.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
}

#[test]
fn matched_letters_are_emphasised() {
    let mut s = loaded(Profile::V3, ColorMode::Monochrome);
    type_text(&mut s, "/mul");
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Tab); // focus elsewhere so the row is not reversed
    let t = terminal(&mut s, 80, 24);
    let buf = t.backend().buffer();
    let y = (0..24)
        .find(|y| {
            (0..list_pane_width(buf))
                .map(|x| buf[(x, *y)].symbol())
                .collect::<String>()
                .contains("anna.mueller@")
        })
        .expect("row shown");
    let line: Vec<(String, Modifier)> = (0..list_pane_width(buf))
        .map(|x| (buf[(x, y)].symbol().to_string(), buf[(x, y)].modifier))
        .collect();
    let underlined: String = line
        .iter()
        .filter(|(_, m)| m.contains(Modifier::UNDERLINED))
        .map(|(c, _)| c.as_str())
        .collect();
    assert_eq!(underlined, "Mül");
}

#[test]
fn hostile_text_is_shown_escaped() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    type_text(&mut s, "/eve");
    key(&mut s, KeyCode::Enter);
    let text = screen(&mut s, 100, 30);
    assert!(text.contains("Eve ^[[31mRed^[[0m^G"), "{text}");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
}

#[test]
fn every_size_from_1x1_to_100x40_draws_without_panic() {
    let mut s = loaded(Profile::Guide, ColorMode::Ansi16);
    type_text(&mut s, "/a");
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Enter);
    for w in 1..=100 {
        for h in 1..=40 {
            terminal(&mut s, w, h);
        }
    }
    type_text(&mut s, "?");
    for w in (1..=100).step_by(7) {
        for h in 1..=40 {
            terminal(&mut s, w, h);
        }
    }
}

#[test]
fn too_small_says_so() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    let text = screen(&mut s, 22, 5);
    assert!(text.contains("Terminal too"), "{text}");
}

#[test]
fn guide_manager_comes_from_the_project_role() {
    let mut s = super::started();
    let mut account = super::fixture::account(Profile::Guide);
    for p in &mut account.projects {
        p.manager = None; // guide projects carry no manager field
    }
    update(
        &mut s,
        Action::LoadDone {
            generation: 1,
            result: Ok(account),
        },
    );
    type_text(&mut s, "2/website");
    key(&mut s, KeyCode::Enter);
    let text = screen(&mut s, 80, 24);
    assert!(text.contains("manager  Jane Doe"), "{text}");
}

/// Where the list pane ends: its top-right corner, on the first line that has one.
fn list_pane_width(buf: &ratatui::buffer::Buffer) -> u16 {
    (0..buf.area.height)
        .find_map(|y| (0..buf.area.width).find(|x| buf[(*x, y)].symbol() == "┐"))
        .map_or(buf.area.width, |x| x + 1)
}
