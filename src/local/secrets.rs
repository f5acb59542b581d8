//! The token's home: `PROOFHUB_TOKEN`, else the OS keyring (service `proofhub-tui`, user = the
//! account label). Never a file of ours, never an argument.
//!
//! The keyring is keyring-core with one store per platform: macOS Keychain, Windows Credential
//! Manager, and on Linux the Secret Service (D-Bus, e.g. gnome-keyring) when one answers, else
//! the kernel's keyutils session keyring (always there, fine over SSH, but kept in kernel memory:
//! gone at reboot). `PROOFHUB_TUI_KEYRING=secret-service|keyutils` or the config's
//! `keyring` key picks one; [`StoreChoice::Mock`], an in-process store, is for the library's
//! tests only. What a failure says and which ways out it offers: `secrets_advice`.
//!
//! Keyring calls block (D-Bus round trips, maybe an unlock prompt), so every call here runs on
//! its own thread with a time limit: callers on the async runtime use [`call_async`], others
//! [`call`]. When no store can hold the token the error names the ways out.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use keyring_core::{CredentialStore, Entry};
use serde::Deserialize;
use thiserror::Error;

use super::secrets_advice;
use crate::model::token::Token;

/// The keyring service name all our entries share.
pub const SERVICE: &str = "proofhub-tui";
/// The environment variable that picks the store.
pub const STORE_ENV: &str = "PROOFHUB_TUI_KEYRING";
/// The environment variable that holds a token and wins over the keyring.
pub const TOKEN_ENV: &str = "PROOFHUB_TOKEN";

/// How long a keyring call may take before we give up and say why it might hang.
const CALL_LIMIT: Duration = Duration::from_secs(60);

/// Which store the user asked for (config `keyring`, or `PROOFHUB_TUI_KEYRING`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StoreChoice {
    /// The platform's store; on Linux the Secret Service if one answers, else keyutils.
    #[default]
    Auto,
    SecretService,
    Keyutils,
    /// In-process only, for the library's own tests: neither the config file nor
    /// `PROOFHUB_TUI_KEYRING` accepts it (it would lose the token when the process ends).
    #[serde(skip_deserializing)]
    Mock,
}

impl StoreChoice {
    /// `PROOFHUB_TUI_KEYRING` if set, else the configured choice.
    pub fn from_env_or(configured: StoreChoice) -> Result<StoreChoice, SecretsError> {
        match std::env::var(STORE_ENV) {
            Ok(v) if !v.trim().is_empty() => match v.trim() {
                "auto" => Ok(StoreChoice::Auto),
                "secret-service" => Ok(StoreChoice::SecretService),
                "keyutils" => Ok(StoreChoice::Keyutils),
                "mock" => Err(SecretsError::Choice(format!(
                    "{STORE_ENV}=mock is the test suite's in-memory store, which loses the token \
                     when the process ends; use auto, secret-service or keyutils"
                ))),
                other => Err(SecretsError::Choice(format!(
                    "{STORE_ENV}={other:?} is not a keyring store: use auto, secret-service or keyutils"
                ))),
            },
            _ => Ok(configured),
        }
    }
}

/// The store actually in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreKind {
    SecretService,
    Keyutils,
    AppleKeychain,
    WindowsCredentialManager,
    Mock,
}

impl StoreKind {
    /// A name for messages and `info`.
    pub fn name(self) -> &'static str {
        match self {
            StoreKind::SecretService => "Secret Service (D-Bus)",
            StoreKind::Keyutils => "kernel keyutils session keyring",
            StoreKind::AppleKeychain => "macOS Keychain",
            StoreKind::WindowsCredentialManager => "Windows Credential Manager",
            StoreKind::Mock => "mock store (in-process, tests only)",
        }
    }

    /// A stable machine name (`info --json`).
    pub fn id(self) -> &'static str {
        match self {
            StoreKind::SecretService => "secret-service",
            StoreKind::Keyutils => "keyutils",
            StoreKind::AppleKeychain => "apple-keychain",
            StoreKind::WindowsCredentialManager => "windows-credential-manager",
            StoreKind::Mock => "mock",
        }
    }

    /// What a user must know about how long a token stays, if anything unusual.
    pub fn caveat(self) -> Option<&'static str> {
        match self {
            StoreKind::Keyutils => Some(
                "the kernel keyring is memory only: the token is gone after a reboot (run login again)",
            ),
            StoreKind::Mock => Some("the mock store forgets everything when the process ends"),
            _ => None,
        }
    }
}

