//! The membership index's two halves as sorted id lists: one project's members
//! ([`MemberList`]: person ids and, where the profile has them, project roles) and one
//! person's projects ([`ProjectSet`]).
//!
//! At 100,000 people and 5,000 projects a `BTreeMap` per project and a `BTreeSet` per person
//! took ~13 MB for ~80,000 memberships, most of it tree nodes; sorted boxed slices take 8 bytes
//! an id. Lists are replaced whole as member lists arrive, so nothing inserts into the middle
//! of a long one. The serde form is the maps' (a project's members as a map from person id to
//! role, a person's projects as a list), so saved snapshots read as before.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::account::{PersonId, ProjectId};

/// One project's members in person-id order, each with its project role (guide) or none (v3).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct MemberList {
    people: Box<[PersonId]>,
    /// One role per person, `None` when no member has one (v3, and most guide lists).
    roles: Option<Box<[Option<String>]>>,
}

impl MemberList {
    /// The list from members in any order; a person named twice keeps the last role given.
    pub(crate) fn new(members: impl IntoIterator<Item = (PersonId, Option<String>)>) -> Self {
        let mut members: Vec<(PersonId, Option<String>)> = members.into_iter().collect();
        // stable, so among repeats the last stays last
        members.sort_by_key(|(person, _)| *person);
        let mut kept: Vec<(PersonId, Option<String>)> = Vec::with_capacity(members.len());
        for (person, role) in members {
            match kept.last_mut() {
                Some(last) if last.0 == person => last.1 = role,
                _ => kept.push((person, role)),
            }
        }
        let roles = kept
            .iter()
            .any(|(_, role)| role.is_some())
            .then(|| kept.iter().map(|(_, role)| role.clone()).collect());
        MemberList {
            people: kept.into_iter().map(|(person, _)| person).collect(),
            roles,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.people.len()
    }

    pub(crate) fn people(&self) -> &[PersonId] {
        &self.people
    }

    /// Each member with their role, in person-id order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (PersonId, Option<&String>)> + '_ {
        self.people
            .iter()
            .enumerate()
            .map(|(i, person)| (*person, self.role_at(i)))
    }

    fn role_at(&self, i: usize) -> Option<&String> {
        self.roles
            .as_ref()
            .and_then(|roles| roles.get(i))
            .and_then(Option::as_ref)
    }

    /// `Some(role)` when `person` is a member (`role` their project role, if any).
    pub(crate) fn get(&self, person: PersonId) -> Option<Option<&String>> {
        self.people
            .binary_search(&person)
            .ok()
            .map(|i| self.role_at(i))
    }

    /// `person`'s project role; `None` when they have none or are not a member. A list without
    /// roles (v3's) answers without searching its people.
    pub(crate) fn role_of(&self, person: PersonId) -> Option<&String> {
        self.roles.as_ref()?;
        self.get(person).flatten()
    }

    /// Drops `person` from the list (nothing when they are not in it).
    pub(crate) fn remove(&mut self, person: PersonId) {
        if let Ok(i) = self.people.binary_search(&person) {
            let members: Vec<(PersonId, Option<String>)> = self
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, (p, role))| (p, role.cloned()))
                .collect();
            *self = MemberList::new(members);
        }
    }
}

impl Serialize for MemberList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for MemberList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        BTreeMap::<PersonId, Option<String>>::deserialize(d).map(MemberList::new)
    }
}

/// One person's projects in project-id order.
///
/// A single project is held inline: most people belong to one project or none, and a set
/// with one project then costs no heap block of its own, nor the cache miss of reading one
/// (every export row and sync-plan row reads its person's set).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ProjectSet(Repr);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Repr {
    One(ProjectId),
    /// None, or two and more.
    Many(Box<[ProjectId]>),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Many(Box::default())
    }
}

impl ProjectSet {
    fn as_slice(&self) -> &[ProjectId] {
        match &self.0 {
            Repr::One(project) => std::slice::from_ref(project),
            Repr::Many(projects) => projects,
        }
    }

    /// The set of `projects`, which are sorted and each once.
    fn from_sorted(projects: Vec<ProjectId>) -> Self {
        match projects[..] {
            [one] => ProjectSet(Repr::One(one)),
            _ => ProjectSet(Repr::Many(projects.into_boxed_slice())),
        }
    }

