//! A table pane (People, Projects): the title (name, shown/total count, the filter being typed,
//! quick filter, sort), what an empty list means, and the rows on screen, with columns chosen
//! for the width. Each table says only which columns it has and what goes in a cell.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use crate::app::list::ListModel;
use crate::app::state::State;

use super::theme::Theme;
use super::{empty_lines, notice, pane_block, table, text};

pub struct ListTitle<'a> {
    pub name: &'a str,
    pub shown: usize,
    pub total: usize,
    pub query: &'a str,
    /// The filter is being typed (a cursor is shown).
    pub editing: bool,
    pub quick: Option<&'a str>,
    /// What the quick filter's answer cannot say yet (data still loading) or at all.
    pub caveat: Option<String>,
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
        match (self.quick, &self.caveat) {
            (Some(q), Some(c)) => spans.push(Span::styled(format!("[{q}: {c}] "), theme.warn)),
            (Some(q), None) => spans.push(Span::styled(format!("[{q}] "), theme.warn)),
            (None, _) => {}
        }
        spans.push(Span::styled(
            format!("{}{} ", if self.descending { "↓" } else { "↑" }, self.sort),
            theme.dim,
        ));
        Line::from(spans)
    }
}

/// Draws a list pane's frame; returns where the rows go, or `None` when there are none to draw
/// (an empty-list notice is drawn instead). `what` names the records ("people"), `nobody`
/// starts the sentences about empty results ("No one", "No project").
pub fn draw_frame(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    theme: &Theme,
    focused: bool,
    title: &ListTitle<'_>,
    (what, nobody): (&str, &str),
) -> Option<Rect> {
    let block = pane_block(title.line(theme), theme, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return None;
    }
    if title.shown > 0 {
        return Some(inner);
    }
    let lines = if title.total == 0 {
        empty_lines(state, what, theme)
    } else if !title.query.trim().is_empty() {
        vec![Line::from(vec![
            Span::styled(format!("{nobody} matches "), theme.dim),
            text::server(title.query, theme.title),
        ])]
    } else {
        let quick = title.quick.unwrap_or("shown");
        let text = match &title.caveat {
            Some(c) if c.starts_with("unknown") => format!("Who is {quick} is {c}."),
            Some(c) => format!("{nobody} is {quick} ({c})."),
            None => format!("{nobody} is {quick}."),
        };
        vec![Line::from(Span::styled(text, theme.dim))]
    };
    notice(frame, inner, lines);
    None
}

/// What a table shows: its records, its columns for a width, and each column's heading and
/// width constraint.
pub struct TableSpec<'a, T, C: 'static> {
    pub list: &'a ListModel,
    pub records: &'a [T],
    pub columns: fn(u16) -> &'static [C],
    pub heading: fn(C) -> &'static str,
    pub constraint: fn(C) -> Constraint,
}

/// Draws a whole table pane; `cell` gives the content of column `C` for the record at index `i`.
pub fn draw<'a, T, C: Copy + 'static>(
    frame: &mut Frame,
    area: Rect,
    (state, theme, focused): (&State, &Theme, bool),
    title: &ListTitle<'_>,
    names: (&str, &str),
    spec: TableSpec<'a, T, C>,
    cell: impl Fn(C, usize, &'a T) -> Cell<'static>,
) {
    let Some(inner) = draw_frame(frame, area, state, theme, focused, title, names) else {
        return;
    };
    let list = spec.list;
    let cols = (spec.columns)(inner.width.saturating_sub(2));
    let (offset, rows_fit) = table::window(inner, list.offset(), list.selected_row());
    let rows: Vec<Row> = list
        .visible()
        .iter()
        .skip(offset)
        .take(rows_fit)
        .filter_map(|i| spec.records.get(*i).map(|r| (*i, r)))
        .map(|(i, r)| Row::new(cols.iter().map(|c| cell(*c, i, r)).collect::<Vec<_>>()))
        .collect();
    let columns: Vec<(&'static str, Constraint)> = cols
        .iter()
        .map(|c| ((spec.heading)(*c), (spec.constraint)(*c)))
        .collect();
    table::draw(
        frame,
        inner,
        &columns,
        rows,
        Some(list.selected_row() - offset),
        focused,
        theme,
    );
}
