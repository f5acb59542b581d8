//! `proofhub-tui sync plan|review|apply`: files, terminal questions and exit codes around the
//! planner, the review screen and the apply engine.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use super::access_review;
use super::apply::{self, ApplyOptions, same_url};
use super::apply_lock::ApplyLock;
use super::cost;
use super::fuse::{self, Fuse};
use super::journaling::SyncJournal;
use super::ledger::Ledger;
use super::plan::{self, Kind, Plan, PlanContext, PlanOptions};
use super::results;
use super::review;
use super::seal::PlanKey;
use super::source;
use crate::api::{Client, ClientConfig, Rate};
use crate::cli::args::{SyncApplyArgs, SyncCommand, SyncPlanArgs, Target};
use crate::cli::exit::CommandError;
use crate::cli::progress::{self, Show};

/// Text from the server or a file, made safe for the terminal.
fn safe(text: &str) -> std::borrow::Cow<'_, str> {
    crate::model::sanitize::display(text)
}

/// Runs one `sync` subcommand. `read_only` (the `--read-only` flag) refuses `apply`, as the
/// account's `read_only` config does; plan and review only read. Review and apply take the
/// account from the plan.
pub fn run(target: &Target, cmd: SyncCommand, read_only: bool) -> Result<(), CommandError> {
    match cmd {
        SyncCommand::Plan(args) => plan_command(target, &args),
        SyncCommand::Review(args) => {
            let (loaded, target) = read_plan(target, &args.plan)?;
            review_command(&target, &args.plan, loaded)
        }
        SyncCommand::Apply(args) => {
            let (plan, target) = read_plan(target, &args.plan)?;
            let located = crate::local::target::Settings::load(&target)?.locate(&target)?;
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
            apply_command(&target, &args, plan)
        }
    }
}

/// The machine's plan key (made on first use) in the data directory.
fn plan_key(target: &Target) -> Result<PlanKey, CommandError> {
    let settings = crate::local::target::Settings::load(target)?;
    let dir = &settings.paths.data_dir;
    PlanKey::load_or_create(dir).map_err(|e| {
        CommandError::Failed(format!(
            "the plan key in {} cannot be read or made: {e}",
            dir.display()
        ))
    })
}

/// The account a plan names, as a target: an explicit `--account`/`--base-url` must name the
/// same URL; without one, the configured account with that URL (so its keyring entry and
/// settings apply), else the URL itself.
fn plan_target(target: &Target, path: &Path, plan: &Plan) -> Result<Target, CommandError> {
    let settings = crate::local::target::Settings::load(target)?;
    let explicit = target.account.is_some() || target.base_url.is_some();
    if explicit {
        let located = settings.locate(target)?;
        if !same_url(located.base_url.as_str(), &plan.base_url) {
            return Err(CommandError::Usage(format!(
                "the plan {} was made for {}, but {} names {} ({}); leave the account out (the plan names it) or make a plan for {}",
                path.display(),
                plan.base_url.trim_end_matches('/'),
                if target.base_url.is_some() {
                    "--base-url (or PROOFHUB_BASE_URL)"
                } else {
                    "--account"
                },
                located.label,
                located.base_url,
                located.label
            )));
        }
        return Ok(target.clone());
    }
    if settings
        .locate(target)
        .is_ok_and(|l| same_url(l.base_url.as_str(), &plan.base_url))
    {
        return Ok(target.clone());
    }
    let mut t = target.clone();
    let configured = settings.config.accounts.iter().find(|(name, a)| {
        let url = a
            .base_url
            .clone()
            .or_else(|| crate::model::base_url::BaseUrl::for_account(name).ok());
        url.is_some_and(|u| same_url(u.as_str(), &plan.base_url))
    });
    match configured {
        Some((name, _)) => t.account = Some(name.clone()),
        None => t.base_url = Some(plan.base_url.trim_end_matches('/').to_string()),
    }
    Ok(t)
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
    let located = crate::local::target::Settings::load(target)?.locate(target)?;
    let resolved = crate::local::target::resolve(target)?;
    let mut cfg = ClientConfig::new(resolved.base_url, resolved.token);
    cfg.profile = resolved.profile;
    cfg.token_fix = Some(resolved.token_fix);
    crate::cli::client_settings::apply(&located, &mut cfg);
    Client::new(cfg).map_err(crate::cli::export::api_failure)
}

