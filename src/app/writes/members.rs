//! Memberships: the fuzzy picker that adds (a project for a person, or a person for a project)
//! and the Enter/Esc confirmation that removes, Cancel focused.

use std::collections::HashSet;

use crate::model::account::{PersonId, ProjectId};

use super::super::keymap::{self, Binding, Command, Context, keys, read, write};
use super::super::list::ListModel;
use super::super::text_line::TextLine;
use crate::model::account::Account;
use crate::search::Index;

use super::super::lookup::Lookup;
use super::fit::Dialog;
use super::job::WriteOp;
use super::offboard::Button;
use crate::model::sanitize::display;

/// Which side the picker adds from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickFor {
    /// Pick a project to add this person to.
    Person(PersonId),
    /// Pick a person to add to this project.
    Project(ProjectId),
    /// Pick the new manager of `project`, which `leaving` manages (offboarding).
    Successor {
        project: ProjectId,
        leaving: PersonId,
    },
}

#[derive(Debug, Clone)]
pub struct Picker {
    pub target: PickFor,
    /// Who or what is being added to, for the title.
    pub title: String,
    /// The candidates (records not yet members), filtered by what is typed.
    pub list: ListModel,
    /// The query's cursor (a character index into the list's query).
    pub cursor: usize,
}

impl Picker {
    /// `index` is the search index of the candidates: the projects' for a person, the
    /// people's for a project.
    pub fn open(
        account: &Account,
        lookup: &Lookup,
        index: &Index,
        target: PickFor,
    ) -> Option<Picker> {
        let mut list = ListModel::default();
        let title = match target {
            PickFor::Person(person) => {
                let p = lookup.person(account, person)?;
                let member: Vec<ProjectId> = account
                    .memberships_of(person)
                    .iter()
                    .map(|m| m.project)
                    .collect();
                list.set_index(index.clone());
                let mut base: Vec<usize> = (0..account.projects.len())
                    .filter(|i| {
                        let pr = &account.projects[*i];
                        !pr.archived && !member.contains(&pr.id)
                    })
                    .collect();
                base.sort_by_cached_key(|i| account.projects[*i].title.to_lowercase());
                list.set_base(base);
                format!("Add {} to a project", p.display_name())
            }
            PickFor::Project(project) => {
                let pr = lookup.project(account, project)?;
                let members = member_ids(account, project);
                list.set_index(index.clone());
                let mut base: Vec<usize> = (0..account.people.len())
                    .filter(|i| !members.contains(&account.people[*i].id()))
                    .collect();
                base.sort_by_cached_key(|i| account.people[*i].display_name().to_lowercase());
                list.set_base(base);
                format!("Add a person to {}", pr.title)
            }
            PickFor::Successor { project, leaving } => {
                let pr = lookup.project(account, project)?;
                let members = member_ids(account, project);
                list.set_index(index.clone());
                let mut base: Vec<usize> = (0..account.people.len())
                    .filter(|i| {
                        let p = &account.people[*i];
                        p.id() != leaving && !p.suspended()
                    })
                    .collect();
                // The project's members first, then everyone else, each by name.
                base.sort_by_cached_key(|i| {
                    let p = &account.people[*i];
                    (!members.contains(&p.id()), p.display_name().to_lowercase())
                });
                list.set_base(base);
                format!("New manager of {} (members first)", pr.title)
            }
        };
        Some(Picker {
            target,
            title,
            list,
            cursor: 0,
        })
    }

    /// Edits the query at the cursor; the candidates follow.
    pub fn edit_query(&mut self, f: impl FnOnce(&mut TextLine)) {
        let mut line = TextLine::at(self.list.query().as_str(), self.cursor);
        f(&mut line);
        self.cursor = line.cursor();
        self.list.set_query(line.as_str());
    }

