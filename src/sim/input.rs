//! Reading request bodies leniently, the way ProofHub accepts them: ids as numbers or numeric
//! strings, an object at the top level.

use serde_json::{Map, Value};

/// The body as a JSON object, or why not.
pub fn object(body: &[u8]) -> Result<Map<String, Value>, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("the body must be a JSON object".to_string()),
        Err(e) => Err(format!("the body is not valid JSON: {e}")),
    }
}

/// An id given as a number or a string of digits.
pub fn id(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A field that must be an id, if present; `Ok(None)` when absent or null.
pub fn id_field(map: &Map<String, Value>, name: &str) -> Result<Option<u64>, String> {
    match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        // v3 reads `role`/`manager` back as {"id": N}; accept that shape on write too.
        Some(Value::Object(o)) if o.contains_key("id") => o
            .get("id")
            .and_then(id)
            .map(Some)
            .ok_or_else(|| format!("\"{name}\" must be an id")),
        Some(v) => id(v)
            .map(Some)
            .ok_or_else(|| format!("\"{name}\" must be an id, not {v}")),
    }
}

/// A field that must be a list of ids, if present.
pub fn id_list(map: &Map<String, Value>, name: &str) -> Result<Option<Vec<u64>>, String> {
    match map.get(name) {
        None => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| id(v).ok_or_else(|| format!("\"{name}\" holds {v}, which is not an id")))
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(v) => Err(format!("\"{name}\" must be a list of ids, not {v}")),
    }
}

/// A string field, if present; `Some(None)` for an explicit null.
pub fn text(map: &Map<String, Value>, name: &str) -> Result<Option<Option<String>>, String> {
    match map.get(name) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(s)) => Ok(Some(Some(s.clone()))),
        Some(v) => Err(format!("\"{name}\" must be a string, not {v}")),
    }
}

/// A boolean field, if present (also "true"/"false", 0/1).
pub fn flag(map: &Map<String, Value>, name: &str) -> Result<Option<bool>, String> {
    match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if s == "true" || s == "1" => Ok(Some(true)),
        Some(Value::String(s)) if s == "false" || s == "0" => Ok(Some(false)),
        Some(Value::Number(n)) if n.as_u64() == Some(1) => Ok(Some(true)),
        Some(Value::Number(n)) if n.as_u64() == Some(0) => Ok(Some(false)),
        Some(v) => Err(format!("\"{name}\" must be true or false, not {v}")),
    }
}
