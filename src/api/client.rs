//! The transport: one reqwest client, the headers every request carries, the error detection,
//! the retry loop and the pacing around every request.
//!
//! Every request sends `X-API-KEY` **and** `Authorization: Bearer` (v3 reads the first, guide the
//! second), a `User-Agent`, and `Content-Type: application/json` (v3 rejects a DELETE without
//! it). An answer is an error when it is not 2xx, or when it is a JSON object whose `success` or
//! `status` is the boolean `false` (v3 reports errors as HTTP 200), or a 2xx object that is only
//! `{code, message}` (v3's "Incomplete headers" shape).
//!
//! Retries: a read is retried on any passing failure (429 after the server's wait; 5xx, timeout,
//! reset and garbled bodies with [`super::backoff`]). A write is retried here only when it
//! provably did not apply: a 429, or a connection that could not be opened. Any other failure of
//! a write goes back to [`super::writes`], which re-reads to find out what happened.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use serde_json::Value;

use super::backoff::RetryPolicy;
use super::cancel::CancelToken;
use super::error::{ApiError, clean_server_text};
use super::net_events::NetEvent;
use super::pacing::{Pacer, PacingSnapshot, Permit, Priority};
use super::{ClientConfig, Profile};
use crate::model::account::PersonId;
use crate::model::base_url::{BaseUrl, is_loopback};

/// The ProofHub client. Cheap to clone (an `Arc` inside); every clone shares one pacing budget.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    http: reqwest::Client,
    base: Url,
    fixed: Option<Profile>,
    detected: Mutex<Option<Profile>>,
    pub(crate) pacer: Arc<Pacer>,
    pub(crate) retry: RetryPolicy,
    pub(crate) limits: super::Limits,
    /// Nobody chose a budget: guide's documented limit applies once the profile is guide.
    default_rate: bool,
    timeout: Duration,
    max_wait: Duration,
    token_fix: Option<String>,
    /// Retries and waits as they happen ([`super::net_events`]).
    events: tokio::sync::broadcast::Sender<NetEvent>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base.as_str())
            .field("profile", &self.profile())
            .field("token", &"<redacted>")
            .finish()
    }
}

/// Which retries the transport may do on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retry {
    /// Any passing failure: the request changes nothing.
    Read,
    /// Only when the request provably did not apply (429, connection not opened).
    Write,
}

/// One request to send.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub method: Method,
    /// Relative to the base URL, e.g. `people/12`.
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    pub body: Option<Value>,
    pub priority: Priority,
    pub retry: Retry,
}

impl Call {
    pub fn get(path: impl Into<String>, priority: Priority) -> Call {
        Call {
            method: Method::GET,
            path: path.into(),
            query: Vec::new(),
            body: None,
            priority,
            retry: Retry::Read,
        }
    }

    pub fn write(method: Method, path: impl Into<String>, body: Option<Value>) -> Call {
        Call {
            method,
            path: path.into(),
            query: Vec::new(),
            body,
            priority: Priority::Interactive,
            retry: Retry::Write,
        }
    }
}

/// A successful answer.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    /// The JSON body; `None` for an empty body (204).
    pub body: Option<Value>,
}

/// A failed attempt and what the retry loop needs to know about it.
struct Failed {
    error: ApiError,
    /// Set for a 429: how long the server asked us to wait (if it said).
    rate_wait: Option<Option<Duration>>,
    /// The request never reached the server.
    not_sent: bool,
}

impl Failed {
    fn plain(error: ApiError) -> Failed {
        Failed {
            error,
            rate_wait: None,
            not_sent: false,
        }
    }
}

