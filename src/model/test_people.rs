//! People for unit tests, built the way new code builds them (`Person::from(PersonFields)`),
//! so the tests keep compiling when the record's insides change.

use super::account::{Person, PersonFields, PersonId, RoleRef};

/// A person with only an id, an email and a first name.
pub fn person(id: u64, email: &str, first_name: &str) -> Person {
    searchable(id, [Some(first_name), None], email, [None, None, None])
}

/// A person with the fields the search index reads: first and last name, email, and
/// username, title and company.
pub fn searchable(
    id: u64,
    [first, last]: [Option<&str>; 2],
    email: &str,
    [username, title, company]: [Option<&str>; 3],
) -> Person {
    let text = |s: Option<&str>| s.map(str::to_string);
    Person::from(PersonFields {
        id: PersonId(id),
        name: None,
        first_name: text(first),
        last_name: text(last),
        email: email.into(),
        username: text(username),
        title: text(title),
        company: text(company),
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
