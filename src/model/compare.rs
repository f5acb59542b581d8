//! What changed between two loads of one account (#13, "changes since last look"): people who
//! joined or left; a changed role, email, name or title; a suspension or reactivation; a
//! membership added or removed. [`compare`] is one pass over each side, through the accounts'
//! id maps, so two 100,000-person accounts compare in linear time.
//!
//! Memberships count only where both sides know them: a project whose member list one side never
//! loaded is left out, a person who left takes their memberships with them (no removal events
//! besides `Left`), and a project that is new or gone brings no membership events. A person who
//! joined does bring a `MembershipAdded` per project they are already in: the access they came
//! with is worth seeing (the console's Changes view lists those lines too).
use serde::Serialize;

use super::account::{Account, Person, PersonId, ProjectId};

/// One change, as the person or project it concerns and the values before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Change {
    Joined {
        person: PersonId,
        email: String,
    },
    Left {
        person: PersonId,
        email: String,
    },
    RoleChanged {
        person: PersonId,
        from: Option<String>,
        to: Option<String>,
    },
    EmailChanged {
        person: PersonId,
        from: String,
        to: String,
    },
    NameChanged {
        person: PersonId,
        from: String,
        to: String,
    },
    TitleChanged {
        person: PersonId,
        from: Option<String>,
        to: Option<String>,
    },
    Suspended {
        person: PersonId,
    },
    Reactivated {
        person: PersonId,
    },
    MembershipAdded {
        person: PersonId,
        project: ProjectId,
    },
    MembershipRemoved {
        person: PersonId,
        project: ProjectId,
    },
}

/// Every change from `before` to `after`: people in `after`'s order, then those who left in
/// `before`'s order, then memberships by project and person.
pub fn compare(before: &Account, after: &Account) -> Vec<Change> {
    let mut out = Vec::new();
    for now in after.people.iter() {
        match before.person(now.id()) {
            None => out.push(Change::Joined {
                person: now.id(),
                email: now.email().to_string(),
            }),
            Some(then) => person_changes(before, then, after, now, &mut out),
        }
    }
    for then in before.people.iter() {
        if after.person(then.id()).is_none() {
            out.push(Change::Left {
                person: then.id(),
                email: then.email().to_string(),
            });
        }
    }
    membership_changes(before, after, &mut out);
    out
}

fn person_changes(
    before: &Account,
    then: &Person,
    after: &Account,
    now: &Person,
    out: &mut Vec<Change>,
) {
    let person = now.id();
    if then.role() != now.role() {
        let (from, to) = (before.role_name(then), after.role_name(now));
        if from != to {
            out.push(Change::RoleChanged { person, from, to });
        }
    }
    if then.email() != now.email() {
        out.push(Change::EmailChanged {
            person,
            from: then.email().to_string(),
            to: now.email().to_string(),
        });
    }
    let names = |p: &Person| {
        (
            p.name().map(str::to_string),
            p.first_name().map(str::to_string),
            p.last_name().map(str::to_string),
        )
    };
    if names(then) != names(now) {
        out.push(Change::NameChanged {
            person,
            from: then.display_name(),
            to: now.display_name(),
        });
    }
    if then.title() != now.title() {
        out.push(Change::TitleChanged {
            person,
            from: then.title().map(str::to_string),
            to: now.title().map(str::to_string),
        });
    }
    match (then.suspended(), now.suspended()) {
        (false, true) => out.push(Change::Suspended { person }),
        (true, false) => out.push(Change::Reactivated { person }),
        _ => {}
    }
}

fn membership_changes(before: &Account, after: &Account, out: &mut Vec<Change>) {
    // Per project whose member lists both sides loaded, the members one side has and the
    // other lacks: both lists are in person-id order, so no set of all memberships is built
    // (at 100,000 people those sets were the comparison's peak memory).
    for (project, now, then) in lists(after, before) {
        for person in only_in(now, then) {
            out.push(Change::MembershipAdded { person, project });
        }
    }
    for (project, then, now) in lists(before, after) {
        for person in only_in(then, now) {
            if after.person(person).is_some() {
                out.push(Change::MembershipRemoved { person, project });
            }
        }
    }
}

/// `a`'s member lists, each beside `b`'s for the same project, where `b` loaded it too.
fn lists<'a>(
    a: &'a Account,
    b: &'a Account,
) -> impl Iterator<Item = (ProjectId, &'a [PersonId], &'a [PersonId])> + 'a {
    a.member_lists()
        .filter_map(move |(project, mine)| Some((project, mine, b.member_people(project)?)))
}

