//! The Changes view (#13, "changes since last look"): what `model::compare` found between the
//! snapshot shown at start and the live load that replaced it, kept whole ([`record`]), one
//! readable row per change (who, what, before → after), newest first, filterable with `/` like
//! the tables, `Enter` opening the person or the project a row concerns ([`target`]). It also
//! knows which rows of the People and Projects tables to mark ([`Compared::person_mark`],
//! [`Compared::project_marked`]).
//!
//! "Newest first": ProofHub gives no time for an event, so a row is ordered by the time its
//! record was last updated as the live load read it (a person's `updated_at`, `created_at` for one
//! who joined; for a membership the project's `modified_at`, else the person's `updated_at`),
//! newest first; rows without such a time (people who left) follow in the comparison's order.
//!
//! A person who joined brings a "joined" row and one "added to project …" row per project they
//! are already in (the access they came with is worth seeing); a person who left brings only
//! "left" (their memberships went with them, see `model::compare`).
//!
//! The comparison is kept until the next completed load: one that replaces a shown snapshot
//! makes a new one; one with no snapshot to compare (a reload) clears it and its marks.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::model::account::{Account, Person, PersonId, ProjectId};
use crate::model::compare::Change;
use crate::search::Index;

use super::keymap::{self, Binding, Chord, Command, Context};
use super::list::{Cursor, ListModel};
use super::lookup::Lookup;
use super::table::{Arrival, TableView};

/// What `Enter` on a row opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opens {
    Person(PersonId),
    Project(ProjectId),
    /// The person left: there is no live record to open.
    Gone,
}

/// One change as the view lists it. The texts hold server text as is: `ui` sanitizes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    pub change: Change,
    /// The person's name (their email when they have none).
    pub who: String,
    /// What changed: "joined (email)", "role: Member → Admin", "added to project Apollo"…
    pub what: String,
    /// The ordering time (see the module docs); `None`: not known.
    pub when: Option<DateTime<Utc>>,
    pub opens: Opens,
}

/// How a person's row in the People table is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonMark {
    Joined,
    /// A field or a membership of theirs changed.
    Changed,
}

/// One comparison: the snapshot's time and what changed since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    /// When the snapshot compared with was taken.
    pub taken_at: DateTime<Utc>,
    /// Newest first.
    pub rows: Vec<ChangeRow>,
    people: HashMap<PersonId, PersonMark>,
    projects: HashSet<ProjectId>,
}

impl Compared {
    /// The mark of a person's row, if anything changed about them.
    pub fn person_mark(&self, id: PersonId) -> Option<PersonMark> {
        self.people.get(&id).copied()
    }

    /// Whether a project's members changed.
    pub fn project_marked(&self, id: ProjectId) -> bool {
        self.projects.contains(&id)
    }

    /// Whether any table row is marked.
    pub fn marks_any(&self) -> bool {
        !self.people.is_empty() || !self.projects.is_empty()
    }
}

/// The Changes view's state: the last comparison, and its list (filter, selection).
#[derive(Debug, Clone, Default)]
pub struct ChangesState {
    /// `None`: no snapshot was compared with a live load since the console started (or since
    /// the last completed load, which had none).
    pub compared: Option<Compared>,
    pub list: ListModel,
    detail: Cursor,
}

impl ChangesState {
    /// The row under the cursor.
    pub fn selected(&self) -> Option<&ChangeRow> {
        let rows = &self.compared.as_ref()?.rows;
        self.list.selected().and_then(|i| rows.get(i))
    }

    /// The rows, newest first (empty when nothing was compared).
    pub fn rows(&self) -> &[ChangeRow] {
        self.compared.as_ref().map_or(&[], |c| c.rows.as_slice())
    }
}

