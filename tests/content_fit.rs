//! The layout fits the content (#12 point 1): on the demo account, loaded over HTTP from the
//! simulator in both profiles, every person's full name is readable in the list at 80×24 and
//! the full email is in the list or the card; at 120×40 both are in the list. Snapshots of
//! People, Projects and the card at 80×24, 100×30 and 120×40. The members pane shows project
//! roles with the manager marked, and `y` there copies the selected member's email.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proofhub_tui::app::state::{ColorMode, State};
use proofhub_tui::app::{Action, Effect, update};
use proofhub_tui::model::profile::Profile;
use proofhub_tui::model::sanitize;
use proofhub_tui::sim::data::AccountData;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::fixture;
use crate::support::live;

const SIZES: [(u16, u16); 3] = [(80, 24), (100, 30), (120, 40)];

/// The demo account loaded over HTTP from the simulator, in monochrome, at [`fixture::now`].
pub async fn demo(profile: Profile) -> State {
    let sim = live::start(profile, AccountData::demo()).await;
    let account = live::load(&live::client(&sim)).await;
    let mut s = State::new("demo", false, ColorMode::Monochrome, fixture::now());
    update(&mut s, Action::Start);
    update(
        &mut s,
        Action::LoadDone {
            generation: 1,
            result: Ok(account),
        },
    );
    s.status = None;
    s
}

fn press(s: &mut State, code: KeyCode) -> Vec<Effect> {
    update(s, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// The screen as lines of text.
fn screen(s: &mut State, width: u16, height: u16) -> Vec<String> {
    update(s, Action::Resize { width, height });
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| proofhub_tui::ui::draw(f, s)).unwrap();
    let buf = t.backend().buffer();
    // A wide character fills two cells; the second holds nothing to read.
    (0..height)
        .map(|y| {
            let mut line = String::new();
            let mut x = 0;
            while x < width {
                let sym = buf[(x, y)].symbol();
                line.push_str(sym);
                x += u16::try_from(unicode_width::UnicodeWidthStr::width(sym).max(1)).unwrap();
            }
            line
        })
        .collect()
}

/// The list pane's and the detail pane's text, row by row (the panes split at the first "┐").
fn panes(lines: &[String]) -> (Vec<String>, Vec<String>) {
    let split = lines
        .iter()
        .find_map(|l| l.chars().position(|c| c == '┐'))
        .expect("a pane");
    let list = lines
        .iter()
        .map(|l| l.chars().take(split + 1).collect())
        .collect();
    let detail = lines
        .iter()
        .map(|l| l.chars().skip(split + 1).collect())
        .collect();
    (list, detail)
}

fn snapshot(name: &str, s: &mut State, width: u16, height: u16) {
    let text = screen(s, width, height).join("\n");
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), text);
    });
}

/// Walks the People list top to bottom at `width`×`height`; for each person, whether the
/// selected row shows the whole name, and the whole email (`in_list`) or in the card.
async fn every_person_readable(profile: Profile, width: u16, height: u16, email_in_list: bool) {
    let mut s = demo(profile).await;
    let people = s.people.list.visible().len();
    assert!(people > 5, "the demo account has people");
    for _ in 0..people {
        let p = s.selected_person().expect("a person selected").clone();
        let name = sanitize::display(&p.display_name()).into_owned();
        let email = sanitize::display(p.email()).into_owned();
        let lines = screen(&mut s, width, height);
        let (list, detail) = panes(&lines);
        let row = list
            .iter()
            .find(|l| l.contains('▶'))
            .unwrap_or_else(|| panic!("no selected row:\n{}", lines.join("\n")));
        assert!(
            row.contains(&name),
            "{profile:?} {width}x{height}: {name:?} cut in {row:?}"
        );
        // The card wraps a long email: read its rows joined.
        let card: String = detail.iter().map(|l| l.trim_matches([' ', '│'])).collect();
        if email_in_list {
            assert!(
                row.contains(&email),
                "{width}x{height}: {email:?} cut in {row:?}"
            );
        } else {
            assert!(
                row.contains(&email) || card.contains(&email),
                "{profile:?} {width}x{height}: {email:?} neither in {row:?} nor the card {card:?}"
            );
        }
        press(&mut s, KeyCode::Down);
    }
}

#[tokio::test]
async fn at_80x24_every_name_is_in_the_list_and_every_email_in_the_list_or_the_card() {
    for profile in [Profile::V3, Profile::Guide] {
        every_person_readable(profile, 80, 24, false).await;
    }
}

#[tokio::test]
async fn at_120x40_every_name_and_email_are_in_the_list() {
    for profile in [Profile::V3, Profile::Guide] {
        every_person_readable(profile, 120, 40, true).await;
    }
}

#[tokio::test]
async fn demo_people_projects_and_card_at_three_sizes() {
    for (profile, tag) in [(Profile::V3, "v3"), (Profile::Guide, "guide")] {
        for (w, h) in SIZES {
            let mut s = demo(profile).await;
            snapshot(&format!("demo_people_{tag}"), &mut s, w, h);
            press(&mut s, KeyCode::Enter);
            snapshot(&format!("demo_card_{tag}"), &mut s, w, h);
            press(&mut s, KeyCode::Char('2'));
            snapshot(&format!("demo_projects_{tag}"), &mut s, w, h);
        }
    }
}

#[test]
fn members_pane_marks_the_manager_and_y_copies_the_members_email() {
    let mut s = crate::app::loaded(Profile::V3, ColorMode::Monochrome);
    for c in "2/hiring".chars() {
        press(&mut s, KeyCode::Char(c));
    }
    press(&mut s, KeyCode::Enter);
    let project = s.selected_project().expect("project").clone();
    let manager = project.manager.expect("the fixture project has a manager");
    let lines = screen(&mut s, 100, 30);
    let (_, detail) = panes(&lines);
    let manager_name = s
        .account
        .people
        .iter()
        .find(|p| p.id() == manager)
        .expect("manager is a person")
        .display_name();
    assert!(
        detail
            .iter()
            .any(|l| l.contains(&manager_name) && l.contains("manager")),
        "the manager's row says manager:\n{}",
        lines.join("\n")
    );
    // Into the members pane, onto the manager, and copy.
    press(&mut s, KeyCode::Enter);
    let members = s.members(project.id);
    let at = members
        .iter()
        .position(|(m, _)| m.person == manager)
        .expect("manager is a member");
    for _ in 0..at {
        press(&mut s, KeyCode::Down);
    }
    let email = s.selected_member().expect("a member").email().to_string();
    let fx = press(&mut s, KeyCode::Char('y'));
    assert_eq!(fx, vec![Effect::Copy(email.to_string())]);
}
