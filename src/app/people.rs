//! The People list's own rules: its sort columns and its quick filters (for audits).

use super::collate;
use crate::model::account::{Account, Person};
use crate::model::profile::Profile;

/// Sort columns of the People table, in the order `s` steps through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PersonSort {
    #[default]
    Name,
    Email,
    Role,
    Projects,
    LastActive,
}

impl PersonSort {
    pub fn next(self) -> PersonSort {
        match self {
            PersonSort::Name => PersonSort::Email,
            PersonSort::Email => PersonSort::Role,
            PersonSort::Role => PersonSort::Projects,
            PersonSort::Projects => PersonSort::LastActive,
            PersonSort::LastActive => PersonSort::Name,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            PersonSort::Name => "name",
            PersonSort::Email => "email",
            PersonSort::Role => "role",
            PersonSort::Projects => "projects",
            PersonSort::LastActive => "last active",
        }
    }
}

/// Quick filters for audits, in the order `f` steps through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonQuick {
    Suspended,
    Admins,
    InNoProject,
    NeverActive,
}

impl PersonQuick {
    /// The next quick filter after `current` (`None` = no quick filter).
    pub fn cycle(current: Option<PersonQuick>) -> Option<PersonQuick> {
        match current {
            None => Some(PersonQuick::Suspended),
            Some(PersonQuick::Suspended) => Some(PersonQuick::Admins),
            Some(PersonQuick::Admins) => Some(PersonQuick::InNoProject),
            Some(PersonQuick::InNoProject) => Some(PersonQuick::NeverActive),
            Some(PersonQuick::NeverActive) => None,
        }
    }
    /// What the filter's answer cannot say yet, or at all, on `account` as loaded so far:
    /// "in no project" counts memberships, which arrive project by project; "never active"
    /// needs activity, which the guide profile does not report. `None`: the answer is final.
    pub fn caveat(self, account: &Account, loading: bool) -> Option<String> {
        match self {
            PersonQuick::InNoProject => {
                let missing = account.member_lists_missing();
                (loading || missing > 0).then(|| {
                    if missing == 0 {
                        "so far, still loading".to_string()
                    } else {
                        let s = if missing == 1 { "" } else { "s" };
                        format!("so far, {missing} project{s} still loading")
                    }
                })
            }
            PersonQuick::NeverActive if account.profile == Some(Profile::Guide) => {
                Some("unknown: guide reports no activity".into())
            }
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PersonQuick::Suspended => "suspended",
            PersonQuick::Admins => "admins",
            PersonQuick::InNoProject => "in no project",
            PersonQuick::NeverActive => "never active",
        }
    }
    pub fn keeps(self, account: &Account, p: &Person) -> bool {
        match self {
            PersonQuick::Suspended => p.suspended,
            PersonQuick::Admins => is_admin(account, p),
            PersonQuick::InNoProject => account.membership_count(p.id) == 0,
            PersonQuick::NeverActive => p.never_active(account.profile),
        }
    }
}

/// Admins and the owner: people whose account role names "admin" or "owner".
pub fn is_admin(account: &Account, p: &Person) -> bool {
    account.role_name(p).is_some_and(|r| {
        let r = r.to_lowercase();
        r.contains("admin") || r.contains("owner")
    })
}

/// The People rows before the fuzzy query: quick filter, then sort (ties by id, stable).
pub fn base(
    account: &Account,
    sort: PersonSort,
    descending: bool,
    quick: Option<PersonQuick>,
) -> Vec<usize> {
    base_cached(
        account,
        &mut collate::KeyCache::default(),
        &[],
        sort,
        descending,
        quick,
    )
}

