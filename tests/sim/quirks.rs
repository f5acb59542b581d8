//! The simulator's quirks (`proofhub_tui::sim::Quirks`, `sim --page-cap/--refuse-bearer/
//! --micro-stamps`): each changes one documented behaviour and nothing else.

use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::{Quirks, SimOptions};
use reqwest::Method;
use serde_json::json;

use super::common::*;

async fn start_quirky(profile: Profile, quirks: Quirks) -> proofhub_tui::sim::Sim {
    let mut opts = SimOptions::demo(profile);
    opts.rate = UNLIMITED;
    opts.quirks = quirks;
    start_with(opts).await
}

#[tokio::test]
async fn a_page_cap_shortens_pages_in_both_dialects() {
    let quirks = Quirks {
        page_cap: 50,
        ..Quirks::default()
    };
    let v3 = start_quirky(Profile::V3, quirks).await;
    let c = client();
    let first = get_json(&c, &v3, "/people?start=0&limit=100").await;
    let second = get_json(&c, &v3, "/people?start=50&limit=100").await;
    assert_eq!(ids(&first).len(), 50);
    assert_eq!(ids(&second).len(), 50);
    assert!(ids(&first).iter().all(|id| !ids(&second).contains(id)));
    let guide = start_quirky(Profile::Guide, quirks).await;
    assert_eq!(
        ids(&get_json(&c, &guide, "/people?page=1&per_page=100").await).len(),
        50
    );
}

#[tokio::test]
async fn refusing_bearer_makes_guide_read_the_api_key_header() {
    let sim = start_quirky(
        Profile::Guide,
        Quirks {
            refuse_bearer: true,
            ..Quirks::default()
        },
    )
    .await;
    let c = client();
    let url = format!("{}/people", sim.base_url());
    let bearer = c
        .get(&url)
        .header("User-Agent", UA)
        .bearer_auth(sim.token())
        .send()
        .await
        .unwrap();
    assert_eq!(bearer.status().as_u16(), 401);
    let key = c
        .get(&url)
        .header("User-Agent", UA)
        .header("X-API-KEY", sim.token())
        .send()
        .await
        .unwrap();
    assert_eq!(key.status().as_u16(), 200);
}

#[tokio::test]
async fn micro_stamps_show_on_reads_and_writes() {
    let sim = start_quirky(
        Profile::V3,
        Quirks {
            micro_stamps: true,
            ..Quirks::default()
        },
    )
    .await;
    let c = client();
    let people = get_json(&c, &sim, "/people").await;
    let first = &people.as_array().unwrap()[0];
    let stamp = first["updated_at"].as_str().unwrap();
    assert_eq!(
        stamp.len(),
        "2019-01-22T10:47:23.123456+00:00".len(),
        "{stamp}"
    );
    let (status, updated) = send_json(
        &c,
        &sim,
        Method::PUT,
        &format!("/people/{}", first["id"]),
        json!({"title": "Micro"}),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        updated["updated_at"].as_str().unwrap().contains('.'),
        "{}",
        updated["updated_at"]
    );
}
