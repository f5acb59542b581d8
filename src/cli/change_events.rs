//! The changes of [`crate::model::compare`] as `changes` and `watch` print them: each
//! [`Change`] with what a reader needs beside its ids (the person's email and name, the
//! project's title), as a JSON line, a CSV row or a line of text.
//!
//! The JSON line is the change's own serde form (`event`, `person`, `from`/`to`, `project`:
//! the console's engine, untouched) with `email`, `name` and, for memberships, `project_title`
//! added, then `since` and `at` (the times of the two states compared) and, in `watch`, `round`.
//! README's "Change events" table is the schema. JSON lines are in the data form (dangerous
//! characters escaped); text shows server text in the terminal form
//! ([`crate::model::sanitize::display`]); CSV cells are guarded against formulas like
//! `export`'s ([`crate::cli::export::CsvForm`]).

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value};

use crate::cli::export::CsvForm;
use crate::model::account::{Account, Person, PersonId, ProjectId};
use crate::model::compare::{Change, compare};
use crate::model::sanitize;

/// One change with its context.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub change: Change,
    /// The person's email (after the change; before it for someone who left).
    pub email: String,
    /// The person's display name, the same way.
    pub name: String,
    /// The project's title, for membership events.
    pub project_title: Option<String>,
}

/// When the two compared states were taken, and which `watch` round this is.
#[derive(Debug, Clone, Copy)]
pub struct Stamp {
    pub since: Option<DateTime<Utc>>,
    pub at: DateTime<Utc>,
    pub round: Option<u64>,
}

/// Every change from `before` to `after`, each with its context.
pub fn events(before: &Account, after: &Account) -> Vec<Event> {
    compare(before, after)
        .into_iter()
        .map(|change| {
            let (person, project) = subject(&change);
            let p = after.person(person).or_else(|| before.person(person));
            let project_title = project.map(|id| {
                after
                    .project(id)
                    .or_else(|| before.project(id))
                    .map_or_else(|| format!("project {id}"), |pr| pr.title.clone())
            });
            Event {
                email: p.map(|p| p.email().to_string()).unwrap_or_default(),
                name: p.map(Person::display_name).unwrap_or_default(),
                project_title,
                change,
            }
        })
        .collect()
}

/// The person and (for memberships) project a change is about.
fn subject(change: &Change) -> (PersonId, Option<ProjectId>) {
    match change {
        Change::Joined { person, .. }
        | Change::Left { person, .. }
        | Change::RoleChanged { person, .. }
        | Change::EmailChanged { person, .. }
        | Change::NameChanged { person, .. }
        | Change::TitleChanged { person, .. }
        | Change::Suspended { person }
        | Change::Reactivated { person } => (*person, None),
        Change::MembershipAdded { person, project }
        | Change::MembershipRemoved { person, project } => (*person, Some(*project)),
    }
}

/// RFC 3339 in UTC, whole seconds.
pub fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Event {
    /// The event name (`joined`, `role_changed`, ...).
    pub fn name_of(&self) -> String {
        match serde_json::to_value(&self.change) {
            Ok(Value::Object(m)) => m
                .get("event")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            _ => String::new(),
        }
    }

    /// The JSON object of the schema.
    pub fn json(&self, stamp: &Stamp) -> Value {
        let mut m = match serde_json::to_value(&self.change) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        m.entry("email")
            .or_insert_with(|| Value::String(self.email.clone()));
        m.insert("name".into(), Value::String(self.name.clone()));
        if let Some(t) = &self.project_title {
            m.insert("project_title".into(), Value::String(t.clone()));
        }
        m.insert(
            "since".into(),
            stamp.since.map_or(Value::Null, |t| Value::String(time(t))),
        );
        m.insert("at".into(), Value::String(time(stamp.at)));
        if let Some(r) = stamp.round {
            m.insert("round".into(), Value::from(r));
        }
        Value::Object(m)
    }

    /// One JSON line (no newline), in the data form.
    pub fn json_line(&self, stamp: &Stamp) -> String {
        sanitize::data::json_line(&self.json(stamp)).unwrap_or_else(|_| "{}".into())
    }

    /// The before and after values, where the change has them.
    fn values(&self) -> (Option<String>, Option<String>) {
        match &self.change {
            Change::RoleChanged { from, to, .. } | Change::TitleChanged { from, to, .. } => {
                (from.clone(), to.clone())
            }
            Change::EmailChanged { from, to, .. } | Change::NameChanged { from, to, .. } => {
                (Some(from.clone()), Some(to.clone()))
            }
            _ => (None, None),
        }
    }

    /// One line of text, server text shown safely.
    pub fn text(&self) -> String {
        let show = |s: &str| sanitize::display(s).into_owned();
        let who = format!(
            "{} <{}> (id {})",
            show(&self.name),
            show(&self.email),
            subject(&self.change).0
        );
        let quoted = |v: &Option<String>| {
            v.as_deref()
                .map_or("(none)".into(), |s| format!("\"{}\"", show(s)))
        };
        let (from, to) = self.values();
        let project = || {
            let (_, id) = subject(&self.change);
            format!(
                "{} (project {})",
                show(self.project_title.as_deref().unwrap_or_default()),
                id.map(|p| p.to_string()).unwrap_or_default()
            )
        };
        match &self.change {
            Change::Joined { .. } => format!("joined: {who}"),
            Change::Left { .. } => format!("left: {who}"),
            Change::RoleChanged { .. } => {
                format!("role changed: {who}: {} -> {}", quoted(&from), quoted(&to))
            }
            Change::EmailChanged { .. } => {
                format!("email changed: {who}: {} -> {}", quoted(&from), quoted(&to))
            }
            Change::NameChanged { .. } => {
                format!("name changed: {who}: {} -> {}", quoted(&from), quoted(&to))
            }
            Change::TitleChanged { .. } => {
                format!("title changed: {who}: {} -> {}", quoted(&from), quoted(&to))
            }
            Change::Suspended { .. } => format!("suspended: {who}"),
            Change::Reactivated { .. } => format!("reactivated: {who}"),
            Change::MembershipAdded { .. } => format!("added to {}: {who}", project()),
            Change::MembershipRemoved { .. } => format!("removed from {}: {who}", project()),
        }
    }
}

