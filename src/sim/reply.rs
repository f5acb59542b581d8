//! What a route answers, before faults and headers are applied, and each profile's error bodies.
//!
//! v3 reports most errors as HTTP 200 with `{"success":false,"status":false,"code":N,...}` (the
//! observed quirk); guide uses conventional status codes with `{"error":...,"message":...}`.

use axum::body::{Body, Bytes};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use super::state::Refusal;
use crate::model::profile::Profile;

/// A route's answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: Vec<(HeaderName, String)>,
    pub body: ReplyBody,
}

#[derive(Debug, Clone)]
pub enum ReplyBody {
    Json(Value),
    Html(String),
    Empty,
}

impl Reply {
    pub fn json(status: StatusCode, value: Value) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: ReplyBody::Json(value),
        }
    }

    pub fn ok(value: Value) -> Reply {
        Reply::json(StatusCode::OK, value)
    }

    pub fn created(value: Value) -> Reply {
        Reply::json(StatusCode::CREATED, value)
    }

    pub fn no_content() -> Reply {
        Reply {
            status: StatusCode::NO_CONTENT,
            headers: Vec::new(),
            body: ReplyBody::Empty,
        }
    }

    pub fn html(status: StatusCode, page: String) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: ReplyBody::Html(page),
        }
    }

    pub fn with_header(mut self, name: HeaderName, value: impl ToString) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }

    /// Whether a truncation fault has a body to cut.
    pub fn has_body(&self) -> bool {
        !matches!(self.body, ReplyBody::Empty)
    }

    /// The body bytes and their content type.
    fn bytes(&self) -> (Vec<u8>, Option<&'static str>) {
        match &self.body {
            ReplyBody::Json(v) => (
                serde_json::to_vec(v).unwrap_or_default(),
                Some("application/json"),
            ),
            ReplyBody::Html(s) => (s.as_bytes().to_vec(), Some("text/html; charset=utf-8")),
            ReplyBody::Empty => (Vec::new(), None),
        }
    }

    /// Builds the HTTP response whose body comes one byte per `pause` (a slow link or a
    /// stalled proxy); `Content-Length` says the whole length up front.
    pub fn into_slow_response(self, pause: std::time::Duration) -> Response {
        let (bytes, _) = self.bytes();
        let len = bytes.len();
        let mut response = self.into_response(false);
        let stream = futures_util::stream::unfold(0usize, move |at| {
            let bytes = bytes.clone();
            async move {
                if at >= bytes.len() {
                    return None;
                }
                tokio::time::sleep(pause).await;
                Some((
                    Ok::<Bytes, std::io::Error>(Bytes::copy_from_slice(&bytes[at..at + 1])),
                    at + 1,
                ))
            }
        });
        *response.body_mut() = Body::from_stream(stream);
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(len));
        response
    }

    /// Builds the HTTP response. With `truncate`, the response promises the whole body in
    /// `Content-Length` but sends only its first half, then fails the connection.
    pub fn into_response(self, truncate: bool) -> Response {
        let (bytes, content_type) = self.bytes();
        let full_len = bytes.len();
        let body = if truncate && full_len > 1 {
            let half = Bytes::from(bytes[..full_len / 2].to_vec());
            let stream = futures_util::stream::unfold(0u8, move |step| {
                let half = half.clone();
                async move {
                    match step {
                        0 => Some((Ok::<Bytes, std::io::Error>(half), 1)),
                        1 => {
                            // Let hyper flush the first half before the body fails.
                            tokio::time::sleep(std::time::Duration::from_millis(30)).await;
                            Some((Err(std::io::Error::other("simulated truncated body")), 2))
                        }
                        _ => None,
                    }
                }
            });
            Body::from_stream(stream)
        } else {
            Body::from(bytes)
        };
        let mut response = Response::new(body);
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        if let Some(ct) = content_type {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
        }
        if truncate && full_len > 1 {
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(full_len));
        }
        for (name, value) in self.headers {
            if let Ok(v) = HeaderValue::from_str(&value) {
                headers.insert(name, v);
            }
        }
        response
    }
}

/// v3's error body, sent with HTTP 200.
pub fn v3_error(code: u32, message: &str) -> Reply {
    Reply::ok(json!({"success": false, "status": false, "code": code, "message": message}))
}

/// guide's error body with a conventional status.
pub fn guide_error(status: StatusCode, message: &str) -> Reply {
    let kind = status
        .canonical_reason()
        .unwrap_or("error")
        .to_lowercase()
        .replace(' ', "_");
    Reply::json(status, json!({"error": kind, "message": message}))
}

/// v3 "Invalid request" (code 1301), with the detail in the message.
pub fn v3_invalid(detail: &str) -> Reply {
    v3_error(1301, &format!("Invalid request: {detail}"))
}

/// A refused write, as each profile reports it.
pub fn refusal(profile: Profile, why: Refusal) -> Reply {
    match (profile, why) {
        (Profile::V3, Refusal::DuplicateEmail) => v3_error(1301, "Email already exists"),
        (Profile::V3, Refusal::Invalid(m)) => v3_invalid(&m),
        (Profile::V3, Refusal::NotFound) => v3_invalid("no such id"),
        (Profile::V3, Refusal::Forbidden(m)) => Reply::json(
            StatusCode::FORBIDDEN,
            json!({"success": false, "status": false, "code": 1003, "message": m}),
        ),
        (Profile::Guide, Refusal::DuplicateEmail) => guide_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "email has already been taken",
        ),
        (Profile::Guide, Refusal::Invalid(m)) => guide_error(StatusCode::UNPROCESSABLE_ENTITY, &m),
        (Profile::Guide, Refusal::NotFound) => guide_error(StatusCode::NOT_FOUND, "not found"),
        (Profile::Guide, Refusal::Forbidden(m)) => guide_error(StatusCode::FORBIDDEN, &m),
    }
}

/// A path or method this profile does not have.
pub fn no_route(profile: Profile, status: StatusCode) -> Reply {
    match profile {
        Profile::V3 => Reply::json(
            status,
            json!({"success": false, "status": false, "code": status.as_u16(), "message": status.canonical_reason().unwrap_or("error")}),
        ),
        Profile::Guide => guide_error(status, "no such endpoint"),
    }
}
