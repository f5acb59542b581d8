//! `proofhub-tui sync plan|review|apply`: files, terminal questions and exit codes around the
//! planner, the review screen and the apply engine.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use super::apply::{self, ApplyOptions};
use super::cost;
use super::fuse::{self, Fuse};
use super::journaling::SyncJournal;
use super::ledger::Ledger;
use super::plan::{self, Kind, Plan, PlanContext, PlanOptions};
use super::results;
use super::review;
use super::source;
use crate::api::{Client, ClientConfig, Rate};
use crate::cli::args::{SyncApplyArgs, SyncCommand, SyncPlanArgs, Target};
use crate::cli::exit::CommandError;

/// Text from the server or a file, made safe for the terminal.
fn safe(text: &str) -> std::borrow::Cow<'_, str> {
    crate::model::sanitize::display(text)
}

/// Runs one `sync` subcommand. `read_only` (the `--read-only` flag) refuses `apply`, as the
/// account's `read_only` config does; plan and review only read.
pub fn run(target: &Target, cmd: SyncCommand, read_only: bool) -> Result<(), CommandError> {
    match cmd {
        SyncCommand::Plan(args) => plan_command(target, &args),
        SyncCommand::Review { plan } => review_command(target, &plan),
        SyncCommand::Apply(args) => {
            let located = crate::local::target::Settings::load(target)?.locate(target)?;
            if read_only || located.read_only {
                return Err(CommandError::Usage(format!(
                    "account {} is read-only ({}): sync apply would write; plan and review work",
                    located.label,
                    if read_only {
                        "--read-only"
                    } else {
                        "read_only in the config"
                    }
                )));
            }
            apply_command(target, &args)
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, CommandError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CommandError::Failed(format!("cannot start the async runtime: {e}")))
}

/// The configured request budget, else the client's default.
fn rate(target: &Target) -> Result<Rate, CommandError> {
    let located = crate::local::target::Settings::load(target)?.locate(target)?;
    Ok(located
        .pacing
        .map(|p| Rate {
            requests: p.requests.get(),
            window: p.window,
        })
        .unwrap_or_default())
}

fn connect(target: &Target) -> Result<Client, CommandError> {
    let rate = rate(target)?;
    let resolved = crate::local::target::resolve(target)?;
    let mut cfg = ClientConfig::new(resolved.base_url, resolved.token);
    cfg.profile = resolved.profile;
    cfg.rate = rate;
    Client::new(cfg).map_err(crate::cli::export::api_failure)
}

fn read_plan(path: &Path) -> Result<Plan, CommandError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CommandError::Usage(format!("cannot read plan {}: {e}", path.display())))?;
    Plan::from_json(&text).map_err(|e| CommandError::Usage(format!("{}: {e}", path.display())))
}

fn row_errors(path: &Path, errors: &[source::RowError]) -> CommandError {
    let mut text = format!(
        "{} has {} problem{}; no plan was made:",
        path.display(),
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    for e in errors {
        text.push_str(&format!("\n  {}", safe(&e.to_string())));
    }
    CommandError::Usage(text)
}

fn plan_command(target: &Target, args: &SyncPlanArgs) -> Result<(), CommandError> {
    let text = std::fs::read(&args.source)
        .map_err(|e| CommandError::Usage(format!("cannot read {}: {e}", args.source.display())))?;
    let text = String::from_utf8(text)
        .map_err(|_| CommandError::Usage(format!("{} is not UTF-8 text", args.source.display())))?;
    let src = source::parse(&text).map_err(|e| row_errors(&args.source, &e))?;
    let client = connect(target)?;
    let account = runtime()?.block_on(crate::cli::export::load(&client))?;
    let options = PlanOptions {
        add_only: args.add_only,
        allow_delete: args.allow_delete && !args.no_delete,
    };
    let ctx = PlanContext {
        base_url: client.base_url().to_string(),
        source: args.source.display().to_string(),
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    };
    let plan =
        plan::build(&account, &src, options, ctx).map_err(|e| row_errors(&args.source, &e))?;
    let json = plan.to_json();
    let rate = rate(target)?;
    let est = cost::estimate(&plan, rate);
    let mut summary = format!(
        "plan: {}\napply: about {} requests, {} at {} per {} s",
        plan.summary(),
        est.requests,
        cost::human(est.time),
        rate.requests,
        rate.window.as_secs_f64()
    );
    if let Err(tripped) = Fuse::default().check(&plan) {
        summary.push_str(&format!(
            "\nwarning: {tripped}; apply will ask for a typed confirmation (and refuse under --yes)"
        ));
    }
    match &args.out {
        Some(path) => {
            crate::cli::export::write_file(path, json.as_bytes())?;
            println!("{summary}");
            println!(
                "written to {}; next: proofhub-tui sync review {0} / sync apply {0}",
                path.display()
            );
        }
        None => {
            print!("{json}");
            eprintln!("{summary}");
        }
    }
    Ok(())
}

fn review_command(target: &Target, path: &Path) -> Result<(), CommandError> {
    let plan = read_plan(path)?;
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(CommandError::Usage(
            "sync review is an interactive screen and needs a terminal; `sync plan` printed the summary already"
                .into(),
        ));
    }
    let rate = rate(target)?;
    let settings = crate::local::target::Settings::load(target)?;
    let keys = review::keymap(
        settings
            .config
            .keymap
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str())),
    );
    let state = review::Review::new(plan, rate).with_keys(keys);
    review::run_terminal(state, path)
}

