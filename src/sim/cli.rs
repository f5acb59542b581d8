//! `proofhub-tui sim`.
use crate::cli::SimArgs;
use crate::exit::CommandError;

pub fn run(_args: SimArgs) -> Result<(), CommandError> {
    Err(CommandError::NotAvailable("sim"))
}
