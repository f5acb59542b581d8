//! Scale benchmark: 1,000, 10,000 and 100,000 people (projects N/20), what the console and the
//! CLI cost as the account grows.
//!
//! Per size, the parent starts the simulator (v3, generated data, 25 requests per
//! `SCALE_WINDOW_MS`, default 200) and runs two children, so that each figure is the child's own:
//! - **load**: the client loads the account while the console's core (`app::update`) takes
//!   every piece as the console does (the people only as pages, which the core keeps; the end
//!   hands over the rest: `Client::load_account_streamed`; no drawing: `benches/render.rs`
//!   covers frames). Reports
//!   the time to "loaded", the ratio to the rate bound (requests ÷ rate), peak RSS after the load
//!   (VmHWM), which includes saving the snapshot as the console does by default (the core keeps
//!   snapshots; the `Effect::SaveSnapshot` it asks for is saved to a temporary directory with
//!   a key file), then `export` CSV and JSON from the loaded account and `sync plan` (the export
//!   CSV as source, with one row in 50 renamed and one in 100 a new email), each the fastest of
//!   `SCALE_RUNS` runs (default 5; `support/paths.rs`), and peak RSS at the end.
//! - **filter**: under `taskset -c 0` (one core), a query typed letter by letter over the People
//!   rows in the console's order (by name); p99 per keystroke.
//!
//! Below each size's row, where the load child's memory is: its resident set when the client
//! handed over the rest of the account and after the console's core took it, its peak before
//! the snapshot save and the snapshot file's size, and the heap the
//! People records (their fixed part and their text, as allocated: `Person::heap_bytes`) and the
//! People search index hold.
//!
//! `cargo bench --bench scale` (env: `SCALE_SIZES`, default `1000,10000,100000`;
//! `SCALE_WINDOW_MS`; `SCALE_RUNS`). For instruction counts of the CLI paths alone, without the
//! simulator or the load: `SCALE_ROLE=paths SCALE_N=N [SCALE_PATHS=csv|json|plan|lookups]
//! [SCALE_RUNS=1]` on the generated account (the same generator, built in the process), less the
//! same with `SCALE_RUNS=0`. A plain main: the figures are ratios and peaks. To see where the load
//! child's memory goes, run it alone under heaptrack against `proofhub-tui sim`, with
//! `SCALE_ROLE=load SCALE_URL=… SCALE_TOKEN=… SCALE_STOP=1` (it stops after the load and the
//! snapshot save).

#[path = "support/paths.rs"]
mod paths;
#[path = "support/account.rs"]
mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use chrono::Utc;
use proofhub_tui::api::{CancelToken, Client, ClientConfig, Rate};
use proofhub_tui::app::people::{self, PersonSort};
use proofhub_tui::app::state::{ColorMode, State};
use proofhub_tui::app::{Action, Effect, update};
use proofhub_tui::console::services::to_msg;
use proofhub_tui::local::paths::Paths;
use proofhub_tui::local::snapshot::{Binding, KeyHome, SnapshotStore};
use proofhub_tui::model::profile::{Profile, ProfileChoice};
use proofhub_tui::model::snapshot::Preview;
use proofhub_tui::model::token::Token;
use proofhub_tui::search::Index;
use proofhub_tui::sim::data::AccountData;
use proofhub_tui::sim::{RateLimit, Sim, SimOptions};
use tokio::sync::{mpsc, watch};

const PER_WINDOW: u32 = 25;

fn fail(msg: impl std::fmt::Display) -> ! {
    eprintln!("scale: {msg}");
    std::process::exit(1)
}

fn main() {
    // As the binary does: freed pages go back within 10 ms (`src/allocator.rs`).
    proofhub_tui::allocator::tune();
    match std::env::var("SCALE_ROLE").as_deref() {
        Ok("load") => load_child(),
        Ok("filter") => filter_child(),
        Ok("paths") => paths_child(),
        _ => parent(),
    }
}

/// How many times the load child runs each of export CSV, JSON and `sync plan` (the fastest
/// is reported).
fn runs() -> usize {
    support::env_num("SCALE_RUNS", 5) as usize
}

