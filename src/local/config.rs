//! The config file (TOML): accounts, the default one, API profile, pacing, theme, keymap
//! overrides, read-only default and the keyring store.
//!
//! The file is optional: without one, every setting has its default and `--account` /
//! `--base-url` say where to go. Unknown keys are refused (a typo must not be silently
//! ignored), and every error names the file, the line and column, and what is wrong.
//! The token is never a setting: it lives in `PROOFHUB_TOKEN` or the OS keyring.
//! `assets/config.example.toml` shows every key with comments.

use std::collections::BTreeMap;
use std::fmt;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use thiserror::Error;

use crate::local::secrets::StoreChoice;
use crate::model::base_url::BaseUrl;
use crate::model::profile::ProfileChoice;

/// What is wrong with a config file, said so the user can fix it.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read config file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {}{}: {message}", path.display(), at.map(|a| a.to_string()).unwrap_or_default())]
    Invalid {
        path: PathBuf,
        at: Option<Position>,
        message: String,
    },
}

/// A 1-based line and column in the config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, ", line {}, column {}", self.line, self.column)
    }
}

impl Position {
    fn of(text: &str, offset: usize) -> Position {
        let before = &text[..floor_char_boundary(text, offset)];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The settings, checked. `Config::default()` is what no config file means.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The account used when neither `--account` nor `--base-url` is given.
    pub default_account: Option<String>,
    /// Accounts by name (the name is also the keyring entry's user).
    pub accounts: BTreeMap<String, AccountConfig>,
    /// API profile for every account unless the account or `--profile` says otherwise.
    pub api: ProfileChoice,
    /// Request budget; `None` means the client's default for the detected profile.
    pub pacing: Option<Pacing>,
    /// The longest wait for the server's `Retry-After` (`max_wait = SECONDS`); `None`: the
    /// client's default (five minutes).
    pub max_wait: Option<Duration>,
    /// Caps on what a server may make the client hold (`[limits]`); unset ones keep defaults.
    pub limits: LimitsConfig,
    pub theme: Theme,
    /// Start every session read-only (as `--read-only` does).
    pub read_only: bool,
    /// Capture the mouse in the console (clicks select, the wheel scrolls); off by default,
    /// since it takes the terminal's own text selection away.
    pub mouse: bool,
    /// Which OS keyring store holds tokens.
    pub keyring: StoreChoice,
    /// The encrypted account snapshot (`[snapshot]`; see `local::snapshot`).
    pub snapshot: SnapshotConfig,
    /// Key overrides, action name → key (e.g. `offboard = "D"`); the names and clashes are
    /// checked against the console's and the review's keymaps when a command loads the config
    /// (`crate::cli::keymap_check`).
    pub keymap: BTreeMap<String, KeySpec>,
    /// Where each `[keymap]` entry is written, for messages about it.
    pub keymap_at: BTreeMap<String, Position>,
}

/// One account's settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountConfig {
    /// Where the account's API lives; default `https://NAME.proofhub.com/api/v3`.
    pub base_url: Option<BaseUrl>,
    /// This account's API profile, over the top-level one.
    pub api: Option<ProfileChoice>,
    /// This account read-only, over the top-level one.
    pub read_only: Option<bool>,
}

/// The colour theme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follow the terminal (NO_COLOR → mono).
    #[default]
    Auto,
    Dark,
    Light,
    /// No colour: emphasis by bold and reverse only.
    Mono,
}

/// The `[snapshot]` table: whether the console keeps an encrypted snapshot of each account,
/// and where its key lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotConfig {
    /// `false`: no snapshot is read or saved (default `true`).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Where the key lives; unset: the keyring beside the token, and no snapshot when the token
    /// comes from `PROOFHUB_TOKEN`.
    pub key: Option<SnapshotKeyPlace>,
}

fn yes() -> bool {
    true
}

impl Default for SnapshotConfig {
    fn default() -> Self {
        SnapshotConfig {
            enabled: true,
            key: None,
        }
    }
}

/// `[snapshot] key`: the OS keyring (even with `PROOFHUB_TOKEN` set), or a 0600 file beside
/// the snapshot (for machines with no usable keyring).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SnapshotKeyPlace {
    Keyring,
    File,
}

