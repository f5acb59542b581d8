//! Header checks, in the order ProofHub is taken to apply them: User-Agent, then the key, then
//! Content-Type.
//!
//! - User-Agent missing or empty: 400 (v3 with `{"code":1201,"message":"Incomplete headers"}`).
//! - v3 key (`X-API-KEY`) missing or wrong: **HTTP 200** + code 1001 body. guide key
//!   (`Authorization: Bearer`) missing or wrong: 401 + JSON. Each profile reads only its header.
//! - POST/PUT without `Content-Type: application/json`: 415. v3 DELETE without it: HTTP 200 +
//!   the 1201 body. guide does not check DELETE.

use axum::http::{HeaderMap, Method, StatusCode, header};
use serde_json::json;

use super::reply::{Reply, guide_error};
use crate::model::profile::Profile;

/// What a request presented. The credential itself is not kept: only whether it was there,
/// whether it matched, and a hash of it to key the rate limiter.
#[derive(Debug, Clone)]
pub struct Presented {
    pub has_api_key: bool,
    pub has_bearer: bool,
    pub user_agent: Option<String>,
    pub content_type: Option<String>,
    /// The credential this profile reads matched the token.
    pub authenticated: bool,
    rate_key: String,
}

impl Presented {
    /// `refuse_bearer` (a quirk): the key is read from `X-API-KEY` whatever the profile.
    pub fn from_headers(
        headers: &HeaderMap,
        profile: Profile,
        token: &str,
        refuse_bearer: bool,
    ) -> Presented {
        let text = |name: &header::HeaderName| {
            headers
                .get(name)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        };
        let api_key = text(&header::HeaderName::from_static("x-api-key"));
        let bearer = text(&header::AUTHORIZATION).and_then(|v| {
            let (scheme, rest) = v.trim().split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then(|| rest.trim().to_string())
        });
        let credential = match profile {
            Profile::Guide if !refuse_bearer => bearer.clone(),
            _ => api_key.clone(),
        };
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hash::hash(&credential, &mut hasher);
        Presented {
            authenticated: credential.as_deref() == Some(token),
            rate_key: format!("{:016x}", std::hash::Hasher::finish(&hasher)),
            has_api_key: api_key.is_some(),
            has_bearer: bearer.is_some(),
            user_agent: text(&header::USER_AGENT).filter(|ua| !ua.trim().is_empty()),
            content_type: text(&header::CONTENT_TYPE),
        }
    }

    /// The rate limiter's key: a hash of the credential presented for this profile.
    pub fn rate_key(&self) -> &str {
        &self.rate_key
    }

    fn json_body(&self) -> bool {
        self.content_type.as_deref().is_some_and(|ct| {
            ct.split(';')
                .next()
                .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
        })
    }
}

fn incomplete_headers(status: StatusCode) -> Reply {
    Reply::json(
        status,
        json!({"code": 1201, "message": "Incomplete headers"}),
    )
}

/// The refusal for a request whose headers fail a check, or `None` when they pass.
pub fn headers(profile: Profile, method: &Method, p: &Presented) -> Option<Reply> {
    if p.user_agent.is_none() {
        return Some(match profile {
            Profile::V3 => incomplete_headers(StatusCode::BAD_REQUEST),
            Profile::Guide => {
                guide_error(StatusCode::BAD_REQUEST, "the User-Agent header is required")
            }
        });
    }
    if !p.authenticated {
        return Some(match profile {
            Profile::V3 => Reply::ok(json!({
                "success": false, "status": false, "code": 1001, "message": "WRONG ACCESS TOKEN"
            })),
            Profile::Guide => guide_error(
                StatusCode::UNAUTHORIZED,
                "missing or invalid API token (Authorization: Bearer ...)",
            ),
        });
    }
    let writes = *method == Method::POST || *method == Method::PUT;
    if writes && !p.json_body() {
        return Some(match profile {
            Profile::V3 => incomplete_headers(StatusCode::UNSUPPORTED_MEDIA_TYPE),
            Profile::Guide => guide_error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Content-Type must be application/json",
            ),
        });
    }
    if profile == Profile::V3 && *method == Method::DELETE && !p.json_body() {
        return Some(incomplete_headers(StatusCode::OK));
    }
    None
}
