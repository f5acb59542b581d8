//! Where proofhub-tui keeps its files: config, data (the journal), cache, and state (the log).
//!
//! By default the platform's conventions from the `directories` crate (on Linux the XDG base
//! directories, so `XDG_CONFIG_HOME` and friends are respected). `PROOFHUB_TUI_HOME=DIR` puts
//! everything under one directory instead (`DIR/config`, `DIR/data`, `DIR/cache`, `DIR/state`):
//! tests and portable installs use it. No token is ever written under any of these.

use std::path::{Path, PathBuf};

use thiserror::Error;

/// The environment variable that puts every directory under one root.
pub const HOME_ENV: &str = "PROOFHUB_TUI_HOME";

const APP: &str = "proofhub-tui";

#[derive(Debug, Error)]
pub enum PathsError {
    #[error(
        "cannot tell where to keep files: no home directory found; set {HOME_ENV}=DIR to choose one"
    )]
    NoHome,
}

/// The four directories, resolved once at start-up. Nothing is created until it is needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
    pub cache_dir: PathBuf,
    pub state_dir: PathBuf,
}

impl Paths {
    /// The directories for this user: `PROOFHUB_TUI_HOME` if set, else the platform's.
    pub fn discover() -> Result<Paths, PathsError> {
        match std::env::var_os(HOME_ENV).filter(|v| !v.is_empty()) {
            Some(root) => Ok(Paths::under(Path::new(&root))),
            None => Paths::platform(),
        }
    }

    /// Everything under one root directory.
    pub fn under(root: &Path) -> Paths {
        Paths {
            config_dir: root.join("config"),
            data_dir: root.join("data"),
            cache_dir: root.join("cache"),
            state_dir: root.join("state"),
        }
    }

    fn platform() -> Result<Paths, PathsError> {
        let dirs = directories::ProjectDirs::from("", "", APP).ok_or(PathsError::NoHome)?;
        // Only Linux has a state directory; elsewhere logs go next to the local data.
        let state_dir = dirs
            .state_dir()
            .map_or_else(|| dirs.data_local_dir().join("state"), Path::to_path_buf);
        Ok(Paths {
            config_dir: dirs.config_dir().to_path_buf(),
            data_dir: dirs.data_dir().to_path_buf(),
            cache_dir: dirs.cache_dir().to_path_buf(),
            state_dir,
        })
    }

    /// The config file read when `--config` is not given.
    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    /// The append-only journal of writes and delete tombstones.
    pub fn journal_file(&self) -> PathBuf {
        self.data_dir.join("journal.jsonl")
    }

    /// The log file (written only when `PROOFHUB_TUI_LOG` asks for logs).
    pub fn log_file(&self) -> PathBuf {
        self.state_dir.join("proofhub-tui.log")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_root_holds_every_directory() {
        let p = Paths::under(Path::new("/tmp/x"));
        assert_eq!(p.config_file(), Path::new("/tmp/x/config/config.toml"));
        assert_eq!(p.journal_file(), Path::new("/tmp/x/data/journal.jsonl"));
        assert_eq!(p.log_file(), Path::new("/tmp/x/state/proofhub-tui.log"));
        assert_eq!(p.cache_dir, Path::new("/tmp/x/cache"));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn platform_dirs_follow_xdg_and_name_the_app() {
        // Reads the real environment; only checks the shape, whatever HOME/XDG_* say.
        let p = Paths::platform().expect("a home directory in the test environment");
        for dir in [&p.config_dir, &p.data_dir, &p.cache_dir, &p.state_dir] {
            assert!(dir.ends_with(APP), "{dir:?}");
        }
    }
}
