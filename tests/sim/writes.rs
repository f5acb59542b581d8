//! Rows: POST /people (201, duplicate e-mail, invitations), PUT partial vs full replacement,
//! ids as strings, DELETE cascading, and timestamps that change on every write.

use crate::support::per_profile;
use proofhub_tui::model::profile::Profile;
use reqwest::Method;
use serde_json::{Value, json};

use super::common::*;

fn new_person(profile: Profile, email: &str) -> Value {
    match profile {
        Profile::V3 => json!({"first_name":"Maëlle","last_name":"Ørsted","email":email}),
        Profile::Guide => json!({"name":"Maëlle Ørsted","email":email,"role":"member"}),
    }
}

per_profile! {
    #[tokio::test]
    async fn post_person_is_201_and_sends_an_invitation(profile) {
        let sim = start(profile).await;
        let c = client();
        let (status, body) = send_json(
            &c,
            &sim,
            Method::POST,
            "/people",
            new_person(profile, "maelle@example.com"),
        )
        .await;
        assert_eq!(status, 201, "{profile}: {body}");
        let id = body["id"].as_u64().expect("new id");
        assert!(
            sim.snapshot()
                .people
                .iter()
                .any(|p| p.id == id && p.email == "maelle@example.com")
        );
        let outbox = sim.outbox();
        assert_eq!(outbox.len(), 1, "{profile}");
        assert_eq!(outbox[0].to, "maelle@example.com");
        assert_eq!(outbox[0].name, "Maëlle Ørsted");
        // The new person is in "All people" (v3 shows groups).
        if profile == Profile::V3 {
            assert_eq!(body["groups"].as_array().map(Vec::len), Some(1));
            assert_eq!(
                body["role"]["id"].as_u64(),
                Some(90_391_275_003),
                "default role"
            );
        } else {
            assert_eq!(body["role"], "member");
        }
    }
}

