//! What a finished load hands the console's core: the whole account, or, where the people came
//! only as pages while loading (the console's loader keeps no copy of them), the rest of it.
//!
//! At 100,000 people a second copy of every person is most of the console's memory, so the
//! console's loader streams people to the core, which keeps them, and hands over only the
//! projects, roles, groups and memberships, with the order of the people it sent
//! ([`AccountRest`]). The CLI (export, sync plan) loads the whole account ([`Loaded::Whole`]).

use crate::model::account::{Account, Person, PersonId};
use crate::model::records::Records;

/// A finished load.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    /// The whole account.
    Whole(Account),
    /// Everything but the people, who came as pages.
    Rest(AccountRest),
}

/// An account without its people, who came as pages: projects, roles, groups and memberships,
/// and the ids of the people the load brought, in the account's order.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountRest {
    account: Account,
    people: Vec<PersonId>,
}

impl AccountRest {
    /// `account`'s people are dropped: `people` names them.
    pub fn new(mut account: Account, people: Vec<PersonId>) -> AccountRest {
        account.people = Records::new();
        AccountRest { account, people }
    }

    /// How many people the load brought.
    pub fn people_count(&self) -> usize {
        self.people.len()
    }

    /// Whether `streamed` holds exactly the load's people in the load's order: then
    /// [`AccountRest::with_people`] keeps every record where it is (and what was built over
    /// the positions, such as a search index, stays right).
    pub fn in_order(&self, streamed: &[Person]) -> bool {
        streamed.len() == self.people.len()
            && streamed
                .iter()
                .zip(&self.people)
                .all(|(p, id)| p.id() == *id)
    }

    /// The whole account: the rest, with the load's people taken from `streamed` (the pages as
    /// the core kept them), in the load's order. Anyone in `streamed` the load did not bring
    /// (left from an earlier load) is dropped.
    pub fn with_people(self, streamed: Records<Person>) -> Account {
        let same_order = self.in_order(&streamed);
        let AccountRest {
            mut account,
            people,
        } = self;
        account.people = if same_order {
            streamed
        } else {
            let positions: Vec<Option<usize>> =
                people.iter().map(|id| streamed.position(*id)).collect();
            let mut slots: Vec<Option<Person>> =
                streamed.into_vec().into_iter().map(Some).collect();
            positions
                .into_iter()
                .flatten()
                .filter_map(|pos| slots.get_mut(pos).and_then(Option::take))
                .collect()
        };
        account
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::PersonFields;
    use crate::model::profile::Profile;

    fn person(id: u64) -> Person {
        Person::from(PersonFields {
            name: Some(format!("P{id}")),
            ..PersonFields::new(PersonId(id), format!("p{id}@x.io"))
        })
    }

    fn ids(a: &Account) -> Vec<u64> {
        a.people.iter().map(|p| p.id().0).collect()
    }

    #[test]
    fn the_rest_takes_the_streamed_people_in_the_loads_order_and_only_those() {
        let mut whole = Account::new(Some(Profile::V3));
        whole.people = (1..=3).map(person).collect();
        let rest = AccountRest::new(whole.clone(), vec![PersonId(1), PersonId(2), PersonId(3)]);
        assert!(rest.account.people.is_empty());
        assert_eq!(rest.people_count(), 3);
        assert!(rest.in_order(&whole.people));
        assert_eq!(rest.clone().with_people(whole.people.clone()), whole);

        // a reload streamed into an account that still holds someone since deleted (9), and
        // a page that came in another order
        let streamed: Records<Person> = [9, 3, 1, 2].into_iter().map(person).collect();
        assert!(!rest.in_order(&streamed));
        assert_eq!(ids(&rest.with_people(streamed)), [1, 2, 3]);
    }
}
