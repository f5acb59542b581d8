//! The write modals are keymap contexts: their hints, the `?` overlay inside them and every
//! message that names a key follow the config's `[keymap]`.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::app::screen;
use crate::fixture;

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proofhub_tui::app::state::{ColorMode, Modal, State};
use proofhub_tui::app::writes::WriteModal;
use proofhub_tui::app::writes::job::{WriteDone, WriteFailure};
use proofhub_tui::app::{Action, Effect, update};
use proofhub_tui::local::config::Config;
use proofhub_tui::model::failure::{FailureKind, WriteError};
use proofhub_tui::model::profile::Profile;

/// The fixture account loaded, with the `[keymap]` of `config` applied as the console does.
fn console(config: &str) -> State {
    let cfg = Config::parse(config, Path::new("/tmp/config.toml")).expect("config parses");
    let mut s = State::new("acme", false, ColorMode::Ansi16, fixture::now());
    let report = s
        .keymap
        .apply_overrides(cfg.keymap.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    assert!(
        report.errors.is_empty() && report.unknown.is_empty(),
        "{report:?}"
    );
    update(&mut s, Action::Start);
    update(
        &mut s,
        Action::LoadDone {
            generation: 1,
            result: Ok(fixture::account(Profile::V3)),
        },
    );
    s.status = None;
    s
}

fn press(s: &mut State, code: KeyCode, mods: KeyModifiers) -> Vec<Effect> {
    update(s, Action::Key(KeyEvent::new(code, mods)))
}

fn key(s: &mut State, code: KeyCode) -> Vec<Effect> {
    press(s, code, KeyModifiers::NONE)
}

fn ch(s: &mut State, c: char) -> Vec<Effect> {
    key(s, KeyCode::Char(c))
}

fn top(s: &State) -> Option<&WriteModal> {
    match s.modals.last() {
        Some(Modal::Write(m)) => Some(m),
        _ => None,
    }
}

#[test]
fn rebinding_reload_changes_its_hint_help_line_and_messages_even_under_a_modal() {
    let mut s = console("[keymap]\nreload = \"ctrl-r\"\n");
    let text = screen(&mut s, 200, 24);
    assert!(text.contains("C-r reload"), "{text}");
    assert!(!text.contains(" r reload"), "{text}");
    // The help overlay lists the new key.
    ch(&mut s, '?');
    let help = screen(&mut s, 100, 40);
    let line = help
        .lines()
        .find(|l| l.contains("reload from the server"))
        .expect("reload listed");
    assert!(line.contains("C-r"), "{line}");
    key(&mut s, KeyCode::Esc);
    // The old key does nothing, the new one reloads.
    assert!(ch(&mut s, 'r').is_empty());
    let fx = press(&mut s, KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert_eq!(fx, vec![Effect::Load { generation: 2 }]);
    update(
        &mut s,
        Action::LoadDone {
            generation: 2,
            result: Ok(fixture::account(Profile::V3)),
        },
    );
    // An edit sent, the invite form opened meanwhile, then the edit fails: the message under
    // the modal names the bound key.
    ch(&mut s, 'e');
    ch(&mut s, 'X');
    key(&mut s, KeyCode::Enter);
    let fx = key(&mut s, KeyCode::Enter);
    let Some(Effect::Write(job)) = fx.first() else {
        panic!("the edit is sent: {fx:?}");
    };
    ch(&mut s, 'i');
    assert!(matches!(top(&s), Some(WriteModal::Invite(_))));
    update(
        &mut s,
        Action::WriteDone(Box::new(WriteDone {
            id: job.id,
            result: Err(WriteFailure::Failed(WriteError::new(
                FailureKind::Refused,
                "the server said no",
            ))),
        })),
    );
    let text = screen(&mut s, 120, 24);
    assert!(text.contains("press C-r to reload"), "{text}");
    assert!(!text.contains("press r to"), "{text}");
}

#[test]
fn f1_inside_the_edit_form_lists_the_forms_keys_and_question_mark_types() {
    let mut s = console("");
    ch(&mut s, 'e');
    let text = screen(&mut s, 80, 24);
    assert!(text.contains("F1 help"), "{text}");
    // `?` is text in a form.
    ch(&mut s, '?');
    assert!(
        matches!(top(&s), Some(WriteModal::Edit(e)) if e.form.fields[0].value.as_str().ends_with('?'))
    );
    key(&mut s, KeyCode::F(1));
    assert!(matches!(s.modals.last(), Some(Modal::Help(_))));
    let help = screen(&mut s, 100, 40);
    for listed in [
        "edit form",
        "next field",
        "previous field",
        "review the changed fields before saving",
        "cancel: nothing is sent",
        "clear the field",
        "[next_field]",
    ] {
        assert!(help.contains(listed), "{listed} missing:\n{help}");
    }
    // The views' keys are not this modal's.
    assert!(!help.contains("reload from the server"), "{help}");
    // Esc closes the overlay, back in the form as it was.
    key(&mut s, KeyCode::Esc);
    assert!(matches!(top(&s), Some(WriteModal::Edit(_))));
}

#[test]
fn j_k_and_h_l_are_shown_where_they_work() {
    let mut s = console("");
    // The offboarding review scrolls with j/k.
    ch(&mut s, 'j');
    ch(&mut s, 'D');
    assert!(matches!(top(&s), Some(WriteModal::Offboard(_))));
    let text = screen(&mut s, 80, 24);
    assert!(text.contains("↑↓/kj scroll"), "{text}");
    key(&mut s, KeyCode::Esc);
    // A two-button confirmation switches with h/l.
    key(&mut s, KeyCode::Tab);
    ch(&mut s, 'x');
    assert!(matches!(top(&s), Some(WriteModal::ConfirmRemove(_))));
    let text = screen(&mut s, 80, 24);
    assert!(text.contains("Tab/←→/hl switch"), "{text}");
    ch(&mut s, '?');
    let help = screen(&mut s, 100, 30);
    assert!(help.contains("remove confirmation"), "{help}");
    assert!(help.contains("Tab S-Tab ← → h l"), "{help}");
}

#[test]
fn a_rebound_modal_key_works_and_the_old_one_no_longer_does() {
    let mut s =
        console("[keymap]\noffboard = \"X\"\nnext_field = \"ctrl-n\"\ncancel = \"ctrl-g\"\n");
    // `offboard` is rebound in the view and in its review page alike.
    ch(&mut s, 'D');
    assert!(top(&s).is_none());
    ch(&mut s, 'X');
    assert!(matches!(top(&s), Some(WriteModal::Offboard(_))));
    let text = screen(&mut s, 80, 24);
    assert!(text.contains("Enter/X delete"), "{text}");
    assert!(text.contains("C-g back"), "{text}");
    key(&mut s, KeyCode::Esc);
    assert!(
        matches!(top(&s), Some(WriteModal::Offboard(_))),
        "Esc is no longer cancel"
    );
    press(&mut s, KeyCode::Char('g'), KeyModifiers::CONTROL);
    assert!(top(&s).is_none());
    // In the edit form Ctrl-N moves to the next field and Tab no longer does.
    ch(&mut s, 'e');
    let focus = |s: &State| match top(s) {
        Some(WriteModal::Edit(e)) => e.form.focus,
        _ => usize::MAX,
    };
    key(&mut s, KeyCode::Tab);
    assert_eq!(focus(&s), 0);
    press(&mut s, KeyCode::Char('n'), KeyModifiers::CONTROL);
    assert_eq!(focus(&s), 1);
    let text = screen(&mut s, 80, 24);
    assert!(text.contains("C-n next"), "{text}");
    assert!(text.contains("C-g cancel"), "{text}");
    // A plain letter is not taken from a text input: `n` still types in the form.
    let mut s = console("[keymap]\nnext_field = \"n\"\n");
    ch(&mut s, 'e');
    ch(&mut s, 'n');
    assert!(
        matches!(top(&s), Some(WriteModal::Edit(e)) if e.form.focus == 0 && e.form.fields[0].value.as_str().ends_with('n'))
    );
}

#[test]
fn the_help_footer_says_esc_clears_a_typed_filter_before_it_closes() {
    let mut s = console("");
    ch(&mut s, '?');
    let open = screen(&mut s, 100, 30);
    assert!(open.contains("Esc closes"), "{open}");
    for c in "quit".chars() {
        ch(&mut s, c);
    }
    let filtered = screen(&mut s, 100, 30);
    assert!(filtered.contains("Esc clears the filter"), "{filtered}");
    assert!(!filtered.contains("Esc closes"), "{filtered}");
    key(&mut s, KeyCode::Esc);
    assert!(
        matches!(s.modals.last(), Some(Modal::Help(_))),
        "still open"
    );
    assert!(screen(&mut s, 100, 30).contains("Esc closes"));
    key(&mut s, KeyCode::Esc);
    assert!(s.modals.is_empty(), "the second Esc closes");
}
