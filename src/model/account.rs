//! The in-memory account: people, projects, roles, groups and the membership index both ways.
//!
//! This is the one model every layer shares. The client (`api/`) decodes either API profile into
//! it, the console (`app/`, `ui/`) shows it, `export` writes it out and `sync` plans against it.
//! It is profile-neutral: fields only one profile has are `Option`s. Records hold only the typed
//! fields the console, export and sync use, never the server's whole JSON object: a write reads
//! the record fresh from the server and merges into that (`api::writes`), and a delete's
//! tombstone keeps the record read fresh too (`model::tombstone`).
//!
//! Ids are 64-bit (ProofHub's exceed 32 bits) and wrapped in newtypes so a person id can never be
//! passed where a project id is expected.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use crate::model::members::{MemberList, ProjectSet};
pub use crate::model::person::{Person, PersonFields};
use crate::model::profile::Profile;
use crate::model::records::{Record, Records};

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

impl Record for Person {
    type Id = PersonId;
    fn id(&self) -> PersonId {
        Person::id(self)
    }
    fn alt_key(&self) -> Option<String> {
        Some(email_key(self.email()))
    }
    fn alt_key_is(&self, key: &str) -> bool {
        // `email_key(a) == email_key(b)`, without building either.
        self.email().trim().eq_ignore_ascii_case(key.trim())
    }
    fn alt_key_hash(&self, hasher: &std::hash::RandomState) -> Option<u64> {
        // `fold_hash` folds as `email_key` does.
        Some(super::records::fold_hash(hasher, self.email()))
    }
}

/// How emails compare: spaces around them and ASCII case do not count.
fn email_key(email: &str) -> String {
    email.trim().to_ascii_lowercase()
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
}

impl Record for Project {
    type Id = ProjectId;
    fn id(&self) -> ProjectId {
        self.id
    }
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
///
/// `people` and `projects` are [`Records`]: lists with maps by id (and by email) built once, so
/// [`Account::person`], [`Account::project`] and [`Account::person_by_email`] do not scan.
/// Memberships are kept as maps both ways; [`Account::groups_of`] reads a person → groups map
/// built from the group lists (see `GroupsByPerson`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub profile: Option<Profile>,
    pub people: Records<Person>,
    pub projects: Records<Project>,
    pub roles: Vec<Role>,
    pub groups: Vec<Group>,
    /// project → members (person → project role). Absent key: not loaded yet.
    members: BTreeMap<ProjectId, MemberList>,
    /// person → projects, kept in step with `members`.
    person_projects: BTreeMap<PersonId, ProjectSet>,
    #[serde(skip)]
    groups_by_person: GroupsByPerson,
}

/// Which groups list each person, built from `Account::groups` on first use.
///
/// `groups` is a public list (the loader sets it whole), so the map remembers the shape it was
/// built from (every group's id, and the address and length of its member list) and is built
/// again when that differs; `Account::remove_person` drops it itself. Checking the shape costs
/// one step per group, not per member.
#[derive(Default)]
struct GroupsByPerson(Mutex<Option<Box<GroupsMap>>>);

struct GroupsMap {
    shape: Vec<(GroupId, usize, usize)>,
    /// (person, position of a group listing them), sorted, without repeats: 16 bytes a
    /// membership, where a map of a list per person took about 75 per person.
    by_person: Vec<(PersonId, u32)>,
}

fn groups_shape(groups: &[Group]) -> Vec<(GroupId, usize, usize)> {
    groups
        .iter()
        .map(|g| (g.id, g.members.as_ptr() as usize, g.members.len()))
        .collect()
}

impl GroupsByPerson {
    /// Positions (in `groups`) of the groups whose member list names `person`, ascending.
    fn positions(&self, groups: &[Group], person: PersonId) -> Vec<usize> {
        let guard = self.fresh(groups);
        positions_in(guard.as_deref(), person)
            .map(|pos| pos as usize)
            .collect()
    }

