//! `export` and `sync plan` write the same bytes as before they were made cheaper at 100,000
//! people (issue 18: cells written into one buffer, memberships read without building lists,
//! the plan's lookups by hash). Each output of a loaded account, hostile text in every field
//! and the generated account with its groups, project roles (guide) and memberships, is hashed
//! (FNV-1a, 64 bits) and compared with what main at 5e9171e wrote for the same account: CSV in
//! both forms with the default columns and with every `--fields` column, the JSON document and
//! its `--fields` form, and the sealed plan (renames, new emails, memberships added and dropped,
//! deletes) as its file holds it. A change of any byte, of any row's or item's order, fails here;
//! the failure lists every output's hash, for a change that is meant.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::hostile;
use crate::support::per_profile;

use proofhub_tui::cli::export::{self, CsvForm, Field};
use proofhub_tui::dirsync::plan::{self, PlanContext, PlanOptions};
use proofhub_tui::dirsync::source::{self, SourceName};
use proofhub_tui::model::account::Account;
use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::data::AccountData;

use hostile::{client, load};

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Every `--fields` column, in the order the type declares them.
fn every_field() -> &'static [Field] {
    <Field as clap::ValueEnum>::value_variants()
}

/// A sync source from the export: some rows renamed, some with a new email, some with their
/// projects reversed (the same set) or their first project dropped.
fn edited_source(csv: &str) -> source::Source {
    let mut src = source::parse(csv).expect("the export reads as a source");
    for (i, row) in src.rows.iter_mut().enumerate() {
        match i % 5 {
            0 => row.name = SourceName::Full(format!("Renamed  {i}   Person")),
            1 => row.email = format!("new{i}@example.net"),
            2 => {
                if let Some(p) = row.projects.as_mut() {
                    p.reverse();
                }
            }
            3 => {
                if let Some(p) = row.projects.as_mut()
                    && !p.is_empty()
                {
                    p.remove(0);
                }
            }
            _ => {}
        }
    }
    src
}

/// Every output of `account`, named, with its hash.
fn outputs(account: &Account) -> Vec<(&'static str, u64)> {
    let csv = export::to_csv(account, CsvForm::Data).expect("csv");
    let mut out = vec![
        ("csv", fnv(csv.as_bytes())),
        (
            "csv terminal",
            fnv(export::to_csv(account, CsvForm::Terminal)
                .expect("csv")
                .as_bytes()),
        ),
        ("json", fnv(export::to_json(account).as_bytes())),
    ];
    for (name, form) in [
        ("csv fields", CsvForm::Data),
        ("csv fields terminal", CsvForm::Terminal),
    ] {
        let mut bytes = Vec::new();
        export::write_csv(account, form, every_field(), &mut bytes).expect("csv");
        out.push((name, fnv(&bytes)));
    }
    let mut bytes = Vec::new();
    export::write_json_fields(account, every_field(), &mut bytes).expect("json");
    out.push(("json fields", fnv(&bytes)));
    let plan = plan::build(
        account,
        &edited_source(&csv),
        PlanOptions {
            allow_delete: true,
            ..PlanOptions::default()
        },
        PlanContext {
            base_url: "http://127.0.0.1:1/api/v3".into(),
            source: "export.csv".into(),
            created_at: "2026-01-01T00:00:00Z".into(),
            key: proofhub_tui::dirsync::seal::PlanKey::from_bytes(
                b"test key for sealing sync plans!",
            ),
        },
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(plan.items.len() > 3, "the plan changes something");
    out.push(("plan", fnv(plan.to_json().as_bytes())));
    out
}

async fn hashes(profile: Profile, name: &str, data: AccountData) -> Vec<(String, u64)> {
    let sim = hostile::start(profile, data).await;
    let account = load(&client(&sim)).await;
    sim.shutdown().await;
    outputs(&account)
        .into_iter()
        .map(|(what, h)| (format!("{profile} {name} {what}"), h))
        .collect()
}

fn check(got: &[(String, u64)], want: &[(&str, u64)]) {
    let shown: String = got
        .iter()
        .map(|(name, h)| format!("(\"{name}\", 0x{h:016x}),\n"))
        .collect();
    let got: Vec<(&str, u64)> = got.iter().map(|(n, h)| (n.as_str(), *h)).collect();
    assert_eq!(got, want, "the outputs' hashes now:\n{shown}");
}

per_profile! {
    #[tokio::test]
    async fn export_and_plan_write_the_bytes_they_wrote_before(profile) {
        let mut got = hashes(profile, "hostile", hostile::account(3, 12)).await;
        got.extend(hashes(profile, "generated", AccountData::generate(240, 12, 42)).await);
        let want = match profile {
            Profile::V3 => V3,
            Profile::Guide => GUIDE,
        };
        check(&got, want);
    }
}

const V3: &[(&str, u64)] = &[
    ("v3 hostile csv", 0xb1d62a3c9e33f753),
    ("v3 hostile csv terminal", 0x9f6de3ca2c8e4d4d),
    ("v3 hostile json", 0xbf27873aff5da3d2),
    ("v3 hostile csv fields", 0xf14117b8e5376305),
    ("v3 hostile csv fields terminal", 0xf3a8956c234e5de3),
    ("v3 hostile json fields", 0xa9c687fc7ba6ec25),
    ("v3 hostile plan", 0xf8cf402d920aff81),
    ("v3 generated csv", 0xd062c3e4e2b9f4dc),
    ("v3 generated csv terminal", 0xd062c3e4e2b9f4dc),
    ("v3 generated json", 0x35bebcfe7745830f),
    ("v3 generated csv fields", 0x46651c3c52338344),
    ("v3 generated csv fields terminal", 0x46651c3c52338344),
    ("v3 generated json fields", 0xeeabcfd54dec91d8),
    ("v3 generated plan", 0x70402ae4c26b7f01),
];

const GUIDE: &[(&str, u64)] = &[
    ("guide hostile csv", 0x7ea042cb6765fc31),
    ("guide hostile csv terminal", 0xc3bd8ef8d98ba215),
    ("guide hostile json", 0x5e9a0e271392689e),
    ("guide hostile csv fields", 0xcf48f2e66b0d39e9),
    ("guide hostile csv fields terminal", 0x7b8198e4bb7a0645),
    ("guide hostile json fields", 0x62279f33f049f3aa),
    ("guide hostile plan", 0x82f02adb98e1b54e),
    ("guide generated csv", 0xcdcba45e822c9634),
    ("guide generated csv terminal", 0xcdcba45e822c9634),
    ("guide generated json", 0xbf5d6463b3016565),
    ("guide generated csv fields", 0x5d5f0db7e1a693b4),
    ("guide generated csv fields terminal", 0x5d5f0db7e1a693b4),
    ("guide generated json fields", 0x906618f728a3e05c),
    ("guide generated plan", 0x3bee7c7d20f4e135),
];
