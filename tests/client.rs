//! The ProofHub client against the simulator, over real HTTP on 127.0.0.1, in both profiles,
//! with faults on where they matter. The rate window is scaled (25 per 200 ms) for speed.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::per_profile;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use proofhub_tui::api::{
    ApiError, CancelToken, Client, ClientConfig, Edit, LoadEvent, NewPerson, PersonChanges,
};
use proofhub_tui::model::account::{Account, PersonId, ProjectId, RoleRef};
use proofhub_tui::model::profile::{Profile, ProfileChoice};
use proofhub_tui::model::token::Token;
use proofhub_tui::sim::data::{AccountData, PersonData};
use proofhub_tui::sim::{Faults, Sim, Storm};
use tokio::sync::{mpsc, watch};

use crate::support::live::{self, WINDOW, load_with_events as load};

async fn sim_with(profile: Profile, data: AccountData) -> Sim {
    live::start(profile, data).await
}

async fn demo_sim(profile: Profile) -> Sim {
    live::sim(profile).start().await
}

fn client_for(sim: &Sim, choice: ProfileChoice) -> Client {
    live::client_for(sim).choice(choice).build()
}

fn client_with_token(sim: &Sim, token: &str, choice: ProfileChoice) -> Client {
    live::client_for(sim).token(token).choice(choice).build()
}

fn memberships_of_sim(data: &AccountData) -> BTreeSet<(u64, u64)> {
    data.projects
        .iter()
        .flat_map(|p| p.assigned.iter().map(move |person| (p.id, *person)))
        .collect()
}

fn memberships_of_account(a: &Account) -> BTreeSet<(u64, u64)> {
    a.all_memberships()
        .iter()
        .map(|m| (m.project.0, m.person.0))
        .collect()
}

/// Asserts the loaded account is exactly what the simulator holds.
fn assert_same_account(a: &Account, data: &AccountData, profile: Profile) {
    let people: BTreeSet<(u64, String)> = a
        .people
        .iter()
        .map(|p| (p.id().0, p.email().to_string()))
        .collect();
    let want: BTreeSet<(u64, String)> = data
        .people
        .iter()
        .map(|p| (p.id, p.email.clone()))
        .collect();
    assert_eq!(people, want, "people");
    assert_eq!(a.people.len(), data.people.len(), "no person twice");
    let projects: BTreeSet<(u64, String)> = a
        .projects
        .iter()
        .map(|p| (p.id.0, p.title.clone()))
        .collect();
    let want: BTreeSet<(u64, String)> = data
        .projects
        .iter()
        .map(|p| (p.id, p.title.clone()))
        .collect();
    assert_eq!(projects, want, "projects");
    assert_eq!(
        memberships_of_account(a),
        memberships_of_sim(data),
        "memberships"
    );
    if profile == Profile::V3 {
        let roles: BTreeSet<(u64, String)> =
            a.roles.iter().map(|r| (r.id.0, r.name.clone())).collect();
        let want: BTreeSet<(u64, String)> =
            data.roles.iter().map(|r| (r.id, r.name.clone())).collect();
        assert_eq!(roles, want, "roles");
        let groups: BTreeSet<(u64, Vec<u64>)> = a
            .groups
            .iter()
            .map(|g| (g.id.0, g.members.iter().map(|m| m.0).collect()))
            .collect();
        let want: BTreeSet<(u64, Vec<u64>)> = data
            .groups
            .iter()
            .map(|g| (g.id, g.assigned.clone()))
            .collect();
        assert_eq!(groups, want, "groups");
    }
}

