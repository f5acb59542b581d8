//! The Projects list's own rules: its sort columns and quick filters.

use super::collate;
use crate::model::account::{Account, Project};

use super::lookup::Lookup;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProjectSort {
    #[default]
    Title,
    Members,
    Manager,
}

impl ProjectSort {
    pub fn next(self) -> ProjectSort {
        match self {
            ProjectSort::Title => ProjectSort::Members,
            ProjectSort::Members => ProjectSort::Manager,
            ProjectSort::Manager => ProjectSort::Title,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ProjectSort::Title => "title",
            ProjectSort::Members => "members",
            ProjectSort::Manager => "manager",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectQuick {
    Active,
    Archived,
    NoMembers,
}

impl ProjectQuick {
    pub fn cycle(current: Option<ProjectQuick>) -> Option<ProjectQuick> {
        match current {
            None => Some(ProjectQuick::Active),
            Some(ProjectQuick::Active) => Some(ProjectQuick::Archived),
            Some(ProjectQuick::Archived) => Some(ProjectQuick::NoMembers),
            Some(ProjectQuick::NoMembers) => None,
        }
    }
    /// What the filter's answer cannot say yet: "no members" counts member lists, which arrive
    /// project by project. `None`: the answer is final.
    pub fn caveat(self, account: &Account) -> Option<String> {
        let missing = account.member_lists_missing();
        (self == ProjectQuick::NoMembers && missing > 0).then(|| {
            let s = if missing == 1 { "" } else { "s" };
            format!("so far, {missing} project{s} still loading")
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            ProjectQuick::Active => "active",
            ProjectQuick::Archived => "archived",
            ProjectQuick::NoMembers => "no members",
        }
    }
    pub fn keeps(self, account: &Account, p: &Project) -> bool {
        match self {
            ProjectQuick::Active => !p.archived,
            ProjectQuick::Archived => p.archived,
            ProjectQuick::NoMembers => account.member_count(p.id) == Some(0),
        }
    }
}

/// The name of a project's manager, if known: v3's `manager`, else (guide) the member whose
/// project role is "manager".
pub fn manager_name(account: &Account, lookup: &Lookup, p: &Project) -> Option<String> {
    let id = p.manager.or_else(|| {
        account
            .members_of(p.id)
            .into_iter()
            .find(|m| {
                m.project_role
                    .as_deref()
                    .is_some_and(|r| r.eq_ignore_ascii_case("manager"))
            })
            .map(|m| m.person)
    })?;
    lookup
        .person(account, id)
        .map(super::super::model::account::Person::display_name)
}

pub fn base(
    account: &Account,
    lookup: &Lookup,
    sort: ProjectSort,
    descending: bool,
    quick: Option<ProjectQuick>,
) -> Vec<usize> {
    base_cached(
        account,
        lookup,
        &mut collate::KeyCache::default(),
        &[],
        sort,
        descending,
        quick,
    )
}

/// [`base`], reusing the title keys in `keys` and starting from the rows sorted last (`prev`).
pub fn base_cached(
    account: &Account,
    lookup: &Lookup,
    keys: &mut collate::KeyCache,
    prev: &[usize],
    sort: ProjectSort,
    descending: bool,
    quick: Option<ProjectQuick>,
) -> Vec<usize> {
    let projects = &account.projects;
    if sort == ProjectSort::Title {
        let keys = keys.keys(
            1,
            projects.len(),
            |i| projects.stamp(i),
            |i| projects[i].title.clone(),
        );
        let mut rows = collate::in_previous_order(projects.len(), prev, descending, |i| {
            quick.is_none_or(|q| q.keeps(account, &projects[i]))
        });
        collate::sort_rows(&mut rows, keys, |i| projects[i].id, descending);
        return rows;
    }
    let mut rows: Vec<usize> = account
        .projects
        .iter()
        .enumerate()
        .filter(|(_, p)| quick.is_none_or(|q| q.keeps(account, p)))
        .map(|(i, _)| i)
        .collect();
    let projects = &account.projects;
    match sort {
        ProjectSort::Title => {
            rows.sort_by_cached_key(|i| (collate::key(&projects[*i].title), projects[*i].id));
        }
        ProjectSort::Members => rows.sort_by_cached_key(|i| {
            let p = &projects[*i];
            (account.member_count(p.id), p.id)
        }),
        ProjectSort::Manager => rows.sort_by_cached_key(|i| {
            let p = &projects[*i];
            (
                collate::key(&manager_name(account, lookup, p).unwrap_or_default()),
                p.id,
            )
        }),
    }
    if descending {
        rows.reverse();
    }
    rows
}
