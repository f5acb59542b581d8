//! Leaving one account for another (`:account NAME`, or the picker): the name is checked
//! against the configured accounts; a write in flight holds the switch with the quit question
//! ([`Leave::Switch`]); else the load is cancelled and the runtime asked to build the new
//! account's client ([`Effect::SwitchAccount`]). When it answers, the new account gets a fresh
//! [`State`]: nothing of the old account stays on screen. Only what belongs to the terminal
//! and the user (size, colours, keys, the configured accounts, the message log, the mouse
//! switch) is kept.

use super::effect::Effect;
use super::state::{LoadState, State, Status};
use super::writes::modal::{Leave, WriteModal};
use super::writes::offboard::Button;

/// The user asked to switch to `name`.
pub fn request(state: &mut State, name: &str, fx: &mut Vec<Effect>) {
    state.dirty = true;
    if !state.accounts.iter().any(|a| a.name == name) {
        let known: Vec<&str> = state.accounts.iter().map(|a| a.name.as_str()).collect();
        state.status = Some(Status::error(if known.is_empty() {
            format!("no account named {name:?}: the config lists no accounts ([accounts.NAME])")
        } else {
            format!(
                "no account named {name:?} in the config (configured: {})",
                known.join(", ")
            )
        }));
        return;
    }
    if name == state.label {
        state.status = Some(Status::info(format!("already on {name}")));
        return;
    }
    if !state.writes.in_flight.is_empty() {
        state.modals.push(super::state::Modal::Write(Box::new(
            WriteModal::ConfirmQuit(Button::Cancel, Leave::Switch(name.to_string())),
        )));
        return;
    }
    if let LoadState::Loading { generation, .. } = state.load {
        fx.push(Effect::CancelLoad { generation });
    }
    state.load = LoadState::Idle;
    state.status = Some(Status::info(format!("switching to {name}…")));
    fx.push(Effect::SwitchAccount(name.to_string()));
}

/// The runtime is on `name` now: a fresh state for it, and its load started.
pub fn switched(state: &mut State, name: String, read_only: bool, fx: &mut Vec<Effect>) {
    let mut fresh = State::new(name, read_only, state.colors, state.now);
    fresh.width = state.width;
    fresh.height = state.height;
    fresh.keymap = state.keymap.for_read_only(read_only);
    fresh.accounts = std::mem::take(&mut state.accounts);
    // The run's message log and the mouse switch belong to the user and the terminal too.
    fresh.messages = std::mem::take(&mut state.messages);
    fresh.mouse = state.mouse;
    // Generations and write ids go on rising, so a late answer of the old account's load or
    // of a write left in flight is not taken for one of the new account's.
    fresh.generation = state.generation;
    fresh.writes.next_id = state.writes.next_id;
    fresh.snapshot.kept = state.snapshot.kept;
    *state = fresh;
    super::snapshot::start(state, fx);
}

/// The switch failed: the old account stays, and says why.
pub fn failed(state: &mut State, name: &str, message: &str) {
    // The old account's load was cancelled for the switch.
    if state.loading() {
        state.load = LoadState::Idle;
    }
    state.status = Some(Status::error(format!(
        "could not switch to {name}: {message}"
    )));
    state.dirty = true;
}