impl Client {
    /// Builds a client. Refuses plain `http` except to loopback addresses, so the token never
    /// travels unencrypted.
    pub fn new(cfg: ClientConfig) -> Result<Client, ApiError> {
        let base = parse_base_url(&cfg.base_url)?;
        let _ = rustls::crypto::ring::default_provider().install_default();

        let mut headers = HeaderMap::new();
        let mut key = HeaderValue::from_str(cfg.token.expose()).map_err(|_| {
            ApiError::Setup("the token contains characters a header cannot carry".into())
        })?;
        key.set_sensitive(true);
        let mut bearer =
            HeaderValue::from_str(&format!("Bearer {}", cfg.token.expose())).map_err(|_| {
                ApiError::Setup("the token contains characters a header cannot carry".into())
            })?;
        bearer.set_sensitive(true);
        headers.insert(HeaderName::from_static("x-api-key"), key);
        headers.insert(header::AUTHORIZATION, bearer);
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        let agent = HeaderValue::from_str(&cfg.user_agent)
            .map_err(|_| ApiError::Setup(format!("unusable User-Agent {:?}", cfg.user_agent)))?;
        headers.insert(header::USER_AGENT, agent);

        let origin = (
            base.scheme().to_string(),
            base.host_str().map(str::to_string),
            base.port_or_known_default(),
        );
        let redirect = reqwest::redirect::Policy::custom(move |attempt| {
            let u = attempt.url();
            let same = (
                u.scheme().to_string(),
                u.host_str().map(str::to_string),
                u.port_or_known_default(),
            ) == origin;
            if !same {
                let to = format!("{}://{}", u.scheme(), u.host_str().unwrap_or("?"));
                attempt.error(format!("redirect to {to}"))
            } else if attempt.previous().len() >= 5 {
                attempt.error("too many redirects")
            } else {
                attempt.follow()
            }
        });
        let mut builder = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout.min(Duration::from_secs(10)))
            .redirect(redirect)
            .retry(reqwest::retry::never())
            .tls_backend_rustls();
        if is_loopback(&base) {
            builder = builder.no_proxy();
        }
        let http = builder
            .build()
            .map_err(|e| ApiError::Setup(error_chain(&e)))?;
        let fixed = cfg.profile.fixed();
        let client = Client {
            inner: Arc::new(Inner {
                http,
                base,
                fixed,
                detected: Mutex::new(None),
                pacer: Pacer::new(cfg.rate),
                retry: RetryPolicy::for_rate(cfg.rate),
                limits: cfg.limits,
                default_rate: cfg.rate == super::Rate::PROOFHUB,
                timeout: cfg.timeout,
                max_wait: cfg.max_wait,
                token_fix: cfg.token_fix,
                events: tokio::sync::broadcast::channel(super::net_events::BACKLOG).0,
            }),
        };
        if let Some(p) = fixed {
            client.documented_rate(p);
        }
        Ok(client)
    }

    /// The profile's documented limit, where nobody chose a budget.
    fn documented_rate(&self, p: Profile) {
        if self.inner.default_rate && p == Profile::Guide {
            self.inner
                .pacer
                .set_documented(super::Rate::GUIDE.requests as usize);
        }
    }

    /// The profile in use: the fixed one, else the detected one (`None` before the first answer).
    pub fn profile(&self) -> Option<Profile> {
        self.inner.fixed.or_else(|| {
            *self
                .inner
                .detected
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        })
    }

    /// The profile, detecting it with one cheap request if no answer has told us yet.
    pub async fn detect_profile(&self) -> Result<Profile, ApiError> {
        if let Some(p) = self.profile() {
            return Ok(p);
        }
        self.check_token().await
    }

    /// One cheap request (the first person) that proves the token works; returns the profile.
    /// A refused token is [`ApiError::Auth`] in both profiles (v3's HTTP 200 + code 1001 too).
    pub async fn check_token(&self) -> Result<Profile, ApiError> {
        let mut call = Call::get("people", Priority::Interactive);
        call.query = super::page_query::page_query(0, 1);
        self.execute(call, None, None).await?;
        if let Some(p) = self.profile() {
            return Ok(p);
        }
        // No answer so far settled it: v3 is what real accounts run.
        self.set_detected(Profile::V3);
        Ok(Profile::V3)
    }

    /// Records asked for per list page (`Limits::page_size`, 1..=100).
    pub fn page_size(&self) -> usize {
        self.inner
            .limits
            .page_size
            .clamp(1, super::page_query::PAGE_SIZE)
    }

    /// The pacing budget right now.
    /// The retry loop's reports from now on: retries with their cause and count, 429 waits.
    pub fn net_events(&self) -> tokio::sync::broadcast::Receiver<NetEvent> {
        self.inner.events.subscribe()
    }

    fn report(&self, event: NetEvent) {
        // Nobody listening is fine: the events are only for showing.
        let _ = self.inner.events.send(event);
    }

    pub fn pacing(&self) -> PacingSnapshot {
        self.inner.pacer.snapshot()
    }

    pub(crate) fn base_url(&self) -> &Url {
        &self.inner.base
    }

    fn set_detected(&self, p: Profile) {
        let mut d = self
            .inner
            .detected
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if d.is_none() {
            tracing::info!(profile = %p, "API profile detected");
            *d = Some(p);
            drop(d);
            self.documented_rate(p);
        }
    }

    /// Sends one call through pacing and the retry loop. `first` is a slot the caller already
    /// holds (the loader picks what to fetch only once it has a slot).
    pub(crate) async fn execute(
        &self,
        call: Call,
        first: Option<Permit>,
        cancel: Option<&CancelToken>,
    ) -> Result<Reply, ApiError> {
        let result = self.execute_paced(call, first, cancel).await;
        match (result, &self.inner.token_fix) {
            (Err(ApiError::Auth { message, .. }), Some(fix)) => Err(ApiError::Auth {
                message,
                fix: fix.clone(),
            }),
            (other, _) => other,
        }
    }

    async fn execute_paced(
        &self,
        call: Call,
        first: Option<Permit>,
        cancel: Option<&CancelToken>,
    ) -> Result<Reply, ApiError> {
        let policy = self.inner.retry;
        let mut permit = first;
        let mut failures = 0u32;
        let mut limited = 0u32;
        let mut waited = Duration::ZERO;
        let mut timeouts = 0u32;
        let mut error_bodies = 0u32;
        loop {
            let mut slot = match permit.take() {
                Some(p) => p,
                None => self.inner.pacer.acquire(call.priority, cancel).await?,
            };
            let attempt = async {
                match cancel {
                    Some(c) => tokio::select! {
                        r = self.send_once(&call, &mut slot) => r,
                        () = c.cancelled() => Err(Failed::plain(ApiError::Cancelled)),
                    },
                    None => self.send_once(&call, &mut slot).await,
                }
            };
            let result = attempt.await;
            drop(slot);
            let failed = match result {
                Ok(reply) => {
                    if failures > 0 || limited > 0 {
                        self.report(NetEvent::Recovered);
                    }
                    return Ok(reply);
                }
                Err(f) => f,
            };
            if let Some(wait) = failed.rate_wait {
                limited += 1;
                if limited > policy.max_rate_limited {
                    return Err(ApiError::RateLimited { attempts: limited });
                }
                let wait = wait.unwrap_or(policy.default_rate_wait).max(policy.base);
                if waited + wait > self.inner.max_wait {
                    return Err(ApiError::WaitTooLong {
                        asked: wait,
                        max: self.inner.max_wait,
                    });
                }
                waited += wait;
                if wait >= Duration::from_secs(5) {
                    tracing::warn!(path = %call.path, ?wait, "429: waiting as the server asked");
                } else {
                    tracing::debug!(path = %call.path, ?wait, "429: waiting as the server asked");
                }
                self.inner.pacer.rate_limited(wait);
                self.report(NetEvent::RateLimited {
                    wait,
                    count: limited,
                });
                continue;
            }
            // v3 answers a passing failure behind it as HTTP 200 with an error body: a read
            // retries that like a 5xx, a few times (a real refusal says the same again).
            let error_body = call.retry == Retry::Read
                && matches!(
                    failed.error,
                    ApiError::Refused {
                        status: 200..=299,
                        ..
                    }
                );
            if error_body {
                error_bodies += 1;
            }
            if matches!(failed.error, ApiError::Timeout(_)) {
                timeouts += 1;
            }
            let may_retry = (failed.error.transient() || (error_body && error_bodies < 3))
                && (call.retry == Retry::Read || failed.not_sent)
                // A server that let one whole timeout pass gets one more try, not a dozen.
                && timeouts < 2;
            failures += 1;
            if !may_retry || failures >= policy.max_attempts {
                return Err(failed.error);
            }
            let delay = policy.delay(failures);
            tracing::debug!(path = %call.path, error = %failed.error, ?delay, "retrying");
            self.report(NetEvent::Retrying {
                cause: super::net_events::cause(&failed.error),
                attempt: failures + 1,
                max: policy.max_attempts,
                next_in: delay,
            });
            match cancel {
                Some(c) => tokio::select! {
                    () = tokio::time::sleep(delay) => {}
                    () = c.cancelled() => return Err(ApiError::Cancelled),
                },
                None => tokio::time::sleep(delay).await,
            }
        }
    }

    /// One attempt on the wire, classified; `slot` learns when the answer's head arrived.
    async fn send_once(&self, call: &Call, slot: &mut Permit) -> Result<Reply, Failed> {
        let url = self.inner.base.join(&call.path).map_err(|e| {
            Failed::plain(ApiError::Unsupported(format!(
                "bad path {:?}: {e}",
                call.path
            )))
        })?;
        let mut req = self.inner.http.request(call.method.clone(), url);
        if !call.query.is_empty() {
            req = req.query(&call.query);
        }
        if let Some(body) = &call.body {
            req = req.body(body.to_string());
        }
        let resp = req.send().await.map_err(|e| self.transport_failure(&e))?;
        slot.heard_back();
        let status = resp.status();
        let headers = resp.headers().clone();
        self.inner
            .pacer
            .server_limit(header_number(&headers, "x-ratelimit-limit").map(|l| l as usize));
        if status.is_success()
            && let Some(remaining) = header_number(&headers, "x-ratelimit-remaining")
        {
            let reset_in = reset_delay(&headers).unwrap_or(Duration::ZERO);
            self.inner
                .pacer
                .server_remaining(remaining as usize, reset_in);
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Err(Failed {
                error: ApiError::RateLimited { attempts: 1 },
                rate_wait: Some(rate_wait(&headers)),
                not_sent: true,
            });
        }
        let bytes = self.read_body(resp).await?;
        let body = Body::classify(&bytes, &headers);
        let html = matches!(body, Body::Html(_));
        if self.profile().is_none()
            && let Some(p) = super::profile::detect(status, &headers, body.json())
        {
            self.set_detected(p);
        }
        classify(status, body, &call.path).map_err(|e| match e {
            ApiError::BadResponse { snippet, .. } if status.is_success() && html => {
                Failed::plain(ApiError::NotTheApi {
                    address: self.address(),
                    page: snippet,
                })
            }
            e => Failed::plain(e),
        })
    }

    /// The body, refused as soon as it is known to pass the body cap (by `Content-Length`, or
    /// while it streams in): an endless or huge body never sits in memory whole.
    async fn read_body(&self, mut resp: reqwest::Response) -> Result<Vec<u8>, Failed> {
        let cap = self.inner.limits.body_bytes;
        let over = || {
            Failed::plain(ApiError::OverCap {
                cap: super::Cap::Body,
                limit: cap,
            })
        };
        if resp.content_length().is_some_and(|n| n > cap) {
            return Err(over());
        }
        let mut body = Vec::with_capacity(
            resp.content_length()
                .unwrap_or(0)
                .min(cap)
                .try_into()
                .unwrap_or(0),
        );
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.transport_failure(&e))? {
            if (body.len() + chunk.len()) as u64 > cap {
                return Err(over());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn transport_failure(&self, e: &reqwest::Error) -> Failed {
        if e.is_redirect() {
            return Failed::plain(ApiError::Redirected {
                detail: clean_server_text(&error_chain(e)),
            });
        }
        if e.is_timeout() {
            return Failed::plain(ApiError::Timeout(self.inner.timeout));
        }
        let text = clean_server_text(&error_chain(e));
        if let Some(cause) = unreachable(e, &text) {
            return Failed {
                error: ApiError::Unreachable {
                    address: self.address(),
                    cause: cause.into(),
                },
                rate_wait: None,
                not_sent: true,
            };
        }
        Failed {
            error: ApiError::Connection(text),
            rate_wait: None,
            not_sent: e.is_connect(),
        }
    }

    /// The server's address as "host:port", for messages.
    fn address(&self) -> String {
        let base = &self.inner.base;
        match (base.host_str(), base.port_or_known_default()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => base.as_str().to_string(),
        }
    }

    /// GET of one person: the answer must be an object with that id (v3 answers an unknown
    /// id with the whole list, which must never be taken for the person).
    pub(crate) async fn get_person_value(
        &self,
        id: PersonId,
        priority: Priority,
    ) -> Result<Value, ApiError> {
        self.get_one(
            &format!("people/{id}"),
            id.0,
            priority,
            &format!("person {id}"),
        )
        .await
    }

    /// GET of one record by id, with the existence check.
    pub(crate) async fn get_one(
        &self,
        path: &str,
        id: u64,
        priority: Priority,
        what: &str,
    ) -> Result<Value, ApiError> {
        let reply = match self.execute(Call::get(path, priority), None, None).await {
            Err(ApiError::NotFound { .. }) => {
                return Err(ApiError::NotFound {
                    what: what.to_string(),
                });
            }
            other => other?,
        };
        match reply.body {
            Some(v @ Value::Object(_)) if super::types::id_of(&v) == Some(id) => Ok(v),
            _ => Err(ApiError::NotFound {
                what: what.to_string(),
            }),
        }
    }
}

/// A body as received.
enum Body {
    Empty,
    Json(Value),
    Html(String),
    Garbled(String),
}

impl Body {
    fn classify(bytes: &[u8], headers: &HeaderMap) -> Body {
        let text = String::from_utf8_lossy(bytes);
        let trimmed = text.trim_start();
        if trimmed.is_empty() {
            return Body::Empty;
        }
        let html_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.to_ascii_lowercase().contains("html"));
        if html_type || trimmed.starts_with('<') {
            return Body::Html(html_text(trimmed));
        }
        match serde_json::from_slice::<Value>(bytes) {
            Ok(v) => Body::Json(v),
            Err(_) => Body::Garbled(clean_server_text(trimmed)),
        }
    }

    fn json(&self) -> Option<&Value> {
        match self {
            Body::Json(v) => Some(v),
            _ => None,
        }
    }

    /// What the server said, for an error message.
    fn message(&self) -> String {
        match self {
            Body::Empty => "no details".into(),
            Body::Json(v) => json_message(v).unwrap_or_else(|| clean_server_text(&v.to_string())),
            Body::Html(t) | Body::Garbled(t) => t.clone(),
        }
    }
}

