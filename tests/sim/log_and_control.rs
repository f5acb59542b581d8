//! The request log and outbox, in-process and over `/__sim/...`; the state endpoint; control
//! endpoints are neither logged nor authenticated; the token never appears in the log.

use crate::support::per_profile;
use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::SimOptions;
use reqwest::Method;
use serde_json::{Value, json};

use super::common::*;

#[tokio::test]
async fn requests_are_logged_in_order_with_headers_present_but_no_token() {
    let mut opts = SimOptions::demo(Profile::V3);
    opts.rate = UNLIMITED;
    opts.token = "s3cret-token-value".to_string();
    let sim = start_with(opts).await;
    let c = client();
    get(&c, &sim, "/people?start=0&limit=5").await;
    let (status, _) = send_json(
        &c,
        &sim,
        Method::POST,
        "/people",
        json!({"first_name":"Log","email":"log@example.com"}),
    )
    .await;
    assert_eq!(status, 201);
    c.get(format!("{}/roles", sim.base_url()))
        .send()
        .await
        .expect("answered");
    let log = sim.requests();
    assert_eq!(log.len(), 3);
    assert_eq!(
        log.iter()
            .map(|r| (r.method.as_str(), r.path.as_str()))
            .collect::<Vec<_>>(),
        [
            ("GET", "/api/v3/people"),
            ("POST", "/api/v3/people"),
            ("GET", "/api/v3/roles")
        ]
    );
    assert_eq!(log[0].query.as_deref(), Some("start=0&limit=5"));
    assert!(log[0].has_api_key && log[0].authenticated && !log[0].has_bearer);
    assert_eq!(log[0].user_agent.as_deref(), Some(UA));
    assert_eq!(log[1].status, 201);
    assert_eq!(log[1].content_type.as_deref(), Some("application/json"));
    assert!(
        log[1]
            .body
            .as_deref()
            .unwrap_or_default()
            .contains("log@example.com")
    );
    assert!(!log[2].has_api_key && log[2].user_agent.is_none() && log[2].status == 400);
    assert!(
        log.windows(2)
            .all(|w| w[0].seq < w[1].seq && w[0].at_ms <= w[1].at_ms)
    );

    let over_http: Value = control_json(&c, &sim, "requests").await;
    assert_eq!(over_http, serde_json::to_value(&log).expect("serializes"));
    assert!(!over_http.to_string().contains("s3cret-token-value"));
    assert_eq!(sim.requests().len(), 3, "control endpoints are not logged");
    let r = c
        .delete(format!("{}/__sim/requests", sim.root_url()))
        .send()
        .await
        .expect("answered");
    assert_eq!(r.status(), 204);
    assert!(sim.requests().is_empty());
}

per_profile! {
    #[tokio::test]
    async fn outbox_and_state_over_http(profile) {
        let sim = start(profile).await;
        let c = client();
        let body = match profile {
            Profile::V3 => {
                json!({"first_name":"Ana","last_name":"Lima","email":"ana.lima@example.com"})
            }
            Profile::Guide => json!({"name":"Ana Lima","email":"ana.lima@example.com"}),
        };
        let (status, _) = send_json(&c, &sim, Method::POST, "/people", body).await;
        assert_eq!(status, 201);
        let outbox: Value = control_json(&c, &sim, "outbox").await;
        assert_eq!(outbox[0]["to"], "ana.lima@example.com");
        assert_eq!(outbox[0]["name"], "Ana Lima");
        assert!(outbox[0]["at"].is_string());
        let state: Value = control_json(&c, &sim, "state").await;
        assert_eq!(
            state,
            serde_json::to_value(sim.snapshot()).expect("serializes")
        );
        assert_eq!(state["people"].as_array().map(Vec::len), Some(251));
    }
}

#[tokio::test]
async fn shutdown_and_drop_stop_the_server() {
    let c = client();
    let sim = start(Profile::V3).await;
    let url = format!("{}/roles", sim.base_url());
    assert_eq!(get(&c, &sim, "/roles").await.status(), 200);
    assert!(
        !format!("{sim:?}").contains(sim.token()),
        "Debug shows no token"
    );
    sim.shutdown().await;
    let fresh = client();
    let err = fresh.get(&url).send().await.expect_err("nobody listens");
    assert!(err.is_connect(), "{err:?}");

    let sim = start(Profile::Guide).await;
    let url = format!("{}/people", sim.base_url());
    drop(sim);
    let mut refused = false;
    for _ in 0..100 {
        if let Err(e) = client().get(&url).send().await {
            refused = e.is_connect();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(refused, "a dropped Sim stops listening");
}
