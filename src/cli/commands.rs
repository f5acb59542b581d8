//! Dispatch: one arm per subcommand, each handing off to the module that does the work.
//!
//! The account options may stand before a subcommand or after it ([`Target::or`]: after wins);
//! a subcommand that takes none of them refuses them before it, so no flag is silently ignored.

use crate::cli::args::{Cli, Command, Target};
use crate::cli::exit::CommandError;

/// Runs what the command line asks for.
pub fn run(cli: Cli) -> Result<(), CommandError> {
    let before = &cli.target;
    match cli.command {
        None => crate::cli::console::run(&cli),
        Some(Command::Demo(args)) => {
            refuse_before("demo", before, &["--config"])?;
            let target = args.config.or(before);
            crate::cli::demo::run(&args, &target, args.read_only || cli.read_only)
        }
        Some(Command::Sim(args)) => {
            refuse_before("sim", before, &[])?;
            refuse_read_only("sim", cli.read_only)?;
            crate::sim::cli::run(args)
        }
        Some(Command::Login(args)) => crate::cli::login::login(&args.target.or(before), &args),
        Some(Command::Logout(args)) => crate::cli::login::logout(&args.target.or(before)),
        Some(Command::Info(args)) => crate::cli::info::info(&args.target.or(before), args.json),
        Some(Command::Export(args)) => crate::cli::export::run(&args.target.or(before), &args),
        Some(Command::Changes(args)) => {
            crate::cli::changes::run(&args.target.or(before), &args, cli.no_snapshot)
        }
        Some(Command::Watch(args)) => {
            crate::cli::watch::run(&args.target.or(before), &args, cli.no_snapshot)
        }
        Some(Command::Doctor(args)) => crate::cli::doctor::run(&args.target.or(before), &args),
        Some(Command::Config(cmd)) => {
            refuse_before("config", before, &["--config"])?;
            crate::cli::config_cmd::run(&cmd.config_file().or(before), &cmd)
        }
        Some(Command::Completions(args)) => {
            refuse_before("completions", before, &["--config"])?;
            crate::cli::generate::completions(&args.config.or(before), args.shell)
        }
        Some(Command::Man) => {
            refuse_before("man", before, &[])?;
            crate::cli::generate::man()
        }
        Some(Command::Sync(cmd)) => {
            let target = cmd.target().or(before);
            let read_only = cli.read_only
                || matches!(&cmd, crate::cli::args::SyncCommand::Apply(a) if a.read_only);
            crate::dirsync::command::run(&target, cmd, read_only)
        }
    }
}

/// Account options given before a subcommand that does not take them are a usage error.
fn refuse_before(sub: &str, before: &Target, allowed: &[&str]) -> Result<(), CommandError> {
    let ignored: Vec<&str> = before
        .flags_given()
        .into_iter()
        .filter(|flag| !allowed.contains(flag))
        .collect();
    if ignored.is_empty() {
        return Ok(());
    }
    Err(CommandError::Usage(format!(
        "`{sub}` takes no {}: it talks to no configured account",
        ignored.join(", ")
    )))
}

fn refuse_read_only(sub: &str, read_only: bool) -> Result<(), CommandError> {
    if read_only {
        return Err(CommandError::Usage(format!(
            "`{sub}` takes no --read-only: it serves a simulator, it writes to no account"
        )));
    }
    Ok(())
}
