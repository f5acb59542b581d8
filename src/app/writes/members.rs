//! Memberships: the fuzzy picker that adds (a project for a person, or a person for a project)
//! and the Enter/Esc confirmation that removes, Cancel focused.

use crate::model::account::{PersonId, ProjectId};

use super::super::list::ListModel;
use crate::model::account::Account;
use crate::search::Index;

use super::super::lookup::Lookup;
use super::job::WriteOp;
use super::offboard::Button;

/// Which side the picker adds from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickFor {
    /// Pick a project to add this person to.
    Person(PersonId),
    /// Pick a person to add to this project.
    Project(ProjectId),
}

#[derive(Debug, Clone)]
pub struct Picker {
    pub target: PickFor,
    /// Who or what is being added to, for the title.
    pub title: String,
    /// The candidates (records not yet members), filtered by what is typed.
    pub list: ListModel,
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
                let members: Vec<PersonId> = account
                    .members_of(project)
                    .iter()
                    .map(|m| m.person)
                    .collect();
                list.set_index(index.clone());
                let mut base: Vec<usize> = (0..account.people.len())
                    .filter(|i| !members.contains(&account.people[*i].id))
                    .collect();
                base.sort_by_cached_key(|i| account.people[*i].display_name().to_lowercase());
                list.set_base(base);
                format!("Add a person to {}", pr.title)
            }
        };
        Some(Picker {
            target,
            title,
            list,
        })
    }

    /// The add for the selected row.
    pub fn pick(&self, account: &Account, lookup: &Lookup) -> Option<WriteOp> {
        let row = self.list.selected()?;
        let (project, person) = match self.target {
            PickFor::Person(person) => (account.projects.get(row)?.id, person),
            PickFor::Project(project) => (project, account.people.get(row)?.id),
        };
        Some(WriteOp::AddMember {
            project,
            person,
            subject: membership_subject(account, lookup, project, person, "to"),
        })
    }
}

/// "Jane Doe to Website redesign" / "Jane Doe from Website redesign".
pub fn membership_subject(
    account: &Account,
    lookup: &Lookup,
    project: ProjectId,
    person: PersonId,
    word: &str,
) -> String {
    let who = lookup
        .person(account, person)
        .map(|p| p.display_name())
        .unwrap_or_else(|| format!("person {person}"));
    let what = lookup
        .project(account, project)
        .map(|p| p.title.clone())
        .unwrap_or_else(|| format!("project {project}"));
    format!("{who} {word} {what}")
}

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
            who: lookup
                .person(account, person)
                .map(|p| p.display_name())
                .unwrap_or_else(|| format!("person {person}")),
            what: lookup
                .project(account, project)
                .map(|p| p.title.clone())
                .unwrap_or_else(|| format!("project {project}")),
            focus: Button::Cancel,
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
