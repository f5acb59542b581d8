//! Revoking access while keeping the account: from the offboarding review, `R` asks to remove
//! the person from every project and (v3) every group, the account staying. It is not permanent
//! (the journal keeps what was removed, as a tombstone marked revoked, and `T` lists it for a
//! restore), so its confirmation lists what goes and needs no typed email.

use crate::model::account::{Account, GroupId};
use crate::model::profile::Profile;
use crate::model::sanitize::display;
use crate::model::tombstone::Tombstone;

use super::super::keymap::{self, Binding, Chord, Context};
use super::fit::Dialog;
use super::job::WriteOp;
use super::offboard::Button;

/// How wide the confirmations get.
pub const REVOKE_WIDTH: u16 = 72;

/// The built-in group that holds everyone: a person is not taken out of it.
const ALL_PEOPLE: &str = "all people";

/// "Revoke the access of X, keep the account?"
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmRevoke {
    pub tombstone: Tombstone,
    /// v3: the groups to leave, by id (the tombstone keeps their names).
    pub groups: Vec<(GroupId, String)>,
    pub focus: Button,
}

impl ConfirmRevoke {
    pub fn new(account: &Account, tombstone: Tombstone) -> ConfirmRevoke {
        let groups = match account.profile {
            Some(Profile::V3) => account
                .groups_of(tombstone.person.id())
                .into_iter()
                .filter(|g| !g.name.trim().eq_ignore_ascii_case(ALL_PEOPLE))
                .map(|g| (g.id, g.name.clone()))
                .collect(),
            _ => Vec::new(),
        };
        let mut tombstone = tombstone;
        tombstone.groups = groups.iter().map(|(_, n)| n.clone()).collect();
        ConfirmRevoke {
            tombstone,
            groups,
            focus: Button::Cancel,
        }
    }

    pub fn op(&self) -> WriteOp {
        WriteOp::RevokeAccess {
            tombstone: Box::new(self.tombstone.clone()),
            groups: self.groups.clone(),
        }
    }

    /// Whether there is anything to remove.
    pub fn is_empty(&self) -> bool {
        self.tombstone.memberships.is_empty() && self.groups.is_empty()
    }

    pub fn dialog(&self) -> Dialog {
        let t = &self.tombstone;
        let mut lines = vec![format!(
            "Remove {} from every project and group; the account stays.",
            display(&t.person.display_name())
        )];
        lines.extend(what_goes(t));
        lines.push(
            "Not permanent: the journal keeps what is removed, and T restores it. No email is sent."
                .into(),
        );
        lines.push(String::new());
        lines.push("  [ Cancel ]   [ Revoke ]".into());
        Dialog {
            lines,
            max_width: REVOKE_WIDTH,
        }
    }
}

/// "Projects (3): Website, Mobile app, Pricing" and "Groups (1): Design", as listed.
pub fn what_goes(t: &Tombstone) -> Vec<String> {
    let list = |names: Vec<String>| {
        if names.is_empty() {
            "(none)".to_string()
        } else {
            display(&names.join(", ")).into_owned()
        }
    };
    let mut out = vec![format!(
        "Projects ({}): {}",
        t.memberships.len(),
        list(t.memberships.iter().map(|m| m.title.clone()).collect())
    )];
    if !t.groups.is_empty() {
        out.push(format!(
            "Groups ({}): {}",
            t.groups.len(),
            list(t.groups.clone())
        ));
    }
    out
}

/// "Restore the access of X?": back into the projects and groups a revocation removed.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmRestore {
    pub tombstone: Tombstone,
    pub focus: Button,
}

impl ConfirmRestore {
    /// Refuses when the person is no longer in the account (deleted since).
    pub fn new(account: &Account, tombstone: Tombstone) -> Result<ConfirmRestore, String> {
        if account.person(tombstone.person.id()).is_none() {
            return Err(format!(
                "{} is no longer in the account; nothing to restore access to",
                tombstone.person.display_name()
            ));
        }
        Ok(ConfirmRestore {
            tombstone,
            focus: Button::Cancel,
        })
    }

    pub fn op(&self) -> WriteOp {
        WriteOp::RestoreAccess {
            tombstone: Box::new(self.tombstone.clone()),
        }
    }

    pub fn dialog(&self) -> Dialog {
        let t = &self.tombstone;
        let mut lines = vec![format!(
            "Add {} back to what their access revocation removed:",
            display(&t.person.display_name())
        )];
        lines.extend(what_goes(t));
        lines.push("No email is sent.".into());
        lines.push(String::new());
        lines.push("  [ Cancel ]   [ Restore ]".into());
        Dialog {
            lines,
            max_width: REVOKE_WIDTH,
        }
    }
}

/// The review's key (listed with the review's own, `super::offboard::bindings`).
pub const REVOKE: &[Chord] = &[Chord::ch('R')];

/// The two confirmations' keys.
pub fn bindings() -> Vec<Binding> {
    let mut b = keymap::buttons(
        Context::ConfirmRevoke,
        "press the focused button (Revoke removes every membership and group)",
        "back to the review",
        "back",
        true,
    );
    b.extend(keymap::buttons(
        Context::ConfirmRestore,
        "press the focused button (Restore adds them back)",
        "cancel",
        "cancel",
        false,
    ));
    b
}
