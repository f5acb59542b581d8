//! Memberships: the fuzzy picker that adds (a project for a person, or a person for a project)
//! and the Enter/Esc confirmation that removes, Cancel focused.

use std::collections::HashSet;

use crate::model::account::{Group, GroupId, PersonId, ProjectId};

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
    /// Pick a person to add to this group (v3).
    Group(GroupId),
    /// Pick the new manager of `project`, which `leaving` manages (offboarding).
    Successor {
        project: ProjectId,
        leaving: PersonId,
    },
    /// Pick a project to add the marked people to (`add`) or remove them from (bulk actions;
    /// the people are the picker's `people`).
    Marked { add: bool },
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
    /// [`PickFor::Marked`]: the marked people the membership change is for.
    pub people: Vec<PersonId>,
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
            PickFor::Group(group) => {
                let g = account.groups.iter().find(|g| g.id == group)?;
                list.set_index(index.clone());
                let mut base: Vec<usize> = (0..account.people.len())
                    .filter(|i| !g.members.contains(&account.people[*i].id()))
                    .collect();
                base.sort_by_cached_key(|i| account.people[*i].display_name().to_lowercase());
                list.set_base(base);
                format!("Add a person to the group {}", g.name)
            }
            PickFor::Marked { .. } => return None,
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
            people: Vec::new(),
        })
    }

    /// The projects the marked `people` can be added to (`add`: one of them is not a member
    /// yet, the project not archived) or removed from (one of them is a member).
    pub fn for_marked(
        account: &Account,
        index: &Index,
        people: Vec<PersonId>,
        add: bool,
    ) -> Option<Picker> {
        if people.is_empty() {
            return None;
        }
        let mut list = ListModel::default();
        list.set_index(index.clone());
        let mut base: Vec<usize> = (0..account.projects.len())
            .filter(|i| {
                let pr = &account.projects[*i];
                let members = member_ids(account, pr.id);
                if add {
                    !pr.archived && people.iter().any(|p| !members.contains(p))
                } else {
                    people.iter().any(|p| members.contains(p))
                }
            })
            .collect();
        base.sort_by_cached_key(|i| account.projects[*i].title.to_lowercase());
        list.set_base(base);
        let n = people.len();
        let title = if add {
            format!("Add the {n} marked to a project")
        } else {
            format!("Remove the {n} marked from a project")
        };
        Some(Picker {
            target: PickFor::Marked { add },
            title,
            list,
            cursor: 0,
            people,
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
            PickFor::Group(group) => {
                let g = account.groups.iter().find(|g| g.id == group)?;
                let person = account.people.get(row)?.id();
                return Some(group_member_op(account, lookup, g, person, true));
            }
            PickFor::Marked { add } => {
                let project = account.projects.get(row)?.id;
                return marked_op(account, lookup, project, &self.people, add);
            }
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

/// The one membership change of a bulk add (`add`) or remove: those of `people` who are not
/// members yet (or are), `None` when that is no one.
pub fn marked_op(
    account: &Account,
    lookup: &Lookup,
    project: ProjectId,
    people: &[PersonId],
    add: bool,
) -> Option<WriteOp> {
    let members = member_ids(account, project);
    let people: Vec<PersonId> = people
        .iter()
        .copied()
        .filter(|p| members.contains(p) != add)
        .collect();
    let what = lookup
        .project(account, project)
        .map_or_else(|| format!("project {project}"), |p| p.title.clone());
    let who = match people.as_slice() {
        [] => return None,
        [one] => person_name(account, lookup, *one),
        many => format!("{} people", many.len()),
    };
    let word = if add { "to" } else { "from" };
    Some(WriteOp::Members {
        project,
        people,
        add,
        subject: format!("{who} {word} {what}"),
    })
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

/// A person's name for messages (their id when they are not loaded).
pub fn person_name(account: &Account, lookup: &Lookup, person: PersonId) -> String {
    lookup.person(account, person).map_or_else(
        || format!("person {person}"),
        crate::model::account::Person::display_name,
    )
}

/// The write that adds `person` to (or removes them from) `group` as the admin sees it.
pub fn group_member_op(
    account: &Account,
    lookup: &Lookup,
    group: &Group,
    person: PersonId,
    add: bool,
) -> WriteOp {
    let word = if add { "to" } else { "from" };
    WriteOp::GroupMember {
        group: group.id,
        person,
        add,
        seen: group.members.clone(),
        subject: format!(
            "{} {word} {}",
            person_name(account, lookup, person),
            group.name
        ),
    }
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