/// Why the keyring could not do what was asked. Messages never contain the token.
#[derive(Debug, Error)]
pub enum SecretsError {
    #[error("{0}")]
    Choice(String),
    /// No store could be opened, or the open store refused access (locked, denied, no D-Bus);
    /// `ways_out` names only what can work here.
    #[error("{what}: {detail}. {ways_out}")]
    NoStore {
        what: String,
        detail: String,
        ways_out: String,
    },
    /// The store answered with an error.
    #[error("{what}: {detail}")]
    Failed { what: String, detail: String },
}

/// One opened keyring store; cheap to clone.
#[derive(Clone)]
pub struct Keyring {
    kind: StoreKind,
    store: Arc<CredentialStore>,
    /// Why `auto` did not pick the first choice, for `info`.
    fallback: Option<String>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring").field("kind", &self.kind).finish()
    }
}

impl Keyring {
    /// Opens the chosen store. Blocks: call it through [`call`] or [`call_async`].
    pub fn open(choice: StoreChoice) -> Result<Keyring, SecretsError> {
        match choice {
            StoreChoice::Mock => Ok(Keyring::with_store(StoreKind::Mock, process_mock())),
            other => platform::open(other),
        }
    }

    /// A keyring over a given store (tests use keyring-core's mock store).
    pub fn with_store(kind: StoreKind, store: Arc<CredentialStore>) -> Keyring {
        Keyring {
            kind,
            store,
            fallback: None,
        }
    }

    /// Why `auto` chose this store over the platform's first choice, if it did.
    pub fn fallback_reason(&self) -> Option<&str> {
        self.fallback.as_deref()
    }

    pub fn kind(&self) -> StoreKind {
        self.kind
    }

    fn entry(&self, account: &str) -> Result<Entry, SecretsError> {
        Entry::new_in_store(&self.store, SERVICE, account).map_err(|e| {
            self.classify(
                format!("cannot address the keyring entry for {account:?}"),
                e,
            )
        })
    }

    /// The stored token of an account, if there is one.
    pub fn get(&self, account: &str) -> Result<Option<Token>, SecretsError> {
        match self.entry(account)?.get_password() {
            Ok(text) => Ok(Token::new(text)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(keyring_core::Error::BadEncoding(_)) => Err(SecretsError::Failed {
                what: format!("the keyring entry for {account:?} is not text"),
                detail: "run `proofhub-tui logout` and `login` again".into(),
            }),
            Err(e) => Err(self.classify(
                format!(
                    "cannot read the token of {account:?} from the {}",
                    self.kind.name()
                ),
                e,
            )),
        }
    }

    /// Another secret of ours kept beside the token (the snapshot key), as text; `None` when
    /// the entry does not exist.
    pub fn get_secret(&self, user: &str) -> Result<Option<String>, SecretsError> {
        match self.entry(user)?.get_password() {
            Ok(text) => Ok(Some(text)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(self.classify(
                format!("cannot read {user:?} from the {}", self.kind.name()),
                e,
            )),
        }
    }

    /// Stores (or replaces) such a secret.
    pub fn set_secret(&self, user: &str, text: &str) -> Result<(), SecretsError> {
        self.entry(user)?.set_password(text).map_err(|e| {
            self.classify(
                format!("cannot store {user:?} in the {}", self.kind.name()),
                e,
            )
        })
    }

    /// Stores (or replaces) an account's token.
    pub fn set(&self, account: &str, token: &Token) -> Result<(), SecretsError> {
        let entry = self.entry(account)?;
        entry.set_password(token.expose()).map_err(|e| {
            if self.kind == StoreKind::Keyutils {
                // keyutils adds the key to the session keyring before linking it to the
                // persistent one; when the link is refused, take the half-stored key back out
                // so "not stored" is true.
                let _ = entry.delete_credential();
            }
            self.classify(
                format!(
                    "cannot store the token of {account:?} in the {}",
                    self.kind.name()
                ),
                e,
            )
        })
    }

    /// Removes an account's token; `false` when there was none.
    pub fn delete(&self, account: &str) -> Result<bool, SecretsError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(e) => Err(self.classify(
                format!(
                    "cannot remove the token of {account:?} from the {}",
                    self.kind.name()
                ),
                e,
            )),
        }
    }

