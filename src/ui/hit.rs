//! What is under the mouse pointer: the inverse of the layout [`super::draw`] uses, so a
//! click lands on the row that is drawn there. Pure, like the rest of `ui`; the runtime asks it
//! only while the mouse is on (see `app::mouse`).

use ratatui::layout::Rect;

use crate::app::layout::{COLUMN_HEADER_ROWS, Fit, bars, fit_for, list_rows};
use crate::app::mouse::Target;
use crate::app::state::{Pane, State};

/// The target at column `x`, row `y` of the screen `state` was last drawn for; `None` outside
/// the panes (header, status line) or when the screen is too small.
pub fn hit(state: &State, x: u16, y: u16) -> Option<Target> {
    let (width, height) = (state.width, state.height);
    let fit = fit_for(width, height);
    if fit == Fit::TooSmall {
        return None;
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
    let pane = if fit == Fit::Full {
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
