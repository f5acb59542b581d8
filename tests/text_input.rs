//! Text fields edit like a shell line: the cursor moves into the middle of what was typed, a
//! letter is fixed there, and what depends on the text follows (Delete enables, the filter
//! narrows). Against the simulator in both profiles, and in a real terminal under NO_COLOR.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::harness::{Harness, PROFILES};
use crate::support;
use crate::support::tmux::{SimProcess, Tmux};

use crossterm::event::KeyCode;
use proofhub_tui::app::state::Modal;
use proofhub_tui::app::writes::WriteModal;
use proofhub_tui::app::writes::offboard::Button;
use proofhub_tui::model::account::Person;

fn typed_email(h: &Harness) -> &proofhub_tui::app::writes::offboard::TypedEmail {
    match h.state.modals.last() {
        Some(Modal::Write(m)) => match &**m {
            WriteModal::TypedEmail(t) => t,
            other => panic!("typed-email modal expected, got {other:?}"),
        },
        other => panic!("typed-email modal expected, got {other:?}"),
    }
}

/// `text` with the character at `i` replaced by `#` (a character no record has).
fn typo(text: &str, i: usize) -> String {
    text.chars()
        .enumerate()
        .map(|(j, c)| if j == i { '#' } else { c })
        .collect()
}

#[tokio::test]
async fn a_typo_in_the_middle_of_the_typed_email_is_fixed_in_place_and_delete_enables() {
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        let victim = h.member_with_projects(1);
        let email = h.person(victim).email().to_string();
        let len = email.chars().count();
        let at = len / 2;
        h.select_person(victim);
        h.text("D").await;
        h.key(KeyCode::Enter).await;
        h.text(&typo(&email, at)).await;
        assert!(
            !typed_email(&h).gate().matches(),
            "{profile}: the typo enabled Delete"
        );
        // Back to just after the wrong letter, replace it; the rest stays.
        for _ in 0..len - at - 1 {
            h.key(KeyCode::Left).await;
        }
        h.key(KeyCode::Backspace).await;
        let right = email.chars().nth(at).unwrap();
        h.key(KeyCode::Char(right)).await;
        assert_eq!(typed_email(&h).gate().typed().as_str(), email, "{profile}");
        assert_eq!(typed_email(&h).gate().typed().cursor(), at + 1, "{profile}");
        assert!(
            typed_email(&h).gate().matches(),
            "{profile}: Delete still disabled"
        );
        let screen = h.screen(80, 24);
        let shown: String = email.chars().take(at + 1).collect();
        assert!(
            screen.contains(&format!("> {shown}▏")),
            "{profile}: cursor not drawn where it is:\n{screen}"
        );
        // The Delete button takes the focus now, and deletes.
        h.key(KeyCode::Tab).await;
        assert_eq!(typed_email(&h).gate().focus(), Button::Confirm, "{profile}");
        h.key(KeyCode::Enter).await;
        assert!(
            !h.sim_has_person(victim),
            "{profile}: the person was not deleted"
        );
        h.stop().await;
    }
}

#[tokio::test]
async fn a_letter_fixed_in_the_middle_of_the_filter_brings_the_person_back() {
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        let id = h.member_with_projects(0);
        let email = h.person(id).email().to_string();
        let at = email.chars().count() / 2;
        h.text("/").await;
        h.text(&typo(&email, at)).await;
        assert!(
            h.state.people.list.visible().is_empty(),
            "{profile}: the typo matched"
        );
        // Ctrl-A and word jumps reach the middle too; then back to just after the '#'.
        h.ctrl('a').await;
        h.key(KeyCode::End).await;
        for _ in 0..email.chars().count() - at - 1 {
            h.key(KeyCode::Left).await;
        }
        h.key(KeyCode::Backspace).await;
        h.key(KeyCode::Char(email.chars().nth(at).unwrap())).await;
        assert_eq!(h.state.people.list.query().as_str(), email, "{profile}");
        assert_eq!(
            h.state.selected_person().map(Person::id),
            Some(id),
            "{profile}: the filter did not follow the fix"
        );
        // The cursor is drawn where it is, not at the end.
        let screen = h.screen(80, 24);
        let before: String = email.chars().take(at + 1).collect();
        assert!(
            screen.contains(&format!("/ {before}▏")),
            "{profile}:\n{screen}"
        );
        h.stop().await;
    }
}

#[tokio::test]
async fn the_help_lists_the_editing_keys_of_text_fields() {
    let mut h = Harness::start(PROFILES[0]).await;
    h.text("?").await;
    h.text("cursor").await;
    let screen = h.screen(100, 30);
    for line in [
        "any text field",
        "cursor left",
        "Home C-a",
        "C-w",
        "delete the word before the cursor",
    ] {
        assert!(screen.contains(line), "{line:?} missing:\n{screen}");
    }
    h.stop().await;
}

#[test]
#[ignore = "needs tmux"]
fn in_a_terminal_the_filter_is_fixed_in_the_middle() {
    support::need_tool("tmux");
    let sim = SimProcess::start("v3");
    let dir = tempfile::tempdir().expect("temp dir");
    let tmux = Tmux::console_with_env("text-input", &sim, dir.path(), &[], &["NO_COLOR=1"]);
    tmux.wait_for("the account to load", |s| s.contains("loaded 250 people"));
    tmux.text("/agnieszka pa#el");
    tmux.wait_for("nothing to match the typo", |s| {
        s.contains("/ agnieszka pa#el▏") && s.contains("People 0/250")
    });
    tmux.keys(&["Left", "Left", "BSpace"]);
    tmux.text("t");
    let screen = tmux.wait_for("the fixed filter to find her", |s| {
        s.contains("/ agnieszka pat▏el") && s.contains("┌ Agnieszka Patel")
    });
    assert!(!screen.contains('#'), "{screen}");
    tmux.keys(&["Enter"]);
    tmux.text("q");
    tmux.wait_for("the console to exit", |s| s.contains("exit=0"));
}
