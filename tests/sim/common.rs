//! Shared helpers: start a simulator, build requests with the right headers for its profile.
#![allow(dead_code)]

use std::time::Duration;

use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::{RateLimit, Sim, SimOptions};
use reqwest::{Client, Method, RequestBuilder, Response};
use serde_json::Value;

pub const UA: &str = "proofhub-tui-tests (tests@example.com)";

/// A limit no test that is not about rate limiting reaches.
pub const UNLIMITED: RateLimit = RateLimit {
    requests: 100_000,
    window: Duration::from_secs(1),
};

pub fn client() -> Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client")
}

/// The demo account, no rate limit in the way.
pub async fn start(profile: Profile) -> Sim {
    let mut opts = SimOptions::demo(profile);
    opts.rate = UNLIMITED;
    Sim::start(opts).await.expect("sim starts")
}

pub async fn start_with(opts: SimOptions) -> Sim {
    Sim::start(opts).await.expect("sim starts")
}

/// A request with the profile's key, a User-Agent and (for bodies) JSON content type.
pub fn req(c: &Client, sim: &Sim, method: Method, path: &str) -> RequestBuilder {
    let rb = c
        .request(method, format!("{}{path}", sim.base_url()))
        .header("User-Agent", UA)
        .header("Content-Type", "application/json");
    auth(rb, sim)
}

/// A request with the profile's key and a User-Agent, but no Content-Type.
pub fn bare(c: &Client, sim: &Sim, method: Method, path: &str) -> RequestBuilder {
    auth(c.request(method, format!("{}{path}", sim.base_url())), sim).header("User-Agent", UA)
}

/// `GET /__sim/{what}` as JSON.
pub async fn control_json(c: &Client, sim: &Sim, what: &str) -> Value {
    c.get(format!("{}/__sim/{what}", sim.root_url()))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("json")
}

/// A JSON array of ids as numbers.
pub fn numbers(v: &Value) -> Vec<u64> {
    v.as_array()
        .expect("a JSON array")
        .iter()
        .map(|x| x.as_u64().expect("numeric id"))
        .collect()
}

/// Adds the profile's credential header.
pub fn auth(rb: RequestBuilder, sim: &Sim) -> RequestBuilder {
    match sim.profile() {
        Profile::V3 => rb.header("X-API-KEY", sim.token()),
        Profile::Guide => rb.header("Authorization", format!("Bearer {}", sim.token())),
    }
}

pub async fn get(c: &Client, sim: &Sim, path: &str) -> Response {
    req(c, sim, Method::GET, path)
        .send()
        .await
        .expect("GET answered")
}

pub async fn get_json(c: &Client, sim: &Sim, path: &str) -> Value {
    let r = get(c, sim, path).await;
    assert_eq!(r.status(), 200, "GET {path}");
    r.json().await.expect("JSON body")
}

pub async fn send_json(
    c: &Client,
    sim: &Sim,
    method: Method,
    path: &str,
    body: Value,
) -> (u16, Value) {
    let r = req(c, sim, method, path)
        .body(body.to_string())
        .send()
        .await
        .expect("answered");
    let status = r.status().as_u16();
    let text = r.text().await.expect("body");
    let value = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("JSON body")
    };
    (status, value)
}

pub async fn delete(c: &Client, sim: &Sim, path: &str) -> u16 {
    req(c, sim, Method::DELETE, path)
        .send()
        .await
        .expect("answered")
        .status()
        .as_u16()
}

/// The ids in a JSON array of objects.
pub fn ids(list: &Value) -> Vec<u64> {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .map(|o| o["id"].as_u64().expect("numeric id"))
        .collect()
}

/// A v3 error body (HTTP 200) with this code?
pub fn is_v3_error(body: &Value, code: u64) -> bool {
    body["success"] == Value::Bool(false)
        && body["status"] == Value::Bool(false)
        && body["code"] == code
}

/// Asserts guide's `X-RateLimit-Reset` is real epoch seconds at most `window_secs` (+1 for
/// rounding) ahead of now.
pub fn assert_reset_within(r: &Response, window_secs: u64) {
    let reset: u64 = r
        .headers()
        .get("x-ratelimit-reset")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("reset epoch seconds");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    assert!(
        reset >= now && reset <= now + window_secs + 1,
        "reset {reset} vs now {now}"
    );
}
