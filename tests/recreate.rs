//! Recreate from a tombstone, through the real client against the simulator, in both profiles:
//! offboard → recreate brings back every field the API lets us set (name, title or guide's
//! username/company/phone, role, groups, memberships with project roles, managed projects),
//! the same for a person deleted by `sync apply`, and what cannot come back is named with why.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::per_profile;
use std::collections::BTreeSet;
use std::sync::Arc;

use proofhub_tui::api::Client;
use proofhub_tui::app::writes::recreate::request;
use proofhub_tui::dirsync::apply::{self, ApplyOptions};
use proofhub_tui::dirsync::journaling::SyncJournal;
use proofhub_tui::dirsync::ledger::Ledger;
use proofhub_tui::dirsync::{PlanContext, PlanOptions, plan, source};
use proofhub_tui::local::journal::Journal;
use proofhub_tui::model::account::{Account, Person};
use proofhub_tui::model::profile::Profile;
use proofhub_tui::model::restore::Restored;
use proofhub_tui::model::tombstone::Tombstone;
use proofhub_tui::sim::Sim;
use proofhub_tui::sim::data::AccountData;

use crate::support::live;
use live::{client, load, start};

/// The demo account, with one Admin (`subject`) given every field, two groups besides
/// "All people", three memberships and the manager role of the first of them.
fn data() -> (AccountData, u64) {
    let mut d = AccountData::demo();
    let admin = d
        .roles
        .iter()
        .find(|r| r.name == "Admin")
        .map(|r| r.id)
        .expect("demo has Admin");
    let p = d
        .people
        .iter_mut()
        .skip(1)
        .find(|p| p.role != admin && p.title.is_some() && p.company.is_some())
        .expect("a person with a title");
    p.role = admin;
    p.username = Some("subject.user".into());
    p.phone = Some("+1 555 0100".into());
    let id = p.id;
    for g in d.groups.iter_mut() {
        g.assigned.retain(|m| *m != id);
        if g.everyone || g.name == "Design" || g.name == "Finance" {
            g.assigned.push(id);
        }
    }
    for (i, pr) in d.projects.iter_mut().enumerate() {
        pr.assigned.retain(|m| *m != id);
        if pr.manager == Some(id) {
            pr.manager = None;
        }
        if i < 3 {
            pr.assigned.push(id);
        }
        if i == 0 {
            pr.manager = Some(id);
        }
    }
    d.check().expect("valid account");
    (d, id)
}

/// Every field a recreate promises to bring back.
#[derive(Debug, PartialEq)]
struct Restorable {
    name: String,
    email: String,
    title: Option<String>,
    username: Option<String>,
    company: Option<String>,
    phone: Option<String>,
    role: Option<String>,
    groups: BTreeSet<String>,
    /// (project, project role)
    memberships: BTreeSet<(String, Option<String>)>,
    managed: BTreeSet<String>,
}

fn restorable(t: &Tombstone) -> Restorable {
    let p = &t.person;
    let text = |v: Option<&str>| v.filter(|s| !s.is_empty()).map(str::to_string);
    Restorable {
        name: p.display_name(),
        email: p.email().to_lowercase(),
        title: text(p.title()),
        username: text(p.username()),
        company: text(p.company()),
        phone: text(p.phone()),
        role: t.role_name.clone(),
        groups: t.groups.iter().cloned().collect(),
        memberships: t
            .memberships
            .iter()
            .map(|m| (m.title.clone(), m.project_role.clone()))
            .collect(),
        managed: t.managed_projects.iter().map(|p| p.title.clone()).collect(),
    }
}

/// A simulator on `data`, a client for it, the account loaded, and the subject's tombstone.
async fn offboarding(
    profile: Profile,
    data: AccountData,
    id: u64,
) -> (Sim, Client, Account, Tombstone) {
    let sim = start(profile, data).await;
    let c = client(&sim);
    let account = load(&c).await;
    let p = account
        .people
        .iter()
        .find(|p| p.id().0 == id)
        .expect("subject");
    let t = Tombstone::of(&account, p);
    (sim, c, account, t)
}

