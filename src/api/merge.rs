//! From an edit to the request that makes it, per profile, and back: checking that what the
//! server holds afterwards is what we meant.
//!
//! An update is read-modify-write: the record is read fresh, [`changed_since`] refuses it when it
//! differs from what the admin saw, and [`put_body`] sends what the profile needs: on v3 (a
//! partial PUT) only the changed fields, on guide (a full replacement) the fresh record with the
//! changes applied, minus the server's own stamps, read-only and action fields (`send_invite`
//! is never echoed) and blank fields. [`verify`] then compares the read-back field by field, every
//! field, whichever were sent. docs/API.md has the table.

use serde_json::{Map, Value};

use super::Profile;
use super::error::{ApiError, clean_server_text};
use super::types::lenient_id;
use crate::model::account::RoleRef;
use crate::model::changes::{
    Edit, NewPerson, PersonChanges, Seen, join_name, shown_fields, split_name,
};

fn unsupported(field: &str, profile: Profile) -> ApiError {
    ApiError::Unsupported(format!(
        "this account's API ({profile}) has no {field} field for people"
    ))
}

fn role_value(role: &RoleRef, profile: Profile) -> Result<Value, ApiError> {
    match (role, profile) {
        // v3 reads `role: {id}` but writes the id as a string.
        (RoleRef::Id(id), Profile::V3) => Ok(Value::String(id.to_string())),
        (RoleRef::Name(n), Profile::Guide) => Ok(Value::String(n.trim().to_string())),
        (RoleRef::Name(n), Profile::V3) => Err(ApiError::Unsupported(format!(
            "v3 accounts set roles by id, not by name ({n:?}); pick one of the account's roles"
        ))),
        (RoleRef::Id(id), Profile::Guide) => Err(ApiError::Unsupported(format!(
            "guide accounts set roles by name, not by id ({id})"
        ))),
        (RoleRef::None, _) => Ok(Value::Null),
    }
}

fn text_edit(out: &mut Map<String, Value>, key: &str, edit: &Edit<String>) {
    match edit {
        Edit::Keep => {}
        Edit::Set(v) => {
            out.insert(key.into(), Value::String(v.trim().to_string()));
        }
        Edit::Clear => {
            out.insert(key.into(), Value::Null);
        }
    }
}

