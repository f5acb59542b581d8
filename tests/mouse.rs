//! Mouse support, opt-in (#12 point 8): off by default (capturing the mouse takes the
//! terminal's text selection away); `mouse = true` in the config or `M` turns it on; a click
//! selects the row drawn under the pointer and focuses its pane, the wheel scrolls. The hit
//! test is the ui's own layout (`ui::hit`), checked against the drawn screen.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use crossterm::event::KeyCode;
use proofhub_tui::app::mouse::{Pointer, Target};
use proofhub_tui::app::state::{ColorMode, Pane, State};
use proofhub_tui::app::{Action, Effect, update};
use proofhub_tui::local::config::Config;
use proofhub_tui::model::profile::Profile;

use crate::app::{key, loaded, screen, snapshot, started};

fn selected_name(s: &State) -> String {
    s.selected_person().unwrap().display_name()
}

/// The screen row (y) that shows `name` in the list pane.
fn row_of(s: &mut State, name: &str, width: u16, height: u16) -> u16 {
    let text = screen(s, width, height);
    let y = text
        .lines()
        .position(|l| {
            let list: String = l.chars().take(usize::from(width) / 2).collect();
            list.contains(name)
        })
        .unwrap_or_else(|| panic!("{name} not in the list:\n{text}"));
    u16::try_from(y).unwrap()
}

#[test]
fn the_mouse_is_off_by_default_and_clicks_then_do_nothing() {
    let cfg = Config::parse("", Path::new("config.toml")).unwrap();
    assert!(!cfg.mouse, "off unless the config says so");
    let cfg = Config::parse("mouse = true\n", Path::new("config.toml")).unwrap();
    assert!(cfg.mouse);

    let mut s = loaded(Profile::V3, ColorMode::Monochrome);
    assert!(!s.mouse);
    let before = selected_name(&s);
    update(&mut s, Action::Pointer(Pointer::Wheel(1)));
    update(&mut s, Action::Pointer(Pointer::Click(Target::Detail)));
    assert_eq!(selected_name(&s), before);
    assert_eq!(s.focus, Pane::List);
}

#[test]
fn a_console_started_with_mouse_on_captures_it() {
    let mut s = State::new("acme", false, ColorMode::Monochrome, crate::fixture::now());
    s.mouse = true;
    let fx = update(&mut s, Action::Start);
    assert!(fx.contains(&Effect::Mouse(true)), "{fx:?}");
    let mut off = started();
    assert!(
        !update(&mut off, Action::Start).contains(&Effect::Mouse(true)),
        "not captured by default"
    );
}

#[test]
fn m_toggles_the_mouse_and_says_how_to_select_text() {
    let mut s = loaded(Profile::V3, ColorMode::Monochrome);
    let fx = key(&mut s, KeyCode::Char('M'));
    assert_eq!(fx, vec![Effect::Mouse(true)]);
    assert!(s.mouse);
    let said = s.status.clone().unwrap().text;
    assert!(said.contains("Shift"), "{said}");
    snapshot("mouse_on_80x24", &mut s, 80, 24);
    let fx = key(&mut s, KeyCode::Char('M'));
    assert_eq!(fx, vec![Effect::Mouse(false)]);
    assert!(!s.mouse);
}

#[test]
fn a_click_selects_the_row_drawn_under_it_and_focuses_its_pane() {
    for (w, h) in [(100, 30), (50, 14)] {
        let mut s = loaded(Profile::V3, ColorMode::Monochrome);
        key(&mut s, KeyCode::Char('M'));
        let target = s
            .people
            .list
            .visible()
            .get(2)
            .map(|&i| s.account.people[i].display_name())
            .unwrap();
        let y = row_of(&mut s, &target, w, h);
        let hit = proofhub_tui::ui::hit::hit(&s, 3, y).expect("a pane there");
        assert_eq!(hit, Target::ListRow(2), "{w}x{h}");
        update(&mut s, Action::Pointer(Pointer::Click(hit)));
        assert_eq!(selected_name(&s), target, "{w}x{h}");
        let text = screen(&mut s, w, h);
        let drawn = text.lines().nth(usize::from(y)).unwrap();
        assert!(
            drawn.contains('▶'),
            "the clicked row is drawn selected: {drawn}"
        );

        // The header and the status line are not panes.
        assert_eq!(proofhub_tui::ui::hit::hit(&s, 3, 0), None);
        assert_eq!(proofhub_tui::ui::hit::hit(&s, 3, h - 1), None);
    }
}

#[test]
fn a_click_in_the_detail_pane_focuses_it_and_the_wheel_scrolls() {
    let mut s = loaded(Profile::V3, ColorMode::Monochrome);
    key(&mut s, KeyCode::Char('M'));
    screen(&mut s, 100, 30);
    let hit = proofhub_tui::ui::hit::hit(&s, 95, 10).expect("the card");
    assert_eq!(hit, Target::Detail);
    update(&mut s, Action::Pointer(Pointer::Click(hit)));
    assert_eq!(s.focus, Pane::Detail);
    update(&mut s, Action::Pointer(Pointer::Click(Target::List)));
    assert_eq!(s.focus, Pane::List);

    let first = s.people.list.selected_row();
    update(&mut s, Action::Pointer(Pointer::Wheel(1)));
    assert_eq!(s.people.list.selected_row(), first + 3);
    update(&mut s, Action::Pointer(Pointer::Wheel(-1)));
    assert_eq!(s.people.list.selected_row(), first);
}
