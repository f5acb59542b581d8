//! People for unit tests, built the way new code builds them (`Person::from(PersonFields)`),
//! so the tests keep compiling when the record's insides change.

use super::account::{Person, PersonFields, PersonId, RoleRef};

/// A person with only an id, an email and a first name.
pub fn person(id: u64, email: &str, first_name: &str) -> Person {
    Person::from(PersonFields {
        id: PersonId(id),
        name: None,
        first_name: Some(first_name.into()),
        last_name: None,
        email: email.into(),
        username: None,
        title: None,
        company: None,
        phone: None,
        role: RoleRef::None,
        suspended: false,
        status: None,
        last_active: None,
        created_at: None,
        updated_at: None,
        groups: Vec::new(),
    })
}
