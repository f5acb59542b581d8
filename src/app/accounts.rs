//! The configured accounts, as the account picker shows them (`A`, or `:account`): each one's
//! name, API profile and where its token would come from. The token itself is never here: the
//! shell says only whether `PROOFHUB_TOKEN` is set or the keyring would be asked.
//!
//! Types and pure functions; [`super::switch`] is the flow that leaves one account for another.

use crossterm::event::KeyEvent;

use super::keymap::{self, Binding, Command, Context, Keymap, Resolved};

/// Where an account's token would come from, as far as can be told without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSource {
    /// `PROOFHUB_TOKEN` is set: every account uses it.
    Env,
    /// The OS keyring entry of the account (looked up only when switching to it).
    Keyring,
}

impl TokenSource {
    pub fn label(self) -> &'static str {
        match self {
            TokenSource::Env => "token from PROOFHUB_TOKEN",
            TokenSource::Keyring => "token from the keyring",
        }
    }
}

/// One configured account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountEntry {
    pub name: String,
    /// The configured API profile: "auto", "v3" or "guide".
    pub profile: String,
    pub base_url: String,
    pub token: TokenSource,
    pub read_only: bool,
}

/// The open account picker.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountPicker {
    pub selected: usize,
}

/// What a key did to the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Close,
    /// Close, then switch to the account of this name.
    Switch(String),
    Quit,
}

/// The picker's keys, and the views' key that opens it.
pub fn bindings() -> Vec<Binding> {
    let x = Context::AccountPicker;
    vec![
        keymap::read(
            keymap::keys::CAP_A,
            Context::Global,
            Command::Accounts,
            "switch to another configured account",
            None,
        ),
        keymap::read(
            keymap::keys::ENTER,
            x,
            Command::Confirm,
            "switch to the selected account",
            Some("switch"),
        ),
        keymap::read(
            keymap::keys::ESC,
            x,
            Command::Cancel,
            "close",
            Some("close"),
        ),
        keymap::read(keymap::keys::UP_K, x, Command::Up, "previous account", None),
        keymap::read(keymap::keys::DOWN_J, x, Command::Down, "next account", None),
        keymap::help(x),
    ]
}

impl AccountPicker {
    /// Opens on the account in use, if it is configured.
    pub fn new(accounts: &[AccountEntry], current: &str) -> AccountPicker {
        AccountPicker {
            selected: accounts.iter().position(|a| a.name == current).unwrap_or(0),
        }
    }

    pub fn on_key(&mut self, keys: &Keymap, accounts: &[AccountEntry], key: &KeyEvent) -> Outcome {
        match keys.resolve(&[Context::AccountPicker, Context::Always], key) {
            Resolved::Command(Command::Quit) => Outcome::Quit,
            Resolved::Command(Command::Cancel) => Outcome::Close,
            Resolved::Command(Command::Up) => {
                self.selected = self.selected.saturating_sub(1);
                Outcome::Stay
            }
            Resolved::Command(Command::Down) => {
                self.selected = (self.selected + 1).min(accounts.len().saturating_sub(1));
                Outcome::Stay
            }
            Resolved::Command(Command::Confirm) => accounts
                .get(self.selected)
                .map_or(Outcome::Stay, |a| Outcome::Switch(a.name.clone())),
            _ => Outcome::Stay,
        }
    }
}
