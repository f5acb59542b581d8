//! The fault matrix: `sync apply --yes` of the real binary against the simulator, in both
//! profiles, under write failures, answers lost after the write landed, a torn journal and a
//! SIGKILL mid-run. Each scenario re-runs the same apply (faults off after the fault) and must
//! end in the reference state — planning the same source again finds nothing to do — with exit
//! 0 exactly when it is there, and no write landing twice. A scenario that cannot get there
//! (drift behind the plan) exits 3 and names the item.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::per_profile;

use std::path::PathBuf;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use proofhub_tui::dirsync::ledger::Ledger;
use proofhub_tui::local::journal::{Journal, Phase};
use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::{Faults, Sim};
use support::syncenv::{self, Home, text};

const NEW: &str = "new.hire@acme.example";

/// The source: everyone as they are, but person 4 renamed, person 6 missing (deleted), and a
/// new person in the first two projects. Returns the CSV and the deleted person's email.
fn source(sim: &Sim) -> (String, String) {
    let d = sim.snapshot();
    let title = |id: u64| {
        d.projects
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.title.clone())
            .unwrap_or_default()
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["email", "name", "projects"])
        .expect("header");
    let mut gone = String::new();
    for (i, p) in d.people.iter().enumerate() {
        if i == 6 {
            gone = p.email.clone();
            continue;
        }
        let projects: Vec<String> = d
            .projects
            .iter()
            .filter(|pr| pr.assigned.contains(&p.id))
            .map(|pr| title(pr.id))
            .collect();
        let name = if i == 4 {
            "Renamed Person".to_string()
        } else {
            String::new()
        };
        w.write_record([
            p.email.as_str(),
            name.as_str(),
            projects.join("; ").as_str(),
        ])
        .expect("row");
    }
    let two = format!("{}; {}", d.projects[0].title, d.projects[1].title);
    w.write_record([NEW, "New Hire", two.as_str()])
        .expect("row");
    let csv = String::from_utf8(w.into_inner().expect("csv")).expect("utf8");
    (csv, gone)
}

struct Bed {
    sim: Sim,
    home: Home,
    plan: PathBuf,
    csv: String,
    gone: String,
}

impl Bed {
    async fn new(profile: Profile) -> Bed {
        let sim = syncenv::start(profile).await;
        let home = Home::new();
        let (csv, gone) = source(&sim);
        let plan = home.plan(&sim, &csv, &["--allow-delete"]);
        sim.clear_requests();
        Bed {
            sim,
            home,
            plan,
            csv,
            gone,
        }
    }

    fn apply(&self) -> Output {
        self.home.apply(self.sim.token(), &self.plan)
    }

    /// Whether the account is in the reference state: a new plan from the same source is empty.
    fn at_reference(&self) -> bool {
        let src = self.home.file("check.csv");
        std::fs::write(&src, &self.csv).expect("csv");
        let out = self
            .home
            .bare(self.sim.token())
            .arg("--base-url")
            .arg(self.sim.base_url())
            .args(["sync", "plan", "--allow-delete", "--source"])
            .arg(&src)
            .output()
            .expect("plan runs");
        assert!(out.status.success(), "{}", text(&out));
        String::from_utf8_lossy(&out.stderr).contains(
            "plan: 0 invites, 0 updates, 0 membership adds, 0 membership removes, 0 deletes",
        )
    }

    /// Re-runs the apply (faults off) until it exits 0, checking after every run that exit 0
    /// comes exactly with the reference state. Returns the runs it took.
    fn converge(&self, what: &str) -> usize {
        self.sim.set_faults(Faults::default());
        for run in 1..=5 {
            let out = self.apply();
            let reached = self.at_reference();
            assert_eq!(
                out.status.success(),
                reached,
                "{what}: run {run} exit 0 must mean the reference state: {}",
                text(&out)
            );
            if reached {
                syncenv::assert_no_write_twice(&self.sim, what);
                return run;
            }
        }
        panic!("{what}: not converged in 5 runs");
    }

    async fn done(self) {
        self.sim.shutdown().await;
    }
}

