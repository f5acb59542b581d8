//! `proofhub-tui completions SHELL` and `proofhub-tui man`: both generated from the clap
//! definition in [`crate::cli::args`], so they cannot drift from `--help`. Completion scripts
//! are static, so `--account` offers the account names the config has when the script is
//! made (any other name still works); re-run after adding an account.

use std::io::Write;

use clap::CommandFactory;
use clap::builder::PossibleValuesParser;

use crate::cli::args::{Cli, Target};
use crate::cli::exit::CommandError;

pub fn completions(target: &Target, shell: clap_complete::Shell) -> Result<(), CommandError> {
    let names: Vec<String> = crate::local::target::Settings::load(target)
        .map(|s| s.config.accounts.keys().cloned().collect())
        .unwrap_or_default();
    let mut cmd = Cli::command();
    if !names.is_empty() {
        cmd = with_account_names(cmd, &names);
    }
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "proofhub-tui", &mut out);
    write_stdout(&out)
}

/// `--account` offers `names`, wherever it is taken (the top and each subcommand with the
/// account options).
fn with_account_names(cmd: clap::Command, names: &[String]) -> clap::Command {
    let mut cmd = cmd;
    if cmd.get_arguments().any(|a| a.get_id() == "account") {
        let names = names.to_vec();
        cmd = cmd.mut_arg("account", |a| {
            a.value_parser(PossibleValuesParser::new(names))
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        cmd = cmd.mut_subcommand(sub, |s| with_account_names(s, names));
    }
    cmd
}

pub fn man() -> Result<(), CommandError> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| CommandError::Failed(format!("cannot render the man page: {e}")))?;
    write_stdout(&out)
}

fn write_stdout(bytes: &[u8]) -> Result<(), CommandError> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|e| CommandError::Failed(format!("cannot write to stdout: {e}")))
}