    /// The add for the selected row.
    pub fn pick(&self, account: &Account, lookup: &Lookup) -> Option<WriteOp> {
        let row = self.list.selected()?;
        let (project, person) = match self.target {
            PickFor::Person(person) => (account.projects.get(row)?.id, person),
            PickFor::Project(project) => (project, account.people.get(row)?.id()),
            PickFor::Successor { project, leaving } => {
                let to = account.people.get(row)?.id();
                return Some(WriteOp::HandOver {
                    project,
                    from: leaving,
                    to,
                    subject: membership_subject(account, lookup, project, to, "as manager of"),
                });
            }
        };
        Some(WriteOp::AddMember {
            project,
            person,
            subject: membership_subject(account, lookup, project, person, "to"),
        })
    }
}

/// Who is a member of the project.
fn member_ids(account: &Account, project: ProjectId) -> HashSet<PersonId> {
    account
        .members_of(project)
        .iter()
        .map(|m| m.person)
        .collect()
}

/// "Jane Doe to Website redesign" / "Jane Doe from Website redesign".
pub fn membership_subject(
    account: &Account,
    lookup: &Lookup,
    project: ProjectId,
    person: PersonId,
    word: &str,
) -> String {
    let who = lookup.person(account, person).map_or_else(
        || format!("person {person}"),
        crate::model::account::Person::display_name,
    );
    let what = lookup
        .project(account, project)
        .map_or_else(|| format!("project {project}"), |p| p.title.clone());
    format!("{who} {word} {what}")
}

/// How wide the remove confirmation gets.
pub const REMOVE_WIDTH: u16 = 60;

/// "Remove X from Y?" with Cancel focused.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmRemove {
    pub project: ProjectId,
    pub person: PersonId,
    pub who: String,
    pub what: String,
    pub focus: Button,
}

impl ConfirmRemove {
    pub fn new(
        account: &Account,
        lookup: &Lookup,
        project: ProjectId,
        person: PersonId,
    ) -> ConfirmRemove {
        ConfirmRemove {
            project,
            person,
            who: lookup.person(account, person).map_or_else(
                || format!("person {person}"),
                crate::model::account::Person::display_name,
            ),
            what: lookup
                .project(account, project)
                .map_or_else(|| format!("project {project}"), |p| p.title.clone()),
            focus: Button::Cancel,
        }
    }

    /// The confirmation as plain text, every line as the ui draws it.
    pub fn dialog(&self) -> Dialog {
        Dialog {
            lines: vec![
                format!(
                    "Remove {} from {}?",
                    display(&self.who),
                    display(&self.what)
                ),
                "They lose access to the project; adding them again (a) undoes it.".into(),
                String::new(),
                "  [ Cancel ]   [ Remove ]".into(),
            ],
            max_width: REMOVE_WIDTH,
        }
    }

    pub fn op(&self) -> WriteOp {
        WriteOp::RemoveMember {
            project: self.project,
            person: self.person,
            subject: format!("{} from {}", self.who, self.what),
        }
    }
}

/// The keys of the picker and of the remove confirmation.
pub fn bindings() -> Vec<Binding> {
    let x = Context::Picker;
    let mut b = vec![
        read(keys::UP, x, Command::Up, "move up", Some("choose")),
        read(keys::DOWN, x, Command::Down, "move down", Some("choose")),
        read(keys::PGUP, x, Command::PageUp, "page up", None),
        read(keys::PGDN, x, Command::PageDown, "page down", None),
        write(
            keys::ENTER,
            x,
            Command::Confirm,
            "add the membership",
            Some("add"),
            false,
        ),
        read(keys::ESC, x, Command::Cancel, "cancel", Some("cancel")),
        read(
            keys::BKSP,
            x,
            Command::DeleteChar,
            "delete a character",
            None,
        ),
        keymap::help_typing(x),
    ];
    b.extend(keymap::buttons(
        Context::ConfirmRemove,
        "press the focused button (Remove takes the membership away)",
        "cancel: nothing is removed",
        "cancel",
        true,
    ));
    b
}