per_profile! {
    #[tokio::test]
    async fn full_load_is_exactly_the_simulators_account_and_stays_within_the_limit(profile) {
        let sim = demo_sim(profile).await;
        let client = client_for(&sim, ProfileChoice::Auto);
        let (account, events) = load(&client).await;
        let account = account.unwrap_or_else(|e| panic!("{profile}: {e}"));
        assert_eq!(client.profile(), Some(profile), "detected");
        assert_eq!(account.profile, Some(profile));
        assert!(events.contains(&LoadEvent::Profile(profile)));
        assert_same_account(&account, &sim.snapshot(), profile);

        // Data arrives as events, before the end.
        let streamed: usize = events
            .iter()
            .map(|e| match e {
                LoadEvent::People(p) => p.len(),
                _ => 0,
            })
            .sum();
        assert_eq!(streamed, account.people.len(), "{profile}: people events");
        let members_events = events
            .iter()
            .filter(|e| matches!(e, LoadEvent::Members { .. }))
            .count();
        assert_eq!(members_events, account.projects.len(), "{profile}");

        let log = sim.requests();
        assert!(
            log.iter().all(|r| !r.rate_limited),
            "{profile}: a 429 without a storm"
        );
        for r in &log {
            assert!(r.has_api_key && r.has_bearer, "{profile}: {r:?}");
            assert!(r.authenticated, "{profile}: {r:?}");
            assert!(
                r.user_agent
                    .as_deref()
                    .is_some_and(|ua| ua.starts_with("proofhub-tui/")),
                "{r:?}"
            );
            assert_eq!(r.content_type.as_deref(), Some("application/json"));
            let q = r.query.clone().unwrap_or_default();
            for param in ["start=", "limit=100", "page=", "per_page=100"] {
                assert!(
                    q.contains(param),
                    "{profile}: {} without {param}: {q}",
                    r.path
                );
            }
        }
        // Exactly the minimum: v3 one page per 100 (the last one short), projects, roles,
        // groups; guide the same without roles/groups plus one request per project.
        let pages = |n: usize| n / 100 + 1;
        let data = sim.snapshot();
        let minimum = pages(data.people.len())
            + pages(data.projects.len())
            + match profile {
                Profile::V3 => 2,
                Profile::Guide => data.projects.len(),
            };
        assert_eq!(log.len(), minimum, "{profile}: requests");
    }
}

per_profile! {
    #[tokio::test]
    async fn a_429_storm_plus_20_percent_5xx_and_broken_answers_still_load_everything(profile) {
        let sim = demo_sim(profile).await;
        sim.set_faults(Faults {
            fail_rate: 20.0,
            drop_rate: 3.0,
            truncate_rate: 3.0,
            html_rate: 3.0,
            // The storm counts requests, not time: a timed one could end before a loaded
            // machine sends the first request.
            storm: Some(Storm::Requests(4)),
            seed: 7,
            ..Faults::default()
        });
        let client = client_for(&sim, ProfileChoice::Auto);
        let (account, _) = load(&client).await;
        let account = account.unwrap_or_else(|e| panic!("{profile}: {e}"));
        assert_same_account(&account, &sim.snapshot(), profile);
        let log = sim.requests();
        let faults: BTreeSet<String> = log.iter().filter_map(|r| r.fault.clone()).collect();
        for kind in ["storm", "fail"] {
            assert!(
                faults.contains(kind),
                "{profile}: no {kind} was injected: {faults:?}"
            );
        }
        assert!(client.pacing().rate_limited > 0);
    }
}

/// A person without a title (v3 shows it as ""), so storing that rendering would show.
fn person_without_title(data: &AccountData) -> PersonData {
    data.people
        .iter()
        .skip(1)
        .find(|p| p.title.is_none())
        .cloned()
        .expect("the demo account has someone without a title")
}

/// A person with every optional field set, so a cleared field would show.
fn full_person(data: &AccountData) -> PersonData {
    data.people
        .iter()
        .skip(1)
        .find(|p| {
            p.title.is_some()
                && p.username.is_some()
                && p.company.is_some()
                && p.phone.is_some()
                && p.timezone.is_some()
                && p.last_active.is_some()
        })
        .cloned()
        .expect("the demo account has a fully filled-in person")
}

