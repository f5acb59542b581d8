//! The message log's overlay, the mouse switch and the load's cancel key, as `update` runs them: opening and
//! closing the log, scrolling it (one message a step), and stopping a load that is going
//! nowhere. Kept apart from `update` so the overlays added later do not crowd it.

use crate::model::failure::{FailureKind, LoadError};

use super::effect::Effect;
use super::keymap::Command;
use super::message_log::MessagesView;
use super::state::{LoadState, Modal, State, Status};

/// Opens the message log, or closes it when it is on top.
pub fn toggle_messages(state: &mut State) {
    if !close_messages(state) {
        state.modals.push(Modal::Messages(MessagesView::default()));
    }
}

/// Closes the message log if it is the top overlay; `false` when it is not.
pub fn close_messages(state: &mut State) -> bool {
    if matches!(state.modals.last(), Some(Modal::Messages(_))) {
        state.modals.pop();
        true
    } else {
        false
    }
}

/// Scrolls the message log by `delta` messages when it is on top; `false` when it is not.
pub fn scroll_messages(state: &mut State, delta: isize) -> bool {
    let last = state.messages.len().saturating_sub(1);
    match state.modals.last_mut() {
        Some(Modal::Messages(view)) => {
            view.scroll = (view.scroll as isize)
                .saturating_add(delta)
                .clamp(0, last as isize) as usize;
            true
        }
        _ => false,
    }
}

/// Turns mouse input on or off, and says what that means for selecting text.
pub fn toggle_mouse(state: &mut State, fx: &mut Vec<Effect>) {
    state.mouse = !state.mouse;
    fx.push(Effect::Mouse(state.mouse));
    let key = state.keymap.key_of(Command::ToggleMouse);
    state.status = Some(Status::info(if state.mouse {
        format!(
            "mouse on: click selects, the wheel scrolls; hold Shift to select text; {key} turns it off"
        )
    } else {
        format!("mouse off: the terminal selects text again; {key} turns it on")
    }));
}

/// Stops the running load: what arrived stays on screen, and the status line says how to load
/// again.
pub fn cancel_load(state: &mut State, fx: &mut Vec<Effect>) {
    let LoadState::Loading { generation, .. } = state.load else {
        state.status = Some(Status::info("nothing is loading"));
        return;
    };
    fx.push(Effect::CancelLoad { generation });
    state.network.note = None;
    let message = format!(
        "load cancelled with {} people and {} projects loaded",
        state.account.people.len(),
        state.account.projects.len()
    );
    state.status = Some(Status::info(format!(
        "{message}; press {} to load again",
        state.keymap.key_of(Command::Reload)
    )));
    state.load = LoadState::Failed(LoadError::new(FailureKind::Cancelled, message));
}
