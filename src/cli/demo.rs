//! `proofhub-tui demo [--profile v3|guide]`: the simulator in-process with the built-in demo
//! account, and the console on it. No token to find, no network beyond 127.0.0.1, and the
//! account lives only in the simulator's memory. The console's journal (writes and tombstones)
//! goes to a temporary directory removed on exit, or under `PROOFHUB_TUI_HOME` when that is set;
//! a log is written only when `PROOFHUB_TUI_LOG` asks, as for the console. The config's
//! `theme`, `[keymap]` and `read_only` apply as in the console.

use crate::api::{Client, ClientConfig, Rate};
use crate::cli::args::{DemoArgs, Target};
use crate::cli::exit::CommandError;
use crate::model::profile::ProfileChoice;
use crate::model::token::Token;
use crate::sim::{Sim, SimOptions};

pub fn run(args: &DemoArgs, target: &Target, read_only: bool) -> Result<(), CommandError> {
    let profile = args.profile;
    // The config's theme, keymap and read_only apply as in the console (its accounts do not).
    let config = crate::local::target::Settings::load(target)?.config;
    let read_only = read_only || config.read_only;
    crate::console::tokio_runtime()?.block_on(async move {
        let opts = SimOptions::demo(profile);
        let rate = Rate {
            requests: opts.rate.requests,
            window: opts.rate.window,
        };
        let sim = Sim::start(opts)
            .await
            .map_err(|e| CommandError::Failed(format!("cannot start the demo simulator: {e}")))?;
        let token = Token::new(sim.token())
            .ok_or_else(|| CommandError::Failed("the demo simulator has no token".into()))?;
        let mut cfg = ClientConfig::new(sim.base_url(), token);
        cfg.profile = match profile {
            crate::model::profile::Profile::V3 => ProfileChoice::V3,
            crate::model::profile::Profile::Guide => ProfileChoice::Guide,
        };
        cfg.rate = rate;
        let client = Client::new(cfg).map_err(|e| CommandError::Failed(e.to_string()))?;
        // The demo's journal lives in a fresh temporary directory, removed on exit.
        // (PROOFHUB_TUI_HOME, when set, is used instead so a scripted demo can read its
        // journal afterwards.)
        let (journal, scratch) = demo_journal()?;
        let result = crate::console::open(
            client,
            "demo".to_string(),
            read_only,
            crate::cli::console::colors_for(config.theme),
            config.mouse,
            &config.keymap,
            journal,
            None,
            None,
        )
        .await;
        sim.shutdown().await;
        if let Some(dir) = scratch {
            let _ = std::fs::remove_dir_all(dir);
        }
        result
    })
}

/// The demo's journal path, and the scratch directory to remove afterwards.
fn demo_journal() -> Result<(std::path::PathBuf, Option<std::path::PathBuf>), CommandError> {
    if std::env::var_os(crate::local::paths::HOME_ENV).is_some_and(|v| !v.is_empty()) {
        return Ok((crate::console::journal_path()?, None));
    }
    let dir = std::env::temp_dir().join(format!(
        "proofhub-tui-demo-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_millis()
    ));
    Ok((dir.join("journal.jsonl"), Some(dir)))
}
