//! `proofhub-tui changes` (#13 item 4): the real binary against an in-process simulator, both
//! profiles, the token from `PROOFHUB_TOKEN` and so the snapshot key in a key file
//! (`[snapshot] key = "file"`). The account is changed through the simulator's API between runs
//! (an invite, a delete, a rename, a role change, a membership added and one removed), and each
//! output form lists exactly those changes. The bed here is shared with `watch_cli`.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use proofhub_tui::api::{Client, Edit, NewPerson, PersonChanges, RoleRef};
use proofhub_tui::local::paths::Paths;
use proofhub_tui::local::snapshot;
use proofhub_tui::model::account::{PersonId, ProjectId};
use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::Sim;

use crate::support::per_profile;
use crate::support::syncenv::text;

/// The test's own writes carry this User-Agent, so the request log tells them from the binary's.
pub const TEST_AGENT: &str = "changes-test-writer";

/// One expected change: the event name, the person, the project of a membership event.
pub type Expect = (String, u64, Option<u64>);

/// A simulator on the small account, served by a runtime of its own, and a home whose config
/// paces at the test rate and keeps the snapshot key in a file.
pub struct Bed {
    pub sim: Sim,
    pub rt: tokio::runtime::Runtime,
    pub home: tempfile::TempDir,
    pub config: PathBuf,
}

impl Bed {
    pub fn new(profile: Profile) -> Bed {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let sim = rt.block_on(crate::support::syncenv::start(profile));
        let home = tempfile::tempdir().unwrap();
        let config = home.path().join("changes-config.toml");
        std::fs::write(&config, "pacing = \"25/0.2\"\n[snapshot]\nkey = \"file\"\n").unwrap();
        Bed {
            sim,
            rt,
            home,
            config,
        }
    }

    /// The binary: token in the environment only, this home, this config, no stdin.
    pub fn bare(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_proofhub-tui"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("PROOFHUB_TOKEN", self.sim.token())
            .env("PROOFHUB_TUI_HOME", self.home.path())
            .arg("--config")
            .arg(&self.config)
            .stdin(Stdio::null());
        cmd
    }

