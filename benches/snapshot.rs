//! Snapshot benchmark (#13, "Performance"): at 100,000 people and 5,000 projects (the scale
//! bench's generator and size ratio), what the encrypted snapshot and the comparison cost.
//!
//! - **save**: `SnapshotStore::save` (encode, encrypt, write 0600 atomically), key in a key file,
//!   with the preview the CLI saves (`app::preview::of`: the first 200 rows of People's opening
//!   order, by a fresh sort, timed on its own as **preview**);
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
//!   says "snapshot from", which must hold the snapshot's first row and its whole count
//!   ("People 100000/100000"); `SNAP_PHASES=1` prints the console's logged steps of its last launch. It includes the process's
//!   start and tmux's spawn; polling adds up to one capture's time, printed beside it.
//!
//! - **console memory**: the release console's own peak RSS (its `VmHWM`, read from `/proc`
//!   while it runs in tmux) with the whole account loaded and saved, on a first start (no
//!   snapshot) and on a later one (an older snapshot, 400 changes compared, the swap and the
//!   save); the simulator is sped up for it (`SNAP_RSS_WINDOW_MS`).
//!
//! Each timing is repeated `SNAP_RUNS` times (default 3): min and median. `SNAP_PEOPLE` and
//! `SNAP_PROJECTS` change the size (default 100000 / 5000); `SNAP_FRAME=0` skips the first-frame
//! part and `SNAP_RSS=0` the console memory (both need tmux). `cargo bench --bench snapshot`; about 75 s on a loaded machine.
// A bench may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/account.rs"]
mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::Utc;
use proofhub_tui::app::preview;
use proofhub_tui::local::paths::Paths;
use proofhub_tui::local::snapshot::{Binding, KeyHome, SnapshotStore};
use proofhub_tui::model::account::{Account, Person, PersonFields, PersonId, RoleId, RoleRef};
use proofhub_tui::model::compare::compare;
use proofhub_tui::model::profile::Profile;
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
    status_kb_in(
        &std::fs::read_to_string("/proc/self/status").unwrap_or_default(),
        field,
    )
}

