//! Staged invites (`I`): a batch typed and pasted into the console is checked row by row before
//! anything is sent, the review counts the emails, and on confirmation exactly the ready rows
//! are invited (the simulator's outbox), each then added to its projects; both profiles,
//! through the real core, runner and simulator.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use crossterm::event::KeyCode;
use proofhub_tui::app::Action;
use proofhub_tui::app::writes::WriteModal;
use proofhub_tui::model::account::ProjectId;

use crate::harness::{Harness, PROFILES, top};

fn writes_sent(h: &Harness) -> usize {
    h.sim
        .requests()
        .iter()
        .filter(|r| r.method != "GET")
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_of_twelve_refuses_the_duplicate_and_the_bad_email_and_sends_the_other_ten() {
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        let project = h.state.account.projects[0].clone();
        let other = h.state.account.projects[1].clone();
        h.text("I").await;
        assert!(
            matches!(top(&h), Some(WriteModal::StagedInvites(_))),
            "{profile}: I opens the batch"
        );
        // Typed, one row: with a project.
        h.text(&format!(
            "New Person0, new0@staged.example, , {}",
            project.title
        ))
        .await;
        h.key(KeyCode::Enter).await;
        // Pasted: the other eleven, among them a duplicate (case differs) and a bad email.
        let mut lines = Vec::new();
        for i in 1..10 {
            let projects = if i % 3 == 0 {
                format!(", , {}; {}", project.title, other.title)
            } else {
                String::new()
            };
            lines.push(format!("New Person{i}, new{i}@staged.example{projects}"));
        }
        lines.push("Dup Licate, NEW3@Staged.Example".to_string());
        lines.push("Bad Email, not-an-email".to_string());
        h.act(Action::Paste(lines.join("\n"))).await;
        let Some(WriteModal::StagedInvites(b)) = top(&h) else {
            panic!("{profile}: still the batch");
        };
        assert_eq!(b.rows.len(), 12, "{profile}");
        let screen = h.screen(100, 40);
        assert!(
            screen.contains("12 rows, 10 ready, 2 refused"),
            "{profile}: {screen}"
        );
        assert!(
            screen.contains("same email as row 4"),
            "{profile}: {screen}"
        );
        assert!(
            screen.contains("is not an email address"),
            "{profile}: {screen}"
        );

        h.key(KeyCode::Tab).await;
        let Some(WriteModal::ConfirmStaged(c)) = top(&h) else {
            panic!("{profile}: Tab reviews the batch: {:?}", top(&h));
        };
        assert_eq!(c.ready.len(), 10, "{profile}");
        let screen = h.screen(80, 24);
        assert!(
            screen.contains("10 people get an invitation email from ProofHub at once"),
            "{profile}: {screen}"
        );
        assert!(screen.contains("2 rows are refused"), "{profile}: {screen}");
        assert_eq!(
            writes_sent(&h),
            0,
            "{profile}: nothing sent before the confirmation"
        );
        assert!(h.sim.outbox().is_empty(), "{profile}");

        // Cancel is focused: Enter there goes back to the batch, nothing sent.
        h.key(KeyCode::Enter).await;
        assert!(
            matches!(top(&h), Some(WriteModal::StagedInvites(_))),
            "{profile}: Cancel goes back to the batch"
        );
        assert_eq!(writes_sent(&h), 0, "{profile}");
        h.key(KeyCode::Tab).await;
        h.key(KeyCode::Tab).await;
        h.key(KeyCode::Enter).await;
        assert!(top(&h).is_none(), "{profile}: sent, the modal closed");

        let outbox: Vec<String> = h.sim.outbox().iter().map(|e| e.to.to_lowercase()).collect();
        let unique: BTreeSet<&String> = outbox.iter().collect();
        assert_eq!(outbox.len(), 10, "{profile}: ten emails: {outbox:?}");
        assert_eq!(unique.len(), 10, "{profile}: once each");
        let expected: BTreeSet<String> =
            (0..10).map(|i| format!("new{i}@staged.example")).collect();
        assert_eq!(
            unique.into_iter().cloned().collect::<BTreeSet<_>>(),
            expected,
            "{profile}"
        );
        // Each followed by its project adds.
        let id_of = |h: &Harness, email: &str| match h.state.account.person_by_email(email) {
            Some(p) => p.id(),
            None => panic!("{profile}: {email} is in the console's account"),
        };
        let first = id_of(&h, "new0@staged.example");
        assert_eq!(
            h.sim_memberships(first),
            BTreeSet::from([project.id]),
            "{profile}"
        );
        let both: BTreeSet<ProjectId> = BTreeSet::from([project.id, other.id]);
        for i in [3, 6, 9] {
            let id = id_of(&h, &format!("new{i}@staged.example"));
            assert_eq!(h.sim_memberships(id), both, "{profile}: row {i}");
        }
        let plain = id_of(&h, "new1@staged.example");
        assert!(h.sim_memberships(plain).is_empty(), "{profile}");
        h.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_the_batch_sends_nothing_and_a_batch_with_no_ready_row_is_not_reviewed() {
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        let taken = h.state.account.people[0].email().to_uppercase();
        h.text("I").await;
        h.act(Action::Paste(format!("Some One, {taken}\nNo Mail, nope\n")))
            .await;
        h.key(KeyCode::Tab).await;
        let Some(WriteModal::StagedInvites(b)) = top(&h) else {
            panic!("{profile}: no row is ready: the batch stays");
        };
        assert!(
            b.error
                .as_deref()
                .is_some_and(|e| e.contains("no row is ready")),
            "{profile}: {:?}",
            b.error
        );
        let screen = h.screen(80, 24);
        assert!(
            screen.contains("already has the email"),
            "{profile}: {screen}"
        );
        h.key(KeyCode::Esc).await;
        assert!(top(&h).is_none(), "{profile}");
        assert_eq!(writes_sent(&h), 0, "{profile}");
        assert!(h.sim.outbox().is_empty(), "{profile}");
        h.stop().await;
    }
}
