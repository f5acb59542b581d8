//! Offboarding: the review page, the typed-email modal, and [`ConfirmedDelete`], the only thing
//! a delete can be asked for with.
//!
//! The chain is enforced by types, not by care: [`TypedEmail::new`] refuses the account owner;
//! [`TypedEmail::confirm`] is the one function that makes a [`ConfirmedDelete`] (its fields are
//! private to this module) and only when the typed text equals the person's email, trimmed and
//! case-insensitive; the delete effect and the runtime's executor take a `ConfirmedDelete`, never a
//! bare `PersonId`. ProofHub has no "current user" endpoint, so the token's own person cannot
//! be told apart and is not guarded (the server refuses deleting the owner anyway).

use crate::model::account::PersonId;
use crate::model::sanitize::display;
use crate::model::tombstone::Tombstone;

use crate::model::account::Account;

use super::super::keymap::{self, Binding, Chord, Command, Context, keys, read, write};
use super::super::lookup::Lookup;

use super::fit::Dialog;
use super::typed_gate::TypedGate;

/// Everything a delete of `person` destroys, from the account as loaded.
pub fn tombstone(account: &Account, lookup: &Lookup, person: PersonId) -> Option<Tombstone> {
    let p = lookup.person(account, person)?;
    Some(Tombstone::of(account, p))
}

/// The offboarding review: what the person has, before the typed confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct OffboardReview {
    pub tombstone: Tombstone,
    /// Scroll of the review's lines.
    pub scroll: usize,
}

pub use super::typed_gate::Button;

/// How wide the typed-email modal gets.
pub const TYPED_EMAIL_WIDTH: u16 = 66;
/// Its buttons' line, as drawn.
const BUTTONS_DELETE: &str = "  [ Cancel ]   [ Delete ]";

/// The typed-email modal.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedEmail {
    tombstone: Tombstone,
    gate: TypedGate,
}

impl TypedEmail {
    /// The modal for the person of `tombstone`; refuses the account owner.
    pub fn new(account: &Account, tombstone: Tombstone) -> Result<TypedEmail, String> {
        if account.is_owner(&tombstone.person) {
            return Err(format!(
                "{} is the account owner, who cannot be deleted from this console",
                tombstone.person.display_name()
            ));
        }
        Ok(TypedEmail {
            gate: TypedGate::new(tombstone.person.email()),
            tombstone,
        })
    }

    pub fn tombstone(&self) -> &Tombstone {
        &self.tombstone
    }
    /// The box and buttons: the person's email (trimmed, case-insensitive) enables Delete.
    pub fn gate(&self) -> &TypedGate {
        &self.gate
    }
    pub fn gate_mut(&mut self) -> &mut TypedGate {
        &mut self.gate
    }

    /// The modal as plain text, every line as the ui draws it, to tell whether it fits.
    pub fn dialog(&self) -> Dialog {
        let p = &self.tombstone.person;
        let n = self.tombstone.memberships.len();
        Dialog {
            lines: vec![
                format!(
                    "This cannot be undone. ProofHub deletes {} and their {n} project membership{}.",
                    display(&p.display_name()),
                    if n == 1 { "" } else { "s" }
                ),
                "A tombstone is saved to the local journal first.".into(),
                format!("Type {} to enable Delete:", display(p.email().trim())),
                format!("> {}▏", display(self.gate.typed().as_str())),
                String::new(),
                BUTTONS_DELETE.into(),
            ],
            max_width: TYPED_EMAIL_WIDTH,
        }
    }

    /// The confirmation a delete needs: only with Delete focused and the email typed exactly.
    pub fn confirm(&self) -> Option<ConfirmedDelete> {
        self.gate.pressed().then(|| ConfirmedDelete {
            person: self.tombstone.person.id(),
            subject: subject(&self.tombstone),
            tombstone: self.tombstone.clone(),
        })
    }
}

/// How many emails the typed-count modal lists before "and N more".
const LISTED: usize = 5;

