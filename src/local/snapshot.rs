//! The account snapshot: the last complete load of an account, kept in the cache directory so
//! the next console start can show it at once (`cache/snapshots/NAME-HASH.snapshot`).
//!
//! It holds people's data, so it is protected: the account (people, projects, memberships,
//! roles, groups: `Account`'s serde form, the one stable way to save it), the [`Preview`] the
//! console draws first and the time it was taken are encrypted and authenticated with
//! XChaCha20-Poly1305, with a random key kept either in the OS keyring beside the token (entry
//! `LABEL (snapshot key)`) or, when the config asks for it, in a 0600 key file beside the
//! snapshot. The file is written owner-only and atomically ([`super::private_file`]).
//!
//! The file's layout is [`super::snapshot_format`]'s: a head naming the account (authenticated
//! with all that follows, and read before decryption only to say *which* account a refused
//! file belongs to and when it was taken), the preview sealed on its own, then the account
//! sealed as a chunked stream. So a read hands the preview over after a bounded read, before
//! the account is read, and neither a save nor a read holds the whole file or its plain text.
//! The token is never part of it.
//!
//! Which applies ([`Policy`]): `--no-snapshot` or `[snapshot] enabled = false` turn it off; a
//! token from `PROOFHUB_TOKEN` means no keyring is known to work, so there is no snapshot unless
//! `[snapshot] key` names a place for the key. Everything here blocks (files, the keyring on
//! its own thread): the console calls it off its event loop.

use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::snapshot_format::{self, Header, Refused};

use super::config::{SnapshotConfig, SnapshotKeyPlace};
use super::paths::Paths;
use super::private_file;
use super::secrets::{self, Keyring, SecretsError, StoreChoice};
use super::snapshot_crypto::SnapshotKey;
use crate::model::account::Account;
use crate::model::snapshot::{Preview, Snapshot};

/// Which account a snapshot belongs to: its label, base URL and profile setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    pub account: String,
    pub base_url: String,
    pub profile: String,
}

/// Where the key lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyHome {
    /// The OS keyring's entry beside the token.
    Keyring(StoreChoice),
    /// A 0600 file beside the snapshot (`[snapshot] key = "file"`).
    File,
}

/// Why there is no snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Off {
    /// `--no-snapshot`.
    Flag,
    /// `[snapshot] enabled = false`.
    Config,
    /// The token comes from `PROOFHUB_TOKEN` and the config names no place for the key.
    EnvToken,
}

/// Whether this run keeps a snapshot, and where its key lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    On(KeyHome),
    Off(Off),
}

impl Policy {
    /// The rules above: the flag, then the config, then where the token comes from.
    pub fn decide(
        config: &SnapshotConfig,
        no_snapshot_flag: bool,
        token_from_env: bool,
        keyring: StoreChoice,
    ) -> Policy {
        if no_snapshot_flag {
            return Policy::Off(Off::Flag);
        }
        if !config.enabled {
            return Policy::Off(Off::Config);
        }
        match config.key {
            Some(SnapshotKeyPlace::File) => Policy::On(KeyHome::File),
            Some(SnapshotKeyPlace::Keyring) => Policy::On(KeyHome::Keyring(keyring)),
            None if token_from_env => Policy::Off(Off::EnvToken),
            None => Policy::On(KeyHome::Keyring(keyring)),
        }
    }

    /// One line for `info`: whether a snapshot is kept and how its key is protected.
    pub fn describe(self, keyring_name: Option<&str>) -> String {
        match self {
            Policy::On(KeyHome::Keyring(_)) => format!(
                "on: encrypted, its key in the {} beside the token",
                keyring_name.unwrap_or("OS keyring")
            ),
            Policy::On(KeyHome::File) => {
                "on: encrypted, its key in a 0600 key file beside it ([snapshot] key = \"file\")"
                    .into()
            }
            Policy::Off(Off::Flag) => "off (--no-snapshot)".into(),
            Policy::Off(Off::Config) => "off ([snapshot] enabled = false)".into(),
            Policy::Off(Off::EnvToken) => format!(
                "off: the token comes from {}, so no keyring is known to hold the key; \
                 set [snapshot] key = \"file\" (or \"keyring\") to keep one",
                secrets::TOKEN_ENV
            ),
        }
    }
}