/// 5xx and dropped connections (the write did not apply) and truncated answers (it did, but
/// the answer was lost): the client must tell them apart by reading back.
fn write_faults() -> Faults {
    Faults {
        fail_rate: 15.0,
        drop_rate: 5.0,
        truncate_rate: 15.0,
        seed: 3,
        ..Faults::default()
    }
}

per_profile! {
    #[tokio::test]
    async fn editing_one_field_leaves_every_other_field_identical_on_the_server(profile) {
        let sim = demo_sim(profile).await;
        let data = sim.snapshot();
        for before in [full_person(&data), person_without_title(&data)] {
            sim.set_faults(write_faults());
            let client = client_for(&sim, ProfileChoice::Auto);
            let (changes, field) = match profile {
                // guide replaces the whole record on PUT: the phone alone must not clear the rest
                Profile::Guide => (
                    PersonChanges {
                        phone: Edit::Set("+49 30 1234567".into()),
                        ..PersonChanges::default()
                    },
                    "phone",
                ),
                Profile::V3 => (
                    PersonChanges {
                        last_name: Edit::Set("Testwood".into()),
                        ..PersonChanges::default()
                    },
                    "last_name",
                ),
            };
            let updated = client
                .update_person(
                    PersonId(before.id),
                    Some(before.updated_at.clone()),
                    changes,
                )
                .await
                .unwrap_or_else(|e| panic!("{profile}: {e}"));
            sim.set_faults(Faults::default());
            let after = sim
                .snapshot()
                .people
                .into_iter()
                .find(|p| p.id == before.id)
                .expect("still there");
            let mut expected = before.clone();
            match field {
                "phone" => expected.phone = Some("+49 30 1234567".into()),
                _ => expected.last_name = "Testwood".into(),
            }
            expected.updated_at = after.updated_at.clone();
            assert_eq!(after, expected, "{profile}: only {field} changed");
            assert_ne!(after.updated_at, before.updated_at);
            assert_eq!(
                updated.updated_at().as_deref(),
                Some(after.updated_at.as_str())
            );
        }
    }
}

per_profile! {
    #[tokio::test]
    async fn a_change_made_by_someone_else_between_read_and_write_is_refused(profile) {
        let sim = demo_sim(profile).await;
        let shown = full_person(&sim.snapshot());
        let me = client_for(&sim, ProfileChoice::Auto);
        let someone_else = client_for(&sim, ProfileChoice::Auto);
        someone_else.detect_profile().await.expect("profile");
        someone_else
            .update_person(
                PersonId(shown.id),
                None,
                PersonChanges {
                    last_name: Edit::Set("Changed-Elsewhere".into()),
                    ..PersonChanges::default()
                },
            )
            .await
            .unwrap_or_else(|e| panic!("{profile}: {e}"));
        let err = me
            .update_person(
                PersonId(shown.id),
                Some(shown.updated_at.clone()),
                PersonChanges {
                    email: Edit::Set("mine@acme.example".into()),
                    ..PersonChanges::default()
                },
            )
            .await
            .expect_err("must refuse");
        assert!(matches!(err, ApiError::Conflict { .. }), "{profile}: {err}");
        assert!(!err.retry_safe());
        let now = sim
            .snapshot()
            .people
            .into_iter()
            .find(|p| p.id == shown.id)
            .expect("there");
        assert_eq!(now.last_name, "Changed-Elsewhere", "{profile}: theirs kept");
        assert_eq!(now.email, shown.email, "{profile}: mine not written");
    }
}

