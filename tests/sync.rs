//! Directory sync against the simulator, over real HTTP on 127.0.0.1, in both profiles, with
//! the rate window scaled (25 per 200 ms): the plan is exact, export → plan is empty, apply
//! converges, drift is caught, an interrupted apply (a stop hook, and a real process killed
//! mid-run) resumes without a repeated write, the fuse holds, bad rows name their lines.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::command;
use crate::support::per_profile;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use proofhub_tui::api::{Client, NewPerson};
use proofhub_tui::dirsync::apply::{self, ApplyOptions, Report, Verdict};
use proofhub_tui::dirsync::fuse::Fuse;
use proofhub_tui::dirsync::journaling::SyncJournal;
use proofhub_tui::dirsync::ledger::{Ledger, State};
use proofhub_tui::dirsync::source;
use proofhub_tui::dirsync::{Change, Field, Kind, Plan, PlanContext, PlanOptions, plan};
use proofhub_tui::local::journal::{Journal, Phase};
use proofhub_tui::model::account::{Account, RoleRef};
use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::{Faults, Sim};

/// The plan key the tests seal with; a binary run under a temp home gets it as its machine key
/// (`<home>/data/plan-key`) where it must apply a plan the test made.
const TEST_KEY: &[u8; 32] = b"test key for sealing sync plans!";

use support::live::{client, load};
use support::syncenv::start;
use support::tmux::Tmux;

/// One source row, as the test writes it.
#[derive(Clone, Debug)]
struct Row {
    email: String,
    name: String,
    role: String,
    title: String,
    projects: Vec<String>,
}

/// The account as source rows: exactly what it holds.
fn rows_of(account: &Account) -> Vec<Row> {
    account
        .people
        .iter()
        .map(|p| Row {
            email: p.email().to_string(),
            name: p.display_name(),
            role: account.role_name(p).unwrap_or_default(),
            title: p.title().map(str::to_string).unwrap_or_default(),
            projects: account
                .memberships_of(p.id())
                .iter()
                .filter_map(|m| account.project(m.project).map(|pr| pr.title.clone()))
                .collect(),
        })
        .collect()
}

fn csv_of(rows: &[Row], with_title: bool) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["email", "name", "role", "projects"];
    if with_title {
        header.push("title");
    }
    w.write_record(&header).expect("header");
    for r in rows {
        let projects = r.projects.join("; ");
        let mut rec = vec![
            r.email.as_str(),
            r.name.as_str(),
            r.role.as_str(),
            projects.as_str(),
        ];
        if with_title {
            rec.push(r.title.as_str());
        }
        w.write_record(&rec).expect("row");
    }
    String::from_utf8(w.into_inner().expect("csv")).expect("utf8")
}

fn make_plan(account: &Account, csv: &str, options: PlanOptions, base_url: &str) -> Plan {
    let src = source::parse(csv).expect("source parses");
    plan::build(
        account,
        &src,
        options,
        PlanContext {
            base_url: base_url.to_string(),
            source: "test.csv".into(),
            created_at: "2026-01-01T00:00:00Z".into(),
            key: proofhub_tui::dirsync::seal::PlanKey::from_bytes(TEST_KEY),
        },
    )
    .expect("plan builds")
}

async fn run_apply(client: &Client, plan: &Plan, ledger: &Path, opts: &ApplyOptions) -> Report {
    let mut l = Ledger::open(ledger, &plan.id).expect("ledger opens");
    apply::apply(client, plan, &mut l, opts, |_| {})
        .await
        .expect("apply runs")
}

/// The role to switch a non-owner to: another non-owner role of the account.
fn other_role(account: &Account, current: &str) -> String {
    let names: Vec<String> = match account.profile {
        Some(Profile::V3) => account.roles.iter().map(|r| r.name.clone()).collect(),
        _ => vec!["admin".into(), "member".into(), "client".into()],
    };
    names
        .into_iter()
        .find(|n| !n.eq_ignore_ascii_case(current) && !n.eq_ignore_ascii_case("owner"))
        .expect("another role")
}

/// Indices of non-owner people, in account order.
fn non_owners(account: &Account) -> Vec<usize> {
    account
        .people
        .iter()
        .enumerate()
        .filter(|(_, p)| !account.is_owner(p))
        .map(|(i, _)| i)
        .collect()
}

/// The crafted source: person a's email in other case (no change), b renamed, c with another
/// role, d (v3) another title, e added to a project and removed from another, f missing, one
/// new person in two projects.
struct Crafted {
    csv: String,
    renamed: String,
    role_changed: String,
    retitled: Option<String>,
    moved: String,
    missing: String,
    new_email: String,
}

