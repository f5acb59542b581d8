//! Offboarding: the review page, the typed-email modal, and [`ConfirmedDelete`], the only thing
//! a delete can be asked for with.
//!
//! The chain is enforced by types, not by care: [`TypedEmail::new`] refuses the account owner;
//! [`TypedEmail::confirm`] is the one function that makes a [`ConfirmedDelete`] (its fields are
//! private to this module) and only when the typed text equals the person's email, trimmed and
//! case-insensitive; the delete effect and the runtime's executor take a `ConfirmedDelete`, never a
//! bare `PersonId`. ProofHub has no "current user" endpoint, so the token's own person cannot
//! be told apart and is not guarded (the server refuses deleting the owner anyway).

use crate::model::account::{PersonId, ProjectId};
use crate::model::sanitize::display;
use crate::model::tombstone::Tombstone;

use crate::model::account::Account;

use super::super::keymap::{self, Binding, Chord, Command, Context, keys, read, write};
use super::super::lookup::Lookup;
use super::super::text_line::{Edit, TextLine};
use super::fit::Dialog;

/// Everything a delete of `person` destroys, from the account as loaded.
pub fn tombstone(account: &Account, lookup: &Lookup, person: PersonId) -> Option<Tombstone> {
    let p = lookup.person(account, person)?;
    Some(Tombstone::of(account, p))
}

/// A project the person manages, as the review shows it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Succession {
    /// Still managed by the person leaving.
    Needed,
    /// A hand-over to this person is in flight.
    Sending(PersonId),
    /// Someone else manages it now.
    Done(PersonId),
    /// Nobody manages it now.
    Unmanaged,
}

/// Where each project the person managed stands, in the review's order.
pub fn successions(
    account: &Account,
    in_flight: &[super::modal::InFlight],
    t: &Tombstone,
) -> Vec<(ProjectId, Succession)> {
    let leaving = t.person.id();
    let managed = account.managed_by(leaving);
    t.managed_projects
        .iter()
        .map(|p| {
            let sending = in_flight.iter().find_map(|f| match &f.job.op {
                super::job::WriteOp::HandOver {
                    project, from, to, ..
                } if *project == p.id && *from == leaving => Some(*to),
                _ => None,
            });
            let now = match sending {
                Some(to) => Succession::Sending(to),
                None if managed.contains(&p.id) => Succession::Needed,
                None => match account.manager_of(p.id) {
                    Some(m) => Succession::Done(m),
                    None => Succession::Unmanaged,
                },
            };
            (p.id, now)
        })
        .collect()
}

/// The offboarding review: what the person has, before the typed confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct OffboardReview {
    pub tombstone: Tombstone,
    /// Scroll of the review's lines.
    pub scroll: usize,
}

/// The two buttons of a confirmation; Cancel is where focus starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Button {
    #[default]
    Cancel,
    Confirm,
}

/// How wide the typed-email modal gets.
pub const TYPED_EMAIL_WIDTH: u16 = 66;
/// Its buttons' line, as drawn.
const BUTTONS_DELETE: &str = "  [ Cancel ]   [ Delete ]";

/// The typed-email modal.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedEmail {
    tombstone: Tombstone,
    typed: TextLine,
    focus: Button,
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
            tombstone,
            typed: TextLine::default(),
            focus: Button::Cancel,
        })
    }

    pub fn tombstone(&self) -> &Tombstone {
        &self.tombstone
    }
    pub fn typed(&self) -> &TextLine {
        &self.typed
    }
    pub fn focus(&self) -> Button {
        self.focus
    }

    /// The typed text is the person's email (trimmed, case-insensitive): Delete is enabled.
    pub fn matches(&self) -> bool {
        let email = self.tombstone.person.email().trim();
        !email.is_empty() && self.typed.as_str().trim().eq_ignore_ascii_case(email)
    }

    pub fn push(&mut self, c: char) {
        self.typed.insert(c);
        self.settle();
    }
    /// An editing key in the box (Backspace among them).
    pub fn edit(&mut self, edit: Edit) {
        self.typed.apply(edit);
        self.settle();
    }
    pub fn clear(&mut self) {
        self.typed.clear();
        self.settle();
    }

    /// Tab / arrows: to Delete only while it is enabled; back to Cancel always.
    pub fn toggle_focus(&mut self) {
        self.focus = match self.focus {
            Button::Cancel if self.matches() => Button::Confirm,
            _ => Button::Cancel,
        };
    }

    /// Focus never rests on a disabled Delete.
    fn settle(&mut self) {
        if !self.matches() {
            self.focus = Button::Cancel;
        }
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
                format!("> {}▏", display(self.typed.as_str())),
                String::new(),
                BUTTONS_DELETE.into(),
            ],
            max_width: TYPED_EMAIL_WIDTH,
        }
    }

    /// The confirmation a delete needs: only with Delete focused and the email typed exactly.
    pub fn confirm(&self) -> Option<ConfirmedDelete> {
        (self.focus == Button::Confirm && self.matches()).then(|| ConfirmedDelete {
            person: self.tombstone.person.id(),
            subject: subject(&self.tombstone),
            tombstone: self.tombstone.clone(),
        })
    }
}

/// "Jane Doe <jane@acme.io>".
pub fn subject(t: &Tombstone) -> String {
    format!("{} <{}>", t.person.display_name(), t.person.email().trim())
}

/// Proof that the admin typed the email of the person to delete. Only
/// [`TypedEmail::confirm`] makes one; outside this module it cannot be built:
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
            super::revoke::REVOKE,
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
}
