//! The `proofhub-tui` binary: parse the command line, start logging, run the subcommand, exit
//! with its code.
#![deny(unsafe_code)]

use clap::Parser;

fn main() {
    // First, while this is the only thread (see `allocator`).
    let tuned = proofhub_tui::allocator::tune();
    let cli = proofhub_tui::cli::args::Cli::parse();
    start_logging();
    tracing::debug!(
        tuned,
        "allocator: freed pages go back after {} ms{}",
        proofhub_tui::allocator::purge_delay()
            .map_or_else(|| "the system's".into(), |ms| ms.to_string()),
        if tuned { "" } else { " (not set here)" }
    );
    let code = match proofhub_tui::cli::commands::run(cli) {
        Ok(()) => 0,
        Err(err) => {
            tracing::debug!(code = err.code(), "command failed: {err}");
            // Errors quote server and source text: the terminal form, like the console.
            eprintln!(
                "proofhub-tui: {}",
                proofhub_tui::model::sanitize::display(&err.to_string())
            );
            err.code()
        }
    };
    std::process::exit(code);
}

/// Logs go to a file, and only when `PROOFHUB_TUI_LOG` asks; a problem with that is said once,
/// here, before any console owns the terminal.
fn start_logging() {
    let started = proofhub_tui::local::paths::Paths::discover()
        .map_err(|e| e.to_string())
        .and_then(|paths| proofhub_tui::local::logging::init(&paths));
    if let Err(err) = started {
        eprintln!(
            "proofhub-tui: logging is off: {}",
            proofhub_tui::model::sanitize::display(&err)
        );
    }
}
