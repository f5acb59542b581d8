//! The command line `:` and the account switch, in the core (#12 points 5 and 6): a rare
//! command found by name and run, the line edited like a shell line, listed in `?` and
//! rebindable; `:account NAME` cancels the load, asks first while a write is in flight (the
//! quit question), and the new account arrives on a fresh state with its name in the header.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proofhub_tui::app::accounts::{AccountEntry, TokenSource};
use proofhub_tui::app::state::{ColorMode, Modal, State, StatusKind};
use proofhub_tui::app::writes::WriteModal;
use proofhub_tui::app::writes::modal::Leave;
use proofhub_tui::app::writes::offboard::Button;
use proofhub_tui::app::{Action, Effect, update};
use proofhub_tui::console::runtime::Loader;
use proofhub_tui::model::profile::Profile;

use crate::app::{key, loaded, screen, type_text};
use crate::harness::Harness;

fn entry(name: &str, profile: &str) -> AccountEntry {
    AccountEntry {
        name: name.into(),
        profile: profile.into(),
        base_url: format!("http://127.0.0.1:9/{name}/api/v3"),
        token: TokenSource::Env,
        read_only: false,
    }
}

/// The fixture account loaded as "acme", with "lab" configured beside it.
fn two_accounts() -> State {
    let mut s = loaded(Profile::V3, ColorMode::Monochrome);
    s.accounts = vec![entry("acme", "v3"), entry("lab", "guide")];
    s
}

#[test]
fn a_rare_command_runs_by_name_from_the_command_line() {
    let mut s = two_accounts();
    type_text(&mut s, ":");
    let text = screen(&mut s, 80, 24);
    // The list starts with the place's own commands; tombstones is further down.
    assert!(
        text.contains("offboard") && text.contains("mark_shown"),
        "the commands are listed:\n{text}"
    );
    assert!(text.contains("account NAME switches account"), "{text}");
    type_text(&mut s, "tombst");
    let text = screen(&mut s, 80, 24).replace('▏', "");
    assert!(text.contains(": tombst "), "what is typed shows:\n{text}");
    let fx = key(&mut s, KeyCode::Enter);
    assert_eq!(fx, vec![Effect::ReadTombstones], "Enter runs it");
    assert!(
        matches!(s.modals.last(), Some(Modal::Write(m)) if matches!(**m, WriteModal::Tombstones(_))),
        "the tombstone list is open"
    );
}

#[test]
fn esc_closes_and_the_line_edits_like_a_shell_line() {
    let mut s = two_accounts();
    type_text(&mut s, ":projectsz");
    key(&mut s, KeyCode::Backspace);
    key(&mut s, KeyCode::Home);
    key(&mut s, KeyCode::Delete);
    type_text(&mut s, "p");
    let text = screen(&mut s, 80, 24).replace('▏', "");
    assert!(text.contains(": projects "), "{text}");
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.view, proofhub_tui::app::state::View::Projects);
    assert!(s.modals.is_empty());
    type_text(&mut s, ":");
    key(&mut s, KeyCode::Esc);
    assert!(s.modals.is_empty(), "Esc closes");
}

#[test]
fn the_command_line_is_in_help_and_rebindable() {
    let mut s = two_accounts();
    type_text(&mut s, "?command");
    let text = screen(&mut s, 100, 40);
    assert!(text.contains("command line"), "{text}");
    assert!(
        text.contains("[command_line]"),
        "its name for [keymap]:\n{text}"
    );
    // The overview's and the account picker's keys too.
    for (name, k) in [("overview", "3"), ("accounts", "A")] {
        key(&mut s, KeyCode::Esc);
        type_text(&mut s, name);
        let text = screen(&mut s, 100, 40);
        assert!(
            text.lines()
                .any(|l| l.contains(&format!("[{name}]")) && l.contains(&format!("  {k}  "))),
            "{text}"
        );
    }
    key(&mut s, KeyCode::Esc); // clears the help filter
    key(&mut s, KeyCode::Esc); // closes help
    let report = s.keymap.apply_overrides([("command_line", "ctrl-p")]);
    assert!(report.errors.is_empty() && report.unknown.is_empty());
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL)),
    );
    assert!(matches!(s.modals.last(), Some(Modal::CommandLine(_))));
}