/// Reads one line from the terminal after a prompt on stderr.
fn ask(prompt: &str) -> Result<String, CommandError> {
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CommandError::Failed(format!("cannot read the answer: {e}")))?;
    Ok(line.trim().to_string())
}

/// Shows what will happen and asks the admin to type the confirmation. Returns whether the
/// fuse was overridden.
fn confirm(plan: &Plan, fuse_cfg: &Fuse, rate: Rate) -> Result<bool, CommandError> {
    let counts = plan.counts(true);
    let est = cost::estimate(plan, rate);
    eprintln!("plan: {}", plan::summary_line(&counts));
    eprintln!(
        "about {} requests, {} at {} requests per {} s",
        est.requests,
        cost::human(est.time),
        rate.requests,
        rate.window.as_secs_f64()
    );
    let deletes: Vec<&str> = plan
        .items
        .iter()
        .filter(|i| !i.skip && i.change.kind() == Kind::Delete)
        .map(|i| i.change.email())
        .collect();
    let tripped = fuse_cfg.check(plan).err();
    if let Some(t) = &tripped {
        eprintln!("DELETE FUSE: {t}");
    }
    if !deletes.is_empty() {
        eprintln!(
            "{} will be deleted (permanently; ProofHub has no undo):",
            if deletes.len() == 1 {
                "1 person".to_string()
            } else {
                format!("{} people", deletes.len())
            }
        );
        for email in &deletes {
            eprintln!("  {}", safe(email));
        }
    }
    let phrase = if deletes.is_empty() {
        "apply".to_string()
    } else {
        fuse::confirmation_phrase(deletes.len(), tripped.is_some())
    };
    let answer = ask(&format!(
        "type `{phrase}` to go ahead, anything else cancels: "
    ))?;
    if answer != phrase {
        return Err(CommandError::Failed(
            "cancelled; nothing was written".into(),
        ));
    }
    Ok(tripped.is_some())
}

fn apply_command(target: &Target, args: &SyncApplyArgs) -> Result<(), CommandError> {
    let plan = read_plan(&args.plan)?;
    if !(args.max_delete_share.is_finite() && args.max_delete_share >= 0.0) {
        return Err(CommandError::Usage(
            "--max-delete-share must be a percentage (0 or more)".into(),
        ));
    }
    let fuse_cfg = Fuse {
        max_deletes: args.max_deletes,
        max_share_pct: args.max_delete_share,
    };
    let rate = rate(target)?;
    if plan.counts(true).values().sum::<usize>() == 0 {
        println!("nothing to apply: the plan has no ticked items");
        return Ok(());
    }
    let fuse_overridden = if args.yes {
        false
    } else {
        if !std::io::stdin().is_terminal() {
            return Err(CommandError::Usage(
                "sync apply asks for a typed confirmation and there is no terminal to ask on; \
                 pass --yes for scheduled runs (deletes then only within the fuse)"
                    .into(),
            ));
        }
        confirm(&plan, &fuse_cfg, rate)?
    };
    let client = connect(target)?;
    let ledger_path = Ledger::path_for(&args.plan);
    let mut ledger = Ledger::open(&ledger_path, &plan.id).map_err(CommandError::Failed)?;
    let paths =
        crate::local::paths::Paths::discover().map_err(|e| CommandError::Failed(e.to_string()))?;
    let journal = crate::local::journal::Journal::open(&paths.journal_file()).map_err(|e| {
        CommandError::Failed(format!(
            "the journal {} cannot be opened ({e}); nothing was sent",
            paths.journal_file().display()
        ))
    })?;
    let opts = ApplyOptions {
        fuse: fuse_cfg,
        fuse_overridden,
        stop_after_writes: None,
        journal: Some(Arc::new(SyncJournal::new(
            Arc::new(journal),
            client.base_url().to_string(),
        ))),
    };
    let report = runtime()?
        .block_on(apply::apply(&client, &plan, &mut ledger, &opts, |o| {
            if !matches!(o.verdict, apply::Verdict::AlreadyDone(ref d) if d.starts_with("earlier run")) {
                eprintln!(
                    "{:<12} {}: {}",
                    o.verdict.tag(),
                    safe(&o.what),
                    safe(o.verdict.detail())
                );
            }
        }))
        .map_err(CommandError::Failed)?;
    let results_path = args
        .results
        .clone()
        .unwrap_or_else(|| results::path_for(&args.plan));
    results::write(&results_path, &report.outcomes).map_err(CommandError::Failed)?;
    println!("applied: {}", report.summary());
    println!(
        "results: {}; ledger: {}",
        results_path.display(),
        ledger.path().display()
    );
    let failed = report.count("failed");
    if failed > 0 {
        return Err(CommandError::Failed(format!(
            "{failed} item{} failed; run the same apply again to retry them (done items are not repeated)",
            if failed == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}
