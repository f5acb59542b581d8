//! The Projects table: title, member count, manager, archived; columns drop as width shrinks.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Cell;

use crate::app::projects::manager_name;
use crate::app::state::State;
use crate::search::{Field, highlight};

use super::list_pane::{self, ListTitle, TableSpec};
use super::text;
use super::theme::Theme;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Title,
    Members,
    Manager,
    Archived,
}

fn columns(width: u16) -> &'static [Col] {
    use Col::{Archived, Manager, Members, Title};
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
    let title = ListTitle {
        name: "Projects",
        shown: list.visible().len(),
        total: state.account.projects.len(),
        query: list.query().as_str(),
        editing: state.editing_filter,
        quick: state
            .projects_quick
            .map(super::super::app::projects::ProjectQuick::label),
        caveat: state.projects_quick.and_then(|q| q.caveat(&state.account)),
        sort: state.projects_sort.label(),
        descending: state.projects_desc,
    };
    let spec = TableSpec {
        list,
        records: &state.account.projects,
        columns,
        heading,
        constraint,
    };
    let query = list.query();
    list_pane::draw(
        frame,
        area,
        (state, theme, focused),
        &title,
        ("projects", "No project"),
        spec,
        |col, i, p| match col {
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
        },
    );
}
