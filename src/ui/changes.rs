//! The Changes view: one line per change since the snapshot shown at start, newest first
//! (`app::changes`): when its record was last updated, who, what (before → after); server text
//! sanitized. With nothing compared it says why.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::app::changes::ChangeRow;
use crate::app::state::State;
use crate::model::sanitize;

use super::list_pane::ListTitle;
use super::theme::Theme;
use super::{clamp_offset, fit, notice, pane_block, text};

/// What the view says before any snapshot was compared with live data.
pub const NOTHING_COMPARED: &str = "No changes to show: the last load had no snapshot to compare with. When a start shows a saved snapshot, this view lists what the live load changed.";

/// The widest the "who" column gets.
const WHO_MOST: usize = 24;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let changes = &state.changes;
    let rows = changes.rows();
    let mut title = ListTitle::of("Changes", changes, rows.len(), state).line(theme);
    if let Some(c) = &changes.compared {
        let age = text::ago(state.now, Some(&c.taken_at.to_rfc3339()));
        title.spans.push(Span::styled(
            format!("since the snapshot of {age} "),
            theme.dim,
        ));
    }
    let focused = state.modals.is_empty();
    let block = pane_block(title, theme, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let list = &changes.list;
    let empty = match &changes.compared {
        None if state.snapshot.shown.is_some() => Some(Line::from(Span::styled(
            "Comparing with the live data when its load completes…",
            theme.dim,
        ))),
        None => Some(Line::from(Span::styled(NOTHING_COMPARED, theme.dim))),
        Some(_) if rows.is_empty() => Some(Line::from(Span::styled(
            "No changes since the snapshot.",
            theme.dim,
        ))),
        Some(_) if list.visible().is_empty() => Some(Line::from(vec![
            Span::styled("No change matches ", theme.dim),
            text::server(list.query().as_str(), theme.title),
        ])),
        Some(_) => None,
    };
    if let Some(line) = empty {
        notice(frame, inner, vec![line]);
        return;
    }
    // A heading row as the tables have (a click's row is counted below it, `hit`).
    let [head, inner] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let height = usize::from(inner.height);
    let offset = clamp_offset(list.offset(), list.selected_row(), height);
    let on_screen: Vec<&ChangeRow> = list
        .visible()
        .iter()
        .skip(offset)
        .take(height)
        .filter_map(|i| rows.get(*i))
        .collect();
    let when: Vec<String> = on_screen
        .iter()
        .map(|r| {
            r.when.map_or_else(
                || "—".to_string(),
                |t| text::ago(state.now, Some(&t.to_rfc3339())),
            )
        })
        .collect();
    let when_width = when
        .iter()
        .map(|w| w.width())
        .max()
        .unwrap_or(0)
        .max("Updated".len());
    let who_width = on_screen
        .iter()
        .map(|r| sanitize::display(&r.who).width())
        .max()
        .unwrap_or(0)
        .clamp("Who".len(), WHO_MOST);
    let width = usize::from(inner.width);
    let selection = if focused {
        theme.selection
    } else {
        theme.selection_unfocused
    };
    let lines: Vec<Line> = on_screen
        .iter()
        .zip(&when)
        .enumerate()
        .map(|(n, (row, when))| {
            let who = fit::cut_str(&sanitize::display(&row.who), who_width);
            let pad = who_width.saturating_sub(who.width());
            let line = Line::from(vec![
                Span::styled(format!(" {when:<when_width$}  "), theme.dim),
                Span::raw(format!("{who}{}  ", " ".repeat(pad))),
                text::server(&row.what, Default::default()),
            ]);
            let line = fit::cut(line, width);
            if offset + n == list.selected_row() {
                line.style(selection)
            } else {
                line
            }
        })
        .collect();
    let heading = format!(" {:<when_width$}  {:<who_width$}  Change", "Updated", "Who");
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            fit::cut_str(&heading, width),
            theme.column_header,
        ))),
        head,
    );
    frame.render_widget(Paragraph::new(lines), inner);
}