/// The people of `mine` that `theirs` lacks, in `mine`'s order (both sorted by id).
fn only_in<'a>(
    mine: &'a [PersonId],
    theirs: &'a [PersonId],
) -> impl Iterator<Item = PersonId> + 'a {
    let mut at = 0;
    mine.iter().copied().filter(move |person| {
        while theirs.get(at).is_some_and(|t| t < person) {
            at += 1;
        }
        theirs.get(at) != Some(person)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::{Project, RoleRef};
    use crate::model::test_people::person;

    fn project(id: u64) -> Project {
        Project {
            id: ProjectId(id),
            title: format!("P{id}"),
            description: None,
            archived: false,
            manager: None,
            created_at: None,
            modified_at: None,
        }
    }

    fn edited(p: &Person, edit: impl FnOnce(&mut crate::model::account::PersonFields)) -> Person {
        let mut f = p.to_fields();
        edit(&mut f);
        Person::from(f)
    }

    fn account(people: Vec<Person>, members: &[(u64, &[u64])]) -> Account {
        let mut a = Account::default();
        for p in people {
            a.upsert_person(p);
        }
        for (id, people) in members {
            a.upsert_project(project(*id));
            a.set_members(
                ProjectId(*id),
                people
                    .iter()
                    .map(|id| (PersonId(*id), None))
                    .collect::<Vec<_>>(),
            );
        }
        a
    }

    #[test]
    fn the_same_account_has_no_changes() {
        let a = account(vec![person(1, "a@x.io", "A")], &[(10, &[1])]);
        assert_eq!(compare(&a, &a), vec![]);
    }

    #[test]
    fn each_kind_of_change_is_one_event() {
        let ada = person(1, "ada@x.io", "Ada");
        let bob = person(2, "bob@x.io", "Bob");
        let cy = person(3, "cy@x.io", "Cy");
        let before = account(
            vec![ada.clone(), bob.clone(), cy.clone()],
            &[(10, &[1, 2]), (11, &[3])],
        );
        let ada2 = edited(&ada, |f| {
            f.email = "ada@y.io".into();
            f.title = Some("CTO".into());
            f.role = RoleRef::Name("admin".into());
        });
        let bob2 = edited(&bob, |f| {
            f.first_name = Some("Robert".into());
            f.suspended = true;
        });
        let dee = person(4, "dee@x.io", "Dee");
        let after = account(vec![ada2, bob2, dee], &[(10, &[1, 4]), (11, &[])]);
        let (a, b, c, d) = (PersonId(1), PersonId(2), PersonId(3), PersonId(4));
        assert_eq!(
            compare(&before, &after),
            vec![
                Change::RoleChanged {
                    person: a,
                    from: None,
                    to: Some("admin".into())
                },
                Change::EmailChanged {
                    person: a,
                    from: "ada@x.io".into(),
                    to: "ada@y.io".into()
                },
                Change::TitleChanged {
                    person: a,
                    from: None,
                    to: Some("CTO".into())
                },
                Change::NameChanged {
                    person: b,
                    from: "Bob".into(),
                    to: "Robert".into()
                },
                Change::Suspended { person: b },
                Change::Joined {
                    person: d,
                    email: "dee@x.io".into()
                },
                Change::Left {
                    person: c,
                    email: "cy@x.io".into()
                },
                Change::MembershipAdded {
                    person: d,
                    project: ProjectId(10)
                },
                Change::MembershipRemoved {
                    person: b,
                    project: ProjectId(10)
                },
            ]
        );
        // Back again: reactivated, and the membership returns.
        let back = compare(&after, &before);
        assert!(back.contains(&Change::Reactivated { person: b }));
        assert!(back.contains(&Change::MembershipAdded {
            person: b,
            project: ProjectId(10)
        }));
    }

    #[test]
    fn member_lists_one_side_never_loaded_bring_no_events() {
        let ada = person(1, "ada@x.io", "Ada");
        let before = account(vec![ada.clone()], &[]);
        let mut after = account(vec![ada], &[(10, &[1])]);
        assert_eq!(compare(&before, &after), vec![]);
        after.upsert_project(project(12));
        assert_eq!(compare(&after, &before), vec![]);
    }

    /// What the comparison found before it went project by project: a set of every
    /// (project, person) pair of each side, each side's memberships checked against the other's.
    fn memberships_as_sets(before: &Account, after: &Account) -> Vec<Change> {
        use std::collections::HashSet;
        let known =
            |p: ProjectId| before.member_count(p).is_some() && after.member_count(p).is_some();
        let pairs = |a: &Account| -> HashSet<(ProjectId, PersonId)> {
            a.all_memberships()
                .into_iter()
                .filter(|m| known(m.project))
                .map(|m| (m.project, m.person))
                .collect()
        };
        let (then, now) = (pairs(before), pairs(after));
        let mut out = Vec::new();
        for m in after.all_memberships() {
            if known(m.project) && !then.contains(&(m.project, m.person)) {
                out.push(Change::MembershipAdded {
                    person: m.person,
                    project: m.project,
                });
            }
        }
        for m in before.all_memberships() {
            if known(m.project)
                && !now.contains(&(m.project, m.person))
                && after.person(m.person).is_some()
            {
                out.push(Change::MembershipRemoved {
                    person: m.person,
                    project: m.project,
                });
            }
        }
        out
    }

    #[test]
    fn membership_changes_are_the_ones_sets_of_every_membership_find_in_the_same_order() {
        let mut seed = 7u64;
        let mut next = move |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        for round in 0..40 {
            // People 1..=60 on both sides but some gone after; 12 projects, some of them loaded
            // on one side only; members drawn at random, so lists overlap in every way.
            let mut sides = Vec::new();
            for side in 0..2 {
                let mut a = Account::default();
                for id in 1..=60u64 {
                    if side == 1 && next(10) == 0 {
                        continue;
                    }
                    a.upsert_person(person(id, &format!("p{id}@x.io"), "P"));
                }
                for project_id in 1..=12u64 {
                    if next(8) == 0 {
                        continue;
                    }
                    a.upsert_project(project(project_id));
                    let size = next(25);
                    let members: Vec<(PersonId, Option<String>)> =
                        (0..size).map(|_| (PersonId(1 + next(70)), None)).collect();
                    a.set_members(ProjectId(project_id), members);
                }
                sides.push(a);
            }
            let (before, after) = (&sides[0], &sides[1]);
            let mut got = Vec::new();
            membership_changes(before, after, &mut got);
            assert_eq!(got, memberships_as_sets(before, after), "round {round}");
        }
    }
}