    /// The map, built again first if `groups` changed shape since it was built.
    fn fresh(&self, groups: &[Group]) -> MutexGuard<'_, Option<Box<GroupsMap>>> {
        let shape = groups_shape(groups);
        let mut guard = match self.0.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        let fresh = guard.as_ref().is_some_and(|m| m.shape == shape);
        if !fresh {
            let mut by_person: Vec<(PersonId, u32)> = groups
                .iter()
                .enumerate()
                .filter_map(|(pos, g)| Some((u32::try_from(pos).ok()?, g)))
                .flat_map(|(pos, g)| g.members.iter().map(move |member| (*member, pos)))
                .collect();
            by_person.sort_unstable();
            by_person.dedup();
            by_person.shrink_to_fit();
            *guard = Some(Box::new(GroupsMap { shape, by_person }));
        }
        guard
    }

    fn clear(&mut self) {
        match self.0.get_mut() {
            Ok(m) => *m = None,
            Err(poisoned) => *poisoned.into_inner() = None,
        }
    }
}

/// The positions of the groups listing `person`, ascending (none without a map).
fn positions_in(map: Option<&GroupsMap>, person: PersonId) -> impl Iterator<Item = u32> + '_ {
    let listed = map.map_or(&[][..], |m| {
        let from = m.by_person.partition_point(|(p, _)| *p < person);
        let to = from
            + m.by_person
                .get(from..)
                .unwrap_or_default()
                .partition_point(|(p, _)| *p == person);
        m.by_person.get(from..to).unwrap_or_default()
    });
    listed.iter().map(|(_, pos)| *pos)
}

/// [`Account::groups_of`] for person after person, checking and locking the person → groups
/// map once ([`Account::groups_lookup`]) and building no list.
pub struct GroupsLookup<'a> {
    account: &'a Account,
    map: MutexGuard<'a, Option<Box<GroupsMap>>>,
}

impl GroupsLookup<'_> {
    /// The ids of the groups [`Account::groups_of`] names for `person`, in the same order.
    pub fn ids_of(&self, person: PersonId) -> impl Iterator<Item = GroupId> + '_ {
        let from_person: &[GroupId] = self.account.person(person).map_or(&[], |p| p.groups());
        let mut listed = positions_in(self.map.as_deref(), person).peekable();
        self.account
            .groups
            .iter()
            .enumerate()
            .filter(move |(pos, g)| {
                // `listed` ascends as `pos` does: skip what lies behind.
                while listed.next_if(|l| (*l as usize) < *pos).is_some() {}
                let is_listed = listed.peek().is_some_and(|l| *l as usize == *pos);
                from_person.contains(&g.id) || is_listed
            })
            .map(|(_, g)| g.id)
    }
}

impl Clone for GroupsByPerson {
    fn clone(&self) -> Self {
        GroupsByPerson::default()
    }
}

impl PartialEq for GroupsByPerson {
    /// A cache: never part of what an account is.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for GroupsByPerson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("GroupsByPerson")
    }
}

impl Account {
    pub fn new(profile: Option<Profile>) -> Self {
        Account {
            profile,
            ..Account::default()
        }
    }

    pub fn person(&self, id: PersonId) -> Option<&Person> {
        self.people.by_id(id)
    }

    pub fn project(&self, id: ProjectId) -> Option<&Project> {
        self.projects.by_id(id)
    }

    /// The first person with this email, ignoring spaces around it and ASCII case.
    pub fn person_by_email(&self, email: &str) -> Option<&Person> {
        self.people.by_alt_key(email)
    }

    /// Adds or replaces a person (by id).
    pub fn upsert_person(&mut self, person: Person) {
        self.people.upsert(person);
    }

    /// Adds or replaces a project (by id).
    pub fn upsert_project(&mut self, project: Project) {
        self.projects.upsert(project);
    }

    /// Removes a person and every membership and group entry they had.
    pub fn remove_person(&mut self, id: PersonId) {
        self.people.retain(|p| p.id() != id);
        self.groups_by_person.clear();
        if let Some(projects) = self.person_projects.remove(&id) {
            for project in projects.iter() {
                if let Some(m) = self.members.get_mut(&project) {
                    m.remove(id);
                }
            }
        }
        for g in &mut self.groups {
            g.members.retain(|p| *p != id);
        }
    }

    /// How many of the account's projects have no member list yet (still loading): until it is
    /// 0, anything counted from memberships is only "so far".
    pub fn member_lists_missing(&self) -> usize {
        self.projects
            .iter()
            .filter(|p| !self.members.contains_key(&p.id))
            .count()
    }

