//! The JSON document of `export`, serialized straight from the account: each person, project
//! and membership is a small borrowed view made as the serializer reaches it, so no tree of the
//! whole document is ever built. The keys and their order are the document's (`export` module
//! docs): people (each with their projects), projects (each with their members), roles, groups.

use std::borrow::Cow;

use serde::ser::{Serialize, SerializeSeq, Serializer};

use crate::model::account::{Account, GroupId, Person, PersonId, Project, ProjectId};

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
        let mut seq = s.serialize_seq(Some(account.people.len()))?;
        for p in &account.people {
            seq.serialize_element(&PersonOut::of(account, p))?;
        }
        seq.end()
    }
}

#[derive(serde::Serialize)]
struct PersonOut<'a> {
    id: PersonId,
    name: String,
    first_name: Option<&'a str>,
    last_name: Option<&'a str>,
    title: Option<&'a str>,
    email: &'a str,
    role: Option<Cow<'a, str>>,
    status: &'a str,
    suspended: bool,
    last_active: Option<Cow<'a, str>>,
    created_at: Option<Cow<'a, str>>,
    updated_at: Option<Cow<'a, str>>,
    groups: Vec<GroupId>,
    projects: Vec<PersonProject<'a>>,
}

#[derive(serde::Serialize)]
pub(super) struct PersonProject<'a> {
    id: ProjectId,
    title: Option<&'a str>,
    role: Option<String>,
}

impl<'a> PersonOut<'a> {
    fn of(account: &'a Account, p: &'a Person) -> PersonOut<'a> {
        PersonOut {
            id: p.id(),
            name: p.display_name(),
            first_name: p.first_name(),
            last_name: p.last_name(),
            title: p.title(),
            email: p.email(),
            role: account.role_name_ref(p),
            status: super::export::status(p),
            suspended: p.suspended(),
            last_active: p.last_active(),
            created_at: p.created_at(),
            updated_at: p.updated_at(),
            groups: account.groups_of(p.id()).iter().map(|g| g.id).collect(),
            projects: person_projects(account, p),
        }
    }
}

/// A person's projects as the document lists them (also `export --fields projects`).
pub(super) fn person_projects<'a>(account: &'a Account, p: &Person) -> Vec<PersonProject<'a>> {
    account
        .memberships_of(p.id())
        .into_iter()
        .map(|m| PersonProject {
            id: m.project,
            title: account.project(m.project).map(|pr| pr.title.as_str()),
            role: m.project_role,
        })
        .collect()
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
    members: Vec<ProjectMember<'a>>,
}

#[derive(serde::Serialize)]
struct ProjectMember<'a> {
    id: PersonId,
    name: Option<String>,
    email: Option<&'a str>,
    role: Option<String>,
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
            members: account
                .members_of(pr.id)
                .into_iter()
                .map(|m| {
                    let person = account.person(m.person);
                    ProjectMember {
                        id: m.person,
                        name: person.map(Person::display_name),
                        email: person.map(Person::email),
                        role: m.project_role,
                    }
                })
                .collect(),
        }
    }
}
