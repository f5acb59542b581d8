//! The `--json` summaries of `sync plan` and `sync apply` (schema: docs/CLI-JSON.md). Each is
//! one object on stdout; the per-item lines and questions stay on stderr as without `--json`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use super::apply::Report;
use super::cost::Estimate;
use super::plan::{Kind, Plan};

/// Ticked items per kind, every kind named (zero when absent).
fn counts(plan: &Plan) -> Value {
    let counts: BTreeMap<Kind, usize> = plan.counts(true);
    let map: serde_json::Map<String, Value> = Kind::ALL
        .iter()
        .map(|k| {
            (
                k.tag().to_string(),
                json!(counts.get(k).copied().unwrap_or(0)),
            )
        })
        .collect();
    Value::Object(map)
}

/// `sync plan --json`.
pub fn plan(plan: &Plan, file: &Path, est: &Estimate, fuse_warning: Option<String>) -> Value {
    json!({
        "plan_file": file.display().to_string(),
        "base_url": plan.base_url,
        "items": counts(plan),
        "requests": est.requests,
        "seconds": est.time.as_secs(),
        "fuse_warning": fuse_warning,
    })
}

/// `sync apply --json`: the tally, where the results and ledger are, and every item.
pub fn apply(report: Option<&Report>, results: Option<&Path>, ledger: Option<&Path>) -> Value {
    let count = |tag: &str| report.map_or(0, |r| r.count(tag));
    let items: Vec<Value> = report
        .map(|r| {
            r.outcomes
                .iter()
                .map(|o| {
                    json!({
                        "key": o.key,
                        "kind": o.kind.tag(),
                        "email": o.email,
                        "project": o.project,
                        "outcome": o.verdict.tag(),
                        "detail": o.verdict.detail(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    json!({
        "outcomes": {
            "done": count("done"),
            "already_done": count("already_done"),
            "skipped": count("skipped"),
            "waiting": count("waiting"),
            "failed": count("failed"),
            "not_run": count("not_run"),
        },
        "results_file": results.map(|p| p.display().to_string()),
        "ledger_file": ledger.map(|p| p.display().to_string()),
        "items": items,
    })
}

/// Prints one object in the data form (every dangerous character escaped).
pub fn print(value: &Value) -> Result<(), crate::cli::exit::CommandError> {
    let text = crate::model::sanitize::data::json(value)
        .map_err(|e| crate::cli::exit::CommandError::Failed(format!("cannot write JSON: {e}")))?;
    print!("{text}");
    Ok(())
}
