//! Row: list paging. v3 start/limit (default = max = 100, unknown params ignored), guide
//! page/per_page (default 25, max 100, start/limit ignored); every person exactly once.

use crate::support::per_profile;
use std::collections::HashSet;

use proofhub_tui::model::profile::Profile;

use super::common::*;

/// Pages `path` with the profile's parameters until a short page; returns all ids in order.
async fn walk(sim: &proofhub_tui::sim::Sim, path: &str, size: Option<u64>) -> (Vec<u64>, usize) {
    let c = client();
    let mut all = Vec::new();
    let mut pages = 0;
    loop {
        let query = match (sim.profile(), size) {
            (Profile::V3, None) => format!("start={}", all.len()),
            (Profile::V3, Some(n)) => format!("start={}&limit={n}", all.len()),
            (Profile::Guide, None) => format!("page={}", pages + 1),
            (Profile::Guide, Some(n)) => format!("page={}&per_page={n}", pages + 1),
        };
        let page = ids(&get_json(&c, sim, &format!("{path}?{query}")).await);
        pages += 1;
        let expected = match (sim.profile(), size) {
            (Profile::V3, s) => s.unwrap_or(100).min(100) as usize,
            (Profile::Guide, s) => s.unwrap_or(25).min(100) as usize,
        };
        assert!(
            page.len() <= expected,
            "a page is never longer than its size"
        );
        let short = page.len() < expected;
        all.extend(page);
        if short {
            return (all, pages);
        }
        assert!(pages < 1000, "paging does not end");
    }
}

fn assert_each_once(got: &[u64], want: &[u64]) {
    let set: HashSet<u64> = got.iter().copied().collect();
    assert_eq!(set.len(), got.len(), "an id came twice");
    assert_eq!(got, want, "every record once, in the account's order");
}

per_profile! {
    #[tokio::test]
    async fn every_person_and_project_exactly_once_with_defaults_and_maxima(profile) {
        let sim = start(profile).await;
        let snap = sim.snapshot();
        let people: Vec<u64> = snap.people.iter().map(|p| p.id).collect();
        let projects: Vec<u64> = snap.projects.iter().map(|p| p.id).collect();
        assert_eq!(people.len(), 250);
        for size in [None, Some(100), Some(7)] {
            let (got, pages) = walk(&sim, "/people", size).await;
            assert_each_once(&got, &people);
            let per = size.unwrap_or(if profile == Profile::V3 { 100 } else { 25 });
            assert_eq!(pages, 250 / per as usize + 1, "{profile} {size:?}");
            let (got, _) = walk(&sim, "/projects", size).await;
            assert_each_once(&got, &projects);
        }
    }
}

per_profile! {
    #[tokio::test]
    async fn sizes_over_100_are_clamped_to_100(profile) {
        let sim = start(profile).await;
        let c = client();
        let query = match profile {
            Profile::V3 => "limit=500",
            Profile::Guide => "per_page=500",
        };
        let page = ids(&get_json(&c, &sim, &format!("/people?{query}")).await);
        assert_eq!(page.len(), 100, "{profile}");
        let (got, pages) = walk(&sim, "/people", Some(1000)).await;
        assert_eq!(got.len(), 250);
        assert_eq!(pages, 3, "{profile}: 100 + 100 + 50");
    }
}

#[tokio::test]
async fn v3_ignores_page_and_per_page() {
    let sim = start(Profile::V3).await;
    let c = client();
    let first = ids(&get_json(&c, &sim, "/people").await);
    assert_eq!(first.len(), 100, "default limit 100");
    let again = ids(&get_json(&c, &sim, "/people?page=2&per_page=10").await);
    assert_eq!(
        again, first,
        "page/per_page are unknown to v3: page 1 again"
    );
    let past_end = ids(&get_json(&c, &sim, "/people?start=250").await);
    assert!(past_end.is_empty());
}

#[tokio::test]
async fn guide_ignores_start_and_limit() {
    let sim = start(Profile::Guide).await;
    let c = client();
    let first = ids(&get_json(&c, &sim, "/people").await);
    assert_eq!(first.len(), 25, "default per_page 25");
    let again = ids(&get_json(&c, &sim, "/people?start=100&limit=10").await);
    assert_eq!(again, first);
    let second = ids(&get_json(&c, &sim, "/people?page=2").await);
    assert_eq!(second.len(), 25);
    assert!(second.iter().all(|id| !first.contains(id)));
    assert!(ids(&get_json(&c, &sim, "/people?page=11").await).is_empty());
}