fn person_by_email<'a>(account: &'a Account, email: &str) -> &'a Person {
    account
        .person_by_email(email)
        .expect("the person is on the server")
}

/// Recreates from `t` on the account as it is now; returns the report and the person reloaded.
async fn recreate(c: &Client, t: &Tombstone) -> (Restored, Restorable) {
    let before = load(c).await;
    let (new, missed) = request(&before, t);
    let done = c.recreate(t, new, missed).await.expect("recreate");
    let after = load(c).await;
    let p = person_by_email(&after, t.person.email());
    (done, restorable(&Tombstone::of(&after, p)))
}

per_profile! {
    #[tokio::test]
    async fn offboard_then_recreate_restores_every_field(profile) {
        let (d, id) = data();
        let (sim, c, _, t) = offboarding(profile, d, id).await;
        let want = restorable(&t);
        assert_eq!(want.memberships.len(), 3, "{profile}: {want:?}");
        assert_eq!(want.managed.len(), 1, "{profile}: {want:?}");
        if profile == Profile::V3 {
            assert!(want.title.is_some() && want.groups.len() == 3, "{want:?}");
        } else {
            assert!(
                want.username.is_some() && want.company.is_some(),
                "{want:?}"
            );
        }
        c.delete_person(t.id()).await.expect("deleted");
        sim.clear_requests();

        let (done, got) = recreate(&c, &t).await;
        assert_eq!(got, want, "{profile}: {done:#?}");
        assert!(done.missed.is_empty(), "{profile}: {:?}", done.missed);
        assert_eq!(done.emailed, 1, "{profile}");
        assert_eq!(sim.outbox().len(), 1, "{profile}: one invitation email");
        assert!(
            done.summary().contains("ProofHub emailed 1 invitation"),
            "{}",
            done.summary()
        );
        let summary = done.summary().to_lowercase();
        for part in ["role admin", "3 project memberships", "manager of"] {
            assert!(summary.contains(part), "{profile}: {summary}");
        }
        if profile == Profile::V3 {
            assert!(
                summary.contains("title") && summary.contains("group design"),
                "{summary}"
            );
        }
    }
}

per_profile! {
    #[tokio::test]
    async fn what_cannot_come_back_is_named_with_why(profile) {
        let (d, id) = data();
        // Someone else will manage the subject's managed project once they are gone.
        let managed = d
            .projects
            .iter()
            .position(|p| p.manager == Some(id))
            .expect("managed project");
        let other = d.projects[managed]
            .assigned
            .iter()
            .copied()
            .find(|m| *m != id)
            .expect("another member");
        let (sim, c, account, t) = offboarding(profile, d.clone(), id).await;
        c.delete_person(t.id()).await.expect("deleted");
        // Meanwhile: the project gets another manager, and (v3) the Design group goes.
        let project = d.projects[managed].id;
        let other_name = account
            .people
            .iter()
            .find(|p| p.id().0 == other)
            .map(Person::display_name)
            .expect("other");
        let project_title = d.projects[managed].title.clone();
        match profile {
            Profile::V3 => {
                let design = d
                    .groups
                    .iter()
                    .find(|g| g.name == "Design")
                    .map(|g| g.id)
                    .expect("Design");
                raw(
                    &sim,
                    "PUT",
                    &format!("projects/{project}"),
                    &format!("{{\"manager\":{other}}}"),
                )
                .await;
                raw(&sim, "DELETE", &format!("groups/{design}"), "").await;
            }
            Profile::Guide => {
                raw(
                    &sim,
                    "POST",
                    &format!("projects/{project}/people"),
                    &format!("{{\"person_id\":{other},\"role\":\"manager\"}}"),
                )
                .await;
            }
        }
        let (done, got) = recreate(&c, &t).await;
        let missed: Vec<String> = done
            .missed
            .iter()
            .map(|m| format!("{}: {}", m.what, m.why))
            .collect();
        assert!(
            missed.contains(&format!(
                "manager of {project_title}: the project now has manager {other_name}; change it there if it should be them"
            )),
            "{profile}: {missed:?}"
        );
        assert!(got.managed.is_empty(), "{profile}: {got:?}");
        assert_eq!(
            got.memberships.len(),
            3,
            "{profile}: still a member: {got:?}"
        );
        if profile == Profile::V3 {
            assert!(
                missed.contains(&"group Design: the group no longer exists".to_string()),
                "{missed:?}"
            );
            assert!(got.groups.contains("Finance"), "{got:?}");
        }
        let summary = done.summary();
        assert!(summary.contains("NOT restored: "), "{summary}");
        assert!(summary.contains(&other_name), "{summary}");
    }
}