/// Reads a plan, checks its seal, and finds the account it names.
fn read_plan(target: &Target, path: &Path) -> Result<(Plan, Target), CommandError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CommandError::Usage(format!("cannot read plan {}: {e}", path.display())))?;
    let plan = Plan::from_json(&text)
        .map_err(|e| CommandError::Usage(format!("{}: {e}", path.display())))?;
    plan.verify(&plan_key(target)?)
        .map_err(|e| CommandError::Failed(format!("{}: {e}", path.display())))?;
    let target = plan_target(target, path, &plan)?;
    Ok((plan, target))
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
    // clap requires one of the two.
    let (path, review) = match (&args.source, &args.access_review) {
        (Some(path), _) => (path, false),
        (None, Some(path)) => (path, true),
        (None, None) => {
            return Err(CommandError::Usage(
                "sync plan needs --source FILE or --access-review FILE".into(),
            ));
        }
    };
    let text = std::fs::read(path)
        .map_err(|e| CommandError::Usage(format!("cannot read {}: {e}", path.display())))?;
    let text = String::from_utf8(text)
        .map_err(|_| CommandError::Usage(format!("{} is not UTF-8 text", path.display())))?;
    let src = if review {
        None
    } else {
        Some(source::parse(&text).map_err(|e| row_errors(path, &e))?)
    };
    let client = connect(target)?;
    let account = runtime()?.block_on(crate::cli::export::load(
        &client,
        Show::from_quiet(args.quiet),
    ))?;
    let options = PlanOptions {
        add_only: args.add_only,
        allow_delete: args.allow_delete && !args.no_delete,
    };
    let ctx = PlanContext {
        base_url: client.base_url().to_string(),
        source: if review {
            format!("access review {}", path.display())
        } else {
            path.display().to_string()
        },
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        key: plan_key(target)?,
    };
    let (plan, notes) = match src {
        Some(src) => (
            plan::build(&account, &src, options, ctx).map_err(|e| row_errors(path, &e))?,
            Vec::new(),
        ),
        None => access_review::plan(&account, &text, ctx).map_err(|e| row_errors(path, &e))?,
    };
    if !args.quiet {
        for note in notes {
            eprintln!("note: {}", safe(&note));
        }
    }
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
    let fuse_warning = Fuse::default().check(&plan).err().map(|tripped| {
        format!("{tripped}; apply will ask for a typed confirmation (and refuse under --yes)")
    });
    if let Some(warning) = &fuse_warning {
        summary.push_str(&format!("\nwarning: {warning}"));
    }
    match &args.out {
        Some(path) if args.json => {
            crate::cli::export::write_file(path, json.as_bytes())?;
            super::json_out::print(&super::json_out::plan(&plan, path, &est, fuse_warning))?;
        }
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
            if !args.quiet {
                eprintln!("{summary}");
            }
        }
    }
    Ok(())
}

