//! The marks' column (see `app::marks`): a glyph before each marked row, so a mark reads
//! without colour (NO_COLOR) too. The column takes no room while nothing of its kind is marked.

use ratatui::text::{Line, Span};

use super::theme::Theme;

/// What a marked row shows in the column.
pub const GLYPH: &str = "●";

/// The column's width claim: one cell while any row of the kind is marked, else none.
pub fn width(any_marked: bool) -> usize {
    usize::from(any_marked)
}

/// The cell of a row.
pub fn cell(marked: bool, theme: &Theme) -> Line<'static> {
    if marked {
        Line::from(Span::styled(GLYPH, theme.key))
    } else {
        Line::default()
    }
}
