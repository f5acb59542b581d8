//! Id → position in the account's lists, rebuilt when the account is replaced and extended as
//! records arrive, so nothing searches 100,000 people one by one.

use std::collections::HashMap;

use crate::model::account::{Account, Person, PersonId, Project, ProjectId};

/// Where each person and project sits in [`Account::people`] and [`Account::projects`].
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    people: HashMap<PersonId, usize>,
    projects: HashMap<ProjectId, usize>,
}

impl Lookup {
    pub fn build(account: &Account) -> Lookup {
        Lookup {
            people: account
                .people
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id(), i))
                .collect(),
            projects: account
                .projects
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id, i))
                .collect(),
        }
    }
    pub fn person_pos(&self, id: PersonId) -> Option<usize> {
        self.people.get(&id).copied()
    }
    pub fn project_pos(&self, id: ProjectId) -> Option<usize> {
        self.projects.get(&id).copied()
    }
    pub fn person<'a>(&self, account: &'a Account, id: PersonId) -> Option<&'a Person> {
        self.person_pos(id).and_then(|i| account.people.get(i))
    }
    pub fn project<'a>(&self, account: &'a Account, id: ProjectId) -> Option<&'a Project> {
        self.project_pos(id).and_then(|i| account.projects.get(i))
    }
    pub(crate) fn insert_person(&mut self, id: PersonId, pos: usize) {
        self.people.insert(id, pos);
    }
    pub(crate) fn insert_project(&mut self, id: ProjectId, pos: usize) {
        self.projects.insert(id, pos);
    }
}
