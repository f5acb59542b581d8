//! A failed load or write says what to do next by why it failed, through the real runner
//! (journal + client) against the simulator over HTTP, in both profiles. Writes: a token revoked
//! mid-session names the token's fix and says nothing was written (a reload would not help); a
//! network failure says so and that nothing changed; a person deleted meanwhile asks for a
//! reload; a journal that cannot be written says nothing was sent. Loads: a refused token says
//! a reload cannot help; a network failure offers the reload key.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::per_profile;
use crossterm::event::KeyCode;
use proofhub_tui::api::error::TOKEN_FIX;
use proofhub_tui::app::state::StatusKind;
use proofhub_tui::local::journal::{Journal, Phase};
use proofhub_tui::model::account::PersonId;
use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::Faults;

use crate::harness::{self, Harness, PROFILES};

const NEW_VALUE: &str = "Head of Errors";

/// Edits one plain field of `id` (v3: title; guide: company) and saves it: the form, the review,
/// the save.
async fn save_edit(h: &mut Harness, profile: Profile, id: PersonId) {
    h.select_person(id);
    h.text("e").await;
    let tabs = match profile {
        Profile::V3 => 2,
        Profile::Guide => 3,
    };
    for _ in 0..tabs {
        h.key(KeyCode::Tab).await;
    }
    h.ctrl('u').await;
    h.text(NEW_VALUE).await;
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Enter).await;
}

/// The status line, which must be an error.
fn error_text(h: &Harness, profile: Profile) -> String {
    let status = h.state.status.clone().expect("a message");
    assert_eq!(status.kind, StatusKind::Error, "{profile}: {}", status.text);
    status.text
}

/// The edit did not reach the server: the field is not the new value there.
fn assert_unchanged(h: &Harness, profile: Profile, id: PersonId) {
    let p = h.sim_person(id);
    let field = match profile {
        Profile::V3 => p.title,
        Profile::Guide => p.company,
    };
    assert_ne!(
        field.as_deref(),
        Some(NEW_VALUE),
        "{profile}: the edit was written"
    );
}

/// `DELETE /__sim/token` revokes the token (as when it is revoked in ProofHub); `PUT` restores it.
async fn token_control(h: &Harness, method: reqwest::Method) {
    let answer = reqwest::Client::new()
        .request(method, format!("{}/__sim/token", h.sim.root_url()))
        .send()
        .await
        .expect("the control endpoint answers");
    assert!(answer.status().is_success(), "{}", answer.status());
}

per_profile! {
    #[tokio::test]
    async fn a_token_revoked_mid_session_fails_a_write_with_the_tokens_fix_not_a_reload(profile) {
        let mut h = Harness::start(profile).await;
        let id = h.member_with_projects(0);
        token_control(&h, reqwest::Method::DELETE).await;
        save_edit(&mut h, profile, id).await;
        let text = error_text(&h, profile);
        assert!(text.contains("token was refused"), "{profile}: {text}");
        assert!(text.contains(TOKEN_FIX), "{profile}: names the fix: {text}");
        assert!(
            text.contains("nothing was written; a reload would send the same token"),
            "{profile}: {text}"
        );
        assert!(
            !text.contains("press r"),
            "{profile}: a reload cannot help a refused token: {text}"
        );
        // The outcome is journaled as failed, with the same sentence.
        let records = Journal::read_all(&h.journal).expect("journal");
        assert!(
            records.iter().any(|r| r.phase == Phase::Failed
                && r.error.as_deref().is_some_and(|e| e.contains("token"))),
            "{profile}: {records:?}"
        );
        // `PUT /__sim/token` restores it: the console loads again, and nothing of the edit
        // reached the server.
        token_control(&h, reqwest::Method::PUT).await;
        h.text("r").await;
        assert!(
            h.status().starts_with("loaded"),
            "{profile}: {}",
            h.status()
        );
        assert_unchanged(&h, profile, id);
        h.stop().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn a_network_failure_during_a_write_says_so_and_that_nothing_changed(profile) {
        let mut h = Harness::start(profile).await;
        let id = h.member_with_projects(0);
        // Every PUT (the edit) loses its connection; the reads around it pass, so the client
        // proves the edit did not apply before it gives up.
        h.sim.set_faults(Faults {
            drop_rate: 100.0,
            only_method: Some("PUT".into()),
            ..Faults::default()
        });
        save_edit(&mut h, profile, id).await;
        let text = error_text(&h, profile);
        assert!(
            text.contains("could not talk to the server"),
            "{profile}: {text}"
        );
        assert!(
            text.contains("nothing changed here; check the connection"),
            "{profile}: {text}"
        );
        h.sim.set_faults(Faults::default());
        assert_unchanged(&h, profile, id);
        h.stop().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn a_write_to_a_person_deleted_meanwhile_says_so_and_names_the_reload_key(profile) {
        let mut h = Harness::start(profile).await;
        let id = h.member_with_projects(0);
        // Someone else deletes the person after the console loaded them.
        harness::client(&h.sim, profile)
            .delete_person(id)
            .await
            .expect("deleted behind the console's back");
        assert!(!h.sim_has_person(id));
        save_edit(&mut h, profile, id).await;
        let text = error_text(&h, profile);
        assert!(text.contains("not found"), "{profile}: {text}");
        assert!(
            text.contains("may have been deleted meanwhile; press r to reload"),
            "{profile}: {text}"
        );
        h.stop().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn a_journal_that_cannot_be_written_fails_a_write_before_anything_is_sent(profile) {
        // The journal's directory is a file: no record can be appended.
        let dir = tempfile::tempdir().expect("tempdir");
        let blocker = dir.path().join("not-a-dir");
        std::fs::write(&blocker, "x").expect("file");
        let mut h = Harness::start_with_journal(profile, blocker.join("journal.jsonl")).await;
        let id = h.member_with_projects(0);
        save_edit(&mut h, profile, id).await;
        let text = error_text(&h, profile);
        assert!(text.contains("journal"), "{profile}: {text}");
        assert!(
            text.contains("nothing was sent: every change is journaled first"),
            "{profile}: {text}"
        );
        assert!(
            !text.contains("reload"),
            "{profile}: the server holds what it did: {text}"
        );
        assert!(
            h.sim.requests().iter().all(|r| r.method == "GET"),
            "{profile}: a write went out unjournaled"
        );
        assert_unchanged(&h, profile, id);
        h.stop().await;
    }
}

#[tokio::test]
async fn a_reload_with_a_revoked_token_says_a_reload_cannot_help_and_a_network_failure_offers_one()
{
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        token_control(&h, reqwest::Method::DELETE).await;
        h.text("r").await;
        let text = error_text(&h, profile);
        assert!(text.contains("token was refused"), "{profile}: {text}");
        assert!(
            text.contains(
                "a reload would send the same token: fix it as said, then start the console again"
            ),
            "{profile}: {text}"
        );
        assert!(!text.contains("press r"), "{profile}: {text}");
        token_control(&h, reqwest::Method::PUT).await;

        h.sim.set_faults(Faults {
            drop_rate: 100.0,
            ..Faults::default()
        });
        h.text("r").await;
        let text = error_text(&h, profile);
        assert!(
            text.contains("could not talk to the server"),
            "{profile}: {text}"
        );
        assert!(
            text.ends_with("; press r to try again"),
            "{profile}: {text}"
        );
        h.sim.set_faults(Faults::default());
        h.stop().await;
    }
}
