//! The Projects table's own rules: its sort columns, its quick filters and its detail pane's
//! rows (the project's members).

use crate::model::account::{Account, Person, Project};
use crate::model::records::Records;

use super::collate;
use super::lookup::Lookup;
use super::table::{Arrival, QuickFilter, Rows, SortColumn, TableKind};

/// The Projects table's kind (see [`super::table`]).
#[derive(Debug, Clone, Copy)]
pub struct ProjectsKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProjectSort {
    #[default]
    Title,
    Members,
    Manager,
}

impl SortColumn for ProjectSort {
    fn next(self) -> ProjectSort {
        match self {
            ProjectSort::Title => ProjectSort::Members,
            ProjectSort::Members => ProjectSort::Manager,
            ProjectSort::Manager => ProjectSort::Title,
        }
    }
    fn label(self) -> &'static str {
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

impl QuickFilter for ProjectQuick {
    type Record = Project;

    fn cycle(current: Option<ProjectQuick>) -> Option<ProjectQuick> {
        match current {
            None => Some(ProjectQuick::Active),
            Some(ProjectQuick::Active) => Some(ProjectQuick::Archived),
            Some(ProjectQuick::Archived) => Some(ProjectQuick::NoMembers),
            Some(ProjectQuick::NoMembers) => None,
        }
    }
    /// "no members" counts member lists, which arrive project by project.
    fn caveat(self, account: &Account, _loading: bool) -> Option<String> {
        let missing = account.member_lists_missing();
        (self == ProjectQuick::NoMembers && missing > 0).then(|| {
            let s = if missing == 1 { "" } else { "s" };
            format!("so far, {missing} project{s} still loading")
        })
    }

    fn label(self) -> &'static str {
        match self {
            ProjectQuick::Active => "active",
            ProjectQuick::Archived => "archived",
            ProjectQuick::NoMembers => "no members",
        }
    }
    fn keeps(self, account: &Account, p: &Project) -> bool {
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
    lookup.person(account, id).map(Person::display_name)
}

impl TableKind for ProjectsKind {
    type Record = Project;
    type Sort = ProjectSort;
    type Quick = ProjectQuick;

    fn records(account: &Account) -> &Records<Project> {
        &account.projects
    }

    fn base(rows: Rows<'_, Self>) -> Vec<usize> {
        let (account, lookup) = (rows.account, rows.lookup);
        match rows.order.sort {
            ProjectSort::Title => rows.by_text(1, |p| p.title.to_string()),
            ProjectSort::Members => rows.by_key(|p| account.member_count(p.id)),
            ProjectSort::Manager => {
                rows.by_key(|p| collate::key(&manager_name(account, lookup, p).unwrap_or_default()))
            }
        }
    }

    fn reads(arrival: Arrival, sort: ProjectSort, quick: Option<ProjectQuick>) -> bool {
        match arrival {
            // Project managers are people: their names may have just arrived.
            Arrival::People => sort == ProjectSort::Manager,
            Arrival::Members => {
                sort == ProjectSort::Members || quick == Some(ProjectQuick::NoMembers)
            }
        }
    }

    fn detail_len(account: &Account, p: &Project) -> usize {
        account.member_count(p.id).unwrap_or(0)
    }
}
