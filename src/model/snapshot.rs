//! A stored account as the console shows it before the live load: the account and when it
//! was taken ([`Snapshot`]), and the part of it the console's first frame needs
//! ([`Preview`]). `local::snapshot` reads and writes both; the core shows them marked as a
//! snapshot.
//!
//! The preview exists so a start from a large snapshot draws at once: it holds the first rows
//! of the People table in its opening order and what the card of any of them shows (their
//! projects, groups and role), plus the whole account's counts. The store seals it apart from
//! the account, so it can be opened and drawn before the rest is read.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::account::{Account, Group, PersonId};

#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub account: Account,
    pub taken_at: DateTime<Utc>,
}

/// The first screen of a snapshot: see the module docs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    pub taken_at: DateTime<Utc>,
    /// How many people and projects the whole snapshot holds.
    pub people_total: usize,
    pub projects_total: usize,
    /// The first people (in the order given to [`Preview::of`]), the projects they belong to
    /// with only their memberships, the groups that list them with only them as members, and
    /// every role.
    pub account: Account,
}

impl Preview {
    /// The preview of `account` whose rows are `first` (ids it does not hold are skipped).
    pub fn of(account: &Account, first: &[PersonId], taken_at: DateTime<Utc>) -> Preview {
        let mut part = Account::new(account.profile);
        part.roles = account.roles.clone();
        let mut members: std::collections::BTreeMap<_, Vec<_>> = Default::default();
        for id in first {
            let Some(person) = account.person(*id) else {
                continue;
            };
            part.upsert_person(person.clone());
            for m in account.memberships_of(*id) {
                members
                    .entry(m.project)
                    .or_default()
                    .push((m.person, m.project_role));
            }
        }
        for (project, list) in members {
            if let Some(p) = account.project(project) {
                part.upsert_project(p.clone());
                part.set_members(project, list);
            }
        }
        part.groups = account
            .groups
            .iter()
            .filter_map(|g| {
                let members: Vec<PersonId> = g
                    .members
                    .iter()
                    .copied()
                    .filter(|m| part.person(*m).is_some())
                    .collect();
                (!members.is_empty()).then(|| Group {
                    id: g.id,
                    name: g.name.clone(),
                    members,
                })
            })
            .collect();
        Preview {
            taken_at,
            people_total: account.people.len(),
            projects_total: account.projects.len(),
            account: part,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::{Project, ProjectId};
    use crate::model::test_people::person;

    #[test]
    fn a_preview_holds_its_rows_with_their_cards_and_the_whole_counts() {
        let mut account = Account::default();
        for (id, name) in [(1, "Ada"), (2, "Bo"), (3, "Cy")] {
            account.upsert_person(person(id, &format!("{name}@x.example"), name));
        }
        account.upsert_project(Project::titled(10, "Apollo"));
        account.upsert_project(Project::titled(11, "Zeus"));
        account.set_members(ProjectId(10), [(PersonId(1), None), (PersonId(3), None)]);
        account.set_members(ProjectId(11), [(PersonId(3), None)]);
        account.groups = vec![Group {
            id: crate::model::account::GroupId(5),
            name: "Sales".into(),
            members: vec![PersonId(1), PersonId(2)],
        }];
        let taken = DateTime::<Utc>::UNIX_EPOCH;
        let p = Preview::of(&account, &[PersonId(2), PersonId(1), PersonId(9)], taken);
        assert_eq!((p.people_total, p.projects_total), (3, 2));
        let ids: Vec<u64> = p.account.people.iter().map(|x| x.id().0).collect();
        assert_eq!(
            ids,
            vec![2, 1],
            "the rows in the order given, unknown ids skipped"
        );
        assert_eq!(p.account.projects.len(), 1, "only the rows' projects");
        assert_eq!(
            p.account.members_of(ProjectId(10)).len(),
            1,
            "only the rows' memberships"
        );
        assert_eq!(p.account.groups[0].members, vec![PersonId(1), PersonId(2)]);
    }
}