/// The readable part of an HTML page: its title, else its text.
fn html_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    if let (Some(a), Some(b)) = (lower.find("<title>"), lower.find("</title>"))
        && a + 7 <= b
    {
        return clean_server_text(&html[a + 7..b]);
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    clean_server_text(&out)
}

fn json_message(v: &Value) -> Option<String> {
    let obj = v.as_object()?;
    ["message", "error", "errors", "detail"]
        .iter()
        .find_map(|k| obj.get(*k))
        .map(|m| match m {
            Value::String(s) => clean_server_text(s),
            other => clean_server_text(&other.to_string()),
        })
}

fn json_code(v: &Value) -> Option<i64> {
    match v.get("code")? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The error an answer carries, if any.
fn classify(status: StatusCode, body: Body, path: &str) -> Result<Reply, ApiError> {
    if status.is_success() {
        return match body {
            Body::Empty => Ok(Reply { body: None }),
            Body::Json(v) => match error_object(&v, status) {
                Some(e) => Err(e),
                None => Ok(Reply { body: Some(v) }),
            },
            Body::Html(snippet) => Err(ApiError::BadResponse {
                what: "an HTML page".into(),
                snippet,
            }),
            Body::Garbled(snippet) => Err(ApiError::BadResponse {
                what: "malformed or truncated JSON".into(),
                snippet,
            }),
        };
    }
    let message = body.message();
    let code = body.json().and_then(json_code);
    Err(match status.as_u16() {
        401 => ApiError::auth(message),
        403 => ApiError::Forbidden { message },
        404 => ApiError::NotFound {
            what: format!("/{path}"),
        },
        s @ 500..=599 => ApiError::Server { status: s, message },
        s => {
            if let Some(1001) = code {
                ApiError::auth(message)
            } else {
                ApiError::Refused {
                    status: s,
                    code,
                    message,
                }
            }
        }
    })
}

/// A 2xx JSON object that is really an error: `success`/`status` is the boolean `false`, or
/// the object is only `{code, message}`.
fn error_object(v: &Value, status: StatusCode) -> Option<ApiError> {
    let obj = v.as_object()?;
    let flagged = [obj.get("success"), obj.get("status")]
        .into_iter()
        .any(|f| f == Some(&Value::Bool(false)));
    let bare_code = !obj.contains_key("id")
        && obj.get("code").is_some_and(serde_json::Value::is_number)
        && obj.contains_key("message");
    if !flagged && !bare_code {
        return None;
    }
    let code = json_code(v);
    let message = json_message(v).unwrap_or_else(|| "no message".into());
    Some(if code == Some(1001) {
        ApiError::auth(message)
    } else {
        ApiError::Refused {
            status: status.as_u16(),
            code,
            message,
        }
    })
}

fn header_number(headers: &HeaderMap, name: &str) -> Option<f64> {
    headers
        .get(name)?
        .to_str()
        .ok()?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n >= 0.0)
}

