//! Dispatch: one arm per subcommand, each handing off to the module that does the work.

use crate::cli::args::{Cli, Command};
use crate::cli::exit::CommandError;

/// Runs what the command line asks for.
pub fn run(cli: Cli) -> Result<(), CommandError> {
    match cli.command {
        None => crate::cli::console::run(&cli),
        Some(Command::Demo(args)) => crate::cli::demo::run(&args, &cli.target, cli.read_only),
        Some(Command::Sim(args)) => crate::sim::cli::run(args),
        Some(Command::Login(args)) => crate::cli::login::login(&cli.target, &args),
        Some(Command::Logout) => crate::cli::login::logout(&cli.target),
        Some(Command::Info) => crate::cli::info::info(&cli.target),
        Some(Command::Doctor(args)) => crate::cli::doctor::run(&cli.target, &args),
        Some(Command::Export(args)) => crate::cli::export::run(&cli.target, &args),
        Some(Command::Config(cmd)) => crate::cli::config_cmd::run(&cli.target, &cmd),
        Some(Command::Completions { shell }) => {
            crate::cli::generate::completions(&cli.target, shell)
        }
        Some(Command::Man) => crate::cli::generate::man(),
        Some(Command::Sync(cmd)) => crate::dirsync::command::run(&cli.target, cmd, cli.read_only),
    }
}