#[tokio::test]
async fn two_membership_adds_racing_on_one_v3_project_both_survive() {
    let sim = demo_sim(Profile::V3).await;
    let data = sim.snapshot();
    let project = data.projects[0].clone();
    let outsiders: Vec<u64> = data
        .people
        .iter()
        .map(|p| p.id)
        .filter(|id| !project.assigned.contains(id))
        .take(2)
        .collect();
    sim.set_faults(write_faults());
    // Two independent clients, as two tasks of the console would be, or two windows.
    let a = client_for(&sim, ProfileChoice::V3);
    let b = client_for(&sim, ProfileChoice::V3);
    let (ra, rb) = tokio::join!(
        a.add_member(ProjectId(project.id), PersonId(outsiders[0])),
        b.add_member(ProjectId(project.id), PersonId(outsiders[1])),
    );
    ra.expect("first add");
    let members = rb.expect("second add");
    sim.set_faults(Faults::default());
    let now = sim
        .snapshot()
        .projects
        .into_iter()
        .find(|p| p.id == project.id)
        .expect("project");
    let mut want: BTreeSet<u64> = project.assigned.iter().copied().collect();
    want.extend(&outsiders);
    assert_eq!(now.assigned.iter().copied().collect::<BTreeSet<_>>(), want);
    assert!(members.iter().any(|m| m.person.0 == outsiders[1]));
}

per_profile! {
    #[tokio::test]
    async fn membership_add_and_remove_in_both_profiles(profile) {
        let sim = demo_sim(profile).await;
        let data = sim.snapshot();
        let project = data.projects[1].clone();
        let outsider = data
            .people
            .iter()
            .map(|p| p.id)
            .find(|id| !project.assigned.contains(id))
            .expect("someone outside");
        let member = project.assigned[0];
        sim.set_faults(write_faults());
        let client = client_for(&sim, ProfileChoice::Auto);
        client.detect_profile().await.expect("profile");
        let after_add = client
            .add_member(ProjectId(project.id), PersonId(outsider))
            .await
            .unwrap_or_else(|e| panic!("{profile} add: {e}"));
        assert!(after_add.iter().any(|m| m.person.0 == outsider));
        let after_remove = client
            .remove_member(ProjectId(project.id), PersonId(member))
            .await
            .unwrap_or_else(|e| panic!("{profile} remove: {e}"));
        assert!(!after_remove.iter().any(|m| m.person.0 == member));
        sim.set_faults(Faults::default());
        let err = client
            .add_member(ProjectId(4_242), PersonId(outsider))
            .await
            .expect_err("no such project");
        assert!(matches!(err, ApiError::NotFound { .. }), "{profile}: {err}");
        let now = sim
            .snapshot()
            .projects
            .into_iter()
            .find(|p| p.id == project.id)
            .expect("project");
        let mut want: BTreeSet<u64> = project.assigned.iter().copied().collect();
        want.insert(outsider);
        want.remove(&member);
        assert_eq!(
            now.assigned.iter().copied().collect::<BTreeSet<_>>(),
            want,
            "{profile}"
        );
    }
}

per_profile! {
    #[tokio::test]
    async fn deleting_an_unknown_id_is_an_error_and_a_real_delete_is_verified(profile) {
        let sim = demo_sim(profile).await;
        let client = client_for(&sim, ProfileChoice::Auto);
        client.detect_profile().await.expect("profile");
        let before = sim.snapshot();
        let err = client
            .delete_person(PersonId(424_242))
            .await
            .expect_err("unknown id");
        assert!(matches!(err, ApiError::NotFound { .. }), "{profile}: {err}");
        assert_eq!(sim.snapshot(), before, "{profile}: nothing changed");
        assert!(
            !sim.requests().iter().any(|r| r.method == "DELETE"),
            "{profile}: no DELETE was sent for an unknown id"
        );

        sim.set_faults(write_faults());
        let victim = full_person(&before);
        client
            .delete_person(PersonId(victim.id))
            .await
            .unwrap_or_else(|e| panic!("{profile}: {e}"));
        sim.set_faults(Faults::default());
        let after = sim.snapshot();
        assert_eq!(after.people.len(), before.people.len() - 1);
        assert!(after.people.iter().all(|p| p.id != victim.id));
        assert!(
            after
                .projects
                .iter()
                .all(|p| !p.assigned.contains(&victim.id))
        );
    }
}

