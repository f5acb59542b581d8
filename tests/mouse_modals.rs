//! Mouse clicks on the buttons of a modal (#12 point 8): each drawn button is a hit target, a
//! click does exactly what the button's keys do (so a disabled Delete stays disabled), a click
//! elsewhere in the modal does nothing and one outside it does not reach the list behind it.
//! Through the core against the simulator in both profiles; in a real terminal in tmux.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use proofhub_tui::app::Action;
use proofhub_tui::app::mouse::{Pointer, Target};
use proofhub_tui::app::state::Modal;
use proofhub_tui::app::writes::WriteModal;
use proofhub_tui::app::writes::offboard::Button;
use proofhub_tui::ui::hit::{self, DrawnButtons};

use crate::harness::{Harness, PROFILES};
use crate::support;
use crate::support::tmux::{SimProcess, Tmux};

fn top(h: &Harness) -> Option<&WriteModal> {
    match h.state.modals.last() {
        Some(Modal::Write(m)) => Some(m),
        _ => None,
    }
}

/// The modal's buttons on an 80×24 screen, checked against what is drawn there.
fn drawn(h: &mut Harness, confirm: &str) -> DrawnButtons {
    let screen = h.screen(80, 24);
    let b = hit::buttons(&h.state).unwrap_or_else(|| panic!("no buttons drawn:\n{screen}"));
    let at = |r: ratatui::layout::Rect| -> String {
        let line = screen.lines().nth(usize::from(r.y)).unwrap();
        line.chars()
            .skip(usize::from(r.x))
            .take(usize::from(r.width))
            .collect()
    };
    assert_eq!(at(b.cancel), "[ Cancel ]", "\n{screen}");
    assert_eq!(at(b.confirm), format!("[ {confirm} ]"), "\n{screen}");
    b
}

/// A click where the hit test says, as the runtime sends it.
async fn click(h: &mut Harness, x: u16, y: u16) -> Option<Target> {
    let target = hit::hit(&h.state, x, y);
    if let Some(t) = target {
        h.act(Action::Pointer(Pointer::Click(t))).await;
    }
    target
}

async fn mouse_on(h: &mut Harness) {
    h.text("M").await;
    assert!(h.state.mouse);
}

#[tokio::test]
async fn a_click_on_a_disabled_delete_does_nothing_and_on_an_enabled_one_deletes() {
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        mouse_on(&mut h).await;
        let victim = h.member_with_projects(1);
        let email = h.person(victim).email().trim().to_string();
        h.select_person(victim);
        h.text("D").await;
        h.key(KeyCode::Enter).await;
        assert!(matches!(top(&h), Some(WriteModal::TypedEmail(_))));

        let b = drawn(&mut h, "Delete");
        let (x, y) = (b.confirm.x + 2, b.confirm.y);
        assert_eq!(
            hit::hit(&h.state, x, y),
            Some(Target::Button(Button::Confirm))
        );
        // Disabled: the click is Tab (which never focuses a disabled button), no Enter.
        click(&mut h, x, y).await;
        assert!(
            matches!(top(&h), Some(WriteModal::TypedEmail(t)) if t.gate().focus() == Button::Cancel),
            "{profile}: the modal stays, Cancel focused"
        );
        assert!(h.sim_has_person(victim), "{profile}");
        assert!(h.sim.requests().is_empty(), "{profile}: nothing sent");

        // In the modal off the buttons, and on the list behind it: no target, nothing changes.
        let selected = h.state.people.list.selected_row();
        for (x, y) in [
            (b.cancel.x, b.cancel.y - 2),
            (b.confirm.right() + 1, b.confirm.y),
            (1, 4),
        ] {
            assert_eq!(hit::hit(&h.state, x, y), None, "{profile} at {x},{y}");
        }
        h.act(Action::Pointer(Pointer::Click(Target::ListRow(0))))
            .await;
        assert_eq!(h.state.people.list.selected_row(), selected, "{profile}");
        assert!(
            matches!(top(&h), Some(WriteModal::TypedEmail(_))),
            "{profile}"
        );

        // Typed: the same click deletes, as Tab and Enter would.
        h.text(&email).await;
        assert_eq!(
            click(&mut h, x, y).await,
            Some(Target::Button(Button::Confirm))
        );
        assert!(!h.sim_has_person(victim), "{profile}: not deleted");
        assert!(top(&h).is_none(), "{profile}: the modal closed");
        h.stop().await;
    }
}

