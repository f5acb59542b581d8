//! The access review (SOC 2 user access reviews): the evidence an auditor signs, and the
//! revocations read back from it.
//!
//! [`write_csv`] (`export --access-review`) writes one row per person × project:
//! `person_id,name,email,account_role,project_id,project,project_role,manager,last_active,
//! decision,reviewer`, with `decision` and `reviewer` empty for the reviewer to fill in. A person
//! in no project gets one row with the project cells empty (their account access is evidence
//! too). Cells are written like every export: the data exactly, a cell a spreadsheet would run
//! as a formula guarded with a leading `'` (which [`plan()`] strips again).
//!
//! [`plan()`] (`sync plan --access-review FILE`) reads such a file back: a `decision` of `revoke`
//! (any case) plans the removal of that person from that project; `keep` or an empty cell plans
//! nothing; anything else is an error with its line. Each revoked row must still name the same
//! person (id and email) and an existing project; every problem is reported at once and no plan
//! is made then. A membership that is already gone plans nothing and is noted. The result is an
//! ordinary sealed sync plan of membership removes, reviewed and applied like any other.

use std::collections::BTreeSet;
use std::io::Write;

use super::plan::{self, Change, Plan, PlanContext, PlanOptions};
use super::source::{self, RowError};
use crate::cli::export::CsvForm;
use crate::model::account::{Account, PersonId, ProjectId};

/// The columns, in order.
pub const COLUMNS: [&str; 11] = [
    "person_id",
    "name",
    "email",
    "account_role",
    "project_id",
    "project",
    "project_role",
    "manager",
    "last_active",
    "decision",
    "reviewer",
];

/// The decision that plans a removal.
pub const REVOKE: &str = "revoke";
/// The decision that keeps the access (as an empty cell does).
pub const KEEP: &str = "keep";

/// One row per person × project (one row with empty project cells for a person in none);
/// how many rows below the header.
pub fn write_csv(account: &Account, form: CsvForm, out: &mut dyn Write) -> std::io::Result<usize> {
    let mut w = csv::Writer::from_writer(out);
    let mut written = 0;
    w.write_record(COLUMNS)?;
    for p in &account.people {
        let person = [
            p.id().to_string(),
            p.display_name(),
            p.email().to_string(),
            account.role_name(p).unwrap_or_default(),
        ];
        // last_active, then the empty decision and reviewer.
        let tail = [
            p.last_active().unwrap_or_default().to_string(),
            String::new(),
            String::new(),
        ];
        let managed = account.managed_by(p.id());
        let memberships = account.memberships_of(p.id());
        let mut rows: Vec<[String; 4]> = memberships
            .iter()
            .map(|m| {
                let title = account
                    .project(m.project)
                    .map_or_else(|| format!("project {}", m.project), |pr| pr.title.clone());
                let manager = if managed.contains(&m.project) {
                    "yes"
                } else {
                    "no"
                };
                [
                    m.project.to_string(),
                    title,
                    m.project_role.clone().unwrap_or_default(),
                    manager.to_string(),
                ]
            })
            .collect();
        if rows.is_empty() {
            rows.push(Default::default());
        }
        for project in rows {
            let cells = person.iter().chain(&project).chain(&tail);
            w.write_record(cells.map(|c| form.cell(c)))?;
            written += 1;
        }
    }
    w.flush()?;
    Ok(written)
}

/// The revocations of a filled-in review, as a sealed plan, and notes on revocations that
/// were already done; every bad row at once otherwise.
pub fn plan(
    account: &Account,
    text: &str,
    ctx: PlanContext,
) -> Result<(Plan, Vec<String>), Vec<RowError>> {
    let revokes = read(account, text)?;
    let mut notes = Vec::new();
    let mut seen: BTreeSet<(ProjectId, PersonId)> = BTreeSet::new();
    let mut changes = Vec::new();
    for r in revokes {
        if !seen.insert((r.project, r.person)) {
            continue;
        }
        let member = account
            .memberships_of(r.person)
            .iter()
            .any(|m| m.project == r.project);
        let email = account
            .person(r.person)
            .map(|p| p.email().to_string())
            .unwrap_or_default();
        let project_title = account
            .project(r.project)
            .map_or_else(|| format!("project {}", r.project), |pr| pr.title.clone());
        if !member {
            notes.push(format!(
                "line {}: {email} is no longer in {project_title}; nothing to revoke",
                r.line
            ));
            continue;
        }
        changes.push(Change::RemoveMember {
            project: r.project,
            project_title,
            email,
            person: r.person,
        });
    }
    Ok((
        plan::assemble(account, changes, PlanOptions::default(), ctx),
        notes,
    ))
}

/// A row marked `revoke`, checked against the account.
struct Revoke {
    line: u64,
    person: PersonId,
    project: ProjectId,
}

fn read(account: &Account, text: &str) -> Result<Vec<Revoke>, Vec<RowError>> {
    let (mut reader, col) = source::open(text)?;
    let needed = ["person_id", "email", "project_id", "decision"];
    let missing: Vec<&str> = needed
        .iter()
        .copied()
        .filter(|c| !col.contains_key(*c))
        .collect();
    if !missing.is_empty() {
        return Err(source::file_error(format!(
            "not an access review: the header row has no {} column (`export --access-review` writes {})",
            missing.join(", "),
            COLUMNS.join(",")
        )));
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(RowError {
                    line: e.position().map_or(0, csv::Position::line),
                    message: format!("not readable as CSV: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let cell = |name: &str| {
            col.get(name)
                .and_then(|&i| record.get(i))
                .map(|c| {
                    crate::model::sanitize::data::csv_value(c)
                        .trim()
                        .to_string()
                })
                .unwrap_or_default()
        };
        let decision = cell("decision").to_lowercase();
        if decision.is_empty() || decision == KEEP {
            continue;
        }
        if decision != REVOKE {
            errors.push(RowError {
                line,
                message: format!("decision {decision:?} is not {REVOKE}, {KEEP} or empty"),
            });
            continue;
        }
        match revoke(
            account,
            line,
            &cell("person_id"),
            &cell("email"),
            &cell("project_id"),
        ) {
            Ok(r) => out.push(r),
            Err(message) => errors.push(RowError { line, message }),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A `revoke` row's person and project, as the account has them.
fn revoke(
    account: &Account,
    line: u64,
    person: &str,
    email: &str,
    project: &str,
) -> Result<Revoke, String> {
    let id = person
        .parse::<u64>()
        .map_err(|_| format!("person_id {person:?} is not a person id"))?;
    let live = account
        .person(PersonId(id))
        .ok_or_else(|| format!("person {id} ({email}) is no longer in the account"))?;
    if !live.email().trim().eq_ignore_ascii_case(email) {
        return Err(format!(
            "person {id} is {} in the account, not {email}: the review was made for another account, or the row was edited",
            live.email().trim()
        ));
    }
    if project.is_empty() {
        return Err(format!(
            "{email} is in no project on this row: an access review revokes project memberships (remove the account itself in the console)"
        ));
    }
    let project_id = project
        .parse::<u64>()
        .map_err(|_| format!("project_id {project:?} is not a project id"))?;
    if account.project(ProjectId(project_id)).is_none() {
        return Err(format!(
            "project {project_id} is not a project of the account"
        ));
    }
    Ok(Revoke {
        line,
        person: PersonId(id),
        project: ProjectId(project_id),
    })
}