per_profile! {
    #[tokio::test]
    async fn an_unknown_id_never_yields_another_person(profile) {
        let sim = demo_sim(profile).await;
        let client = client_for(&sim, ProfileChoice::Auto);
        client.detect_profile().await.expect("profile");
        let before = sim.snapshot();
        // v3 answers GET /people/{unknown} with the whole list: that must not pass as a person.
        let err = client
            .update_person(
                PersonId(1),
                None,
                PersonChanges {
                    email: Edit::Set("x@acme.example".into()),
                    ..PersonChanges::default()
                },
            )
            .await
            .expect_err("unknown id");
        assert!(matches!(err, ApiError::NotFound { .. }), "{profile}: {err}");
        assert_eq!(sim.snapshot(), before, "{profile}: nobody was changed");
        assert!(sim.requests().iter().all(|r| r.method == "GET"));
    }
}

per_profile! {
    #[tokio::test]
    async fn error_bodies_and_html_pages_become_typed_errors_with_readable_messages(profile) {
        let sim = demo_sim(profile).await;
        // A wrong key: v3 says so with HTTP 200 + code 1001, guide with 401.
        let wrong = client_with_token(&sim, "not-the-key", ProfileChoice::Auto);
        let err = wrong.check_token().await.expect_err("wrong key");
        assert!(matches!(err, ApiError::Auth { .. }), "{profile}: {err}");
        assert_eq!(wrong.profile(), Some(profile), "detected from the refusal");
        assert!(err.to_string().contains("token was refused"), "{err}");

        // A duplicate email: v3 200 + success:false, guide 422.
        let client = client_for(&sim, ProfileChoice::Auto);
        client.detect_profile().await.expect("profile");
        let taken = sim.snapshot().people[3].email.clone();
        let mut new = NewPerson::with_full_name("Dup Licate", &taken);
        if profile == Profile::Guide {
            new.role = Some(RoleRef::Name("member".into()));
        }
        let err = client.invite(new).await.expect_err("duplicate");
        match &err {
            ApiError::Refused { message, .. } => {
                assert!(
                    message.to_lowercase().contains("email"),
                    "{profile}: {message}"
                );
            }
            other => panic!("{profile}: {other}"),
        }
        assert!(
            sim.outbox().iter().all(|m| m.to != taken),
            "no invitation for a refused invite"
        );

        // A proxy's HTML error page on every answer.
        sim.set_faults(Faults {
            html_rate: 100.0,
            ..Faults::default()
        });
        let err = client.check_token().await.expect_err("html");
        let text = err.to_string();
        assert!(
            matches!(err, ApiError::Server { status: 502, .. }),
            "{profile}: {err}"
        );
        assert!(
            text.contains("502 Bad Gateway") && !text.contains('<'),
            "{text}"
        );
    }
}

per_profile! {
    #[tokio::test]
    async fn an_invite_is_sent_once_even_when_answers_get_lost(profile) {
        let sim = demo_sim(profile).await;
        let client = client_for(&sim, ProfileChoice::Auto);
        client.detect_profile().await.expect("profile");
        let mut post_faults = BTreeSet::new();
        // 40 % of requests lose their connection before the server acts (nothing created),
        // 25 % lose the answer after it acted (created, but we cannot tell from the answer).
        // Seed 11 drops the first POST, seed 1 truncates its answer.
        for seed in [11, 1] {
            sim.clear_requests();
            sim.set_faults(Faults {
                drop_rate: 40.0,
                truncate_rate: 25.0,
                seed,
                ..Faults::default()
            });
            let email = format!("new.person.{seed}@acme.example");
            let person = client
                .invite(NewPerson::with_full_name("New Person", &email))
                .await
                .unwrap_or_else(|e| panic!("{profile}: {e}"));
            sim.set_faults(Faults::default());
            assert_eq!(person.email(), email);
            post_faults.extend(
                sim.requests()
                    .iter()
                    .filter(|r| r.method == "POST")
                    .filter_map(|r| r.fault.clone()),
            );
            let data = sim.snapshot();
            assert_eq!(data.people.iter().filter(|p| p.email == email).count(), 1);
            assert_eq!(
                sim.outbox().iter().filter(|m| m.to == email).count(),
                1,
                "{profile}: exactly one invitation email"
            );
        }
        let want: BTreeSet<String> = ["drop".to_string(), "truncate".to_string()].into();
        assert_eq!(
            post_faults, want,
            "{profile}: both kinds of lost answer were exercised"
        );
    }
}

