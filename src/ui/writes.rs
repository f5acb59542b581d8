//! Draws the write modal on top of the stack (see `app::writes`), and says where its buttons
//! went (for the mouse: `ui::hit`).

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::state::State;
use crate::app::writes::WriteModal;

use super::modal::DrawnButtons;
use super::theme::Theme;
use super::{bulk, group_remove, offboard, revoke, staged, suspend, write_confirm, write_form};

/// Draws `m`; where its two buttons are, for the modals that have them.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    m: &WriteModal,
    theme: &Theme,
) -> Option<DrawnButtons> {
    match m {
        WriteModal::Edit(e) => write_form::draw_edit(frame, area, &state.keymap, e, theme),
        WriteModal::Review(r) => write_form::draw_review(frame, area, &state.keymap, r, theme),
        WriteModal::Conflict(c) => write_form::draw_conflict(frame, area, &state.keymap, c, theme),
        WriteModal::Invite(i) => write_form::draw_invite(frame, area, &state.keymap, i, theme),
        WriteModal::Picker(p) => write_confirm::draw_picker(frame, area, state, p, theme),
        WriteModal::ConfirmRemove(c) => {
            return write_confirm::draw_remove(frame, area, &state.keymap, c, theme);
        }
        WriteModal::Offboard(r) => offboard::draw_review(frame, area, state, r, theme),
        WriteModal::TypedEmail(t) => {
            return offboard::draw_typed(frame, area, &state.keymap, t, theme);
        }
        WriteModal::Tombstones(l) => {
            write_confirm::draw_tombstones(frame, area, &state.keymap, l, theme);
        }
        WriteModal::ConfirmRecreate(c) => {
            return write_confirm::draw_recreate(frame, area, state, c, theme);
        }
        WriteModal::ConfirmSuspend(c) => suspend::draw(frame, area, &state.keymap, c, theme),
        WriteModal::ConfirmGroupRemove(c) => {
            group_remove::draw(frame, area, &state.keymap, c, theme);
        }
        WriteModal::StagedInvites(b) => staged::draw_batch(frame, area, state, b, theme),
        WriteModal::ConfirmStaged(c) => staged::draw_confirm(frame, area, &state.keymap, c, theme),
        WriteModal::ConfirmRevoke(c) => revoke::draw_revoke(frame, area, &state.keymap, c, theme),
        WriteModal::ConfirmRestore(c) => revoke::draw_restore(frame, area, &state.keymap, c, theme),
        WriteModal::BulkMenu(b) => bulk::draw_menu(frame, area, state, b, theme),
        WriteModal::BulkConfirm(c) => {
            return bulk::draw_confirm(frame, area, &state.keymap, c, theme);
        }
        WriteModal::BulkOffboard(r) => bulk::draw_review(frame, area, state, r, theme),
        WriteModal::TypedCount(t) => {
            return bulk::draw_typed_count(frame, area, &state.keymap, t, theme);
        }
        WriteModal::BulkResult(r) => bulk::draw_result(frame, area, &state.keymap, r, theme),
        WriteModal::ConfirmQuit(f, leave) => {
            return write_confirm::draw_quit(frame, area, state, *f, leave, theme);
        }
    }
    None
}
