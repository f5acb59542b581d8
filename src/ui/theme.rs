//! Semantic styles. Three themes: 16 ANSI colours plus modifiers (default, for dark
//! backgrounds), the same for light backgrounds (config `theme = "light"`), and modifiers only
//! (NO_COLOR or `theme = "mono"`). Every emphasis also carries a modifier, so nothing depends on
//! colour alone.

use ratatui::style::{Color, Modifier, Style};

use crate::app::state::ColorMode;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub header: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub crumbs: Style,
    pub border: Style,
    pub border_focused: Style,
    pub title: Style,
    pub column_header: Style,
    /// The selected row of the focused pane.
    pub selection: Style,
    /// The selected row of a pane without focus.
    pub selection_unfocused: Style,
    /// Letters that matched the filter.
    pub matched: Style,
    pub label: Style,
    pub dim: Style,
    pub warn: Style,
    pub error: Style,
    pub key: Style,
}

impl Theme {
    pub fn new(mode: ColorMode) -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let sel = Modifier::REVERSED | Modifier::BOLD;
        match mode {
            ColorMode::Ansi16 => Theme {
                header: bold.fg(Color::Cyan),
                tab: Style::new(),
                tab_active: Style::new().fg(Color::Cyan).add_modifier(sel),
                crumbs: Style::new().fg(Color::DarkGray),
                border: Style::new().fg(Color::DarkGray),
                border_focused: Style::new().fg(Color::Cyan),
                title: bold,
                column_header: bold.fg(Color::Blue),
                selection: Style::new().fg(Color::Cyan).add_modifier(sel),
                selection_unfocused: bold,
                matched: bold.fg(Color::Yellow),
                label: Style::new().fg(Color::Blue),
                dim: Style::new().fg(Color::DarkGray),
                warn: Style::new().fg(Color::Yellow),
                error: bold.fg(Color::Red),
                key: bold.fg(Color::Cyan),
            },
            ColorMode::Light => Theme {
                header: bold.fg(Color::Blue),
                tab: Style::new(),
                tab_active: Style::new().fg(Color::Blue).add_modifier(sel),
                crumbs: Style::new().fg(Color::DarkGray),
                border: Style::new().fg(Color::DarkGray),
                border_focused: Style::new().fg(Color::Blue),
                title: bold,
                column_header: bold.fg(Color::Magenta),
                selection: Style::new().fg(Color::Blue).add_modifier(sel),
                selection_unfocused: bold,
                matched: bold.fg(Color::Magenta),
                label: Style::new().fg(Color::Blue),
                dim: Style::new().fg(Color::DarkGray),
                warn: Style::new().fg(Color::Red),
                error: bold.fg(Color::Red),
                key: bold.fg(Color::Blue),
            },
            ColorMode::Monochrome => Theme {
                header: bold,
                tab: Style::new(),
                tab_active: Style::new().add_modifier(sel),
                crumbs: Style::new(),
                border: Style::new(),
                border_focused: bold,
                title: bold,
                column_header: Style::new().add_modifier(Modifier::UNDERLINED),
                selection: Style::new().add_modifier(sel),
                selection_unfocused: bold,
                matched: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                label: Style::new(),
                dim: Style::new().add_modifier(Modifier::DIM),
                warn: Style::new().add_modifier(Modifier::ITALIC),
                error: Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
                key: bold,
            },
        }
    }
}
