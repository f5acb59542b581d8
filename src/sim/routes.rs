//! Which endpoint a request names, decided from the method and path alone, before any header
//! check (`server.rs`): an unknown path is answered as not found (405 for a known path with
//! another method) whatever the headers, as ProofHub answers a path it does not serve, not with
//! a header complaint (a 415 for a multipart upload to a path that does not exist).

use axum::http::{Method, StatusCode};
use serde_json::Value;

use super::reply::{Reply, no_route};
use super::state::LiveAccount;
use super::{
    catalog, routes_groups as groups, routes_people as people, routes_projects as projects,
    shapes_v3,
};
use crate::model::profile::Profile;

const API_PREFIX: &str = "/api/v3";

/// One endpoint, with the ids its path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint<'a> {
    People,
    CreatePerson,
    Person(&'a str),
    UpdatePerson(&'a str),
    DeletePerson(&'a str),
    Projects,
    Project(&'a str),
    CreateProject,
    UpdateProject(&'a str),
    DeleteProject(&'a str),
    Members(&'a str),
    AddMember(&'a str),
    RemoveMember(&'a str, &'a str),
    Roles,
    Groups,
    CreateGroup,
    Group(&'a str),
    UpdateGroup(&'a str),
    DeleteGroup(&'a str),
    Timezones,
    Categories,
    Category(&'a str),
    ProjectStatuses,
    ProjectStatus(&'a str),
    Languages,
}

/// The endpoint `method path` names in this profile, or the not-found / not-allowed answer.
pub fn resolve<'a>(
    profile: Profile,
    method: &Method,
    path: &'a str,
) -> Result<Endpoint<'a>, Reply> {
    let rest = match path.strip_prefix(API_PREFIX) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
        _ => return Err(no_route(profile, StatusCode::NOT_FOUND)),
    };
    let segments: Vec<&'a str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let v3 = profile == Profile::V3;
    use Endpoint as E;
    let found = match (segments.as_slice(), method.clone()) {
        (["people"], Method::GET) => Some(E::People),
        (["people"], Method::POST) => Some(E::CreatePerson),
        (["people", id], Method::GET) => Some(E::Person(id)),
        (["people", id], Method::PUT) => Some(E::UpdatePerson(id)),
        (["people", id], Method::DELETE) => Some(E::DeletePerson(id)),
        (["projects"], Method::GET) => Some(E::Projects),
        (["projects", id], Method::GET) => Some(E::Project(id)),
        (["projects"], Method::POST) if v3 => Some(E::CreateProject),
        (["projects", id], Method::PUT) if v3 => Some(E::UpdateProject(id)),
        (["projects", id], Method::DELETE) if v3 => Some(E::DeleteProject(id)),
        (["projects", id, "people"], Method::GET) if !v3 => Some(E::Members(id)),
        (["projects", id, "people"], Method::POST) if !v3 => Some(E::AddMember(id)),
        (["projects", id, "people", pid], Method::DELETE) if !v3 => Some(E::RemoveMember(id, pid)),
        (["roles"], Method::GET) if v3 => Some(E::Roles),
        (["groups"], Method::GET) if v3 => Some(E::Groups),
        (["groups"], Method::POST) if v3 => Some(E::CreateGroup),
        (["groups", id], Method::GET) if v3 => Some(E::Group(id)),
        (["groups", id], Method::PUT) if v3 => Some(E::UpdateGroup(id)),
        (["groups", id], Method::DELETE) if v3 => Some(E::DeleteGroup(id)),
        (["timezones"], Method::GET) if v3 => Some(E::Timezones),
        (["categories"], Method::GET) if v3 => Some(E::Categories),
        (["categories", id], Method::GET) if v3 => Some(E::Category(id)),
        (["projectstatus"], Method::GET) if v3 => Some(E::ProjectStatuses),
        (["projectstatus", id], Method::GET) if v3 => Some(E::ProjectStatus(id)),
        (["languages"], Method::GET) if v3 => Some(E::Languages),
        _ => None,
    };
    match found {
        Some(endpoint) => Ok(endpoint),
        None if is_known_path(&segments, v3) => {
            Err(no_route(profile, StatusCode::METHOD_NOT_ALLOWED))
        }
        None => Err(no_route(profile, StatusCode::NOT_FOUND)),
    }
}

fn is_known_path(segments: &[&str], v3: bool) -> bool {
    match segments {
        ["people" | "projects"] | ["people" | "projects", _] => true,
        ["roles" | "groups" | "timezones" | "categories" | "projectstatus" | "languages"]
        | ["groups" | "categories" | "projectstatus", _] => v3,
        ["projects", _, "people"] | ["projects", _, "people", _] => !v3,
        _ => false,
    }
}

/// Serves an authenticated, well-formed request to `endpoint`.
pub fn dispatch(
    acc: &mut LiveAccount,
    profile: Profile,
    endpoint: Endpoint<'_>,
    query: Option<&str>,
    body: &[u8],
) -> Reply {
    use Endpoint as E;
    match endpoint {
        E::People => people::list(acc, profile, query),
        E::CreatePerson => people::create(acc, profile, body),
        E::Person(id) => people::show(acc, profile, id, query),
        E::UpdatePerson(id) => people::update(acc, profile, id, body),
        E::DeletePerson(id) => people::delete(acc, profile, id),
        E::Projects => projects::list(acc, profile, query),
        E::Project(id) => projects::show(acc, profile, id, query),
        E::CreateProject => projects::create_v3(acc, body),
        E::UpdateProject(id) => projects::update_v3(acc, id, body),
        E::DeleteProject(id) => projects::delete_v3(acc, id),
        E::Members(id) => projects::members(acc, id),
        E::AddMember(id) => projects::add_member(acc, id, body),
        E::RemoveMember(id, pid) => projects::remove_member(acc, id, pid),
        E::Roles => Reply::ok(Value::Array(
            acc.data.roles.iter().map(shapes_v3::role).collect(),
        )),
        E::Groups => groups::list(acc),
        E::CreateGroup => groups::create(acc, body),
        E::Group(id) => groups::show(acc, id),
        E::UpdateGroup(id) => groups::update(acc, id, body),
        E::DeleteGroup(id) => groups::delete(acc, id),
        E::Timezones => Reply::ok(shapes_v3::timezones()),
        E::Categories => Reply::ok(catalog::categories()),
        // An unknown id: the list, as v3 answers unknown ids elsewhere (assumed here).
        E::Category(id) => {
            Reply::ok(catalog::category_by_id(id).unwrap_or_else(catalog::categories))
        }
        E::ProjectStatuses => Reply::ok(catalog::project_statuses()),
        E::ProjectStatus(id) => {
            Reply::ok(catalog::project_status_by_id(id).unwrap_or_else(catalog::project_statuses))
        }
        E::Languages => Reply::ok(catalog::languages()),
    }
}
