//! `proofhub-tui info`: where every file is, which account and keyring store are in use, where
//! the token would come from (never the token itself), whether the console keeps an encrypted
//! snapshot of the account (and where its key lives), and the API profile the account answers
//! with when it is reachable. Exits 0 only when the account accepts the token (like `gh auth
//! status`); the exit code says what is missing otherwise (`crate::cli::exit`).

use std::path::Path;

use crate::cli::args::Target;
use crate::cli::exit::CommandError;
use crate::cli::token_check::{self, CheckError};
use crate::console::switch::snapshot_policy;
use crate::local::logging::LOG_ENV;
use crate::local::paths::Paths;
use crate::local::secrets::{self, Keyring, StoreKind, TokenSource};
use crate::local::snapshot::{self, KeyHome, Off, Policy};
use crate::local::target::{Located, Settings};
use crate::model::token::Token;
use serde_json::{Value, json};

/// `proofhub-tui info`, as the table or (`json`) as one JSON object (docs/CLI-JSON.md).
pub fn info(target: &Target, json: bool) -> Result<(), CommandError> {
    let paths = Paths::discover().map_err(|e| CommandError::Failed(e.to_string()))?;
    let config_path = target.config.clone().unwrap_or_else(|| paths.config_file());
    let mut out = Report::default();

    out.section("Files");
    let config_exists = config_path.exists();
    let config_state = if config_exists {
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
    out.json.files = json!({
        "config_file": config_path.display().to_string(),
        "config_exists": config_exists,
        "data_dir": paths.data_dir.display().to_string(),
        "journal": paths.journal_file().display().to_string(),
        "cache_dir": paths.cache_dir.display().to_string(),
        "log_file": paths.log_file().display().to_string(),
        "log_level": log_level(),
    });

    // A broken config must not hide the paths above: print them, then the error.
    let settings = match Settings::load(target) {
        Ok(s) => s,
        Err(e) => return out.finish(json, Err(e)),
    };

    out.section("Account");
    let located = match settings.locate(target) {
        Ok(l) => l,
        Err(e) => {
            out.row("account", format!("none: {e}"));
            return out.finish(json, Err(e));
        }
    };
    out.row("account", &located.label);
    out.row("base URL", &located.base_url);
    out.json.account = json!({
        "label": located.label,
        "base_url": located.base_url.as_str(),
    });

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
            out.json.keyring = json!({
                "store": kind.id(),
                "usable": true,
                "fallback": fallback,
                "error": null,
            });
        }
        Err(e) => {
            out.row("keyring", format!("not usable: {e}"));
            out.json.keyring = json!({
                "store": null,
                "usable": false,
                "fallback": null,
                "error": e.to_string(),
            });
        }
    }
    let token = match secrets::lookup(&located.label, located.keyring) {
        Ok(Some((token, source))) => {
            out.row("token from", source_text(&source, &located));
            out.json.token = json!({
                "source": match source {
                    TokenSource::Env => "env",
                    TokenSource::Keyring(_) => "keyring",
                },
                "error": null,
            });
            Some(token)
        }
        Ok(None) => {
            out.row(
                "token from",
                format!("none: run `{}` or set PROOFHUB_TOKEN", located.login_hint()),
            );
            out.json.token = json!({ "source": null, "error": null });
            None
        }
        Err(e) => {
            out.row("token from", format!("unknown: {e}"));
            out.json.token = json!({ "source": null, "error": e.to_string() });
            None
        }
    };

    snapshot_section(
        &mut out,
        &settings,
        &located,
        store.as_ref().ok().map(|(k, _)| *k),
    );

    out.section("API");
    let asked = format!("{:?}", located.profile).to_lowercase();
    out.row("profile asked", &asked);
    let (detected, verdict) = detect(&located, token.as_ref());
    out.row("profile detected", &detected.text);
    out.json.profile = json!({
        "asked": asked,
        "detected": detected.profile,
        "verdict": detected.verdict,
    });
    out.finish(json, verdict)
}