    /// Sets a project's whole member list (what a load of that project returned).
    pub fn set_members(
        &mut self,
        project: ProjectId,
        members: impl IntoIterator<Item = (PersonId, Option<String>)>,
    ) {
        if let Some(old) = self.members.remove(&project) {
            for person in old.people() {
                if let Some(set) = self.person_projects.get_mut(person) {
                    set.remove(project);
                }
            }
        }
        let map = MemberList::new(members);
        for person in map.people() {
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
                        person,
                        project_role: role.cloned(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// How many projects a person belongs to (as far as loaded), without building the list.
    pub fn membership_count(&self, person: PersonId) -> usize {
        self.person_projects.get(&person).map_or(0, ProjectSet::len)
    }

    /// How many members a project has, or `None` while its member list is not loaded.
    /// Every project whose members are loaded, in project-id order, with its members in
    /// person-id order.
    pub fn member_lists(&self) -> impl Iterator<Item = (ProjectId, &[PersonId])> + '_ {
        self.members.iter().map(|(p, m)| (*p, m.people()))
    }

    /// A project's members in person-id order; `None` when they are not loaded.
    pub fn member_people(&self, project: ProjectId) -> Option<&[PersonId]> {
        self.members.get(&project).map(MemberList::people)
    }

    pub fn member_count(&self, project: ProjectId) -> Option<usize> {
        self.members.get(&project).map(MemberList::len)
    }

    /// The projects a person belongs to (as far as loaded), in project-id order.
    pub fn memberships_of(&self, person: PersonId) -> Vec<Membership> {
        self.projects_of(person)
            .map(|(project, role)| Membership {
                project,
                person,
                project_role: role.cloned(),
            })
            .collect()
    }

    /// [`Account::memberships_of`] without building the list: each project id with the
    /// person's project role there, if any.
    pub fn projects_of(
        &self,
        person: PersonId,
    ) -> impl Iterator<Item = (ProjectId, Option<&String>)> + '_ {
        self.person_projects
            .get(&person)
            .into_iter()
            .flat_map(ProjectSet::iter)
            .map(move |project| {
                let role = self.members.get(&project).and_then(|m| m.role_of(person));
                (project, role)
            })
    }

    /// The ids of the projects a person belongs to (as far as loaded), in project-id order:
    /// [`Account::projects_of`] without looking up each project role.
    pub fn project_ids_of(&self, person: PersonId) -> impl Iterator<Item = ProjectId> + '_ {
        self.person_projects
            .get(&person)
            .into_iter()
            .flat_map(ProjectSet::iter)
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
            .filter(|p| p.manager == Some(person) || self.has_manager_role(p.id, person))
            .map(|p| p.id)
            .collect()
    }

    /// Whether the person's project role on the project is "manager" (guide).
    fn has_manager_role(&self, project: ProjectId, person: PersonId) -> bool {
        self.members
            .get(&project)
            .and_then(|m| m.get(person))
            .flatten()
            .map(String::as_str)
            .is_some_and(|r| r.eq_ignore_ascii_case("manager"))
    }

    /// Who manages the project: v3's `manager`, else (guide) the member whose project role
    /// is "manager".
    pub fn manager_of(&self, project: ProjectId) -> Option<PersonId> {
        self.project(project).and_then(|p| p.manager).or_else(|| {
            self.members
                .get(&project)?
                .people()
                .iter()
                .copied()
                .find(|person| self.has_manager_role(project, *person))
        })
    }

    /// The groups a person is in, from both directions the server may report it.
    pub fn groups_of(&self, person: PersonId) -> Vec<&Group> {
        let from_person: &[GroupId] = self.person(person).map_or(&[], |p| p.groups());
        let listed = self.groups_by_person.positions(&self.groups, person);
        self.groups
            .iter()
            .enumerate()
            .filter(|(pos, g)| from_person.contains(&g.id) || listed.binary_search(pos).is_ok())
            .map(|(_, g)| g)
            .collect()
    }

