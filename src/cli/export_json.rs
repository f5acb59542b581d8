//! The JSON document of `export`, serialized straight from the account: each person, project
//! and membership is a small borrowed view made as the serializer reaches it, so no tree of the
//! whole document is ever built. The keys and their order are the document's (`export` module
//! docs): people (each with their projects), projects (each with their members), roles, groups.

use std::borrow::Cow;

use serde::ser::{Serialize, SerializeSeq, Serializer};

use crate::model::account::{Account, GroupsLookup, Person, PersonId, Project, ProjectId};
use crate::model::stamp::StampText;

/// The whole document.
#[derive(serde::Serialize)]
pub(super) struct Document<'a> {
    profile: Option<&'static str>,
    people: People<'a>,
    projects: Projects<'a>,
    roles: &'a [crate::model::account::Role],
    groups: &'a [crate::model::account::Group],
}

impl<'a> Document<'a> {
    pub(super) fn of(account: &'a Account) -> Document<'a> {
        Document {
            profile: account.profile.map(crate::model::profile::Profile::as_str),
            people: People(account),
            projects: Projects(account),
            roles: &account.roles,
            groups: &account.groups,
        }
    }
}

struct People<'a>(&'a Account);

impl Serialize for People<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let account = self.0;
        // One lookup of the person → groups map for all people (it holds the map's lock).
        let groups = account.groups_lookup();
        let mut seq = s.serialize_seq(Some(account.people.len()))?;
        for p in &account.people {
            seq.serialize_element(&PersonOut::of(account, &groups, p))?;
        }
        seq.end()
    }
}

/// One person as the document writes it: every text borrowed from the account where it is
/// held as it is written (a timestamp's digits in place), the groups and projects written as
/// they are read.
#[derive(serde::Serialize)]
struct PersonOut<'a> {
    id: PersonId,
    name: Cow<'a, str>,
    first_name: Option<&'a str>,
    last_name: Option<&'a str>,
    title: Option<&'a str>,
    email: &'a str,
    role: Option<Cow<'a, str>>,
    status: &'a str,
    suspended: bool,
    last_active: Option<StampText<'a>>,
    created_at: Option<StampText<'a>>,
    updated_at: Option<StampText<'a>>,
    groups: GroupIds<'a>,
    projects: PersonProjects<'a>,
}

#[derive(serde::Serialize)]
pub(super) struct PersonProject<'a> {
    id: ProjectId,
    title: Option<&'a str>,
    role: Option<&'a str>,
}

impl<'a> PersonOut<'a> {
    fn of(account: &'a Account, groups: &'a GroupsLookup<'a>, p: &'a Person) -> PersonOut<'a> {
        let [last_active, created_at, updated_at] = p.stamp_texts();
        PersonOut {
            id: p.id(),
            name: p.display_name_ref(),
            first_name: p.first_name(),
            last_name: p.last_name(),
            title: p.title(),
            email: p.email(),
            role: account.role_name_ref(p),
            status: super::export::status(p),
            suspended: p.suspended(),
            last_active,
            created_at,
            updated_at,
            groups: GroupIds {
                groups,
                person: p.id(),
            },
            projects: PersonProjects {
                account,
                person: p.id(),
            },
        }
    }
}

/// The ids of a person's groups, as [`Account::groups_of`] lists them.
struct GroupIds<'a> {
    groups: &'a GroupsLookup<'a>,
    person: PersonId,
}

impl Serialize for GroupIds<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.groups.ids_of(self.person))
    }
}

/// A person's projects, as [`person_projects`] lists them.
struct PersonProjects<'a> {
    account: &'a Account,
    person: PersonId,
}

impl Serialize for PersonProjects<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(projects_of(self.account, self.person))
    }
}

fn projects_of(account: &Account, person: PersonId) -> impl Iterator<Item = PersonProject<'_>> {
    account
        .projects_of(person)
        .map(|(project, role)| PersonProject {
            id: project,
            title: account.project(project).map(|pr| pr.title.as_str()),
            role: role.map(String::as_str),
        })
}

/// A person's projects as the document lists them (also `export --fields projects`).
pub(super) fn person_projects<'a>(account: &'a Account, p: &Person) -> Vec<PersonProject<'a>> {
    projects_of(account, p.id()).collect()
}

struct Projects<'a>(&'a Account);

impl Serialize for Projects<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let account = self.0;
        let mut seq = s.serialize_seq(Some(account.projects.len()))?;
        for pr in &account.projects {
            seq.serialize_element(&ProjectOut::of(account, pr))?;
        }
        seq.end()
    }
}

#[derive(serde::Serialize)]
struct ProjectOut<'a> {
    id: ProjectId,
    title: &'a str,
    description: Option<&'a str>,
    archived: bool,
    manager: Option<PersonId>,
    created_at: Option<&'a str>,
    modified_at: Option<&'a str>,
    members: ProjectMembers<'a>,
}

#[derive(serde::Serialize)]
struct ProjectMember<'a> {
    id: PersonId,
    name: Option<Cow<'a, str>>,
    email: Option<&'a str>,
    role: Option<&'a str>,
}

/// A project's members in person-id order, written as they are read.
struct ProjectMembers<'a> {
    account: &'a Account,
    project: ProjectId,
}

impl Serialize for ProjectMembers<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let account = self.account;
        s.collect_seq(account.members_iter(self.project).map(|(id, role)| {
            let person = account.person(id);
            ProjectMember {
                id,
                name: person.map(Person::display_name_ref),
                email: person.map(Person::email),
                role: role.map(String::as_str),
            }
        }))
    }
}

impl<'a> ProjectOut<'a> {
    fn of(account: &'a Account, pr: &'a Project) -> ProjectOut<'a> {
        ProjectOut {
            id: pr.id,
            title: &pr.title,
            description: pr.description.as_deref(),
            archived: pr.archived,
            manager: pr.manager,
            created_at: pr.created_at.as_deref(),
            modified_at: pr.modified_at.as_deref(),
            members: ProjectMembers {
                account,
                project: pr.id,
            },
        }
    }
}
