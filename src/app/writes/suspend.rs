//! Suspend and reactivate: one key in the People view, a confirmation with Cancel focused (not
//! permanent, so no typed email), then an *assumed* write: ProofHub's docs show `suspended` on a
//! person but document no way to set it, so the client PUTs it like any other field (v3
//! `suspended`, guide `status` "inactive"/"active", the guide's own words for that field) and
//! the read-back decides. The dialog and the answer say it is assumed; a read-back that shows
//! the old value is refused with that sentence ([`NOT_TAKEN`]).

use crate::model::account::{Account, Person, PersonId};
use crate::model::changes::Seen;
use crate::model::profile::Profile;
use crate::model::sanitize::display;

use super::super::keymap::{self, Binding, Chord, Command, Context};
use super::fit::Dialog;
use super::job::WriteOp;
use super::offboard::Button;

/// How wide the confirmation gets.
pub const SUSPEND_WIDTH: u16 = 66;

/// The sentence every suspend shows: what is assumed and how it is checked.
pub const ASSUMED: &str = "assumed: ProofHub documents no way to suspend; read back to check";

/// What is said when the read-back shows the change did not take.
pub const NOT_TAKEN: &str = "the server accepted the request, but reading the person back shows it did not take: this account does not let the API suspend or reactivate (an assumed write; ProofHub documents no way to); nothing else was changed";

/// "Suspend X?" or "Reactivate X?", Cancel focused.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmSuspend {
    pub person: PersonId,
    /// `true`: suspend; `false`: reactivate.
    pub suspend: bool,
    pub subject: String,
    pub profile: Profile,
    pub seen: Seen,
    pub focus: Button,
}

impl ConfirmSuspend {
    /// The confirmation for `p` (suspended: reactivate, else suspend); the owner is refused.
    pub fn new(account: &Account, p: &Person) -> Result<ConfirmSuspend, String> {
        if account.is_owner(p) {
            return Err(format!(
                "{} is the account owner, who cannot be suspended from this console",
                p.display_name()
            ));
        }
        Ok(ConfirmSuspend {
            person: p.id(),
            suspend: !p.suspended(),
            subject: format!("{} <{}>", p.display_name(), p.email()),
            profile: account.profile.unwrap_or(Profile::V3),
            seen: Seen::of(p),
            focus: Button::Cancel,
        })
    }

    /// The button that does it.
    pub fn verb(&self) -> &'static str {
        if self.suspend {
            "Suspend"
        } else {
            "Reactivate"
        }
    }

    /// What is sent, in this profile's words.
    fn sends(&self) -> String {
        match (self.profile, self.suspend) {
            (Profile::V3, b) => format!("Sends suspended: {b} on the person, nothing else."),
            (Profile::Guide, true) => "Sends status \"inactive\" (the guide's word for it) with the rest of the record as it is.".into(),
            (Profile::Guide, false) => "Sends status \"active\" with the rest of the record as it is.".into(),
        }
    }

    /// The confirmation as plain text, every line as the ui draws it.
    pub fn dialog(&self) -> Dialog {
        let effect = if self.suspend {
            "Their projects, groups and data stay; reactivating (the same key) undoes it."
        } else {
            "They become active again; nothing else changes."
        };
        Dialog {
            lines: vec![
                format!("{} {}?", self.verb(), display(&self.subject)),
                effect.into(),
                self.sends(),
                format!("{}{}", ASSUMED[..1].to_uppercase(), &ASSUMED[1..]),
                String::new(),
                format!("  [ Cancel ]   [ {} ]", self.verb()),
            ],
            max_width: SUSPEND_WIDTH,
        }
    }

    pub fn op(&self) -> WriteOp {
        WriteOp::Suspend {
            person: self.person,
            suspend: self.suspend,
            seen: Box::new(self.seen.clone()),
            subject: self.subject.clone(),
        }
    }
}

/// The People view's suspend key and the confirmation's keys.
pub fn bindings() -> Vec<Binding> {
    const Z: &[Chord] = &[Chord::ch('z')];
    let mut b = vec![keymap::write(
        Z,
        Context::People,
        Command::Suspend,
        "suspend the person, or reactivate a suspended one (assumed write, read back; confirm)",
        Some("suspend"),
        false,
    )];
    b.extend(keymap::buttons(
        Context::ConfirmSuspend,
        "press the focused button (Suspend or Reactivate sends the assumed write)",
        "cancel: nothing is changed",
        "cancel",
        true,
    ));
    b
}
