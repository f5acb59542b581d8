//! Snapshots of the write modals at 80×24 on the fixture account, and the styles of the
//! typed-email modal's buttons (snapshots are text only).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proofhub_tui::app::load::replace_account;
use proofhub_tui::app::state::{ColorMode, LoadState, State};
use proofhub_tui::app::{Action, update};
use proofhub_tui::model::account::PersonId;
use proofhub_tui::model::profile::Profile;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

use super::fixture;

/// The fixture account in place, as after a finished load.
fn loaded(profile: Profile, colors: ColorMode) -> State {
    let mut s = State::new("acme", false, colors, fixture::now());
    replace_account(&mut s, fixture::account(profile));
    s.load = LoadState::Done;
    s
}

fn keys(s: &mut State, text: &str) {
    for c in text.chars() {
        update(
            s,
            Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
}

fn key(s: &mut State, code: KeyCode) {
    update(s, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn select(s: &mut State, id: u64) {
    let pos = s
        .account
        .people
        .position(PersonId(id))
        .expect("fixture person");
    s.people.list.select_record(pos, 10);
}

fn buffer(s: &mut State, w: u16, h: u16) -> Buffer {
    update(
        s,
        Action::Resize {
            width: w,
            height: h,
        },
    );
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("backend");
    t.draw(|f| proofhub_tui::ui::draw(f, s)).expect("draw");
    t.backend().buffer().clone()
}

fn snap(name: &str, s: &mut State) {
    snap_at(name, s, 80, 24);
}

fn snap_at(name: &str, s: &mut State, w: u16, h: u16) {
    update(
        s,
        Action::Resize {
            width: w,
            height: h,
        },
    );
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("backend");
    t.draw(|f| proofhub_tui::ui::draw(f, s)).expect("draw");
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, t.backend());
    });
}

/// Where `needle` starts on screen.
fn find(buf: &Buffer, needle: &str) -> (u16, u16) {
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        if let Some(i) = line.find(needle) {
            let col = line[..i].chars().count() as u16;
            return (col, y);
        }
    }
    panic!("{needle:?} not on screen");
}

#[test]
fn edit_form_and_review() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    select(&mut s, 3);
    keys(&mut s, "e");
    snap("writes_edit_form_80x24", &mut s);
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Tab);
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    keys(&mut s, "Staff Engineer");
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Right);
    key(&mut s, KeyCode::Enter);
    snap("writes_edit_review_80x24", &mut s);
    let mut g = loaded(Profile::Guide, ColorMode::Ansi16);
    select(&mut g, 3);
    keys(&mut g, "e");
    snap("writes_edit_form_guide_80x24", &mut g);
}

#[test]
fn invite_form() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    keys(&mut s, "i");
    keys(&mut s, "Nora Newcomer");
    key(&mut s, KeyCode::Tab);
    keys(&mut s, "nora@acme.io");
    snap("writes_invite_form_80x24", &mut s);
}

#[test]
fn offboarding_review_and_typed_email_modal() {
    let mut s = loaded(Profile::V3, ColorMode::Ansi16);
    select(&mut s, 3);
    keys(&mut s, "D");
    snap("writes_offboard_review_80x24", &mut s);
    key(&mut s, KeyCode::Enter);
    keys(&mut s, "jan.k@acme");
    snap("writes_typed_email_disabled_80x24", &mut s);
    keys(&mut s, ".io");
    snap("writes_typed_email_enabled_80x24", &mut s);
    snap_at("writes_typed_email_enabled_40x12", &mut s, 40, 12);
}

#[test]
fn cancel_is_focused_and_delete_looks_disabled_until_the_email_matches() {
    for colors in [ColorMode::Ansi16, ColorMode::Monochrome] {
        let mut s = loaded(Profile::V3, colors);
        select(&mut s, 3);
        keys(&mut s, "D");
        key(&mut s, KeyCode::Enter);
        keys(&mut s, "jan.k@acme.i");
        let buf = buffer(&mut s, 80, 24);
        let cancel = buf[find(&buf, "[ Cancel ]")].style();
        let delete = buf[find(&buf, "[ Delete ]")].style();
        assert!(
            cancel.add_modifier.contains(Modifier::REVERSED),
            "{colors:?}: Cancel focused"
        );
        assert!(
            delete.add_modifier.contains(Modifier::CROSSED_OUT),
            "{colors:?}: Delete disabled"
        );
        assert!(!delete.add_modifier.contains(Modifier::REVERSED));
        keys(&mut s, "o");
        let buf = buffer(&mut s, 80, 24);
        let cancel = buf[find(&buf, "[ Cancel ]")].style();
        let delete = buf[find(&buf, "[ Delete ]")].style();
        assert!(
            cancel.add_modifier.contains(Modifier::REVERSED),
            "Cancel stays focused"
        );
        assert!(
            !delete.add_modifier.contains(Modifier::CROSSED_OUT),
            "Delete enabled"
        );
        key(&mut s, KeyCode::Tab);
        let buf = buffer(&mut s, 80, 24);
        assert!(
            buf[find(&buf, "[ Delete ]")]
                .style()
                .add_modifier
                .contains(Modifier::REVERSED)
        );
        // On a small screen the instruction, the input and the buttons stay visible.
        let buf = buffer(&mut s, 40, 12);
        find(&buf, "to enable Delete");
        find(&buf, "> jan.k@acme.io");
        find(&buf, "[ Cancel ]");
    }
}

#[test]
fn write_modals_fit_small_screens_without_panicking() {
    for (w, h) in [(80, 24), (40, 12), (24, 6), (10, 3)] {
        let mut s = loaded(Profile::Guide, ColorMode::Monochrome);
        select(&mut s, 3);
        for k in ["e", "i", "D", "a"] {
            keys(&mut s, k);
            let _ = buffer(&mut s, w, h);
            if k == "D" {
                key(&mut s, KeyCode::Enter);
                let _ = buffer(&mut s, w, h);
            }
            key(&mut s, KeyCode::Esc);
        }
    }
}
