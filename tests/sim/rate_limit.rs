//! Row: rate limit. v3 25 / 10 s then 429 + Retry-After + body; guide 30 / 10 s with
//! X-RateLimit-* on every response and on the 429, no Retry-After. Per token, sliding window.

use std::time::Duration;

use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::{RateLimit, SimOptions};
use serde_json::Value;

use super::common::*;
use crate::support::per_profile;

#[tokio::test]
async fn v3_the_26th_request_within_10_seconds_is_429_with_retry_after() {
    // The real window: this test is about the documented limit.
    let sim = start_with(SimOptions::demo(Profile::V3)).await;
    let c = client();
    for i in 1..=25 {
        let r = get(&c, &sim, "/roles").await;
        assert_eq!(r.status(), 200, "request {i}");
        assert!(
            r.headers().get("x-ratelimit-limit").is_none(),
            "v3 has no such headers"
        );
    }
    let r = get(&c, &sim, "/roles").await;
    assert_eq!(r.status(), 429);
    let retry: u64 = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!((1..=10).contains(&retry), "{retry}");
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["status"], false);
    assert!(
        body["error"]
            .as_str()
            .expect("error")
            .starts_with("Rate limit exceeded")
    );
    let log = sim.requests();
    assert!(log[25].rate_limited && log[25].status == 429);
    assert!(log[..25].iter().all(|r| !r.rate_limited));
}

#[tokio::test]
async fn guide_the_31st_request_is_429_with_rate_limit_headers_and_no_retry_after() {
    let sim = start_with(SimOptions::demo(Profile::Guide)).await;
    let c = client();
    let mut remaining = Vec::new();
    for i in 1..=30 {
        let r = get(&c, &sim, "/people?per_page=1").await;
        assert_eq!(r.status(), 200, "request {i}");
        let h = r.headers();
        assert_eq!(
            h.get("x-ratelimit-limit").and_then(|v| v.to_str().ok()),
            Some("30")
        );
        assert!(h.get("x-ratelimit-reset").is_some());
        remaining.push(
            h.get("x-ratelimit-remaining")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u32>().ok())
                .expect("remaining"),
        );
    }
    assert_eq!(remaining.first(), Some(&29));
    assert_eq!(remaining.last(), Some(&0));
    let r = get(&c, &sim, "/people").await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("retry-after").is_none());
    assert_eq!(
        r.headers()
            .get("x-ratelimit-remaining")
            .and_then(|v| v.to_str().ok()),
        Some("0")
    );
    assert_reset_within(&r, 10);
    // Errors carry the headers too.
    let r = c
        .get(format!("{}/people", sim.base_url()))
        .header("User-Agent", UA)
        .send()
        .await
        .expect("answered");
    assert!(r.headers().get("x-ratelimit-limit").is_some());
}

per_profile! {
    #[tokio::test]
    async fn window_slides_and_the_limit_is_per_token(profile) {
        window_slides(profile).await;
    }
}

/// The window is a minute long and the simulator's clock is moved past it, so the test never
/// waits and no request can slip out of the window on a loaded machine.
async fn window_slides(profile: Profile) {
    let mut opts = SimOptions::demo(profile);
    opts.rate = RateLimit {
        requests: 5,
        window: Duration::from_secs(60),
    };
    let sim = start_with(opts).await;
    let c = client();
    for _ in 0..5 {
        assert_eq!(get(&c, &sim, "/projects").await.status(), 200);
    }
    assert_eq!(get(&c, &sim, "/projects").await.status(), 429, "{profile}");
    // Another credential has its own window: it is refused for its key, not rate-limited.
    let other = c
        .get(format!("{}/projects", sim.base_url()))
        .header("User-Agent", UA)
        .header("X-API-KEY", "someone-else")
        .header("Authorization", "Bearer someone-else")
        .send()
        .await
        .expect("answered");
    assert_ne!(other.status(), 429, "{profile}");
    // Control endpoints neither count nor are limited.
    let ctl = c
        .get(format!("{}/__sim/requests", sim.root_url()))
        .send()
        .await
        .expect("answered");
    assert_eq!(ctl.status(), 200);
    sim.advance_clock(Duration::from_secs(59));
    assert_eq!(
        get(&c, &sim, "/projects").await.status(),
        429,
        "{profile}: a second short of the window, still full"
    );
    sim.advance_clock(Duration::from_secs(1));
    assert_eq!(
        get(&c, &sim, "/projects").await.status(),
        200,
        "{profile}: window slid"
    );
}

#[tokio::test]
async fn refused_requests_do_not_use_up_the_window() {
    let mut opts = SimOptions::demo(Profile::V3);
    opts.rate = RateLimit {
        requests: 3,
        window: Duration::from_secs(60),
    };
    let sim = start_with(opts).await;
    let c = client();
    for _ in 0..3 {
        assert_eq!(get(&c, &sim, "/roles").await.status(), 200);
    }
    for _ in 0..5 {
        assert_eq!(get(&c, &sim, "/roles").await.status(), 429);
    }
    let log = sim.requests();
    assert_eq!(log.iter().filter(|r| r.rate_limited).count(), 5);
}
