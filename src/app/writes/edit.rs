//! Editing a person: the form of the fields the profile has, the before → after review of only
//! the changed fields, and the conflict view when the record changed on the server meanwhile.

use crate::model::account::{Person, PersonId, RoleRef};
use crate::model::changes::{Edit, PersonChanges, Seen};
use crate::model::profile::Profile;

use super::super::keymap::{self, Binding, Chord, Command, Context, keys, read, write};
use super::form::{self, Field, FieldKind, Form, valid_email};
use super::job::WriteOp;
use crate::model::account::Account;

/// The role choices: v3 the account's roles from `/roles` (not the owner's), guide the role
/// names ProofHub knows (not owner). The person's current role is always among them.
pub fn role_options(account: &Account, current: &RoleRef) -> (Vec<(String, RoleRef)>, usize) {
    let mut options: Vec<(String, RoleRef)> = match account.profile {
        Some(Profile::V3) => account
            .roles
            .iter()
            .filter(|r| !r.name.eq_ignore_ascii_case("owner"))
            .map(|r| (r.name.clone(), RoleRef::Id(r.id)))
            .collect(),
        _ => ["admin", "member", "client"]
            .iter()
            .map(|n| (n.to_string(), RoleRef::Name(n.to_string())))
            .collect(),
    };
    let same = |r: &RoleRef| match (r, current) {
        (RoleRef::Name(a), RoleRef::Name(b)) => a.eq_ignore_ascii_case(b),
        (a, b) => a == b,
    };
    let pos = match options.iter().position(|(_, r)| same(r)) {
        Some(p) => p,
        None => {
            let label = match current {
                RoleRef::Id(id) => format!("role {id}"),
                RoleRef::Name(n) => n.clone(),
                RoleRef::None => "(none)".into(),
            };
            options.insert(0, (label, current.clone()));
            0
        }
    };
    (options, pos)
}

/// The role as a choice field, on the person's current role.
pub(super) fn role_field(account: &Account, current: &RoleRef) -> Field {
    let (options, selected) = role_options(account, current);
    Field {
        key: "role",
        label: "role",
        value: crate::app::text_line::TextLine::default(),
        original: String::new(),
        kind: FieldKind::Choice {
            options,
            selected,
            original: selected,
        },
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EditForm {
    pub person: PersonId,
    pub subject: String,
    /// The record as shown: the save is refused if the server's stamp or any field differs.
    pub seen: Seen,
    pub form: Form,
}

impl EditForm {
    pub fn open(account: &Account, p: &Person) -> EditForm {
        let s = |o: Option<&str>| o.unwrap_or_default().to_string();
        let mut fields = match account.profile {
            Some(Profile::Guide) => vec![
                Field::text("name", "name", &s(p.name())),
                Field::text("email", "email", p.email()),
                Field::text("username", "username", &s(p.username())),
                Field::text("company", "company", &s(p.company())),
                Field::text("phone", "phone", &s(p.phone())),
            ],
            _ => vec![
                Field::text("first_name", "first name", &s(p.first_name())),
                Field::text("last_name", "last name", &s(p.last_name())),
                Field::text("title", "title", &s(p.title())),
                Field::text("email", "email", p.email()),
            ],
        };
        // The owner's role is not the console's to change.
        if !account.is_owner(p) {
            fields.push(role_field(account, p.role()));
        }
        EditForm {
            person: p.id(),
            subject: format!("{} <{}>", p.display_name(), p.email().trim()),
            seen: Seen::of(p),
            form: Form::new(fields),
        }
    }

    /// (label, before, after) of each changed field.
    pub fn diff(&self) -> Vec<(String, String, String)> {
        self.form
            .fields
            .iter()
            .filter(|f| f.changed())
            .map(|f| {
                (
                    f.label.to_string(),
                    f.shown_original().trim().to_string(),
                    f.shown().trim().to_string(),
                )
            })
            .collect()
    }

    /// Checks the input; the problem in words when there is one.
    pub fn validate(&self, account: &Account) -> Result<(), String> {
        let email = self.form.value("email");
        if !valid_email(&email) {
            return Err(format!("{email:?} is not an email address"));
        }
        if let Some(other) = account.person_by_email(&email)
            && other.id() != self.person
        {
            return Err(format!(
                "{} already has the email {email}",
                other.display_name()
            ));
        }
        let name_key = if account.profile == Some(Profile::Guide) {
            "name"
        } else {
            "first_name"
        };
        if self.form.get(name_key).is_some() && self.form.value(name_key).is_empty() {
            return Err("the name cannot be empty".into());
        }
        Ok(())
    }

    /// The changed fields as the client takes them.
    pub fn changes(&self) -> PersonChanges {
        let mut c = PersonChanges::default();
        for f in self.form.fields.iter().filter(|f| f.changed()) {
            let v = f.value.as_str().trim().to_string();
            let text = if v.is_empty() {
                Edit::Clear
            } else {
                Edit::Set(v)
            };
            match f.key {
                "first_name" => c.first_name = text,
                "last_name" => c.last_name = text,
                "name" => c.name = text,
                "title" => c.title = text,
                "email" => c.email = text,
                "username" => c.username = text,
                "company" => c.company = text,
                "phone" => c.phone = text,
                "role" => {
                    if let Some(r) = f.role() {
                        c.role = Edit::Set(r);
                    }
                }
                _ => {}
            }
        }
        c
    }

    /// The write that saves this form, refused by the client if the record changed since it
    /// was `seen`.
    pub fn op(&self) -> WriteOp {
        WriteOp::Edit {
            person: self.person,
            subject: self.subject.clone(),
            seen: Box::new(self.seen.clone()),
            changes: self.changes(),
            diff: self.diff(),
        }
    }
}

/// The review of the changed fields before saving.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub edit: EditForm,
    pub diff: Vec<(String, String, String)>,
}

/// The server's record changed since the form opened: the admin's values next to the server's.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictView {
    pub edit: EditForm,
    pub fresh: Person,
    /// (label, the admin's value, the server's value now) for each field the admin changed.
    pub rows: Vec<(String, String, String)>,
}

