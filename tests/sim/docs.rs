//! The simulator against ProofHub's own v3 docs (ProofHub/api_v3, sections/*.md): the docs'
//! example JSON is kept verbatim in tests/docs_v3/, and each test compares what the v3
//! simulator answers with it: roles (names and `default`), time zones (the whole table),
//! categories (and every project's `category`), languages, project statuses (the fields the
//! docs name) and the timestamp format, after writes too. Plus the routing rules the docs imply:
//! an unknown path is not found whatever its headers.

use proofhub_tui::model::profile::Profile;
use reqwest::Method;
use serde_json::{Value, json};

use super::common::*;

fn docs_example(name: &str) -> Value {
    let path = format!("{}/tests/docs_v3/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect("docs example")).expect("json")
}

/// Whole seconds with a `+00:00` offset, as every stamp in the docs' examples.
fn is_docs_stamp(s: &str) -> bool {
    chrono::DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%:z").is_ok()
        && s.len() == "2016-06-24T12:18:26+00:00".len()
        && s.ends_with("+00:00")
}

#[tokio::test]
async fn roles_are_named_and_marked_default_as_the_docs_show() {
    let sim = start(Profile::V3).await;
    let roles = get_json(&client(), &sim, "/roles").await;
    let shape = |v: &Value| -> Vec<(String, bool)> {
        v.as_array()
            .expect("array")
            .iter()
            .map(|r| {
                assert!(r["id"].is_u64(), "{r}");
                (
                    r["name"].as_str().expect("name").to_string(),
                    r["default"] == true,
                )
            })
            .collect()
    };
    // Ids are the account's own; names and `default` are the docs' example.
    assert_eq!(shape(&roles), shape(&docs_example("roles.json")));
}

#[tokio::test]
async fn timezones_are_the_docs_table_and_a_person_without_a_zone_shows_id_1() {
    let sim = start(Profile::V3).await;
    let c = client();
    let zones = get_json(&c, &sim, "/timezones").await;
    let docs = docs_example("timezones.json");
    assert_eq!(zones, docs);
    assert_eq!(zones.as_array().map(Vec::len), Some(150));
    let find = |id: u64| {
        zones
            .as_array()
            .unwrap()
            .iter()
            .find(|z| z["id"] == id)
            .cloned()
    };
    assert_eq!(
        find(49),
        Some(json!({"id": 49, "timezone": "UTC", "time_diff": "+00:00"}))
    );
    assert_eq!(find(1).unwrap()["timezone"], "Eastern Time (US & Canada)");

    // Every person's zone is an id of that table.
    let people = get_json(&c, &sim, "/people").await;
    for p in people.as_array().unwrap() {
        assert!(
            find(p["timezone"].as_u64().unwrap()).is_some(),
            "{}",
            p["timezone"]
        );
    }
    // A person created without a zone shows id 1.
    let (status, created) = send_json(
        &c,
        &sim,
        Method::POST,
        "/people",
        json!({"first_name": "Zone", "last_name": "Less", "email": "zoneless@example.com", "send_invite": false}),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["timezone"], 1);
    // Setting a zone by a docs id the generator has no IANA name for keeps that id.
    let (status, moved) = send_json(
        &c,
        &sim,
        Method::PUT,
        &format!("/people/{}", created["id"]),
        json!({"timezone": 3}),
    )
    .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["timezone"], 3);
}

#[tokio::test]
async fn categories_are_the_docs_example_and_every_project_names_one() {
    let sim = start(Profile::V3).await;
    let c = client();
    let categories = get_json(&c, &sim, "/categories").await;
    assert_eq!(categories, docs_example("categories.json"));
    let uncategorized = categories
        .as_array()
        .unwrap()
        .iter()
        .find(|cat| cat["default"] == true)
        .expect("a default category");
    assert_eq!(uncategorized["name"], "Uncategorized");
    let one = get_json(&c, &sim, "/categories/65707070").await;
    assert_eq!(one["name"], "Marketing Projects");

    let projects = get_json(&c, &sim, "/projects").await;
    for p in projects.as_array().unwrap() {
        let id = p["category"]["id"]
            .as_u64()
            .unwrap_or_else(|| panic!("category {}", p["category"]));
        assert!(
            categories
                .as_array()
                .unwrap()
                .iter()
                .any(|cat| cat["id"] == id)
        );
    }
    // A project created without one is in the default category.
    let (status, created) = send_json(
        &c,
        &sim,
        Method::POST,
        "/projects",
        json!({"title": "Plain"}),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["category"], json!({"id": uncategorized["id"]}));
}

