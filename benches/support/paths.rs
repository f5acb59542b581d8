//! The scale bench's CLI paths on a loaded account: `export` CSV and JSON, and `sync plan` with
//! the export CSV as its source (one row in 50 renamed, one in 100 a new email). Each is timed
//! `runs` times and its fastest run kept: one run of a few tens of milliseconds at 10,000 people
//! is too noisy a base for a 100k ÷ 10k ratio.
//!
//! The exports stream into a buffered writer, as `export` writes its file or stdout, over
//! `io::sink()`: the export's own work, without the kernel's write and without a whole document
//! held in memory (which the command never builds; holding it made each 100k run page-fault
//! and re-copy a 10–70 MB buffer).
//!
//! `SCALE_PATHS` (default `csv,json,plan`) picks which run, so an instruction count
//! (`valgrind --tool=callgrind`) can take one path at a time, less the same child with
//! `SCALE_RUNS=0` (the setup alone). `lookups` (not in the default) times the model's lookups
//! alone, each over the plan's source: by email, by id, and each person's project set.

use std::time::{Duration, Instant};

use chrono::Utc;
use proofhub_tui::cli::export;
use proofhub_tui::dirsync::source::{self, Source, SourceName};
use proofhub_tui::dirsync::{PlanContext, PlanOptions, plan};
use proofhub_tui::model::account::{Account, Person, PersonId};

/// The fastest run of each path (zero for a path not run).
#[derive(Debug, Default, Clone, Copy)]
pub struct Times {
    pub csv: Duration,
    pub json: Duration,
    pub plan: Duration,
    /// Only when `SCALE_PATHS` names `lookups`.
    pub lookups: Option<Lookups>,
}

/// The model's lookups alone, each the fastest of `runs` over every row of the plan's source.
#[derive(Debug, Default, Clone, Copy)]
pub struct Lookups {
    /// `Account::person_by_email` of each row's email.
    pub by_email: Duration,
    /// `Account::person` of each found person's id, and its email's length.
    pub by_id: Duration,
    /// `Account::project_ids_of` of each found person, summed.
    pub project_sets: Duration,
}

fn wanted(path: &str) -> bool {
    const DEFAULT: [&str; 3] = ["csv", "json", "plan"];
    std::env::var("SCALE_PATHS").map_or(DEFAULT.contains(&path), |v| {
        v.split(',').any(|p| p.trim() == path)
    })
}

/// `write` into a buffered `io::sink()`, as the command writes its output.
fn stream(write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) {
    let mut out = std::io::BufWriter::new(std::io::sink());
    write(&mut out)
        .and_then(|()| std::io::Write::flush(&mut out))
        .unwrap_or_else(|e| fail(e));
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
            stream(|out| export::write_csv(account, export::CsvForm::Data, &[], out));
        });
    }
    if wanted("json") {
        times.json = fastest(runs, || {
            stream(|out| export::write_json(account, out));
        });
    }
    if wanted("lookups") {
        times.lookups = Some(lookups(account, &plan_source(&csv), runs));
    }
    if wanted("plan") {
        let src = plan_source(&csv);
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

/// The plan's source: the export CSV, one row in 50 renamed and one in 100 given a new email.
fn plan_source(csv: &str) -> Source {
    let mut src = source::parse(csv).unwrap_or_else(|e| fail(format!("{e:?}")));
    for (i, row) in src.rows.iter_mut().enumerate() {
        if i % 50 == 0 {
            row.name = SourceName::Full(format!("Renamed {i}"));
        } else if i % 100 == 1 {
            row.email = format!("new{i}@example.net");
        }
    }
    src
}

fn lookups(account: &Account, src: &Source, runs: usize) -> Lookups {
    let ids: Vec<PersonId> = src
        .rows
        .iter()
        .filter_map(|row| account.person_by_email(&row.email).map(Person::id))
        .collect();
    Lookups {
        by_email: fastest(runs, || {
            let found = src
                .rows
                .iter()
                .filter_map(|row| account.person_by_email(&row.email))
                .fold(0u64, |acc, p| acc.wrapping_add(p.id().0));
            std::hint::black_box(found);
        }),
        by_id: fastest(runs, || {
            let bytes = ids
                .iter()
                .filter_map(|id| account.person(*id))
                .fold(0usize, |acc, p| acc + p.email().len());
            std::hint::black_box(bytes);
        }),
        project_sets: fastest(runs, || {
            let sum = ids
                .iter()
                .flat_map(|id| account.project_ids_of(*id))
                .fold(0u64, |acc, p| acc.wrapping_add(p.0));
            std::hint::black_box(sum);
        }),
    }
}

fn fail(msg: impl std::fmt::Display) -> ! {
    eprintln!("scale: {msg}");
    std::process::exit(1)
}
