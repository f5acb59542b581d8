//! Snapshot benchmark (#13, "Performance"): at 100,000 people and 5,000 projects (the scale
//! bench's generator and size ratio), what the encrypted snapshot and the comparison cost.
//!
//! - **save**: `SnapshotStore::save` (encode, encrypt, write 0600 atomically), key in a key file,
//!   with a preview of the first 100 people;
//! - **load**: `SnapshotStore::read_with` (read, decrypt, decode into the lean model), and when
//!   it handed over the preview;
//! - **memory**: the peak resident memory each of the two adds (Linux `VmHWM`, reset through
//!   `/proc/self/clear_refs` just before): the save in this process right after the account was
//!   generated, the load in a child process of this bench that does nothing else (so the
//!   figure is the read's whole peak, including the account it decodes, which it keeps);
//! - **compare**: `model::compare` of two such accounts, the second with a few hundred changes
//!   (renames, role changes, suspensions, people gone and joined, memberships both ways);
//! - **first frame**: the release console launched in tmux (warm server, 200×50) against a v3
//!   simulator serving the account at ProofHub's real rate (25 per 10 s), its snapshot in a
//!   temporary home: from just before `tmux new-session` to the first `capture-pane` whose header
//!   says "snapshot from" (the snapshot's rows drawn in that frame). It includes the process's
//!   start and tmux's spawn; polling adds up to one capture's time, printed beside it.
//!
//! Each timing is repeated `SNAP_RUNS` times (default 3): min and median. `SNAP_PEOPLE` and
//! `SNAP_PROJECTS` change the size (default 100000 / 5000); `SNAP_FRAME=0` skips the first-frame
//! part (it needs tmux). `cargo bench --bench snapshot`; about 75 s on a loaded machine.
// A bench may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/account.rs"]
mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::Utc;
use proofhub_tui::local::paths::Paths;
use proofhub_tui::local::snapshot::{Binding, KeyHome, SnapshotStore};
use proofhub_tui::model::account::{Account, Person, PersonFields, PersonId, RoleId, RoleRef};
use proofhub_tui::model::compare::compare;
use proofhub_tui::model::profile::Profile;
use proofhub_tui::model::snapshot::Preview;
use proofhub_tui::sim::data::AccountData;
use proofhub_tui::sim::{RateLimit, Sim, SimOptions};

const SEED: u64 = 42;
const BIN: &str = env!("CARGO_BIN_EXE_proofhub-tui");

fn fail(msg: impl std::fmt::Display) -> ! {
    eprintln!("snapshot bench: {msg}");
    std::process::exit(1)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "?".into(),
        |s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    )
}

/// min and median, in ms.
fn summary(samples: Vec<Duration>) -> String {
    let (n, min) = (
        samples.len(),
        samples.iter().min().copied().unwrap_or_default(),
    );
    let (median, _) = support::percentiles(samples);
    format!(
        "min {:>8.1} ms   median {median:>8.1} ms   ({n} runs)",
        min.as_secs_f64() * 1000.0
    )
}

fn timed<T>(runs: usize, mut f: impl FnMut() -> T) -> (Vec<Duration>, T) {
    let mut samples = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let out = f();
        samples.push(t.elapsed());
        last = Some(out);
    }
    (samples, last.unwrap_or_else(|| fail("no runs")))
}

/// A `/proc/self/status` figure, in kB (0 where there is none).
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix(field)?
                    .trim()
                    .strip_suffix("kB")?
                    .trim()
                    .parse()
                    .ok()
            })
        })
        .unwrap_or(0)
}

/// Runs `f` once; its result, and how far the peak resident memory rose above what was
/// resident before (MB), with the peak reset first. `None` where Linux's counters are missing.
fn peak_extra<T>(f: impl FnOnce() -> T) -> (T, Option<f64>) {
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = status_kb("VmRSS:");
    let out = f();
    let peak = status_kb("VmHWM:");
    let extra = (reset && peak > 0).then(|| peak.saturating_sub(before) as f64 / 1024.0);
    (out, extra)
}

fn mb(m: Option<f64>) -> String {
    m.map_or_else(|| "? (no VmHWM)".into(), |m| format!("{m:.1} MB"))
}

/// The child's part (`SNAP_CHILD_LOAD=HOME URL`): one read of the snapshot, and its peak
/// memory on stdout as `peak MB, kept MB`.
fn load_child(spec: &str) {
    let (home, url) = spec
        .split_once(' ')
        .unwrap_or_else(|| fail("SNAP_CHILD_LOAD"));
    let s = store(Path::new(home), url);
    let before = status_kb("VmRSS:");
    let (snap, extra) = peak_extra(|| s.read().unwrap_or_else(|e| fail(e)));
    let kept = status_kb("VmRSS:").saturating_sub(before) as f64 / 1024.0;
    let people = snap.map_or(0, |s| s.account.people.len());
    println!("{} {kept:.1} {people}", extra.unwrap_or(-1.0));
}

