//! Lenient decoding of either profile's JSON into the profile-neutral [`crate::model::account`] model.
//!
//! Ids may be numbers or strings (v3 writes some as strings) and may exceed 32 bits; `role` is
//! `{id}` in v3 and a string in guide; a project is titled `title` (v3) or `name` (guide) and
//! stamped `modified_at` (v3) or `updated_at` (guide). Only the typed fields are kept; the one
//! record a write merges into is read fresh as a [`FreshPerson`], its JSON object beside it. A
//! record without a usable id is an error, anything else missing is simply absent.

use serde_json::{Map, Value};

use super::error::{ApiError, clean_server_text};
use crate::model::account::{
    Group, GroupId, Membership, Person, PersonFields, PersonId, Project, ProjectId, Role, RoleId,
    RoleRef,
};

/// An id from a number, a numeric string, or an object `{id}`.
pub fn lenient_id(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 1.8e19)
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        Value::Object(o) => o.get("id").and_then(lenient_id),
        _ => None,
    }
}

/// The `id` of a record.
pub fn id_of(v: &Value) -> Option<u64> {
    v.get("id").and_then(lenient_id)
}

/// A list of ids (`[1, "2", {"id": 3}]`); anything unusable is skipped.
pub fn id_list(v: Option<&Value>) -> Vec<u64> {
    v.and_then(Value::as_array)
        .map(|items| items.iter().filter_map(lenient_id).collect())
        .unwrap_or_default()
}

fn text(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn flag(obj: &Map<String, Value>, key: &str) -> Option<bool> {
    match obj.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn object<'a>(v: &'a Value, what: &str) -> Result<&'a Map<String, Value>, ApiError> {
    v.as_object().ok_or_else(|| ApiError::BadResponse {
        what: format!("something other than a {what} record"),
        snippet: clean_server_text(&v.to_string()),
    })
}

fn required_id(obj: &Map<String, Value>, what: &str) -> Result<u64, ApiError> {
    obj.get("id")
        .and_then(lenient_id)
        .ok_or_else(|| ApiError::BadResponse {
            what: format!("a {what} record without a usable id"),
            snippet: clean_server_text(&Value::Object(obj.clone()).to_string()),
        })
}

/// Whether a guide `status` string means the person can work.
pub fn status_is_active(status: &str) -> bool {
    matches!(
        status.trim().to_ascii_lowercase().as_str(),
        "active" | "enabled" | "invited" | "pending" | ""
    )
}

/// A person in either profile's shape.
pub fn person(v: &Value) -> Result<Person, ApiError> {
    let obj = object(v, "person")?;
    let id = PersonId(required_id(obj, "person")?);
    let role = match obj.get("role") {
        Some(Value::Object(r)) => r
            .get("id")
            .and_then(lenient_id)
            .map_or(RoleRef::None, |i| RoleRef::Id(RoleId(i))),
        Some(Value::String(s)) if !s.trim().is_empty() => RoleRef::Name(s.clone()),
        Some(Value::Number(_)) => obj
            .get("role")
            .and_then(lenient_id)
            .map_or(RoleRef::None, |i| RoleRef::Id(RoleId(i))),
        _ => RoleRef::None,
    };
    let status = text(obj, "status");
    let suspended = flag(obj, "suspended")
        .unwrap_or_else(|| status.as_deref().is_some_and(|s| !status_is_active(s)));
    Ok(Person::from(PersonFields {
        id,
        name: text(obj, "name"),
        first_name: text(obj, "first_name"),
        last_name: text(obj, "last_name"),
        email: text(obj, "email").unwrap_or_default(),
        username: text(obj, "username"),
        title: text(obj, "title"),
        company: text(obj, "company"),
        phone: text(obj, "phone"),
        role,
        suspended,
        status,
        last_active: text(obj, "last_active"),
        created_at: text(obj, "created_at"),
        updated_at: text(obj, "updated_at"),
        groups: id_list(obj.get("groups"))
            .into_iter()
            .map(GroupId)
            .collect(),
    }))
}

/// A person read fresh for a write or a tombstone: the typed record and the JSON object exactly
/// as the server sent it, unknown fields included (a full-replacement PUT sends them back).
/// Held only for the one write; the account never keeps the object.
#[derive(Debug, Clone, PartialEq)]
pub struct FreshPerson {
    pub person: Person,
    pub raw: Map<String, Value>,
}

/// [`person`], keeping the JSON object.
pub fn fresh_person(v: Value) -> Result<FreshPerson, ApiError> {
    let person = person(&v)?;
    match v {
        Value::Object(raw) => Ok(FreshPerson { person, raw }),
        other => Err(ApiError::BadResponse {
            what: "something other than a person record".into(),
            snippet: clean_server_text(&other.to_string()),
        }),
    }
}

