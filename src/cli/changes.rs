//! `proofhub-tui changes`: the console's comparison ([`crate::model::compare`]), headless.
//!
//! With no files it loads the account live (paced, progress as in `export`), compares it with
//! the account's stored snapshot ([`crate::local::snapshot`]), prints the changes and saves the
//! live account as the new snapshot (unless `--dry-run`). With two `export --format json` files
//! it compares those (`cli::export_read`) and saves nothing.
//!
//! Output (`cli::change_events`): text (a summary line, then one line per change), JSON
//! lines (`--json`: the schema of `watch`) or CSV (`--format csv`), on stdout; notes go to
//! stderr. No usable snapshot (none stored, or one refused): the reason on stderr, the live
//! account saved as the first snapshot, exit 7 ([`CommandError::NoSnapshot`]).

use std::io::{IsTerminal, Write};
use std::path::Path;

use chrono::{DateTime, Utc};

use crate::app::preview;
use crate::cli::args::Target;
use crate::cli::change_events::{self, CSV_HEADER, Event, Stamp};
use crate::cli::changes_args::{ChangesArgs, ChangesFormat};
use crate::cli::exit::CommandError;
use crate::cli::export::CsvForm;
use crate::cli::progress::Show;
use crate::console::switch::{Forced, Opened, open_target, snapshot_policy};
use crate::local::snapshot::SnapshotStore;
use crate::local::target::Settings;
use crate::model::account::Account;

/// Runs `changes`.
pub fn run(target: &Target, args: &ChangesArgs, no_snapshot: bool) -> Result<(), CommandError> {
    match args.files.as_slice() {
        [] => live(target, args, no_snapshot),
        [before, after] => files(target, args, before, after),
        _ => Err(CommandError::Usage(
            "`changes` takes two export files (before, then after), or none to compare the \
             account with its stored snapshot"
                .into(),
        )),
    }
}

/// Two export files.
fn files(
    target: &Target,
    args: &ChangesArgs,
    before: &Path,
    after: &Path,
) -> Result<(), CommandError> {
    let ignored: Vec<&str> = target
        .flags_given()
        .into_iter()
        .filter(|f| *f != "--config")
        .collect();
    if !ignored.is_empty() {
        return Err(CommandError::Usage(format!(
            "`changes FILE FILE` compares two exports and reads no account: drop {}",
            ignored.join(", ")
        )));
    }
    let (then, now) = (
        super::export_read::read(before)?,
        super::export_read::read(after)?,
    );
    let stamp = Stamp {
        since: Some(modified(before)),
        at: modified(after),
        round: None,
    };
    print(&change_events::events(&then, &now), &stamp, args.format())
}

fn modified(path: &Path) -> DateTime<Utc> {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .map_or_else(|_| Utc::now(), DateTime::<Utc>::from)
}

/// The live account against its snapshot.
fn live(target: &Target, args: &ChangesArgs, no_snapshot: bool) -> Result<(), CommandError> {
    let opened = open_read_only(target, no_snapshot)?;
    let Some(store) = opened.snapshot.clone() else {
        return Err(no_store(target, no_snapshot));
    };
    let note = |text: &str| {
        if !args.quiet {
            eprintln!("{text}");
        }
    };
    let stored = match store.read() {
        Ok(s) => s,
        Err(e) => {
            note(&format!("{e}; it is not compared with"));
            None
        }
    };
    let account = crate::cli::watch::runtime()?.block_on(crate::cli::export::load(
        &opened.client,
        Show::from_quiet(args.quiet),
    ))?;
    let at = Utc::now();
    let Some(snapshot) = stored else {
        let saved = if args.dry_run {
            "--dry-run: none saved".to_string()
        } else {
            save(&store, &account, at)?;
            format!(
                "saved one now ({} people, {} projects): the next `changes` compares with it",
                account.people.len(),
                account.projects.len()
            )
        };
        return Err(CommandError::NoSnapshot(format!(
            "no snapshot of this account to compare with yet; {saved}"
        )));
    };
    let stamp = Stamp {
        since: Some(snapshot.taken_at),
        at,
        round: None,
    };
    print(
        &change_events::events(&snapshot.account, &account),
        &stamp,
        args.format(),
    )?;
    if args.dry_run {
        note("--dry-run: the stored snapshot is kept as it was");
    } else {
        save(&store, &account, at)?;
    }
    Ok(())
}

/// The account's client and snapshot store, opened read-only.
pub(crate) fn open_read_only(target: &Target, no_snapshot: bool) -> Result<Opened, CommandError> {
    open_target(
        target,
        Forced {
            read_only: true,
            no_snapshot,
        },
    )
}

/// No snapshot kept: a usage error that says which rule applies.
fn no_store(target: &Target, no_snapshot: bool) -> CommandError {
    let policy = Settings::load(target)
        .and_then(|s| {
            let located = s.locate(target)?;
            Ok(snapshot_policy(&s, &located, no_snapshot).describe(None))
        })
        .unwrap_or_else(|e| e.to_string());
    CommandError::Usage(format!(
        "`changes` compares the account with its stored snapshot, and this account keeps none: \
         the snapshot is {policy}"
    ))
}

fn save(store: &SnapshotStore, account: &Account, at: DateTime<Utc>) -> Result<(), CommandError> {
    store
        .save(account, at, &preview::of(account, at))
        .map_err(|e| CommandError::Failed(e.to_string()))
}

/// The changes on stdout in `format`.
fn print(events: &[Event], stamp: &Stamp, format: ChangesFormat) -> Result<(), CommandError> {
    let stdout = std::io::stdout();
    let form = if stdout.is_terminal() {
        CsvForm::Terminal
    } else {
        CsvForm::Data
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match format {
        ChangesFormat::Text => write_text(events, stamp, &mut out),
        ChangesFormat::Json => events
            .iter()
            .try_for_each(|e| writeln!(out, "{}", e.json_line(stamp))),
        ChangesFormat::Csv => write_csv(events, form, &mut out),
    };
    written
        .and_then(|()| out.flush())
        .map_err(|e| CommandError::Failed(format!("cannot write the changes: {e}")))
}

fn write_text(events: &[Event], stamp: &Stamp, out: &mut dyn Write) -> std::io::Result<()> {
    let since = stamp.since.map_or_else(String::new, |t| {
        format!(" since {}", change_events::time(t))
    });
    match events.len() {
        0 => writeln!(out, "no changes{since}"),
        1 => writeln!(out, "1 change{since}:"),
        n => writeln!(out, "{n} changes{since}:"),
    }?;
    for e in events {
        writeln!(out, "  {}", e.text())?;
    }
    Ok(())
}

fn write_csv(events: &[Event], form: CsvForm, out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_HEADER)?;
    for e in events {
        w.write_record(change_events::csv_row(e, form))?;
    }
    w.flush()
}