    /// [`Bed::bare`] on the simulator (`--base-url`, loopback).
    pub fn cmd(&self) -> Command {
        let mut cmd = self.bare();
        cmd.arg("--base-url").arg(self.sim.base_url());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    pub fn snapshot_file(&self) -> PathBuf {
        let url = self.sim.base_url();
        snapshot::file_of(&Paths::under(self.home.path()), &url, &url)
    }

    /// A client for the test's own writes.
    pub fn writer(&self) -> Client {
        crate::support::live::client_for(&self.sim)
            .tune(|c| c.user_agent = TEST_AGENT.into())
            .build()
    }

    /// Changes the account through the simulator's API: one of each kind the issue names.
    /// Returns the changes `compare` must find.
    pub fn change_account(&self) -> BTreeSet<Expect> {
        let client = self.writer();
        self.rt.block_on(async {
            let account = crate::support::live::load(&client).await;
            let profile = self.sim.profile();
            let owner = account
                .people
                .iter()
                .find(|p| account.is_owner(p))
                .unwrap()
                .id();
            let others: Vec<PersonId> = account
                .people
                .iter()
                .map(proofhub_tui::api::Person::id)
                .filter(|id| *id != owner)
                .collect();
            let (gone, renamed, promoted) = (others[4], others[1], others[2]);
            let project = account.projects.iter().next().unwrap().id;
            let manager = account.manager_of(project);
            let members: Vec<PersonId> = account
                .members_of(project)
                .iter()
                .map(|m| m.person)
                .collect();
            let taken = [gone, renamed, promoted];
            let removed = *members
                .iter()
                .find(|id| **id != owner && Some(**id) != manager && !taken.contains(id))
                .unwrap();
            let added = *others
                .iter()
                .find(|id| !members.contains(id) && !taken.contains(id))
                .unwrap();

            let joined = client
                .invite(NewPerson::with_full_name(
                    "Nia Newcomer",
                    "nia.newcomer@example.com",
                ))
                .await
                .unwrap()
                .id();
            client.delete_person(gone).await.unwrap();
            let rename = match profile {
                Profile::V3 => PersonChanges {
                    first_name: Edit::Set("Renamed".into()),
                    ..PersonChanges::default()
                },
                Profile::Guide => PersonChanges {
                    name: Edit::Set("Renamed Person".into()),
                    ..PersonChanges::default()
                },
            };
            client.update_person(renamed, None, rename).await.unwrap();
            let role = match profile {
                Profile::V3 => {
                    let client_role = account.roles.iter().find(|r| r.name == "Client").unwrap();
                    RoleRef::Id(client_role.id)
                }
                Profile::Guide => RoleRef::Name("client".into()),
            };
            let current = account.role_name(account.person(promoted).unwrap());
            assert_ne!(
                current.as_deref().map(str::to_lowercase).as_deref(),
                Some("client")
            );
            let change_role = PersonChanges {
                role: Edit::Set(role),
                ..PersonChanges::default()
            };
            client
                .update_person(promoted, None, change_role)
                .await
                .unwrap();
            client.add_member(project, added).await.unwrap();
            client.remove_member(project, removed).await.unwrap();
            let p = |id: PersonId| id.0;
            let pr = |id: ProjectId| Some(id.0);
            BTreeSet::from([
                ("joined".to_string(), p(PersonId(joined.0)), None),
                ("left".to_string(), p(gone), None),
                ("name_changed".to_string(), p(renamed), None),
                ("role_changed".to_string(), p(promoted), None),
                ("membership_added".to_string(), p(added), pr(project)),
                ("membership_removed".to_string(), p(removed), pr(project)),
            ])
        })
    }

    /// Suspends someone through the API (the change `watch` sees after a failed round).
    pub fn suspend_someone(&self) -> Expect {
        let client = self.writer();
        self.rt.block_on(async {
            let account = crate::support::live::load(&client).await;
            let who = account
                .people
                .iter()
                .find(|p| !account.is_owner(p) && !p.suspended())
                .unwrap()
                .id();
            let suspend = PersonChanges {
                suspended: Edit::Set(true),
                ..PersonChanges::default()
            };
            client.update_person(who, None, suspend).await.unwrap();
            ("suspended".to_string(), who.0, None)
        })
    }

    /// Every write request in the log was the test's own.
    pub fn assert_binary_never_wrote(&self) {
        for r in self.sim.requests() {
            if r.method != "GET" {
                assert_eq!(
                    r.user_agent.as_deref(),
                    Some(TEST_AGENT),
                    "the binary sent a write: {} {}",
                    r.method,
                    r.path
                );
            }
        }
    }
}

/// The change a JSON event line stands for.
pub fn expect_of(v: &Value) -> Expect {
    (
        v["event"].as_str().unwrap().to_string(),
        v["person"].as_u64().unwrap(),
        v["project"].as_u64(),
    )
}

/// README's "Change events" table: each key and its allowed JSON types.
fn documented() -> Vec<(String, Vec<String>)> {
    let readme = include_str!("../README.md");
    let section = readme.split("### Change events").nth(1).unwrap();
    section
        .lines()
        .skip_while(|l| !l.starts_with("| `"))
        .take_while(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            let key = cells[0]
                .trim_start_matches("| ")
                .trim_matches('`')
                .to_string();
            let types = cells[1].replace("\\|", "|");
            (key, types.split('|').map(str::to_string).collect())
        })
        .collect()
}