/// Why a snapshot could not be read or saved. None of these ever holds the token or the key.
#[derive(Debug, Error)]
pub enum SnapshotError {
    #[error("cannot read the snapshot {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("snapshot refused: not a snapshot this version can read: {}", path.display())]
    Format { path: PathBuf },
    #[error(
        "snapshot refused: it was saved in an older format this version no longer reads; \
         the next save replaces it: {}",
        path.display()
    )]
    OlderFormat { path: PathBuf },
    #[error(
        "snapshot refused: it belongs to another account ({} at {}, profile {}): {}",
        other.account, other.base_url, other.profile, path.display()
    )]
    OtherAccount { path: PathBuf, other: Binding },
    #[error(
        "snapshot refused: it failed its integrity check (changed, cut short, or written with another key): {}",
        path.display()
    )]
    Tampered { path: PathBuf },
    #[error("snapshot refused: its key is missing from {where_}")]
    NoKey { where_: String },
    #[error("snapshot refused: its key in {where_} is damaged")]
    BadKey { where_: String },
    #[error("the snapshot's key: {0}")]
    Keyring(#[from] SecretsError),
    #[error("cannot save the snapshot {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot encode the snapshot: {0}")]
    Encode(String),
}

/// One account's snapshot file and its key.
#[derive(Debug, Clone)]
pub struct SnapshotStore {
    binding: Binding,
    path: PathBuf,
    key: KeyHome,
}

/// The snapshot file of an account (label + base URL), whatever the policy.
pub fn file_of(paths: &Paths, label: &str, base_url: &str) -> PathBuf {
    paths
        .cache_dir
        .join("snapshots")
        .join(format!("{}.snapshot", stem(label, base_url)))
}

/// When the snapshot file at `path` says it was taken (its head, not decrypted; `info`).
pub fn saved_at(path: &Path) -> Option<DateTime<Utc>> {
    let mut file = std::fs::File::open(path).ok()?;
    snapshot_format::read_head(&mut file)
        .ok()
        .map(|h| h.header.taken_at)
}

/// The key file beside a snapshot file.
pub fn key_file_of(snapshot: &Path) -> PathBuf {
    snapshot.with_extension("key")
}

/// The keyring entry (user) that holds an account's snapshot key.
pub fn keyring_user(label: &str) -> String {
    format!("{label} (snapshot key)")
}

/// A readable, file-safe name for the account, with a hash so two labels that read alike
/// never share a file.
fn stem(label: &str, base_url: &str) -> String {
    let slug: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    let digest = ring::digest::digest(
        &ring::digest::SHA256,
        format!("{label}\n{base_url}").as_bytes(),
    );
    let hash: String = digest
        .as_ref()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{slug}-{hash}")
}

impl SnapshotStore {
    pub fn new(paths: &Paths, binding: Binding, key: KeyHome) -> SnapshotStore {
        let path = file_of(paths, &binding.account, &binding.base_url);
        SnapshotStore { binding, path, key }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn key_home(&self) -> KeyHome {
        self.key
    }

    /// The stored snapshot; `Ok(None)` when there is none. A file that is not this account's,
    /// or does not pass its integrity check, is an error that says so (and is left alone: the
    /// next save replaces it).
    pub fn read(&self) -> Result<Option<Snapshot>, SnapshotError> {
        self.read_with(|_| {})
    }

    /// The same, handing the snapshot's [`Preview`] to `on_preview` first, as soon as it is
    /// read and checked, before the rest is (not called when there is none, or when the file is
    /// refused before its preview opens).
    pub fn read_with(
        &self,
        on_preview: impl FnOnce(Preview),
    ) -> Result<Option<Snapshot>, SnapshotError> {
        let file = match std::fs::File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(SnapshotError::Read {
                    path: self.path.clone(),
                    source,
                });
            }
        };
        let mut file = io::BufReader::with_capacity(snapshot_format::READ_BUFFER, file);
        let head = snapshot_format::read_head(&mut file).map_err(|r| self.refused(r))?;
        if head.header.binding != self.binding {
            return Err(SnapshotError::OtherAccount {
                path: self.path.clone(),
                other: head.header.binding,
            });
        }
        let key = self.key(false)?.ok_or_else(|| SnapshotError::NoKey {
            where_: self.key_where(),
        })?;
        let account = snapshot_format::read_rest(file, &key, &head, on_preview)
            .map_err(|r| self.refused(r))?;
        Ok(Some(Snapshot {
            account,
            taken_at: head.header.taken_at,
        }))
    }

    /// Saves `account` as taken at `taken_at`, making the key first if there is none.
    /// `preview` is what the next start draws first ([`Preview::of`] this account).
    pub fn save(
        &self,
        account: &Account,
        taken_at: DateTime<Utc>,
        preview: &Preview,
    ) -> Result<(), SnapshotError> {
        let key = self.key(true)?.ok_or_else(|| SnapshotError::NoKey {
            where_: self.key_where(),
        })?;
        let header = Header {
            binding: self.binding.clone(),
            taken_at,
        };
        private_file::write_atomic_with(&self.path, |out| {
            snapshot_format::write(out, &key, &header, preview, account)
        })
        .map_err(|source| SnapshotError::Write {
            path: self.path.clone(),
            source,
        })
    }

    /// When the stored snapshot says it was taken (read from its head, not decrypted).
    pub fn taken_at(&self) -> Option<DateTime<Utc>> {
        saved_at(&self.path)
    }

    fn refused(&self, why: Refused) -> SnapshotError {
        let path = self.path.clone();
        match why {
            Refused::NotASnapshot => SnapshotError::Format { path },
            Refused::OlderFormat => SnapshotError::OlderFormat { path },
            Refused::Tampered => SnapshotError::Tampered { path },
            Refused::Read(source) => SnapshotError::Read { path, source },
        }
    }

    fn key_where(&self) -> String {
        match self.key {
            KeyHome::Keyring(_) => format!(
                "the keyring entry {:?}",
                keyring_user(&self.binding.account)
            ),
            KeyHome::File => key_file_of(&self.path).display().to_string(),
        }
    }

    /// The stored key; with `create`, a new one is made and stored when there is none.
    fn key(&self, create: bool) -> Result<Option<SnapshotKey>, SnapshotError> {
        let stored = match self.key {
            KeyHome::File => {
                let file = key_file_of(&self.path);
                match std::fs::read_to_string(&file) {
                    Ok(text) => Some(text),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => None,
                    Err(source) => return Err(SnapshotError::Read { path: file, source }),
                }
            }
            KeyHome::Keyring(choice) => {
                let user = keyring_user(&self.binding.account);
                secrets::call(move || Keyring::open(choice)?.get_secret(&user))?
            }
        };
        if let Some(text) = stored {
            return SnapshotKey::from_text(&text)
                .map(Some)
                .ok_or_else(|| SnapshotError::BadKey {
                    where_: self.key_where(),
                });
        }
        if !create {
            return Ok(None);
        }
        let key = SnapshotKey::generate().map_err(SnapshotError::Encode)?;
        let text = key.to_text();
        match self.key {
            KeyHome::File => {
                let file = key_file_of(&self.path);
                private_file::write_atomic(&file, text.as_bytes())
                    .map_err(|source| SnapshotError::Write { path: file, source })?;
            }
            KeyHome::Keyring(choice) => {
                let user = keyring_user(&self.binding.account);
                secrets::call(move || Keyring::open(choice)?.set_secret(&user, &text))?;
            }
        }
        Ok(Some(key))
    }
}

