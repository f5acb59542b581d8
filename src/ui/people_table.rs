//! The People table: name, email, role, project count, status; columns drop as width shrinks.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::Cell;

use crate::app::state::State;
use crate::model::account::Person;
use crate::search::{Field, highlight};

use super::list_pane::{self, ListTitle, TableSpec};
use super::text;
use super::theme::Theme;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Email,
    Role,
    Projects,
    Status,
}

/// The columns that fit in `width` cells, most important first.
fn columns(width: u16) -> &'static [Col] {
    use Col::{Email, Name, Projects, Role, Status};
    match width {
        70.. => &[Name, Email, Role, Projects, Status],
        56.. => &[Name, Email, Role, Status],
        38.. => &[Name, Email, Role],
        26.. => &[Name, Email],
        _ => &[Name],
    }
}

fn constraint(col: Col) -> Constraint {
    match col {
        Col::Name => Constraint::Fill(4),
        Col::Email => Constraint::Fill(5),
        Col::Role => Constraint::Length(11),
        Col::Projects => Constraint::Length(4),
        Col::Status => Constraint::Length(9),
    }
}

fn heading(col: Col) -> &'static str {
    match col {
        Col::Name => "Name",
        Col::Email => "Email",
        Col::Role => "Role",
        Col::Projects => "Prj",
        Col::Status => "Status",
    }
}

/// The status word: guide's `status` string, else active/suspended.
pub fn status_word(p: &Person) -> String {
    match p.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => s.to_string(),
        None if p.suspended => "suspended".into(),
        None => "active".into(),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, focused: bool) {
    let list = &state.people;
    let title = ListTitle {
        name: "People",
        shown: list.visible().len(),
        total: state.account.people.len(),
        query: list.query().as_str(),
        editing: state.editing_filter,
        quick: state
            .people_quick
            .map(super::super::app::people::PersonQuick::label),
        caveat: state
            .people_quick
            .and_then(|q| q.caveat(&state.account, state.loading())),
        sort: state.people_sort.label(),
        descending: state.people_desc,
    };
    let spec = TableSpec {
        list,
        records: &state.account.people,
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
        ("people", "No one"),
        spec,
        |col, i, p| match col {
            Col::Name => {
                let hits = highlight(list.index(), i, query, Field::Name);
                let style = if p.suspended {
                    theme.dim
                } else {
                    Default::default()
                };
                Cell::from(text::highlighted(
                    &p.display_name(),
                    &hits,
                    style,
                    theme.matched,
                ))
            }
            Col::Email => {
                let hits = highlight(list.index(), i, query, Field::Email);
                Cell::from(text::highlighted(
                    &p.email,
                    &hits,
                    Default::default(),
                    theme.matched,
                ))
            }
            Col::Role => Cell::from(text::server(
                &state.account.role_name(p).unwrap_or_default(),
                Default::default(),
            )),
            Col::Projects => Cell::from(
                Line::from(state.account.membership_count(p.id).to_string()).right_aligned(),
            ),
            Col::Status => {
                let style = if p.suspended { theme.warn } else { theme.dim };
                Cell::from(text::server(&status_word(p), style))
            }
        },
    );
}
