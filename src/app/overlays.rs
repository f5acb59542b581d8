//! The message log's overlay, the mouse switch, the load's cancel key and the access review
//! command, as `update` runs them: opening and
//! closing the log, scrolling it (one message a step), and stopping a load that is going
//! nowhere. Kept apart from `update` so the overlays added later do not crowd it.

use crate::model::failure::{FailureKind, LoadError};

use super::action::FileWritten;
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

/// The access review command (see [`super::access_review`]): ask the runtime to write the
/// review, once the account is whole.
pub fn access_review(state: &mut State, fx: &mut Vec<Effect>) {
    state.status = Some(if state.load == LoadState::Done {
        fx.push(Effect::AccessReview);
        Status::info("writing the access review…")
    } else {
        Status::error(
            "the access review waits for the whole account: run it again once the load has finished",
        )
    });
}

/// The runtime's answer to the bulk menu's export of the marked people.
pub fn marked_exported(state: &mut State, result: Result<FileWritten, String>) {
    state.status = Some(match result {
        Ok(w) => Status::info(format!(
            "exported {} marked people to {} (CSV, as export --format csv writes it)",
            w.rows, w.path
        )),
        Err(e) => Status::error(format!("the marked people were not exported: {e}")),
    });
    state.dirty = true;
}

/// The runtime's answer to [`access_review`].
pub fn access_review_done(state: &mut State, result: Result<FileWritten, String>) {
    state.status = Some(match result {
        Ok(w) => Status::info(format!(
            "access review written to {} ({} rows); fill in decision, then: proofhub-tui sync plan --access-review FILE",
            w.path, w.rows
        )),
        Err(e) => Status::error(format!("the access review was not written: {e}")),
    });
    state.dirty = true;
}
