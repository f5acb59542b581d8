//! The request pipeline. Every request under `/api/v3` goes through, in order:
//!
//! 1. logged on arrival (`log.rs`); the injected latency is waited out, and a held method's
//!    request waits until the faults let it go;
//! 2. a fault drawn (`faults.rs`): a 429 storm, a dropped connection, an HTML 502, a 500/503;
//! 3. the rate limit for the presented credential (`ratelimit.rs`);
//! 4. the endpoint, from method and path alone (`routes.rs`): an unknown one is answered 404
//!    (405 for a known path) here, before any header is looked at;
//! 5. header checks (`checks.rs`): User-Agent, then the key, then Content-Type;
//! 6. the endpoint served (`routes_people.rs`, `routes_projects.rs`, `routes_groups.rs`,
//!    `catalog.rs`), under the account lock;
//! 7. guide's `X-RateLimit-*` headers added; a truncation fault cuts the body.
//!
//! Steps 2 and 3 read the simulator's [`Clock`] (which tests can move forward); the rest is
//! real time. `/__sim/...` control endpoints skip all of that and are not logged.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderName, Method, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use super::checks::{self, Presented};
use super::clock::Clock;
use super::conn::Cutter;
use super::faults::{FaultState, Faults, Injected};
use super::log::RequestRecord;
use super::quirks::Quirks;
use super::ratelimit::{Limiter, Verdict};
use super::reply::Reply;
use super::routes;
use super::state::LiveAccount;
use crate::model::profile::Profile;

/// How often a held request looks whether it is let go.
const HOLD_POLL: Duration = Duration::from_millis(10);

/// Everything the handlers share.
pub struct Shared {
    pub profile: Profile,
    pub token: String,
    /// How this simulator differs from its profile.
    pub quirks: Quirks,
    /// The token was revoked (`DELETE /__sim/token`): every API request is answered as with a
    /// wrong token until `PUT /__sim/token` restores it.
    pub revoked: AtomicBool,
    pub started: Instant,
    /// The time the rate windows and a timed storm are kept in.
    pub clock: Clock,
    pub account: Mutex<LiveAccount>,
    pub faults: Mutex<FaultState>,
    pub limiter: Mutex<Limiter>,
    pub log: Mutex<Vec<RequestRecord>>,
    /// The last request number handed out; never reset, so clearing the log mid-request
    /// cannot mix records up.
    pub last_seq: AtomicU64,
}

/// Locks a mutex, recovering the data if a panicking thread poisoned it.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

const BODY_LIMIT: usize = 4 << 20;
const LOGGED_BODY_LIMIT: usize = 64 << 10;

const HTML_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// The one handler: control endpoints, else the API pipeline.
pub async fn handle(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(cutter): ConnectInfo<Cutter>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return Reply::json(
            StatusCode::PAYLOAD_TOO_LARGE,
            json!({"error": "payload_too_large", "message": "the body is over 4 MiB"}),
        )
        .into_response(false);
    };
    let path = parts.uri.path().to_string();
    if let Some(rest) = path.strip_prefix("/__sim/") {
        return control(&shared, &parts.method, rest.trim_end_matches('/'), &body)
            .into_response(false);
    }
    api(&shared, &cutter, &parts, &path, &body).await
}

