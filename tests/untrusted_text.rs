//! Untrusted text never reaches a terminal or a clipboard raw (README "The console", "Export"):
//! `y` refuses an email holding a line break and an OSC 52 sequence, and says why; `info` and
//! error messages print through the console's sanitizer; and the invite form never starts on a
//! role with admin rights, on the roles ProofHub's docs show (three `default` roles).
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::live;

use crate::hostile;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proofhub_tui::app::state::{ColorMode, State};
use proofhub_tui::app::writes::invite::InviteForm;
use proofhub_tui::app::{Action, Effect, update};
use proofhub_tui::model::account::{Account, Person, RoleRef};
use proofhub_tui::sim::Profile;

use hostile::{client, load};

const PASTEJACK: &str = "eve@x.io\nrm -rf ~\n\u{1b}]52;c;cm0gLXJmIH4=\u{7}";

fn console(account: Account) -> State {
    let mut s = State::new("acme", false, ColorMode::Ansi16, chrono::Utc::now());
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

fn screen(s: &mut State) -> String {
    crate::app::screen(s, 100, 30)
}

#[tokio::test]
async fn y_refuses_an_email_that_would_pastejack_and_says_why() {
    for profile in Profile::ALL {
        let mut data = hostile::account(21, 2);
        data.people[0].first_name = "Zed".into();
        data.people[0].last_name = "Owner".into();
        data.people[1].first_name = "Aaa".into();
        data.people[1].last_name = "Eve".into();
        data.people[1].email = PASTEJACK.into();
        let sim = hostile::start(profile, data).await;
        let account = load(&client(&sim)).await;
        let mut s = console(account);
        assert_eq!(s.selected_person().map(Person::email), Some(PASTEJACK));
        let fx = update(
            &mut s,
            Action::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE)),
        );
        assert!(
            !fx.iter().any(|e| matches!(e, Effect::Copy(_))),
            "{profile}: nothing goes to the clipboard: {fx:?}"
        );
        let shown = screen(&mut s);
        assert!(
            shown.contains("not copied") && shown.contains("line break"),
            "{profile}:\n{shown}"
        );
        // The OSC 52 writer refuses it too: nothing raw can reach the payload.
        assert!(proofhub_tui::console::clipboard::osc52(PASTEJACK).is_err());
        let ok = proofhub_tui::console::clipboard::osc52("eve@x.io").expect("plain copies");
        assert!(ok.starts_with("\u{1b}]52;c;") && !ok[7..].contains('\u{1b}'));
        sim.shutdown().await;
    }
}

#[tokio::test]
async fn the_invite_form_starts_on_normal_user_on_the_docs_roles() {
    let sim = live::sim(Profile::V3).start().await;
    let account = load(&client(&sim)).await;
    let defaults: Vec<&str> = account
        .roles
        .iter()
        .filter(|r| r.default)
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(
        defaults,
        ["Owner", "Admin", "Normal User"],
        "the docs' example"
    );
    let normal = account
        .roles
        .iter()
        .find(|r| r.name == "Normal User")
        .map(|r| r.id)
        .expect("Normal User");
    let mut s = console(account);
    let form = InviteForm::open(&s.account);
    assert_eq!(
        form.form
            .get("role")
            .and_then(proofhub_tui::app::writes::form::Field::role),
        Some(RoleRef::Id(normal))
    );
    assert!(form.role_note.contains("Normal User"), "{}", form.role_note);
    // On screen: the form names the role it chose.
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('i'), KeyModifiers::NONE)),
    );
    let shown = screen(&mut s);
    assert!(shown.contains("role Normal User preselected"), "{shown}");
    sim.shutdown().await;
}

#[tokio::test]
async fn info_and_error_messages_print_through_the_sanitizer() {
    let home = hostile::home();
    let sim = live::sim(Profile::V3).start().await;
    let hostile_url = "http://127.0.0.1:9/api/v3/\u{1b}]0;pwned\u{7}\u{202e}";
    for args in [
        vec!["info", "--base-url", hostile_url],
        vec!["export", "--base-url", hostile_url],
    ] {
        let out = hostile::run(&args, &sim, home.path(), false).await;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{args:?}: {text:?}"
        );
        assert!(!text.contains('\u{202e}'), "{args:?}: {text:?}");
        assert!(!text.trim().is_empty(), "{args:?} says something");
    }
    sim.shutdown().await;
}