fn crafted(account: &Account) -> Crafted {
    let profile = account.profile.expect("profile known");
    let mut rows = rows_of(account);
    let idx = non_owners(account);
    let (a, b, c, d, e, f) = (idx[0], idx[1], idx[2], idx[3], idx[4], idx[5]);
    rows[a].email = rows[a].email.to_uppercase();
    rows[b].name = format!("{} Renamed", rows[b].name);
    rows[c].role = other_role(account, &rows[c].role);
    if profile == Profile::V3 {
        rows[d].title = "Chief Sync Tester".into();
    }
    let titles: Vec<String> = account.projects.iter().map(|p| p.title.clone()).collect();
    let has: BTreeSet<String> = rows[e].projects.iter().cloned().collect();
    let add = titles
        .iter()
        .find(|t| !has.contains(*t))
        .expect("a project to add")
        .clone();
    let removed = rows[e].projects.first().expect("e is in a project").clone();
    rows[e].projects.retain(|t| *t != removed);
    rows[e].projects.push(add);
    let new_email = "new.hire@acme.example".to_string();
    rows.push(Row {
        email: new_email.clone(),
        name: "New Hire".into(),
        role: other_role(account, "owner"),
        title: String::new(),
        projects: titles[..2].to_vec(),
    });
    let missing = rows.remove(f).email;
    Crafted {
        csv: csv_of(&rows, profile == Profile::V3),
        renamed: account.people[b].email().to_string(),
        role_changed: account.people[c].email().to_string(),
        retitled: (profile == Profile::V3).then(|| account.people[d].email().to_string()),
        moved: account.people[e].email().to_string(),
        missing,
        new_email,
    }
}

fn update_fields(plan: &Plan, email: &str) -> Vec<Field> {
    plan.items
        .iter()
        .filter_map(|i| match &i.change {
            Change::Update {
                email: e, fields, ..
            } if e.eq_ignore_ascii_case(email) => {
                Some(fields.iter().map(|f| f.field).collect::<Vec<_>>())
            }
            _ => None,
        })
        .flatten()
        .collect()
}

fn kinds_for(plan: &Plan, email: &str) -> Vec<Kind> {
    plan.items
        .iter()
        .filter(|i| i.change.email().eq_ignore_ascii_case(email))
        .map(|i| i.change.kind())
        .collect()
}

