//! A plan is bound to what it was made for, through the real binary against the simulator in
//! both profiles: hand edits (a delete switched to another person, `people_in_account`, another
//! account's URL) are refused each with its own message and no request; a plan applied to
//! another account at the same URL is refused before any write; review and apply take the
//! account from the plan and refuse a different one named on the command line; two applies of
//! one plan at once: the second refuses, naming the first, and no write lands twice; the delete
//! fuse's share is of the live account.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::per_profile;

use std::process::Stdio;
use std::time::{Duration, Instant};

use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::data::AccountData;
use proofhub_tui::sim::{Faults, Sim};
use serde_json::Value;
use support::syncenv::{self, Home, text, write_requests};

/// The account as a CSV (email, name) without the person at `drop` (so the plan deletes them).
fn csv_without(sim: &Sim, drop: usize) -> (String, Vec<String>) {
    let data = sim.snapshot();
    let mut csv = String::from("email\n");
    let mut emails = Vec::new();
    for (i, p) in data.people.iter().enumerate() {
        emails.push(p.email.clone());
        if i != drop {
            csv.push_str(&format!("{}\n", p.email));
        }
    }
    (csv, emails)
}

fn read(plan: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(plan).expect("plan")).expect("json")
}

fn write(plan: &std::path::Path, v: &Value) {
    std::fs::write(plan, serde_json::to_string_pretty(v).expect("json")).expect("write");
}

// The binary blocks this thread; the simulator needs another one.
per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn hand_edited_plans_are_refused_each_with_its_own_message(profile) {
        let sim = syncenv::start(profile).await;
        let other = syncenv::start(profile).await;
        let home = Home::new();
        let (csv, _) = csv_without(&sim, 3);
        let plan = home.plan(&sim, &csv, &["--allow-delete"]);
        let original = read(&plan);
        let data = sim.snapshot();
        let victim = &data.people[5];

        let mut switched = original.clone();
        let del = switched["items"]
            .as_array_mut()
            .expect("items")
            .iter_mut()
            .find(|i| i["kind"] == "delete")
            .expect("a delete");
        del["person"] = victim.id.into();
        del["email"] = victim.email.clone().into();
        del["stamp"] = Value::Null;
        del["key"] = format!("delete:{}", victim.id).into();

        let mut bigger = original.clone();
        bigger["people_in_account"] = 100_000.into();

        let mut elsewhere = original.clone();
        elsewhere["base_url"] = format!("{}/", other.base_url()).into();

        for (edited, message) in [
            (&switched, "items were edited by hand"),
            (&bigger, "people_in_account"),
            (&elsewhere, "base_url was edited by hand"),
        ] {
            write(&plan, edited);
            sim.clear_requests();
            other.clear_requests();
            let out = home.apply(sim.token(), &plan);
            let all = text(&out);
            assert_eq!(out.status.code(), Some(1), "{profile}: {all}");
            assert!(all.contains(message), "{profile}: {message} in {all}");
            assert!(all.contains("nothing was sent"), "{all}");
            assert!(
                sim.requests().is_empty() && other.requests().is_empty(),
                "{profile}: no request at all for an edited plan"
            );
        }
        assert_eq!(sim.snapshot().people.len(), data.people.len());

        // The untouched plan still applies: the refusals were about the edits.
        write(&plan, &original);
        let out = home.apply(sim.token(), &plan);
        assert_eq!(out.status.code(), Some(0), "{profile}: {}", text(&out));
        assert!(
            sim.snapshot()
                .people
                .iter()
                .any(|p| p.email == victim.email),
            "{profile}: the person the edit named is still there"
        );
        sim.shutdown().await;
        other.shutdown().await;
    }
}

/// The same people, but another owner: what another account at the same URL shows.
fn another_account() -> AccountData {
    let mut d = syncenv::small_data();
    let owner_role = d.people[0].role;
    d.people[0].role = d.people[1].role;
    d.people[1].role = owner_role;
    d.check().expect("valid");
    d
}

// The binary blocks this thread; the simulator needs another one.
per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_plan_applied_to_another_account_at_the_same_url_is_refused(profile) {
        let sim = syncenv::start(profile).await;
        let port = sim.addr().port();
        let home = Home::new();
        let (mut csv, _) = csv_without(&sim, 3);
        csv.push_str("new.person@acme.example\n");
        let plan = home.plan(&sim, &csv, &["--allow-delete"]);
        sim.shutdown().await;

        let sim = syncenv::start_on(profile, another_account(), port).await;
        let out = home.apply(sim.token(), &plan);
        let all = text(&out);
        assert_eq!(out.status.code(), Some(1), "{profile}: {all}");
        assert!(
            all.contains("is not the account the plan was made for"),
            "{profile}: {all}"
        );
        assert_eq!(write_requests(&sim), 0, "{profile}: no write");
        assert!(sim.outbox().is_empty(), "{profile}: no invitation sent");
        sim.shutdown().await;
    }
}