/// The load's peak memory, measured in a child process (see the module docs).
fn load_memory(home: &Path, url: &str) -> String {
    let exe = std::env::current_exe().unwrap_or_else(|e| fail(e));
    let out = Command::new(exe)
        .env("SNAP_CHILD_LOAD", format!("{} {url}", home.display()))
        .output()
        .unwrap_or_else(|e| fail(format!("the load child: {e}")));
    let text = String::from_utf8_lossy(&out.stdout);
    let mut f = text
        .split_whitespace()
        .map(|x| x.parse::<f64>().unwrap_or(-1.0));
    match (f.next(), f.next(), f.next()) {
        (Some(peak), Some(kept), Some(_)) if peak >= 0.0 => {
            format!("peak +{peak:.1} MB, of which the decoded account keeps {kept:.1} MB")
        }
        _ => format!("? (the load child said {text:?})"),
    }
}

fn store(home: &Path, base_url: &str) -> SnapshotStore {
    SnapshotStore::new(
        &Paths::under(home),
        Binding {
            account: base_url.to_string(),
            base_url: base_url.to_string(),
            profile: "auto".into(),
        },
        KeyHome::File,
    )
}

/// The account with `k` of each kind of change: 8·k changes in all.
fn changed(before: &Account, k: usize) -> (Account, usize) {
    let mut after = before.clone();
    let ids: Vec<PersonId> = before.people.iter().map(Person::id).collect();
    let stride = ids.len() / (6 * k + 1);
    let mut pick = (1..).map(|i| ids[i * stride]);
    let edit = |after: &mut Account, id: PersonId, f: &dyn Fn(&mut PersonFields)| {
        let mut fields = after
            .person(id)
            .unwrap_or_else(|| fail("person"))
            .to_fields();
        f(&mut fields);
        after.upsert_person(fields.into());
    };
    let roles: Vec<RoleId> = before.roles.iter().map(|r| r.id).collect();
    let (first_role, last_role) = (roles[0], roles[roles.len() - 1]);
    for i in 0..k {
        edit(
            &mut after,
            pick.next().unwrap_or_else(|| fail("ids")),
            &|f| {
                f.name = Some("Renamed Person".into());
            },
        );
        edit(
            &mut after,
            pick.next().unwrap_or_else(|| fail("ids")),
            &|f| {
                f.role = RoleRef::Id(if f.role == RoleRef::Id(last_role) {
                    first_role
                } else {
                    last_role
                });
            },
        );
        edit(
            &mut after,
            pick.next().unwrap_or_else(|| fail("ids")),
            &|f| {
                f.suspended = !f.suspended;
            },
        );
        edit(
            &mut after,
            pick.next().unwrap_or_else(|| fail("ids")),
            &|f| {
                f.title = Some("New title".into());
            },
        );
        after.remove_person(pick.next().unwrap_or_else(|| fail("ids")));
        let joined = PersonId(9_000_000_000 + i as u64);
        after.upsert_person(
            PersonFields::new(joined, format!("joined{}@example.com", joined.0)).into(),
        );
    }
    // One membership removed from each of k projects, and someone else added to it: 2·k.
    let mut touched = 0;
    for project in before.projects.iter().map(|p| p.id) {
        if touched == k {
            break;
        }
        let members = after.members_of(project);
        if members.len() < 2 {
            continue;
        }
        let newcomer = ids
            .iter()
            .copied()
            .find(|id| !members.iter().any(|m| m.person == *id) && after.person(*id).is_some())
            .unwrap_or_else(|| fail("a newcomer"));
        let kept = members[1..]
            .iter()
            .map(|m| (m.person, m.project_role.clone()));
        after.set_members(project, kept.chain([(newcomer, None)]).collect::<Vec<_>>());
        touched += 1;
    }
    // Someone who left takes their memberships along: those are not listed apart.
    (after, 6 * k + 2 * touched)
}