per_profile! {
    #[tokio::test]
    async fn the_plan_is_exact_for_a_crafted_source(profile) {
        let sim = start(profile).await;
        let c = client(&sim);
        let account = load(&c).await;
        let crafted = crafted(&account);
        let plan = make_plan(
            &account,
            &crafted.csv,
            PlanOptions::default(),
            &sim.base_url(),
        );
        let counts = plan.counts(false);
        let updates = if profile == Profile::V3 { 3 } else { 2 };
        assert_eq!(counts[&Kind::Invite], 1, "{profile}: {:#?}", plan.items);
        assert_eq!(
            counts[&Kind::Update],
            updates,
            "{profile}: {:#?}",
            plan.items
        );
        assert_eq!(
            counts[&Kind::AddMember],
            3,
            "{profile}: new hire x2 + moved"
        );
        assert_eq!(counts[&Kind::RemoveMember], 1, "{profile}");
        assert_eq!(
            counts[&Kind::Delete],
            0,
            "{profile}: no delete without the option"
        );
        // v3 keeps the stored first name and changes the last name; guide has one name.
        let renamed = if profile == Profile::V3 {
            vec![Field::LastName]
        } else {
            vec![Field::Name]
        };
        assert_eq!(update_fields(&plan, &crafted.renamed), renamed, "{profile}");
        assert_eq!(
            update_fields(&plan, &crafted.role_changed),
            vec![Field::Role],
            "{profile}"
        );
        if let Some(e) = &crafted.retitled {
            assert_eq!(update_fields(&plan, e), vec![Field::Title]);
        }
        assert_eq!(
            kinds_for(&plan, &crafted.moved),
            vec![Kind::AddMember, Kind::RemoveMember],
            "{profile}"
        );
        assert_eq!(
            kinds_for(&plan, &crafted.new_email),
            vec![Kind::Invite, Kind::AddMember, Kind::AddMember],
            "{profile}"
        );
        // Everyone else, the upper-cased email included, yields nothing.
        let touched: BTreeSet<String> = plan
            .items
            .iter()
            .map(|i| i.change.email().to_lowercase())
            .collect();
        assert_eq!(
            touched.len(),
            if profile == Profile::V3 { 5 } else { 4 },
            "{touched:?}"
        );
        assert!(plan.summary().contains("1 invites"), "{}", plan.summary());

        let with_delete = make_plan(
            &account,
            &crafted.csv,
            PlanOptions {
                allow_delete: true,
                ..PlanOptions::default()
            },
            &sim.base_url(),
        );
        assert_eq!(
            kinds_for(&with_delete, &crafted.missing),
            vec![Kind::Delete]
        );
        assert_eq!(with_delete.counts(false)[&Kind::Delete], 1, "{profile}");
        let Some(Change::Delete { stamp, .. }) = with_delete
            .items
            .iter()
            .map(|i| &i.change)
            .find(|c| c.kind() == Kind::Delete)
        else {
            panic!("a delete item");
        };
        assert!(
            stamp.is_some(),
            "the delete holds the stamp it was planned against"
        );

        let add_only = make_plan(
            &account,
            &crafted.csv,
            PlanOptions {
                add_only: true,
                ..PlanOptions::default()
            },
            &sim.base_url(),
        );
        let kinds: BTreeSet<Kind> = add_only.items.iter().map(|i| i.change.kind()).collect();
        assert_eq!(
            kinds,
            BTreeSet::from([Kind::Invite, Kind::AddMember]),
            "{profile}"
        );
        sim.shutdown().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn export_then_plan_against_the_same_account_is_empty(profile) {
        let sim = start(profile).await;
        let c = client(&sim);
        let account = load(&c).await;
        let csv =
            proofhub_tui::cli::export::to_csv(&account, proofhub_tui::cli::export::CsvForm::Data)
                .expect("export");
        let plan = make_plan(
            &account,
            &csv,
            PlanOptions {
                allow_delete: true,
                ..PlanOptions::default()
            },
            &sim.base_url(),
        );
        assert!(plan.items.is_empty(), "{profile}: {:#?}", plan.items);
        assert_eq!(
            plan.summary(),
            "0 invites, 0 updates, 0 membership adds, 0 membership removes, 0 deletes"
        );
        sim.shutdown().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn applying_converges_and_the_results_name_every_item(profile) {
        let sim = start(profile).await;
        let c = client(&sim);
        let account = load(&c).await;
        let crafted = crafted(&account);
        let options = PlanOptions {
            allow_delete: true,
            ..PlanOptions::default()
        };
        let mut plan = make_plan(&account, &crafted.csv, options, &sim.base_url());
        let dir = tempfile::tempdir().expect("tempdir");
        let ledger = dir.path().join("l.jsonl");
        // First with the update of the renamed person unticked, then ticked again.
        let unticked = plan
            .items
            .iter()
            .position(|i| i.change.kind() == Kind::Update && i.change.email() == crafted.renamed)
            .expect("the rename");
        plan.items[unticked].skip = true;
        let journal_path = dir.path().join("data").join("journal.jsonl");
        let journaled = ApplyOptions {
            journal: Some(Arc::new(SyncJournal::new(
                Arc::new(Journal::open(&journal_path).expect("journal")),
                sim.base_url(),
            ))),
            ..ApplyOptions::default()
        };
        let first = run_apply(&c, &plan, &ledger, &journaled).await;
        assert_eq!(
            first.count("done"),
            plan.items.len() - 1,
            "{profile}: {first:#?}"
        );
        assert_eq!(
            first.outcomes[unticked].verdict,
            Verdict::Skipped("unticked in review".into())
        );
        plan.items[unticked].skip = false;
        let report = run_apply(&c, &plan, &ledger, &journaled).await;
        assert_eq!(
            report.count("done"),
            1,
            "{profile}: only the re-ticked item is sent"
        );
        assert_eq!(report.writes, 1);
        assert_eq!(report.count("already_done"), plan.items.len() - 1);
        let outbox: Vec<String> = sim.outbox().iter().map(|m| m.to.clone()).collect();
        assert_eq!(outbox, vec![crafted.new_email.clone()], "{profile}");
        // The console's journal has every write: attempt (or tombstone) first, then done.
        let records = Journal::read_all(&journal_path).expect("journal reads");
        let done = records.iter().filter(|r| r.phase == Phase::Done).count();
        assert_eq!(done, plan.items.len(), "{profile}: one done line per write");
        let entries = Journal::tombstones(&journal_path, &sim.base_url()).expect("tombstones");
        assert_eq!(entries.len(), 1, "{profile}");
        assert_eq!(entries[0].tombstone.person.email(), crafted.missing);
        assert_eq!(entries[0].deleted, Some(true));
        let snapshot = sim.snapshot();
        assert!(
            !snapshot.people.iter().any(|p| p.email == crafted.missing),
            "{profile}: deleted"
        );

        let after = load(&c).await;
        let again = make_plan(&after, &crafted.csv, options, &sim.base_url());
        assert!(again.items.is_empty(), "{profile}: {:#?}", again.items);

        let text = proofhub_tui::dirsync::results::to_csv(&report.outcomes).expect("results");
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
        assert_eq!(rows.len(), plan.items.len());
        for (n, row) in rows.iter().enumerate() {
            let want = if n == unticked {
                "done"
            } else {
                "already_done"
            };
            assert_eq!(&row[4], want, "{text}");
        }
        sim.shutdown().await;
    }
}

/// Changes a person's name through plain HTTP, as another admin would.
async fn rename_behind_the_plan(sim: &Sim, id: u64) {
    let http = reqwest::Client::builder().no_proxy().build().expect("http");
    let url = format!("{}/people/{id}", sim.base_url());
    let with_headers = |rb: reqwest::RequestBuilder| {
        rb.header("X-API-KEY", sim.token())
            .header("Authorization", format!("Bearer {}", sim.token()))
            .header("User-Agent", "another-admin/1.0 (test)")
            .header("Content-Type", "application/json")
    };
    let body = match sim.profile() {
        Profile::V3 => serde_json::json!({"first_name": "Drifted"}),
        Profile::Guide => {
            let mut v: serde_json::Value = with_headers(http.get(&url))
                .send()
                .await
                .expect("get")
                .json()
                .await
                .expect("json");
            let o = v.as_object_mut().expect("object");
            o.insert("name".into(), "Drifted Name".into());
            for k in ["id", "created_at", "updated_at"] {
                o.remove(k);
            }
            v
        }
    };
    let resp = with_headers(http.put(&url))
        .json(&body)
        .send()
        .await
        .expect("put");
    assert!(resp.status().is_success(), "{}", resp.status());
}

per_profile! {
    #[tokio::test]
    async fn drift_between_plan_and_apply_is_skipped_and_reported(profile) {
        let sim = start(profile).await;
        let c = client(&sim);
        let account = load(&c).await;
        let crafted = crafted(&account);
        let plan = make_plan(
            &account,
            &crafted.csv,
            PlanOptions::default(),
            &sim.base_url(),
        );
        let (key, id) = plan
            .items
            .iter()
            .find_map(|i| match &i.change {
                Change::Update { person, email, .. } if *email == crafted.role_changed => {
                    Some((i.key.clone(), person.0))
                }
                _ => None,
            })
            .expect("the role update");
        rename_behind_the_plan(&sim, id).await;
        sim.clear_requests();
        let dir = tempfile::tempdir().expect("tempdir");
        let report = run_apply(
            &c,
            &plan,
            &dir.path().join("l.jsonl"),
            &ApplyOptions::default(),
        )
        .await;
        let drifted = report
            .outcomes
            .iter()
            .find(|o| o.key == key)
            .expect("outcome");
        assert!(
            matches!(&drifted.verdict, Verdict::Skipped(d) if d.starts_with("drift")),
            "{profile}: {drifted:?}"
        );
        assert_eq!(report.count("skipped"), 1, "{profile}: {report:#?}");
        assert_eq!(report.count("done"), plan.items.len() - 1, "{profile}");
        let put_to_drifted = sim
            .requests()
            .iter()
            .filter(|r| r.method == "PUT" && r.path.ends_with(&format!("/people/{id}")))
            .count();
        assert_eq!(
            put_to_drifted, 0,
            "{profile}: nothing written to the drifted person"
        );
        let text = proofhub_tui::dirsync::results::to_csv(&report.outcomes).expect("results");
        assert!(
            text.contains("skipped,\"drift: changed since the plan"),
            "{text}"
        );
        sim.shutdown().await;
    }
}

/// Write requests per target: (method, path, email for POST /people).
fn writes(sim: &Sim) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for r in sim.requests() {
        if !matches!(r.method.as_str(), "POST" | "PUT" | "DELETE") || r.status == 429 {
            continue;
        }
        let body = r.body.clone().unwrap_or_default();
        let target = if r.method == "POST" && r.path.ends_with("/api/v3/people") {
            let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
            format!("POST people {}", v["email"].as_str().unwrap_or("?"))
        } else if r.method == "PUT" && r.path.contains("/projects/") {
            // v3 membership: the whole `assigned` list; one per change.
            format!("PUT {} {body}", r.path)
        } else if r.method == "POST" {
            format!("POST {} {body}", r.path)
        } else {
            format!("{} {}", r.method, r.path)
        };
        *out.entry(target).or_default() += 1;
    }
    out
}

fn assert_each_write_once(sim: &Sim, profile: Profile) {
    let repeated: Vec<(String, usize)> = writes(sim).into_iter().filter(|(_, n)| *n > 1).collect();
    assert!(
        repeated.is_empty(),
        "{profile}: repeated writes {repeated:?}"
    );
    let mut invited: BTreeMap<String, usize> = BTreeMap::new();
    for m in sim.outbox() {
        *invited.entry(m.to.to_lowercase()).or_default() += 1;
    }
    assert!(
        invited.values().all(|n| *n == 1),
        "{profile}: duplicate invitation {invited:?}"
    );
}

per_profile! {
    #[tokio::test]
    async fn an_interrupted_apply_resumes_without_repeating_a_write(profile) {
        let sim = start(profile).await;
        let c = client(&sim);
        let account = load(&c).await;
        let crafted = crafted(&account);
        let options = PlanOptions {
            allow_delete: true,
            ..PlanOptions::default()
        };
        let plan = make_plan(&account, &crafted.csv, options, &sim.base_url());
        let dir = tempfile::tempdir().expect("tempdir");
        let ledger = dir.path().join("l.jsonl");

        // A crash right after the invite landed, before its "done" reached the ledger.
        let invite = plan
            .items
            .iter()
            .find(|i| i.change.kind() == Kind::Invite)
            .expect("invite");
        {
            let mut l = Ledger::open(&ledger, &plan.id).expect("ledger");
            l.record(&invite.key, State::Pending, None)
                .expect("pending");
        }
        let Change::Invite { role, .. } = &invite.change else {
            panic!("an invite");
        };
        let role = role.as_deref().map(|name| match profile {
            Profile::V3 => RoleRef::Id(
                account
                    .roles
                    .iter()
                    .find(|r| r.name == name)
                    .expect("role")
                    .id,
            ),
            Profile::Guide => RoleRef::Name(name.to_string()),
        });
        c.invite(NewPerson {
            role,
            ..NewPerson::with_full_name("New Hire", &crafted.new_email)
        })
        .await
        .expect("the invite lands");

        // A second crash after three more writes.
        let first = run_apply(
            &c,
            &plan,
            &ledger,
            &ApplyOptions {
                stop_after_writes: Some(3),
                ..ApplyOptions::default()
            },
        )
        .await;
        assert!(first.interrupted, "{profile}");
        assert_eq!(first.writes, 3, "{profile}");
        assert!(first.count("not_run") > 0, "{profile}: {first:#?}");
        let pending_invite = first
            .outcomes
            .iter()
            .find(|o| o.key == invite.key)
            .expect("invite outcome");
        assert!(
            matches!(pending_invite.verdict, Verdict::AlreadyDone(_)),
            "{profile}: a pending invite whose email exists is done, not repeated: {pending_invite:?}"
        );

        let second = run_apply(&c, &plan, &ledger, &ApplyOptions::default()).await;
        assert!(!second.interrupted);
        assert_eq!(
            second.count("failed") + second.count("skipped"),
            0,
            "{second:#?}"
        );
        assert_eq!(second.writes, plan.items.len() - 1 - 3, "{profile}");
        assert_each_write_once(&sim, profile);
        assert_eq!(sim.outbox().len(), 1, "{profile}");
        let again = make_plan(&load(&c).await, &crafted.csv, options, &sim.base_url());
        assert!(
            again.items.is_empty(),
            "{profile}: converged: {:#?}",
            again.items
        );
        sim.shutdown().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn the_fuse_stops_a_truncated_source_from_deleting_the_account(profile) {
        let sim = start(profile).await;
        let c = client(&sim);
        let account = load(&c).await;
        let mut rows = rows_of(&account);
        rows.truncate(3);
        let csv = csv_of(&rows, false);
        let options = PlanOptions {
            allow_delete: true,
            ..PlanOptions::default()
        };
        let plan = make_plan(&account, &csv, options, &sim.base_url());
        assert!(plan.counts(false)[&Kind::Delete] >= 8, "{profile}");
        sim.clear_requests();
        let dir = tempfile::tempdir().expect("tempdir");
        let mut l = Ledger::open(&dir.path().join("l.jsonl"), &plan.id).expect("ledger");
        let err = apply::apply(&c, &plan, &mut l, &ApplyOptions::default(), |_| {})
            .await
            .expect_err("the fuse refuses");
        assert!(err.to_string().contains("delete fuse"), "{err}");
        assert_eq!(err.code(), 6, "the fuse's own exit code");
        assert!(
            sim.requests().is_empty(),
            "{profile}: not even a read before refusing"
        );
        assert_eq!(sim.snapshot().people.len(), account.people.len());

        // A fuse set wide enough lets the same deletes through, owner excepted.
        let wide = Fuse {
            max_deletes: 100,
            max_share_pct: 100.0,
        };
        assert!(wide.check(&plan).is_ok());
        // The typed override lets the same deletes through; the owner is never among them.
        let report = apply::apply(
            &c,
            &plan,
            &mut l,
            &ApplyOptions {
                fuse_overridden: true,
                ..ApplyOptions::default()
            },
            |_| {},
        )
        .await
        .expect("overridden");
        assert_eq!(
            report.count("done"),
            plan.items.len(),
            "{profile}: {report:#?}"
        );
        let owner = account
            .people
            .iter()
            .find(|p| account.is_owner(p))
            .expect("owner");
        let left: BTreeSet<String> = sim.snapshot().people.into_iter().map(|p| p.email).collect();
        let mut want: BTreeSet<String> = rows.iter().map(|r| r.email.clone()).collect();
        want.insert(owner.email().to_string());
        assert_eq!(
            left, want,
            "{profile}: the listed people and the owner stay"
        );
        assert!(
            source::parse("email,name\n").is_err(),
            "an empty source is no source"
        );
        sim.shutdown().await;
    }
}

// ---- the real binary ----

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_proofhub-tui")
}

/// A command against the simulator: token in the environment, a fast pacing config, every
/// file under a temp home.
// The binary blocks this thread; the simulator needs another one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_rows_are_reported_with_their_line_numbers() {
    let sim = start(Profile::V3).await;
    let home = tempfile::tempdir().expect("tempdir");
    let src = home.path().join("people.csv");
    std::fs::write(
        &src,
        "email,name,role,projects\n\
         ok@acme.example,Ok Person,Admin,\n\
         ,No Email,Admin,\n\
         not-an-address,Bad,Admin,\n\
         OK@acme.example,Dup,Admin,\n",
    )
    .expect("csv");
    let out = command(&sim.base_url(), sim.token(), home.path())
        .args(["sync", "plan", "--source"])
        .arg(&src)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for line in [
        "line 3: no email",
        "line 4: \"not-an-address\"",
        "line 5: OK@acme.example is already on line 2",
    ] {
        assert!(stderr.contains(line), "{line} in {stderr}");
    }
    assert!(out.stdout.is_empty(), "no plan");

    // Rows the account cannot take are reported the same way, after the load.
    let data = sim.snapshot();
    let owner_role = data
        .roles
        .iter()
        .find(|r| r.is_owner())
        .expect("owner role")
        .id;
    let owner = data
        .people
        .iter()
        .find(|p| p.role == owner_role)
        .expect("owner");
    std::fs::write(
        &src,
        format!(
            "email,name,role,projects\n\
             ok@acme.example,Ok Person,Wizard,\n\
             two@acme.example,Two,Admin,No Such Project\n\
             {},Owner,Admin,\n\
             three@acme.example,Three,Owner,\n",
            owner.email
        ),
    )
    .expect("csv");
    let out = command(&sim.base_url(), sim.token(), home.path())
        .args(["sync", "plan", "--source"])
        .arg(&src)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("line 2: role \"Wizard\" is not one of"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 3: project \"No Such Project\""),
        "{stderr}"
    );
    sim.shutdown().await;
}