impl PersonChanges {
    /// The changed fields as the profile names and writes them. `current` is the fresh record
    /// (guide has one `name`, so a change of only the first name needs the current last name).
    pub fn fields(
        &self,
        profile: Profile,
        current: &Map<String, Value>,
    ) -> Result<Map<String, Value>, ApiError> {
        let mut out = Map::new();
        if matches!(self.email, Edit::Clear) {
            return Err(ApiError::Unsupported(
                "a person's email cannot be cleared".into(),
            ));
        }
        text_edit(&mut out, "email", &self.email);
        let cur = |k: &str| {
            current
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        match profile {
            Profile::V3 => {
                for (field, edit) in [
                    ("username", &self.username),
                    ("company", &self.company),
                    ("phone", &self.phone),
                ] {
                    if !edit.is_keep() {
                        return Err(unsupported(field, profile));
                    }
                }
                if let Edit::Set(name) = &self.name {
                    let (first, last) = split_name(name);
                    out.insert("first_name".into(), Value::String(first));
                    out.insert("last_name".into(), Value::String(last));
                } else if matches!(self.name, Edit::Clear) {
                    out.insert("first_name".into(), Value::Null);
                    out.insert("last_name".into(), Value::Null);
                }
                text_edit(&mut out, "first_name", &self.first_name);
                text_edit(&mut out, "last_name", &self.last_name);
                text_edit(&mut out, "title", &self.title);
                match &self.suspended {
                    Edit::Keep => {}
                    Edit::Set(b) => {
                        out.insert("suspended".into(), Value::Bool(*b));
                    }
                    Edit::Clear => {
                        out.insert("suspended".into(), Value::Bool(false));
                    }
                }
            }
            Profile::Guide => {
                if !self.title.is_keep() {
                    return Err(unsupported("title", profile));
                }
                text_edit(&mut out, "name", &self.name);
                if !self.first_name.is_keep() || !self.last_name.is_keep() {
                    let (cur_first, cur_last) = split_name(&cur("name"));
                    let pick = |e: &Edit<String>, c: String| match e {
                        Edit::Keep => c,
                        Edit::Set(v) => v.clone(),
                        Edit::Clear => String::new(),
                    };
                    let name = join_name(
                        &pick(&self.first_name, cur_first),
                        &pick(&self.last_name, cur_last),
                    );
                    out.insert("name".into(), Value::String(name));
                }
                text_edit(&mut out, "username", &self.username);
                text_edit(&mut out, "company", &self.company);
                text_edit(&mut out, "phone", &self.phone);
                match &self.suspended {
                    Edit::Keep => {}
                    Edit::Set(b) => {
                        let s = if *b { "inactive" } else { "active" };
                        out.insert("status".into(), Value::String(s.into()));
                    }
                    Edit::Clear => {
                        out.insert("status".into(), Value::String("active".into()));
                    }
                }
            }
        }
        match &self.role {
            Edit::Keep => {}
            Edit::Set(r) => {
                out.insert("role".into(), role_value(r, profile)?);
            }
            Edit::Clear => {
                out.insert("role".into(), Value::Null);
            }
        }
        Ok(out)
    }
}

/// Fields the server manages itself: never sent back, never compared.
const SERVER_MANAGED: &[&str] = &[
    "id",
    "created_at",
    "updated_at",
    "modified_at",
    "last_active",
    "initials",
];

/// Fields of a read record that a PUT must not echo: derived or read-only (`projects` is
/// changed elsewhere, and a stale copy could undo a concurrent change; the image URLs are the
/// server's), and action fields, which ask the server to do something rather than hold a value
/// (`send_invite` sends an invitation email; the docs show it `true` on active people).
const NEVER_SENT: &[&str] = &["projects", "image_url", "avatar_url", "send_invite"];

/// The PUT body for an update: what the profile needs and nothing more.
///
/// - v3's PUT is partial (its docs): only the changed fields.
/// - guide's PUT replaces the record: the fresh record with the changes applied, minus the
///   server's own stamps and `NEVER_SENT`; blank fields are left out too (a full replacement
///   clears them, so they stay blank).
pub fn put_body(
    profile: Profile,
    fresh: &Map<String, Value>,
    changed: &Map<String, Value>,
) -> Map<String, Value> {
    let mut body = match profile {
        Profile::V3 => Map::new(),
        Profile::Guide => {
            let mut body = fresh.clone();
            body.retain(|k, v| {
                let sendable =
                    !SERVER_MANAGED.contains(&k.as_str()) && !NEVER_SENT.contains(&k.as_str());
                let blank = match v {
                    Value::Null => true,
                    Value::String(s) => s.trim().is_empty(),
                    _ => false,
                };
                sendable && !blank
            });
            body
        }
    };
    for (k, v) in changed {
        if !NEVER_SENT.contains(&k.as_str()) {
            body.insert(k.clone(), v.clone());
        }
    }
    body
}

/// Two values the same as far as a person's field goes: ids by number, "" = null = absent,
/// strings trimmed.
fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    fn blank(v: Option<&Value>) -> bool {
        match v {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => s.trim().is_empty(),
            _ => false,
        }
    }
    if blank(a) && blank(b) {
        return true;
    }
    match (a, b) {
        (Some(Value::String(x)), Some(Value::String(y))) => x.trim() == y.trim(),
        (Some(x), Some(y)) if x == y => true,
        (Some(x), Some(y)) => match (lenient_id(x), lenient_id(y)) {
            (Some(i), Some(j)) => {
                i == j && (x.is_object() || y.is_object() || x.is_string() || y.is_string())
            }
            _ => false,
        },
        _ => false,
    }
}

/// [`same`], except that guide's `status` compares by meaning ("inactive" = "suspended").
fn same_field(key: &str, a: Option<&Value>, b: Option<&Value>) -> bool {
    if key == "status"
        && let (Some(Value::String(x)), Some(Value::String(y))) = (a, b)
    {
        return super::types::status_is_active(x) == super::types::status_is_active(y);
    }
    same(a, b)
}

/// Checks the read-back: every changed field as sent, every other field as it was.
pub fn verify(
    fresh: &Map<String, Value>,
    changed: &Map<String, Value>,
    after: &Map<String, Value>,
) -> Result<(), ApiError> {
    for (k, want) in changed {
        if !same_field(k, Some(want), after.get(k)) {
            return Err(ApiError::NotApplied {
                what: format!(
                    "{k} is {} instead of {}",
                    show(after.get(k)),
                    show(Some(want))
                ),
            });
        }
    }
    let derived = |k: &str| {
        SERVER_MANAGED.contains(&k)
            || k == "projects"
            // v3 derives the display name and the status from the edited fields
            || (k == "name" && (changed.contains_key("first_name") || changed.contains_key("last_name")))
            || (k == "status" && changed.contains_key("suspended"))
            || (k == "suspended" && changed.contains_key("status"))
    };
    for (k, before) in fresh {
        if changed.contains_key(k) || derived(k) {
            continue;
        }
        if !same_field(k, Some(before), after.get(k)) {
            return Err(ApiError::NotApplied {
                what: format!(
                    "{k} changed from {} to {} although it was not edited",
                    show(Some(before)),
                    show(after.get(k))
                ),
            });
        }
    }
    Ok(())
}