/// A write straight to the simulator, as someone else's client would send it.
async fn raw(sim: &Sim, method: &str, path: &str, body: &str) {
    let url = format!("{}/{path}", sim.base_url());
    let client = reqwest::Client::new();
    let mut req = client
        .request(method.parse().expect("method"), url)
        .header("User-Agent", "someone else (else@example.com)")
        .header("Content-Type", "application/json");
    req = match sim.profile() {
        Profile::V3 => req.header("X-API-KEY", sim.token()),
        Profile::Guide => req.header("Authorization", format!("Bearer {}", sim.token())),
    };
    if !body.is_empty() {
        req = req.body(body.to_string());
    }
    let status = req.send().await.expect("sent").status();
    assert!(status.is_success(), "{method} {path}: {status}");
}

per_profile! {
    #[tokio::test]
    async fn a_person_deleted_by_sync_apply_recreates_as_fully(profile) {
        let (d, id) = data();
        let (sim, c, account, t) = offboarding(profile, d, id).await;
        let want = restorable(&t);
        // The source: everyone but the subject, by email alone.
        let mut csv = String::from("email\n");
        for p in account.people.iter().filter(|p| p.id().0 != id) {
            csv.push_str(p.email());
            csv.push('\n');
        }
        let src = source::parse(&csv).expect("source parses");
        let plan = plan::build(
            &account,
            &src,
            PlanOptions {
                allow_delete: true,
                ..PlanOptions::default()
            },
            PlanContext {
                base_url: sim.base_url(),
                source: "test.csv".into(),
                created_at: "2026-01-01T00:00:00Z".into(),
                key: proofhub_tui::dirsync::seal::PlanKey::from_bytes(
                    b"test key for sealing sync plans!",
                ),
            },
        )
        .expect("plan builds");
        assert_eq!(plan.items.len(), 1, "{profile}: only the delete");
        let dir = tempfile::tempdir().expect("tempdir");
        let journal_path = dir.path().join("journal.jsonl");
        let opts = ApplyOptions {
            journal: Some(Arc::new(SyncJournal::new(
                Arc::new(Journal::open(&journal_path).expect("journal")),
                sim.base_url(),
            ))),
            ..ApplyOptions::default()
        };
        let mut ledger = Ledger::open(&dir.path().join("l.jsonl"), &plan.id).expect("ledger");
        apply::apply(&c, &plan, &mut ledger, &opts, |_| {})
            .await
            .expect("apply runs");
        let entries = Journal::tombstones(&journal_path, &sim.base_url()).expect("tombstones");
        let entry = entries.first().expect("the sync's tombstone");
        assert_eq!(entry.deleted, Some(true), "{profile}");
        assert_eq!(
            restorable(&entry.tombstone),
            want,
            "{profile}: the tombstone is whole"
        );

        let (done, got) = recreate(&c, &entry.tombstone).await;
        assert_eq!(got, want, "{profile}: {done:#?}");
        assert!(done.missed.is_empty(), "{profile}: {:?}", done.missed);
    }
}