async fn api(
    shared: &Shared,
    cutter: &Cutter,
    parts: &axum::http::request::Parts,
    path: &str,
    body: &Bytes,
) -> Response {
    let arrived = Instant::now();
    let mut presented = Presented::from_headers(
        &parts.headers,
        shared.profile,
        &shared.token,
        shared.quirks.refuse_bearer,
    );
    if shared.revoked.load(Ordering::SeqCst) {
        presented.authenticated = false;
    }
    let seq = shared.last_seq.fetch_add(1, Ordering::SeqCst) + 1;
    {
        let mut log = lock(&shared.log);
        log.push(RequestRecord {
            seq,
            at_ms: arrived.duration_since(shared.started).as_millis() as u64,
            method: parts.method.to_string(),
            path: path.to_string(),
            query: parts.uri.query().map(str::to_string),
            status: 0,
            rate_limited: false,
            fault: None,
            has_api_key: presented.has_api_key,
            has_bearer: presented.has_bearer,
            authenticated: presented.authenticated,
            user_agent: presented.user_agent.clone(),
            content_type: presented.content_type.clone(),
            body: (!body.is_empty()).then(|| {
                let cut = body.len().min(LOGGED_BODY_LIMIT);
                String::from_utf8_lossy(&body[..cut]).into_owned()
            }),
        });
    }
    let (latency, injected, redirect, slow) = {
        let mut faults = lock(&shared.faults);
        let drawn = faults.draw(shared.clock.now());
        let drawn = if faults.fails_path(parts.method.as_str(), parts.uri.path()) {
            Injected::Fail(500)
        } else {
            faults.only_method(parts.method.as_str(), drawn)
        };
        (
            faults.latency(),
            drawn,
            faults.redirect_to(),
            faults.slow_body(),
        )
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    while lock(&shared.faults).holds(parts.method.as_str()) {
        tokio::time::sleep(HOLD_POLL).await;
    }
    if let Some(origin) = redirect {
        let to = format!("{}{path}", origin.trim_end_matches('/'));
        let mut log = lock(&shared.log);
        if let Some(rec) = log.iter_mut().rev().find(|r| r.seq == seq) {
            rec.status = 302;
            rec.fault = Some("redirect".into());
        }
        return Reply::json(StatusCode::FOUND, json!({"moved": to}))
            .with_header(header::LOCATION, to)
            .into_response(false);
    }

    let (reply, verdict) = match injected {
        Injected::Drop => {
            cutter.cut();
            finish(shared, seq, 0, false, injected);
            return Reply::no_content().into_response(false);
        }
        Injected::Storm { retry_after } => {
            let verdict = storm_verdict(shared, retry_after);
            (too_many(shared.profile, &verdict), Some(verdict))
        }
        Injected::Html => (
            Reply::html(StatusCode::BAD_GATEWAY, HTML_502.to_string()),
            None,
        ),
        Injected::ErrorBody => (
            Reply::ok(
                json!({"success": false, "status": false, "code": 1500, "message": "Something went wrong, please try again"}),
            ),
            None,
        ),
        Injected::Fail(code) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let reason = status.canonical_reason().unwrap_or("Server Error");
            (
                Reply::json(
                    status,
                    json!({"success": false, "status": false, "message": reason}),
                ),
                None,
            )
        }
        Injected::None | Injected::Truncate => {
            let verdict = lock(&shared.limiter).check(presented.rate_key(), shared.clock.now());
            let reply = if verdict.allowed {
                let served =
                    routes::resolve(shared.profile, &parts.method, path).and_then(|endpoint| {
                        match checks::headers(shared.profile, &parts.method, &presented) {
                            Some(refusal) => Err(refusal),
                            None => Ok(endpoint),
                        }
                    });
                match served {
                    Ok(endpoint) => {
                        let mut account = lock(&shared.account);
                        let writes = parts.method != Method::GET;
                        if writes {
                            account.changed();
                        }
                        let reply = routes::dispatch(
                            &mut account,
                            shared.profile,
                            endpoint,
                            parts.uri.query(),
                            body,
                        );
                        // A write may have changed memberships, also after the answer was drawn.
                        if writes {
                            account.changed();
                        }
                        reply
                    }
                    Err(refusal) => refusal,
                }
            } else {
                too_many(shared.profile, &verdict)
            };
            (reply, Some(verdict))
        }
    };
    let reply = match (shared.profile, verdict) {
        (Profile::Guide, Some(v)) => rate_headers(reply, &v),
        _ => reply,
    };
    let status = reply.status.as_u16();
    let truncate = injected == Injected::Truncate && reply.has_body();
    // A 204 has nothing to cut: log it as answered normally.
    let injected = if injected == Injected::Truncate && !truncate {
        Injected::None
    } else {
        injected
    };
    finish(shared, seq, status, status == 429, injected);
    match slow {
        Some(pause) => reply.into_slow_response(pause),
        None => reply.into_response(truncate),
    }
}

fn finish(shared: &Shared, seq: u64, status: u16, rate_limited: bool, injected: Injected) {
    let mut log = lock(&shared.log);
    if let Some(rec) = log.iter_mut().rev().find(|r| r.seq == seq) {
        rec.status = status;
        rec.rate_limited = rate_limited;
        rec.fault = injected.label().map(str::to_string);
    }
}

