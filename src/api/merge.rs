//! From an edit to the request that makes it, per profile, and back: checking that what the
//! server holds afterwards is what we meant.
//!
//! An update is read-modify-write: [`merged_body`] starts from the record as the server holds
//! it *now* (its raw JSON, unknown fields included), applies only the changed fields and sends
//! the whole record. That is right under v3's partial PUT and guide's full-replacement PUT
//! alike. Left out: `projects` (membership is changed elsewhere; a stale copy could undo a
//! concurrent change), the server's own stamps (`id`, `created_at`, `updated_at`, ...) and blank
//! fields (blank either way, and v3 would store its rendering of them).
//! [`verify`] then compares the read-back field by field.

use serde_json::{Map, Value};

use super::Profile;
use super::error::{ApiError, clean_server_text};
use super::types::lenient_id;
use crate::model::account::RoleRef;
use crate::model::changes::{Edit, NewPerson, PersonChanges, join_name, split_name};

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

/// The whole record to PUT: the fresh record with the changes applied, in write shape.
pub fn merged_body(
    profile: Profile,
    fresh: &Map<String, Value>,
    changed: &Map<String, Value>,
) -> Map<String, Value> {
    let mut body = fresh.clone();
    for key in SERVER_MANAGED.iter().chain(["projects"].iter()) {
        body.remove(*key);
    }
    // A blank field is left out: a partial PUT keeps it blank, a full replacement clears it,
    // either way it stays blank. Sent back, v3 would store its rendering ("" for no title).
    body.retain(|_, v| match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        _ => true,
    });
    if profile == Profile::V3
        && let Some(role) = body.get("role")
        && role.is_object()
    {
        let id = lenient_id(role).map(|i| Value::String(i.to_string()));
        body.insert("role".into(), id.unwrap_or(Value::Null));
    }
    for (k, v) in changed {
        body.insert(k.clone(), v.clone());
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
        let body = merged_body(Profile::Guide, &fresh, &changed);
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
        let body = merged_body(Profile::V3, &fresh, &changed);
        assert_eq!(body.get("role"), Some(&json!("9")));
        assert!(!body.contains_key("projects"));
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