// The binary blocks this thread; the simulator needs another one.
per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_invite_failing_then_recovery_adds_the_memberships_too(profile) {
        let bed = Bed::new(profile).await;
        bed.sim.set_faults(Faults {
            fail_rate: 100.0,
            only_method: Some("POST".into()),
            ..Faults::default()
        });
        let out = bed.apply();
        let all = text(&out);
        assert_eq!(out.status.code(), Some(1), "{profile}: {all}");
        assert!(
            all.contains("waiting for an invite") && all.contains(&format!("add {NEW} to")),
            "{profile}: the waiting adds are named: {all}"
        );
        assert!(!bed.at_reference());
        bed.converge(&format!("{profile} POST failing"));
        let d = bed.sim.snapshot();
        let new = d.people.iter().find(|p| p.email == NEW).expect("invited");
        let in_projects = d
            .projects
            .iter()
            .filter(|p| p.assigned.contains(&new.id))
            .count();
        assert_eq!(
            in_projects, 2,
            "{profile}: the new person is in both projects"
        );
        bed.done().await;
    }
}

// The binary blocks this thread; the simulator needs another one.
per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn server_errors_on_writes_then_recovery(profile) {
        for method in ["PUT", "DELETE"] {
            let bed = Bed::new(profile).await;
            bed.sim.set_faults(Faults {
                fail_rate: 100.0,
                only_method: Some(method.into()),
                ..Faults::default()
            });
            let out = bed.apply();
            assert_eq!(
                out.status.code(),
                Some(1),
                "{profile} {method}: {}",
                text(&out)
            );
            assert!(text(&out).contains("failed"), "{}", text(&out));
            bed.converge(&format!("{profile} 5xx on {method}"));
            bed.done().await;
        }
    }
}

// The binary blocks this thread; the simulator needs another one.
per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn writes_that_land_but_whose_answer_is_lost(profile) {
        let bed = Bed::new(profile).await;
        for method in ["POST", "PUT"] {
            bed.sim.set_faults(Faults {
                truncate_rate: 100.0,
                only_method: Some(method.into()),
                ..Faults::default()
            });
            let _ = bed.apply();
        }
        bed.converge(&format!("{profile} answer lost"));
        bed.done().await;
    }
}

// The binary blocks this thread; the simulator needs another one.
per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_torn_journal_line_swallows_no_record(profile) {
        let bed = Bed::new(profile).await;
        // What a full disk leaves: the last line cut off mid-record.
        let journal = bed.home.journal();
        std::fs::create_dir_all(journal.parent().expect("dir")).expect("dir");
        let torn = b"{\"at\":\"2026-12-01T10:00:00Z\",\"write\":1,\"session\":\"cut";
        std::fs::write(&journal, torn).expect("torn journal");
        assert_eq!(bed.converge(&format!("{profile} torn journal")), 1);
        let records = Journal::read_all(&journal).expect("journal reads");
        assert!(
            records.iter().any(|r| r.phase == Phase::Tombstone
                && r.tombstone
                    .as_ref()
                    .is_some_and(|t| t.person.email() == bed.gone)),
            "{profile}: the delete's tombstone, the first record after the torn line, is readable"
        );
        let side: Vec<_> = std::fs::read_dir(journal.parent().expect("dir"))
            .expect("dir")
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("journal.jsonl.torn-")
            })
            .collect();
        assert_eq!(side.len(), 1, "{profile}: the torn bytes are kept aside");
        assert_eq!(std::fs::read(side[0].path()).expect("side"), torn);
        bed.done().await;
    }
}

fn count(path: &std::path::Path, needle: &str) -> usize {
    std::fs::read_to_string(path).map_or(0, |t| t.lines().filter(|l| l.contains(needle)).count())
}

