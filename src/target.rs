//! Which account a command talks to and with which token.
//!
//! Base URL: `--base-url` (or `PROOFHUB_BASE_URL`) → `--account NAME` → the config's default.
//! Token: `PROOFHUB_TOKEN` → the OS keyring entry for the account. Never a command-line argument.

use crate::cli::Target;
use crate::exit::CommandError;
use crate::profile::ProfileChoice;
use crate::token::Token;

/// Everything a command needs to reach one account.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The account's name for messages and the keyring: the `--account` name, else the base URL.
    pub label: String,
    pub base_url: String,
    pub token: Token,
    pub profile: ProfileChoice,
}

/// The base URL for an account name.
pub fn account_url(name: &str) -> String {
    format!("https://{name}.proofhub.com/api/v3")
}

/// Where the account lives: `(label, base_url)`.
pub fn locate(target: &Target) -> Result<(String, String), CommandError> {
    if let Some(url) = target
        .base_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        let label = target.account.clone().unwrap_or_else(|| url.to_string());
        return Ok((label, url.trim_end_matches('/').to_string()));
    }
    if let Some(name) = target
        .account
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        return Ok((name.to_string(), account_url(name)));
    }
    Err(CommandError::Usage(
        "no account given: pass --account NAME (https://NAME.proofhub.com) or --base-url URL"
            .into(),
    ))
}

/// The token from the environment, if set.
pub fn token_from_env() -> Option<Token> {
    std::env::var("PROOFHUB_TOKEN").ok().and_then(Token::new)
}

/// Resolves account and token for a command that needs both.
pub fn resolve(target: &Target) -> Result<Resolved, CommandError> {
    let (label, base_url) = locate(target)?;
    let token = token_from_env().ok_or_else(|| {
        CommandError::Failed(format!(
            "no token for account {label}: run `proofhub-tui login --account {label}` or set PROOFHUB_TOKEN"
        ))
    })?;
    Ok(Resolved {
        label,
        base_url,
        token,
        profile: target.api.unwrap_or_default(),
    })
}
