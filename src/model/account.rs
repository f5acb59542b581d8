//! The in-memory account: people, projects, roles, groups and the membership index both ways.
//!
//! This is the one model every layer shares. The client (`api/`) decodes either API profile into
//! it, the console (`app/`, `ui/`) shows it, `export` writes it out and `sync` plans against it.
//! It is profile-neutral: fields only one profile has are `Option`s, and each record keeps the
//! JSON object the server sent (`raw`) so that a read-modify-write can send back every field,
//! including ones this version does not know about.
//!
//! Ids are 64-bit (ProofHub's exceed 32 bits) and wrapped in newtypes so a person id can never be
//! passed where a project id is expected.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::profile::Profile;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_type!(
    /// A person's id.
    PersonId
);
id_type!(
    /// A project's id.
    ProjectId
);
id_type!(
    /// An account role's id (v3 only; guide roles are free strings).
    RoleId
);
id_type!(
    /// A group's id (v3 only).
    GroupId
);

/// A person's account-level role as the server gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleRef {
    /// v3: `role: {id}`; the name comes from `GET /roles`.
    Id(RoleId),
    /// guide: `role: "admin"`.
    Name(String),
    /// No role on the record.
    None,
}

/// One person of the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    /// guide: the full name.
    pub name: Option<String>,
    /// v3: first and last name.
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: String,
    /// guide only.
    pub username: Option<String>,
    /// v3 only.
    pub title: Option<String>,
    /// guide only.
    pub company: Option<String>,
    /// guide only.
    pub phone: Option<String>,
    pub role: RoleRef,
    /// v3 `suspended`; in guide, true when `status` says the person is not active.
    pub suspended: bool,
    /// guide: the `status` string as sent ("active", "inactive", ...).
    pub status: Option<String>,
    /// RFC 3339 timestamps as the server sent them.
    pub last_active: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    /// v3: ids of the groups the person is in.
    pub groups: Vec<GroupId>,
    /// The JSON object exactly as the server sent it, unknown fields included.
    pub raw: Map<String, Value>,
}

impl Person {
    /// One display name: `name`, else `first_name last_name`, else the email.
    pub fn display_name(&self) -> String {
        if let Some(n) = self
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            return n.to_string();
        }
        let joined = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if !joined.is_empty() {
            return joined;
        }
        self.email.clone()
    }

    /// Whether this person has never been active, as far as the server says: v3 reports
    /// `last_active` (null until the first sign-in); guide does not report activity at all, so
    /// there a missing value means "unknown", not "never".
    pub fn never_active(&self, profile: Option<Profile>) -> bool {
        let missing = self
            .last_active
            .as_deref()
            .is_none_or(|s| s.trim().is_empty());
        missing && profile != Some(Profile::Guide)
    }
}

/// One project of the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: ProjectId,
    /// v3 `title`, guide `name`.
    pub title: String,
    pub description: Option<String>,
    pub archived: bool,
    /// v3 `manager.id`.
    pub manager: Option<PersonId>,
    pub created_at: Option<String>,
    /// v3 `modified_at`, guide `updated_at`.
    pub modified_at: Option<String>,
    /// The JSON object exactly as the server sent it, unknown fields included.
    pub raw: Map<String, Value>,
}

#[cfg(test)]
impl Project {
    /// A project with only an id and a title (test fixtures).
    pub(crate) fn titled(id: u64, title: &str) -> Project {
        Project {
            id: ProjectId(id),
            title: title.into(),
            description: None,
            archived: false,
            manager: None,
            created_at: None,
            modified_at: None,
            raw: Map::new(),
        }
    }
}

/// An account-level role (v3 `GET /roles`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub id: RoleId,
    pub name: String,
    pub default: bool,
}

/// A group of people (v3 `GET /groups`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    pub members: Vec<PersonId>,
}

/// A person's membership of a project, with the project-level role where the profile has one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Membership {
    pub project: ProjectId,
    pub person: PersonId,
    /// guide: the role on this project ("manager", "member", ...); v3 has none.
    pub project_role: Option<String>,
}