#[tokio::test]
async fn guide_member_lists_follow_the_callers_order_and_cancel_stops_the_load() {
    let sim = demo_sim(Profile::Guide).await;
    let data = sim.snapshot();
    let wanted = data.projects.last().expect("projects").id;
    let client = client_for(&sim, ProfileChoice::Guide);
    let (order_tx, order) = watch::channel(vec![ProjectId(wanted)]);
    let (tx, mut rx) = mpsc::channel(1024);
    let cancel = CancelToken::new();
    let stopper = cancel.clone();
    let seen_members = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&seen_members);
    let watcher = tokio::spawn(async move {
        while let Some(e) = rx.recv().await {
            if let LoadEvent::Members { .. } = e
                && counter.fetch_add(1, Ordering::SeqCst) + 1 == 5
            {
                stopper.cancel();
            }
        }
    });
    let result = client.load_account(order, tx, cancel).await;
    drop(order_tx);
    watcher.await.expect("watcher");
    assert_eq!(result.err(), Some(ApiError::Cancelled));
    let member_paths: Vec<String> = sim
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/people") && r.path.contains("/projects/"))
        .map(|r| r.path)
        .collect();
    assert_eq!(
        member_paths.first().map(String::as_str),
        Some(format!("/api/v3/projects/{wanted}/people").as_str()),
        "the wanted project first"
    );
    assert!(
        member_paths.len() < data.projects.len(),
        "cancel stopped the member requests ({} of {})",
        member_paths.len(),
        data.projects.len()
    );
}

/// A server that ignores every paging parameter: the same 100 people, whatever is asked.
async fn paging_ignoring_server() -> (String, Arc<AtomicUsize>) {
    use axum::response::IntoResponse;
    let people: Vec<serde_json::Value> = (1..=100)
        .map(|i| serde_json::json!({"id": i, "first_name": "P", "last_name": format!("{i}"), "email": format!("p{i}@x.io"), "role": {"id": 1}}))
        .collect();
    let (root, hits) = stub_server(move || axum::Json(people.clone()).into_response()).await;
    (format!("{root}/api/v3"), hits)
}

#[tokio::test]
async fn a_server_that_ignores_paging_ends_the_load_with_an_error_instead_of_looping() {
    let (base, hits) = paging_ignoring_server().await;
    let client = live::client_at(&base, "t").build();
    let (result, _) = load(&client).await;
    let err = result.expect_err("must not succeed");
    assert!(matches!(err, ApiError::Paging { .. }), "{err}");
    assert!(err.to_string().contains("/people"), "{err}");
    // people, projects, roles and groups load side by side: each reads at most two pages.
    let hits = hits.load(Ordering::SeqCst);
    assert!(hits <= 8, "it stopped at once, not after {hits} requests");
}

#[tokio::test]
async fn the_token_stays_out_of_debug_output_and_plain_http_is_refused() {
    let mut cfg = ClientConfig::new(
        "http://acme.proofhub.com/api/v3",
        Token::new("sekret-token-123").expect("token"),
    );
    assert!(!format!("{cfg:?}").contains("sekret"));
    assert!(matches!(
        Client::new(cfg.clone()),
        Err(ApiError::InsecureUrl { .. })
    ));
    cfg.base_url = "https://acme.proofhub.com/api/v3".into();
    let client = Client::new(cfg).expect("https is fine");
    assert!(!format!("{client:?}").contains("sekret"));
}

