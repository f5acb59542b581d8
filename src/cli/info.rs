//! `proofhub-tui info`: where every file is, which account and keyring store are in use, where
//! the token would come from (never the token itself), and the API profile the account answers
//! with when it is reachable. Exits 0 only when the account accepts the token (like `gh auth
//! status`); the exit code says what is missing otherwise (`crate::cli::exit`).

use std::path::Path;

use crate::cli::args::Target;
use crate::cli::exit::CommandError;
use crate::cli::token_check::{self, CheckError};
use crate::local::logging::LOG_ENV;
use crate::local::paths::Paths;
use crate::local::secrets::{self, Keyring, StoreKind, TokenSource};
use crate::local::target::{Located, Settings};
use crate::model::token::Token;

/// `proofhub-tui info`.
pub fn info(target: &Target) -> Result<(), CommandError> {
    let paths = Paths::discover().map_err(|e| CommandError::Failed(e.to_string()))?;
    let config_path = target.config.clone().unwrap_or_else(|| paths.config_file());
    let mut out = Report::default();

    out.section("Files");
    let config_state = if config_path.exists() {
        ""
    } else if target.config.is_some() {
        " (missing)"
    } else {
        " (none: defaults in use)"
    };
    out.row(
        "config file",
        format!("{}{config_state}", config_path.display()),
    );
    out.row("data dir", paths.data_dir.display());
    out.row("journal", paths.journal_file().display());
    out.row("cache dir", paths.cache_dir.display());
    out.row("log file", log_state(&paths.log_file()));

    // A broken config must not hide the paths above: print them, then the error.
    let settings = match Settings::load(target) {
        Ok(s) => s,
        Err(e) => {
            out.print();
            return Err(e);
        }
    };

    out.section("Account");
    let located = match settings.locate(target) {
        Ok(l) => l,
        Err(e) => {
            out.row("account", format!("none: {e}"));
            out.print();
            return Err(e);
        }
    };
    out.row("account", &located.label);
    out.row("base URL", &located.base_url);

    out.section("Token");
    let store = open_store(&located);
    match &store {
        Ok((kind, fallback)) => {
            match fallback {
                Some(why) => out.row(
                    "keyring",
                    format!("{} (auto: {why}); tried: usable", kind.name()),
                ),
                None => out.row("keyring", format!("{}; tried: usable", kind.name())),
            }
            if let Some(caveat) = kind.caveat() {
                out.row("", caveat);
            }
        }
        Err(e) => out.row("keyring", format!("not usable: {e}")),
    }
    let token = match secrets::lookup(&located.label, located.keyring) {
        Ok(Some((token, source))) => {
            out.row("token from", source_text(&source, &located));
            Some(token)
        }
        Ok(None) => {
            out.row(
                "token from",
                format!("none: run `{}` or set PROOFHUB_TOKEN", located.login_hint()),
            );
            None
        }
        Err(e) => {
            out.row("token from", format!("unknown: {e}"));
            None
        }
    };

    out.section("API");
    out.row(
        "profile asked",
        format!("{:?}", located.profile).to_lowercase(),
    );
    let (detected, verdict) = detect(&located, token.as_ref());
    out.row("profile detected", detected);
    out.print();
    verdict
}

fn log_state(path: &Path) -> String {
    match std::env::var(LOG_ENV) {
        Ok(level) if !level.trim().is_empty() => {
            format!("{} ({LOG_ENV}={})", path.display(), level.trim())
        }
        _ => format!("{} (off: set {LOG_ENV}=info to log)", path.display()),
    }
}

/// The store in use, and why `auto` fell back to it if it did: shown as usable only once the
/// account's entry has been read from it (even when PROOFHUB_TOKEN makes the keyring moot).
fn open_store(located: &Located) -> Result<(StoreKind, Option<String>), secrets::SecretsError> {
    let choice = located.keyring;
    let label = located.label.clone();
    secrets::call(move || {
        let keyring = Keyring::open(choice)?;
        keyring.probe(&label)?;
        Ok((
            keyring.kind(),
            keyring.fallback_reason().map(str::to_string),
        ))
    })
}

fn source_text(source: &TokenSource, located: &Located) -> String {
    match source {
        TokenSource::Env => "PROOFHUB_TOKEN (wins over the keyring)".into(),
        TokenSource::Keyring(kind) => format!(
            "keyring: {} (service {}, user {})",
            kind.name(),
            secrets::SERVICE,
            located.label
        ),
    }
}

/// The detected-profile row, and how `info` exits: 0 only when the account accepts the token
/// (like `gh auth status`), else the code of what is wrong.
fn detect(located: &Located, token: Option<&Token>) -> (String, Result<(), CommandError>) {
    let Some(token) = token else {
        return (
            "not checked: no token".into(),
            Err(CommandError::TokenRefused(format!(
                "no token for account {}: run `{}` or set PROOFHUB_TOKEN",
                located.label,
                located.login_hint()
            ))),
        );
    };
    match token_check::check_blocking(located, token) {
        Ok(profile) => (format!("{profile} (the account accepts the token)"), Ok(())),
        Err(CheckError::Refused(why)) => (
            format!("the account refuses the token: {why}"),
            Err(CommandError::TokenRefused(format!(
                "{} refuses the token; run `{}` or set PROOFHUB_TOKEN",
                located.base_url,
                located.login_hint()
            ))),
        ),
        Err(CheckError::Unreachable(why)) => (
            format!("not reachable: {why}"),
            Err(CommandError::Unreachable(format!(
                "{} is not reachable, the token is unchecked",
                located.base_url
            ))),
        ),
        Err(CheckError::Failed(why)) => (
            format!("not checked: {why}"),
            Err(CommandError::Failed(format!(
                "{} gave no verdict on the token",
                located.base_url
            ))),
        ),
    }
}

/// Aligned `name  value` rows under section headings.
#[derive(Default)]
struct Report {
    lines: Vec<(Option<String>, String)>,
}

impl Report {
    fn section(&mut self, title: &str) {
        self.lines.push((None, title.to_string()));
    }

    fn row(&mut self, name: &str, value: impl std::fmt::Display) {
        self.lines.push((Some(name.to_string()), value.to_string()));
    }

    fn print(&self) {
        let width = self
            .lines
            .iter()
            .filter_map(|(n, _)| n.as_ref().map(|n| n.chars().count()))
            .max()
            .unwrap_or(0);
        // Values quote the command line, the environment and the config: the terminal form.
        for (name, value) in &self.lines {
            let value = crate::model::sanitize::display(value);
            match name {
                None => println!("{value}"),
                Some(name) => println!("  {name:<width$}  {value}"),
            }
        }
    }
}