fn window() -> Duration {
    Duration::from_millis(support::env_num("SCALE_WINDOW_MS", 200))
}

fn parent() {
    let sizes: Vec<usize> = std::env::var("SCALE_SIZES")
        .unwrap_or_else(|_| "1000,10000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let exe = std::env::current_exe().unwrap_or_else(|e| fail(e));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(e));
    println!(
        "scale benchmark: v3, rate {PER_WINDOW} per {} ms; load average before: {}",
        window().as_millis(),
        load_average()
    );
    println!(
        "csv, json, plan: the fastest of {} runs each on the loaded account",
        runs()
    );
    println!(
        "{:>7} {:>8} {:>8} {:>6} {:>9} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "people",
        "loaded s",
        "bound s",
        "ratio",
        "RSS load",
        "RSS end",
        "csv s",
        "json s",
        "plan s",
        "p50 ms",
        "p99 ms"
    );
    for n in sizes {
        let projects = (n / 20).max(1);
        let data = AccountData::generate(n, projects, 42);
        let load = runtime.block_on(async {
            let sim = Sim::start(SimOptions {
                rate: RateLimit {
                    requests: PER_WINDOW,
                    window: window(),
                },
                ..SimOptions::new(Profile::V3, data)
            })
            .await
            .unwrap_or_else(|e| fail(e));
            let (url, token) = (sim.base_url(), sim.token().to_string());
            let exe = exe.clone();
            let out = tokio::task::spawn_blocking(move || {
                Command::new(exe)
                    .env("SCALE_ROLE", "load")
                    .env("SCALE_URL", url)
                    .env("SCALE_TOKEN", token)
                    .output()
            })
            .await;
            drop(sim);
            out
        });
        let load = match load {
            Ok(Ok(o)) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
            Ok(Ok(o)) => fail(String::from_utf8_lossy(&o.stderr)),
            Ok(Err(e)) => fail(e),
            Err(e) => fail(e),
        };
        let filter = Command::new("taskset")
            .args(["-c", "0"])
            .arg(&exe)
            .env("SCALE_ROLE", "filter")
            .env("SCALE_N", n.to_string())
            .output();
        let filter = match filter {
            Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
            Ok(o) => fail(String::from_utf8_lossy(&o.stderr)),
            Err(e) => fail(format!("taskset: {e}")),
        };
        let mut lines = load.trim().lines();
        println!(
            "{:>7} {} {}",
            n,
            lines.next().unwrap_or_default(),
            filter.trim()
        );
        for line in lines {
            println!("        {line}");
        }
    }
    println!("load average after: {}", load_average());
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Peak resident set of this process so far, in MB.
fn vm_hwm_mb() -> f64 {
    status_mb("VmHWM:")
}

/// A size from `/proc/self/status` (`VmHWM:` peak, `VmRSS:` now), in MB.
fn status_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn load_child() {
    let url = std::env::var("SCALE_URL").unwrap_or_else(|e| fail(e));
    let token = std::env::var("SCALE_TOKEN").unwrap_or_else(|e| fail(e));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(e));
    let token = Token::new(&token).unwrap_or_else(|| fail("empty token"));
    let mut cfg = ClientConfig::new(url.clone(), token);
    cfg.profile = ProfileChoice::Auto;
    cfg.rate = Rate {
        requests: PER_WINDOW,
        window: window(),
    };
    let client = Client::new(cfg).unwrap_or_else(|e| fail(e));

    // The console's core on its own thread, as the console runs it.
    let (ui_tx, ui_rx) = std::sync::mpsc::channel::<Action>();
    let ui = std::thread::spawn(move || {
        let mut state = State::new("bench", false, ColorMode::Ansi16, Utc::now());
        // Snapshots kept, as by default: none stored yet, so the live load starts at once.
        state.snapshot.kept = true;
        update(&mut state, Action::Start);
        let generation = update(&mut state, Action::SnapshotRead(Ok(None)))
            .into_iter()
            .find_map(|fx| match fx {
                Effect::Load { generation } => Some(generation),
                _ => None,
            })
            .unwrap_or(1);
        let mut save = None;
        for action in ui_rx {
            let action = match action {
                Action::Loaded { event, .. } => Action::Loaded { generation, event },
                Action::LoadRest { result, .. } => Action::LoadRest { generation, result },
                other => other,
            };
            let done = matches!(action, Action::LoadRest { .. });
            for fx in update(&mut state, action) {
                if let Effect::SaveSnapshot {
                    account,
                    taken_at,
                    rows,
                } = fx
                {
                    save = Some((account, taken_at, rows));
                }
            }
            if done {
                break;
            }
        }
        (state, save)
    });

    let started = Instant::now();
    let account = runtime.block_on(async {
        let (_order_tx, order) = watch::channel(Vec::new());
        let (tx, mut rx) = mpsc::channel(64);
        let forward = {
            let ui_tx = ui_tx.clone();
            let client = client.clone();
            tokio::spawn(async move {
                while let Some(event) = rx.recv().await {
                    let msg = to_msg(event, &client.pacing());
                    let _ = ui_tx.send(Action::Loaded {
                        generation: 0,
                        event: msg,
                    });
                }
            })
        };
        // As the console loads: the people only as pages, which the core keeps.
        let result = client
            .load_account_streamed(order, tx, CancelToken::new())
            .await;
        let _ = forward.await;
        result.unwrap_or_else(|e| fail(e))
    });
    let handed_over = started.elapsed();
    let rss_handed_over = status_mb("VmRSS:");
    let _ = ui_tx.send(Action::LoadRest {
        generation: 0,
        result: Ok(account),
    });
    let (state, save) = ui
        .join()
        .unwrap_or_else(|_| fail("the core's thread failed"));
    let loaded = started.elapsed();
    let rss_taken = status_mb("VmRSS:");
    let rss_before_save = vm_hwm_mb();
    // The snapshot saved as the console's runtime saves it (`Effect::SaveSnapshot`).
    let dir = tempfile::tempdir().unwrap_or_else(|e| fail(e));
    let (account, taken_at, rows) = save.unwrap_or_else(|| fail("the core saved no snapshot"));
    let store = SnapshotStore::new(
        &Paths::under(dir.path()),
        Binding {
            account: "bench".into(),
            base_url: url.clone(),
            profile: "auto".into(),
        },
        KeyHome::File,
    );
    store
        .save(&account, taken_at, &Preview::of(&account, &rows, taken_at))
        .unwrap_or_else(|e| fail(e));
    drop(account);
    let snapshot_mb = std::fs::metadata(store.path()).map_or(0.0, |m| m.len() as f64 / MB);
    let index_mb = state.people.list.index().heap_bytes() as f64 / MB;
    let people_mb = people_bytes(&state.account.people) as f64 / MB;
    let requests = client.pacing().sent;
    let bound = window().as_secs_f64() * requests as f64 / f64::from(PER_WINDOW);
    let rss_load = vm_hwm_mb();
    if std::env::var("SCALE_STOP").is_ok() {
        println!(
            "stop: hwm {rss_load:.0} before save {rss_before_save:.0} handed {rss_handed_over:.0} taken {rss_taken:.0}; \
             s: handed over {:.2}, loaded {:.2}, bound {bound:.2}, requests {requests}",
            handed_over.as_secs_f64(),
            loaded.as_secs_f64()
        );
        std::process::exit(0);
    }
    let account = state.account;
    let paths = paths::time(&account, runs());
    println!(
        "{:>8.2} {:>8.2} {:>6.2} {:>6.0} MB {:>6.0} MB {:>8.4} {:>8.4} {:>8.4}",
        loaded.as_secs_f64(),
        bound,
        loaded.as_secs_f64() / bound,
        rss_load,
        vm_hwm_mb(),
        paths.csv.as_secs_f64(),
        paths.json.as_secs_f64(),
        paths.plan.as_secs_f64()
    );
    println!(
        "MB: RSS at hand-over {rss_handed_over:.0}, after the core took it {rss_taken:.0}, \
         peak before the snapshot save {rss_before_save:.0} (its file: {snapshot_mb:.0} MB); \
         People records {people_mb:.0}, People index {index_mb:.0}"
    );
    let pacing = client.pacing();
    println!(
        "s: the client handed over at {:.2}, the core had it in place at {:.2}; \
         requests {} (429s {})",
        handed_over.as_secs_f64(),
        loaded.as_secs_f64(),
        pacing.sent,
        pacing.rate_limited
    );
}

const MB: f64 = 1024.0 * 1024.0;

/// The heap the people take: the list's fixed parts and what each record holds on the heap
/// (as the model counts it, in malloc's chunks).
fn people_bytes(people: &[proofhub_tui::model::account::Person]) -> usize {
    std::mem::size_of_val(people)
        + people
            .iter()
            .map(proofhub_tui::model::account::Person::heap_bytes)
            .sum::<usize>()
}

/// The CLI paths alone, on the generated account built in this process (no simulator, no load):
/// for instruction counts, `SCALE_ROLE=paths SCALE_N=N [SCALE_PATHS=csv] [SCALE_RUNS=1]`.
fn paths_child() {
    let n = support::env_num("SCALE_N", 10_000) as usize;
    let projects = (n / 20).max(1);
    let mut account = support::account(n, projects, 42);
    // The groups as the loader keeps them ("All people" lists everyone).
    account.groups = AccountData::generate(n, projects, 42)
        .groups
        .iter()
        .map(|g| proofhub_tui::model::account::Group {
            id: proofhub_tui::model::account::GroupId(g.id),
            name: g.name.clone(),
            members: g
                .assigned
                .iter()
                .map(|id| proofhub_tui::model::account::PersonId(*id))
                .collect(),
        })
        .collect();
    let t = paths::time(&account, support::env_num("SCALE_RUNS", 1) as usize);
    println!(
        "csv {:.4} s, json {:.4} s, plan {:.4} s",
        t.csv.as_secs_f64(),
        t.json.as_secs_f64(),
        t.plan.as_secs_f64()
    );
    if let Some(l) = t.lookups {
        println!(
            "lookups over the plan's source: by email {:.2} ms, by id {:.2} ms, project sets {:.2} ms",
            l.by_email.as_secs_f64() * 1e3,
            l.by_id.as_secs_f64() * 1e3,
            l.project_sets.as_secs_f64() * 1e3
        );
    }
}

fn filter_child() {
    let n = support::env_num("SCALE_N", 10_000) as usize;
    // Rounds of the three queries (0 measures the setup alone, for instruction counts).
    let rounds = support::env_num("SCALE_FILTER_ROUNDS", 3) as usize;
    let detail = std::env::var_os("SCALE_FILTER_DETAIL").is_some();
    let account = support::account(n, (n / 20).max(1), 42);
    let mut list = proofhub_tui::app::list::ListModel::default();
    list.set_index(Index::people(&account.people));
    list.set_base(people::base(&account, PersonSort::Name, false, None));
    let sample = &account.people[n / 2];
    let (first, last) = (
        sample.first_name().unwrap_or_default().to_string(),
        sample.last_name().unwrap_or_default().to_string(),
    );
    let mut samples = Vec::new();
    // Per keystroke: what was typed, its hits, its fastest time over the rounds.
    let mut keystrokes: Vec<(String, usize, Duration)> = Vec::new();
    for _ in 0..rounds {
        let mut at = 0;
        for q in support::queries(&first, &last) {
            let chars: Vec<char> = q.chars().collect();
            for k in 1..=chars.len() {
                let typed: String = chars[..k].iter().collect();
                let t = Instant::now();
                list.set_query(&typed);
                std::hint::black_box(list.visible().len());
                let took = t.elapsed();
                samples.push(took);
                match keystrokes.get_mut(at) {
                    Some(k) => k.2 = k.2.min(took),
                    None => keystrokes.push((typed, list.visible().len(), took)),
                }
                at += 1;
            }
            list.set_query("");
        }
    }
    if detail {
        for (typed, hits, took) in &keystrokes {
            eprintln!(
                "{typed:>16?} {hits:>7} hits {:>8.2} ms",
                took.as_secs_f64() * 1e3
            );
        }
    }
    if samples.is_empty() {
        println!("{:>8} {:>8}", "-", "-");
        return;
    }
    let (p50, p99) = support::percentiles(samples);
    println!("{p50:>8.2} {p99:>8.2}");
}