/// Every key of `event` is in README's table with its type; returns the keys it had.
pub fn matches_readme(event: &Value) -> Vec<String> {
    let table = documented();
    let map = event.as_object().unwrap();
    for (key, value) in map {
        let (_, types) = table
            .iter()
            .find(|(k, _)| k == key)
            .unwrap_or_else(|| panic!("{key} is not in README's Change events: {event}"));
        let ty = match value {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            _ => "other",
        };
        assert!(
            types.iter().any(|t| t == ty),
            "{key} is {ty}, README says {types:?}"
        );
    }
    map.keys().cloned().collect()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn json_events(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn modified(path: &Path) -> std::time::SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

per_profile! {
    #[test]
    fn changes_against_the_snapshot_lists_exactly_what_changed_in_every_form(profile) {
        let bed = Bed::new(profile);

        // No snapshot yet: said, exit 7; --dry-run saves none, a plain run saves one.
        let out = bed.run(&["changes", "--dry-run"]);
        assert_eq!(out.status.code(), Some(7), "{}", text(&out));
        assert!(stderr(&out).contains("no snapshot of this account to compare with yet; --dry-run: none saved"), "{}", text(&out));
        assert!(!bed.snapshot_file().exists());
        let out = bed.run(&["changes"]);
        assert_eq!(out.status.code(), Some(7), "{}", text(&out));
        assert!(stderr(&out).contains("saved one now (12 people, 4 projects)"), "{}", text(&out));
        assert!(bed.snapshot_file().exists());

        let out = bed.run(&["changes"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        assert!(stdout(&out).starts_with("no changes since "), "{}", text(&out));

        let expected = bed.change_account();
        let saved = modified(&bed.snapshot_file());

        // Text: the summary, then one line per change, with email, name and project title.
        let out = bed.run(&["changes", "--dry-run"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let shown = stdout(&out);
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[0].starts_with("6 changes since "), "{shown}");
        assert_eq!(lines.len(), 7, "{shown}");
        assert!(shown.contains("joined: Nia Newcomer <nia.newcomer@example.com>"), "{shown}");
        assert!(shown.contains("role changed: "), "{shown}");
        assert!(shown.contains("name changed: "), "{shown}");
        assert!(shown.contains("left: "), "{shown}");
        assert!(shown.contains("added to ") && shown.contains("removed from "), "{shown}");
        assert!(stderr(&out).contains("--dry-run: the stored snapshot is kept"), "{}", text(&out));
        assert_eq!(modified(&bed.snapshot_file()), saved, "--dry-run keeps the snapshot");

        // JSON lines: exactly those changes, each readable on its own.
        let out = bed.run(&["changes", "--json", "--dry-run"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let events = json_events(&out);
        let got: BTreeSet<Expect> = events.iter().map(expect_of).collect();
        assert_eq!(got, expected);
        assert_eq!(events.len(), expected.len());
        let mut seen = BTreeSet::new();
        for e in &events {
            seen.extend(matches_readme(e));
            assert!(e["email"].as_str().unwrap().contains('@'), "{e}");
            assert!(!e["name"].as_str().unwrap().is_empty(), "{e}");
            assert!(e["since"].is_string() && e["at"].is_string(), "{e}");
            if e["project"].is_number() {
                assert!(!e["project_title"].as_str().unwrap().is_empty(), "{e}");
            }
        }
        let all: BTreeSet<String> = documented().into_iter().map(|(k, _)| k).collect();
        let unseen: Vec<&String> = all.difference(&seen).collect();
        assert_eq!(unseen, ["round"], "every key but watch's round is in the output");
        let role = events.iter().find(|e| e["event"] == "role_changed").unwrap();
        assert_eq!(role["to"].as_str().map(str::to_lowercase).as_deref(), Some("client"));
        let joined = events.iter().find(|e| e["event"] == "joined").unwrap();
        assert_eq!(joined["email"], "nia.newcomer@example.com");

        // CSV: a header and one row per change.
        let out = bed.run(&["changes", "--format", "csv", "--dry-run"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let body = stdout(&out);
        let mut r = csv::Reader::from_reader(body.as_bytes());
        assert_eq!(
            r.headers().unwrap().iter().collect::<Vec<_>>(),
            ["event", "person", "email", "name", "project", "project_title", "from", "to"]
        );
        let rows: BTreeSet<Expect> = r
            .records()
            .map(|row| {
                let row = row.unwrap();
                (row[0].to_string(), row[1].parse().unwrap(), row[4].parse().ok())
            })
            .collect();
        assert_eq!(rows, expected);

        // A plain run saves: the next one finds nothing new.
        let out = bed.run(&["changes", "--json"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        assert_eq!(json_events(&out).len(), 6);
        let out = bed.run(&["changes", "--json"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        assert_eq!(stdout(&out), "", "saved: nothing changed since");
        let out = bed.run(&["changes", "--quiet", "--dry-run"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        assert_eq!(stderr(&out), "", "--quiet: no notes");

        // A damaged snapshot is said, not compared with, and replaced.
        let file = bed.snapshot_file();
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        let out = bed.run(&["changes"]);
        assert_eq!(out.status.code(), Some(7), "{}", text(&out));
        assert!(stderr(&out).contains("snapshot refused: it failed its integrity check"), "{}", text(&out));
        assert!(stderr(&out).contains("saved one now"), "{}", text(&out));
        let out = bed.run(&["changes"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        bed.assert_binary_never_wrote();
    }
}

per_profile! {
    #[test]
    fn two_json_exports_compare_without_an_account_and_csv_exports_are_refused(profile) {
        let bed = Bed::new(profile);
        let (before, after) = (bed.home.path().join("before.json"), bed.home.path().join("after.json"));
        let export = |path: &Path| {
            let out = bed.run(&["export", "--format", "json", "--quiet", "--out", path.to_str().unwrap()]);
            assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        };
        export(&before);
        let expected = bed.change_account();
        export(&after);
        bed.sim.clear_requests();

        let out = bed
            .bare()
            .args(["changes", "--json"])
            .arg(&before)
            .arg(&after)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let got: BTreeSet<Expect> = json_events(&out).iter().map(expect_of).collect();
        assert_eq!(got, expected);
        assert!(bed.sim.requests().is_empty(), "no request for two files");
        assert!(!bed.snapshot_file().exists(), "two files save no snapshot");

        let out = bed.bare().arg("changes").arg(&after).arg(&before).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        // Backwards: the invited person left, the deleted one joined (with their memberships).
        assert!(stdout(&out).contains("left: Nia Newcomer <nia.newcomer@example.com>"), "{}", text(&out));

        // Account options mean nothing here: refused, not ignored.
        let out = bed.cmd().arg("changes").arg(&before).arg(&after).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        assert!(stderr(&out).contains("drop --base-url"), "{}", text(&out));

        let csv = bed.home.path().join("people.csv");
        let out = bed.run(&["export", "--format", "csv", "--quiet", "--out", csv.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let out = bed.bare().arg("changes").arg(&csv).arg(&after).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        assert!(stderr(&out).contains("a CSV export cannot be compared"), "{}", text(&out));
        let out = bed.bare().arg("changes").arg(&before).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    }
}

#[test]
fn changes_without_a_kept_snapshot_says_which_rule_applies() {
    let bed = Bed::new(Profile::V3);
    std::fs::write(&bed.config, "pacing = \"25/0.2\"\n").unwrap();
    let out = bed.run(&["changes"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        stderr(&out).contains("the token comes from PROOFHUB_TOKEN"),
        "{}",
        text(&out)
    );
    std::fs::write(
        &bed.config,
        "pacing = \"25/0.2\"\n[snapshot]\nkey = \"file\"\n",
    )
    .unwrap();
    let out = bed
        .cmd()
        .arg("--no-snapshot")
        .arg("changes")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        stderr(&out).contains("off (--no-snapshot)"),
        "{}",
        text(&out)
    );
    assert!(bed.sim.requests().is_empty(), "nothing was sent");
}
