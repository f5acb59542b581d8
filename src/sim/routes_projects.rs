//! `/projects` for both profiles, and membership: v3 through the project's `assigned` list
//! (a PUT with `assigned` replaces it; omitted leaves it unchanged), guide through the
//! `/projects/{id}/people` sub-resource with project-level roles.
//!
//! Choices: v3 POST requires `title`; ids in `assigned`/`manager` must name existing people. The
//! manager is a separate field and stays when left out of `assigned`. guide
//! `POST /projects/{id}/people` answers 201 when it adds the person, 200 when already a member,
//! 422 when the person does not exist; `"role":"manager"` makes them the project's manager.

use serde_json::{Map, Value};

use super::catalog;
use super::data::ProjectData;
use super::input;
use super::paging;
use super::reply::{Reply, guide_error, refusal, v3_invalid};
use super::shapes_guide;
use super::shapes_v3;
use super::state::{LiveAccount, Refusal};
use crate::model::profile::Profile;
use axum::http::StatusCode;

fn render(profile: Profile, p: &ProjectData) -> Value {
    match profile {
        Profile::V3 => shapes_v3::project(p),
        Profile::Guide => shapes_guide::project(p),
    }
}

/// `GET /projects`.
pub fn list(acc: &LiveAccount, profile: Profile, query: Option<&str>) -> Reply {
    let page = paging::page(&acc.data.projects, profile, query, acc.quirks.page_cap);
    Reply::ok(Value::Array(
        page.iter().map(|p| render(profile, p)).collect(),
    ))
}

/// `GET /projects/{id}`: v3 answers an unknown id with the list, guide with 404.
pub fn show(acc: &LiveAccount, profile: Profile, id: &str, query: Option<&str>) -> Reply {
    match id.parse::<u64>().ok().and_then(|id| acc.project(id)) {
        Some(p) => Reply::ok(render(profile, p)),
        None => match profile {
            Profile::V3 => list(acc, profile, query),
            Profile::Guide => guide_error(StatusCode::NOT_FOUND, "project not found"),
        },
    }
}

/// Applies the v3 project fields present in `map`.
fn apply_v3(map: &Map<String, Value>, p: &mut ProjectData) -> Result<(), Refusal> {
    let invalid = Refusal::Invalid;
    if let Some(v) = input::text(map, "title").map_err(invalid)? {
        p.title = v.unwrap_or_default();
    }
    if let Some(v) = input::text(map, "description").map_err(invalid)? {
        p.description = v.unwrap_or_default();
    }
    if let Some(v) = input::text(map, "color").map_err(invalid)? {
        p.color = v.unwrap_or_default();
    }
    if let Some(v) = input::text(map, "start_date").map_err(invalid)? {
        p.start_date = v;
    }
    if let Some(v) = input::text(map, "end_date").map_err(invalid)? {
        p.end_date = v;
    }
    if let Some(v) = input::flag(map, "archived").map_err(invalid)? {
        p.archived = v;
    }
    if map.contains_key("status") {
        p.status = input::id_field(map, "status").map_err(invalid)?;
    }
    if map.contains_key("category") {
        // The default category is what a project without one shows: keep it as "none".
        p.category = input::id_field(map, "category")
            .map_err(invalid)?
            .filter(|id| *id != catalog::default_category());
    }
    if map.contains_key("manager") {
        p.manager = input::id_field(map, "manager").map_err(invalid)?;
    }
    if let Some(ids) = input::id_list(map, "assigned").map_err(invalid)? {
        p.assigned = ids;
    }
    Ok(())
}

fn body_map(profile: Profile, body: &[u8]) -> Result<Map<String, Value>, Reply> {
    input::object(body).map_err(|e| match profile {
        Profile::V3 => v3_invalid(&e),
        Profile::Guide => guide_error(StatusCode::BAD_REQUEST, &e),
    })
}

/// v3 `POST /projects`: 201 + the project.
pub fn create_v3(acc: &mut LiveAccount, body: &[u8]) -> Reply {
    let map = match body_map(Profile::V3, body) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let mut p = ProjectData {
        id: 0,
        title: String::new(),
        description: String::new(),
        archived: false,
        status: None,
        color: "#4a90d9".to_string(),
        start_date: None,
        end_date: None,
        category: None,
        creator: acc
            .data
            .people
            .iter()
            .find(|p| {
                acc.role(p.role)
                    .is_some_and(super::data::RoleData::is_owner)
            })
            .map(|p| p.id),
        manager: None,
        assigned: Vec::new(),
        created_at: String::new(),
        modified_at: String::new(),
    };
    let result = apply_v3(&map, &mut p).and_then(|()| {
        if p.title.trim().is_empty() {
            return Err(Refusal::Invalid("\"title\" is required".to_string()));
        }
        acc.create_project(p)
    });
    match result {
        Ok(id) => match acc.project(id) {
            Some(p) => Reply::created(shapes_v3::project(p)),
            None => refusal(Profile::V3, Refusal::NotFound),
        },
        Err(why) => refusal(Profile::V3, why),
    }
}