/// Runs the real binary with its own home directory (blocking, so off the runtime that serves
/// the simulator).
async fn run_binary(
    args: Vec<String>,
    token: &str,
    home: &std::path::Path,
) -> std::process::Output {
    let token = token.to_string();
    let home = home.to_path_buf();
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_proofhub-tui"))
            .args(&args)
            .env("PROOFHUB_TOKEN", token)
            .env("PROOFHUB_TUI_HOME", home)
            .env_remove("PROOFHUB_BASE_URL")
            .output()
            .expect("the binary runs")
    })
    .await
    .expect("join")
}

/// `Title (role)` → `Title` (guide adds the project role).
fn title_of(cell: &str) -> String {
    match cell.rsplit_once(" (") {
        Some((title, role)) if role.ends_with(')') => title.to_string(),
        _ => cell.to_string(),
    }
}

per_profile! {
    #[tokio::test]
    async fn export_lists_every_person_and_membership_and_nothing_else(profile) {
        let sim = demo_sim(profile).await;
        let data = sim.snapshot();
        let dir = tempfile::tempdir().expect("tempdir");
        // The config's pacing matches the simulator's scaled window (else guide's 44 requests
        // would take the real 25 per 10 s).
        std::fs::create_dir_all(dir.path().join("config")).expect("config dir");
        std::fs::write(
            dir.path().join("config/config.toml"),
            "pacing = \"25/0.2\"\n",
        )
        .expect("config");
        let out = dir.path().join("people.json");
        let json_run = run_binary(
            vec![
                "export".into(),
                "--base-url".into(),
                sim.base_url(),
                "--format".into(),
                "json".into(),
                "--out".into(),
                out.display().to_string(),
            ],
            sim.token(),
            dir.path(),
        )
        .await;
        let stderr = String::from_utf8_lossy(&json_run.stderr);
        assert!(json_run.status.success(), "{profile}: {stderr}");
        assert!(
            stderr.is_empty(),
            "{profile}: no progress when stderr is no terminal: {stderr}"
        );
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("json");
        assert_eq!(doc["profile"], profile.as_str());
        let people: BTreeSet<u64> = doc["people"]
            .as_array()
            .expect("people")
            .iter()
            .filter_map(|p| p["id"].as_u64())
            .collect();
        assert_eq!(people, data.people.iter().map(|p| p.id).collect());
        let members: BTreeSet<(u64, u64)> = doc["projects"]
            .as_array()
            .expect("projects")
            .iter()
            .flat_map(|p| {
                let project = p["id"].as_u64().unwrap_or(0);
                p["members"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(move |m| m["id"].as_u64().map(|person| (project, person)))
            })
            .collect();
        assert_eq!(
            members,
            memberships_of_sim(&data),
            "{profile}: json memberships"
        );

        // A new process has a fresh budget: the first run's requests leave the sim's window.
        sim.advance_clock(WINDOW);
        sim.clear_requests();
        let csv_run = run_binary(
            vec!["export".into(), "--base-url".into(), sim.base_url()],
            sim.token(),
            dir.path(),
        )
        .await;
        assert!(csv_run.status.success(), "{profile}");
        assert!(
            sim.requests().iter().all(|r| !r.rate_limited),
            "{profile}: no 429"
        );
        let mut reader = csv::Reader::from_reader(csv_run.stdout.as_slice());
        let headers: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_string)
            .collect();
        // v3 also carries the name's parts and the title, so a sync keeps them exactly.
        let want_headers: &[&str] = match profile {
            Profile::V3 => &[
                "id",
                "name",
                "first_name",
                "last_name",
                "email",
                "role",
                "title",
                "status",
                "last_active",
                "projects",
            ],
            Profile::Guide => &[
                "id",
                "name",
                "email",
                "role",
                "status",
                "last_active",
                "projects",
            ],
        };
        assert_eq!(headers, want_headers, "{profile}");
        let col = |name: &str| headers.iter().position(|h| h == name).expect("column");
        let (email_col, projects_col) = (col("email"), col("projects"));
        let mut rows = BTreeSet::new();
        let mut row_memberships = Vec::new();
        for record in reader.records() {
            let record = record.expect("row");
            let id: u64 = record[0].parse().expect("id");
            rows.insert((id, record[email_col].to_string()));
            for cell in record[projects_col].split("; ").filter(|c| !c.is_empty()) {
                row_memberships.push((id, title_of(cell)));
            }
        }
        let want: BTreeSet<(u64, String)> = data
            .people
            .iter()
            .map(|p| (p.id, p.email.clone()))
            .collect();
        assert_eq!(rows, want, "{profile}: one row per person");
        let title = |id: u64| {
            data.projects
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.title.clone())
                .unwrap_or_default()
        };
        let mut want: Vec<(u64, String)> = memberships_of_sim(&data)
            .into_iter()
            .map(|(project, person)| (person, title(project)))
            .collect();
        want.sort();
        row_memberships.sort();
        assert_eq!(row_memberships, want, "{profile}: csv memberships");
    }
}

