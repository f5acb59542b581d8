//! The Groups view (v3): the groups by name with their member counts beside the selected
//! group's members (name, email). On a guide account it says that the profile has no groups,
//! and nothing else.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::groups::{self, GUIDE_HAS_NONE};
use crate::app::keymap::Command;
use crate::app::list::Cursor;
use crate::app::state::{Pane, State};

use super::theme::Theme;
use super::{clamp_offset, empty_lines, fit, notice, pane_block, text};

/// The whole body: both panes side by side, or the focused one on a compact screen.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, compact: bool) {
    if !groups::supported(&state.account) {
        let block = pane_block(Line::from(" Groups "), theme, true);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        notice(
            frame,
            inner,
            vec![
                Line::from(Span::raw(GUIDE_HAS_NONE)),
                Line::default(),
                Line::from(Span::styled(
                    format!(
                        "{} People · {} Projects",
                        state.keymap.key_of(Command::ShowPeople),
                        state.keymap.key_of(Command::ShowProjects)
                    ),
                    theme.dim,
                )),
            ],
        );
        return;
    }
    if compact {
        match state.focus {
            Pane::List => draw_list(frame, area, state, theme, true),
            Pane::Detail => draw_members(frame, area, state, theme, true),
        }
        return;
    }
    let [list, members] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Min(0)]).areas(area);
    let focused = |pane| state.focus == pane && state.modals.is_empty();
    draw_list(frame, list, state, theme, focused(Pane::List));
    draw_members(frame, members, state, theme, focused(Pane::Detail));
}

/// Rows of `(left, right)` texts, the cursor's row highlighted, scrolled to keep it shown.
fn rows(
    frame: &mut Frame,
    area: Rect,
    items: &[(String, String)],
    cursor: Cursor,
    (selection, right_style): (Style, Style),
    (right_least, numbers): (usize, bool),
) {
    let height = usize::from(area.height);
    let width = usize::from(area.width);
    let offset = clamp_offset(cursor.offset, cursor.selected, height);
    let right_width = right_width(items, right_least, width);
    let left_width = width.saturating_sub(right_width + 2);
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, (left, right))| {
            let left = fit::cut_str(&crate::model::sanitize::display(left), left_width);
            let right = fit::cut_str(&crate::model::sanitize::display(right), right_width);
            let pad = left_width.saturating_sub(left.chars().count());
            // Counts line up on the right, emails on the left.
            let right = if numbers {
                format!("{right:>right_width$}")
            } else {
                format!("{right:<right_width$}")
            };
            let line = Line::from(vec![
                Span::raw(format!(" {left}{} ", " ".repeat(pad))),
                Span::styled(right, right_style),
            ]);
            if i == cursor.selected {
                line.style(selection)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_list(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, focused: bool) {
    let all = groups::rows(&state.account);
    let title = Line::from(vec![
        Span::styled(" Groups ", theme.title),
        Span::raw(format!("{} ", all.len())),
    ]);
    let block = pane_block(title, theme, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if all.is_empty() {
        notice(frame, inner, empty_lines(state, "groups", theme));
        return;
    }
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let items: Vec<(String, String)> = all
        .iter()
        .map(|g| (g.name.clone(), g.members.len().to_string()))
        .collect();
    heading(frame, head, "Name", "Members", &items, theme);
    let selection = selection(theme, focused);
    rows(
        frame,
        body,
        &items,
        state.groups.list,
        (selection, Style::default()),
        ("Members".len(), true),
    );
}

fn draw_members(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, focused: bool) {
    let Some(group) = state.selected_group() else {
        let block = pane_block(Line::from(" Members "), theme, focused);
        frame.render_widget(block, area);
        return;
    };
    let title = Line::from(vec![
        Span::raw(" "),
        text::server(&group.name, theme.title),
        Span::raw(format!(" · {} members ", group.members.len())),
    ]);
    let block = pane_block(title, theme, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let members = groups::members(&state.account, &state.lookup, group);
    if members.is_empty() {
        notice(
            frame,
            inner,
            vec![Line::from(Span::styled("No members.", theme.dim))],
        );
        return;
    }
    let items: Vec<(String, String)> = members
        .iter()
        .map(|(id, p)| match p {
            Some(p) => (p.display_name(), p.email().to_string()),
            None => (format!("person {id}"), "not loaded".into()),
        })
        .collect();
    let selection = selection(theme, focused);
    rows(
        frame,
        inner,
        &items,
        state.groups.members,
        (selection, theme.dim),
        (0, false),
    );
}

fn selection(theme: &Theme, focused: bool) -> Style {
    if focused {
        theme.selection
    } else {
        theme.selection_unfocused
    }
}

/// The right column's width: its widest text, at least `least`, at most half the row.
fn right_width(items: &[(String, String)], least: usize, width: usize) -> usize {
    items
        .iter()
        .map(|(_, r)| r.chars().count())
        .max()
        .unwrap_or(0)
        .max(least)
        .min(width / 2)
}

/// The list's column headings, aligned with [`rows`].
fn heading(
    frame: &mut Frame,
    area: Rect,
    left: &str,
    right: &str,
    items: &[(String, String)],
    theme: &Theme,
) {
    let width = usize::from(area.width);
    let right_width = right_width(items, right.chars().count(), width);
    let left_width = width.saturating_sub(right_width + 2);
    let line = Line::from(vec![Span::styled(
        format!(" {left:<left_width$} {right:>right_width$}"),
        theme.column_header,
    )]);
    frame.render_widget(Paragraph::new(line), area);
}
