//! Suspend and reactivate (#14 item 3): `z` on a person opens a confirmation that says the write
//! is assumed (ProofHub documents no way to suspend), Cancel focused; confirming PUTs the flag
//! (v3 `suspended`, guide `status`), keeps every other field, and is verified by reading back;
//! a server that accepts the PUT but keeps the flag (the simulator's `ignore_suspend` quirk) is
//! refused with a clear message. Both profiles, through the real core, runner and client.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use proofhub_tui::app::state::{Modal, StatusKind};
use proofhub_tui::app::writes::WriteModal;
use proofhub_tui::local::journal::{Journal, Phase};
use proofhub_tui::model::account::PersonId;
use proofhub_tui::sim::Quirks;
use proofhub_tui::sim::data::PersonData;

use crate::harness::Harness;
use crate::support::per_profile;

/// An active person who is not the owner.
fn active(h: &Harness) -> PersonId {
    let a = &h.state.account;
    a.people
        .iter()
        .find(|p| !p.suspended() && !a.is_owner(p) && p.email().is_ascii())
        .map(proofhub_tui::model::account::Person::id)
        .expect("an active person")
}

/// Everything the server holds of a person but the flag and the stamp.
fn rest(p: &PersonData) -> PersonData {
    PersonData {
        suspended: false,
        updated_at: String::new(),
        ..p.clone()
    }
}

/// `z` on `id`, then the dialog's text as drawn at 80×24.
async fn open(h: &mut Harness, id: PersonId) -> String {
    h.select_person(id);
    h.text("z").await;
    assert!(
        matches!(h.state.modals.last(), Some(Modal::Write(m)) if matches!(**m, WriteModal::ConfirmSuspend(_))),
        "the confirmation opens: {}",
        h.status()
    );
    // The request budget depends on timing; the screen is of the dialog.
    h.state.network = Default::default();
    h.screen(80, 24)
}

/// Tab to the confirm button, Enter.
async fn confirm(h: &mut Harness) {
    h.key(KeyCode::Tab).await;
    h.key(KeyCode::Enter).await;
}

per_profile! {
    #[tokio::test]
    async fn suspend_then_reactivate_keeps_every_other_field(profile) {
        let mut h = Harness::start(profile).await;
        let id = active(&h);
        let before = h.sim_person(id);
        let screen = open(&mut h, id).await;
        for words in ["(assumed write)", "Assumed: ProofHub documents no way", "read back to"] {
            assert!(screen.contains(words), "{words:?} in {screen}");
        }
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("suspend_dialog_{profile}_80x24"), screen);
        });

        // Enter on the focused Cancel changes nothing.
        h.key(KeyCode::Enter).await;
        assert!(h.state.modals.is_empty());
        assert!(!h.sim_person(id).suspended);
        assert!(h.sim.requests().iter().all(|r| r.method == "GET"));

        open(&mut h, id).await;
        confirm(&mut h).await;
        let after = h.sim_person(id);
        assert!(after.suspended, "suspended on the server");
        assert_eq!(rest(&after), rest(&before), "no other field changed");
        assert!(h.person(id).suspended(), "the view shows it");
        let status = h.status();
        assert!(status.starts_with("suspended "), "{status}");
        assert!(status.contains("assumed"), "{status}");

        // The same key reactivates.
        let screen = open(&mut h, id).await;
        assert!(screen.contains("Reactivate"), "{screen}");
        confirm(&mut h).await;
        let back = h.sim_person(id);
        assert!(!back.suspended);
        assert_eq!(rest(&back), rest(&before));
        assert!(h.status().starts_with("reactivated "), "{}", h.status());

        let ops: Vec<(String, Phase)> = Journal::read_all(&h.journal)
            .unwrap()
            .into_iter()
            .map(|r| (r.op, r.phase))
            .collect();
        assert_eq!(
            ops,
            [
                ("suspend".to_string(), Phase::Attempt),
                ("suspend".to_string(), Phase::Done),
                ("reactivate".to_string(), Phase::Attempt),
                ("reactivate".to_string(), Phase::Done),
            ]
        );
        h.stop().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn a_suspend_the_server_does_not_take_is_refused(profile) {
        let quirks = Quirks {
            ignore_suspend: true,
            ..Quirks::default()
        };
        let mut h = Harness::start_quirky(profile, quirks).await;
        let id = active(&h);
        let before = h.sim_person(id);
        open(&mut h, id).await;
        confirm(&mut h).await;
        assert!(!h.sim_person(id).suspended);
        assert_eq!(rest(&h.sim_person(id)), rest(&before));
        let status = h.state.status.clone().unwrap();
        assert_eq!(status.kind, StatusKind::Error);
        assert!(status.text.contains("did not take"), "{}", status.text);
        assert!(status.text.contains("documents no way"), "{}", status.text);
        assert!(!h.person(id).suspended(), "the view still shows the person active");
        let failed = Journal::read_all(&h.journal)
            .unwrap()
            .into_iter()
            .any(|r| r.op == "suspend" && r.phase == Phase::Failed);
        assert!(failed, "the refusal is journaled");
        h.stop().await;
    }
}

