//! A v3 rename through sync keeps the name split the admin meant (README "The source CSV"):
//! "Mary Ann" + "Smith" renamed to "Mary Ann Smythe" in a `name` column stays first name "Mary
//! Ann"; the plan (what the review shows) names the last name it changes; export's own
//! `first_name`/`last_name` columns carry the split as it is.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::hostile;

use proofhub_tui::sim::Profile;
use serde_json::Value;

#[tokio::test]
async fn a_v3_rename_through_sync_keeps_mary_ann_as_the_first_name() {
    for by_parts in [false, true] {
        let mut data = hostile::account(31, 3);
        data.people[1].first_name = "Mary Ann".into();
        data.people[1].last_name = "Smith".into();
        data.people[1].email = "mary.ann@example.com".into();
        let sim = hostile::start(Profile::V3, data).await;
        let home = hostile::home();
        let dir = home.path();
        let url = sim.base_url();
        let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
        let (export, source, plan) = (p("export.csv"), p("source.csv"), p("plan.json"));
        let out = hostile::run(
            &["export", "--base-url", &url, "--out", &export],
            &sim,
            dir,
            false,
        )
        .await;
        assert!(out.status.success());
        let text = std::fs::read_to_string(&export).expect("export");
        assert!(
            text.lines()
                .next()
                .is_some_and(|h| h.contains("first_name,last_name"))
        );
        let csv = if by_parts {
            // Export's own columns: the admin edits the last name.
            text.replace(",Mary Ann,Smith,", ",Mary Ann,Smythe,")
        } else {
            // An HR list with one name column.
            "email,name\nmary.ann@example.com,Mary Ann Smythe\n".to_string()
        };
        assert_ne!(csv, text, "the source renames");
        std::fs::write(&source, csv).expect("source");
        let out = hostile::run(
            &[
                "sync",
                "plan",
                "--base-url",
                &url,
                "--source",
                &source,
                "--out",
                &plan,
            ],
            &sim,
            dir,
            false,
        )
        .await;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(&plan).expect("plan")).expect("json");
        let fields: Vec<(String, String, String)> = doc["items"]
            .as_array()
            .expect("items")
            .iter()
            .flat_map(|i| i["fields"].as_array().cloned().unwrap_or_default())
            .map(|f| {
                let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
                (s("field"), s("before"), s("after"))
            })
            .collect();
        assert_eq!(fields.len(), 1, "by_parts {by_parts}: {fields:?}");
        assert_eq!(
            fields[0].0, "last_name",
            "the review shows the part it changes"
        );
        assert_eq!(
            (fields[0].1.as_str(), fields[0].2.as_str()),
            ("Smith", "Smythe"),
            "{fields:?}"
        );
        let out = hostile::run(
            &["sync", "apply", "--base-url", &url, &plan, "--yes"],
            &sim,
            dir,
            false,
        )
        .await;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let person = sim.snapshot().people[1].clone();
        assert_eq!(
            (person.first_name.as_str(), person.last_name.as_str()),
            ("Mary Ann", "Smythe"),
            "by_parts {by_parts}"
        );
        sim.shutdown().await;
    }
}
