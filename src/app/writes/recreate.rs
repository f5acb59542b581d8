//! Recreating a deleted person from a journal tombstone: the list of tombstones (`T`), and a
//! confirmation that says plainly that ProofHub emails an invitation at once; then the person
//! is invited again and their memberships re-added.

use crate::model::account::RoleRef;
use crate::model::changes::NewPerson;
use crate::model::failure::LoadError;
use crate::model::profile::Profile;
use crate::model::tombstone::{Entry, Tombstone};

use super::job::WriteOp;
use super::offboard::Button;
use crate::model::account::Account;

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
        if let Some(p) = account.person_by_email(&tombstone.person.email) {
            return Err(format!(
                "{} already has the email {}; nothing to recreate",
                p.display_name(),
                p.email.trim()
            ));
        }
        Ok(ConfirmRecreate {
            tombstone,
            focus: Button::Cancel,
        })
    }

    pub fn op(&self, account: &Account) -> WriteOp {
        let p = &self.tombstone.person;
        let mut new = match (&p.first_name, &p.last_name) {
            (Some(f), l) if account.profile != Some(Profile::Guide) => NewPerson {
                first_name: f.clone(),
                last_name: l.clone().unwrap_or_default(),
                email: p.email.trim().to_string(),
                ..NewPerson::default()
            },
            _ => NewPerson::with_full_name(&p.display_name(), &p.email),
        };
        new.role = match (&p.role, account.profile) {
            // Only a role the account still has; else the server's default.
            (RoleRef::Id(id), Some(Profile::V3)) => account
                .roles
                .iter()
                .find(|r| r.id == *id && !r.name.eq_ignore_ascii_case("owner"))
                .map(|r| RoleRef::Id(r.id)),
            (RoleRef::Name(n), Some(Profile::Guide)) if !n.eq_ignore_ascii_case("owner") => {
                Some(RoleRef::Name(n.clone()))
            }
            _ => None,
        };
        if account.profile != Some(Profile::Guide) {
            new.send_invite = Some(true);
        }
        WriteOp::Recreate {
            tombstone: Box::new(self.tombstone.clone()),
            new,
        }
    }
}
