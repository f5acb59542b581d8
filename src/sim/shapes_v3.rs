//! How the v3 profile shows the account: ProofHub's documented v3 fields (api-v3-notes.md §4). A project
//! without a category shows the default one, "Uncategorized" (`catalog.rs`).

use std::collections::HashMap;

use serde_json::{Value, json};

use super::data::{GroupData, PersonData, ProjectData, RoleData};
use super::{catalog, timezones};

/// Reverse indexes a person's rendering needs.
pub struct PersonLinks<'a> {
    pub groups: &'a HashMap<u64, Vec<u64>>,
    pub projects: &'a HashMap<u64, Vec<u64>>,
}

fn initials(p: &PersonData) -> String {
    [&p.first_name, &p.last_name]
        .iter()
        .filter_map(|s| s.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A person. `send_invite` is the flag the person was created with (`true` unless a v3 POST
/// said `false`), as the docs' example shows it `true` on an active person.
pub fn person(p: &PersonData, links: &PersonLinks<'_>) -> Value {
    json!({
        "id": p.id,
        "first_name": p.first_name,
        "last_name": p.last_name,
        "title": p.title.clone().unwrap_or_default(),
        "email": p.email,
        "role": {"id": p.role},
        "groups": links.groups.get(&p.id).cloned().unwrap_or_default(),
        "timezone": timezones::id_of(p.timezone.as_deref()),
        "initials": initials(p),
        "image_url": p.image_url,
        "profile_color": p.profile_color,
        "language": p.language,
        "suspended": p.suspended,
        "send_invite": p.send_invite,
        "last_active": p.last_active,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
        "projects": links.projects.get(&p.id).cloned().unwrap_or_default(),
    })
}

fn id_object(id: Option<u64>) -> Value {
    id.map_or(Value::Null, |id| json!({"id": id}))
}

pub fn project(p: &ProjectData) -> Value {
    json!({
        "id": p.id,
        "title": p.title,
        "description": p.description,
        "archived": p.archived,
        "status": p.status,
        "color": p.color,
        "start_date": p.start_date,
        "end_date": p.end_date,
        "template": false,
        "sample_project": false,
        "favourite": false,
        "favourite_sort": null,
        "category": {"id": p.category.unwrap_or_else(catalog::default_category)},
        "creator": id_object(p.creator),
        "assigned": p.assigned,
        "manager": id_object(p.manager),
        "created_at": p.created_at,
        "modified_at": p.modified_at,
    })
}

pub fn role(r: &RoleData) -> Value {
    json!({"id": r.id, "name": r.name, "default": r.default})
}

pub fn group(g: &GroupData) -> Value {
    json!({"id": g.id, "name": g.name, "assigned": g.assigned})
}

pub fn timezones() -> Value {
    Value::Array(
        timezones::DOCS_TIMEZONES
            .iter()
            .map(|(id, tz, diff)| json!({"id": id, "timezone": tz, "time_diff": diff}))
            .collect(),
    )
}
