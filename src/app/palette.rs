//! Keys for the overlays that are not writes: the command line ([`super::command_line`]) and
//! the account picker ([`super::accounts`]), and the overview's cursor and Enter
//! ([`super::overview`]). `update` tries [`on_key`] before the views' keys and runs what it
//! hands back.

use crossterm::event::KeyEvent;

use super::accounts::{self, AccountPicker};
use super::command_line::{self, CommandLine};
use super::effect::Effect;
use super::keymap::Command;
use super::overview;
use super::state::{Modal, State, View};
use super::switch;

/// What [`on_key`] did with a key.
pub enum Routed {
    /// Not for an overlay of this file.
    NotMine,
    Done,
    /// Run this command where the user is.
    Run(Command),
}

/// A key for the command line or the account picker, when one is on top.
pub fn on_key(state: &mut State, key: &KeyEvent, fx: &mut Vec<Effect>) -> Routed {
    match state.modals.last() {
        Some(Modal::CommandLine(_)) => {
            let Some(Modal::CommandLine(mut cl)) = state.modals.pop() else {
                return Routed::NotMine;
            };
            match cl.on_key(&state.keymap, key) {
                command_line::Outcome::Stay => state.modals.push(Modal::CommandLine(cl)),
                command_line::Outcome::Close => {}
                command_line::Outcome::Run(c) => return Routed::Run(c),
                command_line::Outcome::Account(name) => switch::request(state, &name, fx),
                command_line::Outcome::Quit => {
                    state.modals.push(Modal::CommandLine(cl));
                    return Routed::Run(Command::Quit);
                }
            }
            Routed::Done
        }
        Some(Modal::Accounts(_)) => {
            let Some(Modal::Accounts(mut picker)) = state.modals.pop() else {
                return Routed::NotMine;
            };
            match picker.on_key(&state.keymap, &state.accounts, key) {
                accounts::Outcome::Stay => state.modals.push(Modal::Accounts(picker)),
                accounts::Outcome::Close => {}
                accounts::Outcome::Switch(name) => switch::request(state, &name, fx),
                accounts::Outcome::Quit => {
                    state.modals.push(Modal::Accounts(picker));
                    return Routed::Run(Command::Quit);
                }
            }
            Routed::Done
        }
        _ => Routed::NotMine,
    }
}

/// Pasted text for the command line; `false` when it is not open.
pub fn paste(state: &mut State, text: &str) -> bool {
    match state.modals.last_mut() {
        Some(Modal::CommandLine(cl)) => {
            cl.type_str(text);
            true
        }
        _ => false,
    }
}

/// `:`: the command line, listing the commands of where the user is.
pub fn open_command_line(state: &mut State) {
    let contexts = state.contexts();
    state
        .modals
        .push(Modal::CommandLine(CommandLine::new(contexts)));
}

/// The account picker; says so when the config names no accounts.
pub fn open_accounts(state: &mut State) {
    if state.accounts.is_empty() {
        state.status = Some(super::state::Status::info(
            "no accounts configured: add [accounts.NAME] tables to the config to switch between them",
        ));
        return;
    }
    let picker = AccountPicker::new(&state.accounts, &state.label);
    state.modals.push(Modal::Accounts(picker));
}

/// ↑/↓ in the overview: the selected count.
pub fn move_overview(state: &mut State, delta: isize) {
    let last = overview::filters().len().saturating_sub(1) as isize;
    let at = (state.overview.selected as isize).saturating_add(delta);
    state.overview.selected = at.clamp(0, last) as usize;
}

/// Enter in the overview: the People list with the selected count's quick filter.
pub fn open_overview_row(state: &mut State) {
    let Some(filter) = overview::filters().get(state.overview.selected).copied() else {
        return;
    };
    state.people.quick = Some(filter);
    state.people.list.set_query("");
    state.view = View::People;
    state.focus = super::state::Pane::List;
    state.refresh(View::People);
}