    /// Reads the account's entry, so the store is known to work here (or why not).
    pub fn probe(&self, account: &str) -> Result<(), SecretsError> {
        self.get(account).map(|_| ())
    }

    fn classify(&self, what: String, err: keyring_core::Error) -> SecretsError {
        let ways_out = || secrets_advice::ways_out(&[self.kind]);
        match err {
            keyring_core::Error::NoStorageAccess(_) | keyring_core::Error::PlatformFailure(_)
                if self.kind == StoreKind::Keyutils =>
            {
                SecretsError::NoStore {
                    what,
                    detail: secrets_advice::keyutils_cause(&err),
                    ways_out: ways_out(),
                }
            }
            keyring_core::Error::NoStorageAccess(e) => SecretsError::NoStore {
                what,
                detail: format!("access refused or the keyring is locked ({e})"),
                ways_out: ways_out(),
            },
            other => SecretsError::Failed {
                what,
                detail: other.to_string(),
            },
        }
    }
}

/// The one mock store of this process, so `mock` behaves like a store within a run.
fn process_mock() -> Arc<CredentialStore> {
    static MOCK: OnceLock<Arc<CredentialStore>> = OnceLock::new();
    MOCK.get_or_init(|| {
        let store: Arc<CredentialStore> = match keyring_core::mock::Store::new() {
            Ok(s) => s,
            // The mock's constructor cannot fail; keep a usable fallback all the same.
            Err(_) => Arc::new(keyring_core::mock::Store {
                id: "fallback".into(),
                inner: Default::default(),
            }),
        };
        store
    })
    .clone()
}

/// Runs a blocking keyring operation on its own thread, within the time limit.
/// Safe from any context, including inside a tokio runtime (the Secret Service store runs its
/// own runtime and must not be entered from one).
pub fn call<T: Send + 'static>(
    op: impl FnOnce() -> Result<T, SecretsError> + Send + 'static,
) -> Result<T, SecretsError> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("keyring".into())
        .spawn(move || {
            let _ = tx.send(op());
        })
        .map_err(|e| SecretsError::Failed {
            what: "cannot start the keyring thread".into(),
            detail: e.to_string(),
        })?;
    match rx.recv_timeout(CALL_LIMIT) {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(timed_out()),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(SecretsError::Failed {
            what: "the keyring call failed".into(),
            detail: "the keyring thread stopped without an answer".into(),
        }),
    }
}

/// [`call`] for async code: runs on tokio's blocking pool, never on a runtime worker.
pub async fn call_async<T: Send + 'static>(
    op: impl FnOnce() -> Result<T, SecretsError> + Send + 'static,
) -> Result<T, SecretsError> {
    match tokio::time::timeout(CALL_LIMIT, tokio::task::spawn_blocking(op)).await {
        Ok(Ok(result)) => result,
        Ok(Err(join)) => Err(SecretsError::Failed {
            what: "the keyring call failed".into(),
            detail: join.to_string(),
        }),
        Err(_) => Err(timed_out()),
    }
}

fn timed_out() -> SecretsError {
    SecretsError::NoStore {
        what: format!(
            "the keyring did not answer within {} s",
            CALL_LIMIT.as_secs()
        ),
        detail: "an unlock prompt may be waiting on a desktop you cannot see".into(),
        ways_out: secrets_advice::ways_out(&[]),
    }
}

/// Where a command's token comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// `PROOFHUB_TOKEN` is set.
    Env,
    /// The keyring entry of the account in this store.
    Keyring(StoreKind),
}

/// The token for an account: `PROOFHUB_TOKEN`, else the keyring entry. Blocks (see [`call`]).
pub fn lookup(
    account: &str,
    choice: StoreChoice,
) -> Result<Option<(Token, TokenSource)>, SecretsError> {
    if let Some(token) = token_from_env() {
        return Ok(Some((token, TokenSource::Env)));
    }
    let account = account.to_string();
    call(move || {
        let keyring = Keyring::open(choice)?;
        let kind = keyring.kind();
        Ok(keyring
            .get(&account)?
            .map(|t| (t, TokenSource::Keyring(kind))))
    })
}

/// The token from `PROOFHUB_TOKEN`, if set and not blank.
pub fn token_from_env() -> Option<Token> {
    std::env::var(TOKEN_ENV).ok().and_then(Token::new)
}

