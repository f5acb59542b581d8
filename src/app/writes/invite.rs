//! Inviting a person: name, email, role (and in v3 whether ProofHub sends the email), checked
//! for form and for duplicates against the loaded account before anything is sent.

use crate::model::account::{Account, Role, RoleRef};
use crate::model::changes::NewPerson;
use crate::model::profile::Profile;

use super::super::keymap::{Binding, Context};
use super::edit::role_field;
use super::form::{self, Field, FieldKind, Form, valid_email};
use super::job::WriteOp;

#[derive(Debug, Clone, PartialEq)]
pub struct InviteForm {
    pub form: Form,
    pub profile: Profile,
    /// Which role the form preselected and why, shown under the fields.
    pub role_note: String,
}

/// Whether a role's name says it holds admin rights (Owner, Admin, "Project Admin", ...).
fn has_admin_rights(name: &str) -> bool {
    let name = name.to_lowercase();
    name.contains("owner") || name.contains("admin")
}

/// The role an invite starts on, and why: never one with admin rights. ProofHub's `default`
/// marks its built-in roles (its docs show Owner, Admin and Normal User all `"default": true`),
/// so it is a preference, not an answer: the default roles without admin rights first, "Normal
/// User" among them, else any role without admin rights, "Normal User" first.
pub fn least_privileged(roles: &[Role]) -> Option<(&Role, &'static str)> {
    let safe = || roles.iter().filter(|r| !has_admin_rights(&r.name));
    let normal = |r: &&Role| r.name.eq_ignore_ascii_case("normal user");
    let defaults = || safe().filter(|r| r.default);
    defaults()
        .find(normal)
        .or_else(|| defaults().next())
        .map(|r| (r, "the least-privileged default role"))
        .or_else(|| {
            safe()
                .find(normal)
                .or_else(|| safe().next())
                .map(|r| (r, "the first role without admin rights"))
        })
}

/// An email an invite may use: well formed, and nobody in the account has it (any case).
pub fn new_email(account: &Account, email: &str) -> Result<(), String> {
    if !valid_email(email) {
        return Err(format!("{email:?} is not an email address"));
    }
    match account.person_by_email(email) {
        Some(p) => Err(format!(
            "{} already has the email {} (emails are compared ignoring case)",
            p.display_name(),
            p.email().trim()
        )),
        None => Ok(()),
    }
}

impl InviteForm {
    pub fn open(account: &Account) -> InviteForm {
        let profile = account.profile.unwrap_or(Profile::V3);
        let (default, role_note) = match profile {
            Profile::V3 => match least_privileged(&account.roles) {
                Some((r, why)) => (
                    RoleRef::Id(r.id),
                    format!("role {} preselected: {why}", r.name),
                ),
                None => (
                    RoleRef::None,
                    "every role of the account has admin rights: pick one with ←→".into(),
                ),
            },
            Profile::Guide => (
                RoleRef::Name("member".into()),
                "role member preselected: the least-privileged default role".into(),
            ),
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
                value: crate::app::text_line::TextLine::default(),
                original: String::new(),
                kind: FieldKind::Toggle { on: true },
            });
        }
        InviteForm {
            form: Form::new(fields),
            profile,
            role_note,
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
        new_email(account, &email)?;
        let mut new = NewPerson::with_full_name(&name, &email);
        new.role = self
            .form
            .get("role")
            .and_then(super::form::Field::role)
            .filter(|r| *r != RoleRef::None);
        if self.profile == Profile::V3 {
            new.send_invite = Some(self.sends_email());
        }
        Ok(WriteOp::Invite { new })
    }
}

/// The keys of the invite form.
pub fn bindings() -> Vec<Binding> {
    form::bindings(
        Context::InviteForm,
        "send the invitation (ProofHub emails it at once)",
        "invite",
        true,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::RoleId;

    fn role(id: u64, name: &str, default: bool) -> Role {
        Role {
            id: RoleId(id),
            name: name.into(),
            default,
        }
    }

    #[test]
    fn the_docs_roles_preselect_normal_user_never_admin() {
        let docs = [
            role(1, "Owner", true),
            role(2, "Admin", true),
            role(3, "Normal User", true),
            role(4, "Client", false),
        ];
        assert_eq!(least_privileged(&docs).map(|(r, _)| r.id), Some(RoleId(3)));
        let admins_only = [
            role(1, "Owner", true),
            role(2, "Project Admin", true),
            role(4, "Client", false),
        ];
        assert_eq!(
            least_privileged(&admins_only).map(|(r, _)| r.id),
            Some(RoleId(4))
        );
        assert!(least_privileged(&[role(1, "Owner", true), role(2, "Admin", true)]).is_none());
    }
}
