//! Inviting a person: name, email, role (and in v3 whether ProofHub sends the email), checked
//! for form and for duplicates against the loaded account before anything is sent.

use crate::model::account::RoleRef;
use crate::model::changes::NewPerson;
use crate::model::profile::Profile;

use super::edit::role_field;
use super::form::{Field, FieldKind, Form, valid_email};
use super::job::WriteOp;
use crate::model::account::Account;

#[derive(Debug, Clone, PartialEq)]
pub struct InviteForm {
    pub form: Form,
    pub profile: Profile,
}

impl InviteForm {
    pub fn open(account: &Account) -> InviteForm {
        let profile = account.profile.unwrap_or(Profile::V3);
        let default = match profile {
            Profile::V3 => account
                .roles
                .iter()
                .find(|r| r.default && !r.name.eq_ignore_ascii_case("owner"))
                .map(|r| RoleRef::Id(r.id))
                .unwrap_or(RoleRef::None),
            Profile::Guide => RoleRef::Name("member".into()),
        };
        let mut fields = vec![
            Field::text("name", "name", ""),
            Field::text("email", "email", ""),
            role_field(account, &default),
        ];
        if profile == Profile::V3 {
            fields.push(Field {
                key: "send_invite",
                label: "send email",
                value: String::new(),
                original: String::new(),
                kind: FieldKind::Toggle { on: true },
            });
        }
        InviteForm {
            form: Form::new(fields),
            profile,
        }
    }

    /// Whether ProofHub will email the invitation (guide: always).
    pub fn sends_email(&self) -> bool {
        match self.form.get("send_invite").map(|f| &f.kind) {
            Some(FieldKind::Toggle { on }) => *on,
            _ => true,
        }
    }

    /// The invite to send, or what is wrong with the input.
    pub fn submit(&self, account: &Account) -> Result<WriteOp, String> {
        let name = self.form.value("name");
        let email = self.form.value("email");
        if name.is_empty() {
            return Err("a name is needed".into());
        }
        if !valid_email(&email) {
            return Err(format!("{email:?} is not an email address"));
        }
        if let Some(p) = account.person_by_email(&email) {
            return Err(format!(
                "{} already has the email {} (emails are compared ignoring case)",
                p.display_name(),
                p.email.trim()
            ));
        }
        let mut new = NewPerson::with_full_name(&name, &email);
        new.role = self
            .form
            .get("role")
            .and_then(|f| f.role())
            .filter(|r| *r != RoleRef::None);
        if self.profile == Profile::V3 {
            new.send_invite = Some(self.sends_email());
        }
        Ok(WriteOp::Invite { new })
    }
}