// The binary blocks this thread; the simulator needs another one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_and_apply_take_the_account_from_the_plan() {
    let sim = syncenv::start(Profile::V3).await;
    let other = syncenv::start(Profile::V3).await;
    let home = Home::new();
    let (csv, _) = csv_without(&sim, 3);
    let plan = home.plan(&sim, &csv, &[]);
    sim.clear_requests();

    // Review without --account: it gets as far as asking for a terminal.
    let out = home
        .bare(sim.token())
        .args(["sync", "review"])
        .arg(&plan)
        .output()
        .expect("runs");
    let all = text(&out);
    assert!(!all.contains("no account given"), "{all}");
    assert!(all.contains("needs a terminal"), "{all}");

    // Another URL named explicitly: refused, both named, nothing sent.
    for sub in [&["review"][..], &["apply", "--yes"][..]] {
        let out = home
            .bare(sim.token())
            .arg("--base-url")
            .arg(other.base_url())
            .arg("sync")
            .args(sub)
            .arg(&plan)
            .output()
            .expect("runs");
        let all = text(&out);
        assert_eq!(out.status.code(), Some(2), "{all}");
        assert!(
            all.contains(&sim.base_url()) && all.contains(&other.base_url()),
            "both URLs named: {all}"
        );
    }
    assert!(other.requests().is_empty() && sim.requests().is_empty());

    // The same URL named explicitly is fine, and so is none at all.
    let out = home
        .bare(sim.token())
        .arg("--base-url")
        .arg(sim.base_url())
        .args(["sync", "apply", "--yes"])
        .arg(&plan)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    sim.shutdown().await;
    other.shutdown().await;
}

// The binary blocks this thread; the simulator needs another one.
per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_second_apply_of_the_same_plan_refuses_while_the_first_runs(profile) {
        let sim = syncenv::start(profile).await;
        let home = Home::new();
        let data = sim.snapshot();
        let mut csv = String::from("email,projects\n");
        for p in &data.people {
            // Everyone into the first project: several membership writes.
            csv.push_str(&format!("{},{}\n", p.email, data.projects[0].title));
        }
        let plan = home.plan(&sim, &csv, &["--add-only"]);
        sim.set_faults(Faults {
            latency: Duration::from_millis(80),
            ..Faults::default()
        });
        sim.clear_requests();
        let mut first = home
            .bare(sim.token())
            .args(["sync", "apply", "--yes"])
            .arg(&plan)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("first apply starts");
        let lock = proofhub_tui::dirsync::apply_lock::ApplyLock::path_for(&plan);
        let deadline = Instant::now() + Duration::from_secs(30);
        while !std::fs::read_to_string(&lock).is_ok_and(|t| t.contains("pid")) {
            assert!(
                Instant::now() < deadline,
                "{profile}: the first never locked"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let second = home.apply(sim.token(), &plan);
        let all = text(&second);
        assert_eq!(second.status.code(), Some(1), "{profile}: {all}");
        assert!(
            all.contains("another sync apply of this plan is running")
                && all.contains(&format!("pid {}", first.id())),
            "{profile}: {all}"
        );
        let status = first.wait().expect("first ends");
        assert!(status.success(), "{profile}");
        syncenv::assert_no_write_twice(&sim, &format!("{profile}"));
        // And once the first is gone, the lock is free again.
        sim.set_faults(Faults::default());
        let out = home.apply(sim.token(), &plan);
        assert_eq!(out.status.code(), Some(0), "{profile}: {}", text(&out));
        sim.shutdown().await;
    }
}

/// Deletes a person through plain HTTP, as another admin would between plan and apply.
async fn delete_behind(sim: &Sim, id: u64) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder().no_proxy().build().expect("http");
    let resp = http
        .delete(format!("{}/people/{id}", sim.base_url()))
        .header("X-API-KEY", sim.token())
        .header("Authorization", format!("Bearer {}", sim.token()))
        .header("User-Agent", "another-admin/1.0 (test)")
        .header("Content-Type", "application/json")
        .send()
        .await
        .expect("delete");
    assert!(resp.status().is_success(), "{}", resp.status());
}

// The binary blocks this thread; the simulator needs another one.
per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_fuse_share_is_of_the_live_account_not_the_plan(profile) {
        let sim = syncenv::start(profile).await;
        let home = Home::new();
        // One delete of 12 people: 8 %, within the 10 % fuse at plan time.
        let (csv, _) = csv_without(&sim, 3);
        let data = sim.snapshot();
        let plan = home.plan(&sim, &csv, &["--allow-delete"]);
        // Three others leave the account before the apply: 1 of 9 is 11 %.
        for i in [5, 6, 7] {
            delete_behind(&sim, data.people[i].id).await;
        }
        sim.clear_requests();
        let out = home.apply(sim.token(), &plan);
        let all = text(&out);
        // Exit 6: the fuse tripped.
        assert_eq!(out.status.code(), Some(6), "{profile}: {all}");
        assert!(
            all.contains("delete fuse") && all.contains("1 of 9 people"),
            "{profile}: {all}"
        );
        assert_eq!(write_requests(&sim), 0, "{profile}: nothing deleted");
        sim.shutdown().await;
    }
}