/// v3 `PUT /projects/{id}`: partial; `assigned` replaces the member list.
pub fn update_v3(acc: &mut LiveAccount, id: &str, body: &[u8]) -> Reply {
    let Some(mut p) = id
        .parse::<u64>()
        .ok()
        .and_then(|id| acc.project(id))
        .cloned()
    else {
        return refusal(Profile::V3, Refusal::NotFound);
    };
    let map = match body_map(Profile::V3, body) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let id = p.id;
    match apply_v3(&map, &mut p).and_then(|()| acc.update_project(p)) {
        Ok(()) => match acc.project(id) {
            Some(p) => Reply::ok(shapes_v3::project(p)),
            None => refusal(Profile::V3, Refusal::NotFound),
        },
        Err(why) => refusal(Profile::V3, why),
    }
}

/// v3 `DELETE /projects/{id}`: 204.
pub fn delete_v3(acc: &mut LiveAccount, id: &str) -> Reply {
    match id
        .parse::<u64>()
        .map_err(|_| Refusal::NotFound)
        .and_then(|id| acc.delete_project(id))
    {
        Ok(()) => Reply::no_content(),
        Err(why) => refusal(Profile::V3, why),
    }
}

fn guide_project<'a>(acc: &'a LiveAccount, id: &str) -> Result<&'a ProjectData, Reply> {
    id.parse::<u64>()
        .ok()
        .and_then(|id| acc.project(id))
        .ok_or_else(|| guide_error(StatusCode::NOT_FOUND, "project not found"))
}

/// guide `GET /projects/{id}/people`: `[{id, name, role}]`, role "manager" or "member".
pub fn members(acc: &LiveAccount, id: &str) -> Reply {
    let project = match guide_project(acc, id) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let list = project
        .assigned
        .iter()
        .filter_map(|pid| acc.person(*pid))
        .map(|person| shapes_guide::member(person, project))
        .collect();
    Reply::ok(Value::Array(list))
}

/// guide `POST /projects/{id}/people` `{"person_id": N, "role"?: "member"|"manager"}`.
pub fn add_member(acc: &mut LiveAccount, id: &str, body: &[u8]) -> Reply {
    let mut project = match guide_project(acc, id) {
        Ok(p) => p.clone(),
        Err(r) => return r,
    };
    let map = match body_map(Profile::Guide, body) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let invalid = |m: &str| guide_error(StatusCode::UNPROCESSABLE_ENTITY, m);
    let person_id = match input::id_field(&map, "person_id") {
        Ok(Some(pid)) => pid,
        Ok(None) => return invalid("\"person_id\" is required"),
        Err(e) => return invalid(&e),
    };
    if acc.person(person_id).is_none() {
        return invalid(&format!("person {person_id} does not exist"));
    }
    let manager = match input::text(&map, "role").map(Option::flatten) {
        Ok(None) => false,
        Ok(Some(r)) if r.eq_ignore_ascii_case("member") => false,
        Ok(Some(r)) if r.eq_ignore_ascii_case("manager") => true,
        Ok(Some(r)) => return invalid(&format!("role {r:?} is not one of member, manager")),
        Err(e) => return invalid(&e),
    };
    let added = !project.assigned.contains(&person_id);
    if !added && !manager {
        return match acc.person(person_id) {
            Some(person) => Reply::ok(shapes_guide::member(person, &project)),
            None => invalid("person vanished"),
        };
    }
    if added {
        project.assigned.push(person_id);
    }
    if manager {
        project.manager = Some(person_id);
    }
    let pid = project.id;
    if let Err(why) = acc.update_project(project) {
        return refusal(Profile::Guide, why);
    }
    match (acc.person(person_id), acc.project(pid)) {
        (Some(person), Some(project)) => {
            let body = shapes_guide::member(person, project);
            if added {
                Reply::created(body)
            } else {
                Reply::ok(body)
            }
        }
        _ => refusal(Profile::Guide, Refusal::NotFound),
    }
}

/// guide `DELETE /projects/{id}/people/{person_id}`: 204; 404 if not a member.
pub fn remove_member(acc: &mut LiveAccount, id: &str, person: &str) -> Reply {
    let mut project = match guide_project(acc, id) {
        Ok(p) => p.clone(),
        Err(r) => return r,
    };
    let Some(pid) = person
        .parse::<u64>()
        .ok()
        .filter(|p| project.assigned.contains(p))
    else {
        return guide_error(
            StatusCode::NOT_FOUND,
            "that person is not a member of this project",
        );
    };
    project.assigned.retain(|p| *p != pid);
    if project.manager == Some(pid) {
        project.manager = None;
    }
    match acc.update_project(project) {
        Ok(()) => Reply::no_content(),
        Err(why) => refusal(Profile::Guide, why),
    }
}
