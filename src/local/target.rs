//! Which account a command talks to and with which token.
//!
//! Base URL: `--base-url` → `PROOFHUB_BASE_URL` → the config (`--account NAME` or
//! `PROOFHUB_ACCOUNT`, else the config's `default_account`; an account's `base_url`, else `https://NAME.proofhub.com/api/v3`).
//! Label (the keyring entry's user and the name in messages): the `--account` name, else the
//! base URL when one was given, else the default account's name.
//! Token: `PROOFHUB_TOKEN` → the OS keyring entry for the label. Never a command-line argument.

use std::path::PathBuf;

use crate::cli::args::Target;
use crate::cli::exit::CommandError;
use crate::local::config::{Config, Pacing};
use crate::local::paths::Paths;
use crate::local::secrets::{self, StoreChoice};
use crate::model::base_url::BaseUrl;
use crate::model::profile::ProfileChoice;
use crate::model::token::Token;

/// Everything a command needs to reach one account.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The account's name for messages and the keyring: the `--account` name, else the base URL.
    pub label: String,
    pub base_url: String,
    pub token: Token,
    pub profile: ProfileChoice,
    /// What fixes a refused token, naming where this one came from.
    pub token_fix: String,
}

/// What fixes a refused token from `source` for the account `label` (`login` is the command
/// that stores a new one for it).
pub fn token_fix(source: &secrets::TokenSource, label: &str, login: &str) -> String {
    match source {
        secrets::TokenSource::Env => format!(
            "it came from {}: set that variable to a valid token, or unset it to use the keyring              entry (`login` does not help while it is set)",
            secrets::TOKEN_ENV
        ),
        secrets::TokenSource::Keyring(kind) => format!(
            "it came from the {} keyring entry for {label}: run `{login}` to store a valid one",
            kind.name()
        ),
    }
}

/// Where an account lives and how to talk to it, before any token is looked up.
#[derive(Debug, Clone)]
pub struct Located {
    pub label: String,
    pub base_url: BaseUrl,
    /// The base URL came from `--base-url` / `PROOFHUB_BASE_URL`, not from the config.
    pub base_url_given: bool,
    pub profile: ProfileChoice,
    /// The config's read-only setting for this account (the `--read-only` flag adds to it).
    pub read_only: bool,
    /// Which keyring store to use (config, overridden by `PROOFHUB_TUI_KEYRING`).
    pub keyring: StoreChoice,
    /// The configured request budget, if any (else the client's default for the profile).
    pub pacing: Option<Pacing>,
    /// The longest wait for the server's rate limit: `--max-wait`, else `max_wait` in the
    /// config, else the client's default.
    pub max_wait: Option<std::time::Duration>,
    /// The config's `[limits]` (caps on bodies, pages, people, projects).
    pub limits: crate::local::config::LimitsConfig,
}

/// The config a command runs with, and where it came from.
#[derive(Debug, Clone)]
pub struct Settings {
    pub paths: Paths,
    pub config_path: PathBuf,
    pub config: Config,
}

impl Settings {
    /// Finds the directories and reads the config (`--config FILE`, else the default file).
    pub fn load(target: &Target) -> Result<Settings, CommandError> {
        let paths = Paths::discover().map_err(|e| CommandError::Failed(e.to_string()))?;
        let (config_path, explicit) = match &target.config {
            Some(p) => (p.clone(), true),
            None => (paths.config_file(), false),
        };
        let config =
            Config::load(&config_path, explicit).map_err(|e| CommandError::Usage(e.to_string()))?;
        crate::cli::keymap_check::check(&config, &config_path).map_err(CommandError::Usage)?;
        Ok(Settings {
            paths,
            config_path,
            config,
        })
    }

