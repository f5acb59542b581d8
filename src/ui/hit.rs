//! What is under the mouse pointer: the inverse of the layout [`super::draw`] uses, so a
//! click lands on the row that is drawn there. Pure, like the rest of `ui`; the runtime asks it
//! only while the mouse is on (see `app::mouse`).
//!
//! While a modal is open only its buttons are targets: the modal is drawn again off screen (a
//! `TestBackend`, no terminal) and reports where its buttons went, so a click finds exactly the
//! button drawn there, and nothing behind the modal.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use crate::app::layout::{COLUMN_HEADER_ROWS, Fit, bars, fit_for, list_rows};
use crate::app::mouse::Target;
use crate::app::state::{Modal, Pane, State};

pub use super::modal::DrawnButtons;
use super::theme::Theme;

/// The target at column `x`, row `y` of the screen `state` was last drawn for; `None` outside
/// the panes (header, status line), when the screen is too small, and while a modal is open
/// anywhere but on one of its buttons.
pub fn hit(state: &State, x: u16, y: u16) -> Option<Target> {
    let (width, height) = (state.width, state.height);
    let fit = fit_for(width, height);
    if fit == Fit::TooSmall {
        return None;
    }
    if !state.modals.is_empty() {
        return buttons(state).and_then(|b| b.at(x, y)).map(Target::Button);
    }
    let bars = bars(fit);
    let top = bars.header + bars.crumbs;
    let bottom = height.saturating_sub(bars.status);
    if y < top || y >= bottom {
        return None;
    }
    let body = Rect {
        x: 0,
        y: top,
        width,
        height: bottom - top,
    };
    // The Changes view is one list across the body.
    let pane = if state.view == crate::app::state::View::Changes {
        Pane::List
    } else if fit == Fit::Full {
        if x < super::list_width(state, body) {
            Pane::List
        } else {
            Pane::Detail
        }
    } else {
        state.focus
    };
    if pane == Pane::Detail {
        return Some(Target::Detail);
    }
    // Below the pane's top border and the column header.
    let first = top + 1 + COLUMN_HEADER_ROWS;
    let rows = list_rows(width, height);
    if y < first || usize::from(y - first) >= rows {
        return Some(Target::List);
    }
    let list = state.list();
    let offset = super::clamp_offset(list.offset(), list.selected_row(), rows);
    let row = offset + usize::from(y - first);
    Some(if row < list.visible().len() {
        Target::ListRow(row)
    } else {
        Target::List
    })
}

/// Where the top modal's buttons are drawn on `state`'s screen, if it is a write modal that
/// has them (and shows them: a dialog refused for size has none).
pub fn buttons(state: &State) -> Option<DrawnButtons> {
    let Some(Modal::Write(m)) = state.modals.last() else {
        return None;
    };
    let mut terminal = Terminal::new(TestBackend::new(state.width, state.height)).ok()?;
    let theme = Theme::new(state.colors);
    let mut drawn = None;
    terminal
        .draw(|frame| {
            drawn = super::writes::draw(frame, frame.area(), state, m, &theme);
        })
        .ok()?;
    drawn
}
