//! A table pane (People, Projects): the title (name, shown/total count, the filter being typed,
//! quick filter, sort), what an empty list means, and the rows on screen, with columns chosen
//! for the width, all read from the view's [`TableView`]. Each table says only its names,
//! which columns it has and what goes in a cell.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use crate::app::list::ListModel;
use crate::app::state::State;
use crate::app::table::TableView;
use crate::search::{Field, highlight};

use super::fit::{self, Claim};
use super::theme::Theme;
use super::{empty_lines, notice, pane_block, table, text};

pub struct ListTitle<'a> {
    pub name: &'a str,
    pub shown: usize,
    pub total: usize,
    pub query: &'a str,
    /// The filter is being typed (a cursor is shown).
    pub editing: bool,
    /// Where the filter's cursor is while it is typed (a character index into `query`).
    pub cursor: usize,
    pub quick: Option<&'a str>,
    /// What the quick filter's answer cannot say yet (data still loading) or at all.
    pub caveat: Option<String>,
    pub sort: &'a str,
    pub descending: bool,
}

impl<'a> ListTitle<'a> {
    /// The title of `table`, `name` over `total` records.
    pub fn of(name: &'a str, table: &'a dyn TableView, total: usize, state: &State) -> Self {
        let list = table.list();
        // A snapshot's preview holds only its first rows: the counts are the whole snapshot's,
        // and nothing is filtered while it is shown (keys wait for the whole snapshot).
        let shown = match &state.snapshot.opening {
            Some(_) => total,
            None => list.visible().len(),
        };
        ListTitle {
            name,
            shown,
            total,
            query: list.query().as_str(),
            editing: state.editing_filter,
            cursor: state.filter_cursor,
            quick: table.quick_label(),
            caveat: table.caveat(&state.account, state.loading()),
            sort: table.sort_label(),
            descending: table.descending(),
        }
    }

    pub fn line(&self, theme: &Theme) -> Line<'static> {
        let mut spans = vec![
            Span::styled(format!(" {} ", self.name), theme.title),
            Span::raw(format!("{}/{} ", self.shown, self.total)),
        ];
        if self.editing || !self.query.is_empty() {
            spans.push(Span::styled("/ ", theme.key));
            spans.extend(text::with_cursor(
                self.query,
                self.editing.then_some(self.cursor),
                theme.title,
                theme.key,
            ));
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

/// How a table names itself: its title ("People"), its records ("people") and the start of the
/// sentences about empty results ("No one", "No project").
pub struct Names {
    pub title: &'static str,
    pub what: &'static str,
    pub nobody: &'static str,
}

/// A table's columns: their display order, which matter most, their headings and the fewest
/// cells each is worth showing in. Widths come from the content (see [`fit::share`]).
pub trait Column: Copy + PartialEq + 'static {
    /// Every column, in display order.
    const ALL: &'static [Self];
    /// Indices into [`Column::ALL`], most important first: served first, dropped last.
    const PRIORITY: &'static [usize];

    fn heading(self) -> &'static str;

    /// The fewest cells the column is shown in (narrower, it is dropped).
    fn min(self) -> u16;
}

/// Each column's claim on a row of `list`: its `min`, and as much as its widest value
/// (`width_of`) or heading wants, among the rows that can be on screen: the selection and the
/// `height` rows either side of it. So one long value far down the list does not widen the
/// column for every page, and a frame costs the rows it shows, not the whole list.
pub fn claims<'a, T, C: Column>(
    (list, height): (&ListModel, u16),
    records: &'a [T],
    width_of: impl Fn(C, &'a T) -> usize,
) -> Vec<Claim> {
    let visible = list.visible();
    let span = usize::from(height);
    let from = list.selected_row().saturating_sub(span);
    let to = list
        .selected_row()
        .saturating_add(span + 1)
        .min(visible.len());
    let near = visible.get(from..to).unwrap_or_default();
    C::ALL
        .iter()
        .map(|c| {
            let widest = near
                .iter()
                .filter_map(|i| records.get(*i))
                .map(|r| width_of(*c, r))
                .max()
                .unwrap_or(0)
                .max(c.heading().chars().count());
            let want = u16::try_from(widest).unwrap_or(u16::MAX);
            Claim {
                min: c.min().min(want),
                want,
            }
        })
        .collect()
}

/// The cells a table pane wants to show every column whole: the columns, the gaps between
/// them, the selection marker and the border.
pub fn wanted_width(claims: &[Claim]) -> u16 {
    let cols: u16 = claims.iter().map(|c| c.want).sum();
    // A column that wants nothing (the marks' while nothing is marked) is not drawn.
    let shown = claims.iter().filter(|c| c.want > 0).count();
    cols + shown.saturating_sub(1) as u16 + MARKER + 2
}

/// The selection marker ("▶ ") before each row.
const MARKER: u16 = 2;

/// What a table shows: its state, its records and its names.
pub struct TableSpec<'a, T> {
    pub table: &'a dyn TableView,
    pub records: &'a [T],
    /// How many records there are in all (`State::people_total`, `State::projects_total`).
    pub total: usize,
    pub names: Names,
}

/// A cell of server text in which the letters the filter matched in `field` stand out.
pub fn matched(
    (list, record): (&ListModel, usize),
    field: Field,
    value: &str,
    style: Style,
    theme: &Theme,
) -> Line<'static> {
    let hits = highlight(list.index(), record, list.query(), field);
    text::highlighted(value, &hits, style, theme.matched)
}

/// Draws a whole table pane; `cell` gives the content of column `C` for the record at index `i`,
/// cut with an ellipsis where its column is narrower; `claims` are the columns' [`claims`].
pub fn draw<'a, T, C: Column>(
    frame: &mut Frame,
    area: Rect,
    (state, theme, focused): (&State, &Theme, bool),
    (spec, claims): (TableSpec<'a, T>, &[Claim]),
    cell: impl Fn(C, usize, &'a T) -> Line<'static>,
) {
    let title = ListTitle::of(spec.names.title, spec.table, spec.total, state);
    let names = (spec.names.what, spec.names.nobody);
    let Some(inner) = draw_frame(frame, area, state, theme, focused, &title, names) else {
        return;
    };
    let list = spec.table.list();
    let widths = fit::share(inner.width.saturating_sub(MARKER), claims, C::PRIORITY);
    let cols: Vec<(C, u16)> = C::ALL
        .iter()
        .zip(widths)
        .filter_map(|(c, w)| w.map(|w| (*c, w)))
        .collect();
    let (offset, rows_fit) = table::window(inner, list.offset(), list.selected_row());
    let rows: Vec<Row> = list
        .visible()
        .iter()
        .skip(offset)
        .take(rows_fit)
        .filter_map(|i| spec.records.get(*i).map(|r| (*i, r)))
        .map(|(i, r)| {
            Row::new(
                cols.iter()
                    .map(|(c, w)| Cell::from(fit::cut(cell(*c, i, r), usize::from(*w))))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let columns: Vec<(&'static str, Constraint)> = cols
        .iter()
        .map(|(c, w)| (c.heading(), Constraint::Length(*w)))
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