#[tokio::test]
async fn the_owner_cannot_be_suspended_from_the_console() {
    let mut h = Harness::start(proofhub_tui::model::profile::Profile::V3).await;
    let owner = h.owner();
    h.select_person(owner);
    h.text("z").await;
    assert!(h.state.modals.is_empty());
    assert!(h.status().contains("account owner"), "{}", h.status());
    h.stop().await;
}

/// The quirk itself, through the real client: every field of the PUT is written but the flag.
#[tokio::test]
async fn ignore_suspend_keeps_the_flag_and_writes_the_rest() {
    use proofhub_tui::api::{ApiError, Edit, PersonChanges};
    let sim = crate::support::live::sim(proofhub_tui::model::profile::Profile::V3)
        .quirks(Quirks {
            ignore_suspend: true,
            ..Quirks::default()
        })
        .start()
        .await;
    let client = crate::support::live::client(&sim);
    let p = sim
        .snapshot()
        .people
        .into_iter()
        .find(|p| !p.suspended)
        .unwrap();
    let sent = client
        .update_person(
            PersonId(p.id),
            None,
            PersonChanges {
                title: Edit::Set("Night owl".into()),
                suspended: Edit::Set(true),
                ..PersonChanges::default()
            },
        )
        .await;
    assert!(matches!(sent, Err(ApiError::NotApplied { .. })), "{sent:?}");
    let now = sim
        .snapshot()
        .people
        .into_iter()
        .find(|q| q.id == p.id)
        .unwrap();
    assert!(!now.suspended);
    assert_eq!(now.title.as_deref(), Some("Night owl"));
    sim.shutdown().await;
}

#[test]
fn the_sim_subcommand_takes_ignore_suspend() {
    use clap::Parser;
    use proofhub_tui::cli::args::{Cli, Command};
    let cli = Cli::try_parse_from(["proofhub-tui", "sim", "--ignore-suspend"]).unwrap();
    let Some(Command::Sim(args)) = cli.command else {
        panic!("the sim subcommand");
    };
    let opts = proofhub_tui::sim::cli::options(&args).unwrap();
    assert!(opts.quirks.ignore_suspend);
    assert!(!proofhub_tui::sim::Quirks::default().ignore_suspend);
}

#[tokio::test]
async fn read_only_offers_no_suspend() {
    let mut h = Harness::start_read_only(proofhub_tui::model::profile::Profile::V3).await;
    let id = active(&h);
    h.select_person(id);
    h.text("z").await;
    assert!(h.state.modals.is_empty());
    assert!(h.status().starts_with("read-only"), "{}", h.status());
    assert!(!h.screen(80, 24).contains("z suspend"));
    h.stop().await;
}

#[tokio::test]
async fn a_dialog_too_big_for_the_terminal_sends_nothing() {
    let mut h = Harness::start(proofhub_tui::model::profile::Profile::V3).await;
    let id = active(&h);
    open(&mut h, id).await;
    h.act(proofhub_tui::app::Action::Resize {
        width: 40,
        height: 12,
    })
    .await;
    let screen = h.screen(40, 12);
    assert!(screen.contains("needs a"), "{screen}");
    h.key(KeyCode::Tab).await;
    h.key(KeyCode::Enter).await;
    assert!(h.status().contains("needs a"), "{}", h.status());
    assert!(h.sim.requests().iter().all(|r| r.method == "GET"));
    assert!(!h.sim_person(id).suspended);
    h.stop().await;
}