#[tokio::test]
async fn languages_are_the_docs_example() {
    let sim = start(Profile::V3).await;
    let languages = get_json(&client(), &sim, "/languages").await;
    assert_eq!(languages, docs_example("languages.json"));
}

#[tokio::test]
async fn project_statuses_carry_the_fields_the_docs_name_and_cover_every_project() {
    let sim = start(Profile::V3).await;
    let c = client();
    let statuses = get_json(&c, &sim, "/projectstatus").await;
    let list = statuses.as_array().expect("array");
    assert!(!list.is_empty());
    for s in list {
        let mut keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "created_at",
                "id",
                "is_default",
                "position",
                "title",
                "updated_at"
            ]
        );
        assert!(is_docs_stamp(s["created_at"].as_str().unwrap()));
    }
    assert_eq!(list.iter().filter(|s| s["is_default"] == true).count(), 1);
    // A project's `status` is a status id (issue #2), one of these.
    for p in get_json(&c, &sim, "/projects").await.as_array().unwrap() {
        if let Some(id) = p["status"].as_u64() {
            assert!(list.iter().any(|s| s["id"] == id), "status {id}");
        }
    }
    let first = &list[0];
    let one = get_json(&c, &sim, &format!("/projectstatus/{}", first["id"])).await;
    assert_eq!(&one, first);
}

#[tokio::test]
async fn timestamps_are_whole_seconds_as_read_and_after_writes() {
    let sim = start(Profile::V3).await;
    let c = client();
    let people = get_json(&c, &sim, "/people").await;
    let first = &people.as_array().unwrap()[0];
    for key in ["created_at", "updated_at", "last_active"] {
        assert!(
            is_docs_stamp(first[key].as_str().unwrap()),
            "{key}: {}",
            first[key]
        );
    }
    let (status, updated) = send_json(
        &c,
        &sim,
        Method::PUT,
        &format!("/people/{}", first["id"]),
        json!({"title": "Stamp checker"}),
    )
    .await;
    assert_eq!(status, 200, "{updated}");
    assert!(
        is_docs_stamp(updated["updated_at"].as_str().unwrap()),
        "{}",
        updated["updated_at"]
    );
    let (status, project) = send_json(
        &c,
        &sim,
        Method::POST,
        "/projects",
        json!({"title": "Stamped"}),
    )
    .await;
    assert_eq!(status, 201);
    for key in ["created_at", "modified_at"] {
        assert!(
            is_docs_stamp(project[key].as_str().unwrap()),
            "{key}: {}",
            project[key]
        );
    }
}

#[tokio::test]
async fn send_invite_reads_true_on_an_active_person_as_in_the_docs() {
    let sim = start(Profile::V3).await;
    let people = get_json(&client(), &sim, "/people").await;
    let active = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["last_active"].is_string() && p["suspended"] == false)
        .expect("an active person");
    assert_eq!(active["send_invite"], true);
}

#[tokio::test]
async fn an_unknown_path_is_not_found_whatever_its_headers_in_both_profiles() {
    for profile in [Profile::V3, Profile::Guide] {
        let sim = start(profile).await;
        let c = client();
        // A multipart upload to a path that does not exist: not found, not a header complaint.
        let status = auth(
            c.post(format!("{}/attachments/upload", sim.base_url())),
            &sim,
        )
        .header("User-Agent", UA)
        .header("Content-Type", "multipart/form-data; boundary=x")
        .body("--x--")
        .send()
        .await
        .unwrap()
        .status()
        .as_u16();
        assert_eq!(status, 404, "{profile}");
        // No key and no User-Agent: still not found.
        let status = c
            .get(format!("{}/no-such-thing", sim.base_url()))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status.as_u16(), 404, "{profile}");
        // A known path keeps its header checks.
        let status = c
            .get(format!("{}/people", sim.base_url()))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status.as_u16(), 400, "{profile}: no User-Agent");
    }
}

#[tokio::test]
async fn a_data_file_can_keep_a_single_default_role() {
    // The data file's `default` per role is the switch: tests that need the older
    // single-default roles (only "Normal User") write them so.
    let mut data = proofhub_tui::sim::data::AccountData::demo();
    for r in &mut data.roles {
        r.default = r.name == "Normal User";
    }
    let mut opts = proofhub_tui::sim::SimOptions::new(Profile::V3, data);
    opts.rate = UNLIMITED;
    let sim = start_with(opts).await;
    let roles = get_json(&client(), &sim, "/roles").await;
    let defaults: Vec<&str> = roles
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["default"] == true)
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(defaults, ["Normal User"]);
}