/// What [`remove`] took away, for `logout`'s message.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Removed {
    pub file: bool,
    pub key_file: bool,
    pub keyring_key: bool,
}

/// Removes an account's snapshot, its key file and its keyring key, whichever exist
/// (`logout`). Blocks on the keyring.
pub fn remove(
    paths: &Paths,
    label: &str,
    base_url: &str,
    keyring: Option<&Keyring>,
) -> Result<Removed, String> {
    let file = file_of(paths, label, base_url);
    let gone = |path: &Path| match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(format!("cannot remove {}: {e}", path.display())),
    };
    let mut removed = Removed {
        file: gone(&file)?,
        key_file: gone(&key_file_of(&file))?,
        keyring_key: false,
    };
    if let Some(k) = keyring {
        removed.keyring_key = k.delete(&keyring_user(label)).map_err(|e| e.to_string())?;
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binding(account: &str) -> Binding {
        Binding {
            account: account.into(),
            base_url: "http://127.0.0.1:9/api/v3".into(),
            profile: "auto".into(),
        }
    }

    fn account() -> Account {
        let mut a = Account::default();
        a.upsert_person(crate::model::test_people::person(
            7,
            "ada@example.com",
            "Ada",
        ));
        a
    }

    fn taken() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-01-02T03:04:05Z")
            .expect("time")
            .with_timezone(&Utc)
    }

    #[test]
    fn a_saved_snapshot_reads_back_and_is_owner_only() {
        let dir = tempfile::tempdir().expect("dir");
        let paths = Paths::under(dir.path());
        let store = SnapshotStore::new(&paths, binding("acme"), KeyHome::File);
        assert!(store.read().expect("no file is no error").is_none());
        store
            .save(&account(), taken(), &Preview::of(&account(), &[], taken()))
            .expect("save");
        let snap = store.read().expect("read").expect("a snapshot");
        assert_eq!(snap.account, account());
        assert_eq!(snap.taken_at, taken());
        assert_eq!(store.taken_at(), Some(taken()));
        #[cfg(unix)]
        for p in [store.path().to_path_buf(), key_file_of(store.path())] {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{}", p.display());
        }
        let bytes = std::fs::read(store.path()).expect("bytes");
        assert!(
            !bytes.windows(15).any(|w| w == b"ada@example.com"),
            "the file is encrypted"
        );
    }

    #[test]
    fn tampered_truncated_and_foreign_snapshots_are_refused_by_name() {
        let dir = tempfile::tempdir().expect("dir");
        let paths = Paths::under(dir.path());
        let store = SnapshotStore::new(&paths, binding("acme"), KeyHome::File);
        store
            .save(&account(), taken(), &Preview::of(&account(), &[], taken()))
            .expect("save");
        let good = std::fs::read(store.path()).expect("bytes");

        let mut flipped = good.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x40;
        std::fs::write(store.path(), &flipped).expect("write");
        let e = store.read().unwrap_err();
        assert!(matches!(e, SnapshotError::Tampered { .. }), "{e}");
        assert!(e.to_string().contains("integrity check"), "{e}");

        std::fs::write(store.path(), &good[..good.len() / 2]).expect("write");
        assert!(matches!(store.read(), Err(SnapshotError::Tampered { .. })));
        std::fs::write(store.path(), &good[..10]).expect("write");
        assert!(matches!(store.read(), Err(SnapshotError::Format { .. })));

        // Another account's file under this one's name, with this one's key file.
        let other = SnapshotStore {
            binding: Binding {
                profile: "guide".into(),
                ..binding("acme")
            },
            ..store.clone()
        };
        other
            .save(&account(), taken(), &Preview::of(&account(), &[], taken()))
            .expect("save");
        let e = store.read().unwrap_err();
        assert!(matches!(e, SnapshotError::OtherAccount { .. }), "{e}");
        assert!(e.to_string().contains("another account"), "{e}");

        // A head edited to claim this account no longer authenticates.
        let bytes = std::fs::read(store.path()).expect("bytes");
        let edited = String::from_utf8_lossy(&bytes)
            .replacen("\"guide\"", "\"auto\" ", 1)
            .into_bytes();
        if edited.len() == bytes.len() {
            std::fs::write(store.path(), &edited).expect("write");
            assert!(store.read().is_err());
        }
    }

    #[test]
    fn a_lost_key_refuses_and_logout_removes_file_and_key() {
        let dir = tempfile::tempdir().expect("dir");
        let paths = Paths::under(dir.path());
        let store = SnapshotStore::new(&paths, binding("acme"), KeyHome::File);
        store
            .save(&account(), taken(), &Preview::of(&account(), &[], taken()))
            .expect("save");
        std::fs::remove_file(key_file_of(store.path())).expect("rm key");
        assert!(matches!(store.read(), Err(SnapshotError::NoKey { .. })));
        store
            .save(&account(), taken(), &Preview::of(&account(), &[], taken()))
            .expect("a new key");
        let removed = remove(&paths, "acme", "http://127.0.0.1:9/api/v3", None).expect("removes");
        assert!(removed.file && removed.key_file);
        assert!(!store.path().exists() && !key_file_of(store.path()).exists());
    }

    #[test]
    fn the_keyring_holds_the_key_beside_the_token() {
        let dir = tempfile::tempdir().expect("dir");
        let paths = Paths::under(dir.path());
        let label = format!("snap-test-{}", std::process::id());
        let store =
            SnapshotStore::new(&paths, binding(&label), KeyHome::Keyring(StoreChoice::Mock));
        store
            .save(&account(), taken(), &Preview::of(&account(), &[], taken()))
            .expect("save");
        assert!(!key_file_of(store.path()).exists());
        assert_eq!(
            store.read().expect("read").expect("snap").account,
            account()
        );
        let keyring = Keyring::open(StoreChoice::Mock).expect("mock");
        let removed =
            remove(&paths, &label, "http://127.0.0.1:9/api/v3", Some(&keyring)).expect("removes");
        assert!(removed.file && removed.keyring_key);
    }

    #[test]
    fn the_policy_follows_flag_config_and_token_source() {
        let on = SnapshotConfig::default();
        let ring = StoreChoice::Auto;
        assert_eq!(
            Policy::decide(&on, false, false, ring),
            Policy::On(KeyHome::Keyring(ring))
        );
        assert_eq!(
            Policy::decide(&on, true, false, ring),
            Policy::Off(Off::Flag)
        );
        assert_eq!(
            Policy::decide(&on, false, true, ring),
            Policy::Off(Off::EnvToken)
        );
        let file = SnapshotConfig {
            key: Some(SnapshotKeyPlace::File),
            ..on
        };
        assert_eq!(
            Policy::decide(&file, false, true, ring),
            Policy::On(KeyHome::File)
        );
        let ring_asked = SnapshotConfig {
            key: Some(SnapshotKeyPlace::Keyring),
            ..on
        };
        assert_eq!(
            Policy::decide(&ring_asked, false, true, ring),
            Policy::On(KeyHome::Keyring(ring)),
            "asked for explicitly, the keyring is used even with PROOFHUB_TOKEN"
        );
        let off = SnapshotConfig {
            enabled: false,
            ..file
        };
        assert_eq!(
            Policy::decide(&off, false, true, ring),
            Policy::Off(Off::Config)
        );
    }
}
