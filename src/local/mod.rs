//! What lives on this machine: where files go ([`paths`]), the checked TOML [`config`], which
//! account and token a command uses ([`target`]), the token store ([`secrets`]: `PROOFHUB_TOKEN`,
//! then the OS keyring; `secrets_advice` words its failures), the write [`journal`] and the torn-line-safe [`append_log`] it and the sync ledger sit on, the opt-in [`logging`] file, what `doctor` [`learned`] about an account's API, the encrypted account [`snapshot`] (its file laid out by `snapshot_format`, the preview sealed by [`snapshot_crypto`], the account as a chunked stream by `snapshot_stream`), and the one owner-only
//! file opener ([`private_file`]) that every file holding people goes through.

pub mod append_log;
pub mod config;
pub mod journal;
pub mod learned;
pub mod logging;
pub mod paths;
pub mod private_file;
pub mod secrets;
mod secrets_advice;
pub mod snapshot;
pub mod snapshot_crypto;
mod snapshot_format;
mod snapshot_stream;
pub mod target;
