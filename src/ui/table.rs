//! The table every pane draws its rows with: a header, a "▶" marker and the selection style
//! (reversed and bold when focused, bold when not), drawing only the rows that fit.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, HighlightSpacing, Row, Table, TableState};

use crate::app::layout::COLUMN_HEADER_ROWS;

use super::clamp_offset;
use super::theme::Theme;

/// Which rows of a list of `len` fit in `area` (the column header takes
/// [`COLUMN_HEADER_ROWS`]): the first row drawn and how many, keeping `selected` in view.
pub fn window(area: Rect, offset: usize, selected: usize) -> (usize, usize) {
    let fit = area.height.saturating_sub(COLUMN_HEADER_ROWS) as usize;
    (clamp_offset(offset, selected, fit), fit)
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    columns: &[(&'static str, Constraint)],
    rows: Vec<Row<'_>>,
    selected: Option<usize>,
    focused: bool,
    theme: &Theme,
) {
    let header = Row::new(columns.iter().map(|(h, _)| Cell::from(*h))).style(theme.column_header);
    let table = Table::new(rows, columns.iter().map(|(_, c)| *c))
        .header(header)
        .column_spacing(1)
        .highlight_symbol("▶ ")
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(if focused {
            theme.selection
        } else {
            theme.selection_unfocused
        });
    let mut ts = TableState::new().with_selected(selected);
    frame.render_stateful_widget(table, area, &mut ts);
}
