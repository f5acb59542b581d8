//! The bulk menu's export: the marked people of the loaded account as `export --format csv`
//! writes them (the profile's default columns, formula cells guarded, so the file reads back
//! through `sync plan`), into the data directory as `marked-people-<UTC time>.csv`, owner-only
//! and atomically like every file holding people.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::app::action::FileWritten;
use crate::cli::export::{CsvForm, write_csv_of};
use crate::model::account::{Account, PersonId};

/// Writes the rows of `people` (those still in `account`, in the marks' order) into `dir`,
/// named for `now`.
pub fn write(
    dir: &Path,
    account: &Account,
    people: &[PersonId],
    now: DateTime<Utc>,
) -> Result<FileWritten, String> {
    let path = dir.join(format!(
        "marked-people-{}.csv",
        now.format("%Y-%m-%dT%H%M%SZ")
    ));
    let chosen: Vec<_> = people.iter().filter_map(|id| account.person(*id)).collect();
    if chosen.is_empty() {
        return Err("none of the marked people is in the account any more".into());
    }
    crate::local::private_file::write_atomic_with(&path, |out| {
        write_csv_of(
            account,
            &mut chosen.iter().copied(),
            CsvForm::Data,
            &[],
            out,
        )
    })
    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(FileWritten {
        path: path.display().to_string(),
        rows: chosen.len(),
    })
}