/// The bulk offboarding's typed confirmation: the count and the emails, as `sync apply` asks
/// for them: typing `delete N` enables Delete (Cancel focused first). Like [`TypedEmail`], it
/// refuses the account owner, and its [`TypedCount::confirm`] is the only other maker of a
/// [`ConfirmedDelete`]: one for each person, or none.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedCount {
    tombstones: Vec<Tombstone>,
    gate: TypedGate,
}

impl TypedCount {
    pub fn new(account: &Account, tombstones: Vec<Tombstone>) -> Result<TypedCount, String> {
        if let Some(owner) = tombstones.iter().find(|t| account.is_owner(&t.person)) {
            return Err(format!(
                "{} is the account owner, who cannot be deleted from this console",
                owner.person.display_name()
            ));
        }
        if tombstones.is_empty() {
            return Err("no one to delete".into());
        }
        Ok(TypedCount {
            gate: TypedGate::new(&format!("delete {}", tombstones.len())),
            tombstones,
        })
    }

    pub fn tombstones(&self) -> &[Tombstone] {
        &self.tombstones
    }
    /// The box and buttons: [`TypedCount::phrase`] (trimmed, case-insensitive) enables Delete.
    pub fn gate(&self) -> &TypedGate {
        &self.gate
    }
    pub fn gate_mut(&mut self) -> &mut TypedGate {
        &mut self.gate
    }

    /// What must be typed: `delete 3`.
    pub fn phrase(&self) -> String {
        format!("delete {}", self.tombstones.len())
    }

    /// The emails as listed: the first few, then how many more (the review lists all).
    pub fn emails(&self) -> String {
        let mut shown: Vec<String> = self
            .tombstones
            .iter()
            .take(LISTED)
            .map(|t| t.person.email().trim().to_string())
            .collect();
        if self.tombstones.len() > LISTED {
            shown.push(format!(
                "and {} more (the review lists them)",
                self.tombstones.len() - LISTED
            ));
        }
        shown.join(", ")
    }

    /// The modal as plain text, every line as the ui draws it.
    pub fn dialog(&self) -> Dialog {
        let n = self.tombstones.len();
        let memberships: usize = self.tombstones.iter().map(|t| t.memberships.len()).sum();
        Dialog {
            lines: vec![
                format!(
                    "This cannot be undone. ProofHub deletes {n} people and their {memberships} project memberships:"
                ),
                display(&self.emails()).into_owned(),
                "Each one's tombstone is saved to the local journal before its delete.".into(),
                format!("Type {} to enable Delete:", self.phrase()),
                format!("> {}▏", display(self.gate.typed().as_str())),
                String::new(),
                BUTTONS_DELETE.into(),
            ],
            max_width: TYPED_EMAIL_WIDTH + 10,
        }
    }

    /// One confirmed delete per person, only with Delete focused and the phrase typed.
    pub fn confirm(&self) -> Option<Vec<ConfirmedDelete>> {
        self.gate.pressed().then(|| {
            self.tombstones
                .iter()
                .map(|t| ConfirmedDelete {
                    person: t.person.id(),
                    subject: subject(t),
                    tombstone: t.clone(),
                })
                .collect()
        })
    }
}

/// "Jane Doe <jane@acme.io>".
pub fn subject(t: &Tombstone) -> String {
    format!("{} <{}>", t.person.display_name(), t.person.email().trim())
}

/// Proof that the admin typed the email of the person to delete (or, for a bulk offboarding,
/// the count of the emails listed). Only [`TypedEmail::confirm`] and [`TypedCount::confirm`]
/// make one; outside this module it cannot be built:
///
/// ```compile_fail
/// use proofhub_tui::model::account::PersonId;
/// use proofhub_tui::app::writes::offboard::ConfirmedDelete;
/// let forged = ConfirmedDelete { person: PersonId(7), subject: String::new(), tombstone: todo!() };
/// ```
///
/// and a delete cannot be asked for with a bare id:
///
/// ```compile_fail
/// use proofhub_tui::model::account::PersonId;
/// use proofhub_tui::app::writes::job::WriteOp;
/// let op = WriteOp::Delete(Box::new(PersonId(7)));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmedDelete {
    person: PersonId,
    subject: String,
    tombstone: Tombstone,
}

