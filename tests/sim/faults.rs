//! Faults, each observable from a plain HTTP client: latency, 500/503, dropped connections,
//! truncated bodies, HTML error pages, 429 storms; reproducible by seed; settable over HTTP.

use crate::support::per_profile;
use std::time::{Duration, Instant};

use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::{Faults, Storm};
use serde_json::{Value, json};

use super::common::*;

#[tokio::test]
async fn latency_delays_every_answer() {
    let sim = start(Profile::V3).await;
    let c = client();
    sim.set_faults(Faults {
        latency: Duration::from_millis(250),
        ..Faults::default()
    });
    let t = Instant::now();
    assert_eq!(get(&c, &sim, "/roles").await.status(), 200);
    assert!(
        t.elapsed() >= Duration::from_millis(250),
        "answered before the latency"
    );
}

per_profile! {
    #[tokio::test]
    async fn fail_rate_answers_500_or_503(profile) {
        let sim = start(profile).await;
        let c = client();
        sim.set_faults(Faults {
            fail_rate: 100.0,
            seed: 3,
            ..Faults::default()
        });
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..20 {
            let s = get(&c, &sim, "/people").await.status().as_u16();
            assert!(s == 500 || s == 503, "{s}");
            seen.insert(s);
        }
        assert_eq!(seen.len(), 2, "{profile}: both 500 and 503 occur");
        sim.set_faults(Faults::default());
        assert_eq!(get(&c, &sim, "/people").await.status(), 200);
    }
}

#[tokio::test]
async fn dropped_connection_is_a_connection_error_not_a_status() {
    let sim = start(Profile::Guide).await;
    let c = client();
    sim.set_faults(Faults {
        drop_rate: 100.0,
        ..Faults::default()
    });
    let err = req(&c, &sim, reqwest::Method::GET, "/people")
        .send()
        .await
        .expect_err("no response");
    assert!(err.status().is_none());
    assert!(err.is_request() || err.is_connect(), "{err:?}");
    let log = sim.requests();
    assert_eq!(
        log.last().map(|r| (r.status, r.fault.clone())),
        Some((0, Some("drop".into())))
    );
    sim.set_faults(Faults::default());
    assert_eq!(
        get(&c, &sim, "/people").await.status(),
        200,
        "the next request works"
    );
}

#[tokio::test]
async fn truncated_body_fails_to_read() {
    let sim = start(Profile::V3).await;
    let c = client();
    sim.set_faults(Faults {
        truncate_rate: 100.0,
        ..Faults::default()
    });
    let r = get(&c, &sim, "/people").await;
    assert_eq!(r.status(), 200);
    let promised = r.content_length().expect("Content-Length");
    match r.bytes().await {
        Err(e) => assert!(e.is_body() || e.is_decode() || e.is_request(), "{e:?}"),
        Ok(b) => panic!("got {} of {promised} bytes without an error", b.len()),
    }
}

