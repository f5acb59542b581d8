//! The person fields `export` writes: the default CSV columns per profile, and the ones
//! `--fields a,b,c` selects. A field has one name for the CSV header and the JSON key, a CSV
//! cell (text) and a JSON value (typed as in the full document's person objects). The names
//! and types are a stable interface: docs/CLI-JSON.md.

use std::fmt::Write as _;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Value, json};

use crate::model::account::{Account, Person};
use crate::model::profile::Profile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum Field {
    Id,
    Name,
    FirstName,
    LastName,
    Email,
    Role,
    Title,
    Status,
    Suspended,
    LastActive,
    CreatedAt,
    UpdatedAt,
    Groups,
    Projects,
}

impl Field {
    /// The CSV header and JSON key.
    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Name => "name",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Email => "email",
            Field::Role => "role",
            Field::Title => "title",
            Field::Status => "status",
            Field::Suspended => "suspended",
            Field::LastActive => "last_active",
            Field::CreatedAt => "created_at",
            Field::UpdatedAt => "updated_at",
            Field::Groups => "groups",
            Field::Projects => "projects",
        }
    }

    /// The CSV columns without `--fields`: v3 also has the name's parts and the title.
    pub fn default_columns(profile: Option<Profile>) -> &'static [Field] {
        match profile {
            Some(Profile::Guide) => &[
                Field::Id,
                Field::Name,
                Field::Email,
                Field::Role,
                Field::Status,
                Field::LastActive,
                Field::Projects,
            ],
            _ => &[
                Field::Id,
                Field::Name,
                Field::FirstName,
                Field::LastName,
                Field::Email,
                Field::Role,
                Field::Title,
                Field::Status,
                Field::LastActive,
                Field::Projects,
            ],
        }
    }

    /// The CSV cell: text; groups by name and projects as `Title (role)`, joined with `"; "`.
    pub fn csv(self, account: &Account, p: &Person) -> String {
        let mut out = String::new();
        self.write_csv(account, p, &mut out);
        out
    }

    /// [`Field::csv`], appended to `out`.
    pub fn write_csv(self, account: &Account, p: &Person, out: &mut String) {
        fn text(o: Option<&str>) -> &str {
            o.unwrap_or_default()
        }
        match self {
            Field::Id => {
                let _ = write!(out, "{}", p.id());
            }
            Field::Name => p.write_display_name(out),
            Field::FirstName => out.push_str(text(p.first_name())),
            Field::LastName => out.push_str(text(p.last_name())),
            Field::Email => out.push_str(p.email()),
            Field::Role => out.push_str(&account.role_name_ref(p).unwrap_or_default()),
            Field::Title => out.push_str(text(p.title())),
            Field::Status => out.push_str(super::export::status(p)),
            Field::Suspended => {
                let _ = write!(out, "{}", p.suspended());
            }
            Field::LastActive => out.push_str(text(p.last_active().as_deref())),
            Field::CreatedAt => out.push_str(text(p.created_at().as_deref())),
            Field::UpdatedAt => out.push_str(text(p.updated_at().as_deref())),
            Field::Groups => {
                for (i, g) in account.groups_of(p.id()).iter().enumerate() {
                    if i > 0 {
                        out.push_str("; ");
                    }
                    out.push_str(&g.name);
                }
            }
            Field::Projects => super::export::write_projects_cell(account, p, out),
        }
    }

    /// The JSON value, as the full document's person object has it.
    pub fn json(self, account: &Account, p: &Person) -> Value {
        match self {
            Field::Id => json!(p.id()),
            Field::Name => json!(p.display_name()),
            Field::FirstName => json!(p.first_name()),
            Field::LastName => json!(p.last_name()),
            Field::Email => json!(p.email()),
            Field::Role => json!(account.role_name(p)),
            Field::Title => json!(p.title()),
            Field::Status => json!(super::export::status(p)),
            Field::Suspended => json!(p.suspended()),
            Field::LastActive => json!(p.last_active()),
            Field::CreatedAt => json!(p.created_at()),
            Field::UpdatedAt => json!(p.updated_at()),
            Field::Groups => json!(
                account
                    .groups_of(p.id())
                    .iter()
                    .map(|g| g.id)
                    .collect::<Vec<_>>()
            ),
            Field::Projects => json!(super::export_json::person_projects(account, p)),
        }
    }
}

/// The JSON document of `export --fields`: `{"profile": …, "people": [{field: value, …}]}`,
/// serialized person by person.
pub(super) struct Selected<'a> {
    pub(super) account: &'a Account,
    pub(super) fields: &'a [Field],
}

impl Serialize for Selected<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("profile", &self.account.profile.map(Profile::as_str))?;
        map.serialize_entry("people", &SelectedPeople(self))?;
        map.end()
    }
}

struct SelectedPeople<'a>(&'a Selected<'a>);

impl Serialize for SelectedPeople<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Selected { account, fields } = self.0;
        let mut seq = s.serialize_seq(Some(account.people.len()))?;
        for p in &account.people {
            seq.serialize_element(&SelectedPerson {
                account,
                person: p,
                fields,
            })?;
        }
        seq.end()
    }
}

struct SelectedPerson<'a> {
    account: &'a Account,
    person: &'a Person,
    fields: &'a [Field],
}

impl Serialize for SelectedPerson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.fields.len()))?;
        for f in self.fields {
            map.serialize_entry(f.name(), &f.json(self.account, self.person))?;
        }
        map.end()
    }
}