#[tokio::test]
async fn a_click_on_cancel_cancels_and_on_remove_removes_like_the_keys() {
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        mouse_on(&mut h).await;
        let id = h.member_with_projects(1);
        h.select_person(id);
        h.focus_membership(0);
        let project = h.membership_at(0);
        h.text("x").await;
        assert!(matches!(top(&h), Some(WriteModal::ConfirmRemove(_))));
        let b = drawn(&mut h, "Remove");
        click(&mut h, b.cancel.x, b.cancel.y).await;
        assert!(top(&h).is_none(), "{profile}: Cancel closed it");
        assert_eq!(h.status(), "nothing removed", "{profile}");
        assert!(h.sim_memberships(id).contains(&project), "{profile}");

        // Keys and click agree: the confirm button is Tab + Enter.
        h.text("x").await;
        let b = drawn(&mut h, "Remove");
        click(&mut h, b.confirm.right() - 1, b.confirm.y).await;
        assert!(top(&h).is_none(), "{profile}");
        assert!(
            !h.sim_memberships(id).contains(&project),
            "{profile}: not removed"
        );
        assert!(h.status().contains("removed"), "{profile}: {}", h.status());
        h.stop().await;
    }
}

#[tokio::test]
async fn with_the_mouse_off_a_button_click_does_nothing() {
    let mut h = Harness::start(proofhub_tui::model::profile::Profile::V3).await;
    let id = h.member_with_projects(1);
    h.select_person(id);
    h.focus_membership(0);
    h.text("x").await;
    h.act(Action::Pointer(Pointer::Click(Target::Button(
        Button::Cancel,
    ))))
    .await;
    assert!(matches!(top(&h), Some(WriteModal::ConfirmRemove(_))));
    h.stop().await;
}

/// Column and row (0-based) of `needle` on the screen.
fn find(screen: &str, needle: &str) -> (u16, u16) {
    screen
        .lines()
        .enumerate()
        .find_map(|(y, l)| {
            l.find(needle).map(|b| {
                let x = l[..b].chars().count();
                (u16::try_from(x).unwrap(), u16::try_from(y).unwrap())
            })
        })
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{screen}"))
}

/// A left click at 0-based `x`, `y`, as an xterm SGR mouse report (press and release).
fn sgr_click(t: &Tmux, x: u16, y: u16) {
    t.text(&format!("\u{1b}[<0;{};{}M", x + 1, y + 1));
    t.text(&format!("\u{1b}[<0;{};{}m", x + 1, y + 1));
}

#[test]
#[ignore = "needs tmux"]
fn clicks_on_cancel_and_remove_in_a_real_terminal_at_80x24() {
    support::need_tool("tmux");
    let sim = SimProcess::start("v3");
    let home = tempfile::tempdir().expect("temp dir");
    let t = Tmux::console("mouse-modal", &sim, home.path(), &[]);
    t.wait_for("the account to load", |s| s.contains("loaded 250 people"));
    t.text("M");
    t.wait_for("the mouse on", |s| s.contains("mouse on"));
    // The first person's card (two projects in the demo), its first membership.
    t.keys(&["Tab"]);
    let before = sim.control("requests").as_array().unwrap().len();
    t.text("x");
    // Drawn whole, both buttons (a capture can land mid-frame).
    let screen = t.wait_for("the dialog", |s| {
        s.contains("Remove membership") && s.contains("[ Cancel ]") && s.contains("[ Remove ]")
    });
    let who = screen
        .lines()
        .find_map(|l| l.trim().strip_prefix("People › "))
        .map_or_else(
            || panic!("no selection:\n{screen}"),
            |w| w.trim().to_string(),
        );
    // A click on the list behind the modal (another person's row) reaches nothing: the
    // removal below is still the first person's.
    let (lx, ly) = find(&screen, "Ana Clark");
    sgr_click(&t, lx, ly);
    let (x, y) = find(&screen, "[ Remove ]");
    sgr_click(&t, x + 3, y);
    t.wait_for("the removal", |s| {
        s.contains(&format!("removed {who} from")) && !s.contains("[ Remove ]")
    });
    let requests = sim.control("requests");
    let writes: Vec<_> = requests.as_array().unwrap()[before..]
        .iter()
        .filter(|r| r["method"] != "GET")
        .collect();
    assert_eq!(
        writes.len(),
        1,
        "one write, from the Remove click: {requests}"
    );

    // The other membership: Cancel removes nothing.
    t.text("x");
    // Drawn whole, both buttons (a capture can land mid-frame).
    let screen = t.wait_for("the dialog", |s| {
        s.contains("Remove membership") && s.contains("[ Cancel ]") && s.contains("[ Remove ]")
    });
    let (x, y) = find(&screen, "[ Cancel ]");
    sgr_click(&t, x + 3, y);
    t.wait_for("the cancel", |s| {
        s.contains("nothing removed") && !s.contains("[ Cancel ]")
    });
    let after = sim.control("requests");
    assert!(
        after.as_array().unwrap()[before..]
            .iter()
            .filter(|r| r["method"] != "GET")
            .count()
            == 1,
        "Cancel sent nothing: {after}"
    );
    t.text("q");
    t.wait_for("a clean exit", |s| s.contains("exit=0"));
}