/// How long a 429 asks us to wait: `Retry-After` seconds, else `X-RateLimit-Reset`, at most a
/// day (whether to wait that long is the retry loop's `max_wait`).
fn rate_wait(headers: &HeaderMap) -> Option<Duration> {
    if let Some(s) = header_number(headers, "retry-after") {
        return Some(Duration::from_secs_f64(s.min(MAX_WAIT_SECS)));
    }
    reset_delay(headers)
}

const MAX_WAIT_SECS: f64 = 86_400.0;

/// `X-RateLimit-Reset` as a delay from now: epoch seconds, or a small number taken as seconds
/// from now. At most a day.
fn reset_delay(headers: &HeaderMap) -> Option<Duration> {
    const MAX: f64 = MAX_WAIT_SECS;
    let reset = header_number(headers, "x-ratelimit-reset")?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    let secs = if reset > 1_000_000_000.0 {
        reset - now
    } else {
        reset
    };
    Some(Duration::from_secs_f64(secs.clamp(0.0, MAX)))
}

/// The base URL as a `Url` ending in `/` (so paths join below it), checked by the same rules
/// as the command line's [`BaseUrl`]: https, or plain http to this machine only.
fn parse_base_url(raw: &str) -> Result<Url, ApiError> {
    let trimmed = raw.trim();
    let checked = BaseUrl::parse(trimmed).map_err(|reason| match Url::parse(trimmed) {
        Ok(u) if u.scheme() == "http" && !is_loopback(&u) => ApiError::InsecureUrl {
            url: trimmed.to_string(),
        },
        _ => ApiError::InvalidUrl {
            url: trimmed.to_string(),
            reason,
        },
    })?;
    Url::parse(&format!("{checked}/")).map_err(|e| ApiError::InvalidUrl {
        url: trimmed.to_string(),
        reason: e.to_string(),
    })
}