/// The whole account as far as it is loaded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub profile: Option<Profile>,
    pub people: Vec<Person>,
    pub projects: Vec<Project>,
    pub roles: Vec<Role>,
    pub groups: Vec<Group>,
    /// project → members (person → project role). Absent key: not loaded yet.
    members: BTreeMap<ProjectId, BTreeMap<PersonId, Option<String>>>,
    /// person → projects, kept in step with `members`.
    person_projects: BTreeMap<PersonId, BTreeSet<ProjectId>>,
}

impl Account {
    pub fn new(profile: Option<Profile>) -> Self {
        Account {
            profile,
            ..Account::default()
        }
    }

    pub fn person(&self, id: PersonId) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    pub fn project(&self, id: ProjectId) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    pub fn person_by_email(&self, email: &str) -> Option<&Person> {
        let email = email.trim();
        self.people
            .iter()
            .find(|p| p.email.trim().eq_ignore_ascii_case(email))
    }

    /// Adds or replaces a person (by id).
    pub fn upsert_person(&mut self, person: Person) {
        match self.people.iter_mut().find(|p| p.id == person.id) {
            Some(slot) => *slot = person,
            None => self.people.push(person),
        }
    }

    /// Adds or replaces a project (by id).
    pub fn upsert_project(&mut self, project: Project) {
        match self.projects.iter_mut().find(|p| p.id == project.id) {
            Some(slot) => *slot = project,
            None => self.projects.push(project),
        }
    }

    /// Removes a person and every membership and group entry they had.
    pub fn remove_person(&mut self, id: PersonId) {
        self.people.retain(|p| p.id != id);
        if let Some(projects) = self.person_projects.remove(&id) {
            for project in projects {
                if let Some(m) = self.members.get_mut(&project) {
                    m.remove(&id);
                }
            }
        }
        for g in &mut self.groups {
            g.members.retain(|p| *p != id);
        }
    }

    /// Sets a project's whole member list (what a load of that project returned).
    pub fn set_members(
        &mut self,
        project: ProjectId,
        members: impl IntoIterator<Item = (PersonId, Option<String>)>,
    ) {
        if let Some(old) = self.members.remove(&project) {
            for person in old.keys() {
                if let Some(set) = self.person_projects.get_mut(person) {
                    set.remove(&project);
                }
            }
        }
        let map: BTreeMap<PersonId, Option<String>> = members.into_iter().collect();
        for person in map.keys() {
            self.person_projects
                .entry(*person)
                .or_default()
                .insert(project);
        }
        self.members.insert(project, map);
    }

