//! v3 `/groups`: list, show (an unknown id answers the list, like people and projects), and
//! the documented writes: `POST /groups {name, assigned}` → 201, `PUT /groups/{id}` (partial;
//! `assigned` replaces the members) → 200, `DELETE /groups/{id}` → 204. The built-in
//! "All people" group (`everyone`) cannot be deleted and its members cannot be set (403).

use serde_json::{Map, Value};

use super::data::GroupData;
use super::input;
use super::reply::{Reply, refusal, v3_invalid};
use super::shapes_v3;
use super::state::{LiveAccount, Refusal};
use crate::model::profile::Profile;

fn all(acc: &LiveAccount) -> Reply {
    Reply::ok(Value::Array(
        acc.data.groups.iter().map(shapes_v3::group).collect(),
    ))
}

pub fn list(acc: &LiveAccount) -> Reply {
    all(acc)
}

pub fn show(acc: &LiveAccount, id: &str) -> Reply {
    match id.parse::<u64>().ok().and_then(|id| acc.group(id)) {
        Some(g) => Reply::ok(shapes_v3::group(g)),
        None => all(acc),
    }
}

fn apply(map: &Map<String, Value>, g: &mut GroupData) -> Result<(), Refusal> {
    if let Some(name) = input::text(map, "name").map_err(Refusal::Invalid)? {
        g.name = name.unwrap_or_default();
    }
    if let Some(ids) = input::id_list(map, "assigned").map_err(Refusal::Invalid)? {
        if g.everyone {
            return Err(Refusal::Forbidden(
                "the members of \"All people\" cannot be set".to_string(),
            ));
        }
        g.assigned = ids;
    }
    if g.name.trim().is_empty() {
        return Err(Refusal::Invalid("\"name\" is required".to_string()));
    }
    Ok(())
}

fn answer(acc: &LiveAccount, result: Result<u64, Refusal>, created: bool) -> Reply {
    match result.and_then(|id| acc.group(id).ok_or(Refusal::NotFound)) {
        Ok(g) if created => Reply::created(shapes_v3::group(g)),
        Ok(g) => Reply::ok(shapes_v3::group(g)),
        Err(why) => refusal(Profile::V3, why),
    }
}

pub fn create(acc: &mut LiveAccount, body: &[u8]) -> Reply {
    let map = match input::object(body) {
        Ok(m) => m,
        Err(e) => return v3_invalid(&e),
    };
    let mut g = GroupData {
        id: 0,
        name: String::new(),
        assigned: Vec::new(),
        everyone: false,
    };
    let result = apply(&map, &mut g).and_then(|()| acc.create_group(g));
    answer(acc, result, true)
}

pub fn update(acc: &mut LiveAccount, id: &str, body: &[u8]) -> Reply {
    let Some(mut g) = id.parse::<u64>().ok().and_then(|id| acc.group(id)).cloned() else {
        return refusal(Profile::V3, Refusal::NotFound);
    };
    let map = match input::object(body) {
        Ok(m) => m,
        Err(e) => return v3_invalid(&e),
    };
    let id = g.id;
    let result = apply(&map, &mut g).and_then(|()| acc.update_group(g).map(|()| id));
    answer(acc, result, false)
}

pub fn delete(acc: &mut LiveAccount, id: &str) -> Reply {
    let result = id
        .parse::<u64>()
        .map_err(|_| Refusal::NotFound)
        .and_then(|id| acc.delete_group(id));
    match result {
        Ok(()) => Reply::no_content(),
        Err(why) => refusal(Profile::V3, why),
    }
}
