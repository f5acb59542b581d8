//! The access review (#14 point 7), through the real binary against the simulator in both
//! profiles: `export --access-review` writes one row per person × project with the evidence an
//! auditor asks for and empty decision/reviewer columns; the same file with decisions filled in
//! becomes, with `sync plan --access-review`, a sealed plan of exactly the rows marked
//! "revoke", and `sync apply` removes exactly those memberships.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::Path;

use proofhub_tui::dirsync::access_review::COLUMNS;
use proofhub_tui::dirsync::{Change, Plan};
use proofhub_tui::sim::Sim;
use proofhub_tui::sim::data::AccountData;

use crate::support::per_profile;
use crate::support::syncenv::{Home, start, text};

/// (project id, person id) of every membership.
fn memberships(data: &AccountData) -> BTreeSet<(u64, u64)> {
    data.projects
        .iter()
        .flat_map(|p| p.assigned.iter().map(move |person| (p.id, *person)))
        .collect()
}

fn export_review(home: &Home, sim: &Sim) -> (Vec<String>, Vec<csv::StringRecord>) {
    let file = home.file("review.csv");
    let out = home
        .bare(sim.token())
        .arg("--base-url")
        .arg(sim.base_url())
        .args(["export", "--access-review", "--quiet", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let mut r = csv::Reader::from_path(&file).unwrap();
    let headers = r.headers().unwrap().iter().map(str::to_string).collect();
    (headers, r.records().map(Result::unwrap).collect())
}

fn write_review(path: &Path, headers: &[String], rows: &[csv::StringRecord]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(headers).unwrap();
    for row in rows {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();
}

fn plan_review(home: &Home, sim: &Sim) -> std::process::Output {
    home.bare(sim.token())
        .arg("--base-url")
        .arg(sim.base_url())
        .args(["sync", "plan", "--quiet", "--access-review"])
        .arg(home.file("review.csv"))
        .arg("--out")
        .arg(home.file("plan.json"))
        .output()
        .unwrap()
}

fn cell(row: &csv::StringRecord, column: &str) -> String {
    let i = COLUMNS.iter().position(|c| *c == column).unwrap();
    row[i].to_string()
}

fn with_decision(row: &csv::StringRecord, decision: &str) -> csv::StringRecord {
    let mut cells: Vec<String> = row.iter().map(str::to_string).collect();
    cells[COLUMNS.iter().position(|c| *c == "decision").unwrap()] = decision.to_string();
    cells[COLUMNS.iter().position(|c| *c == "reviewer").unwrap()] = "auditor@example.org".into();
    csv::StringRecord::from(cells)
}

per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_access_review_with_two_revoke_decisions_plans_and_applies_exactly_those_two_removals(profile) {
        let sim = start(profile).await;
        let home = Home::new();
        let before = memberships(&sim.snapshot());
        let (headers, rows) = export_review(&home, &sim);
        assert_eq!(headers, COLUMNS, "{profile}");

        // One row per membership, one per person in no project; nothing decided yet.
        let pair = |r: &csv::StringRecord| -> (u64, u64) {
            (cell(r, "project_id").parse().unwrap(), cell(r, "person_id").parse().unwrap())
        };
        let in_projects: Vec<&csv::StringRecord> =
            rows.iter().filter(|r| !cell(r, "project_id").is_empty()).collect();
        assert_eq!(in_projects.len(), before.len(), "{profile}: one row per membership");
        assert_eq!(in_projects.iter().map(|r| pair(r)).collect::<BTreeSet<_>>(), before);
        let data = sim.snapshot();
        let members: BTreeSet<u64> = before.iter().map(|(_, p)| *p).collect();
        let alone = data.people.iter().filter(|p| !members.contains(&p.id)).count();
        assert_eq!(rows.len(), before.len() + alone, "{profile}");
        assert!(
            rows.iter().all(|r| cell(r, "decision").is_empty() && cell(r, "reviewer").is_empty()),
            "{profile}"
        );
        // The evidence: the account role, the manager flag, last active as the account has them.
        let managers: BTreeSet<(u64, u64)> = data
            .projects
            .iter()
            .filter_map(|p| p.manager.map(|m| (p.id, m)))
            .collect();
        let flagged: BTreeSet<(u64, u64)> = in_projects
            .iter()
            .filter(|r| cell(r, "manager") == "yes")
            .map(|r| pair(r))
            .collect();
        assert_eq!(flagged, managers, "{profile}");
        assert!(rows.iter().all(|r| !cell(r, "account_role").is_empty()), "{profile}");
        let seen = data
            .people
            .iter()
            .find(|p| p.last_active.is_some())
            .expect("someone was active");
        let row = rows.iter().find(|r| cell(r, "person_id") == seen.id.to_string()).unwrap();
        // guide's API does not say when someone was last active: the cell stays empty.
        let shown = match profile {
            proofhub_tui::model::profile::Profile::V3 => seen.last_active.clone().unwrap(),
            proofhub_tui::model::profile::Profile::Guide => String::new(),
        };
        assert_eq!(cell(row, "last_active"), shown, "{profile}");

        // Two revocations (two people, two projects), everything else kept or left empty.
        let first = in_projects[0];
        let second = in_projects
            .iter()
            .find(|r| {
                cell(r, "person_id") != cell(first, "person_id")
                    && cell(r, "project_id") != cell(first, "project_id")
            })
            .unwrap();
        let revoked = BTreeSet::from([pair(first), pair(second)]);
        let decided: Vec<csv::StringRecord> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                if revoked.contains(&pair_or_none(r)) {
                    with_decision(r, if i % 2 == 0 { "revoke" } else { " Revoke " })
                } else if i % 3 == 0 {
                    with_decision(r, "keep")
                } else {
                    r.clone()
                }
            })
            .collect();
        write_review(&home.file("review.csv"), &headers, &decided);

        let out = plan_review(&home, &sim);
        assert!(out.status.success(), "{profile}: {}", text(&out));
        assert!(
            text(&out).contains("0 invites, 0 updates, 0 membership adds, 2 membership removes, 0 deletes"),
            "{profile}: {}",
            text(&out)
        );
        let plan = Plan::from_json(&std::fs::read_to_string(home.file("plan.json")).unwrap()).unwrap();
        let planned: BTreeSet<(u64, u64)> = plan
            .items
            .iter()
            .map(|i| match &i.change {
                Change::RemoveMember { project, person, .. } => (project.0, person.0),
                other => panic!("{profile}: only removals, not {other:?}"),
            })
            .collect();
        assert_eq!(plan.items.len(), 2, "{profile}");
        assert_eq!(planned, revoked, "{profile}");
        assert!(sim.requests().iter().all(|r| r.method == "GET"), "{profile}: planning wrote");

        // The sealed plan applies like any sync plan: exactly those two go.
        let out = home.apply(sim.token(), &home.file("plan.json"));
        assert!(out.status.success(), "{profile}: {}", text(&out));
        let after = memberships(&sim.snapshot());
        let expected: BTreeSet<(u64, u64)> = before.difference(&revoked).copied().collect();
        assert_eq!(after, expected, "{profile}");

        // The same review again: both are gone already, nothing is planned and each is noted.
        let out = home
            .bare(sim.token())
            .arg("--base-url")
            .arg(sim.base_url())
            .args(["sync", "plan", "--access-review"])
            .arg(home.file("review.csv"))
            .arg("--out")
            .arg(home.file("again.json"))
            .output()
            .unwrap();
        let said = text(&out);
        assert!(out.status.success(), "{profile}: {said}");
        assert!(said.contains("0 membership removes"), "{profile}: {said}");
        assert_eq!(said.matches("nothing to revoke").count(), 2, "{profile}: {said}");
        sim.shutdown().await;
    }
}