fn storm_verdict(shared: &Shared, retry_after: u64) -> Verdict {
    let epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        + Duration::from_secs(retry_after);
    let limit = lock(&shared.limiter).rate().requests;
    Verdict {
        allowed: false,
        limit,
        remaining: 0,
        reset_epoch: epoch.as_secs(),
        retry_after,
    }
}

/// The 429 answer: v3 with `Retry-After` and the observed body; guide with its headers only.
fn too_many(profile: Profile, v: &Verdict) -> Reply {
    match profile {
        Profile::V3 => Reply::json(
            StatusCode::TOO_MANY_REQUESTS,
            json!({"status": false, "error": format!("Rate limit exceeded. Try after {} seconds", v.retry_after)}),
        )
        .with_header(header::RETRY_AFTER, v.retry_after),
        Profile::Guide => Reply::json(
            StatusCode::TOO_MANY_REQUESTS,
            json!({"error": "too_many_requests", "message": "rate limit exceeded; retry after X-RateLimit-Reset"}),
        ),
    }
}

fn rate_headers(reply: Reply, v: &Verdict) -> Reply {
    reply
        .with_header(HeaderName::from_static("x-ratelimit-limit"), v.limit)
        .with_header(
            HeaderName::from_static("x-ratelimit-remaining"),
            v.remaining,
        )
        .with_header(HeaderName::from_static("x-ratelimit-reset"), v.reset_epoch)
}

/// `/__sim/...`: requests, outbox, faults, state, the token revoked or restored, advance.
fn control(shared: &Shared, method: &Method, what: &str, body: &[u8]) -> Reply {
    let to_json = |v: Result<Value, serde_json::Error>| match v {
        Ok(v) => Reply::ok(v),
        Err(e) => Reply::json(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"error": e.to_string()}),
        ),
    };
    match (what, method.clone()) {
        ("requests", Method::GET) => to_json(serde_json::to_value(&*lock(&shared.log))),
        ("requests", Method::DELETE) => {
            lock(&shared.log).clear();
            Reply::no_content()
        }
        ("outbox", Method::GET) => to_json(serde_json::to_value(&lock(&shared.account).outbox)),
        ("state", Method::GET) => to_json(serde_json::to_value(&lock(&shared.account).data)),
        ("token", Method::DELETE) => {
            shared.revoked.store(true, Ordering::SeqCst);
            Reply::no_content()
        }
        ("token", Method::PUT) => {
            shared.revoked.store(false, Ordering::SeqCst);
            Reply::no_content()
        }
        ("faults", Method::GET) => to_json(serde_json::to_value(lock(&shared.faults).get())),
        ("faults", Method::PUT) => match serde_json::from_slice::<Faults>(body) {
            Ok(f) => match f.validate() {
                Ok(()) => {
                    lock(&shared.faults).set(f.clone(), shared.clock.now());
                    to_json(serde_json::to_value(f))
                }
                Err(e) => Reply::json(StatusCode::BAD_REQUEST, json!({"error": e})),
            },
            Err(e) => Reply::json(
                StatusCode::BAD_REQUEST,
                json!({"error": format!("not a faults object: {e}")}),
            ),
        },
        ("advance", Method::POST) => advance(shared, body),
        _ => Reply::json(
            StatusCode::NOT_FOUND,
            json!({"error": "control endpoints: GET /__sim/requests, DELETE /__sim/requests, GET /__sim/outbox, GET /__sim/state, GET|PUT /__sim/faults, DELETE|PUT /__sim/token, POST /__sim/advance"}),
        ),
    }
}

/// `POST /__sim/advance` with `{"ms": N}`: moves the simulator's clock N milliseconds forward
/// (rate windows slide, a timed storm ends) and answers the total skew.
fn advance(shared: &Shared, body: &[u8]) -> Reply {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Advance {
        ms: u64,
    }
    match serde_json::from_slice::<Advance>(body) {
        Ok(a) => {
            let skew = shared.clock.advance(Duration::from_millis(a.ms));
            Reply::ok(json!({"advanced_ms": skew.as_millis() as u64}))
        }
        Err(e) => Reply::json(
            StatusCode::BAD_REQUEST,
            json!({"error": format!("expected {{\"ms\": N}}: {e}")}),
        ),
    }
}
