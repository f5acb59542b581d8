//! Load benchmark: a generated account of 10,000 people and 500 projects, served by the
//! simulator at a scaled rate limit, loaded by the client in both profiles.
//!
//! Reports, per profile: wall time, requests sent, the minimum number of requests, the time the
//! rate limit alone imposes (requests ÷ rate) and their ratio, and how many requests the
//! simulator answered 429. Targets (issue 3): ratio ≤ 1.10, requests = minimum, zero 429s.
//!
//! `cargo bench --bench load` (env: `LOAD_PEOPLE`, `LOAD_PROJECTS`, `LOAD_WINDOW_MS` (default
//! 500: 25 per 500 ms, 20× ProofHub's real rate), `LOAD_LATENCY_MS`, `LOAD_RUNS`, `LOAD_TRACE`
//! to print when each people page arrived). A plain main, not criterion: the figures that
//! matter are ratios and counts, not a distribution of nanoseconds.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use proofhub_tui::api::{CancelToken, Client, ClientConfig, Rate};
use proofhub_tui::model::profile::{Profile, ProfileChoice};
use proofhub_tui::model::token::Token;
use proofhub_tui::sim::data::AccountData;
use proofhub_tui::sim::{Faults, RateLimit, Sim, SimOptions};
use tokio::sync::{mpsc, watch};

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// Pages needed for `n` records at 100 per page: the list ends at the first short page, so
/// a multiple of 100 costs one extra, empty page.
fn pages(n: usize) -> usize {
    n / 100 + 1
}

fn main() {
    let people = env_num("LOAD_PEOPLE", 10_000) as usize;
    let projects = env_num("LOAD_PROJECTS", 500) as usize;
    let window = Duration::from_millis(env_num("LOAD_WINDOW_MS", 500));
    let latency = Duration::from_millis(env_num("LOAD_LATENCY_MS", 0));
    let runs = env_num("LOAD_RUNS", 3).max(1);
    let per_window = 25u32;
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start tokio: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "load benchmark: {people} people, {projects} projects, rate {per_window} per {} ms, latency {} ms, {runs} run(s) per profile",
        window.as_millis(),
        latency.as_millis()
    );
    println!(
        "{:<6} {:>4} {:>9} {:>9} {:>8} {:>12} {:>7} {:>6}",
        "profile", "run", "time s", "requests", "minimum", "req/rate s", "ratio", "429s"
    );
    let data = AccountData::generate(people, projects, 42);
    let mut worst = 0.0f64;
    for profile in Profile::ALL {
        for run in 1..=runs {
            let result =
                runtime.block_on(one_run(profile, data.clone(), window, latency, per_window));
            match result {
                Ok(r) => {
                    let minimum = pages(r.people)
                        + pages(r.projects)
                        + match profile {
                            Profile::V3 => 2,
                            Profile::Guide => r.projects,
                        };
                    let floor = window.as_secs_f64() * r.requests as f64 / f64::from(per_window);
                    let ratio = r.elapsed.as_secs_f64() / floor;
                    worst = worst.max(ratio);
                    println!(
                        "{:<6} {:>4} {:>9.3} {:>9} {:>8} {:>12.3} {:>7.3} {:>6}",
                        profile.as_str(),
                        run,
                        r.elapsed.as_secs_f64(),
                        r.requests,
                        minimum,
                        floor,
                        ratio,
                        r.rate_limited
                    );
                }
                Err(e) => {
                    eprintln!("{profile} run {run} failed: {e}");
                    std::process::exit(1);
                }
            }
        }
    }
    println!("worst ratio {worst:.3} (target ≤ 1.10)");
}

struct RunResult {
    elapsed: Duration,
    requests: usize,
    rate_limited: usize,
    people: usize,
    projects: usize,
}

async fn one_run(
    profile: Profile,
    data: AccountData,
    window: Duration,
    latency: Duration,
    per_window: u32,
) -> Result<RunResult, String> {
    let sim = Sim::start(SimOptions {
        rate: RateLimit {
            requests: per_window,
            window,
        },
        ..SimOptions::new(profile, data)
    })
    .await
    .map_err(|e| e.to_string())?;
    sim.set_faults(Faults {
        latency,
        ..Faults::default()
    });
    let token = Token::new(sim.token()).ok_or("empty token")?;
    let mut cfg = ClientConfig::new(sim.base_url(), token);
    cfg.profile = ProfileChoice::Auto;
    cfg.rate = Rate {
        requests: per_window,
        window,
    };
    let client = Client::new(cfg).map_err(|e| e.to_string())?;
    let (_order_tx, order) = watch::channel(Vec::new());
    let (tx, mut rx) = mpsc::channel(4096);
    let drain = tokio::spawn(async move { while rx.recv().await.is_some() {} });
    let started = Instant::now();
    let account = client
        .load_account(order, tx, CancelToken::new())
        .await
        .map_err(|e| e.to_string())?;
    let elapsed = started.elapsed();
    let _ = drain.await;
    let log = sim.requests();
    if std::env::var_os("LOAD_TRACE").is_some() {
        let people: Vec<u64> = log
            .iter()
            .filter(|r| r.path.ends_with("/people") && !r.path.contains("/projects/"))
            .map(|r| r.at_ms)
            .collect();
        let gaps: Vec<u64> = people.windows(2).map(|w| w[1] - w[0]).collect();
        eprintln!(
            "people pages at ms: first {:?} last {:?}, gaps {:?}",
            people.first(),
            people.last(),
            gaps
        );
    }
    let snapshot = sim.snapshot();
    if account.people.len() != snapshot.people.len()
        || account.projects.len() != snapshot.projects.len()
    {
        return Err("the load did not return the whole account".into());
    }
    Ok(RunResult {
        elapsed,
        requests: log.len(),
        rate_limited: log.iter().filter(|r| r.rate_limited).count(),
        people: snapshot.people.len(),
        projects: snapshot.projects.len(),
    })
}
