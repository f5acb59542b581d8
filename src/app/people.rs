//! The People table's own rules: its sort columns, its quick filters (for audits) and its
//! detail pane's rows (the person's memberships).

use crate::model::account::{Account, Person};
use crate::model::profile::Profile;
use crate::model::records::Records;

use super::collate::{self, KeyCache};
use super::lookup::Lookup;
use super::table::{Arrival, Order, QuickFilter, Rows, SortColumn, TableKind};

/// The People table's kind (see [`super::table`]).
#[derive(Debug, Clone, Copy)]
pub struct PeopleKind;

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

impl SortColumn for PersonSort {
    fn next(self) -> PersonSort {
        match self {
            PersonSort::Name => PersonSort::Email,
            PersonSort::Email => PersonSort::Role,
            PersonSort::Role => PersonSort::Projects,
            PersonSort::Projects => PersonSort::LastActive,
            PersonSort::LastActive => PersonSort::Name,
        }
    }
    fn label(self) -> &'static str {
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
    /// Clients (account role names "client") who are members of a project: whom an audit
    /// checks for access they should not have.
    ClientsInProjects,
}

impl QuickFilter for PersonQuick {
    type Record = Person;

    fn cycle(current: Option<PersonQuick>) -> Option<PersonQuick> {
        match current {
            None => Some(PersonQuick::Suspended),
            Some(PersonQuick::Suspended) => Some(PersonQuick::Admins),
            Some(PersonQuick::Admins) => Some(PersonQuick::InNoProject),
            Some(PersonQuick::InNoProject) => Some(PersonQuick::NeverActive),
            Some(PersonQuick::NeverActive) => Some(PersonQuick::ClientsInProjects),
            Some(PersonQuick::ClientsInProjects) => None,
        }
    }
    /// "in no project" counts memberships, which arrive project by project; "never active"
    /// needs activity, which the guide profile does not report.
    fn caveat(self, account: &Account, loading: bool) -> Option<String> {
        match self {
            PersonQuick::InNoProject | PersonQuick::ClientsInProjects => {
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

    fn label(self) -> &'static str {
        match self {
            PersonQuick::Suspended => "suspended",
            PersonQuick::Admins => "admins",
            PersonQuick::InNoProject => "in no project",
            PersonQuick::NeverActive => "never active",
            PersonQuick::ClientsInProjects => "clients in projects",
        }
    }
    fn keeps(self, account: &Account, p: &Person) -> bool {
        match self {
            PersonQuick::Suspended => p.suspended(),
            PersonQuick::Admins => is_admin(account, p),
            PersonQuick::InNoProject => account.membership_count(p.id()) == 0,
            PersonQuick::NeverActive => p.never_active(account.profile),
            PersonQuick::ClientsInProjects => {
                is_client(account, p) && account.membership_count(p.id()) > 0
            }
        }
    }
}

/// Clients: people whose account role names "client".
pub fn is_client(account: &Account, p: &Person) -> bool {
    account
        .role_name(p)
        .is_some_and(|r| r.to_lowercase().contains("client"))
}

/// Admins and the owner: people whose account role names "admin" or "owner".
pub fn is_admin(account: &Account, p: &Person) -> bool {
    account.role_name(p).is_some_and(|r| {
        let r = r.to_lowercase();
        r.contains("admin") || r.contains("owner")
    })
}

impl TableKind for PeopleKind {
    type Record = Person;
    type Sort = PersonSort;
    type Quick = PersonQuick;

    fn records(account: &Account) -> &Records<Person> {
        &account.people
    }

    fn base(rows: Rows<'_, Self>) -> Vec<usize> {
        let account = rows.account;
        match rows.order.sort {
            PersonSort::Name => rows.by_text(1, Person::display_name),
            PersonSort::Email => rows.by_text(2, |p| p.email().to_string()),
            PersonSort::Role => {
                rows.by_key(|p| collate::key(&account.role_name(p).unwrap_or_default()))
            }
            PersonSort::Projects => rows.by_key(|p| account.membership_count(p.id())),
            // RFC 3339 strings in the same zone sort as times; never active sorts first.
            PersonSort::LastActive => rows.by_key(|p| p.last_active().unwrap_or_default()),
        }
    }

    fn reads(arrival: Arrival, sort: PersonSort, quick: Option<PersonQuick>) -> bool {
        arrival == Arrival::Members
            && (sort == PersonSort::Projects || quick == Some(PersonQuick::InNoProject))
    }

    fn detail_len(account: &Account, p: &Person) -> usize {
        account.membership_count(p.id())
    }

    /// The card's memberships share the pane with the person's fields.
    fn detail_page(page: usize) -> usize {
        page / 2
    }
}

/// The People rows before the fuzzy query, computed afresh.
pub fn base(
    account: &Account,
    sort: PersonSort,
    descending: bool,
    quick: Option<PersonQuick>,
) -> Vec<usize> {
    let (lookup, mut keys) = (Lookup::default(), KeyCache::default());
    let order = Order { sort, descending };
    PeopleKind::base(Rows::fresh(account, &lookup, &mut keys, order, quick))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::table::{Table, TableView};
    use crate::model::account::{PersonFields, PersonId, RoleRef};

    fn person(id: u64, name: &str, suspended: bool) -> Person {
        Person::from(PersonFields {
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
        })
    }

    #[test]
    fn rows_sorted_from_cached_keys_match_a_fresh_sort_after_every_change() {
        let mut account = Account::new(None);
        let mut table = Table::<PeopleKind>::default();
        let names = [
            "Zoë", "anna", "Émile", "bob", "Anna", "carl", "Ängel", "dora",
        ];
        let by_name = (PersonSort::Name, false, None);
        let mut check = |account: &Account, (sort, desc, quick)| {
            table.sort = sort;
            table.descending = desc;
            table.quick = quick;
            table.refresh(account, &Lookup::default());
            assert_eq!(
                table.list.base(),
                base(account, sort, desc, quick),
                "{sort:?} {desc} {quick:?}"
            );
        };
        for (i, n) in names.iter().enumerate() {
            account.upsert_person(person(i as u64 + 1, n, i % 3 == 0));
            check(&account, by_name);
        }
        // a rename moves the person; a straight write into the list too
        account.upsert_person(person(2, "Yannick", false));
        check(&account, by_name);
        let mut f = account.people[0].to_fields();
        f.name = Some("Aaron".into());
        account.people[0] = Person::from(f);
        check(&account, by_name);
        for order in [
            (PersonSort::Name, true, None),
            (PersonSort::Email, true, None),
            (PersonSort::Email, false, Some(PersonQuick::Suspended)),
            (PersonSort::Name, false, Some(PersonQuick::Suspended)),
            by_name,
        ] {
            check(&account, order);
        }
        account.remove_person(PersonId(4));
        check(&account, by_name);
    }
}