    /// [`Account::groups_of`] for many people: the lookup holds the person → groups map (and
    /// its lock) while it lives, so `groups_of` must not be called on this thread meanwhile.
    pub fn groups_lookup(&self) -> GroupsLookup<'_> {
        GroupsLookup {
            account: self,
            map: self.groups_by_person.fresh(&self.groups),
        }
    }

    /// A project's members in person-id order with their project roles, without building a
    /// list ([`Account::members_of`] clones each role); empty while the list is not loaded.
    pub fn members_iter(
        &self,
        project: ProjectId,
    ) -> impl Iterator<Item = (PersonId, Option<&String>)> + '_ {
        self.members
            .get(&project)
            .into_iter()
            .flat_map(MemberList::iter)
    }

    /// The name of a person's account role: the `/roles` name for v3 ids, the string for guide.
    pub fn role_name(&self, person: &Person) -> Option<String> {
        self.role_name_ref(person).map(Cow::into_owned)
    }

    /// [`Account::role_name`], borrowed where the account holds it.
    pub fn role_name_ref<'a>(&'a self, person: &'a Person) -> Option<Cow<'a, str>> {
        match person.role() {
            RoleRef::Id(id) => Some(self.roles.iter().find(|r| r.id == *id).map_or_else(
                || Cow::Owned(format!("role {id}")),
                |r| Cow::Borrowed(r.name.as_str()),
            )),
            RoleRef::Name(n) => Some(Cow::Borrowed(n.as_str())),
            RoleRef::None => None,
        }
    }

    /// Whether the person is the account owner (who must never be deleted from the app).
    pub fn is_owner(&self, person: &Person) -> bool {
        self.role_name_ref(person)
            .is_some_and(|r| r.eq_ignore_ascii_case("owner"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: u64, email: &str) -> Person {
        Person::from(PersonFields {
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
        })
    }

    #[test]
    fn display_name_falls_back_from_name_to_parts_to_email() {
        let p = person(1, "a@x.io");
        assert_eq!(p.display_name(), "Anna Müller");
        let mut f = p.to_fields();
        f.name = Some("  Ann M  ".into());
        assert_eq!(Person::from(f.clone()).display_name(), "Ann M");
        f.name = Some(" ".into());
        f.first_name = None;
        f.last_name = None;
        assert_eq!(Person::from(f).display_name(), "a@x.io");
    }

    #[test]
    fn the_borrowed_display_name_is_the_display_name() {
        let texts = [None, Some(""), Some("  "), Some(" Ann "), Some("Lee")];
        for name in texts {
            for first in texts {
                for last in texts {
                    let mut f = person(1, " a@x.io").to_fields();
                    f.name = name.map(str::to_string);
                    f.first_name = first.map(str::to_string);
                    f.last_name = last.map(str::to_string);
                    let p = Person::from(f);
                    assert_eq!(
                        p.display_name_ref(),
                        p.display_name(),
                        "{name:?} {first:?} {last:?}"
                    );
                }
            }
        }
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
        assert_eq!(
            a.project_ids_of(PersonId(1)).collect::<Vec<_>>(),
            vec![ProjectId(11)]
        );
        let members: Vec<(PersonId, Option<&String>)> = a.members_iter(ProjectId(11)).collect();
        assert_eq!(members, [(PersonId(1), Some(&"manager".to_string()))]);
        assert_eq!(a.members_iter(ProjectId(99)).count(), 0);
        a.remove_person(PersonId(2));
        assert!(a.members_of(ProjectId(10)).is_empty());
        assert!(a.person(PersonId(2)).is_none());
    }

    #[test]
    fn a_missing_last_active_means_never_only_where_the_profile_reports_it() {
        let p = person(1, "a@x.io");
        assert!(p.never_active(Some(Profile::V3)));
        assert!(!p.never_active(Some(Profile::Guide)));
        let mut f = p.to_fields();
        f.last_active = Some("2026-11-01T00:00:00+00:00".into());
        assert!(!Person::from(f).never_active(Some(Profile::V3)));
    }

    #[test]
    fn lookups_follow_every_change_to_the_account() {
        let mut a = Account::new(Some(Profile::V3));
        a.upsert_person(person(1, "a@x.io"));
        a.upsert_person(person(2, "b@x.io"));
        assert_eq!(a.person(PersonId(2)).map(Person::email), Some("b@x.io"));
        // replaced with a new email: the old one no longer finds anyone
        a.upsert_person(person(2, "B2@x.io"));
        assert!(a.person_by_email("b@x.io").is_none());
        assert_eq!(
            a.person_by_email("b2@X.io").map(Person::id),
            Some(PersonId(2))
        );
        // written straight into the list, as the loader does
        a.people.push(person(3, "c@x.io"));
        assert_eq!(
            a.person_by_email("c@x.io").map(Person::id),
            Some(PersonId(3))
        );
        a.people[0] = person(4, "d@x.io");
        assert!(a.person(PersonId(1)).is_none());
        assert_eq!(a.person(PersonId(4)).map(Person::email), Some("d@x.io"));
        a.people = vec![person(5, "e@x.io")].into();
        assert!(a.person(PersonId(4)).is_none());
        assert_eq!(
            a.person_by_email("e@x.io").map(Person::id),
            Some(PersonId(5))
        );
        // a repeated email finds the first, as a scan would
        a.upsert_person(person(6, "E@x.io"));
        assert_eq!(
            a.person_by_email("e@x.io").map(Person::id),
            Some(PersonId(5))
        );
        a.remove_person(PersonId(5));
        assert_eq!(
            a.person_by_email("e@x.io").map(Person::id),
            Some(PersonId(6))
        );

        a.upsert_project(Project::titled(10, "Web"));
        a.projects.push(Project::titled(11, "App"));
        a.upsert_project(Project::titled(10, "Website"));
        assert_eq!(
            a.project(ProjectId(10)).map(|p| p.title.as_str()),
            Some("Website")
        );
        assert_eq!(
            a.project(ProjectId(11)).map(|p| p.title.as_str()),
            Some("App")
        );
        assert_eq!(a.projects.len(), 2);
    }

    #[test]
    fn groups_of_follows_the_group_lists_however_they_change() {
        let names = |a: &Account, id: u64| {
            let groups = a.groups_of(PersonId(id));
            let ids: Vec<GroupId> = a.groups_lookup().ids_of(PersonId(id)).collect();
            assert_eq!(
                ids,
                groups.iter().map(|g| g.id).collect::<Vec<_>>(),
                "lookup"
            );
            groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>()
        };
        let group = |id: u64, name: &str, members: &[u64]| Group {
            id: GroupId(id),
            name: name.into(),
            members: members.iter().map(|m| PersonId(*m)).collect(),
        };
        let mut a = Account::new(Some(Profile::V3));
        let mut p = person(1, "a@x.io").to_fields();
        p.groups = vec![GroupId(3)];
        a.upsert_person(Person::from(p));
        a.upsert_person(person(2, "b@x.io"));
        a.groups = vec![
            group(1, "All", &[1, 2]),
            group(2, "Ops", &[2]),
            group(3, "Dev", &[]),
        ];
        // from the group's list, and from the person's own list of groups
        assert_eq!(names(&a, 1), ["All", "Dev"]);
        assert_eq!(names(&a, 2), ["All", "Ops"]);
        a.groups[1].members.push(PersonId(1));
        assert_eq!(names(&a, 1), ["All", "Ops", "Dev"]);
        a.groups = vec![group(2, "Ops", &[2])];
        assert!(names(&a, 1).is_empty());
        a.groups.push(group(4, "New", &[1]));
        assert_eq!(names(&a, 1), ["New"]);
        a.groups[0].members.retain(|m| *m != PersonId(2));
        assert!(names(&a, 2).is_empty());
        a.groups[0].members.push(PersonId(2));
        a.remove_person(PersonId(2));
        assert!(names(&a, 2).is_empty());
        assert_eq!(names(&a, 1), ["New"]);
        // Lists in any order, a person named twice: each group once, in the account's order.
        a.groups = vec![group(5, "Z", &[9, 1, 9]), group(6, "Y", &[1, 9, 3])];
        a.upsert_person(person(9, "z@x.io"));
        assert_eq!(names(&a, 9), ["Z", "Y"]);
        assert_eq!(names(&a, 3), ["Y"]);
    }

    #[test]
    fn email_lookup_ignores_case_and_spaces() {
        let mut a = Account::new(None);
        a.upsert_person(person(1, "Jane.Doe@Acme.io"));
        assert_eq!(
            a.person_by_email(" jane.doe@acme.IO ").map(Person::id),
            Some(PersonId(1))
        );
    }
}
