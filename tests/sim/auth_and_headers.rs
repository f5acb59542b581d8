//! Rows: auth header, bad or missing key, User-Agent missing, Content-Type missing.

use crate::support::per_profile;
use proofhub_tui::model::profile::Profile;
use reqwest::Method;
use serde_json::{Value, json};

use super::common::*;

#[tokio::test]
async fn v3_bad_or_missing_key_is_http_200_with_code_1001() {
    let sim = start(Profile::V3).await;
    let c = client();
    let url = format!("{}/people", sim.base_url());
    let attempts = [
        c.get(&url)
            .header("User-Agent", UA)
            .header("X-API-KEY", "wrong"),
        c.get(&url).header("User-Agent", UA),
        // v3 reads only X-API-KEY: a correct Bearer token does not help.
        c.get(&url)
            .header("User-Agent", UA)
            .header("Authorization", format!("Bearer {}", sim.token())),
    ];
    for rb in attempts {
        let r = rb.send().await.expect("answered");
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.expect("json");
        assert_eq!(
            body,
            json!({"success":false,"status":false,"code":1001,"message":"WRONG ACCESS TOKEN"})
        );
    }
    // The header name is case-insensitive, as HTTP says.
    let ok = c
        .get(&url)
        .header("User-Agent", UA)
        .header("x-api-key", sim.token())
        .send()
        .await
        .expect("answered");
    assert!(ok.json::<Value>().await.expect("json").is_array());
}

#[tokio::test]
async fn guide_bad_or_missing_key_is_401_with_a_json_body() {
    let sim = start(Profile::Guide).await;
    let c = client();
    let url = format!("{}/people", sim.base_url());
    let attempts = [
        c.get(&url)
            .header("User-Agent", UA)
            .header("Authorization", "Bearer wrong"),
        c.get(&url).header("User-Agent", UA),
        c.get(&url)
            .header("User-Agent", UA)
            .header("X-API-KEY", sim.token()),
    ];
    for rb in attempts {
        let r = rb.send().await.expect("answered");
        assert_eq!(r.status(), 401);
        let body: Value = r.json().await.expect("json body");
        assert!(body["message"].is_string(), "{body}");
    }
    let r = c
        .get(&url)
        .header("User-Agent", UA)
        .header("Authorization", format!("bearer {}", sim.token()))
        .send()
        .await
        .expect("answered");
    assert_eq!(r.status(), 200, "the Bearer scheme is case-insensitive");
}

per_profile! {
    #[tokio::test]
    async fn missing_user_agent_is_400_in_both_profiles(profile) {
        let sim = start(profile).await;
        let c = client();
        // reqwest sends no User-Agent unless told to.
        let r = auth(c.get(format!("{}/people", sim.base_url())), &sim)
            .send()
            .await
            .expect("answered");
        assert_eq!(r.status(), 400, "{profile}");
        let body: Value = r.json().await.expect("json");
        if profile == Profile::V3 {
            assert_eq!(body, json!({"code":1201,"message":"Incomplete headers"}));
        }
        let r = auth(c.get(format!("{}/people", sim.base_url())), &sim)
            .header("User-Agent", "")
            .send()
            .await
            .expect("answered");
        assert_eq!(r.status(), 400, "{profile}: an empty User-Agent is missing");
    }
}

per_profile! {
    #[tokio::test]
    async fn post_and_put_without_json_content_type_are_415_and_change_nothing(profile) {
        let sim = start(profile).await;
        let c = client();
        let person = sim.snapshot().people[5].clone();
        let before = sim.snapshot();
        for (method, path) in [
            (Method::POST, "/people".to_string()),
            (Method::PUT, format!("/people/{}", person.id)),
        ] {
            for ct in [None, Some("text/plain")] {
                let mut rb = auth(
                    c.request(method.clone(), format!("{}{path}", sim.base_url())),
                    &sim,
                )
                .header("User-Agent", UA)
                .body(json!({"email":"new@example.com","name":"N N","first_name":"N"}).to_string());
                if let Some(ct) = ct {
                    rb = rb.header("Content-Type", ct);
                }
                let r = rb.send().await.expect("answered");
                assert_eq!(r.status(), 415, "{profile} {method} {path} {ct:?}");
            }
        }
        assert_eq!(sim.snapshot(), before, "{profile}: nothing changed");
        // With a charset parameter it is accepted.
        let r = auth(
            c.put(format!("{}/people/{}", sim.base_url(), person.id)),
            &sim,
        )
        .header("User-Agent", UA)
        .header("Content-Type", "application/json; charset=utf-8")
        .body(json!({"name":"A B","email":person.email,"first_name":"A"}).to_string())
        .send()
        .await
        .expect("answered");
        assert_eq!(r.status(), 200, "{profile}");
    }
}

per_profile! {
    #[tokio::test]
    async fn delete_without_content_type_v3_200_with_1201_guide_accepted(profile) {
        let sim = start(profile).await;
        let c = client();
        let victim = sim.snapshot().people[7].id;
        let r = bare(&c, &sim, Method::DELETE, &format!("/people/{victim}"))
            .send()
            .await
            .expect("answered");
        let still_there = sim.snapshot().people.iter().any(|p| p.id == victim);
        match profile {
            Profile::V3 => {
                assert_eq!(r.status(), 200);
                let body: Value = r.json().await.expect("json");
                assert_eq!(body["code"], 1201);
                assert!(still_there, "v3 deleted nothing");
                assert_eq!(delete(&c, &sim, &format!("/people/{victim}")).await, 204);
                assert!(!sim.snapshot().people.iter().any(|p| p.id == victim));
            }
            Profile::Guide => {
                assert_eq!(r.status(), 204);
                assert!(!still_there);
            }
        }
    }
}

#[tokio::test]
async fn endpoints_of_the_other_profile_do_not_exist() {
    let c = client();
    let v3 = start(Profile::V3).await;
    let project = v3.snapshot().projects[0].id;
    let r = get(&c, &v3, &format!("/projects/{project}/people")).await;
    assert_eq!(r.status(), 404);
    let guide = start(Profile::Guide).await;
    for path in ["/roles", "/groups"] {
        assert_eq!(get(&c, &guide, path).await.status(), 404, "guide {path}");
    }
    let (status, _) = send_json(&c, &guide, Method::POST, "/projects", json!({"title":"x"})).await;
    assert_eq!(status, 405);
    // No current-user endpoint, no webhooks, no SCIM, in either profile.
    for sim in [&v3, &guide] {
        for path in ["/me", "/webhooks", "/scim/v2/Users"] {
            assert_eq!(
                get(&c, sim, path).await.status(),
                404,
                "{} {path}",
                sim.profile()
            );
        }
    }
}
