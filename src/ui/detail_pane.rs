//! What the detail panes (the person's card, the project's members) share: the frame titled
//! with the record's name, the labelled field lines, and the record's rows (memberships or
//! members) in a table below them with a cursor.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::app::list::Cursor;

use super::theme::Theme;
use super::{fit, notice, pane_block, table, text};

/// A detail pane's frame, titled with the record's name (server text), or with `kind` and a
/// "nothing selected" notice when there is no record. Returns where the content goes.
pub fn frame(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    focused: bool,
    name: Option<&str>,
    (kind, none_selected, records_exist): (&str, &str, bool),
) -> Option<Rect> {
    let title = match name {
        Some(n) => Line::from(vec![
            Span::raw(" "),
            text::server(n, theme.title),
            Span::raw(" "),
        ]),
        None => Line::from(format!(" {kind} ")),
    };
    let block = pane_block(title, theme, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if name.is_none() && records_exist {
        notice(
            frame,
            inner,
            vec![Line::from(Span::styled(
                none_selected.to_string(),
                theme.dim,
            ))],
        );
    }
    (name.is_some() && inner.height > 0 && inner.width > 0).then_some(inner)
}

/// One field line: the label in a fixed column, then the value.
pub fn field(label: &'static str, value: Vec<Span<'static>>, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(format!("{label:<9}"), theme.label)];
    spans.extend(value);
    Line::from(spans)
}

/// A detail table's optional last column: its heading, its width and each row's role, shown
/// only when some row has one (the profile reports project roles).
pub struct RoleColumn<'r, R> {
    pub heading: &'static str,
    pub width: Constraint,
    pub role: &'r dyn Fn(&R) -> Option<String>,
}

/// The labels' column: a field's value, when wrapped, continues under the first value cell.
const LABEL_WIDTH: usize = 9;

/// Draws the record's field lines (`info`, wrapped to the width) at the top of `inner` and its
/// `rows` below them, `cells` giving each row's cells under `columns` (cut with an ellipsis
/// where a column is narrower), then the role column where a row has a role; the cursor is
/// shown when focused.
pub fn draw_body<R>(
    frame: &mut Frame,
    inner: Rect,
    info: Vec<Line<'static>>,
    (rows, cursor): (&[R], Cursor),
    (columns, roles): (&[(&'static str, Constraint)], RoleColumn<'_, R>),
    cells: impl Fn(&R) -> Vec<Line<'static>>,
    (theme, focused): (&Theme, bool),
) {
    let info: Vec<Line> = info
        .into_iter()
        .flat_map(|l| fit::wrap(l, usize::from(inner.width), LABEL_WIDTH))
        .collect();
    let [top, rest] =
        Layout::vertical([Constraint::Length(info.len() as u16), Constraint::Min(0)]).areas(inner);
    frame.render_widget(Paragraph::new(info), top);
    if rest.height == 0 || rows.is_empty() {
        return;
    }
    let with_roles = rows.iter().any(|r| (roles.role)(r).is_some());
    let mut columns = columns.to_vec();
    if with_roles {
        columns.push((roles.heading, roles.width));
    }
    // The widths the table will give its columns (after the "▶ " marker), to cut cells to.
    let widths = Layout::horizontal(columns.iter().map(|(_, c)| *c))
        .spacing(1)
        .split(Rect {
            width: rest.width.saturating_sub(2),
            ..rest
        });
    let (offset, fits) = table::window(rest, cursor.offset, cursor.selected);
    let shown: Vec<Row> = rows
        .iter()
        .skip(offset)
        .take(fits)
        .map(|r| {
            let mut row = cells(r);
            if with_roles {
                let role = (roles.role)(r);
                row.push(Line::from(text::server(
                    role.as_deref().unwrap_or(""),
                    Style::default(),
                )));
            }
            Row::new(
                row.into_iter()
                    .zip(widths.iter())
                    .map(|(line, area)| Cell::from(fit::cut(line, usize::from(area.width)))),
            )
        })
        .collect();
    table::draw(
        frame,
        rest,
        &columns,
        shown,
        focused.then(|| cursor.selected - offset),
        focused,
        theme,
    );
}