/// [`base`], reusing the name or email keys in `keys` and starting from the rows sorted last
/// (`prev`), so that the table re-sorted after each page of a load is close to linear.
pub fn base_cached(
    account: &Account,
    keys: &mut collate::KeyCache,
    prev: &[usize],
    sort: PersonSort,
    descending: bool,
    quick: Option<PersonQuick>,
) -> Vec<usize> {
    let people = &account.people;
    type Text = fn(&Person) -> String;
    let text: Option<(u8, Text)> = match sort {
        PersonSort::Name => Some((1, |p| p.display_name())),
        PersonSort::Email => Some((2, |p| p.email.clone())),
        _ => None,
    };
    if let Some((column, text)) = text {
        let keys = keys.keys(
            column,
            people.len(),
            |i| people.stamp(i),
            |i| text(&people[i]),
        );
        let mut rows = collate::in_previous_order(people.len(), prev, descending, |i| {
            quick.is_none_or(|q| q.keeps(account, &people[i]))
        });
        collate::sort_rows(&mut rows, keys, |i| people[i].id, descending);
        return rows;
    }
    let mut rows: Vec<usize> = account
        .people
        .iter()
        .enumerate()
        .filter(|(_, p)| quick.is_none_or(|q| q.keeps(account, p)))
        .map(|(i, _)| i)
        .collect();
    let people = &account.people;
    match sort {
        PersonSort::Name => {
            rows.sort_by_cached_key(|i| (collate::key(&people[*i].display_name()), people[*i].id));
        }
        PersonSort::Email => {
            rows.sort_by_cached_key(|i| (collate::key(&people[*i].email), people[*i].id));
        }
        PersonSort::Role => rows.sort_by_cached_key(|i| {
            let p = &people[*i];
            (
                collate::key(&account.role_name(p).unwrap_or_default()),
                p.id,
            )
        }),
        PersonSort::Projects => rows.sort_by_cached_key(|i| {
            let p = &people[*i];
            (account.membership_count(p.id), p.id)
        }),
        // RFC 3339 strings in the same zone sort as times; never active sorts first.
        PersonSort::LastActive => rows.sort_by_cached_key(|i| {
            let p = &people[*i];
            (p.last_active.clone().unwrap_or_default(), p.id)
        }),
    }
    if descending {
        rows.reverse();
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::{PersonId, RoleRef};

    fn person(id: u64, name: &str, suspended: bool) -> Person {
        Person {
            id: PersonId(id),
            name: Some(name.into()),
            first_name: None,
            last_name: None,
            email: format!("{}@x.io", name.to_lowercase()),
            username: None,
            title: None,
            company: None,
            phone: None,
            role: RoleRef::None,
            suspended,
            status: None,
            last_active: None,
            created_at: None,
            updated_at: None,
            groups: Vec::new(),
        }
    }

    #[test]
    fn rows_sorted_from_cached_keys_match_a_fresh_sort_after_every_change() {
        let mut account = Account::new(None);
        let mut keys = collate::KeyCache::default();
        let mut prev = Vec::new();
        let names = [
            "Zoë", "anna", "Émile", "bob", "Anna", "carl", "Ängel", "dora",
        ];
        let check = |account: &Account,
                     keys: &mut collate::KeyCache,
                     prev: &mut Vec<usize>,
                     sort: PersonSort,
                     desc: bool,
                     quick: Option<PersonQuick>| {
            let rows = base_cached(account, keys, prev, sort, desc, quick);
            assert_eq!(
                rows,
                base(account, sort, desc, quick),
                "{sort:?} {desc} {quick:?}"
            );
            *prev = rows;
        };
        for (i, n) in names.iter().enumerate() {
            account.upsert_person(person(i as u64 + 1, n, i % 3 == 0));
            check(
                &account,
                &mut keys,
                &mut prev,
                PersonSort::Name,
                false,
                None,
            );
        }
        // a rename moves the person; a straight write into the list too
        account.upsert_person(person(2, "Yannick", false));
        check(
            &account,
            &mut keys,
            &mut prev,
            PersonSort::Name,
            false,
            None,
        );
        account.people[0].name = Some("Aaron".into());
        check(
            &account,
            &mut keys,
            &mut prev,
            PersonSort::Name,
            false,
            None,
        );
        for (sort, desc, quick) in [
            (PersonSort::Name, true, None),
            (PersonSort::Email, true, None),
            (PersonSort::Email, false, Some(PersonQuick::Suspended)),
            (PersonSort::Name, false, Some(PersonQuick::Suspended)),
            (PersonSort::Name, false, None),
        ] {
            check(&account, &mut keys, &mut prev, sort, desc, quick);
        }
        account.remove_person(PersonId(4));
        check(
            &account,
            &mut keys,
            &mut prev,
            PersonSort::Name,
            false,
            None,
        );
    }
}
