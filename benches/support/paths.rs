//! The scale bench's CLI paths on a loaded account: `export` CSV and JSON, and `sync plan` with
//! the export CSV as its source (one row in 50 renamed, one in 100 a new email). Each is timed
//! `runs` times and its fastest run kept: one run of a few tens of milliseconds at 10,000 people
//! is too noisy a base for a 100k ÷ 10k ratio.
//!
//! `SCALE_PATHS` (default `csv,json,plan`) picks which run, so an instruction count
//! (`valgrind --tool=callgrind`) can take one path at a time, less the same child with
//! `SCALE_RUNS=0` (the setup alone).

use std::time::{Duration, Instant};

use chrono::Utc;
use proofhub_tui::cli::export;
use proofhub_tui::dirsync::source::{self, SourceName};
use proofhub_tui::dirsync::{PlanContext, PlanOptions, plan};
use proofhub_tui::model::account::Account;

/// The fastest run of each path (zero for a path not run).
#[derive(Debug, Default, Clone, Copy)]
pub struct Times {
    pub csv: Duration,
    pub json: Duration,
    pub plan: Duration,
}

fn wanted(path: &str) -> bool {
    std::env::var("SCALE_PATHS").map_or(true, |v| v.split(',').any(|p| p.trim() == path))
}

/// The fastest of `runs` runs of `f`.
fn fastest(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Times the three paths on `account`, each the fastest of `runs`.
pub fn time(account: &Account, runs: usize) -> Times {
    let mut times = Times::default();
    let csv = export::to_csv(account, export::CsvForm::Data).unwrap_or_else(|e| fail(e));
    if wanted("csv") {
        times.csv = fastest(runs, || {
            std::hint::black_box(
                export::to_csv(account, export::CsvForm::Data)
                    .unwrap_or_else(|e| fail(e))
                    .len(),
            );
        });
    }
    if wanted("json") {
        times.json = fastest(runs, || {
            std::hint::black_box(export::to_json(account).len());
        });
    }
    if wanted("plan") {
        let mut src = source::parse(&csv).unwrap_or_else(|e| fail(format!("{e:?}")));
        for (i, row) in src.rows.iter_mut().enumerate() {
            if i % 50 == 0 {
                row.name = SourceName::Full(format!("Renamed {i}"));
            } else if i % 100 == 1 {
                row.email = format!("new{i}@example.net");
            }
        }
        times.plan = fastest(runs, || {
            let plan = plan::build(
                account,
                &src,
                PlanOptions::default(),
                PlanContext {
                    base_url: "bench".into(),
                    source: "bench.csv".into(),
                    created_at: Utc::now().to_rfc3339(),
                    key: proofhub_tui::dirsync::seal::PlanKey::from_bytes(
                        b"bench key for sealing sync plans",
                    ),
                },
            )
            .unwrap_or_else(|e| fail(format!("{e:?}")));
            std::hint::black_box(plan.items.len());
        });
    }
    times
}

fn fail(msg: impl std::fmt::Display) -> ! {
    eprintln!("scale: {msg}");
    std::process::exit(1)
}
