//! The simulator's clock moves forward on request (`POST /__sim/advance`, `Sim::advance_clock`):
//! a full rate window slides and a timed storm ends without anyone waiting, in both profiles;
//! the control endpoint is not logged, refuses a body it cannot read, and guide's
//! `X-RateLimit-Reset` stays in real epoch seconds.

use std::time::Duration;

use proofhub_tui::sim::{Faults, RateLimit, SimOptions, Storm};
use serde_json::Value;

use super::common::*;
use crate::support::per_profile;

per_profile! {
    #[tokio::test]
    async fn advancing_over_http_slides_a_full_window(profile) {
        let mut opts = SimOptions::demo(profile);
        opts.rate = RateLimit {
            requests: 2,
            window: Duration::from_secs(3600),
        };
        let sim = start_with(opts).await;
        let c = client();
        for _ in 0..2 {
            assert_eq!(get(&c, &sim, "/projects").await.status(), 200, "{profile}");
        }
        assert_eq!(get(&c, &sim, "/projects").await.status(), 429, "{profile}");
        let advance = |ms: u64| {
            c.post(format!("{}/__sim/advance", sim.root_url()))
                .body(format!("{{\"ms\":{ms}}}"))
                .send()
        };
        let r = advance(3_599_000).await.expect("answered");
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.expect("json");
        assert_eq!(body["advanced_ms"], 3_599_000);
        assert_eq!(get(&c, &sim, "/projects").await.status(), 429, "{profile}: a second short");
        let body: Value = advance(1000).await.expect("answered").json().await.expect("json");
        assert_eq!(body["advanced_ms"], 3_600_000, "the total skew");
        assert_eq!(get(&c, &sim, "/projects").await.status(), 200, "{profile}: the window slid");
        assert_eq!(sim.requests().len(), 5, "the control requests are not logged");
    }
}

per_profile! {
    #[tokio::test]
    async fn advancing_ends_a_timed_storm(profile) {
        let sim = start(profile).await;
        let c = client();
        sim.set_faults(Faults {
            storm: Some(Storm::For(Duration::from_secs(3600))),
            ..Faults::default()
        });
        assert_eq!(get(&c, &sim, "/people").await.status(), 429, "{profile}");
        sim.advance_clock(Duration::from_secs(3600));
        assert_eq!(get(&c, &sim, "/people").await.status(), 200, "{profile}");
    }
}

#[tokio::test]
async fn advance_refuses_a_body_it_cannot_read() {
    let sim = start(proofhub_tui::model::profile::Profile::V3).await;
    let c = client();
    for body in [
        "",
        "{}",
        "{\"ms\":-1}",
        "{\"ms\":1,\"extra\":2}",
        "ten seconds",
    ] {
        let r = c
            .post(format!("{}/__sim/advance", sim.root_url()))
            .body(body)
            .send()
            .await
            .expect("answered");
        assert_eq!(r.status(), 400, "{body:?}");
        let v: Value = r.json().await.expect("json");
        assert!(
            v["error"].as_str().is_some_and(|e| e.contains("\"ms\"")),
            "{v}"
        );
    }
}

#[tokio::test]
async fn guide_reset_stays_in_real_epoch_seconds_after_an_advance() {
    let mut opts = SimOptions::demo(proofhub_tui::model::profile::Profile::Guide);
    opts.rate = RateLimit {
        requests: 1,
        window: Duration::from_secs(10),
    };
    let sim = start_with(opts).await;
    let c = client();
    sim.advance_clock(Duration::from_secs(86_400));
    let r = get(&c, &sim, "/projects").await;
    assert_eq!(r.status(), 200);
    // A client on real time still reads how long to wait.
    assert_reset_within(&r, 10);
}
