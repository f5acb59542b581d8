//! What `doctor` learned about an account that the client acts on at run time: today the page
//! cap. `doctor` writes it (owner-only, atomically) to `<data dir>/learned.json`, keyed by the
//! account's label (its name, or the base URL); every command's client reads it for its account
//! (`cli::client_settings`), unless the config sets `[limits] page_size` itself. The file holds
//! no people, no ids and no token: only what the account's API does.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::local::paths::Paths;

/// The file's name in the data directory.
pub const FILE: &str = "learned.json";

/// What is known about one account's API.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dialect {
    /// Records the account gives per list page at most, when below the documented 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_cap: Option<u32>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Learned {
    #[serde(default)]
    accounts: BTreeMap<String, Dialect>,
}

fn read(path: &Path) -> Learned {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// What was learned about `label`; nothing for an unknown account or an unreadable file.
pub fn load(paths: &Paths, label: &str) -> Dialect {
    read(&paths.data_dir.join(FILE))
        .accounts
        .get(label)
        .copied()
        .unwrap_or_default()
}

/// Records what was learned about `label` (an empty [`Dialect`] forgets it); returns the file.
pub fn save(paths: &Paths, label: &str, dialect: Dialect) -> std::io::Result<std::path::PathBuf> {
    let path = paths.data_dir.join(FILE);
    let mut learned = read(&path);
    if dialect == Dialect::default() {
        learned.accounts.remove(label);
    } else {
        learned.accounts.insert(label.to_string(), dialect);
    }
    let text = serde_json::to_string_pretty(&learned).map_err(std::io::Error::other)?;
    crate::local::private_file::write_atomic(&path, format!("{text}\n").as_bytes())?;
    Ok(path)
}
