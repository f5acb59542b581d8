//! `/people` for both profiles: list, show, create, update (v3 partial, guide full replacement)
//! and delete (cascading, see `state.rs`).
//!
//! Choices where no source settles it (README "The simulator" lists them): v3 requires only
//! `email` on POST; guide requires `name` and `email` on POST and PUT. A guide PUT clears every
//! optional guide field it omits (`username`, `company`, `phone`, `timezone` become null), resets
//! an omitted `role` to the default role ("member") and an omitted `status` to "active"; fields
//! only v3 shows (title, language, groups, ...) are kept. Changing a role to or from Owner, and
//! deleting the owner, are refused with 403 in both profiles.

use serde_json::{Map, Value};

use super::data::PersonData;
use super::input;
use super::paging;
use super::reply::{Reply, guide_error, refusal, v3_invalid};
use super::shapes_guide;
use super::shapes_v3::{self, PersonLinks};
use super::state::{LiveAccount, Refusal};
use super::timezones;
use crate::model::profile::Profile;
use axum::http::StatusCode;

fn render(acc: &LiveAccount, profile: Profile, people: &[PersonData]) -> Value {
    match profile {
        Profile::V3 => {
            let ids = people.iter().map(|p| p.id).collect();
            let groups = acc.groups_of(&ids);
            let projects = acc.projects_of(&ids);
            let links = PersonLinks {
                groups: &groups,
                projects: &projects,
            };
            Value::Array(
                people
                    .iter()
                    .map(|p| shapes_v3::person(p, &links))
                    .collect(),
            )
        }
        Profile::Guide => Value::Array(
            people
                .iter()
                .map(|p| shapes_guide::person(p, acc.role(p.role)))
                .collect(),
        ),
    }
}

fn render_one(acc: &LiveAccount, profile: Profile, person: &PersonData) -> Value {
    match render(acc, profile, std::slice::from_ref(person)) {
        Value::Array(mut items) => items.pop().unwrap_or(Value::Null),
        other => other,
    }
}

/// `GET /people`.
pub fn list(acc: &LiveAccount, profile: Profile, query: Option<&str>) -> Reply {
    let page = paging::page(&acc.data.people, profile, query, acc.quirks.page_cap);
    Reply::ok(render(acc, profile, page))
}

/// `GET /people/{id}`: v3 answers an unknown id with the list (observed quirk), guide with 404.
pub fn show(acc: &LiveAccount, profile: Profile, id: &str, query: Option<&str>) -> Reply {
    match id.parse::<u64>().ok().and_then(|id| acc.person(id)) {
        Some(p) => Reply::ok(render_one(acc, profile, p)),
        None => match profile {
            Profile::V3 => list(acc, profile, query),
            Profile::Guide => guide_error(StatusCode::NOT_FOUND, "person not found"),
        },
    }
}

/// Applies the v3 fields present in `map` to `person`; returns the new group list if given.
fn apply_v3(
    acc: &LiveAccount,
    map: &Map<String, Value>,
    person: &mut PersonData,
) -> Result<Option<Vec<u64>>, Refusal> {
    let invalid = Refusal::Invalid;
    for (field, slot) in [
        ("first_name", &mut person.first_name),
        ("last_name", &mut person.last_name),
        ("email", &mut person.email),
        ("language", &mut person.language),
        ("profile_color", &mut person.profile_color),
    ] {
        if let Some(v) = input::text(map, field).map_err(invalid)? {
            *slot = v.unwrap_or_default();
        }
    }
    if let Some(v) = input::text(map, "title").map_err(invalid)? {
        // v3 shows a missing title as "": sending "" back keeps it missing.
        person.title = v.filter(|t| !t.is_empty());
    }
    if let Some(role) = input::id_field(map, "role").map_err(invalid)? {
        if acc.role(role).is_none() {
            return Err(invalid(format!("role {role} does not exist")));
        }
        person.role = role;
    }
    if let Some(s) = input::flag(map, "suspended").map_err(invalid)?
        && !acc.quirks.ignore_suspend
    {
        person.suspended = s;
    }
    match map.get("timezone") {
        None => {}
        Some(Value::Null) => person.timezone = None,
        Some(v) => match input::id(v) {
            // The id v3 shows for this person (no zone, or one the table cannot place, shows as 1):
            // sending it back keeps the zone as it is.
            Some(id) if id == timezones::id_of(person.timezone.as_deref()) => {}
            Some(id) => match timezones::name_of(id) {
                Some(name) => person.timezone = Some(name.to_string()),
                None => return Err(invalid(format!("timezone {id} does not exist"))),
            },
            None => match v {
                Value::String(name) => person.timezone = Some(name.clone()),
                _ => return Err(invalid(format!("\"timezone\" must be an id, not {v}"))),
            },
        },
    }
    input::id_list(map, "groups").map_err(invalid)
}

fn guide_role(acc: &LiveAccount, name: &str) -> Result<u64, Refusal> {
    acc.data
        .roles
        .iter()
        .find(|r| r.guide_name().eq_ignore_ascii_case(name) || r.name.eq_ignore_ascii_case(name))
        .map(|r| r.id)
        .ok_or_else(|| {
            let known: Vec<String> = acc
                .data
                .roles
                .iter()
                .map(super::data::RoleData::guide_name)
                .collect();
            Refusal::Invalid(format!(
                "role {name:?} does not exist (known: {})",
                known.join(", ")
            ))
        })
}