/// Keeps a comparison: `changes` went from `before` (the snapshot taken at `taken_at`) to
/// `after` (the live load).
pub fn record(
    state: &mut ChangesState,
    taken_at: DateTime<Utc>,
    (before, after): (&Account, &Account),
    changes: Vec<Change>,
) {
    let mut people = HashMap::new();
    let mut projects = HashSet::new();
    let mut rows: Vec<ChangeRow> = changes
        .into_iter()
        .map(|c| {
            mark(&c, &mut people, &mut projects);
            row(c, before, after)
        })
        .collect();
    // Stable: equal times (and unknown ones, last) keep the comparison's order.
    rows.sort_by_key(|r| std::cmp::Reverse(r.when));
    let lines: Vec<String> = rows
        .iter()
        .map(|r| format!("{} {}", r.who, r.what))
        .collect();
    let mut list = ListModel::default();
    list.set_index(Index::lines(lines.iter().map(String::as_str)));
    list.set_base((0..rows.len()).collect());
    *state = ChangesState {
        compared: Some(Compared {
            taken_at,
            rows,
            people,
            projects,
        }),
        list,
        detail: Cursor::default(),
    };
}

/// Forgets the comparison and its marks (a completed load had no snapshot to compare).
pub fn clear(state: &mut ChangesState) {
    *state = ChangesState::default();
}

fn mark(
    change: &Change,
    people: &mut HashMap<PersonId, PersonMark>,
    projects: &mut HashSet<ProjectId>,
) {
    match change {
        Change::Joined { person, .. } => {
            people.insert(*person, PersonMark::Joined);
        }
        Change::Left { .. } => {}
        Change::RoleChanged { person, .. }
        | Change::EmailChanged { person, .. }
        | Change::NameChanged { person, .. }
        | Change::TitleChanged { person, .. }
        | Change::Suspended { person }
        | Change::Reactivated { person } => {
            people.entry(*person).or_insert(PersonMark::Changed);
        }
        Change::MembershipAdded { person, project }
        | Change::MembershipRemoved { person, project } => {
            people.entry(*person).or_insert(PersonMark::Changed);
            projects.insert(*project);
        }
    }
}