    /// The projects as a `Vec`, leaving the set empty (a boxed list moves, no copy).
    fn take_vec(&mut self) -> Vec<ProjectId> {
        match std::mem::take(&mut self.0) {
            Repr::One(project) => vec![project],
            Repr::Many(projects) => projects.into_vec(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.as_slice().len()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = ProjectId> + '_ {
        self.as_slice().iter().copied()
    }

    pub(crate) fn insert(&mut self, project: ProjectId) {
        if let Err(i) = self.as_slice().binary_search(&project) {
            let mut v = self.take_vec();
            v.insert(i, project);
            *self = ProjectSet::from_sorted(v);
        }
    }

    pub(crate) fn remove(&mut self, project: ProjectId) {
        if let Ok(i) = self.as_slice().binary_search(&project) {
            let mut v = self.take_vec();
            v.remove(i);
            *self = ProjectSet::from_sorted(v);
        }
    }
}

impl Serialize for ProjectSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.as_slice())
    }
}

impl<'de> Deserialize<'de> for ProjectSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        BTreeSet::<ProjectId>::deserialize(d)
            .map(|set| ProjectSet::from_sorted(set.into_iter().collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_list_keeps_people_sorted_once_each_with_their_roles() {
        let list = MemberList::new([
            (PersonId(3), None),
            (PersonId(1), Some("manager".into())),
            (PersonId(3), Some("member".into())),
        ]);
        assert_eq!(list.people(), [PersonId(1), PersonId(3)]);
        assert_eq!(list.get(PersonId(1)), Some(Some(&"manager".to_string())));
        assert_eq!(list.get(PersonId(3)), Some(Some(&"member".to_string())));
        assert_eq!(list.get(PersonId(2)), None);
        let mut without = list.clone();
        without.remove(PersonId(1));
        assert_eq!(
            without,
            MemberList::new([(PersonId(3), Some("member".into()))])
        );
        let v3 = MemberList::new([(PersonId(2), None)]);
        assert_eq!(v3.get(PersonId(2)), Some(None));
        assert!(v3.roles.is_none());
    }

    #[test]
    fn the_saved_form_is_the_maps_form() {
        let mut maps: BTreeMap<ProjectId, BTreeMap<PersonId, Option<String>>> = BTreeMap::new();
        maps.entry(ProjectId(7)).or_default().extend([
            (PersonId(2), None),
            (PersonId(1), Some("manager".to_string())),
        ]);
        let lists: BTreeMap<ProjectId, MemberList> = maps
            .iter()
            .map(|(p, m)| (*p, MemberList::new(m.clone())))
            .collect();
        let (a, b) = (
            serde_json::to_string(&maps).unwrap_or_default(),
            serde_json::to_string(&lists).unwrap_or_default(),
        );
        assert_eq!(a, b);
        let back: BTreeMap<ProjectId, MemberList> = serde_json::from_str(&a).unwrap_or_default();
        assert_eq!(back, lists);

        let sets: BTreeMap<PersonId, BTreeSet<ProjectId>> =
            [(PersonId(1), [ProjectId(9), ProjectId(4)].into())].into();
        let mut set = ProjectSet::default();
        set.insert(ProjectId(9));
        set.insert(ProjectId(4));
        set.insert(ProjectId(4));
        let ours: BTreeMap<PersonId, ProjectSet> = [(PersonId(1), set)].into();
        let text = serde_json::to_string(&sets).unwrap_or_default();
        assert_eq!(text, serde_json::to_string(&ours).unwrap_or_default());
        let back: BTreeMap<PersonId, ProjectSet> = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back, ours);
    }

    #[test]
    fn a_project_set_keeps_its_projects_sorted_once_each_from_none_to_many_and_back() {
        let mut set = ProjectSet::default();
        let steps: [(bool, u64, &[u64]); 6] = [
            (true, 5, &[5]),
            (true, 2, &[2, 5]),
            (true, 9, &[2, 5, 9]),
            (false, 5, &[2, 9]),
            (false, 2, &[9]),
            (false, 9, &[]),
        ];
        for (add, project, want) in steps {
            if add {
                set.insert(ProjectId(project));
            } else {
                set.remove(ProjectId(project));
            }
            let got: Vec<u64> = set.iter().map(|p| p.0).collect();
            assert_eq!(
                got,
                want,
                "after {} {project}",
                if add { "adding" } else { "removing" }
            );
            assert_eq!(set.len(), want.len());
            // The same set however it was reached: as read back from its saved form.
            let text = serde_json::to_string(&set).unwrap_or_default();
            let back: ProjectSet = serde_json::from_str(&text).expect("reads back");
            assert_eq!(back, set, "{text}");
        }
    }
}
