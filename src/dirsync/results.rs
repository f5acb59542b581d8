//! The results file: one CSV row per plan item with its outcome, for the admin and for
//! scripts (`key,kind,email,project,outcome,detail`; outcome is done, already_done, skipped,
//! waiting, failed or not_run).

use std::path::{Path, PathBuf};

use super::apply::Outcome;

/// The default results file next to a plan: `PLAN.results.csv`.
pub fn path_for(plan: &Path) -> PathBuf {
    let mut p = plan.as_os_str().to_owned();
    p.push(".results.csv");
    PathBuf::from(p)
}

/// The CSV text.
pub fn to_csv(outcomes: &[Outcome]) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| format!("cannot write the results: {e}");
    w.write_record(["key", "kind", "email", "project", "outcome", "detail"])
        .map_err(fail)?;
    for o in outcomes {
        w.write_record(
            [
                o.key.as_str(),
                o.kind.tag(),
                o.email.as_str(),
                o.project.as_deref().unwrap_or(""),
                o.verdict.tag(),
                o.verdict.detail(),
            ]
            .map(crate::model::sanitize::data::csv_cell)
            .iter()
            .map(|c| c.as_bytes()),
        )
        .map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| format!("cannot write the results: {e}"))?;
    String::from_utf8(bytes).map_err(|e| format!("cannot write the results: {e}"))
}

/// Writes the results file (owner-only, atomically; cells a spreadsheet would run guarded).
pub fn write(path: &Path, outcomes: &[Outcome]) -> Result<(), String> {
    let text = to_csv(outcomes)?;
    crate::cli::export::write_file(path, text.as_bytes()).map_err(|e| e.to_string())
}
