//! Rows: project members, add member, remove member. v3 through `assigned` (replaces; omitted
//! means unchanged), guide through `/projects/{id}/people` with project-level roles.

use proofhub_tui::model::profile::Profile;
use reqwest::Method;
use serde_json::json;

use super::common::*;

#[tokio::test]
async fn v3_assigned_replaces_the_member_list_and_omitted_leaves_it() {
    let sim = start(Profile::V3).await;
    let c = client();
    let snap = sim.snapshot();
    let project = snap.projects[2].clone();
    let outsider = snap
        .people
        .iter()
        .find(|p| !project.assigned.contains(&p.id))
        .expect("someone outside")
        .id;
    let dropped = *project.assigned.last().expect("members");
    let mut wanted: Vec<u64> = project.assigned.clone();
    wanted.pop();
    wanted.push(outsider);
    // Ids as strings, as some clients send them.
    let as_strings: Vec<String> = wanted.iter().map(u64::to_string).collect();
    let path = format!("/projects/{}", project.id);
    let (status, body) = send_json(
        &c,
        &sim,
        Method::PUT,
        &path,
        json!({"assigned": as_strings}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(numbers(&body["assigned"]), wanted);
    assert_ne!(body["modified_at"], project.modified_at.as_str());
    // The person's own view follows.
    let p = get_json(&c, &sim, &format!("/people/{outsider}")).await;
    assert!(numbers(&p["projects"]).contains(&project.id));
    let d = get_json(&c, &sim, &format!("/people/{dropped}")).await;
    assert!(!numbers(&d["projects"]).contains(&project.id));
    // A PUT without `assigned` leaves the members alone (partial PUT).
    let (status, body) = send_json(&c, &sim, Method::PUT, &path, json!({"title":"Renamed"})).await;
    assert_eq!(status, 200);
    assert_eq!(body["title"], "Renamed");
    assert_eq!(numbers(&body["assigned"]), wanted);
    // Unknown people are refused, nothing changes.
    let (status, body) =
        send_json(&c, &sim, Method::PUT, &path, json!({"assigned":[1, 2, 3]})).await;
    assert!(status == 200 && is_v3_error(&body, 1301), "{body}");
    assert_eq!(
        sim.snapshot().projects[2].assigned,
        wanted,
        "a refused PUT changes nothing"
    );
    // Manager given as a string id.
    let (_, body) = send_json(
        &c,
        &sim,
        Method::PUT,
        &path,
        json!({"manager": outsider.to_string()}),
    )
    .await;
    assert_eq!(body["manager"]["id"].as_u64(), Some(outsider));
}

#[tokio::test]
async fn v3_project_create_and_delete() {
    let sim = start(Profile::V3).await;
    let c = client();
    let someone = sim.snapshot().people[9].id;
    let (status, body) = send_json(
        &c,
        &sim,
        Method::POST,
        "/projects",
        json!({"title":"Lauch 2027","assigned":[someone],"manager":someone}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_u64().expect("id");
    assert_eq!(numbers(&body["assigned"]), [someone]);
    let (status, body) = send_json(&c, &sim, Method::POST, "/projects", json!({})).await;
    assert!(
        status == 200 && is_v3_error(&body, 1301),
        "title is required"
    );
    assert_eq!(delete(&c, &sim, &format!("/projects/{id}")).await, 204);
    assert!(sim.snapshot().projects.iter().all(|p| p.id != id));
}

#[tokio::test]
async fn guide_members_sub_resource() {
    let sim = start(Profile::Guide).await;
    let c = client();
    let snap = sim.snapshot();
    let project = snap.projects[4].clone();
    let path = format!("/projects/{}/people", project.id);
    let members = get_json(&c, &sim, &path).await;
    assert_eq!(ids(&members), project.assigned);
    for m in members.as_array().expect("array") {
        let want = if m["id"].as_u64() == project.manager {
            "manager"
        } else {
            "member"
        };
        assert_eq!(m["role"], want);
        assert!(m["name"].is_string());
    }
    let outsider = snap
        .people
        .iter()
        .find(|p| !project.assigned.contains(&p.id))
        .expect("outsider")
        .id;
    // Add: 201, as a string id too.
    let (status, body) = send_json(
        &c,
        &sim,
        Method::POST,
        &path,
        json!({"person_id": outsider.to_string()}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["id"].as_u64(), Some(outsider));
    assert_eq!(body["role"], "member");
    assert!(ids(&get_json(&c, &sim, &path).await).contains(&outsider));
    // Adding again: 200, no duplicate.
    let (status, _) = send_json(
        &c,
        &sim,
        Method::POST,
        &path,
        json!({"person_id": outsider}),
    )
    .await;
    assert_eq!(status, 200);
    let now = ids(&get_json(&c, &sim, &path).await);
    assert_eq!(now.iter().filter(|id| **id == outsider).count(), 1);
    // The person must exist.
    let (status, _) = send_json(&c, &sim, Method::POST, &path, json!({"person_id": 42})).await;
    assert_eq!(status, 422);
    let (status, _) = send_json(&c, &sim, Method::POST, &path, json!({})).await;
    assert_eq!(status, 422);
    // Project-level role: manager.
    let (_, body) = send_json(
        &c,
        &sim,
        Method::POST,
        &path,
        json!({"person_id": outsider, "role": "manager"}),
    )
    .await;
    assert_eq!(body["role"], "manager");
    // Remove: 204, then gone; removing again: 404.
    assert_eq!(delete(&c, &sim, &format!("{path}/{outsider}")).await, 204);
    assert!(!ids(&get_json(&c, &sim, &path).await).contains(&outsider));
    assert_eq!(delete(&c, &sim, &format!("{path}/{outsider}")).await, 404);
    let stored = sim.snapshot().projects[4].clone();
    assert_eq!(
        stored.manager, None,
        "the removed manager is no longer manager"
    );
    assert!(
        sim.snapshot().people.iter().any(|p| p.id == outsider),
        "still in the account"
    );
}

#[tokio::test]
async fn guide_adding_a_member_changes_the_projects_updated_at() {
    let sim = start(Profile::Guide).await;
    let c = client();
    let project = sim.snapshot().projects[1].clone();
    let outsider = sim
        .snapshot()
        .people
        .iter()
        .find(|p| !project.assigned.contains(&p.id))
        .expect("outsider")
        .id;
    let before = get_json(&c, &sim, &format!("/projects/{}", project.id)).await;
    let (status, _) = send_json(
        &c,
        &sim,
        Method::POST,
        &format!("/projects/{}/people", project.id),
        json!({"person_id": outsider}),
    )
    .await;
    assert_eq!(status, 201);
    let after = get_json(&c, &sim, &format!("/projects/{}", project.id)).await;
    assert_ne!(before["updated_at"], after["updated_at"]);
}

#[tokio::test]
async fn v3_group_writes() {
    let sim = start(Profile::V3).await;
    let c = client();
    let people: Vec<u64> = sim.snapshot().people.iter().map(|p| p.id).take(3).collect();
    let (status, body) = send_json(
        &c,
        &sim,
        Method::POST,
        "/groups",
        json!({"name":"Léadership","assigned":[people[0], people[1].to_string()]}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_u64().expect("id");
    assert_eq!(numbers(&body["assigned"]), people[..2]);
    let p = get_json(&c, &sim, &format!("/people/{}", people[1])).await;
    assert!(
        numbers(&p["groups"]).contains(&id),
        "the person's groups follow"
    );
    let path = format!("/groups/{id}");
    let (status, body) = send_json(
        &c,
        &sim,
        Method::PUT,
        &path,
        json!({"assigned":[people[2]]}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["name"], "Léadership", "partial: the name stays");
    assert_eq!(numbers(&body["assigned"]), [people[2]]);
    assert_eq!(delete(&c, &sim, &path).await, 204);
    assert!(
        get_json(&c, &sim, &path).await.is_array(),
        "unknown id: the list"
    );
    let everyone = sim.snapshot().groups[0].clone();
    assert!(everyone.everyone);
    assert_eq!(
        delete(&c, &sim, &format!("/groups/{}", everyone.id)).await,
        403
    );
    let (status, _) = send_json(
        &c,
        &sim,
        Method::PUT,
        &format!("/groups/{}", everyone.id),
        json!({"assigned":[]}),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(sim.snapshot().groups[0], everyone);
}