/// What changed on the server since the admin saw the record, as (then, now) for the message;
/// `None` when nothing did. The stamp first, then every field the admin saw (not the server's
/// own stamps, not `projects`, which other writes change), compared as [`verify`] does.
pub fn changed_since(seen: &Seen, fresh: &Map<String, Value>) -> Option<(String, String)> {
    let now_stamp = fresh.get("updated_at").and_then(Value::as_str);
    if let Some(stamp) = &seen.stamp
        && now_stamp != Some(stamp.as_str())
    {
        return Some((
            stamp.clone(),
            now_stamp.map_or_else(|| "no stamp".into(), str::to_string),
        ));
    }
    let record = seen.record.as_ref()?;
    // What was seen is the typed fields (`shown_fields`), so the fresh record is read the same
    // way: a field the console does not decode can differ in neither.
    let fresh = super::types::person(&Value::Object(fresh.clone()))
        .map_or_else(|_| fresh.clone(), |p| shown_fields(&p));
    record
        .iter()
        .filter(|(k, _)| !SERVER_MANAGED.contains(&k.as_str()) && k.as_str() != "projects")
        .find(|(k, v)| !same_field(k, Some(v), fresh.get(k.as_str())))
        .map(|(k, v)| {
            (
                format!("{k} {}", show(Some(v))),
                format!("{k} {}", show(fresh.get(k.as_str()))),
            )
        })
}

fn show(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "empty".into(),
        Some(Value::String(s)) => format!("{:?}", clean_server_text(s)),
        Some(other) => clean_server_text(&other.to_string()),
    }
}

/// The POST body of an invite, per profile.
pub fn invite_body(new: &NewPerson, profile: Profile) -> Result<Map<String, Value>, ApiError> {
    let email = new.email.trim();
    if email.is_empty() || !email.contains('@') {
        return Err(ApiError::Unsupported(format!(
            "{:?} is not an email address",
            clean_server_text(email)
        )));
    }
    let mut body = Map::new();
    match profile {
        Profile::V3 => {
            body.insert(
                "first_name".into(),
                Value::String(new.first_name.trim().into()),
            );
            body.insert(
                "last_name".into(),
                Value::String(new.last_name.trim().into()),
            );
            if let Some(send) = new.send_invite {
                body.insert("send_invite".into(), Value::Bool(send));
            }
        }
        Profile::Guide => {
            body.insert("name".into(), Value::String(new.full_name()));
        }
    }
    body.insert("email".into(), Value::String(email.into()));
    if let Some(role) = &new.role {
        body.insert("role".into(), role_value(role, profile)?);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::RoleId;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn guide_put_keeps_every_untouched_field() {
        let fresh = obj(
            json!({"id": 5, "name": "Jane Doe", "email": "j@x.io", "role": "admin",
            "company": "Acme", "phone": "+1", "timezone": "Europe/Berlin", "updated_at": "t1"}),
        );
        let changes = PersonChanges {
            phone: Edit::Set("+49".into()),
            ..PersonChanges::default()
        };
        let changed = changes.fields(Profile::Guide, &fresh).expect("fields");
        let body = put_body(Profile::Guide, &fresh, &changed);
        assert_eq!(body.get("phone"), Some(&json!("+49")));
        for k in ["name", "email", "role", "company", "timezone"] {
            assert_eq!(body.get(k), fresh.get(k), "{k}");
        }
        assert!(!body.contains_key("updated_at"));
    }

    #[test]
    fn v3_role_goes_out_as_a_string_id() {
        let fresh = obj(json!({"id": 5, "first_name": "A", "role": {"id": 7}, "projects": [1]}));
        let changes = PersonChanges {
            role: Edit::Set(RoleRef::Id(RoleId(9))),
            ..PersonChanges::default()
        };
        let changed = changes.fields(Profile::V3, &fresh).expect("fields");
        let body = put_body(Profile::V3, &fresh, &changed);
        assert_eq!(body.get("role"), Some(&json!("9")));
        assert_eq!(body.len(), 1, "v3 sends only what changed: {body:?}");
        let after = obj(json!({"id": 5, "first_name": "A", "role": {"id": 9}, "projects": [1]}));
        assert_eq!(verify(&fresh, &changed, &after), Ok(()));
    }

    #[test]
    fn verify_catches_a_cleared_field() {
        let fresh = obj(json!({"id": 1, "name": "J", "phone": "+1", "company": "Acme"}));
        let changed = obj(json!({"phone": "+2"}));
        let after = obj(json!({"id": 1, "name": "J", "phone": "+2"}));
        let err = verify(&fresh, &changed, &after).expect_err("company lost");
        assert!(err.to_string().contains("company"), "{err}");
    }

    #[test]
    fn fields_a_profile_lacks_are_refused() {
        let c = PersonChanges {
            phone: Edit::Set("1".into()),
            ..PersonChanges::default()
        };
        assert!(matches!(
            c.fields(Profile::V3, &Map::new()),
            Err(ApiError::Unsupported(_))
        ));
    }
}
