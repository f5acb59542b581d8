//! Export → sync is exact: an account with hostile text in every field (control characters,
//! bidi overrides, zero-width characters, quotes, commas, line breaks, leading `=`/`+`/`-`/`@`),
//! exported as CSV and used as the sync source against the same account, plans nothing, and
//! applying that plan sends no write; the JSON export holds none of those characters raw and
//! reads back to the same text. Both profiles, many seeds (README "Export", "The source CSV").
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::hostile;
use crate::support::per_profile;

use proofhub_tui::cli::export::{CsvForm, to_csv, to_json};
use proofhub_tui::dirsync::plan::{self, PlanContext, PlanOptions};
use proofhub_tui::dirsync::source;
use serde_json::Value;

use hostile::{client, load};

per_profile! {
    #[tokio::test]
    async fn a_hostile_export_planned_against_its_account_plans_nothing(profile) {
        for seed in 1..=12 {
            let sim = hostile::start(profile, hostile::account(seed, 9)).await;
            let account = load(&client(&sim)).await;
            let csv = to_csv(&account, CsvForm::Data).expect("csv");
            let src = source::parse(&csv)
                .unwrap_or_else(|e| panic!("{profile} seed {seed}: {e:?}\n{csv}"));
            let plan = plan::build(
                &account,
                &src,
                PlanOptions {
                    allow_delete: true,
                    ..PlanOptions::default()
                },
                PlanContext {
                    base_url: sim.base_url(),
                    source: "export.csv".into(),
                    created_at: "2026-01-01T00:00:00Z".into(),
                    key: proofhub_tui::dirsync::seal::PlanKey::from_bytes(
                        b"test key for sealing sync plans!",
                    ),
                },
            )
            .unwrap_or_else(|e| panic!("{profile} seed {seed}: {e:?}"));
            assert!(
                plan.items.is_empty(),
                "{profile} seed {seed}: {:#?}",
                plan.items
            );
            sim.shutdown().await;
        }
    }
}

per_profile! {
    #[tokio::test]
    async fn a_hostile_json_export_holds_nothing_raw_and_reads_back_the_same_text(profile) {
        for seed in 1..=6 {
            let sim = hostile::start(profile, hostile::account(seed, 9)).await;
            let account = load(&client(&sim)).await;
            let hostile_in_account = account.people.iter().any(|p| {
                format!("{}{}", p.display_name(), p.email())
                    .chars()
                    .any(hostile::listed)
            });
            assert!(
                hostile_in_account,
                "{profile} seed {seed}: the account holds the text"
            );
            let text = to_json(&account);
            let raw: Vec<String> = text
                .chars()
                .filter(|c| hostile::listed(*c))
                .map(|c| format!("U+{:04X}", c as u32))
                .collect();
            assert!(raw.is_empty(), "{profile} seed {seed}: raw {raw:?}");
            let doc: Value = serde_json::from_str(&text).expect("valid JSON");
            for (p, json) in account
                .people
                .iter()
                .zip(doc["people"].as_array().expect("people"))
            {
                assert_eq!(json["email"], p.email(), "{profile} seed {seed}");
                assert_eq!(
                    json["name"],
                    p.display_name().as_str(),
                    "{profile} seed {seed}"
                );
            }
            for (p, json) in account
                .projects
                .iter()
                .zip(doc["projects"].as_array().expect("projects"))
            {
                assert_eq!(json["title"], p.title.as_str(), "{profile} seed {seed}");
            }
            sim.shutdown().await;
        }
    }
}

per_profile! {
    /// The whole path through the binary: `export --out` (CSV and JSON), `sync plan`, `sync apply
    /// --yes`; the simulator's request log shows no write at all.
    #[tokio::test]
    async fn the_binary_round_trip_plans_nothing_and_applies_no_write(profile) {
        for seed in [3, 4] {
            let sim = hostile::start(profile, hostile::account(seed, 9)).await;
            let home = hostile::home();
            let dir = home.path();
            let url = sim.base_url();
            let csv = dir.join("export.csv");
            let json = dir.join("export.json");
            let plan = dir.join("plan.json");
            let (csv_s, json_s, plan_s) = (
                csv.to_string_lossy().into_owned(),
                json.to_string_lossy().into_owned(),
                plan.to_string_lossy().into_owned(),
            );
            for args in [
                vec!["export", "--base-url", &url, "--out", &csv_s],
                vec![
                    "export",
                    "--base-url",
                    &url,
                    "--format",
                    "json",
                    "--out",
                    &json_s,
                ],
                vec![
                    "sync",
                    "plan",
                    "--base-url",
                    &url,
                    "--source",
                    &csv_s,
                    "--allow-delete",
                    "--out",
                    &plan_s,
                ],
                vec!["sync", "apply", "--base-url", &url, &plan_s, "--yes"],
            ] {
                let out = hostile::run(&args, &sim, dir, false).await;
                assert!(
                    out.status.success(),
                    "{profile} seed {seed}: {args:?}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            let plan_doc: Value =
                serde_json::from_str(&std::fs::read_to_string(&plan).expect("plan")).expect("json");
            assert_eq!(
                plan_doc["items"],
                serde_json::json!([]),
                "{profile} seed {seed}"
            );
            assert_eq!(
                hostile::writes(&sim),
                Vec::<String>::new(),
                "{profile} seed {seed}"
            );
            let exported = std::fs::read_to_string(&json).expect("json export");
            assert!(
                !exported.chars().any(hostile::listed),
                "{profile} seed {seed}"
            );
            sim.shutdown().await;
        }
    }
}