/// The `[limits]` table: each cap the file sets, else `None` (the client's default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Largest answer body, in MB.
    pub body_mb: Option<NonZeroU32>,
    /// Most pages one list may have.
    pub pages_per_list: Option<NonZeroU32>,
    /// Records per list page (1..=100; more is taken as 100): lower it to the page cap
    /// `doctor` reports for an account that gives fewer than 100.
    pub page_size: Option<NonZeroU32>,
    /// Most people an account may have.
    pub people: Option<NonZeroU32>,
    /// Most projects an account may have.
    pub projects: Option<NonZeroU32>,
}

/// A request budget: at most `requests` per `window`, written `"N/SECONDS"` (e.g. `"25/10"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pacing {
    pub requests: NonZeroU32,
    pub window: Duration,
}

impl std::str::FromStr for Pacing {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad =
            || format!("pacing {s:?} is not N/SECONDS, e.g. \"25/10\" (25 requests per 10 s)");
        let (n, secs) = s.trim().split_once('/').ok_or_else(bad)?;
        let n: u32 = n.trim().parse().map_err(|_| bad())?;
        let secs: f64 = secs.trim().parse().map_err(|_| bad())?;
        let requests = NonZeroU32::new(n)
            .ok_or_else(|| format!("pacing {s:?} allows 0 requests; N must be at least 1"))?;
        if !(secs.is_finite() && secs > 0.0 && secs <= 3600.0) {
            return Err(format!(
                "pacing {s:?} has a window of {secs} s; it must be more than 0 and at most 3600"
            ));
        }
        Ok(Pacing {
            requests,
            window: Duration::from_secs_f64(secs),
        })
    }
}

impl<'de> Deserialize<'de> for Pacing {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A key as written in the keymap table (`"D"`, `"ctrl-d"`, `"f5"`): checked only for shape
/// here; the console's keymap parses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySpec(String);

impl KeySpec {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for KeySpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(serde::de::Error::custom(format!(
                "key {s:?} is not a key: write e.g. \"D\", \"ctrl-d\", \"enter\", \"f5\" (no spaces)"
            )));
        }
        Ok(KeySpec(s))
    }
}

/// The file as written; checked into [`Config`] by [`Config::parse`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    default_account: Option<toml::Spanned<String>>,
    #[serde(default)]
    accounts: BTreeMap<toml::Spanned<String>, RawAccount>,
    #[serde(default)]
    api: ProfileChoice,
    pacing: Option<Pacing>,
    max_wait: Option<toml::Spanned<u64>>,
    #[serde(default)]
    limits: LimitsConfig,
    #[serde(default)]
    theme: Theme,
    #[serde(default)]
    read_only: bool,
    #[serde(default)]
    mouse: bool,
    #[serde(default)]
    keyring: StoreChoice,
    #[serde(default)]
    snapshot: SnapshotConfig,
    #[serde(default)]
    keymap: BTreeMap<toml::Spanned<String>, KeySpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAccount {
    base_url: Option<toml::Spanned<String>>,
    api: Option<ProfileChoice>,
    read_only: Option<bool>,
}

impl Config {
    /// Reads the config: `explicit` (from `--config`) must exist; the default file may not.
    pub fn load(path: &Path, explicit: bool) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                Ok(Config::default())
            }
            Err(source) => Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Parses and checks config text; `path` is only for messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let invalid =
            |span: Option<std::ops::Range<usize>>, message: String| ConfigError::Invalid {
                path: path.to_path_buf(),
                at: span.map(|s| Position::of(text, s.start)),
                message,
            };
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| invalid(e.span(), one_line(e.message())))?;

        let mut accounts = BTreeMap::new();
        for (name, acc) in raw.accounts {
            let base_url = match acc.base_url {
                Some(url) => Some(
                    BaseUrl::parse(url.get_ref())
                        .map_err(|m| invalid(Some(url.span()), format!("base_url: {m}")))?,
                ),
                None => {
                    BaseUrl::for_account(name.get_ref()).map_err(|m| {
                        invalid(
                            Some(name.span()),
                            format!("{m}; or give this account a base_url"),
                        )
                    })?;
                    None
                }
            };
            accounts.insert(
                name.into_inner(),
                AccountConfig {
                    base_url,
                    api: acc.api,
                    read_only: acc.read_only,
                },
            );
        }

        let default_account = match raw.default_account {
            Some(name) if !accounts.contains_key(name.get_ref()) => {
                let known: Vec<&str> = accounts.keys().map(String::as_str).collect();
                return Err(invalid(
                    Some(name.span()),
                    format!(
                        "default_account {:?} is not one of the accounts ({}); add a [accounts.{}] table",
                        name.get_ref(),
                        if known.is_empty() {
                            "none defined".to_string()
                        } else {
                            known.join(", ")
                        },
                        name.get_ref()
                    ),
                ));
            }
            other => other.map(toml::Spanned::into_inner),
        };

        let max_wait = match raw.max_wait {
            Some(w) if !(1..=86_400).contains(w.get_ref()) => {
                return Err(invalid(
                    Some(w.span()),
                    format!(
                        "max_wait = {} is not a number of seconds from 1 to 86400",
                        w.get_ref()
                    ),
                ));
            }
            other => other.map(|w| Duration::from_secs(w.into_inner())),
        };

        Ok(Config {
            default_account,
            accounts,
            api: raw.api,
            pacing: raw.pacing,
            max_wait,
            limits: raw.limits,
            theme: raw.theme,
            read_only: raw.read_only,
            mouse: raw.mouse,
            keyring: raw.keyring,
            snapshot: raw.snapshot,
            keymap_at: raw
                .keymap
                .keys()
                .map(|k| (k.get_ref().clone(), Position::of(text, k.span().start)))
                .collect(),
            keymap: raw
                .keymap
                .into_iter()
                .map(|(k, v)| (k.into_inner(), v))
                .collect(),
        })
    }
}

fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/home/u/.config/proofhub-tui/config.toml"))
    }

    fn error(text: &str) -> (Option<Position>, String, String) {
        match parse(text) {
            Err(e @ ConfigError::Invalid { .. }) => {
                let shown = e.to_string();
                let ConfigError::Invalid { at, message, .. } = e else {
                    unreachable!()
                };
                (at, message, shown)
            }
            other => panic!("expected an invalid config, got {other:?}"),
        }
    }

    #[test]
    fn the_shipped_example_parses_and_means_what_it_says() {
        let text = include_str!("../../assets/config.example.toml");
        let cfg = parse(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cfg.default_account.as_deref(), Some("acme"));
        assert_eq!(cfg.max_wait, Some(Duration::from_secs(300)));
        assert!(cfg.accounts.contains_key("acme"));
        let lab = &cfg.accounts["lab"];
        assert_eq!(
            lab.base_url.as_ref().map(BaseUrl::as_str),
            Some("http://127.0.0.1:8080/api/v3")
        );
        assert_eq!(lab.api, Some(ProfileChoice::Guide));
        assert_eq!(
            cfg.pacing.map(|p| (p.requests.get(), p.window)),
            Some((25, Duration::from_secs(10)))
        );
        assert_eq!(cfg.keymap["offboard"].as_str(), "X");
        assert_eq!(cfg.limits.people.map(NonZeroU32::get), Some(500_000));
        assert_eq!(cfg.limits.body_mb.map(NonZeroU32::get), Some(64));
    }

    #[test]
    fn the_snapshot_table_turns_it_off_or_names_the_key_place() {
        assert_eq!(
            parse("").unwrap_or_else(|e| panic!("{e}")).snapshot,
            SnapshotConfig::default()
        );
        assert!(SnapshotConfig::default().enabled);
        let cfg = parse("[snapshot]\nenabled = false\n").unwrap_or_else(|e| panic!("{e}"));
        assert!(!cfg.snapshot.enabled);
        let cfg = parse("[snapshot]\nkey = \"file\"\n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cfg.snapshot.key, Some(SnapshotKeyPlace::File));
        let (at, message, _) = error("[snapshot]\nkey = \"disk\"\n");
        assert!(message.contains("disk"), "{message}");
        assert_eq!(at.map(|a| a.line), Some(2));
        let (_, message, _) = error("[snapshot]\npath = \"x\"\n");
        assert!(message.contains("path"), "{message}");
    }

    #[test]
    fn limits_take_positive_numbers_and_refuse_unknown_caps() {
        let cfg = parse("[limits]\npeople = 20000\n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cfg.limits.people.map(NonZeroU32::get), Some(20_000));
        assert_eq!(cfg.limits.projects, None, "unset caps keep the default");
        let (_, message, _) = error("[limits]\npeople = 0\n");
        assert!(
            message.contains("nonzero") || message.contains("zero"),
            "{message}"
        );
        let (_, message, _) = error("[limits]\nmembers = 5\n");
        assert!(message.contains("members"), "{message}");
    }

    #[test]
    fn no_file_means_defaults() {
        let cfg = Config::load(Path::new("/nonexistent/proofhub-tui/config.toml"), false)
            .expect("missing default file is fine");
        assert_eq!(cfg, Config::default());
        let err = Config::load(Path::new("/nonexistent/x.toml"), true).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/x.toml"), "{err}");
    }

    #[test]
    fn bad_toml_syntax_names_file_and_line() {
        let (at, _, shown) = error("theme = \"dark\"\n\n[accounts.acme\nread_only = true\n");
        assert_eq!(at.map(|a| a.line), Some(3), "{shown}");
        assert!(
            shown.starts_with("config file /home/u/.config/proofhub-tui/config.toml, line 3"),
            "{shown}"
        );
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let (at, message, shown) = error("theme = \"dark\"\ncolour = \"red\"\n");
        assert_eq!(at, Some(Position { line: 2, column: 1 }), "{shown}");
        assert!(message.contains("unknown field `colour`"), "{message}");
        let (at, message, _) =
            error("[accounts.acme]\nbase_url = \"https://a.example\"\ntoken = \"x\"\n");
        assert_eq!(at.map(|a| a.line), Some(3));
        assert!(message.contains("unknown field `token`"), "{message}");
    }

    #[test]
    fn wrong_type_is_named_with_its_line() {
        let (at, message, shown) = error("read_only = \"yes\"\n");
        assert_eq!(at.map(|a| a.line), Some(1), "{shown}");
        assert!(message.contains("bool"), "{message}");
    }

    #[test]
    fn bad_profile_value_lists_the_choices() {
        let (at, message, _) = error("\n\napi = \"v4\"\n");
        assert_eq!(at.map(|a| a.line), Some(3));
        assert!(
            message.contains("v4") && message.contains("auto") && message.contains("guide"),
            "{message}"
        );
    }

    #[test]
    fn a_max_wait_out_of_range_is_refused() {
        let (_, message, _) = error("max_wait = 0\n");
        assert!(message.contains("max_wait"), "{message}");
    }

    #[test]
    fn pacing_of_zero_requests_is_refused() {
        let (at, message, _) = error("pacing = \"0/10\"\n");
        assert_eq!(at.map(|a| a.line), Some(1));
        assert!(message.contains("at least 1"), "{message}");
        let (_, message, _) = error("pacing = \"25 per 10\"\n");
        assert!(message.contains("N/SECONDS"), "{message}");
        let (_, message, _) = error("pacing = \"25/0\"\n");
        assert!(message.contains("more than 0"), "{message}");
        assert_eq!(
            "25/0.2".parse::<Pacing>().map(|p| p.window),
            Ok(Duration::from_millis(200))
        );
    }

    #[test]
    fn unknown_default_account_is_refused_where_it_is_written() {
        let (at, message, _) = error("default_account = \"acne\"\n[accounts.acme]\n");
        assert_eq!(
            at,
            Some(Position {
                line: 1,
                column: 19
            })
        );
        assert!(
            message.contains("\"acne\"") && message.contains("acme"),
            "{message}"
        );
    }

    #[test]
    fn account_urls_are_checked() {
        let (at, message, _) =
            error("[accounts.acme]\nbase_url = \"http://acme.proofhub.com/api/v3\"\n");
        assert_eq!(at.map(|a| a.line), Some(2));
        assert!(message.contains("plain http"), "{message}");
        let (_, message, _) = error("[accounts.\"a b\"]\n");
        assert!(message.contains("base_url"), "{message}");
    }

    #[test]
    fn bad_keymap_key_is_refused() {
        let (at, message, _) = error("[keymap]\nquit = \"\"\n");
        assert_eq!(at.map(|a| a.line), Some(2));
        assert!(message.contains("not a key"), "{message}");
    }

    #[test]
    fn several_accounts_and_a_default() {
        let cfg = parse(
            "default_account = \"lab\"\nread_only = true\n[accounts.acme]\napi = \"v3\"\n[accounts.lab]\nbase_url = \"http://127.0.0.1:9/api/v3\"\nread_only = false\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cfg.default_account.as_deref(), Some("lab"));
        assert_eq!(cfg.accounts.len(), 2);
        assert!(cfg.read_only);
        assert_eq!(cfg.accounts["lab"].read_only, Some(false));
        assert_eq!(cfg.accounts["acme"].api, Some(ProfileChoice::V3));
    }
}