#[tokio::test]
async fn html_error_page_is_a_502_in_text_html() {
    let sim = start(Profile::V3).await;
    let c = client();
    sim.set_faults(Faults {
        html_rate: 100.0,
        ..Faults::default()
    });
    let r = get(&c, &sim, "/people").await;
    assert_eq!(r.status(), 502);
    let ct = r.headers()["content-type"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(ct.starts_with("text/html"), "{ct}");
    let body = r.text().await.expect("text");
    assert!(body.contains("<html>") && serde_json::from_str::<Value>(&body).is_err());
}

per_profile! {
    #[tokio::test]
    async fn storm_of_requests_then_normal_service(profile) {
        let sim = start(profile).await;
        let c = client();
        sim.set_faults(Faults {
            storm: Some(Storm::Requests(3)),
            ..Faults::default()
        });
        for _ in 0..3 {
            let r = get(&c, &sim, "/people").await;
            assert_eq!(r.status(), 429);
            match profile {
                Profile::V3 => assert!(r.headers().get("retry-after").is_some()),
                Profile::Guide => {
                    assert!(r.headers().get("retry-after").is_none());
                    assert_eq!(r.headers()["x-ratelimit-remaining"], "0");
                }
            }
        }
        assert_eq!(get(&c, &sim, "/people").await.status(), 200, "{profile}");
        assert_eq!(sim.requests().iter().filter(|r| r.rate_limited).count(), 3);
    }
}

#[tokio::test]
async fn storm_for_a_duration() {
    let sim = start(Profile::V3).await;
    let c = client();
    sim.set_faults(Faults {
        storm: Some(Storm::For(Duration::from_secs(60))),
        ..Faults::default()
    });
    assert_eq!(get(&c, &sim, "/people").await.status(), 429);
    assert_eq!(get(&c, &sim, "/people").await.status(), 429);
    // The storm lasts a minute of the simulator's clock; move it there instead of waiting.
    sim.advance_clock(Duration::from_secs(59));
    assert_eq!(get(&c, &sim, "/people").await.status(), 429);
    sim.advance_clock(Duration::from_secs(1));
    assert_eq!(get(&c, &sim, "/people").await.status(), 200);
}

#[tokio::test]
async fn the_same_seed_gives_the_same_faults() {
    let faults = Faults {
        fail_rate: 30.0,
        html_rate: 20.0,
        seed: 99,
        ..Faults::default()
    };
    let mut runs = Vec::new();
    for _ in 0..2 {
        let sim = start(Profile::V3).await;
        let c = client();
        sim.set_faults(faults.clone());
        let mut statuses = Vec::new();
        for _ in 0..30 {
            statuses.push(get(&c, &sim, "/roles").await.status().as_u16());
        }
        runs.push(statuses);
    }
    assert_eq!(runs[0], runs[1]);
    assert!(runs[0].contains(&200) && runs[0].contains(&502));
    assert!(runs[0].iter().any(|s| *s == 500 || *s == 503));
}

#[tokio::test]
async fn faults_are_set_and_read_over_http() {
    let sim = start(Profile::V3).await;
    let c = client();
    let url = format!("{}/__sim/faults", sim.root_url());
    let r = c
        .put(&url)
        .body(json!({"html_rate": 100, "latency_ms": 5}).to_string())
        .send()
        .await
        .expect("answered");
    assert_eq!(r.status(), 200);
    assert_eq!(get(&c, &sim, "/people").await.status(), 502);
    let current: Value = c
        .get(&url)
        .send()
        .await
        .expect("ok")
        .json()
        .await
        .expect("json");
    assert_eq!(current["html_rate"], 100.0);
    assert_eq!(current["latency_ms"], 5);
    for bad in [
        json!({"fail_rate": 150}),
        json!({"fail_rate": 60, "drop_rate": 50}),
        json!({"nonsense": 1}),
    ] {
        let r = c
            .put(&url)
            .body(bad.to_string())
            .send()
            .await
            .expect("answered");
        assert_eq!(r.status(), 400, "{bad}");
    }
    let r = c.put(&url).body("{}").send().await.expect("answered");
    assert_eq!(r.status(), 200);
    assert_eq!(
        get(&c, &sim, "/people").await.status(),
        200,
        "faults cleared"
    );
}

#[tokio::test]
async fn a_held_method_waits_unanswered_until_the_faults_let_it_go() {
    let sim = start(Profile::V3).await;
    let c = client();
    let people = get_json(&c, &sim, "/people").await;
    let id = ids(&people)[1];
    sim.set_faults(Faults {
        hold_method: Some("PUT".into()),
        ..Faults::default()
    });
    let put = {
        let (c, path) = (c.clone(), format!("/people/{id}"));
        let request =
            req(&c, &sim, reqwest::Method::PUT, &path).body(json!({"title": "Held"}).to_string());
        tokio::spawn(async move { request.send().await.expect("answered").status() })
    };
    // Logged on arrival, unanswered.
    let mut polls = 0;
    while !sim.requests().iter().any(|r| r.method == "PUT") {
        polls += 1;
        assert!(polls < 2000, "the PUT never arrived");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // Reads go on meanwhile; the write has not happened.
    assert_eq!(get(&c, &sim, "/roles").await.status(), 200);
    let person = get_json(&c, &sim, &format!("/people/{id}")).await;
    assert_ne!(person["title"], "Held");
    assert!(!put.is_finished());
    let held: Vec<u16> = sim
        .requests()
        .iter()
        .filter(|r| r.method == "PUT")
        .map(|r| r.status)
        .collect();
    assert_eq!(held, [0], "unanswered while held");

    sim.set_faults(Faults::default());
    assert_eq!(put.await.expect("joined"), 200);
    let person = get_json(&c, &sim, &format!("/people/{id}")).await;
    assert_eq!(person["title"], "Held");
}
