//! The transport `doctor` probes with: plain GETs whose headers it chooses one by one (only
//! `X-API-KEY`, only Bearer, a wrong key, no User-Agent), which the client proper never sends.
//!
//! It is read-only by construction: the only method it has is GET. It counts every request
//! against a budget ([`BUDGET`]) and stops for good at the first 429 (someone else is using the
//! key's rate) or when guide's `X-RateLimit-Remaining` says fewer than [`RESERVE`] requests are
//! left, so it never pushes an account into its limit. Redirects are not followed (the token
//! must not travel to another host); the token header values are marked sensitive.

use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

use crate::model::token::Token;

/// The most requests one `doctor` run sends.
pub const BUDGET: usize = 15;
/// Stop when the server says fewer requests than this are left in its window.
const RESERVE: u64 = 3;
const TIMEOUT: Duration = Duration::from_secs(15);
/// The key sent to see how a refused key is answered; no account has it.
const WRONG_KEY: &str = "proofhub-tui-doctor-not-a-key";

/// Which credential headers a probe carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// `X-API-KEY` and `Authorization: Bearer`, as the client sends them.
    Both,
    ApiKeyOnly,
    BearerOnly,
    /// Both headers with a key no account has.
    WrongKey,
}

/// One answer, reduced to what `doctor` reads.
#[derive(Debug, Clone)]
pub struct Seen {
    pub status: u16,
    /// The JSON body; `None` for an empty or non-JSON body.
    pub body: Option<Value>,
    /// Which of `X-RateLimit-Limit/Remaining/Reset` the answer carried.
    pub rate_headers: usize,
    pub rate_limit: Option<u64>,
}

impl Seen {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status) && !self.is_error_body()
    }

    /// A 2xx body that reports an error: `success`/`status` false, or v3's bare
    /// `{code, message}` without an `id`.
    pub fn is_error_body(&self) -> bool {
        match &self.body {
            Some(Value::Object(o)) => {
                o.get("success") == Some(&Value::Bool(false))
                    || o.get("status") == Some(&Value::Bool(false))
                    || (o.contains_key("code")
                        && o.contains_key("message")
                        && !o.contains_key("id"))
            }
            _ => false,
        }
    }

    /// The `code` of an error body, if it has one.
    pub fn code(&self) -> Option<u64> {
        self.body.as_ref()?.get("code")?.as_u64()
    }

    /// The answer refused the credential: 401, or HTTP 200 + code 1001.
    pub fn refused_key(&self) -> bool {
        self.status == 401 || (self.is_error_body() && self.code() == Some(1001))
    }

    /// How the answer looked, in words with no server text in them: `HTTP 200 + code 1001`.
    pub fn shape(&self) -> String {
        match (self.is_error_body(), self.code()) {
            (true, Some(code)) => format!("HTTP {} + code {code}", self.status),
            (true, None) => format!("HTTP {} + an error body", self.status),
            _ => format!("HTTP {}", self.status),
        }
    }

    pub fn list(&self) -> Option<&Vec<Value>> {
        match &self.body {
            Some(Value::Array(items)) if self.is_success() => Some(items),
            _ => None,
        }
    }
}

/// Why the probe stopped before its plan was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// The budget is spent.
    Budget,
    /// A 429 came back: another user of the key is at the limit.
    RateLimited,
    /// The server's window has fewer than [`RESERVE`] requests left.
    NearLimit,
    /// The server could not be reached or did not answer in time.
    Unreachable(String),
}

pub struct Probe {
    http: reqwest::Client,
    base: String,
    token: Token,
    user_agent: String,
    pub used: usize,
    pub stopped: Option<Stop>,
    /// Answers that carried rate-limit headers, of all answers seen.
    pub answers: usize,
    pub answers_with_rate_headers: usize,
}

impl Probe {
    pub fn new(base: &str, token: Token, loopback: bool) -> Result<Probe, String> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .retry(reqwest::retry::never())
            .tls_backend_rustls();
        if loopback {
            builder = builder.no_proxy();
        }
        let http = builder
            .build()
            .map_err(|e| format!("cannot set up HTTP: {e}"))?;
        Ok(Probe {
            http,
            base: base.trim_end_matches('/').to_string(),
            token,
            user_agent: crate::api::default_user_agent(),
            used: 0,
            stopped: None,
            answers: 0,
            answers_with_rate_headers: 0,
        })
    }

    fn headers(&self, auth: Auth, user_agent: bool) -> HeaderMap {
        let key = match auth {
            Auth::WrongKey => WRONG_KEY,
            _ => self.token.expose(),
        };
        let mut headers = HeaderMap::new();
        let sensitive = |text: String| {
            HeaderValue::from_str(&text).ok().map(|mut v| {
                v.set_sensitive(true);
                v
            })
        };
        if auth != Auth::BearerOnly
            && let Some(v) = sensitive(key.to_string())
        {
            headers.insert(HeaderName::from_static("x-api-key"), v);
        }
        if auth != Auth::ApiKeyOnly
            && let Some(v) = sensitive(format!("Bearer {key}"))
        {
            headers.insert(header::AUTHORIZATION, v);
        }
        if user_agent && let Ok(v) = HeaderValue::from_str(&self.user_agent) {
            headers.insert(header::USER_AGENT, v);
        }
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers
    }

    /// `GET {base}/{path}?{query}`; `None` once the probe has stopped (budget, 429, limit
    /// near, unreachable).
    pub async fn get(
        &mut self,
        path: &str,
        query: &[(&str, String)],
        auth: Auth,
        user_agent: bool,
    ) -> Option<Seen> {
        if self.stopped.is_some() {
            return None;
        }
        if self.used >= BUDGET {
            self.stopped = Some(Stop::Budget);
            return None;
        }
        self.used += 1;
        let url = format!("{}/{}", self.base, path.trim_start_matches('/'));
        let sent = self
            .http
            .get(url)
            .headers(self.headers(auth, user_agent))
            .query(query)
            .send()
            .await;
        let response = match sent {
            Ok(r) => r,
            Err(e) => {
                let why = if e.is_timeout() {
                    "no answer in time".to_string()
                } else {
                    "the connection failed".to_string()
                };
                self.stopped = Some(Stop::Unreachable(why));
                return None;
            }
        };
        let status = response.status().as_u16();
        let number = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        let rate_headers = [
            "x-ratelimit-limit",
            "x-ratelimit-remaining",
            "x-ratelimit-reset",
        ]
        .iter()
        .filter(|h| response.headers().contains_key(**h))
        .count();
        let rate_limit = number("x-ratelimit-limit");
        let remaining = number("x-ratelimit-remaining");
        let body = match response.bytes().await {
            Ok(bytes) => serde_json::from_slice::<Value>(&bytes).ok(),
            Err(_) => None,
        };
        self.answers += 1;
        if rate_headers > 0 {
            self.answers_with_rate_headers += 1;
        }
        if status == 429 {
            self.stopped = Some(Stop::RateLimited);
        } else if remaining.is_some_and(|r| r < RESERVE) {
            self.stopped = Some(Stop::NearLimit);
        }
        Some(Seen {
            status,
            body,
            rate_headers,
            rate_limit,
        })
    }
}