impl ConflictView {
    pub fn new(account: &Account, edit: EditForm, fresh: Person) -> ConflictView {
        let now = EditForm::open(account, &fresh);
        let rows = edit
            .form
            .fields
            .iter()
            .filter(|f| f.changed())
            .map(|f| {
                let server = now
                    .form
                    .get(f.key)
                    .map(super::form::Field::shown_original)
                    .unwrap_or_default();
                (f.label.to_string(), f.shown(), server)
            })
            .collect();
        ConflictView { edit, fresh, rows }
    }

    /// The admin's changes again, on the record as the server holds it now.
    pub fn reapply(&self) -> WriteOp {
        let mut edit = self.edit.clone();
        edit.seen = Seen::of(&self.fresh);
        let mut op = edit.op();
        if let WriteOp::Edit { diff, .. } = &mut op {
            *diff = self
                .rows
                .iter()
                .map(|(l, mine, server)| (l.clone(), server.clone(), mine.clone()))
                .collect();
        }
        op
    }
}

const REAPPLY: &[Chord] = &[Chord::ch('r')];
const DROP: &[Chord] = &[Chord::ch('d')];

/// The keys of the edit form, its review and the conflict view.
pub fn bindings() -> Vec<Binding> {
    let mut b = form::bindings(
        Context::EditForm,
        "review the changed fields before saving",
        "review",
        false,
    );
    b.extend([
        write(
            keys::ENTER,
            Context::EditReview,
            Command::Confirm,
            "save the changed fields",
            Some("save"),
            false,
        ),
        read(
            keys::ESC_BKSP,
            Context::EditReview,
            Command::Cancel,
            "back to the form",
            Some("back to the form"),
        ),
        keymap::help(Context::EditReview),
        write(
            REAPPLY,
            Context::Conflict,
            Command::Reapply,
            "re-apply your change on the fresh record",
            Some("re-apply yours on the fresh record"),
            false,
        ),
        write(
            keys::ENTER,
            Context::Conflict,
            Command::Confirm,
            "re-apply your change on the fresh record",
            None,
            false,
        ),
        read(
            DROP,
            Context::Conflict,
            Command::DropMine,
            "drop your change: the person shows as the server has them",
            Some("drop yours"),
        ),
        read(
            keys::ESC,
            Context::Conflict,
            Command::Cancel,
            "drop your change: the person shows as the server has them",
            Some("drop yours"),
        ),
        keymap::help(Context::Conflict),
    ]);
    b
}
