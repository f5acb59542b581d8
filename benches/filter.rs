//! Filter latency per keystroke: a query typed letter by letter over 10,000 and 100,000 people,
//! nucleo-matcher (what the console uses, with narrowing) beside fuzzy-matcher (the baseline),
//! p50 and p99 per keystroke. The rows are in the console's order (by name, as the People
//! table opens), and the bench runs on one core: it starts itself again under `taskset -c 0`
//! (or says that it could not). Run: `cargo bench --bench filter`.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/account.rs"]
mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use proofhub_tui::app::list::ListModel;
use proofhub_tui::app::people::{self, PersonSort};
use proofhub_tui::search::Index;

fn prefixes(q: &str) -> Vec<String> {
    (1..=q.chars().count())
        .map(|n| q.chars().take(n).collect())
        .collect()
}

fn nucleo(
    account: &proofhub_tui::model::account::Account,
    qs: &[String],
    rounds: usize,
) -> Vec<Duration> {
    let mut samples = Vec::new();
    let mut list = ListModel::default();
    list.set_index(Index::people(&account.people));
    list.set_base(people::base(account, PersonSort::Name, false, None));
    for _ in 0..rounds {
        for q in qs {
            for p in prefixes(q) {
                let t = Instant::now();
                list.set_query(&p);
                black_box(list.visible().len());
                samples.push(t.elapsed());
            }
            list.set_query("");
        }
    }
    samples
}

fn skim(
    account: &proofhub_tui::model::account::Account,
    qs: &[String],
    rounds: usize,
) -> Vec<Duration> {
    let matcher = SkimMatcherV2::default().smart_case();
    let haystacks: Vec<String> = account
        .people
        .iter()
        .map(|p| {
            [
                Some(p.display_name()),
                Some(p.email().to_string()),
                p.username().map(str::to_string),
                p.title().map(str::to_string),
                p.company().map(str::to_string),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
        })
        .collect();
    let mut samples = Vec::new();
    for _ in 0..rounds {
        for q in qs {
            for p in prefixes(q) {
                let t = Instant::now();
                let words: Vec<&str> = p.split_whitespace().collect();
                let mut hits: Vec<(usize, i64)> = haystacks
                    .iter()
                    .enumerate()
                    .filter_map(|(i, h)| {
                        let mut total = 0;
                        for w in &words {
                            total += matcher.fuzzy_match(h, w)?;
                        }
                        Some((i, total))
                    })
                    .collect();
                hits.sort_by_key(|h| std::cmp::Reverse(h.1));
                black_box(hits.len());
                samples.push(t.elapsed());
            }
        }
    }
    samples
}

/// Runs this bench again under `taskset -c 0` unless it already is; `true` when this process
/// is the one to measure.
fn on_one_core() -> bool {
    const PINNED: &str = "FILTER_BENCH_PINNED";
    if std::env::var_os(PINNED).is_some() {
        return true;
    }
    let status = std::env::current_exe().and_then(|exe| {
        std::process::Command::new("taskset")
            .args(["-c", "0"])
            .arg(exe)
            .env(PINNED, "1")
            .status()
    });
    match status {
        Ok(s) => std::process::exit(s.code().unwrap_or(1)),
        Err(e) => {
            println!("(taskset failed: {e}; measuring on every core)");
            true
        }
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn main() {
    if !on_one_core() {
        return;
    }
    println!(
        "filter latency per keystroke (ms), queries typed letter by letter, rows by name, one core; load average {}",
        load_average()
    );
    println!(
        "{:>8}  {:>16}  {:>16}  {:>9}",
        "people", "nucleo p50/p99", "fuzzy-matcher p50/p99", "index MB"
    );
    for (n, rounds) in [(10_000usize, 5usize), (100_000, 2)] {
        let account = support::account(n, (n / 25).max(1), 7);
        let someone = &account.people[n / 3];
        let qs = support::queries(
            someone.first_name().unwrap_or("mary"),
            someone.last_name().unwrap_or("jones"),
        );
        let (np50, np99) = support::percentiles(nucleo(&account, &qs, rounds));
        let (sp50, sp99) = support::percentiles(skim(&account, &qs, rounds));
        let index_mb = Index::people(&account.people).heap_bytes() as f64 / 1e6;
        println!("{n:>8}  {np50:>7.2} / {np99:>6.2}  {sp50:>7.2} / {sp99:>6.2}  {index_mb:>9.1}");
    }
    println!("load average after: {}", load_average());
}
