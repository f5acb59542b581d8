//! Every file proofhub-tui writes that holds people is owner-only: a scripted run (export CSV
//! and JSON, sync plan, sync apply with writes, the journal, the ledger, the results, the log)
//! in a temporary `PROOFHUB_TUI_HOME`, then `stat` of every file there: 0600 (README "Export").
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(unix)]

use crate::hostile;
use crate::support::per_profile;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("list").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

per_profile! {
    #[tokio::test]
    async fn every_file_of_a_scripted_run_is_owner_only(profile) {
        let sim = hostile::start(profile, hostile::account(7, 6)).await;
        let home = hostile::home();
        let work = home.path().join("work");
        std::fs::create_dir_all(&work).expect("work dir");
        let p = |name: &str| work.join(name).to_string_lossy().into_owned();
        let url = sim.base_url();
        let (csv, json, source, plan) = (
            p("export.csv"),
            p("export.json"),
            p("source.csv"),
            p("plan.json"),
        );
        for args in [
            vec!["export", "--base-url", &url, "--out", &csv],
            vec![
                "export",
                "--base-url",
                &url,
                "--format",
                "json",
                "--out",
                &json,
            ],
        ] {
            let out = hostile::run(&args, &sim, home.path(), true).await;
            assert!(
                out.status.success(),
                "{profile}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        // A source that invites one person, so apply writes (journal, ledger, results).
        let mut text = std::fs::read_to_string(&csv).expect("export");
        let columns = text.lines().next().map_or(0, |h| h.split(',').count());
        let email_col = text
            .lines()
            .next()
            .and_then(|h| h.split(',').position(|c| c == "email"))
            .expect("email column");
        let mut row = vec![""; columns];
        row[email_col] = "new.hire@example.com";
        text.push_str(&row.join(","));
        text.push('\n');
        std::fs::write(&source, text).expect("source");
        for args in [
            vec![
                "sync",
                "plan",
                "--base-url",
                &url,
                "--source",
                &source,
                "--out",
                &plan,
            ],
            vec!["sync", "apply", "--base-url", &url, &plan, "--yes"],
        ] {
            let out = hostile::run(&args, &sim, home.path(), true).await;
            assert!(
                out.status.success(),
                "{profile} {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(
            hostile::writes(&sim),
            vec!["POST /api/v3/people".to_string()],
            "{profile}"
        );

        let all = files(home.path());
        let names: Vec<String> = all
            .iter()
            .filter_map(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        for wanted in [
            "export.csv",
            "export.json",
            "plan.json",
            "plan.json.results.csv",
            "plan.json.ledger.jsonl",
            "journal.jsonl",
            "proofhub-tui.log",
        ] {
            assert!(
                names.iter().any(|n| n == wanted),
                "{profile}: no {wanted} in {names:?}"
            );
        }
        for f in all
            .iter()
            .filter(|f| !f.ends_with("config/config.toml") && !f.ends_with("work/source.csv"))
        {
            let mode = std::fs::metadata(f).expect("stat").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{profile}: {} is {mode:o}", f.display());
        }
        sim.shutdown().await;
    }
}
