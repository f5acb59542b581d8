//! `proofhub-tui sim`: serve the simulator until Ctrl-C or SIGTERM.
//!
//! The first line on stdout is exactly the base URL (`http://127.0.0.1:PORT/api/v3`), flushed,
//! so scripts can read it; everything else goes to stderr. Bad flag values are usage errors
//! (exit 2) with a one-line message. `--write-data FILE` writes the account and exits.

use std::io::Write;
use std::time::Duration;

use super::data::AccountData;
use super::quirks::{self, Quirks};
use super::ratelimit::RateLimit;
use super::{Sim, SimOptions};
use crate::cli::args::SimArgs;
use crate::cli::exit::CommandError;

/// Builds the options the flags ask for, or says which flag is wrong.
pub fn options(args: &SimArgs) -> Result<SimOptions, CommandError> {
    let usage = CommandError::Usage;
    let data = match (&args.data, args.people) {
        (Some(path), _) => AccountData::load(path).map_err(|e| usage(e.to_string()))?,
        (None, Some(0)) => return Err(usage("--people must be at least 1".to_string())),
        (None, Some(people)) => {
            let projects = args.projects.unwrap_or((people / 25).max(1));
            AccountData::generate(people, projects, args.seed)
        }
        (None, None) => AccountData::demo(),
    };
    let mut opts = SimOptions::new(args.profile, data);
    if let Some(token) = &args.token {
        if token.trim().is_empty() || token.chars().any(char::is_control) {
            return Err(usage(
                "--token must be non-empty printable text".to_string(),
            ));
        }
        opts.token = token.clone();
    }
    if let Some(rate) = &args.rate {
        opts.rate = RateLimit::parse(rate).map_err(usage)?;
    }
    if !(0.0..=100.0).contains(&args.fail_rate) {
        return Err(usage(format!(
            "--fail-rate {}: expected a percentage from 0 to 100",
            args.fail_rate
        )));
    }
    opts.fail_rate = args.fail_rate;
    opts.latency = Duration::from_millis(args.latency);
    opts.port = args.port;
    opts.quirks = Quirks {
        page_cap: args
            .page_cap
            .map_or(quirks::DOCUMENTED_PAGE_CAP, usize::from),
        refuse_bearer: args.refuse_bearer,
        micro_stamps: args.micro_stamps,
        ignore_suspend: args.ignore_suspend,
    };
    Ok(opts)
}

/// Runs `proofhub-tui sim`.
pub fn run(args: SimArgs) -> Result<(), CommandError> {
    let opts = options(&args)?;
    if let Some(path) = &args.write_data {
        std::fs::write(path, opts.data.to_json_pretty() + "\n")
            .map_err(|e| CommandError::Failed(format!("cannot write {}: {e}", path.display())))?;
        eprintln!(
            "proofhub-tui sim: wrote {} people and {} projects to {}",
            opts.data.people.len(),
            opts.data.projects.len(),
            path.display()
        );
        return Ok(());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CommandError::Failed(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(serve(opts, args.token.is_none()))
}

async fn serve(opts: SimOptions, default_token: bool) -> Result<(), CommandError> {
    let port = opts.port;
    let profile = opts.profile;
    let (people, projects) = (opts.data.people.len(), opts.data.projects.len());
    let rate = opts.rate;
    let sim = Sim::start(opts)
        .await
        .map_err(|e| CommandError::Failed(format!("cannot listen on 127.0.0.1:{port}: {e}")))?;
    let stop = stop_signal();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", sim.base_url())
        .and_then(|()| out.flush())
        .map_err(|e| CommandError::Failed(format!("cannot write to stdout: {e}")))?;
    drop(out);
    let key = if default_token {
        "API key \"demo-token\""
    } else {
        "the API key given with --token"
    };
    eprintln!(
        "proofhub-tui sim: profile {profile}, {people} people, {projects} projects, {key}, \
         rate {}/{}s; control endpoints at {}/__sim/; Ctrl-C stops",
        rate.requests,
        rate.window.as_secs_f64(),
        sim.root_url()
    );
    stop.await;
    sim.shutdown().await;
    Ok(())
}

/// Installs the Ctrl-C and SIGTERM handlers now and returns a future that ends on either.
///
/// Installing happens before the base URL is printed: a script that reads the URL and at once
/// sends SIGTERM must find the handler in place, not the default action.
fn stop_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let term = signal(SignalKind::terminate());
        let int = signal(SignalKind::interrupt());
        async move {
            match (term, int) {
                (Ok(mut term), Ok(mut int)) => {
                    tokio::select! {
                        _ = int.recv() => {}
                        _ = term.recv() => {}
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
