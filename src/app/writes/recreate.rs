//! Recreating a deleted person from a journal tombstone: the list of tombstones (`T`), and a
//! confirmation that says how many people ProofHub emails an invitation at once and what will
//! and will not come back; then `api::recreate` invites the person again and restores the rest.

use crate::model::account::{Account, RoleRef};
use crate::model::changes::NewPerson;
use crate::model::failure::LoadError;
use crate::model::profile::Profile;
use crate::model::restore::Missed;
use crate::model::tombstone::{Entry, Tombstone};

use super::super::keymap::{self, Binding, Command, Context, keys, read};
use super::job::WriteOp;
use super::offboard::Button;

/// The journal's tombstones, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct TombstoneList {
    /// `None` while the journal is being read.
    pub entries: Option<Result<Vec<Entry>, LoadError>>,
    pub selected: usize,
}

/// "Recreate X? ProofHub emails an invitation at once."
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmRecreate {
    pub tombstone: Tombstone,
    pub focus: Button,
}

impl ConfirmRecreate {
    /// Refuses when someone already has the email.
    pub fn new(account: &Account, tombstone: Tombstone) -> Result<ConfirmRecreate, String> {
        if let Some(p) = account.person_by_email(tombstone.person.email()) {
            return Err(format!(
                "{} already has the email {}; nothing to recreate",
                p.display_name(),
                p.email().trim()
            ));
        }
        Ok(ConfirmRecreate {
            tombstone,
            focus: Button::Cancel,
        })
    }

    pub fn op(&self, account: &Account) -> WriteOp {
        let (new, missed) = request(account, &self.tombstone);
        WriteOp::Recreate {
            tombstone: Box::new(self.tombstone.clone()),
            new,
            missed,
        }
    }

    /// What the confirmation promises, before anything is sent.
    pub fn preview(&self, account: &Account) -> Preview {
        let t = &self.tombstone;
        let (new, missed) = request(account, t);
        let mut restores = vec!["name".to_string(), "email".to_string()];
        if let Some(role) = t.role_name.as_deref().filter(|_| new.role.is_some()) {
            restores.push(format!("role {role}"));
        }
        let p = &t.person;
        let profile = account.profile;
        let has = |v: Option<&str>| v.is_some_and(|v| !v.trim().is_empty());
        if profile != Some(Profile::Guide) && has(p.title()) {
            restores.push("title".into());
        }
        if profile == Some(Profile::Guide) {
            for (name, v) in [
                ("username", p.username()),
                ("company", p.company()),
                ("phone", p.phone()),
            ] {
                if has(v) {
                    restores.push(name.into());
                }
            }
        }
        if p.suspended() {
            restores.push("suspended".into());
        }
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        if !t.memberships.is_empty() {
            restores.push(plural(
                t.memberships.len(),
                "project membership",
                "project memberships",
            ));
        }
        if profile != Some(Profile::Guide) && !t.groups.is_empty() {
            restores.push(plural(t.groups.len(), "group", "groups"));
        }
        if !t.managed_projects.is_empty() {
            restores.push(format!(
                "manager of {} (where no one else manages it now)",
                plural(t.managed_projects.len(), "project", "projects")
            ));
        }
        let emailed = match profile {
            Some(Profile::V3) | None if new.send_invite == Some(false) => 0,
            _ => 1,
        };
        Preview {
            restores,
            missed,
            emailed,
        }
    }
}

/// What a recreate will do, for the confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub restores: Vec<String>,
    pub missed: Vec<Missed>,
    /// How many people get an invitation email.
    pub emailed: usize,
}

/// The invite that recreates the person of `tombstone` on `account`, and what of the
/// tombstone is known up front not to come back (with why).
pub fn request(account: &Account, tombstone: &Tombstone) -> (NewPerson, Vec<Missed>) {
    let p = &tombstone.person;
    let guide = account.profile == Some(Profile::Guide);
    let mut new = match (p.first_name(), p.last_name()) {
        (Some(f), l) if !guide => NewPerson {
            first_name: f.to_string(),
            last_name: l.unwrap_or_default().to_string(),
            email: p.email().trim().to_string(),
            ..NewPerson::default()
        },
        _ => NewPerson::with_full_name(&p.display_name(), p.email()),
    };
    let mut missed = Vec::new();
    let role_name = tombstone
        .role_name
        .clone()
        .unwrap_or_else(|| "as before".into());
    let owner = role_name.eq_ignore_ascii_case("owner");
    let what = format!("role {role_name}");
    new.role = match (p.role(), account.profile) {
        _ if owner => {
            missed.push(Missed::new(
                what,
                "an invite cannot make an owner; the person gets the account's default role",
            ));
            None
        }
        // Only a role the account still has; else the server's default.
        (RoleRef::Id(id), Some(Profile::V3)) => {
            let found = account
                .roles
                .iter()
                .find(|r| r.id == *id)
                .map(|r| RoleRef::Id(r.id));
            if found.is_none() {
                missed.push(Missed::new(
                    what,
                    "the account no longer has that role; the person gets the default role",
                ));
            }
            found
        }
        (RoleRef::Name(n), Some(Profile::Guide)) => Some(RoleRef::Name(n.clone())),
        (RoleRef::None, _) => None,
        _ => {
            missed.push(Missed::new(what, "the role is not in this profile's form"));
            None
        }
    };
    if !guide {
        new.send_invite = Some(true);
    }
    (new, missed)
}

/// The keys of the tombstone list and of the recreate confirmation.
pub fn bindings() -> Vec<Binding> {
    let x = Context::Tombstones;
    let mut b = vec![
        read(keys::UP_K, x, Command::Up, "move up", Some("choose")),
        read(keys::DOWN_J, x, Command::Down, "move down", Some("choose")),
        read(
            keys::ENTER,
            x,
            Command::Confirm,
            "recreate the selected person, or restore their revoked access (asks first)",
            Some("recreate/restore"),
        ),
        read(keys::ESC, x, Command::Cancel, "close", Some("close")),
        keymap::help(x),
    ];
    b.extend(keymap::buttons(
        Context::ConfirmRecreate,
        "press the focused button (Recreate invites them again, which emails them)",
        "cancel: nothing is sent",
        "cancel",
        true,
    ));
    b
}
