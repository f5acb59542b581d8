//! How the screen is divided, as numbers: the one place both the core (how far a page moves,
//! which projects are on screen) and `ui` (where each part is drawn) read it, so a layout
//! change cannot leave paging behind. Pure arithmetic on the terminal's size; `ui` turns it
//! into ratatui constraints.

/// How the screen is laid out for its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Below [`MIN_WIDTH`]×[`MIN_HEIGHT`]: only a notice.
    TooSmall,
    /// One pane at a time (the focused one), no breadcrumb line.
    Compact,
    /// Table and detail side by side, breadcrumbs.
    Full,
}

pub const MIN_WIDTH: u16 = 24;
pub const MIN_HEIGHT: u16 = 6;
pub const COMPACT_BELOW_WIDTH: u16 = 60;
pub const COMPACT_BELOW_HEIGHT: u16 = 15;

/// The layout for a screen of `width`×`height`.
pub fn fit_for(width: u16, height: u16) -> Fit {
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        Fit::TooSmall
    } else if width < COMPACT_BELOW_WIDTH || height < COMPACT_BELOW_HEIGHT {
        Fit::Compact
    } else {
        Fit::Full
    }
}

/// The one-line bars around the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bars {
    /// The header (account, view tabs, load state).
    pub header: u16,
    /// The breadcrumb line (only in the full layout).
    pub crumbs: u16,
    /// The status line and key hints.
    pub status: u16,
}

/// The bars drawn for a layout.
pub fn bars(fit: Fit) -> Bars {
    Bars {
        header: 1,
        crumbs: u16::from(fit == Fit::Full),
        status: 1,
    }
}

/// A pane's border, top and bottom.
pub const PANE_BORDER_ROWS: u16 = 2;
/// A table's column header, above its rows.
pub const COLUMN_HEADER_ROWS: u16 = 1;

/// How many table rows a screen of `width`×`height` shows (at least one).
pub fn list_rows(width: u16, height: u16) -> usize {
    let b = bars(fit_for(width, height));
    let chrome = b.header + b.crumbs + b.status + PANE_BORDER_ROWS + COLUMN_HEADER_ROWS;
    usize::from(height.saturating_sub(chrome)).max(1)
}