fn done_lines(ledger: &Path) -> usize {
    std::fs::read_to_string(ledger).map_or(0, |t| {
        t.lines()
            .filter(|l| l.contains("\"state\":\"done\""))
            .count()
    })
}

// The binary blocks this thread; the simulator needs another one.
per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_killed_apply_process_resumes_without_repeating_a_write(profile) {
        let sim = start(profile).await;
        let c = client(&sim);
        let account = load(&c).await;
        let crafted = crafted(&account);
        let home = tempfile::tempdir().expect("tempdir");
        let src = home.path().join("people.csv");
        std::fs::write(&src, &crafted.csv).expect("csv");
        let plan_path = home.path().join("plan.json");

        let out = command(&sim.base_url(), sim.token(), home.path())
            .args(["sync", "plan", "--allow-delete", "--source"])
            .arg(&src)
            .arg("--out")
            .arg(&plan_path)
            .output()
            .expect("plan runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let updates = if profile == Profile::V3 { 3 } else { 2 };
        assert!(
            stdout.contains(&format!(
                "plan: 1 invites, {updates} updates, 3 membership adds, 1 membership removes, 1 deletes"
            )),
            "{stdout}"
        );
        let plan =
            Plan::from_json(&std::fs::read_to_string(&plan_path).expect("plan")).expect("plan");

        // Without --yes and without a terminal: refused, nothing sent.
        sim.clear_requests();
        let out = command(&sim.base_url(), sim.token(), home.path())
            .args(["sync", "apply"])
            .arg(&plan_path)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
        assert!(sim.requests().is_empty());

        // Read-only: refused before anything is sent.
        let out = command(&sim.base_url(), sim.token(), home.path())
            .args(["--read-only", "sync", "apply", "--yes"])
            .arg(&plan_path)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("read-only"));
        assert!(sim.requests().is_empty());

        // Slow every request down, start the apply, kill it after two items are done.
        sim.set_faults(Faults {
            latency: Duration::from_millis(60),
            ..Faults::default()
        });
        let ledger = Ledger::path_for(&plan_path);
        let mut child = command(&sim.base_url(), sim.token(), home.path())
            .args(["sync", "apply", "--yes"])
            .arg(&plan_path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("apply starts");
        let deadline = Instant::now() + Duration::from_secs(60);
        while done_lines(&ledger) < 2 {
            assert!(
                Instant::now() < deadline,
                "{profile}: the apply made no progress"
            );
            assert!(
                child.try_wait().expect("wait").is_none(),
                "{profile}: ended too early"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        child.kill().expect("kill");
        let _ = child.wait();
        let done_before = done_lines(&ledger);
        assert!(done_before < plan.items.len(), "{profile}: killed halfway");

        sim.set_faults(Faults::default());
        let out = command(&sim.base_url(), sim.token(), home.path())
            .args(["sync", "apply", "--yes"])
            .arg(&plan_path)
            .output()
            .expect("resume runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{profile}: {stdout} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("0 skipped, 0 failed"), "{stdout}");
        assert_each_write_once(&sim, profile);
        assert_eq!(sim.outbox().len(), 1, "{profile}");

        let results = std::fs::read_to_string(proofhub_tui::dirsync::results::path_for(&plan_path))
            .expect("results file");
        assert_eq!(results.lines().count(), plan.items.len() + 1, "{results}");
        assert!(
            !results.contains(",failed,") && !results.contains(",skipped,"),
            "{results}"
        );
        // The delete's tombstone reached the ledger before the delete.
        let text = std::fs::read_to_string(&ledger).expect("ledger");
        let del = plan
            .items
            .iter()
            .find(|i| i.change.kind() == Kind::Delete)
            .expect("delete item");
        let tomb = text
            .lines()
            .position(|l| l.contains(&del.key) && l.contains("\"tombstone\""))
            .expect("tombstone line");
        let pending = text
            .lines()
            .position(|l| l.contains(&del.key) && l.contains("\"pending\""))
            .expect("pending line");
        assert!(tomb < pending);
        assert!(
            text.contains(&crafted.missing),
            "the tombstone holds the record"
        );
        let journal = Journal::read_all(&home.path().join("data").join("journal.jsonl"))
            .expect("the console's journal");
        assert!(
            journal.iter().any(|r| r.phase == Phase::Tombstone
                && r.tombstone
                    .as_ref()
                    .is_some_and(|t| t.person.email() == crafted.missing)),
            "{profile}: the delete's tombstone is in the console's journal too"
        );

        let again = make_plan(
            &load(&c).await,
            &crafted.csv,
            PlanOptions {
                allow_delete: true,
                ..PlanOptions::default()
            },
            &sim.base_url(),
        );
        assert!(again.items.is_empty(), "{profile}: {:#?}", again.items);
        sim.shutdown().await;
    }
}

// The binary blocks this thread; the simulator needs another one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_with_yes_refuses_past_the_fuse_and_deletes_nothing() {
    let sim = start(Profile::Guide).await;
    let c = client(&sim);
    let account = load(&c).await;
    let home = tempfile::tempdir().expect("tempdir");
    let mut rows = rows_of(&account);
    rows.truncate(2);
    let src = home.path().join("people.csv");
    std::fs::write(&src, csv_of(&rows, false)).expect("csv");
    let plan_path: PathBuf = home.path().join("plan.json");
    let out = command(&sim.base_url(), sim.token(), home.path())
        .args(["sync", "plan", "--delete", "--source"])
        .arg(&src)
        .arg("--out")
        .arg(&plan_path)
        .output()
        .expect("plan runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("warning: the plan deletes"), "{stdout}");
    sim.clear_requests();
    let out = command(&sim.base_url(), sim.token(), home.path())
        .args(["sync", "apply", "--yes"])
        .arg(&plan_path)
        .output()
        .expect("apply runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Exit 6: the fuse tripped.
    assert_eq!(out.status.code(), Some(6), "{stderr}");
    assert!(
        stderr.contains("nothing applied") && stderr.contains("delete fuse"),
        "{stderr}"
    );
    assert!(
        !sim.requests().iter().any(|r| r.method == "DELETE"),
        "no DELETE reached the server"
    );
    assert_eq!(sim.snapshot().people.len(), account.people.len());
    sim.shutdown().await;
}

// ---- interactive, in a real terminal (tmux) ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs tmux"]
async fn review_unticks_and_interactive_apply_asks_for_the_typed_delete_count() {
    support::need_tool("tmux");
    let sim = start(Profile::V3).await;
    let c = client(&sim);
    let account = load(&c).await;
    let idx = non_owners(&account);
    let mut rows = rows_of(&account);
    let renamed = rows[idx[0]].email.clone();
    rows[idx[0]].name.push_str(" Renamed");
    let gone = rows.remove(idx[1]).email;
    let plan = make_plan(
        &account,
        &csv_of(&rows, false),
        PlanOptions {
            allow_delete: true,
            ..PlanOptions::default()
        },
        &sim.base_url(),
    );
    assert_eq!(
        plan.summary(),
        "0 invites, 1 updates, 0 membership adds, 0 membership removes, 1 deletes"
    );
    let home = tempfile::tempdir().expect("tempdir");
    let plan_path = home.path().join("plan.json");
    std::fs::write(&plan_path, plan.to_json()).expect("plan");
    std::fs::create_dir_all(home.path().join("data")).expect("data dir");
    std::fs::write(home.path().join("data/plan-key"), TEST_KEY).expect("plan key");
    let config = home.path().join("config.toml");
    std::fs::write(&config, "pacing = \"25/0.2\"\n").expect("config");
    let run = |sub: &str, tag: &str| {
        format!(
            "'{}' --base-url '{}' --config '{}' sync {sub} '{}'; echo \"{tag}=$?\"; ",
            bin(),
            sim.base_url(),
            config.display(),
            plan_path.display()
        )
    };
    let shell = format!(
        "{}{}{}exec sleep 600",
        run("review", "review-exit"),
        run("apply", "first-exit"),
        run("apply", "second-exit")
    );
    let home_env = format!("PROOFHUB_TUI_HOME={}", home.path().display());
    let token_env = format!("PROOFHUB_TOKEN={}", sim.token());
    let pane = Tmux::start(
        "sync",
        (100, 40),
        &[&token_env, &home_env, "TERM=xterm-256color"],
        &shell,
    );

    // Review: the update is under the cursor; untick it, save, leave.
    // The key help is the last line drawn: once it is there the whole frame is.
    let screen = pane.wait_for_text("q/Esc quit");
    assert!(screen.contains("sync plan review"), "{screen}");
    assert!(screen.contains(&format!("> [x] {renamed}")), "{screen}");
    assert!(screen.contains("apply: about"), "{screen}");
    pane.text(" ");
    pane.wait_for_text("updates (0 of 1 ticked)");
    pane.text("s");
    pane.wait_for_text("saved to");
    pane.text("q");
    pane.wait_for_text("review-exit=0");
    let saved = Plan::from_json(&std::fs::read_to_string(&plan_path).expect("plan")).expect("plan");
    assert!(
        saved
            .items
            .iter()
            .any(|i| i.skip && i.change.kind() == Kind::Update)
    );

    // Apply asks for the count typed out; anything else cancels before any request.
    sim.clear_requests();
    let screen = pane.wait_for_text("type `delete 1`");
    assert!(
        screen.contains(&gone),
        "the person to delete is named:\n{screen}"
    );
    pane.line("yes");
    pane.wait_for_text("first-exit=1");
    assert!(pane.capture().contains("cancelled; nothing was written"));
    assert!(
        sim.requests().is_empty(),
        "nothing sent after a wrong answer"
    );

    pane.wait_for_text("type `delete 1`");
    pane.line("delete 1");
    let screen = pane.wait_for_text("second-exit=0");
    assert!(
        screen.contains("applied: 1 done, 0 already done, 1 skipped, 0 failed"),
        "{screen}"
    );
    let people = sim.snapshot().people;
    assert!(!people.iter().any(|p| p.email == gone), "deleted");
    assert!(
        people
            .iter()
            .any(|p| p.email == renamed && !p.last_name.ends_with("Renamed")),
        "the unticked update was not applied"
    );
    sim.shutdown().await;
}