    /// The members of a project, in person-id order.
    pub fn members_of(&self, project: ProjectId) -> Vec<Membership> {
        self.members
            .get(&project)
            .map(|m| {
                m.iter()
                    .map(|(person, role)| Membership {
                        project,
                        person: *person,
                        project_role: role.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// How many projects a person belongs to (as far as loaded), without building the list.
    pub fn membership_count(&self, person: PersonId) -> usize {
        self.person_projects.get(&person).map_or(0, BTreeSet::len)
    }

    /// How many members a project has, or `None` while its member list is not loaded.
    pub fn member_count(&self, project: ProjectId) -> Option<usize> {
        self.members.get(&project).map(BTreeMap::len)
    }

    /// The projects a person belongs to (as far as loaded), in project-id order.
    pub fn memberships_of(&self, person: PersonId) -> Vec<Membership> {
        self.person_projects
            .get(&person)
            .map(|set| {
                set.iter()
                    .map(|project| Membership {
                        project: *project,
                        person,
                        project_role: self
                            .members
                            .get(project)
                            .and_then(|m| m.get(&person))
                            .cloned()
                            .flatten(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every membership of the account, ordered by project then person.
    pub fn all_memberships(&self) -> Vec<Membership> {
        self.members
            .keys()
            .flat_map(|p| self.members_of(*p))
            .collect()
    }

    /// The projects a person manages (v3 `manager`, guide project role "manager").
    pub fn managed_by(&self, person: PersonId) -> Vec<ProjectId> {
        self.projects
            .iter()
            .filter(|p| {
                p.manager == Some(person)
                    || self
                        .members
                        .get(&p.id)
                        .and_then(|m| m.get(&person))
                        .and_then(|r| r.as_deref())
                        .is_some_and(|r| r.eq_ignore_ascii_case("manager"))
            })
            .map(|p| p.id)
            .collect()
    }

    /// The groups a person is in, from both directions the server may report it.
    pub fn groups_of(&self, person: PersonId) -> Vec<&Group> {
        let from_person: BTreeSet<GroupId> = self
            .person(person)
            .map(|p| p.groups.iter().copied().collect())
            .unwrap_or_default();
        self.groups
            .iter()
            .filter(|g| from_person.contains(&g.id) || g.members.contains(&person))
            .collect()
    }

    /// The name of a person's account role: the `/roles` name for v3 ids, the string for guide.
    pub fn role_name(&self, person: &Person) -> Option<String> {
        match &person.role {
            RoleRef::Id(id) => Some(
                self.roles
                    .iter()
                    .find(|r| r.id == *id)
                    .map(|r| r.name.clone())
                    .unwrap_or_else(|| format!("role {id}")),
            ),
            RoleRef::Name(n) => Some(n.clone()),
            RoleRef::None => None,
        }
    }

    /// Whether the person is the account owner (who must never be deleted from the app).
    pub fn is_owner(&self, person: &Person) -> bool {
        self.role_name(person)
            .is_some_and(|r| r.eq_ignore_ascii_case("owner"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: u64, email: &str) -> Person {
        Person {
            id: PersonId(id),
            name: None,
            first_name: Some("Anna".into()),
            last_name: Some("Müller".into()),
            email: email.into(),
            username: None,
            title: None,
            company: None,
            phone: None,
            role: RoleRef::Id(RoleId(7)),
            suspended: false,
            status: None,
            last_active: None,
            created_at: None,
            updated_at: None,
            groups: vec![GroupId(1)],
            raw: Map::new(),
        }
    }

    #[test]
    fn display_name_falls_back_from_name_to_parts_to_email() {
        let mut p = person(1, "a@x.io");
        assert_eq!(p.display_name(), "Anna Müller");
        p.name = Some("  Ann M  ".into());
        assert_eq!(p.display_name(), "Ann M");
        p.name = Some(" ".into());
        p.first_name = None;
        p.last_name = None;
        assert_eq!(p.display_name(), "a@x.io");
    }

    #[test]
    fn membership_index_stays_consistent_both_ways() {
        let mut a = Account::new(Some(Profile::V3));
        a.upsert_person(person(1, "a@x.io"));
        a.upsert_person(person(2, "b@x.io"));
        a.set_members(ProjectId(10), [(PersonId(1), None), (PersonId(2), None)]);
        a.set_members(ProjectId(11), [(PersonId(1), Some("manager".into()))]);
        assert_eq!(a.memberships_of(PersonId(1)).len(), 2);
        // replacing a project's list drops the old entries from the reverse index
        a.set_members(ProjectId(10), [(PersonId(2), None)]);
        assert_eq!(
            a.memberships_of(PersonId(1))
                .iter()
                .map(|m| m.project)
                .collect::<Vec<_>>(),
            vec![ProjectId(11)]
        );
        a.remove_person(PersonId(2));
        assert!(a.members_of(ProjectId(10)).is_empty());
        assert!(a.person(PersonId(2)).is_none());
    }

    #[test]
    fn a_missing_last_active_means_never_only_where_the_profile_reports_it() {
        let mut p = person(1, "a@x.io");
        assert!(p.never_active(Some(Profile::V3)));
        assert!(!p.never_active(Some(Profile::Guide)));
        p.last_active = Some("2026-11-01T00:00:00+00:00".into());
        assert!(!p.never_active(Some(Profile::V3)));
    }

    #[test]
    fn email_lookup_ignores_case_and_spaces() {
        let mut a = Account::new(None);
        a.upsert_person(person(1, "Jane.Doe@Acme.io"));
        assert_eq!(
            a.person_by_email(" jane.doe@acme.IO ").map(|p| p.id),
            Some(PersonId(1))
        );
    }
}
