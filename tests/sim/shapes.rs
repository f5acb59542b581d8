//! Rows: person, project, role and group shapes; 64-bit ids; v3's unknown-id quirk vs guide 404.

use proofhub_tui::model::profile::Profile;
use serde_json::Value;

use super::common::*;

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
    k.sort();
    k
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut k: Vec<String> = names.iter().map(std::string::ToString::to_string).collect();
    k.sort();
    k
}

#[tokio::test]
async fn v3_person_and_project_fields() {
    let sim = start(Profile::V3).await;
    let c = client();
    let snap = sim.snapshot();
    let person = &snap.people[1];
    let p = get_json(&c, &sim, &format!("/people/{}", person.id)).await;
    assert_eq!(
        keys(&p),
        sorted(&[
            "id",
            "first_name",
            "last_name",
            "title",
            "email",
            "role",
            "groups",
            "timezone",
            "initials",
            "image_url",
            "profile_color",
            "language",
            "suspended",
            "send_invite",
            "last_active",
            "created_at",
            "updated_at",
            "projects",
        ])
    );
    assert_eq!(p["id"].as_u64(), Some(person.id));
    assert!(person.id > u64::from(u32::MAX), "ids exceed 32 bits");
    assert_eq!(p["role"]["id"].as_u64(), Some(person.role));
    assert!(p["timezone"].is_u64());
    assert_eq!(p["first_name"], person.first_name.as_str());
    let in_projects: Vec<u64> = snap
        .projects
        .iter()
        .filter(|pr| pr.assigned.contains(&person.id))
        .map(|pr| pr.id)
        .collect();
    assert_eq!(numbers(&p["projects"]), in_projects);
    let in_groups: Vec<u64> = snap
        .groups
        .iter()
        .filter(|g| g.assigned.contains(&person.id))
        .map(|g| g.id)
        .collect();
    assert_eq!(numbers(&p["groups"]), in_groups);

    let project = &snap.projects[0];
    let pr = get_json(&c, &sim, &format!("/projects/{}", project.id)).await;
    for field in [
        "id",
        "title",
        "description",
        "archived",
        "status",
        "color",
        "start_date",
        "end_date",
        "category",
        "creator",
        "assigned",
        "manager",
        "created_at",
        "modified_at",
    ] {
        assert!(pr.get(field).is_some(), "project has {field}");
    }
    assert_eq!(pr["manager"]["id"].as_u64(), project.manager);
    assert_eq!(numbers(&pr["assigned"]), project.assigned);
    assert!(project.id > u64::from(u32::MAX));
}

#[tokio::test]
async fn guide_person_and_project_fields() {
    let sim = start(Profile::Guide).await;
    let c = client();
    let snap = sim.snapshot();
    let person = &snap.people[1];
    let p = get_json(&c, &sim, &format!("/people/{}", person.id)).await;
    assert_eq!(
        keys(&p),
        sorted(&[
            "id",
            "name",
            "email",
            "username",
            "role",
            "company",
            "phone",
            "timezone",
            "avatar_url",
            "status",
            "created_at",
            "updated_at",
        ])
    );
    assert_eq!(
        p["name"],
        format!("{} {}", person.first_name, person.last_name)
    );
    assert!(p["username"].is_string() && p["company"].is_string() && p["phone"].is_string());
    assert!(p["timezone"].is_string());
    let list = get_json(&c, &sim, "/people?per_page=100").await;
    let roles: std::collections::BTreeSet<String> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|p| p["role"].as_str().expect("role string").to_string())
        .collect();
    assert!(roles.contains("owner") && roles.contains("member") && roles.contains("client"));
    let statuses: std::collections::BTreeSet<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|p| p["status"].as_str().expect("status"))
        .collect();
    assert!(statuses.contains("active"));

    let project = &snap.projects[0];
    let pr = get_json(&c, &sim, &format!("/projects/{}", project.id)).await;
    assert_eq!(
        keys(&pr),
        sorted(&["id", "name", "status", "created_at", "updated_at"])
    );
    assert_eq!(pr["name"], project.title.as_str());
}

#[tokio::test]
async fn v3_roles_and_groups() {
    let sim = start(Profile::V3).await;
    let c = client();
    let roles = get_json(&c, &sim, "/roles").await;
    let names: Vec<&str> = roles
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Owner", "Admin", "Normal User", "Client"]);
    // As ProofHub's docs (sections/roles.md) show them: three built-in roles are `default`.
    let defaults: Vec<&str> = roles
        .as_array()
        .expect("array")
        .iter()
        .filter(|r| r["default"] == true)
        .map(|r| r["name"].as_str().expect("name"))
        .collect();
    assert_eq!(defaults, ["Owner", "Admin", "Normal User"]);

    let groups = get_json(&c, &sim, "/groups").await;
    let all = groups
        .as_array()
        .expect("array")
        .iter()
        .find(|g| g["name"] == "All people")
        .expect("an All people group");
    assert_eq!(all["assigned"].as_array().map(Vec::len), Some(250));
    let one = get_json(&c, &sim, &format!("/groups/{}", all["id"])).await;
    assert_eq!(one["name"], "All people");
}

#[tokio::test]
async fn unknown_id_v3_answers_the_list_guide_404() {
    let c = client();
    let v3 = start(Profile::V3).await;
    for path in ["/people/12345", "/people/not-a-number", "/projects/1"] {
        let body = get_json(&c, &v3, path).await;
        assert!(
            body.is_array(),
            "v3 {path}: the whole (first page of the) list"
        );
        assert!(body.as_array().is_some_and(|a| !a.is_empty()));
    }
    let guide = start(Profile::Guide).await;
    for path in [
        "/people/12345",
        "/people/not-a-number",
        "/projects/1",
        "/projects/1/people",
    ] {
        let r = get(&c, &guide, path).await;
        assert_eq!(r.status(), 404, "guide {path}");
        let body: Value = r.json().await.expect("json");
        assert!(body["message"].is_string());
    }
}

#[tokio::test]
async fn hostile_name_is_served_byte_for_byte() {
    let c = client();
    for profile in Profile::ALL {
        let sim = start(profile).await;
        let evil = sim
            .snapshot()
            .people
            .into_iter()
            .find(|p| p.first_name.contains('\u{1b}'))
            .expect("the hostile fixture");
        let p = get_json(&c, &sim, &format!("/people/{}", evil.id)).await;
        let shown = match profile {
            Profile::V3 => p["last_name"].as_str().expect("last").to_string(),
            Profile::Guide => p["name"].as_str().expect("name").to_string(),
        };
        assert!(
            shown.contains('\u{7}') && shown.contains("\u{1b}]0;"),
            "{profile}"
        );
    }
}