#[tokio::test]
async fn v3_send_invite_false_sends_no_email_and_string_ids_are_accepted() {
    let sim = start(Profile::V3).await;
    let c = client();
    let group = sim.snapshot().groups[1].id;
    let (status, body) = send_json(
        &c,
        &sim,
        Method::POST,
        "/people",
        json!({"first_name":"Quiet","last_name":"One","email":"quiet@example.com",
               "send_invite":false,"role":"90391275004","groups":[group.to_string()]}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert!(sim.outbox().is_empty());
    assert_eq!(
        body["role"]["id"].as_u64(),
        Some(90_391_275_004),
        "role given as a string id"
    );
    assert!(
        body["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .any(|g| g.as_u64() == Some(group)),
        "group given as a string id"
    );
}

#[tokio::test]
async fn guide_invites_on_every_post() {
    let sim = start(Profile::Guide).await;
    let c = client();
    for i in 0..3 {
        let mut body = new_person(Profile::Guide, &format!("p{i}@example.com"));
        body["send_invite"] = json!(false);
        let (status, _) = send_json(&c, &sim, Method::POST, "/people", body).await;
        assert_eq!(status, 201);
    }
    assert_eq!(sim.outbox().len(), 3);
}

per_profile! {
    #[tokio::test]
    async fn duplicate_email_is_refused_case_insensitively(profile) {
        let sim = start(profile).await;
        let c = client();
        let taken = sim.snapshot().people[3].email.to_uppercase();
        let count = sim.snapshot().people.len();
        let (status, body) = send_json(
            &c,
            &sim,
            Method::POST,
            "/people",
            new_person(profile, &taken),
        )
        .await;
        match profile {
            Profile::V3 => {
                assert_eq!(status, 200);
                assert!(is_v3_error(&body, 1301), "{body}");
                assert_eq!(body["message"], "Email already exists");
            }
            Profile::Guide => assert_eq!(status, 422, "{body}"),
        }
        assert_eq!(
            sim.snapshot().people.len(),
            count,
            "{profile}: nobody added"
        );
        assert!(sim.outbox().is_empty(), "{profile}: no invitation");
        // The same on PUT: changing someone's e-mail to a taken one.
        let other = sim.snapshot().people[4].clone();
        let put = match profile {
            Profile::V3 => json!({"email": taken}),
            Profile::Guide => json!({"name":"X Y","email": taken}),
        };
        let (status, body) =
            send_json(&c, &sim, Method::PUT, &format!("/people/{}", other.id), put).await;
        match profile {
            Profile::V3 => assert!(status == 200 && is_v3_error(&body, 1301), "{body}"),
            Profile::Guide => assert_eq!(status, 422),
        }
        assert_eq!(sim.snapshot().people[4], other, "{profile}: unchanged");
    }
}

#[tokio::test]
async fn v3_put_is_partial_guide_put_replaces() {
    // v3: only the fields sent change.
    let sim = start(Profile::V3).await;
    let c = client();
    let before = sim
        .snapshot()
        .people
        .into_iter()
        .find(|p| p.title.is_some() && p.phone.is_some())
        .expect("someone with a title");
    let (status, body) = send_json(
        &c,
        &sim,
        Method::PUT,
        &format!("/people/{}", before.id),
        json!({"last_name":"Nowak-Kowalska"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["last_name"], "Nowak-Kowalska");
    assert_eq!(
        body["title"],
        before.title.clone().expect("title").as_str(),
        "kept"
    );
    assert_eq!(body["email"], before.email.as_str(), "kept");
    let after = sim
        .snapshot()
        .people
        .into_iter()
        .find(|p| p.id == before.id)
        .expect("there");
    assert_eq!(after.phone, before.phone);
    assert_eq!(after.role, before.role);

    // guide: omitted optional fields are cleared.
    let sim = start(Profile::Guide).await;
    let before = sim.snapshot().people[10].clone();
    assert!(before.phone.is_some() && before.company.is_some());
    let (status, body) = send_json(
        &c,
        &sim,
        Method::PUT,
        &format!("/people/{}", before.id),
        json!({"name":"Renamed Person","email":before.email,"role":"member"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["name"], "Renamed Person");
    assert_eq!(body["phone"], Value::Null, "omitted phone cleared");
    assert_eq!(body["company"], Value::Null, "omitted company cleared");
    assert_eq!(body["username"], Value::Null);
    let again = get_json(&c, &sim, &format!("/people/{}", before.id)).await;
    assert_eq!(again["phone"], Value::Null, "cleared for good");
    // A guide PUT without the required fields is refused and changes nothing.
    let stored = sim.snapshot().people[10].clone();
    let (status, _) = send_json(
        &c,
        &sim,
        Method::PUT,
        &format!("/people/{}", before.id),
        json!({"phone":"+1 555 0100"}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(sim.snapshot().people[10], stored);
}

per_profile! {
    #[tokio::test]
    async fn updated_at_is_set_on_every_write_in_whole_seconds(profile) {
        let sim = start(profile).await;
        let c = client();
        let person = sim.snapshot().people[20].clone();
        let path = format!("/people/{}", person.id);
        let mut last = person.updated_at.clone();
        for i in 0..3 {
            let body = match profile {
                Profile::V3 => json!({"title": format!("T{i}")}),
                Profile::Guide => json!({"name": format!("N {i}"), "email": person.email}),
            };
            let (status, reply) = send_json(&c, &sim, Method::PUT, &path, body).await;
            assert_eq!(status, 200);
            let stamp = reply["updated_at"]
                .as_str()
                .expect("updated_at")
                .to_string();
            // The docs' shape: `2019-01-22T10:47:23+00:00`, no fraction.
            let parsed = chrono::DateTime::parse_from_rfc3339(&stamp).expect("RFC 3339");
            assert_eq!(parsed.timestamp_subsec_nanos(), 0, "{profile}: {stamp}");
            assert!(stamp.ends_with("+00:00") && !stamp.contains('.'), "{stamp}");
            assert!(
                stamp >= last && stamp > person.updated_at,
                "{profile}: {stamp} before {last}"
            );
            last = stamp;
        }
    }
}

per_profile! {
    #[tokio::test]
    async fn delete_person_leaves_every_project_manager_post_and_group(profile) {
        let sim = start(profile).await;
        let c = client();
        let snap = sim.snapshot();
        // A manager who is in several projects and groups.
        let victim = snap
            .projects
            .iter()
            .filter_map(|p| p.manager)
            .find(|m| {
                snap.projects
                    .iter()
                    .filter(|p| p.assigned.contains(m))
                    .count()
                    >= 2
                    && snap
                        .groups
                        .iter()
                        .filter(|g| g.assigned.contains(m))
                        .count()
                        >= 2
                    && !snap
                        .people
                        .iter()
                        .any(|p| p.id == *m && p.role == 90_391_275_001)
            })
            .expect("a suitable person in the demo data");
        let member_of: Vec<u64> = snap
            .projects
            .iter()
            .filter(|p| p.assigned.contains(&victim))
            .map(|p| p.id)
            .collect();
        assert_eq!(delete(&c, &sim, &format!("/people/{victim}")).await, 204);
        let after = sim.snapshot();
        assert!(after.people.iter().all(|p| p.id != victim));
        assert!(after.projects.iter().all(|p| !p.assigned.contains(&victim)));
        assert!(after.projects.iter().all(|p| p.manager != Some(victim)));
        assert!(after.groups.iter().all(|g| !g.assigned.contains(&victim)));
        // And over the API.
        for project in member_of {
            match profile {
                Profile::V3 => {
                    let p = get_json(&c, &sim, &format!("/projects/{project}")).await;
                    assert!(!numbers(&p["assigned"]).contains(&victim));
                    assert_ne!(p["manager"]["id"].as_u64(), Some(victim));
                }
                Profile::Guide => {
                    let m = get_json(&c, &sim, &format!("/projects/{project}/people")).await;
                    assert!(!ids(&m).contains(&victim));
                }
            }
        }
        match profile {
            Profile::V3 => {
                assert!(
                    get_json(&c, &sim, &format!("/people/{victim}"))
                        .await
                        .is_array()
                );
                let groups = get_json(&c, &sim, "/groups").await;
                for g in groups.as_array().expect("groups") {
                    assert!(!numbers(&g["assigned"]).contains(&victim));
                }
                let (_, body) = send_json(
                    &c,
                    &sim,
                    Method::DELETE,
                    &format!("/people/{victim}"),
                    json!({}),
                )
                .await;
                assert!(is_v3_error(&body, 1301), "deleting again: {body}");
            }
            Profile::Guide => {
                assert_eq!(
                    get(&c, &sim, &format!("/people/{victim}")).await.status(),
                    404
                );
                assert_eq!(delete(&c, &sim, &format!("/people/{victim}")).await, 404);
            }
        }
    }
}

per_profile! {
    #[tokio::test]
    async fn the_owner_cannot_be_deleted_or_demoted(profile) {
        let sim = start(profile).await;
        let c = client();
        let owner = sim.snapshot().people[0].clone();
        assert_eq!(owner.role, 90_391_275_001);
        assert_eq!(
            delete(&c, &sim, &format!("/people/{}", owner.id)).await,
            403
        );
        let body = match profile {
            Profile::V3 => json!({"role": "90391275003"}),
            Profile::Guide => {
                json!({"name":"Ólafur Ragnarsson","email":owner.email,"role":"member"})
            }
        };
        let (status, _) = send_json(
            &c,
            &sim,
            Method::PUT,
            &format!("/people/{}", owner.id),
            body,
        )
        .await;
        assert_eq!(status, 403);
        assert_eq!(sim.snapshot().people[0], owner);
    }
}

#[tokio::test]
async fn putting_back_a_record_as_read_changes_nothing_but_its_stamp() {
    // The client's read-modify-write sends the whole record it read, read-only fields included.
    for profile in Profile::ALL {
        let sim = start(profile).await;
        let c = client();
        let before = sim.snapshot();
        let mut after = before.clone();
        // Everyone: titles missing and present, every zone, the owner, the hostile name.
        for person in &before.people {
            let path = format!("/people/{}", person.id);
            let read = get_json(&c, &sim, &path).await;
            let (status, written) = send_json(&c, &sim, Method::PUT, &path, read.clone()).await;
            assert_eq!(status, 200, "{profile}: {written}");
            assert_ne!(written["updated_at"], read["updated_at"]);
            let mut expected = read.clone();
            expected["updated_at"] = written["updated_at"].clone();
            assert_eq!(written, expected, "{profile}: the same record comes back");
        }
        for (now, then) in sim.snapshot().people.iter().zip(after.people.iter_mut()) {
            then.updated_at = now.updated_at.clone();
        }
        if profile == Profile::V3 {
            for project in &before.projects {
                let path = format!("/projects/{}", project.id);
                let read = get_json(&c, &sim, &path).await;
                let (status, _) = send_json(&c, &sim, Method::PUT, &path, read).await;
                assert_eq!(status, 200);
            }
            let mut now = sim.snapshot().projects;
            for (n, b) in now.iter_mut().zip(&before.projects) {
                assert_ne!(n.modified_at, b.modified_at);
                n.modified_at = b.modified_at.clone();
            }
            assert_eq!(now, before.projects, "no project field changed");
        }
        assert_eq!(
            sim.snapshot().people,
            after.people,
            "{profile}: no person field changed"
        );
    }
}