/// A figure of a `/proc/PID/status` text, in kB (0 where there is none).
fn status_kb_in(status: &str, field: &str) -> u64 {
    status
        .lines()
        .find_map(|l| {
            l.strip_prefix(field)?
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
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
    // As the binary does: freed pages go back within 10 ms (`src/allocator.rs`).
    proofhub_tui::allocator::tune();
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

    // The preview as `changes` and `watch` build it (a fresh sort; the console reads its kept
    // order instead).
    let (preview_time, first) = timed(runs, || preview::of(&account, Utc::now()));
    println!(
        "preview {}   {} rows of the opening order",
        summary(preview_time),
        first.account.people.len()
    );
    let save_once = || {
        s.save(&account, Utc::now(), &first)
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
    if support::env_num("SNAP_RSS", 1) != 0 {
        console_memory(people, projects);
    }
    println!("load average after: {}", load_average());
}

struct Tmux(String);

impl Tmux {
    /// A session that keeps the server up (and warm) between the console's launches.
    fn warm(&self) {
        self.run(&[
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
    }

    /// Quits the console in session `name` with `q` and waits (up to 10 s) until it is gone.
    fn quit(&self, name: &str) {
        self.run(&["send-keys", "-t", name, "q"]);
        let gone = Instant::now();
        while self.run(&["has-session", "-t", name]).status.success()
            && gone.elapsed() < Duration::from_secs(10)
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.run(&["kill-session", "-t", name]);
    }

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
    let taken = Utc::now();
    let first = preview::of(account, taken);
    store(home.path(), &base)
        .save(account, taken, &first)
        .unwrap_or_else(|e| fail(e));
    // What the first frame must show: the first row of the opening order and the whole count.
    let first_name = first
        .account
        .people
        .iter()
        .next()
        .map_or_else(|| fail("an empty preview"), Person::display_name);
    let title = format!("People {people}/{people}");
    // SNAP_PHASES=1: the console logs its steps (PROOFHUB_TUI_LOG=debug), printed for the last run.
    let phases = support::env_num("SNAP_PHASES", 0) != 0;

    let tmux = Tmux(format!("phtui-snapbench-{}", std::process::id()));
    tmux.warm();
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
            "-e",
            if phases {
                "PROOFHUB_TUI_LOG=debug"
            } else {
                "PROOFHUB_TUI_LOG="
            },
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
                let at = t0.elapsed();
                // The snapshot's rows and whole counts are in the same frame as its header.
                if !screen.contains(&first_name) || !screen.contains(&title) {
                    fail(format!(
                        "the snapshot's header without its rows ({first_name:?}, {title:?}):\n{screen}"
                    ));
                }
                break at;
            }
            if t0.elapsed() > Duration::from_secs(60) {
                fail(format!("no snapshot on screen after 60 s:\n{screen}"));
            }
        };
        if run > 0 {
            frames.push(shown);
        }
        // The console gone before the next launch.
        tmux.quit(&name);
    }
    if phases {
        print_phases(&home.path().join("state"));
    }
    println!(
        "first frame with the snapshot's data {}   (one capture-pane: {:.1} ms)",
        summary(frames),
        capture.as_secs_f64() * 1000.0 / f64::from(captures.max(1))
    );
    runtime.block_on(sim.shutdown());
}

/// The console's own peak resident memory (`VmHWM` of its process, read from `/proc` while it
/// runs) with the account on screen, in the two starts an admin has: the first one (no
/// snapshot: a full load, then the snapshot saved) and a later one (an older snapshot on screen
/// at once, the live load beside it, the comparison, the swap and the new snapshot saved). The
/// simulator is sped up (25 requests per `SNAP_RSS_WINDOW_MS`, default 200 ms) so that a
/// 100,000-person load takes seconds; the requests and what is kept are the same.
fn console_memory(people: usize, projects: usize) {
    let window = support::env_num("SNAP_RSS_WINDOW_MS", 200);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(e));
    let start = |data: AccountData, port: u16| {
        runtime.block_on(async {
            Sim::start(SimOptions {
                rate: RateLimit {
                    requests: 25,
                    window: Duration::from_millis(window),
                },
                port,
                ..SimOptions::new(Profile::V3, data)
            })
            .await
            .unwrap_or_else(|e| fail(e))
        })
    };
    let data = AccountData::generate(people, projects, SEED);
    let sim = start(data.clone(), 0);
    let home = tempfile::tempdir().unwrap_or_else(|e| fail(e));
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap_or_else(|e| fail(e));
    // The console paces at the simulator's rate (a v3 server states none).
    std::fs::write(
        config.join("config.toml"),
        format!(
            "pacing = \"25/{}\"\n[snapshot]\nkey = \"file\"\n",
            window as f64 / 1000.0
        ),
    )
    .unwrap_or_else(|e| fail(e));
    let base = sim.base_url();
    let token = sim.token().to_string();
    let snapshots = store(home.path(), &base);
    let tmux = Tmux(format!("phtui-snaprss-{}", std::process::id()));
    let launch = |name: &str, earlier: Option<std::fs::Metadata>| {
        let t0 = Instant::now();
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "200",
            "-y",
            "50",
            "-e",
            &format!("PROOFHUB_TUI_HOME={}", home.path().display()),
            "-e",
            &format!("PROOFHUB_TOKEN={token}"),
            "-e",
            "TERM=xterm-256color",
            "-e",
            "PROOFHUB_TUI_LOG=",
            &format!("exec '{BIN}' --base-url '{base}'"),
        ]);
        let pid = String::from_utf8_lossy(
            &tmux
                .run(&["display-message", "-p", "-t", name, "#{pane_pid}"])
                .stdout,
        )
        .trim()
        .to_string();
        let status = format!("/proc/{pid}/status");
        // Done: live data on screen (no snapshot header) and a snapshot written after the launch.
        let (screen, hwm, rss) = loop {
            let screen =
                String::from_utf8_lossy(&tmux.run(&["capture-pane", "-p", "-t", name]).stdout)
                    .into_owned();
            let live = screen
                .lines()
                .next()
                .is_some_and(|h| !h.contains("snapshot from"));
            let saved = std::fs::metadata(snapshots.path()).is_ok_and(|now| {
                earlier.as_ref().is_none_or(|before| {
                    use std::os::unix::fs::MetadataExt;
                    now.ino() != before.ino()
                })
            });
            if live && saved && screen.contains(&format!("People {people}/{people}")) {
                // Let the save's last buffers go before reading the figures.
                std::thread::sleep(Duration::from_millis(500));
                let text = std::fs::read_to_string(&status).unwrap_or_default();
                let field = |f: &str| status_kb_in(&text, f) as f64 / 1024.0;
                break (screen, field("VmHWM:"), field("VmRSS:"));
            }
            if t0.elapsed() > Duration::from_secs(300) {
                fail(format!(
                    "{name}: not loaded and saved after 300 s:\n{screen}"
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        tmux.quit(name);
        let header = screen.lines().next().unwrap_or_default().trim().to_string();
        (t0.elapsed(), hwm, rss, header)
    };
    tmux.warm();
    let (took, hwm, rss, _) = launch("first", None);
    println!(
        "console, first start (full load, snapshot saved): peak RSS {hwm:.1} MB, {rss:.1} MB at the end, {:.1} s",
        took.as_secs_f64()
    );
    // The account changed while the console was closed; the same server address, so the
    // snapshot the first start saved is this account's.
    let port = sim.addr().port();
    runtime.block_on(sim.shutdown());
    let (data, made) = changed_data(data, 50);
    let sim = start(data, port);
    let before = std::fs::metadata(snapshots.path()).ok();
    let (took, hwm, rss, header) = launch("later", before);
    let found = header
        .split(" · ")
        .find_map(|part| part.split_whitespace().next()?.parse::<usize>().ok())
        .unwrap_or(0);
    if found != made {
        fail(format!(
            "the later start found {found} changes, {made} were made; header {header:?}"
        ));
    }
    println!(
        "console, later start (snapshot on screen, live load, {found} changes found, swap, save): peak RSS {hwm:.1} MB, {rss:.1} MB at the end, {:.1} s",
        took.as_secs_f64()
    );
    runtime.block_on(sim.shutdown());
}

/// `data` with `k` of each kind of change the Changes view lists: renames, role changes,
/// suspensions, people gone, people joined, memberships added and removed; and how many
/// changes that makes.
fn changed_data(mut data: AccountData, k: usize) -> (AccountData, usize) {
    let n = data.people.len();
    let stride = n / (7 * k + 1);
    let other_role = |role: u64| {
        data.roles
            .iter()
            .map(|r| r.id)
            .find(|id| *id != role)
            .unwrap_or(role)
    };
    let roles: Vec<u64> = (0..k)
        .map(|i| other_role(data.people[(k + i + 1) * stride].role))
        .collect();
    for (i, role) in roles.into_iter().enumerate() {
        data.people[(i + 1) * stride]
            .first_name
            .push_str("-renamed");
        data.people[(k + i + 1) * stride].role = role;
        let p = &mut data.people[(2 * k + i + 1) * stride];
        p.suspended = !p.suspended;
    }
    let gone: Vec<u64> = (0..k)
        .map(|i| data.people[(5 * k + i + 1) * stride].id)
        .collect();
    // Memberships: k people join a project they were not in, k others leave one they were in.
    let mut added = 0;
    let mut removed = 0;
    for (i, project) in data.projects.iter_mut().enumerate() {
        if added < k {
            let id = data.people[(3 * k + added + 1) * stride].id;
            if !project.assigned.contains(&id) {
                project.assigned.push(id);
                added += 1;
            }
        } else if removed < k
            && i % 2 == 0
            && project.assigned.len() > 1
            && !gone.contains(&project.assigned[0])
        {
            project.assigned.remove(0);
            removed += 1;
        }
    }
    data.people.retain(|p| !gone.contains(&p.id));
    for project in &mut data.projects {
        project.assigned.retain(|id| !gone.contains(id));
    }
    let top = data.people.iter().map(|p| p.id).max().unwrap_or(0);
    for i in 0..k {
        let mut p = data.people[i].clone();
        p.id = top + 1 + i as u64;
        p.email = format!("joined{i}@bench.example");
        data.people.push(p);
    }
    (data, 7 * k)
}

/// The console's logged steps of its last launch, in ms after its first line.
fn print_phases(dir: &Path) {
    let log = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "log"))
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default();
    let lines: Vec<&str> = log
        .lines()
        .filter(|l| l.contains(" console: ") || l.contains(" snapshot: "))
        .collect();
    let start = lines
        .iter()
        .rposition(|l| l.contains("console: starting"))
        .unwrap_or(0);
    let time = |l: &str| {
        l.split_whitespace()
            .next()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
    };
    let Some(t0) = lines.get(start).and_then(|l| time(l)) else {
        println!("(no phases logged in {})", dir.display());
        return;
    };
    for l in &lines[start..] {
        if let Some(t) = time(l) {
            let ms = (t - t0).num_microseconds().unwrap_or_default() as f64 / 1000.0;
            let what = l.split_once(": ").map_or(*l, |(_, w)| w);
            println!("  {ms:>8.1} ms  {what}");
        }
    }
}