#[tokio::test]
async fn export_with_a_wrong_token_fails_with_a_message_and_no_file() {
    let sim = sim_with(Profile::V3, AccountData::generate(5, 1, 1)).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("x.csv");
    let run = run_binary(
        vec![
            "export".into(),
            "--base-url".into(),
            sim.base_url(),
            "--out".into(),
            out.display().to_string(),
        ],
        "wrong-secret-value",
        dir.path(),
    )
    .await;
    let stderr = String::from_utf8_lossy(&run.stderr);
    // Exit 4: a refused token has its own code.
    assert_eq!(run.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("token was refused"), "{stderr}");
    assert!(!stderr.contains("wrong-secret-value"));
    assert!(!out.exists() && !dir.path().join("x.csv.partial").exists());
}

/// A server that counts what reaches it and answers every request with `reply`.
async fn stub_server(
    reply: impl Fn() -> axum::response::Response + Clone + Send + Sync + 'static,
) -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&hits);
    let app = axum::Router::new().fallback(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        let reply = reply.clone();
        async move { reply() }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), hits)
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed_and_the_token_stays_home() {
    use axum::response::IntoResponse;
    let (elsewhere, elsewhere_hits) =
        stub_server(|| axum::Json(serde_json::json!([])).into_response()).await;
    let target = format!("{elsewhere}/api/v3/people");
    let (home, home_hits) =
        stub_server(move || axum::response::Redirect::temporary(&target).into_response()).await;
    let client = live::client_at(&format!("{home}/api/v3"), "t").build();
    let err = client.check_token().await.expect_err("redirect refused");
    assert!(err.to_string().contains("redirect"), "{err}");
    assert!(home_hits.load(Ordering::SeqCst) >= 1);
    assert_eq!(
        elsewhere_hits.load(Ordering::SeqCst),
        0,
        "nothing reached the other host"
    );
}

#[tokio::test]
async fn a_server_that_does_not_answer_in_time_is_a_timeout_error() {
    let sim = demo_sim(Profile::V3).await;
    sim.set_faults(Faults {
        latency: Duration::from_millis(400),
        ..Faults::default()
    });
    let client = live::client_for(&sim)
        .timeout(Duration::from_millis(50))
        .build();
    let err = client.check_token().await.expect_err("too slow");
    assert!(matches!(err, ApiError::Timeout(_)), "{err}");
    assert!(err.retry_safe());
    assert!(sim.requests().len() > 1, "a timed-out read was retried");
}
