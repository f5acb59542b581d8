//! Writes send what the profile needs and nothing more (docs/API.md "Updates"), seen in the
//! simulator's request log: a v3 edit of one field PUTs exactly that field; no PUT carries
//! `send_invite`; a guide edit (a full replacement) loses no field. And a change on the server
//! after the form was read, even one that keeps the whole-second `updated_at`, is a conflict.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::hostile;
use crate::support::per_profile;

use proofhub_tui::api::ApiError;
use proofhub_tui::model::account::{PersonId, RoleId, RoleRef};
use proofhub_tui::model::changes::{Edit, PersonChanges, Seen};
use proofhub_tui::sim::{Profile, Sim};
use serde_json::{Map, Value};

use hostile::{client, load};

/// The bodies of every PUT the simulator received.
fn put_bodies(sim: &Sim) -> Vec<Map<String, Value>> {
    sim.requests()
        .iter()
        .filter(|r| r.method == "PUT")
        .map(|r| {
            let body = r.body.as_deref().unwrap_or("{}");
            serde_json::from_str::<Value>(body)
                .ok()
                .and_then(|v| v.as_object().cloned())
                .unwrap_or_default()
        })
        .collect()
}

#[tokio::test]
async fn a_v3_edit_of_one_field_puts_exactly_that_field() {
    let sim = hostile::start(Profile::V3, hostile::account(11, 5)).await;
    let c = client(&sim);
    let account = load(&c).await;
    let p = &account.people[2];
    let on_server = sim.snapshot().people.into_iter().find(|s| s.id == p.id().0);
    assert!(
        on_server.is_some_and(|s| s.last_active.is_none()),
        "a pending invite (v3 sends `send_invite: true`)"
    );
    sim.clear_requests();
    let changes = PersonChanges {
        title: Edit::Set("Head of \u{202e}Design".into()),
        ..PersonChanges::default()
    };
    let after = c
        .update_person(p.id(), Seen::of(p), changes)
        .await
        .expect("saved");
    assert_eq!(after.title(), Some("Head of \u{202e}Design"));
    let bodies = put_bodies(&sim);
    assert_eq!(bodies.len(), 1);
    assert_eq!(
        bodies[0],
        serde_json::json!({"title": "Head of \u{202e}Design"})
            .as_object()
            .cloned()
            .unwrap_or_default()
    );
    // Everything else as it was, the hostile text included.
    let before = sim.snapshot();
    let person = before
        .people
        .iter()
        .find(|x| x.id == p.id().0)
        .expect("person");
    assert_eq!(
        person.first_name,
        p.first_name().map(str::to_string).unwrap_or_default()
    );
    sim.shutdown().await;
}

per_profile! {
    #[tokio::test]
    async fn no_put_ever_carries_send_invite_in_either_profile(profile) {
        let sim = hostile::start(profile, hostile::account(12, 6)).await;
        let c = client(&sim);
        let account = load(&c).await;
        sim.clear_requests();
        for (i, p) in account.people.iter().enumerate().skip(1) {
            let mut changes = PersonChanges {
                email: Edit::Set(format!("edited{i}@example.com")),
                ..PersonChanges::default()
            };
            match profile {
                Profile::V3 => {
                    changes.first_name = Edit::Set(format!("First{i}"));
                    changes.role = Edit::Set(RoleRef::Id(RoleId(account.roles[2].id.0)));
                }
                Profile::Guide => {
                    changes.phone = Edit::Set(format!("+1 555 {i}"));
                    changes.role = Edit::Set(RoleRef::Name("client".into()));
                }
            }
            c.update_person(p.id(), Seen::of(p), changes)
                .await
                .unwrap_or_else(|e| panic!("{profile}: {e}"));
        }
        let bodies = put_bodies(&sim);
        assert_eq!(bodies.len(), account.people.len() - 1, "{profile}");
        for b in &bodies {
            assert!(!b.contains_key("send_invite"), "{profile}: {b:?}");
            assert!(
                !b.contains_key("projects") && !b.contains_key("updated_at"),
                "{profile}: {b:?}"
            );
        }
        sim.shutdown().await;
    }
}

#[tokio::test]
async fn a_guide_edit_loses_no_field() {
    let sim = hostile::start(Profile::Guide, hostile::account(13, 5)).await;
    let c = client(&sim);
    let account = load(&c).await;
    let p = &account.people[3];
    let before = sim.snapshot().people[3].clone();
    sim.clear_requests();
    let changes = PersonChanges {
        phone: Edit::Set("+49 30 1234".into()),
        ..PersonChanges::default()
    };
    c.update_person(p.id(), Seen::of(p), changes)
        .await
        .expect("saved");
    let after = sim.snapshot().people[3].clone();
    let mut expected = before.clone();
    expected.phone = Some("+49 30 1234".into());
    expected.updated_at = after.updated_at.clone();
    assert_eq!(after, expected, "only the phone changed");
    let body = &put_bodies(&sim)[0];
    for k in [
        "name", "email", "username", "company", "timezone", "role", "status",
    ] {
        assert!(
            body.contains_key(k),
            "the full replacement carries {k}: {body:?}"
        );
    }
    sim.shutdown().await;
}

per_profile! {
    #[tokio::test]
    async fn a_server_change_after_the_form_was_read_is_a_conflict_even_within_the_second(profile) {
        let sim = hostile::start(profile, hostile::account(14, 4)).await;
        let c = client(&sim);
        let account = load(&c).await;
        let shown = account.people[1].clone();
        // Someone else changes the person after the form was read.
        let theirs = match profile {
            Profile::V3 => PersonChanges {
                title: Edit::Set("Theirs".into()),
                ..PersonChanges::default()
            },
            Profile::Guide => PersonChanges {
                company: Edit::Set("Theirs".into()),
                ..PersonChanges::default()
            },
        };
        let now = c
            .update_person(shown.id(), Seen::of(&shown), theirs)
            .await
            .expect("their write");
        let mine = || PersonChanges {
            email: Edit::Set("mine@example.com".into()),
            ..PersonChanges::default()
        };
        // Within the same second the stamp does not move: the form's stamp equals the server's
        // now, only the fields differ. That must be refused too.
        let same_second = Seen {
            stamp: now.updated_at().map(std::borrow::Cow::into_owned),
            record: Seen::of(&shown).record,
        };
        sim.clear_requests();
        let err = c
            .update_person(shown.id(), same_second, mine())
            .await
            .expect_err("a conflict");
        assert!(matches!(err, ApiError::Conflict { .. }), "{profile}: {err}");
        assert!(
            err.to_string().contains("Theirs"),
            "{profile}: names the change: {err}"
        );
        // As the console does it, whatever the clock did.
        let err = c
            .update_person(shown.id(), Seen::of(&shown), mine())
            .await
            .expect_err("a conflict");
        assert!(matches!(err, ApiError::Conflict { .. }), "{profile}: {err}");
        assert_eq!(
            hostile::writes(&sim),
            Vec::<String>::new(),
            "{profile}: nothing written"
        );
        let person = sim.snapshot().people[1].clone();
        assert_ne!(person.email, "mine@example.com", "{profile}");
        let _ = PersonId(person.id);
        sim.shutdown().await;
    }
}