#[test]
fn account_name_switches_to_a_fresh_state_with_its_name_in_the_header() {
    let mut s = two_accounts();
    // A load running: the switch cancels it.
    update(
        &mut s,
        Action::Command(proofhub_tui::app::keymap::Command::Reload),
    );
    let running = s.generation;
    type_text(&mut s, "/jane");
    key(&mut s, KeyCode::Enter);
    type_text(&mut s, ":account lab");
    let fx = key(&mut s, KeyCode::Enter);
    assert_eq!(
        fx,
        vec![
            Effect::CancelLoad {
                generation: running
            },
            Effect::SwitchAccount("lab".into())
        ]
    );
    let fx = update(
        &mut s,
        Action::AccountSwitched {
            name: "lab".into(),
            read_only: true,
        },
    );
    assert_eq!(
        fx,
        vec![Effect::Load {
            generation: running + 1
        }]
    );
    assert_eq!(s.label, "lab");
    assert!(s.read_only);
    assert!(s.account.people.is_empty(), "nothing of acme stays");
    assert!(s.list().query().is_empty(), "nor its filter");
    assert_eq!(s.accounts.len(), 2, "the configured accounts stay");
    let text = screen(&mut s, 80, 24);
    let header = text.lines().next().unwrap();
    assert!(
        header.contains("lab") && header.contains("read-only"),
        "{header}"
    );
    // A late answer of acme's load is ignored.
    update(
        &mut s,
        Action::LoadDone {
            generation: running,
            result: Ok(crate::fixture::account(Profile::V3)),
        },
    );
    assert!(s.account.people.is_empty());
}

#[test]
fn an_unknown_account_says_which_are_configured_and_the_picker_lists_them() {
    let mut s = two_accounts();
    type_text(&mut s, ":account nope");
    assert!(key(&mut s, KeyCode::Enter).is_empty());
    let status = s.status.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.contains("acme, lab"), "{}", status.text);
    type_text(&mut s, "A");
    let text = screen(&mut s, 80, 24);
    assert!(text.contains("acme (open)"), "{text}");
    assert!(text.contains("guide, token from PROOFHUB_TOKEN"), "{text}");
    key(&mut s, KeyCode::Down);
    let fx = key(&mut s, KeyCode::Enter);
    assert!(fx.contains(&Effect::SwitchAccount("lab".into())), "{fx:?}");
    // A failed switch leaves the account as it was and says why.
    update(
        &mut s,
        Action::SwitchFailed {
            name: "lab".into(),
            message: "no token for account lab".into(),
        },
    );
    assert_eq!(s.label, "acme");
    assert!(!s.account.people.is_empty());
    assert!(s.status.unwrap().text.contains("no token for account lab"));
}

#[tokio::test]
async fn a_write_in_flight_holds_the_switch_with_the_quit_question() {
    let mut h = Harness::start(Profile::V3).await;
    h.state.accounts = vec![entry(&h.state.label.clone(), "v3"), entry("lab", "guide")];
    let job = h.removal_in_flight().await;
    for c in ":account lab".chars() {
        h.key_raw(KeyCode::Char(c));
    }
    let fx = h.key_raw(KeyCode::Enter);
    assert!(fx.is_empty(), "nothing switches yet: {fx:?}");
    assert!(matches!(
        h.state.modals.last(),
        Some(Modal::Write(m)) if matches!(&**m, WriteModal::ConfirmQuit(Button::Cancel, Leave::Switch(n)) if n == "lab")
    ));
    let text = h.screen(80, 24);
    assert!(text.contains("Switch to lab anyway?"), "{text}");
    h.key_raw(KeyCode::Enter); // Cancel
    assert!(h.state.modals.is_empty());
    for c in ":account lab".chars() {
        h.key_raw(KeyCode::Char(c));
    }
    h.key_raw(KeyCode::Enter);
    h.key_raw(KeyCode::Tab); // the Switch button
    let fx = h.key_raw(KeyCode::Enter);
    assert!(fx.contains(&Effect::SwitchAccount("lab".into())), "{fx:?}");
    h.act(Action::AccountSwitched {
        name: "lab".into(),
        read_only: false,
    })
    .await;
    assert_eq!(h.state.label, "lab");
    // The old account's write answers late: it is not the new account's, whose own write ids
    // come after it.
    let old = job.id;
    let done = h.console.clone().write(*job).await;
    update(&mut h.state, Action::WriteDone(Box::new(done)));
    assert!(h.state.writes.in_flight.is_empty());
    assert!(h.state.writes.next_id >= old);
    h.stop().await;
}

#[test]
fn the_config_rebinds_the_new_commands_by_name() {
    use proofhub_tui::cli::keymap_check::check;
    use proofhub_tui::local::config::Config;
    let path = std::path::Path::new("config.toml");
    let config = |text: &str| Config::parse(text, path).unwrap();
    let ok =
        config("[keymap]\ncommand_line = \"ctrl-p\"\naccounts = \"ctrl-a\"\noverview = \"9\"\n");
    assert_eq!(check(&ok, path), Ok(()));
    let clash = config("[keymap]\noverview = \"1\"\n");
    let err = check(&clash, path).unwrap_err();
    assert!(err.contains("People view"), "{err}");
}