/// The CSV header of [`csv_row`].
pub const CSV_HEADER: [&str; 8] = [
    "event",
    "person",
    "email",
    "name",
    "project",
    "project_title",
    "from",
    "to",
];

/// One CSV row, each cell in `form`.
pub fn csv_row(e: &Event, form: CsvForm) -> Vec<String> {
    let (person, project) = subject(&e.change);
    let (from, to) = e.values();
    [
        e.name_of(),
        person.to_string(),
        e.email.clone(),
        e.name.clone(),
        project.map(|p| p.to_string()).unwrap_or_default(),
        e.project_title.clone().unwrap_or_default(),
        from.unwrap_or_default(),
        to.unwrap_or_default(),
    ]
    .iter()
    .map(|c| form.cell(c))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::{PersonFields, Project};

    fn account(name: &str, in_project: bool) -> Account {
        let mut a = Account::default();
        let mut f = PersonFields::new(PersonId(1), "eve@x.io");
        f.name = Some(name.into());
        a.upsert_person(Person::from(f));
        a.upsert_project(Project {
            id: ProjectId(10),
            title: "=Web \u{1b}[31m".into(),
            description: None,
            archived: false,
            manager: None,
            created_at: None,
            modified_at: None,
        });
        let members: Vec<(PersonId, Option<String>)> = if in_project {
            vec![(PersonId(1), None)]
        } else {
            vec![]
        };
        a.set_members(ProjectId(10), members);
        a
    }

    #[test]
    fn events_carry_email_name_and_project_title_and_show_server_text_safely() {
        let before = account("Eve", false);
        let after = account("Eve \u{1b}]52;c;x\u{7}", true);
        let all = events(&before, &after);
        assert_eq!(all.len(), 2, "{all:?}");
        let stamp = Stamp {
            since: None,
            at: DateTime::<Utc>::UNIX_EPOCH,
            round: Some(3),
        };
        let v = all[1].json(&stamp);
        assert_eq!(v["event"], "membership_added");
        assert_eq!(v["email"], "eve@x.io");
        assert_eq!(v["project"], 10);
        assert_eq!(v["project_title"], "=Web \u{1b}[31m");
        assert_eq!(v["since"], Value::Null);
        assert_eq!(v["at"], "1970-01-01T00:00:00Z");
        assert_eq!(v["round"], 3);
        let line = all[1].json_line(&stamp);
        assert!(!line.contains('\u{1b}'), "{line}");
        for e in &all {
            assert!(!e.text().contains('\u{1b}'), "{}", e.text());
            assert!(!e.text().contains('\u{7}'), "{}", e.text());
        }
        let row = csv_row(&all[1], CsvForm::Data);
        assert_eq!(row[5], "'=Web \u{1b}[31m", "formula guarded, data kept");
        assert!(!csv_row(&all[1], CsvForm::Terminal)[5].contains('\u{1b}'));
        // The engine's own keys stay first and as they were.
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys[..3], ["event", "person", "project"]);
    }
}