// The binary blocks this thread; the simulator needs another one.
per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sigkill_mid_write_then_resume(profile) {
        let bed = Bed::new(profile).await;
        bed.sim.set_faults(Faults {
            latency: Duration::from_millis(60),
            ..Faults::default()
        });
        let ledger = Ledger::path_for(&bed.plan);
        let mut child = bed
            .home
            .bare(bed.sim.token())
            .args(["sync", "apply", "--yes"])
            .arg(&bed.plan)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("apply starts");
        // Killed while its third write is in flight (pending recorded, no outcome yet).
        let deadline = Instant::now() + Duration::from_secs(60);
        while count(&ledger, "\"pending\"") < 3 {
            assert!(Instant::now() < deadline, "{profile}: no progress");
            assert!(
                child.try_wait().expect("wait").is_none(),
                "{profile}: ended early"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        assert!(!bed.at_reference(), "{profile}: killed halfway");
        bed.converge(&format!("{profile} SIGKILL"));
        bed.done().await;
    }
}

/// Renames a person through plain HTTP, as another admin would between plan and apply.
async fn rename_behind(sim: &Sim, id: u64) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder().no_proxy().build().expect("http");
    let url = format!("{}/people/{id}", sim.base_url());
    let with = |rb: reqwest::RequestBuilder| {
        rb.header("X-API-KEY", sim.token())
            .header("Authorization", format!("Bearer {}", sim.token()))
            .header("User-Agent", "another-admin/1.0 (test)")
            .header("Content-Type", "application/json")
    };
    let body = match sim.profile() {
        Profile::V3 => serde_json::json!({"first_name": "Drifted"}),
        Profile::Guide => {
            let mut v: serde_json::Value = with(http.get(&url))
                .send()
                .await
                .expect("get")
                .json()
                .await
                .expect("json");
            let o = v.as_object_mut().expect("object");
            o.insert("name".into(), "Drifted Name".into());
            for k in ["id", "created_at", "updated_at"] {
                o.remove(k);
            }
            v
        }
    };
    let resp = with(http.put(&url)).json(&body).send().await.expect("put");
    assert!(resp.status().is_success(), "{}", resp.status());
}

// The binary blocks this thread; the simulator needs another one.
per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn drift_behind_the_plan_exits_3_and_names_the_item(profile) {
        let bed = Bed::new(profile).await;
        let renamed = bed.sim.snapshot().people[4].clone();
        rename_behind(&bed.sim, renamed.id).await;
        for run in 1..=2 {
            let out = bed.apply();
            let all = text(&out);
            assert_eq!(out.status.code(), Some(3), "{profile} run {run}: {all}");
            assert!(
                all.contains("need you") && all.contains(&format!("update {}", renamed.email)),
                "{profile}: the drifted item is named: {all}"
            );
            assert!(!bed.at_reference(), "{profile}");
        }
        syncenv::assert_no_write_twice(&bed.sim, &format!("{profile} drift"));
        bed.done().await;
    }
}

/// Mounts a tmpfs of `kib` KiB at `dir`; fails the test where this machine does not allow it.
fn mount_tmpfs(dir: &std::path::Path, kib: u32) {
    std::fs::create_dir_all(dir).expect("dir");
    let ok = std::process::Command::new("mount")
        .args([
            "-t",
            "tmpfs",
            "-o",
            &format!("size={kib}k,mode=0700"),
            "tmpfs",
        ])
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success());
    // Asked for with --include-ignored, a missing permission fails: never a pass that tested
    // nothing.
    assert!(
        ok,
        "mounting a tmpfs needs root: this test is #[ignore]d by default; CI runs it as root"
    );
}

struct Unmount(PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

// The binary blocks this thread; the simulator needs another one.
per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "needs root to mount a small tmpfs"]
    async fn a_full_disk_under_the_journal_stops_the_apply_then_it_resumes(profile) {
        let sim = syncenv::start(profile).await;
        let home = Home::new();
        let data = home.file("data");
        mount_tmpfs(&data, 256);
        let _unmount = Unmount(data.clone());
        let (csv, gone) = source(&sim);
        let plan = home.plan(&sim, &csv, &["--allow-delete"]);
        let bed = Bed {
            sim,
            home,
            plan,
            csv,
            gone,
        };
        // Fill the disk the journal lives on.
        let filler = data.join("filler");
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&filler).expect("filler");
            let chunk = vec![b'x'; 4096];
            while f.write_all(&chunk).is_ok() {}
            let _ = f.sync_all();
        }
        bed.sim.clear_requests();
        let out = bed.apply();
        let all = text(&out);
        assert_eq!(out.status.code(), Some(1), "{profile}: {all}");
        assert!(all.contains("journal"), "{profile}: {all}");
        assert_eq!(
            syncenv::write_requests(&bed.sim),
            0,
            "{profile}: no write without its journal line"
        );
        std::fs::remove_file(&filler).expect("free the disk");
        bed.converge(&format!("{profile} full disk"));
        let records = Journal::read_all(&bed.home.journal()).expect("journal");
        assert!(
            records.iter().any(|r| r.phase == Phase::Tombstone
                && r.tombstone
                    .as_ref()
                    .is_some_and(|t| t.person.email() == bed.gone)),
            "{profile}"
        );
        drop(_unmount);
        bed.done().await;
    }
}
