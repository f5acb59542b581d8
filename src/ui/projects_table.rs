//! The Projects table: title, member count, manager, archived; columns drop as width shrinks.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use crate::app::projects::manager_name;
use crate::app::state::State;
use crate::search::{Field, highlight};

use super::list_title::ListTitle;
use super::theme::Theme;
use super::{empty_lines, notice, pane_block, table, text};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Title,
    Members,
    Manager,
    Archived,
}

fn columns(width: u16) -> &'static [Col] {
    use Col::*;
    match width {
        60.. => &[Title, Members, Manager, Archived],
        44.. => &[Title, Members, Manager],
        26.. => &[Title, Members],
        _ => &[Title],
    }
}

fn constraint(col: Col) -> Constraint {
    match col {
        Col::Title => Constraint::Fill(3),
        Col::Members => Constraint::Length(7),
        Col::Manager => Constraint::Fill(2),
        Col::Archived => Constraint::Length(8),
    }
}

fn heading(col: Col) -> &'static str {
    match col {
        Col::Title => "Title",
        Col::Members => "Members",
        Col::Manager => "Manager",
        Col::Archived => "",
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, focused: bool) {
    let list = &state.projects;
    let block = pane_block(
        ListTitle {
            name: "Projects",
            shown: list.visible().len(),
            total: state.account.projects.len(),
            query: list.query().as_str(),
            editing: state.editing_filter,
            quick: state.projects_quick.map(|q| q.label()),
            sort: state.projects_sort.label(),
            descending: state.projects_desc,
        }
        .line(theme),
        theme,
        focused,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    if list.visible().is_empty() {
        let lines = if state.account.projects.is_empty() {
            empty_lines(state, "projects", theme)
        } else if !list.query().is_empty() {
            vec![Line::from(vec![
                Span::styled("No project matches ", theme.dim),
                text::server(list.query().as_str(), theme.title),
            ])]
        } else {
            vec![Line::from(Span::styled(
                format!(
                    "No project is {}.",
                    state.projects_quick.map_or("shown", |q| q.label())
                ),
                theme.dim,
            ))]
        };
        notice(frame, inner, lines);
        return;
    }

    let cols = columns(inner.width.saturating_sub(2));
    let (offset, rows_fit) = table::window(inner, list.offset(), list.selected_row());
    let query = list.query();
    let rows: Vec<Row> = list
        .visible()
        .iter()
        .skip(offset)
        .take(rows_fit)
        .filter_map(|i| state.account.projects.get(*i).map(|p| (*i, p)))
        .map(|(i, p)| {
            let cells: Vec<Cell> = cols
                .iter()
                .map(|col| match col {
                    Col::Title => {
                        let hits = highlight(list.index(), i, query, Field::Title);
                        let style = if p.archived {
                            theme.dim
                        } else {
                            Default::default()
                        };
                        Cell::from(text::highlighted(&p.title, &hits, style, theme.matched))
                    }
                    Col::Members => Cell::from(
                        Line::from(
                            state
                                .account
                                .member_count(p.id)
                                .map_or("…".to_string(), |n| n.to_string()),
                        )
                        .right_aligned(),
                    ),
                    Col::Manager => Cell::from(text::server(
                        &manager_name(&state.account, &state.lookup, p).unwrap_or_default(),
                        Default::default(),
                    )),
                    Col::Archived => Cell::from(Span::styled(
                        if p.archived { "archived" } else { "" },
                        theme.dim,
                    )),
                })
                .collect();
            Row::new(cells)
        })
        .collect();
    let columns: Vec<(&'static str, Constraint)> =
        cols.iter().map(|c| (heading(*c), constraint(*c))).collect();
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
