//! The People list's own rules: its sort columns and its quick filters (for audits).

use super::collate;
use crate::model::account::{Account, Person};

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
