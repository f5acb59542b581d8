//! A sync test bed: a small simulated account (scaled rate window), the real binary under a
//! temp home, CSV sources, and the request log read as writes.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::Sim;
use proofhub_tui::sim::data::AccountData;

use super::live;

/// The demo account cut to 12 people (the owner first) and 4 projects with a known membership
/// pattern: person j is in project i when (i + j) % 3 == 0.
pub fn small_data() -> AccountData {
    let mut d = AccountData::demo();
    let owner_role = d
        .roles
        .iter()
        .find(|r| r.is_owner())
        .map(|r| r.id)
        .expect("owner role");
    let at = d
        .people
        .iter()
        .position(|p| p.role == owner_role)
        .expect("owner");
    let owner = d.people.remove(at);
    d.people.truncate(11);
    d.people.insert(0, owner);
    let kept: Vec<u64> = d.people.iter().map(|p| p.id).collect();
    d.projects.truncate(4);
    for (i, p) in d.projects.iter_mut().enumerate() {
        p.assigned = kept
            .iter()
            .enumerate()
            .filter(|(j, _)| (i + j) % 3 == 0)
            .map(|(_, id)| *id)
            .collect();
        p.manager = p.assigned.first().copied();
        p.creator = Some(kept[0]);
    }
    for g in &mut d.groups {
        g.assigned.retain(|id| kept.contains(id));
    }
    d.check().expect("valid");
    d
}

pub async fn start_on(profile: Profile, data: AccountData, port: u16) -> Sim {
    live::sim(profile).data(data).port(port).start().await
}

/// A simulator on [`small_data`].
pub async fn start(profile: Profile) -> Sim {
    start_on(profile, small_data(), 0).await
}

/// A temp home with a fast pacing config.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("config.toml"), "pacing = \"25/0.2\"\n").expect("config");
        Home { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn journal(&self) -> PathBuf {
        self.file("data/journal.jsonl")
    }

    /// The binary with the token in the environment and every file under this home; no
    /// account given (add `--base-url` where a command needs one).
    pub fn bare(&self, token: &str) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_proofhub-tui"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("PROOFHUB_TOKEN", token)
            .env("PROOFHUB_TUI_HOME", self.path())
            .arg("--config")
            .arg(self.file("config.toml"))
            .stdin(Stdio::null());
        cmd
    }

    /// `sync plan --source people.csv --out plan.json` (with `extra` flags) against `sim`.
    pub fn plan(&self, sim: &Sim, csv: &str, extra: &[&str]) -> PathBuf {
        let src = self.file("people.csv");
        std::fs::write(&src, csv).expect("csv");
        let plan = self.file("plan.json");
        let out = self
            .bare(sim.token())
            .arg("--base-url")
            .arg(sim.base_url())
            .args(["sync", "plan", "--source"])
            .arg(&src)
            .arg("--out")
            .arg(&plan)
            .args(extra)
            .output()
            .expect("plan runs");
        assert!(out.status.success(), "{}", text(&out));
        plan
    }

    /// `sync apply --yes PLAN`, the account taken from the plan.
    pub fn apply(&self, token: &str, plan: &Path) -> Output {
        self.bare(token)
            .args(["sync", "apply", "--yes"])
            .arg(plan)
            .output()
            .expect("apply runs")
    }
}

/// Stdout and stderr together, for assertion messages.
pub fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Writes that reached the account (answered 2xx), per target.
pub fn landed_writes(sim: &Sim) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for r in sim.requests() {
        if !matches!(r.method.as_str(), "POST" | "PUT" | "DELETE")
            || !(200..300).contains(&r.status)
            || r.fault.as_deref().is_some_and(|f| f != "truncate")
        {
            continue;
        }
        let key = format!(
            "{} {} {}",
            r.method,
            r.path,
            r.body.clone().unwrap_or_default()
        );
        *out.entry(key).or_default() += 1;
    }
    out
}

/// Every write request sent, whatever its answer.
pub fn write_requests(sim: &Sim) -> usize {
    sim.requests()
        .iter()
        .filter(|r| matches!(r.method.as_str(), "POST" | "PUT" | "DELETE"))
        .count()
}

pub fn assert_no_write_twice(sim: &Sim, what: &str) {
    let twice: Vec<_> = landed_writes(sim)
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .collect();
    assert!(twice.is_empty(), "{what}: writes landed twice: {twice:?}");
    let mut invited: BTreeMap<String, usize> = BTreeMap::new();
    for m in sim.outbox() {
        *invited.entry(m.to.to_lowercase()).or_default() += 1;
    }
    assert!(
        invited.values().all(|n| *n == 1),
        "{what}: duplicate invitation {invited:?}"
    );
}