    /// Which account the command line and config point at.
    pub fn locate(&self, target: &Target) -> Result<Located, CommandError> {
        let cfg = &self.config;
        let given_name = non_blank(target.account.as_deref());
        let given_url = non_blank(target.base_url.as_deref());
        let name = given_name.or_else(|| {
            given_url
                .is_none()
                .then_some(cfg.default_account.as_deref())
                .flatten()
        });
        let account = name.and_then(|n| cfg.accounts.get(n));

        let (label, base_url) = match (given_url, name) {
            (Some(url), _) => {
                let url = BaseUrl::parse(url)
                    .map_err(|m| CommandError::Usage(format!("--base-url: {m}")))?;
                (name.map_or_else(|| url.to_string(), str::to_string), url)
            }
            (None, Some(n)) => {
                let url = match account.and_then(|a| a.base_url.clone()) {
                    Some(url) => url,
                    None => BaseUrl::for_account(n).map_err(CommandError::Usage)?,
                };
                (n.to_string(), url)
            }
            (None, None) => {
                return Err(CommandError::Usage(format!(
                    "no account given: pass --account NAME (https://NAME.proofhub.com) or --base-url URL, \
                     or set default_account in {}",
                    self.config_path.display()
                )));
            }
        };
        let keyring = StoreChoice::from_env_or(cfg.keyring)
            .map_err(|e| CommandError::Usage(e.to_string()))?;
        Ok(Located {
            label,
            base_url,
            base_url_given: given_url.is_some(),
            profile: target
                .api
                .or_else(|| account.and_then(|a| a.api))
                .unwrap_or(cfg.api),
            read_only: account.and_then(|a| a.read_only).unwrap_or(cfg.read_only),
            keyring,
            pacing: cfg.pacing,
            max_wait: target
                .max_wait
                .map(std::time::Duration::from_secs)
                .or(cfg.max_wait),
            limits: cfg.limits,
        })
    }
}

impl Located {
    /// The command that stores a token for this account, for messages.
    pub fn login_hint(&self) -> String {
        match (self.base_url_given, self.label == self.base_url.as_str()) {
            (true, true) => format!("proofhub-tui login --base-url {}", self.base_url),
            (true, false) => format!(
                "proofhub-tui login --account {} --base-url {}",
                self.label, self.base_url
            ),
            (false, _) => format!("proofhub-tui login --account {}", self.label),
        }
    }
}