/// (project id, person id) of a row, (0, person) when it names no project.
fn pair_or_none(r: &csv::StringRecord) -> (u64, u64) {
    (
        cell(r, "project_id").parse().unwrap_or(0),
        cell(r, "person_id").parse().unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_decisions_are_reported_with_their_lines_and_no_plan_is_made() {
    let sim = start(proofhub_tui::model::profile::Profile::V3).await;
    let home = Home::new();
    let (headers, rows) = export_review(&home, &sim);
    let mut decided = rows.clone();
    decided[0] = with_decision(&rows[0], "maybe");
    // Another person's email on a revoked row: the file does not match the account.
    let mut cells: Vec<String> = rows[1].iter().map(str::to_string).collect();
    cells[2] = "someone.else@example.org".into();
    decided[1] = with_decision(&csv::StringRecord::from(cells), "revoke");
    write_review(&home.file("review.csv"), &headers, &decided);
    let out = plan_review(&home, &sim);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("line 2: decision \"maybe\" is not revoke, keep or empty"),
        "{said}"
    );
    assert!(said.contains("line 3: person "), "{said}");
    assert!(said.contains("not someone.else@example.org"), "{said}");
    assert!(said.contains("no plan was made"), "{said}");
    assert!(!home.file("plan.json").exists());
    sim.shutdown().await;
}

#[test]
fn the_help_names_the_access_review() {
    let home = tempfile::tempdir().unwrap();
    for args in [&["export", "--help"][..], &["sync", "plan", "--help"]] {
        let out = crate::support::clean_command(home.path())
            .args(args)
            .output()
            .unwrap();
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("--access-review"), "{args:?}:\n{help}");
        assert!(help.contains("revoke"), "{args:?}:\n{help}");
    }
}