#[cfg(target_os = "linux")]
mod platform {
    use super::{Keyring, SecretsError, StoreChoice, StoreKind, process_mock, secrets_advice};

    pub(super) fn open(choice: StoreChoice) -> Result<Keyring, SecretsError> {
        match choice {
            StoreChoice::SecretService => secret_service(),
            StoreChoice::Keyutils => keyutils(),
            StoreChoice::Auto => secret_service().or_else(|ss_err| {
                tracing::debug!(error = %ss_err, "no Secret Service; using the kernel keyring");
                let mut keyring = keyutils().map_err(|ku_err| SecretsError::NoStore {
                    what: "no keyring store can hold the token".into(),
                    detail: format!("no Secret Service answers on D-Bus, and {}", cause(&ku_err)),
                    ways_out: secrets_advice::ways_out(&[
                        StoreKind::SecretService,
                        StoreKind::Keyutils,
                    ]),
                })?;
                keyring.fallback =
                    Some("no Secret Service answered on the D-Bus session bus".into());
                Ok(keyring)
            }),
            StoreChoice::Mock => Ok(Keyring::with_store(StoreKind::Mock, process_mock())),
        }
    }

    fn secret_service() -> Result<Keyring, SecretsError> {
        zbus_secret_service_keyring_store::Store::new()
            .map(|s| Keyring::with_store(StoreKind::SecretService, s))
            .map_err(|e| SecretsError::NoStore {
                what: "no Secret Service answers on the D-Bus session bus".into(),
                detail: e.to_string(),
                ways_out: secrets_advice::ways_out(&[StoreKind::SecretService]),
            })
    }

    /// The kernel keyring, once this process is known to be able to address an entry in it.
    fn keyutils() -> Result<Keyring, SecretsError> {
        let blocked = |e: keyring_core::Error| SecretsError::NoStore {
            what: "the kernel keyring (keyutils) is not usable here".into(),
            detail: secrets_advice::keyutils_cause(&e),
            ways_out: secrets_advice::ways_out(&[StoreKind::Keyutils]),
        };
        secrets_advice::keyutils_probe().map_err(blocked)?;
        linux_keyutils_keyring_store::Store::new()
            .map(|s| Keyring::with_store(StoreKind::Keyutils, s))
            .map_err(blocked)
    }

    /// The cause part of a keyutils failure, for the message that names both stores.
    fn cause(err: &SecretsError) -> String {
        match err {
            SecretsError::NoStore { detail, .. } | SecretsError::Failed { detail, .. } => {
                detail.clone()
            }
            SecretsError::Choice(m) => m.clone(),
        }
    }
}

#[cfg(target_os = "macos")]
mod platform {
    use super::*;

    pub(super) fn open(choice: StoreChoice) -> Result<Keyring, SecretsError> {
        match choice {
            StoreChoice::Auto => apple_native_keyring_store::keychain::Store::new()
                .map(|s| Keyring::with_store(StoreKind::AppleKeychain, s))
                .map_err(|e| SecretsError::NoStore {
                    what: "the macOS Keychain is not usable".into(),
                    detail: e.to_string(),
                    ways_out: secrets_advice::ways_out(&[StoreKind::AppleKeychain]),
                }),
            StoreChoice::Mock => Ok(Keyring::with_store(StoreKind::Mock, process_mock())),
            other => Err(linux_only(other)),
        }
    }
}

#[cfg(target_os = "windows")]
mod platform {
    use super::*;