impl ConfirmedDelete {
    pub fn person(&self) -> PersonId {
        self.person
    }
    pub fn subject(&self) -> &str {
        &self.subject
    }
    /// What goes to the journal before the DELETE.
    pub fn tombstone(&self) -> &Tombstone {
        &self.tombstone
    }
}

const CONTINUE: &[Chord] = &[Chord::ch('D')];
const SUCCESSOR: &[Chord] = &[Chord::ch('s')];
/// The review's revoke-access key (`super::revoke` is that flow; the key lives here so that
/// this file need not import it: job → offboard → revoke → job would circle).
pub const REVOKE: &[Chord] = &[Chord::ch('R')];

/// The keys of the offboarding review and of the typed-email confirmation.
pub fn bindings() -> Vec<Binding> {
    let r = Context::OffboardReview;
    let t = Context::TypedEmail;
    vec![
        read(
            keys::ENTER,
            r,
            Command::Confirm,
            "continue to the typed-email confirmation",
            Some("delete"),
        ),
        read(
            CONTINUE,
            r,
            Command::Offboard,
            "continue to the typed-email confirmation",
            Some("delete"),
        ),
        write(
            SUCCESSOR,
            r,
            Command::PickSuccessor,
            "pick the new manager of the next project they manage (joins it if needed)",
            Some("successor"),
            false,
        ),
        write(
            REVOKE,
            r,
            Command::RevokeAccess,
            "revoke access, keep the account: out of every project and group (T restores)",
            Some("revoke"),
            false,
        ),
        read(keys::UP_K, r, Command::Up, "scroll up", Some("scroll")),
        read(
            keys::DOWN_J,
            r,
            Command::Down,
            "scroll down",
            Some("scroll"),
        ),
        read(
            keys::ESC,
            r,
            Command::Cancel,
            "back: nothing is deleted",
            Some("back"),
        ),
        keymap::help(r),
        read(
            keys::SWITCH_TYPING,
            t,
            Command::SwitchButton,
            "focus the other button",
            Some("switch"),
        ),
        write(
            keys::ENTER,
            t,
            Command::Confirm,
            "press the focused button (Delete deletes for good)",
            Some("press it"),
            true,
        ),
        read(
            keys::ESC,
            t,
            Command::Cancel,
            "cancel: nothing is deleted",
            Some("cancel"),
        ),
        read(
            keys::CTRL_U,
            t,
            Command::ClearInput,
            "clear what is typed",
            None,
        ),
        read(
            keys::BKSP,
            t,
            Command::DeleteChar,
            "delete a character",
            None,
        ),
        keymap::help_typing(t),
    ]
    .into_iter()
    .chain(typed_count_bindings())
    .collect()
}

/// The typed count's keys: the typed email's, in its own context.
fn typed_count_bindings() -> Vec<Binding> {
    let c = Context::TypedCount;
    vec![
        read(
            keys::SWITCH_TYPING,
            c,
            Command::SwitchButton,
            "focus the other button",
            Some("switch"),
        ),
        write(
            keys::ENTER,
            c,
            Command::Confirm,
            "press the focused button (Delete deletes every one listed, for good)",
            Some("press it"),
            true,
        ),
        read(
            keys::ESC,
            c,
            Command::Cancel,
            "cancel: nothing is deleted",
            Some("cancel"),
        ),
        read(
            keys::CTRL_U,
            c,
            Command::ClearInput,
            "clear what is typed",
            None,
        ),
        read(
            keys::BKSP,
            c,
            Command::DeleteChar,
            "delete a character",
            None,
        ),
        keymap::help_typing(c),
    ]
}