/// Builds a guide person from `map` as a full replacement of `base`.
fn replace_guide(
    acc: &LiveAccount,
    map: &Map<String, Value>,
    base: &PersonData,
) -> Result<PersonData, Refusal> {
    let invalid = Refusal::Invalid;
    let required = |name: &str| -> Result<String, Refusal> {
        match input::text(map, name).map_err(invalid)? {
            Some(Some(v)) if !v.trim().is_empty() => Ok(v),
            _ => Err(invalid(format!("\"{name}\" is required"))),
        }
    };
    let name = required("name")?;
    let email = required("email")?;
    let optional = |name: &str| -> Result<Option<String>, Refusal> {
        Ok(input::text(map, name).map_err(invalid)?.flatten())
    };
    let mut p = base.clone();
    // The name as shown, sent back, keeps its parts (a split would re-space them).
    if name != shapes_guide::full_name(base) {
        (p.first_name, p.last_name) = shapes_guide::split_name(&name);
    }
    p.email = email;
    p.username = optional("username")?;
    p.company = optional("company")?;
    p.phone = optional("phone")?;
    p.timezone = optional("timezone")?;
    p.role = match optional("role")? {
        Some(r) => guide_role(acc, &r)?,
        None => acc.default_role(),
    };
    let suspended = match optional("status")?.as_deref() {
        None => false,
        Some(s) if s.eq_ignore_ascii_case("active") => false,
        Some(s) if s.eq_ignore_ascii_case("suspended") || s.eq_ignore_ascii_case("inactive") => {
            true
        }
        Some(s) => {
            return Err(invalid(format!(
                "status {s:?} is not one of active, suspended, inactive"
            )));
        }
    };
    if !acc.quirks.ignore_suspend {
        p.suspended = suspended;
    }
    Ok(p)
}

fn blank_person(acc: &LiveAccount) -> PersonData {
    PersonData {
        id: 0,
        first_name: String::new(),
        last_name: String::new(),
        email: String::new(),
        role: acc.default_role(),
        title: None,
        username: None,
        company: None,
        phone: None,
        timezone: None,
        language: "en".to_string(),
        suspended: false,
        image_url: None,
        profile_color: "#4a90d9".to_string(),
        last_active: None,
        send_invite: true,
        created_at: String::new(),
        updated_at: String::new(),
    }
}

fn body_map(profile: Profile, body: &[u8]) -> Result<Map<String, Value>, Reply> {
    input::object(body).map_err(|e| match profile {
        Profile::V3 => v3_invalid(&e),
        Profile::Guide => guide_error(StatusCode::BAD_REQUEST, &e),
    })
}

/// `POST /people`: 201 + the person; an invitation e-mail goes to the outbox (v3 unless
/// `send_invite` is false; guide always).
pub fn create(acc: &mut LiveAccount, profile: Profile, body: &[u8]) -> Reply {
    let map = match body_map(profile, body) {
        Ok(m) => m,
        Err(reply) => return reply,
    };
    let built = match profile {
        Profile::V3 => {
            let mut p = blank_person(acc);
            apply_v3(acc, &map, &mut p).and_then(|groups| {
                if p.email.trim().is_empty() {
                    return Err(Refusal::Invalid("\"email\" is required".to_string()));
                }
                let invite = input::flag(&map, "send_invite")
                    .map_err(Refusal::Invalid)?
                    .unwrap_or(true);
                Ok((p, groups.unwrap_or_default(), invite))
            })
        }
        Profile::Guide => {
            let blank = blank_person(acc);
            replace_guide(acc, &map, &blank).map(|p| (p, Vec::new(), true))
        }
    };
    let result = built.and_then(|(p, groups, invite)| {
        if acc
            .role(p.role)
            .is_some_and(super::data::RoleData::is_owner)
        {
            return Err(Refusal::Forbidden(
                "a second owner cannot be created".to_string(),
            ));
        }
        acc.create_person(p, &groups, invite)
    });
    match result {
        Ok(id) => match acc.person(id) {
            Some(p) => Reply::created(render_one(acc, profile, p)),
            None => refusal(profile, Refusal::NotFound),
        },
        Err(why) => refusal(profile, why),
    }
}

/// `PUT /people/{id}`: v3 changes only the fields sent; guide replaces the record.
pub fn update(acc: &mut LiveAccount, profile: Profile, id: &str, body: &[u8]) -> Reply {
    let Some(current) = id
        .parse::<u64>()
        .ok()
        .and_then(|id| acc.person(id))
        .cloned()
    else {
        return refusal(profile, Refusal::NotFound);
    };
    let map = match body_map(profile, body) {
        Ok(m) => m,
        Err(reply) => return reply,
    };
    let built = match profile {
        Profile::V3 => {
            let mut p = current.clone();
            apply_v3(acc, &map, &mut p).map(|groups| (p, groups))
        }
        Profile::Guide => replace_guide(acc, &map, &current).map(|p| (p, None)),
    };
    let result = built.and_then(|(p, groups)| {
        let owner = |role| acc.role(role).is_some_and(super::data::RoleData::is_owner);
        if owner(p.role) != owner(current.role) {
            return Err(Refusal::Forbidden(
                "the owner role cannot be given or taken away".to_string(),
            ));
        }
        acc.update_person(p, groups.as_deref())
    });
    match result {
        Ok(()) => match acc.person(current.id) {
            Some(p) => Reply::ok(render_one(acc, profile, p)),
            None => refusal(profile, Refusal::NotFound),
        },
        Err(why) => refusal(profile, why),
    }
}

/// `DELETE /people/{id}`: 204; the person leaves every project, manager post and group.
pub fn delete(acc: &mut LiveAccount, profile: Profile, id: &str) -> Reply {
    let Ok(id) = id.parse::<u64>() else {
        return refusal(profile, Refusal::NotFound);
    };
    match acc.delete_person(id) {
        Ok(()) => Reply::no_content(),
        Err(why) => refusal(profile, why),
    }
}