fn time(text: Option<&str>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text?.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn arrow(from: Option<&str>, to: Option<&str>) -> String {
    format!("{} → {}", from.unwrap_or("(none)"), to.unwrap_or("(none)"))
}

/// The view's row of one change (see the module docs for its time).
pub fn row(change: Change, before: &Account, after: &Account) -> ChangeRow {
    let person = |id: PersonId| after.person(id).or_else(|| before.person(id));
    let who = |id: PersonId| {
        person(id).map_or_else(
            || format!("person {id}"),
            |p| {
                let name = p.display_name();
                if name.trim().is_empty() {
                    p.email().to_string()
                } else {
                    name
                }
            },
        )
    };
    let updated = |id: PersonId| time(after.person(id).and_then(Person::updated_at));
    let project_title = |id: ProjectId| {
        after
            .project(id)
            .or_else(|| before.project(id))
            .map_or_else(|| format!("project {id}"), |p| p.title.clone())
    };
    let membership_time = |person: PersonId, project: ProjectId| {
        time(
            after
                .project(project)
                .and_then(|p| p.modified_at.as_deref()),
        )
        .or_else(|| updated(person))
    };
    let (id, what, when, opens) = match &change {
        Change::Joined { person, email } => {
            let joined = after.person(*person);
            let when = time(joined.and_then(Person::created_at))
                .or_else(|| time(joined.and_then(Person::updated_at)));
            (
                *person,
                format!("joined ({email})"),
                when,
                Opens::Person(*person),
            )
        }
        Change::Left { person, email } => (*person, format!("left ({email})"), None, Opens::Gone),
        Change::RoleChanged { person, from, to } => (
            *person,
            format!("role: {}", arrow(from.as_deref(), to.as_deref())),
            updated(*person),
            Opens::Person(*person),
        ),
        Change::EmailChanged { person, from, to } => (
            *person,
            format!("email: {from} → {to}"),
            updated(*person),
            Opens::Person(*person),
        ),
        Change::NameChanged { person, from, to } => (
            *person,
            format!("name: {from} → {to}"),
            updated(*person),
            Opens::Person(*person),
        ),
        Change::TitleChanged { person, from, to } => (
            *person,
            format!("title: {}", arrow(from.as_deref(), to.as_deref())),
            updated(*person),
            Opens::Person(*person),
        ),
        Change::Suspended { person } => (
            *person,
            "suspended".to_string(),
            updated(*person),
            Opens::Person(*person),
        ),
        Change::Reactivated { person } => (
            *person,
            "reactivated".to_string(),
            updated(*person),
            Opens::Person(*person),
        ),
        Change::MembershipAdded { person, project } => (
            *person,
            format!("added to project {}", project_title(*project)),
            membership_time(*person, *project),
            Opens::Project(*project),
        ),
        Change::MembershipRemoved { person, project } => (
            *person,
            format!("removed from project {}", project_title(*project)),
            membership_time(*person, *project),
            Opens::Project(*project),
        ),
    };
    ChangeRow {
        who: who(id),
        what,
        when,
        opens,
        change,
    }
}

/// What `Enter` on the selected row opens (`None`: no row), or why nothing can be (the person
/// left, or the record is not in the live account).
pub fn target(
    state: &ChangesState,
    account: &Account,
    lookup: &Lookup,
) -> Result<Option<Opens>, String> {
    let Some(row) = state.selected() else {
        return Ok(None);
    };
    match row.opens {
        Opens::Person(id) if lookup.person(account, id).is_none() => {
            Err(format!("{} is not in the live account any more", row.who))
        }
        Opens::Project(id) if lookup.project_pos(id).is_none() => {
            Err("that project is not in the live account any more".to_string())
        }
        Opens::Gone => Err(format!(
            "{} left the account: there is no record to open",
            row.who
        )),
        opens => Ok(Some(opens)),
    }
}

/// The Changes view's keys (the lists' moves and `Esc` apply here too).
pub fn bindings() -> Vec<Binding> {
    const FIVE: &[Chord] = &[Chord::ch('5')];
    const SLASH: &[Chord] = &[Chord::ch('/')];
    vec![
        keymap::read(
            FIVE,
            Context::Global,
            Command::ShowChanges,
            "Changes view: what changed since the snapshot shown at start",
            None,
        ),
        keymap::read(
            SLASH,
            Context::ChangesList,
            Command::StartFilter,
            "fuzzy filter: who, what",
            Some("filter"),
        ),
        keymap::read(
            keymap::keys::ENTER,
            Context::ChangesList,
            Command::Open,
            "open the person or the project the change concerns",
            Some("open"),
        ),
    ]
}

/// The Changes list as a table: no sort columns (newest first) and no quick filters.
impl TableView for ChangesState {
    fn list(&self) -> &ListModel {
        &self.list
    }
    fn list_mut(&mut self) -> &mut ListModel {
        &mut self.list
    }
    fn detail(&self) -> Cursor {
        self.detail
    }
    fn clamp_detail(&mut self, _len: usize) {}
    fn set_query(&mut self, raw: &str) {
        self.list.set_query(raw);
    }
    fn move_by(&mut self, delta: isize, page: usize) {
        self.list.move_by(delta, page);
    }
    fn move_detail(&mut self, _delta: isize, _len: usize, _page: usize) {}
    fn next_sort(&mut self) {}
    fn reverse_sort(&mut self) {}
    fn next_quick(&mut self) {}
    fn clear_quick(&mut self) {}
    fn sort_label(&self) -> &'static str {
        "updated"
    }
    fn descending(&self) -> bool {
        true
    }
    fn quick_label(&self) -> Option<&'static str> {
        None
    }
    fn caveat(&self, _account: &Account, _loading: bool) -> Option<String> {
        None
    }
    fn reads(&self, _arrival: Arrival) -> bool {
        false
    }
    fn detail_len(&self, _account: &Account) -> usize {
        0
    }
    fn refresh(&mut self, _account: &Account, _lookup: &Lookup) {}
}