/// The projects a v3 person record lists (`projects: [ids]`), if it has the field.
pub fn person_projects(v: &Value) -> Option<Vec<ProjectId>> {
    let list = v.get("projects")?;
    list.is_array()
        .then(|| id_list(Some(list)).into_iter().map(ProjectId).collect())
}

/// A project in either profile's shape.
pub fn project(v: &Value) -> Result<Project, ApiError> {
    let obj = object(v, "project")?;
    let id = ProjectId(required_id(obj, "project")?);
    let archived = flag(obj, "archived").unwrap_or_else(|| {
        obj.get("status")
            .and_then(Value::as_str)
            .is_some_and(|s| s.eq_ignore_ascii_case("archived"))
    });
    Ok(Project {
        id,
        title: text(obj, "title")
            .or_else(|| text(obj, "name"))
            .unwrap_or_default(),
        description: text(obj, "description"),
        archived,
        manager: obj.get("manager").and_then(lenient_id).map(PersonId),
        created_at: text(obj, "created_at"),
        modified_at: text(obj, "modified_at").or_else(|| text(obj, "updated_at")),
    })
}

/// The v3 member list of a project record (`assigned: [ids]`), if it has the field.
pub fn assigned(v: &Value) -> Option<Vec<PersonId>> {
    let list = v.get("assigned")?;
    list.is_array()
        .then(|| id_list(Some(list)).into_iter().map(PersonId).collect())
}

/// An account role (v3 `GET /roles`).
pub fn role(v: &Value) -> Result<Role, ApiError> {
    let obj = object(v, "role")?;
    Ok(Role {
        id: RoleId(required_id(obj, "role")?),
        name: text(obj, "name").unwrap_or_default(),
        default: flag(obj, "default").unwrap_or(false),
    })
}

/// A group (v3 `GET /groups`).
pub fn group(v: &Value) -> Result<Group, ApiError> {
    let obj = object(v, "group")?;
    Ok(Group {
        id: GroupId(required_id(obj, "group")?),
        name: text(obj, "name").unwrap_or_default(),
        members: id_list(obj.get("assigned").or_else(|| obj.get("members")))
            .into_iter()
            .map(PersonId)
            .collect(),
    })
}

/// One entry of guide's `GET /projects/{id}/people` (`{id, name, role}`).
pub fn member(project: ProjectId, v: &Value) -> Result<Membership, ApiError> {
    let obj = object(v, "project member")?;
    let person = obj
        .get("id")
        .or_else(|| obj.get("person_id"))
        .and_then(lenient_id)
        .ok_or_else(|| ApiError::BadResponse {
            what: "a project member without a usable id".into(),
            snippet: clean_server_text(&v.to_string()),
        })?;
    Ok(Membership {
        project,
        person: PersonId(person),
        project_role: text(obj, "role").filter(|r| !r.trim().is_empty()),
    })
}

/// Decodes every item of a list with `f`.
pub fn all<T>(
    items: &[Value],
    f: impl Fn(&Value) -> Result<T, ApiError>,
) -> Result<Vec<T>, ApiError> {
    items.iter().map(f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn v3_person_with_big_and_string_ids() {
        let p = person(&json!({
            "id": "985356917305", "first_name": "Anna", "last_name": "Berg",
            "email": "anna@x.io", "role": {"id": 90391275}, "groups": [1, "2"],
            "suspended": false, "projects": [7189443252u64], "future_field": {"a": 1}
        }))
        .expect("decodes");
        assert_eq!(p.id(), PersonId(985_356_917_305));
        assert_eq!(p.role(), &RoleRef::Id(RoleId(90_391_275)));
        assert_eq!(p.groups(), vec![GroupId(1), GroupId(2)]);
        assert_eq!(p.display_name(), "Anna Berg");
        let fresh = fresh_person(json!({"id": 1, "future_field": {"a": 1}})).expect("decodes");
        assert_eq!(
            fresh.raw["future_field"],
            json!({"a": 1}),
            "kept for the write"
        );
    }

    #[test]
    fn guide_person_and_status() {
        let p = person(&json!({"id": 101, "name": "Jane Doe", "email": "j@x.io", "role": "admin", "status": "inactive"}))
            .expect("decodes");
        assert_eq!(p.role(), &RoleRef::Name("admin".into()));
        assert!(p.suspended());
        assert_eq!(p.display_name(), "Jane Doe");
    }

    #[test]
    fn records_without_ids_are_errors() {
        assert!(person(&json!({"name": "x"})).is_err());
        assert!(person(&json!([1, 2])).is_err());
        assert!(project(&json!({"id": null})).is_err());
    }

    #[test]
    fn project_integer_status_is_not_archived() {
        let v = json!({"id": 5, "title": "Site", "status": 3, "manager": {"id": "9"}, "assigned": [1, "2"]});
        let p = project(&v).expect("decodes");
        assert!(!p.archived);
        assert_eq!(p.manager, Some(PersonId(9)));
        assert_eq!(assigned(&v), Some(vec![PersonId(1), PersonId(2)]));
    }
}
