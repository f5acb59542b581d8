//! `login` and `logout`: check an account's token and keep it in the OS keyring; take it out,
//! with the account's snapshot and its key.
//!
//! `login` reads the token without echo (or one line with `--token-stdin`), checks it with one
//! cheap request, and stores it only when the account accepts it, under service `proofhub-tui`
//! and user = the account's label (see [`crate::local::target`]). A refused token stores nothing.

use std::io::IsTerminal;

use crate::cli::args::{LoginArgs, Target};
use crate::cli::exit::CommandError;
use crate::cli::prompt::{self, PromptError};
use crate::cli::token_check::{self, CheckError};
use crate::local::secrets::{self, Keyring};
use crate::local::snapshot;
use crate::local::target::Settings;

/// `proofhub-tui login`.
pub fn login(target: &Target, args: &LoginArgs) -> Result<(), CommandError> {
    let located = Settings::load(target)?.locate(target)?;
    eprintln!("Account {} ({})", located.label, located.base_url);

    let read = if args.token_stdin {
        prompt::token_from_line(std::io::stdin().lock())
    } else {
        prompt::token_from_terminal("API token (typing is not shown): ")
    };
    let token = read.map_err(|e| match e {
        PromptError::Cancelled => CommandError::Failed("login cancelled; nothing stored".into()),
        PromptError::Io(_) => CommandError::Failed(format!("{e}; nothing stored")),
        other => CommandError::Usage(format!("{other}; nothing stored")),
    })?;

    let profile = token_check::check_blocking(&located, &token).map_err(|e| match e {
        CheckError::Refused(why) => CommandError::TokenRefused(format!(
            "{} refused this token ({why}); nothing stored. Check that you copied the whole API \
             key of this account and retry",
            located.base_url
        )),
        CheckError::Unreachable(why) => {
            CommandError::Unreachable(format!("cannot check the token: {why}; nothing stored"))
        }
        CheckError::Failed(why) => {
            CommandError::Failed(format!("cannot check the token: {why}; nothing stored"))
        }
    })?;

    let label = located.label.clone();
    let choice = located.keyring;
    let (kind, fallback) = secrets::call(move || {
        let keyring = Keyring::open(choice)?;
        keyring.set(&label, &token)?;
        Ok((
            keyring.kind(),
            keyring.fallback_reason().map(str::to_string),
        ))
    })
    .map_err(|e| CommandError::Failed(format!("the token is valid but was not stored: {e}")))?;

    println!(
        "Token for {} accepted ({profile} API) and stored in the {} (service {}, user {}).",
        located.label,
        kind.name(),
        secrets::SERVICE,
        located.label
    );
    if let Some(why) = fallback {
        println!("Note: {why}, so the {} holds it.", kind.name());
    }
    if let Some(caveat) = kind.caveat() {
        println!("Note: {caveat}.");
    }
    warn_if_env_token();
    tracing::info!(account = %located.label, store = kind.name(), %profile, "token stored");
    Ok(())
}

/// `proofhub-tui logout`.
pub fn logout(target: &Target) -> Result<(), CommandError> {
    let settings = Settings::load(target)?;
    let located = settings.locate(target)?;
    // The snapshot and its key file go first, whatever the keyring says: they hold people's
    // data, and a key file needs no keyring.
    let files = snapshot::remove(
        &settings.paths,
        &located.label,
        located.base_url.as_str(),
        None,
    )
    .map_err(CommandError::Failed)?;
    if files.file || files.key_file {
        println!("Snapshot of {} removed.", located.label);
    }
    let label = located.label.clone();
    let choice = located.keyring;
    let (removed, key_removed, kind) = secrets::call(move || {
        let keyring = Keyring::open(choice)?;
        let key = keyring.delete(&snapshot::keyring_user(&label))?;
        Ok((keyring.delete(&label)?, key, keyring.kind()))
    })
    .map_err(|e| CommandError::Failed(e.to_string()))?;
    if key_removed {
        println!(
            "Snapshot key of {} removed from the {}.",
            located.label,
            kind.name()
        );
    }
    if removed {
        println!(
            "Token for {} removed from the {}.",
            located.label,
            kind.name()
        );
    } else {
        println!(
            "No token for {} in the {}; nothing to remove.",
            located.label,
            kind.name()
        );
    }
    warn_if_env_token();
    tracing::info!(account = %located.label, removed, "logout");
    Ok(())
}

fn warn_if_env_token() {
    if secrets::token_from_env().is_some() {
        let hint = if std::io::stderr().is_terminal() {
            " (unset it to use the keyring)"
        } else {
            ""
        };
        eprintln!(
            "Note: PROOFHUB_TOKEN is set in this environment and wins over the keyring{hint}."
        );
    }
}