fn non_blank(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// The base URL for an account name.
pub fn account_url(name: &str) -> String {
    format!("https://{name}.proofhub.com/api/v3")
}

/// Resolves account and token for a command that needs both. Blocks on the keyring (on its
/// own thread, so it is safe to call from inside a tokio runtime).
pub fn resolve(target: &Target) -> Result<Resolved, CommandError> {
    let located = Settings::load(target)?.locate(target)?;
    let found = secrets::lookup(&located.label, located.keyring)
        .map_err(|e| CommandError::Failed(e.to_string()))?;
    let Some((token, source)) = found else {
        return Err(CommandError::TokenRefused(format!(
            "no token for account {}: run `{}` or set PROOFHUB_TOKEN",
            located.label,
            located.login_hint()
        )));
    };
    tracing::debug!(account = %located.label, ?source, "token found");
    let token_fix = token_fix(&source, &located.label, &located.login_hint());
    Ok(Resolved {
        label: located.label,
        base_url: located.base_url.to_string(),
        token,
        profile: located.profile,
        token_fix,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_token_names_its_source_and_the_fix() {
        let env = token_fix(
            &secrets::TokenSource::Env,
            "acme",
            "proofhub-tui login --account acme",
        );
        assert!(
            env.contains("PROOFHUB_TOKEN") && env.contains("unset it"),
            "{env}"
        );
        assert!(env.contains("`login` does not help"), "{env}");
        let kr = token_fix(
            &secrets::TokenSource::Keyring(secrets::StoreKind::Keyutils),
            "acme",
            "proofhub-tui login --account acme",
        );
        assert!(kr.contains("keyring entry for acme"), "{kr}");
        assert!(
            kr.contains("run `proofhub-tui login --account acme`"),
            "{kr}"
        );
    }
    use std::path::Path;

    fn settings(config: &str) -> Settings {
        Settings {
            paths: Paths::under(Path::new("/tmp/none")),
            config_path: PathBuf::from("/tmp/none/config/config.toml"),
            config: Config::parse(config, Path::new("config.toml")).expect("valid config"),
        }
    }

    fn target(account: Option<&str>, base_url: Option<&str>) -> Target {
        Target {
            account: account.map(str::to_string),
            base_url: base_url.map(str::to_string),
            ..Target::default()
        }
    }

    const CONFIG: &str = r#"
default_account = "lab"
api = "v3"
[accounts.acme]
read_only = true
[accounts.lab]
base_url = "http://127.0.0.1:9/api/v3"
api = "guide"
"#;

    #[test]
    fn default_account_from_config() {
        let l = settings(CONFIG)
            .locate(&target(None, None))
            .expect("locates");
        assert_eq!(l.label, "lab");
        assert_eq!(l.base_url.as_str(), "http://127.0.0.1:9/api/v3");
        assert_eq!(l.profile, ProfileChoice::Guide);
        assert!(!l.read_only);
    }

    #[test]
    fn named_account_without_url_is_hosted() {
        let l = settings(CONFIG)
            .locate(&target(Some("acme"), None))
            .expect("locates");
        assert_eq!(l.base_url.as_str(), "https://acme.proofhub.com/api/v3");
        assert_eq!(l.profile, ProfileChoice::V3, "top-level api applies");
        assert!(l.read_only);
        assert_eq!(l.login_hint(), "proofhub-tui login --account acme");
        let l = settings("")
            .locate(&target(Some("other"), None))
            .expect("locates");
        assert_eq!(l.base_url.as_str(), account_url("other"));
    }

    #[test]
    fn base_url_wins_and_labels_by_account_name_or_url() {
        let s = settings(CONFIG);
        let l = s
            .locate(&target(None, Some("http://127.0.0.1:5/api/v3/")))
            .expect("locates");
        assert_eq!(
            l.label, "http://127.0.0.1:5/api/v3",
            "not the default account"
        );
        assert_eq!(
            l.login_hint(),
            "proofhub-tui login --base-url http://127.0.0.1:5/api/v3"
        );
        let l = s
            .locate(&target(Some("staging"), Some("http://127.0.0.1:5/api/v3")))
            .expect("locates");
        assert_eq!(l.label, "staging");
        assert_eq!(l.base_url.as_str(), "http://127.0.0.1:5/api/v3");
        assert_eq!(
            l.login_hint(),
            "proofhub-tui login --account staging --base-url http://127.0.0.1:5/api/v3"
        );
    }

    #[test]
    fn the_api_flag_beats_the_config() {
        let mut t = target(None, None);
        t.api = Some(ProfileChoice::Auto);
        let l = settings(CONFIG).locate(&t).expect("locates");
        assert_eq!(l.profile, ProfileChoice::Auto);
    }

    #[test]
    fn each_account_reads_its_own_keyring_entry_and_the_default_needs_no_flag() {
        use crate::local::secrets::Keyring;
        let keyring = Keyring::open(StoreChoice::Mock).expect("mock store");
        let token = |s: &str| Token::new(s).expect("token");
        keyring.set("t-lab", &token("tok-lab")).expect("set");
        keyring.set("t-acme", &token("tok-acme")).expect("set");
        let s = settings("default_account = \"t-lab\"\n[accounts.t-lab]\n[accounts.t-acme]\n");
        let default = s.locate(&target(None, None)).expect("locates");
        assert_eq!(
            keyring.get(&default.label).expect("get"),
            Some(token("tok-lab"))
        );
        let named = s.locate(&target(Some("t-acme"), None)).expect("locates");
        assert_eq!(
            keyring.get(&named.label).expect("get"),
            Some(token("tok-acme"))
        );
        keyring.delete("t-lab").expect("delete");
        keyring.delete("t-acme").expect("delete");
    }

    #[test]
    fn nothing_to_go_on_is_a_usage_error_naming_the_config() {
        let err = settings("").locate(&target(None, None)).unwrap_err();
        assert_eq!(err.code(), 2);
        assert!(
            err.to_string().contains("/tmp/none/config/config.toml"),
            "{err}"
        );
        let err = settings("")
            .locate(&target(None, Some("http://example.com/api")))
            .unwrap_err();
        assert!(err.to_string().contains("--base-url"), "{err}");
    }
}
