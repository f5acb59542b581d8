//! What a write asks for, as plain data: an [`Edit`] per field, the [`PersonChanges`] of an
//! update, a [`NewPerson`] to invite. The console's forms and the directory sync build these; the
//! client (`api::merge`) turns them into each profile's request.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::model::account::{Person, RoleRef};

/// What the admin saw of a person when the form was read: its `updated_at` and its fields. An
/// update is refused when the fresh record differs from it in the stamp or in any field seen
/// (ProofHub's stamps are whole seconds, so a change within the same second keeps the stamp).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Seen {
    /// `None`: not checked.
    pub stamp: Option<String>,
    /// The fields seen, in the profile's JSON keys ([`shown_fields`]); `None`: only the stamp
    /// is checked.
    pub record: Option<Map<String, Value>>,
}

impl Seen {
    /// The person as shown: stamp and every field the console holds.
    pub fn of(p: &Person) -> Seen {
        Seen {
            stamp: p.updated_at().map(Cow::into_owned),
            record: Some(shown_fields(p)),
        }
    }
}

/// The fields the console holds of a person, under the JSON keys the server uses for them: what
/// a write compares to find a change made since the admin saw the person, and what the journal
/// records of a person. A field the server did not send is `null` (which compares equal to
/// absent and to ""). v3's `suspended` is kept where there is no guide `status` (guide derives
/// it from `status`, and `status` compares by meaning).
pub fn shown_fields(p: &Person) -> Map<String, Value> {
    let text = |v: Option<&str>| v.map_or(Value::Null, |s| Value::String(s.to_string()));
    let mut m = Map::new();
    m.insert("id".into(), Value::from(p.id().0));
    for (key, value) in [
        ("name", p.name()),
        ("first_name", p.first_name()),
        ("last_name", p.last_name()),
        ("username", p.username()),
        ("title", p.title()),
        ("company", p.company()),
        ("phone", p.phone()),
        ("status", p.status()),
    ] {
        m.insert(key.into(), text(value));
    }
    m.insert("email".into(), Value::String(p.email().to_string()));
    m.insert(
        "role".into(),
        match p.role() {
            RoleRef::Id(id) => serde_json::json!({ "id": id.0 }),
            RoleRef::Name(n) => Value::String(n.clone()),
            RoleRef::None => Value::Null,
        },
    );
    if p.status().is_none() {
        m.insert("suspended".into(), Value::Bool(p.suspended()));
    }
    for (key, value) in [
        ("last_active", p.last_active()),
        ("created_at", p.created_at()),
        ("updated_at", p.updated_at()),
    ] {
        if value.is_some() {
            m.insert(key.into(), text(value.as_deref()));
        }
    }
    m
}

/// Only a stamp (a sync plan holds the stamp it was planned against).
impl From<Option<String>> for Seen {
    fn from(stamp: Option<String>) -> Seen {
        Seen {
            stamp,
            record: None,
        }
    }
}

/// What to do with one field: keep it, set it, or clear it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Edit<T> {
    #[default]
    Keep,
    Set(T),
    Clear,
}

impl<T> Edit<T> {
    pub fn is_keep(&self) -> bool {
        matches!(self, Edit::Keep)
    }
}

/// The fields an update changes; everything left at [`Edit::Keep`] stays as the server has it.
/// Fields one profile does not have are refused by the client (`ApiError::Unsupported`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PersonChanges {
    /// The full name (guide `name`; v3 splits it into first and last name at the first space).
    pub name: Edit<String>,
    pub first_name: Edit<String>,
    pub last_name: Edit<String>,
    pub email: Edit<String>,
    /// v3 only.
    pub title: Edit<String>,
    /// guide only.
    pub username: Edit<String>,
    /// guide only.
    pub company: Edit<String>,
    /// guide only.
    pub phone: Edit<String>,
    /// v3: a role id; guide: a role name.
    pub role: Edit<RoleRef>,
    /// v3 `suspended`; guide `status` "inactive"/"active".
    pub suspended: Edit<bool>,
}

/// A person to invite.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewPerson {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// v3: a role id; guide: a role name. `None`: the server's default.
    pub role: Option<RoleRef>,
    /// v3 only: whether ProofHub sends the invitation email (guide always sends it).
    pub send_invite: Option<bool>,
}

impl NewPerson {
    /// Splits a full name at the first space.
    pub fn with_full_name(name: &str, email: &str) -> NewPerson {
        let (first, last) = split_name(name);
        NewPerson {
            first_name: first,
            last_name: last,
            email: email.trim().to_string(),
            ..NewPerson::default()
        }
    }

    pub fn full_name(&self) -> String {
        join_name(&self.first_name, &self.last_name)
    }
}

pub fn split_name(name: &str) -> (String, String) {
    let name = name.trim();
    match name.split_once(char::is_whitespace) {
        Some((a, b)) => (a.to_string(), b.trim().to_string()),
        None => (name.to_string(), String::new()),
    }
}

pub fn join_name(first: &str, last: &str) -> String {
    [first.trim(), last.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
