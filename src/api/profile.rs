//! Telling v3 from guide by the first answers (overridable with `api = "v3" | "guide"`).
//!
//! Evidence, strongest first:
//! - a 401 answer: only guide uses it (v3 answers a bad key with HTTP 200 + code 1001);
//! - an HTTP 200 with code 1001: v3;
//! - `X-RateLimit-*` headers: guide sends them on every answer, v3 never does;
//! - a person record: `first_name`/`last_name` or `role: {id}` is v3, `name` or a string
//!   `role` is guide.
//!
//! A 2xx with none of these (say an empty list without rate headers) is v3: that is the API
//! real accounts run. 429 and 5xx answers prove nothing (a proxy may have sent them).

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;

use super::Profile;

/// The profile an answer shows, if it shows one.
pub(crate) fn detect(
    status: StatusCode,
    headers: &HeaderMap,
    body: Option<&Value>,
) -> Option<Profile> {
    if status == StatusCode::UNAUTHORIZED {
        return Some(Profile::Guide);
    }
    if !status.is_success() {
        return None;
    }
    if body.and_then(|b| b.get("code")).and_then(Value::as_i64) == Some(1001) {
        return Some(Profile::V3);
    }
    if headers.contains_key("x-ratelimit-limit") || headers.contains_key("x-ratelimit-remaining") {
        return Some(Profile::Guide);
    }
    if let Some(p) = body.and_then(person_shape) {
        return Some(p);
    }
    Some(Profile::V3)
}

/// The profile a person record (or the first of a list) looks like.
pub(crate) fn person_shape(v: &Value) -> Option<Profile> {
    let obj = match v {
        Value::Array(items) => items.first()?.as_object()?,
        Value::Object(o) => o,
        _ => return None,
    };
    if obj.contains_key("first_name")
        || obj.contains_key("last_name")
        || obj.get("role").is_some_and(Value::is_object)
    {
        return Some(Profile::V3);
    }
    if obj.contains_key("name") && obj.contains_key("email")
        || obj.get("role").is_some_and(Value::is_string)
    {
        return Some(Profile::Guide);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;
    use serde_json::json;

    #[test]
    fn each_kind_of_evidence_decides() {
        let none = HeaderMap::new();
        let mut rate = HeaderMap::new();
        rate.insert("x-ratelimit-limit", HeaderValue::from_static("30"));
        let ok = StatusCode::OK;
        assert_eq!(
            detect(StatusCode::UNAUTHORIZED, &none, None),
            Some(Profile::Guide)
        );
        assert_eq!(
            detect(ok, &none, Some(&json!({"success": false, "code": 1001}))),
            Some(Profile::V3)
        );
        assert_eq!(detect(ok, &rate, Some(&json!([]))), Some(Profile::Guide));
        assert_eq!(
            detect(
                ok,
                &none,
                Some(&json!([{"id": 1, "name": "A", "email": "a@x"}]))
            ),
            Some(Profile::Guide)
        );
        assert_eq!(
            detect(ok, &none, Some(&json!([{"id": 1, "first_name": "A"}]))),
            Some(Profile::V3)
        );
        assert_eq!(detect(ok, &none, Some(&json!([]))), Some(Profile::V3));
        assert_eq!(detect(StatusCode::SERVICE_UNAVAILABLE, &none, None), None);
    }
}