fn review_command(target: &Target, path: &Path, plan: Plan) -> Result<(), CommandError> {
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

/// "2 people get an invitation email from ProofHub at once": every place that sends invites
/// says how many.
fn invitation_line(counts: &std::collections::BTreeMap<Kind, usize>) -> String {
    let n = counts.get(&Kind::Invite).copied().unwrap_or(0);
    let line = crate::model::restore::invitation_emails(n);
    let mut c = line.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or(line)
}

/// Shows what will happen and asks the admin to type the confirmation. Returns whether the
/// fuse was overridden.
fn confirm(plan: &Plan, fuse_cfg: &Fuse, rate: Rate) -> Result<bool, CommandError> {
    let counts = plan.counts(true);
    let est = cost::estimate(plan, rate);
    eprintln!("plan: {}", plan::summary_line(&counts));
    eprintln!("{}", invitation_line(&counts));
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

fn apply_command(target: &Target, args: &SyncApplyArgs, plan: Plan) -> Result<(), CommandError> {
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
        if args.json {
            return super::json_out::print(&super::json_out::apply(None, None, None));
        }
        println!("nothing to apply: the plan has no ticked items");
        return Ok(());
    }
    let fuse_overridden = if args.yes {
        let counts = plan.counts(true);
        if !args.quiet {
            eprintln!("plan: {}", plan::summary_line(&counts));
            eprintln!("{}", invitation_line(&counts));
        }
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
    let _lock = ApplyLock::acquire(&args.plan).map_err(CommandError::Failed)?;
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
        show: Show::from_quiet(args.quiet),
        journal: Some(Arc::new(SyncJournal::new(
            Arc::new(journal),
            client.base_url().to_string(),
        ))),
    };
    let show = Show::from_quiet(args.quiet);
    let report = runtime()?.block_on(apply_with_progress(
        &client,
        &plan,
        &mut ledger,
        &opts,
        show,
        rate,
    ))?;
    let results_path = args
        .results
        .clone()
        .unwrap_or_else(|| results::path_for(&args.plan));
    results::write(&results_path, &report.outcomes).map_err(CommandError::Failed)?;
    if args.json {
        super::json_out::print(&super::json_out::apply(
            Some(&report),
            Some(&results_path),
            Some(ledger.path()),
        ))?;
    } else {
        println!("applied: {}", report.summary());
        println!(
            "results: {}; ledger: {}",
            results_path.display(),
            ledger.path().display()
        );
    }
    outcome_error(&report).map_or(Ok(()), Err)
}

fn names(outcomes: &[&apply::Outcome]) -> String {
    outcomes
        .iter()
        .map(|o| format!("\n  {}: {}", safe(&o.what), safe(o.verdict.detail())))
        .collect()
}

/// Exit 0 only when every ticked item is done. Items a re-run retries (failed, waiting, not
/// run) make it 1; items only the admin can unblock (skipped for drift) make it 3. Both name
/// the items.
fn outcome_error(report: &apply::Report) -> Option<CommandError> {
    let retry = report.retryable();
    let admin = report.needs_admin();
    let plural = |n: usize| if n == 1 { "item" } else { "items" };
    let admin_text = (!admin.is_empty()).then(|| {
        format!(
            "{} ticked {} skipped and need you (they will not happen by re-running this plan; check them and make a new plan):{}",
            admin.len(),
            plural(admin.len()),
            names(&admin)
        )
    });
    if !retry.is_empty() {
        let mut text = format!(
            "{} ticked {} not done yet ({} failed, {} waiting for an invite, {} not run); run the same apply again to retry them (done items are not repeated):{}",
            retry.len(),
            plural(retry.len()),
            report.count("failed"),
            report.count("waiting"),
            report.count("not_run"),
            names(&retry)
        );
        if let Some(a) = admin_text {
            text.push('\n');
            text.push_str(&a);
        }
        return Some(CommandError::Failed(text));
    }
    admin_text.map(CommandError::NeedsAdmin)
}

/// Runs the apply with the progress line ("applying: 3/10 items (about 8 s left)") and one
/// line per item above it; `--quiet` keeps only the items that did not go through.
async fn apply_with_progress(
    client: &Client,
    plan: &Plan,
    ledger: &mut Ledger,
    opts: &ApplyOptions,
    show: Show,
    rate: Rate,
) -> Result<apply::Report, CommandError> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let total = plan.counts(true).values().sum::<usize>();
    let whole = cost::estimate(plan, rate).time;
    // Made at the first item: the re-check load draws its own line before that.
    let line: Arc<std::sync::OnceLock<progress::Line>> = Arc::new(std::sync::OnceLock::new());
    let done = Arc::new(AtomicUsize::new(0));
    let draw = {
        let (line, done, client) = (line.clone(), done.clone(), client.clone());
        move || {
            let d = done.load(Ordering::Relaxed).min(total);
            let left = (total > 0).then(|| whole.mul_f64((total - d) as f64 / total as f64));
            let Some(line) = line.get() else { return };
            line.set(progress::apply_line(
                d,
                total,
                left,
                progress::wait_of(&client.pacing()),
            ));
        }
    };
    let ticker = {
        let draw = draw.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_millis(500));
            loop {
                tick.tick().await;
                draw();
            }
        })
    };
    let result = apply::apply(client, plan, ledger, opts, |o| {
        done.fetch_add(1, Ordering::Relaxed);
        let line = line.get_or_init(|| progress::Line::new(show));
        let earlier =
            matches!(o.verdict, apply::Verdict::AlreadyDone(ref d) if d.starts_with("earlier run"));
        let fine = matches!(
            o.verdict,
            apply::Verdict::Done(_) | apply::Verdict::AlreadyDone(_)
        );
        let hidden = earlier || (show.quiet() && fine);
        if !hidden {
            line.println(&format!(
                "{:<12} {}: {}",
                o.verdict.tag(),
                safe(&o.what),
                safe(o.verdict.detail())
            ));
        }
        draw();
    })
    .await;
    ticker.abort();
    if let Some(line) = line.get() {
        line.finish();
    }
    result
}
