//! Dispatch: one arm per subcommand, each handing off to the module that does the work.

use crate::cli::{Cli, Command};
use crate::exit::CommandError;

/// Runs what the command line asks for.
pub fn run(cli: Cli) -> Result<(), CommandError> {
    match cli.command {
        None => crate::console::run(&cli),
        Some(Command::Demo(args)) => crate::demo::run(&args, cli.read_only),
        Some(Command::Sim(args)) => crate::sim::cli::run(args),
        Some(Command::Login(args)) => crate::login::login(&cli.target, &args),
        Some(Command::Logout) => crate::login::logout(&cli.target),
        Some(Command::Info) => crate::info::info(&cli.target),
        Some(Command::Export(args)) => crate::export::run(&cli.target, &args),
        Some(Command::Sync(cmd)) => crate::sync::command::run(&cli.target, cmd, cli.read_only),
    }
}
