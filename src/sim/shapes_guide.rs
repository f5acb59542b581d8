//! How the guide profile shows the account: the vendor write-up's fields. Mapping from the data
//! file: `name` = first + " " + last; `role` = the role's guide name (owner, admin, member,
//! client); `status` = "suspended" or "active"; `timezone` = the IANA name; `avatar_url` =
//! `image_url`. Projects: `name` = title, `status` = "archived" or "active", `updated_at` =
//! `modified_at`. Project members: role "manager" for the project's manager, else "member".

use serde_json::{Value, json};

use super::data::{PersonData, ProjectData, RoleData};

pub fn full_name(p: &PersonData) -> String {
    format!("{} {}", p.first_name, p.last_name)
        .trim()
        .to_string()
}

/// Splits a guide `name` into the data file's first and last name at the first space.
pub fn split_name(name: &str) -> (String, String) {
    let name = name.trim();
    match name.split_once(char::is_whitespace) {
        Some((first, last)) => (first.to_string(), last.trim().to_string()),
        None => (name.to_string(), String::new()),
    }
}

pub fn person(p: &PersonData, role: Option<&RoleData>) -> Value {
    json!({
        "id": p.id,
        "name": full_name(p),
        "email": p.email,
        "username": p.username,
        "role": role.map(RoleData::guide_name),
        "company": p.company,
        "phone": p.phone,
        "timezone": p.timezone,
        "avatar_url": p.image_url,
        "status": if p.suspended { "suspended" } else { "active" },
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    })
}

pub fn project(p: &ProjectData) -> Value {
    json!({
        "id": p.id,
        "name": p.title,
        "status": if p.archived { "archived" } else { "active" },
        "created_at": p.created_at,
        "updated_at": p.modified_at,
    })
}

/// One entry of `GET /projects/{id}/people`.
pub fn member(p: &PersonData, project: &ProjectData) -> Value {
    let role = if project.manager == Some(p.id) {
        "manager"
    } else {
        "member"
    };
    json!({"id": p.id, "name": full_name(p), "role": role})
}
