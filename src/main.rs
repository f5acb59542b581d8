//! The `proofhub-tui` binary: parse the command line, run the subcommand, exit with its code.
#![forbid(unsafe_code)]

use clap::Parser;

fn main() {
    let cli = proofhub_tui::cli::Cli::parse();
    let code = match proofhub_tui::commands::run(cli) {
        Ok(()) => 0,
        Err(err) => {
            eprintln!("proofhub-tui: {err}");
            err.code()
        }
    };
    std::process::exit(code);
}
