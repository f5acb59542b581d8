//! The console's access review file: the loaded account as `export --access-review` writes
//! it ([`crate::dirsync::access_review`]), into the data directory as
//! `access-review-<UTC time>.csv`, owner-only and atomically like every file holding people.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::app::action::FileWritten;
use crate::cli::export::CsvForm;
use crate::model::account::Account;

/// Writes the review of `account` into `dir`, named for `now`.
pub fn write(dir: &Path, account: &Account, now: DateTime<Utc>) -> Result<FileWritten, String> {
    let path = dir.join(format!(
        "access-review-{}.csv",
        now.format("%Y-%m-%dT%H%M%SZ")
    ));
    let mut rows = 0;
    crate::local::private_file::write_atomic_with(&path, |out| {
        rows = crate::dirsync::access_review::write_csv(account, CsvForm::Data, out)?;
        Ok(())
    })
    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(FileWritten {
        path: path.display().to_string(),
        rows,
    })
}