    pub(super) fn open(choice: StoreChoice) -> Result<Keyring, SecretsError> {
        match choice {
            StoreChoice::Auto => windows_native_keyring_store::Store::new()
                .map(|s| Keyring::with_store(StoreKind::WindowsCredentialManager, s))
                .map_err(|e| SecretsError::NoStore {
                    what: "the Windows Credential Manager is not usable".into(),
                    detail: e.to_string(),
                    ways_out: secrets_advice::ways_out(&[StoreKind::WindowsCredentialManager]),
                }),
            StoreChoice::Mock => Ok(Keyring::with_store(StoreKind::Mock, process_mock())),
            other => Err(linux_only(other)),
        }
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
mod platform {
    use super::*;

    pub(super) fn open(choice: StoreChoice) -> Result<Keyring, SecretsError> {
        match choice {
            StoreChoice::Mock => Ok(Keyring::with_store(StoreKind::Mock, process_mock())),
            _ => Err(SecretsError::NoStore {
                what: "this platform has no supported keyring".into(),
                detail: "only Linux, macOS and Windows keyrings are built in".into(),
                ways_out: secrets_advice::ways_out(&[]),
            }),
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn linux_only(choice: StoreChoice) -> SecretsError {
    SecretsError::Choice(format!(
        "keyring store {choice:?} exists only on Linux; use auto (the system keychain)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mock() -> Keyring {
        let store: Arc<CredentialStore> = keyring_core::mock::Store::new().expect("mock store");
        Keyring::with_store(StoreKind::Mock, store)
    }

    fn token(s: &str) -> Token {
        Token::new(s).expect("non-empty")
    }

    #[test]
    fn store_read_and_delete_one_account() {
        let k = mock();
        assert_eq!(k.get("acme").expect("get"), None);
        k.set("acme", &token("tok-acme")).expect("set");
        assert_eq!(k.get("acme").expect("get"), Some(token("tok-acme")));
        assert!(k.delete("acme").expect("delete"));
        assert_eq!(k.get("acme").expect("get"), None);
        assert!(!k.delete("acme").expect("second delete is not an error"));
    }

    #[test]
    fn accounts_live_side_by_side() {
        let k = mock();
        k.set("acme", &token("tok-acme")).expect("set");
        k.set("http://127.0.0.1:9/api/v3", &token("tok-sim"))
            .expect("set");
        k.set("acme", &token("tok-acme-2")).expect("replace");
        assert_eq!(k.get("acme").expect("get"), Some(token("tok-acme-2")));
        assert_eq!(
            k.get("http://127.0.0.1:9/api/v3").expect("get"),
            Some(token("tok-sim"))
        );
        k.delete("acme").expect("delete");
        assert_eq!(
            k.get("http://127.0.0.1:9/api/v3").expect("get"),
            Some(token("tok-sim")),
            "logging out of one account keeps the other"
        );
    }

    #[test]
    fn a_locked_store_says_what_to_do_and_never_the_token() {
        let k = mock();
        let entry = Entry::new_in_store(&k.store, SERVICE, "acme").expect("entry");
        let cred: &keyring_core::mock::Cred = entry.as_any().downcast_ref().expect("mock cred");
        cred.set_error(keyring_core::Error::NoStorageAccess(
            "collection is locked".into(),
        ));
        let err = k.set("acme", &token("s3cret-value")).unwrap_err();
        let shown = err.to_string();
        assert!(matches!(err, SecretsError::NoStore { .. }));
        assert!(shown.contains("locked"), "{shown}");
        assert!(shown.contains("PROOFHUB_TOKEN"), "{shown}");
        assert!(!shown.contains("s3cret-value"), "{shown}");
        assert_eq!(k.get("acme").expect("get"), None, "nothing was stored");
    }

    #[test]
    fn the_process_mock_store_keeps_tokens_within_a_run() {
        let k = Keyring::open(StoreChoice::Mock).expect("mock opens");
        k.set("side-by-side-test", &token("t1")).expect("set");
        let again = Keyring::open(StoreChoice::Mock).expect("mock opens");
        assert_eq!(
            again.get("side-by-side-test").expect("get"),
            Some(token("t1"))
        );
        again.delete("side-by-side-test").expect("delete");
    }

    /// What the Secret Service store does inside: start its own runtime and block on it.
    /// On a tokio worker thread that panics; through `call`/`call_async` it must not.
    fn nested_block_on() -> Result<u32, SecretsError> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| SecretsError::Failed {
                what: "runtime".into(),
                detail: e.to_string(),
            })?;
        Ok(rt.block_on(async { 7 }))
    }

    #[test]
    fn calls_run_off_the_async_runtime() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let (sync, asynchronous) = rt.block_on(async {
            let sync = call(nested_block_on);
            let asynchronous = call_async(nested_block_on).await;
            (sync, asynchronous)
        });
        assert_eq!(sync.expect("call"), 7);
        assert_eq!(asynchronous.expect("call_async"), 7);
    }

    #[test]
    fn keyutils_is_named_with_its_reboot_caveat() {
        let caveat = StoreKind::Keyutils.caveat().expect("has a caveat");
        assert!(caveat.contains("reboot"));
        assert!(StoreKind::SecretService.caveat().is_none());
    }
}