per_profile! {
    /// Server text is untrusted: on a hostile account every cell a spreadsheet would run as a
    /// formula is guarded, and a revoke still finds its person and project through the guard.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_hostile_account_reviews_with_formulas_guarded_and_revokes_exactly(profile) {
        let sim = crate::hostile::start(profile, crate::hostile::account(3, 9)).await;
        let home = Home::new();
        let (headers, rows) = export_review(&home, &sim);
        let raw = std::fs::read_to_string(home.file("review.csv")).unwrap();
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(raw.as_bytes());
        let mut guarded = 0;
        for record in reader.records() {
            for c in record.unwrap().iter() {
                assert!(
                    !c.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{profile}: an unguarded formula cell {c:?}"
                );
                guarded += usize::from(c.starts_with('\''));
            }
        }
        assert!(guarded > 0, "{profile}: the account has formula-like text to guard");
        let target = rows
            .iter()
            .find(|r| !cell(r, "project_id").is_empty())
            .expect("a membership");
        let want = pair_or_none(target);
        let decided: Vec<csv::StringRecord> = rows
            .iter()
            .map(|r| if pair_or_none(r) == want { with_decision(r, "revoke") } else { r.clone() })
            .collect();
        write_review(&home.file("review.csv"), &headers, &decided);
        let out = plan_review(&home, &sim);
        assert!(out.status.success(), "{profile}: {}", text(&out));
        let plan = Plan::from_json(&std::fs::read_to_string(home.file("plan.json")).unwrap()).unwrap();
        let planned: Vec<(u64, u64)> = plan
            .items
            .iter()
            .filter_map(|i| match &i.change {
                Change::RemoveMember { project, person, .. } => Some((project.0, person.0)),
                _ => None,
            })
            .collect();
        assert_eq!(planned, [want], "{profile}");
        assert_eq!(plan.items.len(), 1, "{profile}");
        sim.shutdown().await;
    }
}

#[tokio::test]
async fn the_command_line_writes_the_access_review_of_the_loaded_account() {
    use crossterm::event::KeyCode;
    use proofhub_tui::app::{Action, Effect};
    use proofhub_tui::cli::export::CsvForm;
    use proofhub_tui::console::runtime::Loader;
    use std::os::unix::fs::PermissionsExt;

    for profile in crate::harness::PROFILES {
        let mut h = crate::harness::Harness::start(profile).await;
        h.text(":access_review").await;
        let screen = h.screen(80, 24);
        assert!(
            screen.contains("write an access review"),
            "{profile}: not listed:\n{screen}"
        );
        let fx = h.key_raw(KeyCode::Enter);
        assert_eq!(fx, vec![Effect::AccessReview], "{profile}");
        let written = h
            .console
            .clone()
            .access_review(h.state.account.clone())
            .await;
        h.act(Action::AccessReviewDone(written)).await;
        let said = h.status();
        assert!(
            said.starts_with("access review written to "),
            "{profile}: {said}"
        );
        assert!(
            said.contains("sync plan --access-review"),
            "{profile}: {said}"
        );

        let files = h.data_files("access-review-");
        assert_eq!(files.len(), 1, "{profile}: {files:?}");
        assert!(
            said.contains(&files[0].display().to_string()),
            "{profile}: {said}"
        );
        let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{profile}");
        // The same file `export --access-review` writes of this account.
        let mut want = Vec::new();
        let rows = proofhub_tui::dirsync::access_review::write_csv(
            &h.state.account,
            CsvForm::Data,
            &mut want,
        )
        .unwrap();
        assert_eq!(std::fs::read(&files[0]).unwrap(), want, "{profile}");
        assert!(
            said.contains(&format!("({rows} rows)")),
            "{profile}: {said}"
        );
        h.stop().await;
    }
}

#[test]
fn the_access_review_waits_for_the_whole_account() {
    let mut s = crate::app::started();
    let fx = proofhub_tui::app::update(
        &mut s,
        proofhub_tui::app::Action::Command(proofhub_tui::app::keymap::Command::AccessReview),
    );
    assert!(fx.is_empty(), "{fx:?}");
    let said = s.status.unwrap().text;
    assert!(said.contains("waits for the whole account"), "{said}");
}

#[test]
fn the_config_can_give_the_access_review_a_key() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use proofhub_tui::app::state::ColorMode;
    use proofhub_tui::app::{Action, Effect, update};

    let mut s = crate::app::loaded(
        proofhub_tui::model::profile::Profile::V3,
        ColorMode::Monochrome,
    );
    let report = s.keymap.apply_overrides([("access_review", "F5")]);
    assert!(
        report.errors.is_empty() && report.unknown.is_empty(),
        "{report:?}"
    );
    let fx = update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE)),
    );
    assert_eq!(fx, vec![Effect::AccessReview]);
}
