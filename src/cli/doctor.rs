//! `proofhub-tui doctor [--account NAME | --base-url URL] [--json]`: a read-only probe that
//! learns which of our assumptions about ProofHub's API hold on this account, before anyone
//! trusts a write to it. It changes nothing and sends no e-mail (GET only), sends at most 15
//! requests, and never provokes a 429.
//!
//! How the parts fit: `doctor_probe.rs` is the GET-only transport with its budget,
//! `doctor_plan.rs` the requests in order, `doctor_rows.rs` the judgement of each assumption,
//! `doctor_report.rs` the table and the `--json` bug report (counts and shapes only).
//!
//! What the client acts on is kept for the account (`local::learned`): today a page cap below
//! 100, which every later command's lists then follow.
//!
//! Exit codes as everywhere (`exit.rs`): 0 when the probe ran (whatever it found), 4 when the
//! account refuses the token, 5 when it cannot be reached, 2 for a bad flag or URL.

use std::io::Write;

use super::doctor_plan::{Observed, observe};
use super::doctor_probe::{BUDGET, Probe, Stop};
use super::doctor_report::{Report, Verdict};
use super::doctor_rows::{RateSeen, detect, rows, stop_words};
use crate::cli::args::{DoctorArgs, Target};
use crate::cli::exit::CommandError;
use crate::local::learned::{self, Dialect};
use crate::local::paths::Paths;
use crate::model::base_url::BaseUrl;
use crate::model::profile::Profile;

/// Runs `proofhub-tui doctor`.
pub fn run(target: &Target, args: &DoctorArgs) -> Result<(), CommandError> {
    let resolved = crate::local::target::resolve(target)?;
    let base = BaseUrl::parse(&resolved.base_url).map_err(CommandError::Usage)?;
    let loopback =
        reqwest::Url::parse(base.as_str()).is_ok_and(|u| crate::model::base_url::is_loopback(&u));
    let mut probe =
        Probe::new(base.as_str(), resolved.token, loopback).map_err(CommandError::Failed)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CommandError::Failed(format!("cannot start the async runtime: {e}")))?;
    let observed = runtime.block_on(observe(&mut probe));
    let report = judge(&observed, &probe, &resolved.token_fix, base.as_str())?;
    let text = if args.json {
        serde_json::to_string_pretty(&report.json()).unwrap_or_else(|_| "{}".to_string()) + "\n"
    } else {
        report.text(base.as_str())
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| CommandError::Failed(format!("cannot write the report: {e}")))?;
    remember(&report, &observed, &resolved.label)
}

/// Keeps what the client acts on (`local::learned`): a contradicted page cap is saved for the
/// account, a held one forgets an older finding, an unknown one leaves it as it was.
fn remember(report: &Report, o: &Observed, label: &str) -> Result<(), CommandError> {
    let Some(row) = report.findings.iter().find(|f| f.topic == "page_cap") else {
        return Ok(());
    };
    let dialect = match row.verdict {
        Verdict::Contradicted => Dialect {
            page_cap: u32::try_from(o.first_people().len()).ok(),
        },
        Verdict::Held => Dialect::default(),
        Verdict::Unknown => return Ok(()),
    };
    let paths = Paths::discover().map_err(|e| CommandError::Failed(e.to_string()))?;
    match learned::save(&paths, label, dialect) {
        Ok(path) if dialect.page_cap.is_some() => {
            eprintln!(
                "doctor: saved the page cap for {} in {}",
                crate::model::sanitize::display(label),
                path.display()
            );
            Ok(())
        }
        Ok(_) => Ok(()),
        Err(e) => Err(CommandError::Failed(format!(
            "cannot save what doctor learned in {}: {e}",
            paths.data_dir.join(learned::FILE).display()
        ))),
    }
}

/// The report, or the error that ends the command when the first answer already says the token
/// is refused or the server cannot be reached.
fn judge(o: &Observed, probe: &Probe, token_fix: &str, base: &str) -> Result<Report, CommandError> {
    let stop = probe.stopped.as_ref();
    match &o.people {
        None => {
            return Err(CommandError::Unreachable(format!(
                "{base} could not be probed: {}",
                stop.map_or("no answer".to_string(), stop_words)
            )));
        }
        Some(first) if first.refused_key() => {
            return Err(CommandError::TokenRefused(format!(
                "the account refused the token ({}): {token_fix}",
                first.shape()
            )));
        }
        Some(_) => {}
    }
    let rate = RateSeen {
        answers: probe.answers,
        with_headers: probe.answers_with_rate_headers,
        limit: o.people.as_ref().and_then(|s| s.rate_limit),
    };
    let profile = detect(o);
    // Rows are judged against the detected profile; with no sign at all, against v3 (what real
    // accounts run), and the profile row says so.
    let findings = rows(o, profile.unwrap_or(Profile::V3), stop, probe.used, rate);
    Ok(Report {
        profile,
        findings,
        requests: probe.used,
        budget: BUDGET,
        stopped: stop.filter(|s| **s != Stop::Budget).map(stop_words),
    })
}