/// Whether the console keeps a snapshot of this account, where, and how its key is kept.
fn snapshot_section(
    out: &mut Report,
    settings: &Settings,
    located: &Located,
    store_kind: Option<StoreKind>,
) {
    out.section("Snapshot");
    let policy = snapshot_policy(settings, located, false);
    out.row("snapshot", policy.describe(store_kind.map(StoreKind::name)));
    let file = snapshot::file_of(&settings.paths, &located.label, located.base_url.as_str());
    let (key, key_file, off) = match policy {
        Policy::On(KeyHome::Keyring(_)) => (Some("keyring"), None, None),
        Policy::On(KeyHome::File) => (Some("file"), Some(snapshot::key_file_of(&file)), None),
        Policy::Off(Off::Flag) => (None, None, Some("flag")),
        Policy::Off(Off::Config) => (None, None, Some("config")),
        Policy::Off(Off::EnvToken) => (None, None, Some("env_token")),
    };
    let saved = snapshot::saved_at(&file);
    let age = saved.map_or_else(
        || "none saved".to_string(),
        |t| format!("taken {}", t.format("%Y-%m-%d %H:%M UTC")),
    );
    out.row("snapshot file", format!("{} ({age})", file.display()));
    match (&key_file, key) {
        (Some(k), _) => out.row("snapshot key", k.display()),
        (None, Some(_)) => out.row(
            "snapshot key",
            format!(
                "keyring entry {:?} (service {})",
                snapshot::keyring_user(&located.label),
                secrets::SERVICE
            ),
        ),
        (None, None) => {}
    }
    out.json.snapshot = json!({
        "kept": matches!(policy, Policy::On(_)),
        "off": off,
        "file": file.display().to_string(),
        "key": key,
        "key_file": key_file.map(|k| k.display().to_string()),
        "saved_at": saved.map(|t| t.to_rfc3339()),
    });
}

fn log_level() -> Option<String> {
    std::env::var(LOG_ENV)
        .ok()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
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

/// What the account said about the token: the row's text, and for JSON the profile and a
/// one-word verdict.
struct Detected {
    text: String,
    profile: Option<String>,
    verdict: &'static str,
}

impl Detected {
    fn new(text: String, verdict: &'static str) -> Detected {
        Detected {
            text,
            profile: None,
            verdict,
        }
    }
}

/// The detected-profile row, and how `info` exits: 0 only when the account accepts the token
/// (like `gh auth status`), else the code of what is wrong.
fn detect(located: &Located, token: Option<&Token>) -> (Detected, Result<(), CommandError>) {
    let Some(token) = token else {
        return (
            Detected::new("not checked: no token".into(), "no_token"),
            Err(CommandError::TokenRefused(format!(
                "no token for account {}: run `{}` or set PROOFHUB_TOKEN",
                located.label,
                located.login_hint()
            ))),
        );
    };
    match token_check::check_blocking(located, token) {
        Ok(profile) => (
            Detected {
                text: format!("{profile} (the account accepts the token)"),
                profile: Some(profile.to_string()),
                verdict: "accepted",
            },
            Ok(()),
        ),
        Err(CheckError::Refused(why)) => (
            Detected::new(format!("the account refuses the token: {why}"), "refused"),
            Err(CommandError::TokenRefused(format!(
                "{} refuses the token; run `{}` or set PROOFHUB_TOKEN",
                located.base_url,
                located.login_hint()
            ))),
        ),
        Err(CheckError::Unreachable(why)) => (
            Detected::new(format!("not reachable: {why}"), "unreachable"),
            Err(CommandError::Unreachable(format!(
                "{} is not reachable, the token is unchecked",
                located.base_url
            ))),
        ),
        Err(CheckError::Failed(why)) => (
            Detected::new(format!("not checked: {why}"), "failed"),
            Err(CommandError::Failed(format!(
                "{} gave no verdict on the token",
                located.base_url
            ))),
        ),
    }
}

/// Aligned `name  value` rows under section headings, and the same facts for `--json`.
#[derive(Default)]
struct Report {
    lines: Vec<(Option<String>, String)>,
    json: Facts,
}

/// The `info --json` object (docs/CLI-JSON.md): a section is null when `info` stopped before it.
#[derive(Default, serde::Serialize)]
struct Facts {
    files: Value,
    account: Value,
    keyring: Value,
    token: Value,
    snapshot: Value,
    profile: Value,
    error: Option<String>,
}

impl Report {
    /// Prints the table or the JSON object, and passes the verdict on.
    fn finish(mut self, json: bool, verdict: Result<(), CommandError>) -> Result<(), CommandError> {
        if !json {
            self.print();
            return verdict;
        }
        self.json.error = verdict.as_ref().err().map(ToString::to_string);
        match crate::model::sanitize::data::json(&self.json) {
            Ok(text) => print!("{text}"),
            Err(e) => return Err(CommandError::Failed(format!("cannot write JSON: {e}"))),
        }
        verdict
    }

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
