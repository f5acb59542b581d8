//! Id → position in the account's lists, rebuilt when the account is replaced and extended as
//! records arrive, so nothing searches 100,000 people one by one. People are found through the
//! account's own id map ([`crate::model::records::Records::position`]), not a second copy of it.

use std::collections::HashMap;

use crate::model::account::{Account, Person, PersonId, Project, ProjectId};

/// Where each project sits in [`Account::projects`]; people through [`Account::people`]'s map.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    projects: HashMap<ProjectId, usize>,
}

impl Lookup {
    pub fn build(account: &Account) -> Lookup {
        Lookup {
            projects: account
                .projects
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id, i))
                .collect(),
        }
    }
    pub fn project_pos(&self, id: ProjectId) -> Option<usize> {
        self.projects.get(&id).copied()
    }
    pub fn person<'a>(&self, account: &'a Account, id: PersonId) -> Option<&'a Person> {
        account.people.by_id(id)
    }
    pub fn project<'a>(&self, account: &'a Account, id: ProjectId) -> Option<&'a Project> {
        self.project_pos(id).and_then(|i| account.projects.get(i))
    }
    pub(crate) fn insert_project(&mut self, id: ProjectId, pos: usize) {
        self.projects.insert(id, pos);
    }
}
