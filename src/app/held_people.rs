//! The live load's people while a snapshot is shown: they wait beside it until the load
//! completes, when the live account is built from them (`update`, `Action::LoadRest`).
//!
//! Most people arrive exactly as the snapshot holds them, and a copy of each would be a second
//! account's worth of records in memory beside the snapshot's own, its search index and sort
//! keys (20 MB of the console's peak at 100,000 people). So a person who arrives equal to the
//! snapshot's record is kept as their id alone, and their record is taken from the snapshot
//! when the live account is built ([`HeldPeople::into_people`]), after the snapshot's haystacks
//! and sort keys are dropped. Anyone else (new, changed, or arriving twice) is kept whole.
//!
//! A write made while the load runs changes the snapshot's record from what the server read
//! back; a person kept by id then takes that record, which is newer than the page that matched
//! the old one; a person deleted meanwhile (the delete checked they are gone) is left out.

use crate::model::account::{Person, PersonId};
use crate::model::records::Records;

/// One arrival, in the load's order.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// Equal to the snapshot's record with this id when it arrived.
    Same(PersonId),
    /// At this position of [`HeldPeople::fresh`].
    Fresh(u32),
}

/// The people a live load brought while a snapshot is shown, in arrival order.
#[derive(Debug, Clone, Default)]
pub struct HeldPeople {
    order: Vec<Slot>,
    fresh: Vec<Person>,
}

impl HeldPeople {
    /// A page arrived; `shown` is the snapshot's people.
    pub fn push_page(&mut self, page: Vec<Person>, shown: &Records<Person>) {
        self.order.reserve(page.len());
        for person in page {
            let fresh_at = u32::try_from(self.fresh.len()).unwrap_or(u32::MAX);
            match shown.by_id(person.id()) {
                Some(kept) if *kept == person => self.order.push(Slot::Same(person.id())),
                _ => {
                    self.order.push(Slot::Fresh(fresh_at));
                    self.fresh.push(person);
                }
            }
        }
    }

    /// How many arrived.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The people as they arrived, each kept by id taken from `shown` as it is now.
    pub fn into_people(self, shown: &Records<Person>) -> Vec<Person> {
        let HeldPeople { order, fresh } = self;
        let mut fresh: Vec<Option<Person>> = fresh.into_iter().map(Some).collect();
        order
            .into_iter()
            .filter_map(|slot| match slot {
                Slot::Same(id) => shown.by_id(id).cloned(),
                Slot::Fresh(at) => fresh.get_mut(at as usize).and_then(Option::take),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::PersonFields;

    fn person(id: u64, email: &str, title: &str) -> Person {
        Person::from(PersonFields {
            title: Some(title.into()),
            ..PersonFields::new(PersonId(id), email)
        })
    }

    fn shown() -> Records<Person> {
        Records::from(vec![
            person(1, "a@x.io", "Lead"),
            person(2, "b@x.io", "Dev"),
            person(3, "c@x.io", "Ops"),
        ])
    }

    #[test]
    fn the_live_people_come_back_in_arrival_order_with_their_live_records() {
        let shown = shown();
        let mut held = HeldPeople::default();
        // 3 unchanged, 2 retitled, 4 new, 1 unchanged; across two pages.
        held.push_page(
            vec![person(3, "c@x.io", "Ops"), person(2, "b@x.io", "QA")],
            &shown,
        );
        held.push_page(
            vec![person(4, "d@x.io", "New"), person(1, "a@x.io", "Lead")],
            &shown,
        );
        assert_eq!(held.len(), 4);
        assert_eq!(
            held.fresh.len(),
            2,
            "only the changed and the new are copies"
        );
        let people = held.into_people(&shown);
        assert_eq!(
            people,
            vec![
                person(3, "c@x.io", "Ops"),
                person(2, "b@x.io", "QA"),
                person(4, "d@x.io", "New"),
                person(1, "a@x.io", "Lead"),
            ]
        );
    }

    #[test]
    fn a_person_written_or_deleted_during_the_load_comes_back_as_the_snapshot_now_holds_them() {
        let mut shown = shown();
        let mut held = HeldPeople::default();
        held.push_page(
            vec![
                person(1, "a@x.io", "Lead"),
                person(2, "b@x.io", "Dev"),
                person(3, "c@x.io", "Ops"),
            ],
            &shown,
        );
        // A write read back a new title for 1; 2 was deleted (gone from the server).
        shown.upsert(person(1, "a@x.io", "Head"));
        shown.retain(|p| p.id() != PersonId(2));
        let people = held.into_people(&shown);
        assert_eq!(
            people,
            vec![person(1, "a@x.io", "Head"), person(3, "c@x.io", "Ops")]
        );
    }

    #[test]
    fn a_person_arriving_twice_keeps_both_arrivals_as_the_pages_had_them() {
        let shown = shown();
        let mut held = HeldPeople::default();
        held.push_page(vec![person(2, "b@x.io", "Dev")], &shown);
        held.push_page(vec![person(2, "b@x.io", "QA")], &shown);
        assert_eq!(
            held.into_people(&shown),
            vec![person(2, "b@x.io", "Dev"), person(2, "b@x.io", "QA")]
        );
    }
}
