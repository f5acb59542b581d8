//! What a recreate from a tombstone restored, and what it could not, field by field: the answer
//! `api::recreate` gives and the console shows. Plain data.

use crate::model::account::{Group, Membership, Person, Project, ProjectId};

/// One thing of the tombstone that is not back, and why: "group Ops" / "no longer exists".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missed {
    pub what: String,
    pub why: String,
}

impl Missed {
    pub fn new(what: impl Into<String>, why: impl Into<String>) -> Missed {
        Missed {
            what: what.into(),
            why: why.into(),
        }
    }
}

/// A recreated person as the server holds them after every step.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    pub person: Person,
    /// Member lists of the projects the person was added back to.
    pub members: Vec<(ProjectId, Vec<Membership>)>,
    /// Projects whose manager the person is again, as the server now holds them.
    pub managed: Vec<Project>,
    /// v3: every group as the server holds it afterwards (empty when none was changed).
    pub groups: Vec<Group>,
    /// What was restored, in order: "name", "role Admin", "title", "group Design", ...
    pub restored: Vec<String>,
    pub missed: Vec<Missed>,
    /// How many people ProofHub sends an invitation email (0 or 1).
    pub emailed: usize,
}

/// What a revoke or a restore of access changed, part by part, as the server holds it after.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessChange {
    /// Member lists of the projects changed.
    pub members: Vec<(ProjectId, Vec<Membership>)>,
    /// v3: the groups changed, as the server holds them afterwards.
    pub groups: Vec<Group>,
    /// What was done: "Website", "group Design", ...
    pub done: Vec<String>,
    /// What was not, and why.
    pub missed: Vec<Missed>,
}

impl AccessChange {
    /// "revoked the access of Jane Doe: removed from Website, group Design; NOT removed: ..."
    pub fn summary(&self, what: &str, verb: &str, whom: &str) -> String {
        let mut s = format!(
            "{what} {whom}: {verb} {}",
            if self.done.is_empty() {
                "nothing".to_string()
            } else {
                self.done.join(", ")
            }
        );
        if !self.missed.is_empty() {
            let parts: Vec<String> = self
                .missed
                .iter()
                .map(|m| format!("{} ({})", m.what, m.why))
                .collect();
            s.push_str(&format!("; NOT {verb}: {}", parts.join("; ")));
        }
        s
    }
}

/// "1 person gets an invitation email" / "3 people get..." / "nobody gets...": one sentence
/// for every place that sends invites.
pub fn invitation_emails(n: usize) -> String {
    match n {
        0 => "no one gets an invitation email".to_string(),
        1 => "1 person gets an invitation email from ProofHub at once".to_string(),
        n => format!("{n} people get an invitation email from ProofHub at once"),
    }
}

/// The same count after the fact: "ProofHub emailed 1 invitation".
pub fn invitations_sent(n: usize) -> String {
    match n {
        0 => "no invitation email was sent".to_string(),
        1 => "ProofHub emailed 1 invitation".to_string(),
        n => format!("ProofHub emailed {n} invitations"),
    }
}

impl Restored {
    /// The one-line summary for the status line and the journal.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "recreated {} ({}): restored {}",
            self.person.display_name(),
            invitations_sent(self.emailed),
            if self.restored.is_empty() {
                "nothing else".to_string()
            } else {
                self.restored.join(", ")
            }
        );
        if !self.missed.is_empty() {
            s.push_str("; NOT restored: ");
            let parts: Vec<String> = self
                .missed
                .iter()
                .map(|m| format!("{} ({})", m.what, m.why))
                .collect();
            s.push_str(&parts.join("; "));
        }
        s
    }
}
