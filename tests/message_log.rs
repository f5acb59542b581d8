//! Messages you can read (#12 point 3): every status message of the run is kept in the message
//! log (`m`), listed in full and newest first with its time; a message cut to fit the status line
//! ends in "…" and names the log's key; the header keeps the read-only badge and the profile
//! even at 40 columns.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use proofhub_tui::app::state::ColorMode;
use proofhub_tui::app::{Action, update};
use proofhub_tui::model::profile::Profile;

use crate::app::{key, loaded, screen, snapshot, type_text};

/// A message longer than any status line, ending in a word to look for.
const LONG: &str = "the server refused the request (HTTP 422, code 7): this person cannot be deleted from this account because they own projects; transfer them first and try again, said the END";

#[test]
fn every_message_is_in_the_log_newest_first_with_its_time_and_whole() {
    let mut s = loaded(Profile::V3, ColorMode::Monochrome);
    // Messages the core itself sets: a copy with nothing selected cannot happen here, so use
    // the reload answer and a read-only refusal.
    s.read_only = true;
    s.keymap = proofhub_tui::app::state::default_keymap(true);
    type_text(&mut s, "e");
    let refusal = s.status.clone().expect("read-only says why").text;
    update(
        &mut s,
        Action::Command(proofhub_tui::app::keymap::Command::Reload),
    );
    let generation = s.generation;
    update(
        &mut s,
        Action::LoadDone {
            generation,
            result: Err(proofhub_tui::model::failure::LoadError::new(
                proofhub_tui::model::failure::FailureKind::Refused,
                LONG,
            )),
        },
    );
    let texts: Vec<String> = s.messages.newest_first().map(|e| e.text.clone()).collect();
    assert!(texts[0].starts_with(LONG), "newest first: {texts:?}");
    assert!(texts.contains(&refusal), "{texts:?}");
    assert!(
        texts.iter().position(|t| t.starts_with(LONG)) < texts.iter().position(|t| *t == refusal)
    );

    // The status line cuts it with an ellipsis and names the log's key.
    let text = screen(&mut s, 80, 24);
    let status = text.lines().last().unwrap();
    assert!(status.contains("…"), "cut with an ellipsis: {status:?}");
    assert!(status.contains("m: all"), "names the log key: {status:?}");
    assert!(!text.contains("END"), "the message is cut at 80 columns");

    // The log shows it whole (wrapped), with its time.
    key(&mut s, KeyCode::Char('m'));
    let text = screen(&mut s, 80, 24);
    let joined: String = text
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(joined.contains("said the END"), "whole in the log:\n{text}");
    assert!(text.contains("Messages ("), "{text}");
    let time = s.now.format("%H:%M:%S").to_string();
    assert!(text.contains(&time), "each message has its time:\n{text}");
    // Esc closes it.
    key(&mut s, KeyCode::Esc);
    assert!(s.modals.is_empty());
}

#[test]
fn the_message_key_is_in_help_and_can_be_rebound() {
    let mut s = loaded(Profile::V3, ColorMode::Monochrome);
    key(&mut s, KeyCode::Char('?'));
    type_text(&mut s, "message log");
    let text = screen(&mut s, 100, 30);
    assert!(text.contains("message log: this run"), "{text}");
    assert!(text.contains("[messages]"), "its config name: {text}");
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Esc);
    let report = s.keymap.apply_overrides([("messages", "L")]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    key(&mut s, KeyCode::Char('L'));
    assert!(matches!(
        s.modals.last(),
        Some(proofhub_tui::app::state::Modal::Messages(_))
    ));
}

#[test]
fn the_log_keeps_the_last_500() {
    let mut s = loaded(Profile::V3, ColorMode::Monochrome);
    for _ in 0..510 {
        // "nothing is loading", each time anew.
        s.status = None;
        update(
            &mut s,
            Action::Command(proofhub_tui::app::keymap::Command::CancelLoad),
        );
    }
    assert_eq!(s.messages.len(), 500);
}

#[test]
fn header_keeps_read_only_and_profile_at_40_columns() {
    for profile in [Profile::V3, Profile::Guide] {
        let mut s = loaded(profile, ColorMode::Monochrome);
        s.read_only = true;
        s.label = "https://a-very-long-account-name.proofhub.example.com".into();
        let text = screen(&mut s, 40, 12);
        let header = text.lines().next().unwrap();
        assert!(header.contains("read-only"), "{header:?}");
        assert!(header.contains(&profile.to_string()), "{header:?}");
    }
}

#[test]
fn message_log_snapshots() {
    for (w, h) in [(80, 24), (100, 30), (120, 40)] {
        let mut s = loaded(Profile::V3, ColorMode::Monochrome);
        s.now = crate::fixture::now();
        for text in [
            "loaded 12 people and 5 projects",
            LONG,
            "copied ada@example.com to the clipboard",
        ] {
            s.messages.push(s.now, text == LONG, text);
        }
        key(&mut s, KeyCode::Char('m'));
        snapshot(&format!("message_log_{w}x{h}"), &mut s, w, h);
    }
}

#[test]
fn switching_accounts_keeps_the_run_s_messages_and_the_mouse_switch() {
    let mut s = loaded(Profile::V3, ColorMode::Monochrome);
    s.mouse = true;
    s.messages.push(s.now, true, "the old account's last error");
    update(
        &mut s,
        Action::AccountSwitched {
            name: "lab".into(),
            read_only: false,
        },
    );
    assert_eq!(s.label, "lab");
    assert!(s.account.people.is_empty(), "nothing of the old account");
    assert!(
        s.messages
            .newest_first()
            .any(|e| e.text == "the old account's last error"),
        "the log is this run's, not this account's"
    );
    assert!(s.mouse, "the terminal still captures the mouse");
}