fn main() {
    if let Ok(spec) = std::env::var("SNAP_CHILD_LOAD") {
        return load_child(&spec);
    }
    let people = support::env_num("SNAP_PEOPLE", 100_000) as usize;
    let projects = support::env_num("SNAP_PROJECTS", 5_000) as usize;
    let runs = support::env_num("SNAP_RUNS", 3).max(1) as usize;
    println!(
        "snapshot benchmark: {people} people, {projects} projects; load average before: {}",
        load_average()
    );
    let account = support::account(people, projects, SEED);
    let home = tempfile::tempdir().unwrap_or_else(|e| fail(e));
    let url = "https://bench.invalid/api/v3";
    let s = store(home.path(), url);

    let first: Vec<PersonId> = account.people.iter().take(100).map(Person::id).collect();
    let save_once = || {
        s.save(
            &account,
            Utc::now(),
            &Preview::of(&account, &first, Utc::now()),
        )
        .unwrap_or_else(|e| fail(e));
    };
    // Memory first, while nothing of a save was freed yet.
    let ((), save_peak) = peak_extra(save_once);
    let (save, ()) = timed(runs, save_once);
    let size = std::fs::metadata(s.path()).map_or(0, |m| m.len());
    println!(
        "save    {}   file {:.1} MB   peak +{}",
        summary(save),
        size as f64 / 1e6,
        mb(save_peak)
    );
    let mut to_preview = Vec::new();
    let (read, snap) = timed(runs, || {
        let t = Instant::now();
        s.read_with(|_| to_preview.push(t.elapsed()))
            .unwrap_or_else(|e| fail(e))
            .unwrap_or_else(|| fail("no snapshot read back"))
    });
    if snap.account.people.len() != people {
        fail("the snapshot read back is not the account");
    }
    drop(snap);
    println!(
        "load    {}   {}",
        summary(read),
        load_memory(home.path(), url)
    );
    println!(
        "  of which until the preview was handed over: {}",
        summary(to_preview)
    );

    let (after, expected) = changed(&account, 50);
    let (cmp, changes) = timed(runs, || compare(&account, &after));
    if changes.len() != expected {
        fail(format!("{} changes found, {expected} made", changes.len()));
    }
    println!("compare {}   {} changes", summary(cmp), changes.len());
    drop(after);

    if support::env_num("SNAP_FRAME", 1) != 0 {
        first_frame(&account, people, projects, runs);
    }
    println!("load average after: {}", load_average());
}

struct Tmux(String);

impl Tmux {
    fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.0)
            .args(args)
            .output()
            .unwrap_or_else(|e| fail(format!("tmux: {e}")))
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn first_frame(account: &Account, people: usize, projects: usize, runs: usize) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(e));
    let data = AccountData::generate(people, projects, SEED);
    let sim = runtime.block_on(async {
        Sim::start(SimOptions {
            rate: RateLimit {
                requests: 25,
                window: Duration::from_secs(10),
            },
            ..SimOptions::new(Profile::V3, data)
        })
        .await
        .unwrap_or_else(|e| fail(e))
    });
    let home = tempfile::tempdir().unwrap_or_else(|e| fail(e));
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap_or_else(|e| fail(e));
    std::fs::write(config.join("config.toml"), "[snapshot]\nkey = \"file\"\n")
        .unwrap_or_else(|e| fail(e));
    let base = sim.base_url();
    store(home.path(), &base)
        .save(account, Utc::now(), &Preview::of(account, &[], Utc::now()))
        .unwrap_or_else(|e| fail(e));

    let tmux = Tmux(format!("phtui-snapbench-{}", std::process::id()));
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "warm",
        "-x",
        "200",
        "-y",
        "50",
        "sleep 600",
    ]);
    let home_env = format!("PROOFHUB_TUI_HOME={}", home.path().display());
    let token_env = format!("PROOFHUB_TOKEN={}", sim.token());
    let shell = format!("exec '{BIN}' --base-url '{base}'");
    let mut frames = Vec::new();
    let mut capture = Duration::ZERO;
    let mut captures = 0u32;
    // One launch first, untimed: the binary and the snapshot in the page cache.
    for run in 0..=runs {
        let name = format!("run{run}");
        let t0 = Instant::now();
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            &name,
            "-x",
            "200",
            "-y",
            "50",
            "-e",
            &home_env,
            "-e",
            &token_env,
            "-e",
            "TERM=xterm-256color",
            &shell,
        ]);
        let shown = loop {
            let c = Instant::now();
            let out = tmux.run(&["capture-pane", "-p", "-t", &name]);
            capture += c.elapsed();
            captures += 1;
            let screen = String::from_utf8_lossy(&out.stdout).into_owned();
            if screen
                .lines()
                .next()
                .is_some_and(|h| h.contains("snapshot from"))
            {
                break t0.elapsed();
            }
            if t0.elapsed() > Duration::from_secs(60) {
                fail(format!("no snapshot on screen after 60 s:\n{screen}"));
            }
        };
        if run > 0 {
            frames.push(shown);
        }
        tmux.run(&["send-keys", "-t", &name, "q"]);
        // The console gone before the next launch.
        let gone = Instant::now();
        while tmux.run(&["has-session", "-t", &name]).status.success()
            && gone.elapsed() < Duration::from_secs(10)
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = tmux.run(&["kill-session", "-t", &name]);
    }
    println!(
        "first frame with the snapshot's data {}   (one capture-pane: {:.1} ms)",
        summary(frames),
        capture.as_secs_f64() * 1000.0 / f64::from(captures.max(1))
    );
    runtime.block_on(sim.shutdown());
}
