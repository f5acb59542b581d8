//! Building the client of a configured account, for the console's start and for a switch
//! (`:account NAME`): the same resolution as every command (`local::target`), the token looked
//! up then (on a blocking thread: the keyring may block), never shown.
//!
//! [`Switcher`] holds what the command line asked for (config file, profile, --max-wait); a
//! switch resolves the named account with it as if `--account NAME` had been given.

use crate::api::{Client, ClientConfig};
use crate::app::accounts::{AccountEntry, TokenSource};
use crate::cli::args::Target;
use crate::cli::exit::CommandError;
use crate::cli::export::api_failure;
use crate::local::snapshot::{Binding, Policy, SnapshotStore};
use crate::local::target::{Located, Settings, resolve};
use crate::model::profile::ProfileChoice;

/// An account's client, with what the console shows of it.
pub struct Opened {
    pub client: Client,
    pub label: String,
    pub read_only: bool,
    /// Where its snapshot is kept, when one is (see [`snapshot_store`]).
    pub snapshot: Option<SnapshotStore>,
}

/// How the console opens accounts: what the command line forces on every one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Forced {
    /// `--read-only`.
    pub read_only: bool,
    /// `--no-snapshot`.
    pub no_snapshot: bool,
}

/// Resolves `target` and builds its client. Blocks (config file, keyring).
pub fn open_target(target: &Target, forced: Forced) -> Result<Opened, CommandError> {
    let settings = Settings::load(target)?;
    let located = settings.locate(target)?;
    let resolved = resolve(target)?;
    let snapshot = snapshot_store(&settings, &located, forced.no_snapshot);
    let mut cfg = ClientConfig::new(resolved.base_url, resolved.token);
    cfg.profile = resolved.profile;
    cfg.token_fix = Some(resolved.token_fix);
    crate::cli::client_settings::apply(&located, &mut cfg);
    let client = Client::new(cfg).map_err(api_failure)?;
    Ok(Opened {
        client,
        label: resolved.label,
        read_only: forced.read_only || located.read_only,
        snapshot,
    })
}

/// Whether this account keeps a snapshot ([`crate::local::snapshot::Policy`]) and, if so, its store.
pub fn snapshot_policy(settings: &Settings, located: &Located, no_snapshot: bool) -> Policy {
    Policy::decide(
        &settings.config.snapshot,
        no_snapshot,
        crate::local::secrets::token_from_env().is_some(),
        located.keyring,
    )
}

/// The snapshot store of `located`, when its policy keeps one.
pub fn snapshot_store(
    settings: &Settings,
    located: &Located,
    no_snapshot: bool,
) -> Option<SnapshotStore> {
    match snapshot_policy(settings, located, no_snapshot) {
        Policy::On(key) => Some(SnapshotStore::new(
            &settings.paths,
            Binding {
                account: located.label.clone(),
                base_url: located.base_url.to_string(),
                profile: profile_id(located.profile).to_string(),
            },
            key,
        )),
        Policy::Off(_) => None,
    }
}

/// The profile setting as the snapshot binds it.
fn profile_id(p: ProfileChoice) -> &'static str {
    match p {
        ProfileChoice::Auto => "auto",
        ProfileChoice::V3 => "v3",
        ProfileChoice::Guide => "guide",
    }
}

/// How to reach the other configured accounts from the console.
#[derive(Debug, Clone)]
pub struct Switcher {
    /// The command line's target, account and base URL left out.
    target: Target,
    /// What the command line forces on every account (`--read-only`, `--no-snapshot`).
    forced: Forced,
}

impl Switcher {
    pub fn new(target: &Target, forced: Forced) -> Switcher {
        let mut target = target.clone();
        target.account = None;
        target.base_url = None;
        Switcher { target, forced }
    }

    /// The client of the configured account `name`. Blocks: call it off the runtime.
    pub fn open(&self, name: &str) -> Result<Opened, String> {
        let mut target = self.target.clone();
        target.account = Some(name.to_string());
        open_target(&target, self.forced).map_err(|e| e.to_string())
    }
}

fn profile_label(p: ProfileChoice) -> &'static str {
    match p {
        ProfileChoice::Auto => "auto-detected API",
        ProfileChoice::V3 => "v3",
        ProfileChoice::Guide => "guide",
    }
}

/// The config's accounts as the picker lists them. Where a token would come from is told by
/// whether `PROOFHUB_TOKEN` is set; the keyring is not asked (nor any token read) until a
/// switch needs it.
pub fn entries(settings: &Settings, force_read_only: bool) -> Vec<AccountEntry> {
    let env = std::env::var_os(crate::local::secrets::TOKEN_ENV).is_some_and(|v| !v.is_empty());
    let cfg = &settings.config;
    cfg.accounts
        .iter()
        .map(|(name, a)| AccountEntry {
            name: name.clone(),
            profile: profile_label(a.api.unwrap_or(cfg.api)).to_string(),
            base_url: a.base_url.as_ref().map_or_else(
                || crate::local::target::account_url(name),
                ToString::to_string,
            ),
            token: if env {
                TokenSource::Env
            } else {
                TokenSource::Keyring
            },
            read_only: force_read_only || a.read_only.unwrap_or(cfg.read_only),
        })
        .collect()
}