/// Why nothing answers at the address, when that is why `e` failed: a refused connection or a
/// host name that does not resolve (`chain` is `e` with its causes, as text).
fn unreachable(e: &reqwest::Error, chain: &str) -> Option<&'static str> {
    if !e.is_connect() {
        return None;
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::ConnectionRefused
        {
            return Some("connection refused (nothing listens there)");
        }
        source = s.source();
    }
    let chain = chain.to_ascii_lowercase();
    if chain.contains("connection refused") {
        Some("connection refused (nothing listens there)")
    } else if chain.contains("dns error") || chain.contains("failed to lookup address") {
        Some("the host name does not resolve (DNS)")
    } else {
        None
    }
}

/// An error and its causes in one line (reqwest's own text stops at the outermost layer).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_for_loopback() {
        assert!(parse_base_url("http://127.0.0.1:8080/api/v3").is_ok());
        assert!(parse_base_url("http://localhost/api/v3").is_ok());
        assert!(parse_base_url("http://[::1]:9/api/v3").is_ok());
        assert!(matches!(
            parse_base_url("http://acme.proofhub.com/api/v3"),
            Err(ApiError::InsecureUrl { .. })
        ));
        assert!(matches!(
            parse_base_url("http://127.0.0.1.evil.com/api/v3"),
            Err(ApiError::InsecureUrl { .. })
        ));
        assert!(matches!(
            parse_base_url("ftp://x/"),
            Err(ApiError::InvalidUrl { .. })
        ));
        let u = parse_base_url("https://acme.proofhub.com/api/v3").expect("ok");
        assert_eq!(
            u.join("people/5").expect("join").as_str(),
            "https://acme.proofhub.com/api/v3/people/5"
        );
    }

    #[test]
    fn status_false_only_as_a_boolean() {
        let ok = StatusCode::OK;
        assert!(error_object(&serde_json::json!({"id": 1, "status": 3}), ok).is_none());
        assert!(error_object(&serde_json::json!({"id": 1, "status": "billable"}), ok).is_none());
        assert_eq!(
            error_object(
                &serde_json::json!({"success": false, "status": false, "code": 1001, "message": "WRONG ACCESS TOKEN"}),
                ok
            ),
            Some(ApiError::auth("WRONG ACCESS TOKEN".into()))
        );
        assert!(matches!(
            error_object(
                &serde_json::json!({"code": 1201, "message": "Incomplete headers"}),
                ok
            ),
            Some(ApiError::Refused {
                code: Some(1201),
                ..
            })
        ));
    }

    #[test]
    fn html_pages_become_their_title() {
        let t = html_text("<html><head><title>502 Bad\nGateway</title></head><body>x</body>");
        assert_eq!(t, "502 Bad Gateway");
        let t = html_text("<h1>Oops</h1><p>\u{1b}[2Jbroken</p>");
        assert!(!t.contains('\u{1b}'));
    }
}
