//! Dispatch: one arm per subcommand, each handing off to the module that does the work.

use crate::cli::{Cli, Command};
use crate::exit::CommandError;

/// Runs what the command line asks for.
pub fn run(cli: Cli) -> Result<(), CommandError> {
    match cli.command {
        None => Err(CommandError::NotAvailable("the console")),
        Some(Command::Demo(_)) => Err(CommandError::NotAvailable("demo")),
        Some(Command::Sim(args)) => crate::sim::cli::run(args),
        Some(Command::Login(_)) => Err(CommandError::NotAvailable("login")),
        Some(Command::Logout) => Err(CommandError::NotAvailable("logout")),
        Some(Command::Info) => Err(CommandError::NotAvailable("info")),
        Some(Command::Export(args)) => crate::export::run(&cli.target, &args),
        Some(Command::Sync(cmd)) => crate::sync::command::run(&cli.target, cmd),
    }
}
