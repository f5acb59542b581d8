//! Bounded, visible waiting in the client, against the simulator in both profiles: a redirect
//! to another host is refused once; a Retry-After beyond the configured maximum stops the run
//! with a message; a trickling body fails at the request timeout with at most one retry; a v3
//! 200-with-error page is retried like a 5xx and the load completes.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::per_profile;

use std::time::{Duration, Instant};

use proofhub_tui::api::{ApiError, Client, ClientConfig};
use proofhub_tui::sim::{Faults, Sim, Storm};
use support::live;
use support::syncenv::{self, Home};

fn client(sim: &Sim, tune: impl FnOnce(&mut ClientConfig)) -> Client {
    live::client_for(sim).tune(tune).build()
}

async fn load(client: &Client) -> Result<proofhub_tui::api::Account, ApiError> {
    live::load_with_events(client).await.0
}

per_profile! {
    #[tokio::test]
    async fn a_redirect_to_another_host_is_refused_once_not_retried(profile) {
        let sim = syncenv::start(profile).await;
        sim.set_faults(Faults {
            redirect_to: Some("http://127.0.0.2:9".into()),
            ..Faults::default()
        });
        let c = client(&sim, |_| {});
        let started = Instant::now();
        let err = c.check_token().await.expect_err("refused");
        assert!(
            matches!(err, ApiError::Redirected { .. }),
            "{profile}: {err:?}"
        );
        assert!(err.to_string().contains("127.0.0.2"), "{err}");
        assert_eq!(sim.requests().len(), 1, "{profile}: one request, no retry");
        // Generous: the old behaviour (12 tries with backoff) took close to a minute.
        assert!(started.elapsed() < Duration::from_secs(2), "{profile}");
        sim.shutdown().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn a_retry_after_beyond_the_maximum_stops_with_a_message(profile) {
        let sim = syncenv::start(profile).await;
        sim.set_faults(Faults {
            storm: Some(Storm::Requests(1000)),
            retry_after_s: Some(600),
            ..Faults::default()
        });
        let c = client(&sim, |cfg| cfg.max_wait = Duration::from_secs(2));
        let started = Instant::now();
        let err = c.check_token().await.expect_err("stops");
        assert!(
            matches!(err, ApiError::WaitTooLong { asked, .. } if asked >= Duration::from_secs(590)),
            "{profile}: {err:?}"
        );
        let text = err.to_string();
        assert!(
            text.contains("Retry-After") && text.contains("max_wait"),
            "{text}"
        );
        assert_eq!(sim.requests().len(), 1, "{profile}: no second request");
        assert!(started.elapsed() < Duration::from_secs(2), "{profile}");

        sim.shutdown().await;
    }
}

// The binary blocks this thread; the simulator needs another one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_plan_stops_at_the_configured_max_wait() {
    let sim = syncenv::start(proofhub_tui::model::profile::Profile::V3).await;
    let home = Home::new();
    std::fs::write(home.file("people.csv"), "email,name\na@acme.example,A B\n").expect("csv");
    sim.set_faults(Faults {
        storm: Some(Storm::Requests(1000)),
        retry_after_s: Some(600),
        ..Faults::default()
    });
    let out = home
        .bare(sim.token())
        .arg("--base-url")
        .arg(sim.base_url())
        .args(["--max-wait", "1", "sync", "plan", "--source"])
        .arg(home.file("people.csv"))
        .output()
        .expect("runs");
    let text = syncenv::text(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("Retry-After") && text.contains("600 s"),
        "{text}"
    );
    assert!(text.contains("--max-wait"), "{text}");
    // The config key does the same.
    std::fs::write(
        home.file("config.toml"),
        "pacing = \"25/0.2\"\nmax_wait = 1\n",
    )
    .expect("config");
    let out = home
        .bare(sim.token())
        .arg("--base-url")
        .arg(sim.base_url())
        .args(["sync", "plan", "--source"])
        .arg(home.file("people.csv"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", syncenv::text(&out));
    assert!(syncenv::text(&out).contains("600 s"));
    sim.shutdown().await;
}

per_profile! {
    #[tokio::test]
    async fn a_trickling_body_fails_at_the_timeout_with_at_most_one_retry(profile) {
        let sim = syncenv::start(profile).await;
        sim.set_faults(Faults {
            slow_body_ms: 1000,
            ..Faults::default()
        });
        let c = client(&sim, |cfg| cfg.timeout = Duration::from_millis(400));
        let err = c.check_token().await.expect_err("too slow");
        assert!(matches!(err, ApiError::Timeout(_)), "{profile}: {err:?}");
        assert!(
            sim.requests().len() <= 2,
            "{profile}: {} attempts",
            sim.requests().len()
        );
        sim.shutdown().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn a_page_answered_with_an_error_body_is_retried_and_the_load_completes(profile) {
        let sim = syncenv::start(profile).await;
        let clean = load(&client(&sim, |_| {})).await.expect("loads");
        sim.clear_requests();
        sim.set_faults(Faults {
            error_body_rate: 25.0,
            only_method: Some("GET".into()),
            seed: 7,
            ..Faults::default()
        });
        let account = load(&client(&sim, |_| {}))
            .await
            .expect("loads despite error bodies");
        let hit = sim
            .requests()
            .iter()
            .filter(|r| r.fault.as_deref() == Some("error_body"))
            .count();
        assert!(hit > 0, "{profile}: the fault hit no page");
        assert_eq!(account.people.len(), clean.people.len(), "{profile}");
        assert_eq!(account.projects.len(), clean.projects.len(), "{profile}");
        sim.shutdown().await;
    }
}
