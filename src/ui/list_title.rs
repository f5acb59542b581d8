//! A table pane's title: name, shown/total count, the filter being typed, quick filter, sort.

use ratatui::text::{Line, Span};

use super::text;
use super::theme::Theme;

pub struct ListTitle<'a> {
    pub name: &'a str,
    pub shown: usize,
    pub total: usize,
    pub query: &'a str,
    /// The filter is being typed (a cursor is shown).
    pub editing: bool,
    pub quick: Option<&'a str>,
    pub sort: &'a str,
    pub descending: bool,
}

impl ListTitle<'_> {
    pub fn line(&self, theme: &Theme) -> Line<'static> {
        let mut spans = vec![
            Span::styled(format!(" {} ", self.name), theme.title),
            Span::raw(format!("{}/{} ", self.shown, self.total)),
        ];
        if self.editing || !self.query.is_empty() {
            spans.push(Span::styled("/ ", theme.key));
            spans.push(text::server(self.query, theme.title));
            if self.editing {
                spans.push(Span::styled("▏", theme.key));
            }
            spans.push(Span::raw(" "));
        }
        if let Some(q) = self.quick {
            spans.push(Span::styled(format!("[{q}] "), theme.warn));
        }
        spans.push(Span::styled(
            format!("{}{} ", if self.descending { "↓" } else { "↑" }, self.sort),
            theme.dim,
        ));
        Line::from(spans)
    }
}
