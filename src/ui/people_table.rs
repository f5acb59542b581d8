//! The People table: name, email, role, project count, status; columns drop as width shrinks.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::Cell;

use crate::app::state::State;
use crate::model::account::Person;
use crate::search::Field;

use super::list_pane::{self, Column, Names, TableSpec};
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

impl Column for Col {
    const BY_WIDTH: &'static [(u16, &'static [Col])] = {
        use Col::{Email, Name, Projects, Role, Status};
        &[
            (70, &[Name, Email, Role, Projects, Status]),
            (56, &[Name, Email, Role, Status]),
            (38, &[Name, Email, Role]),
            (26, &[Name, Email]),
            (0, &[Name]),
        ]
    };

    fn heading(self) -> (&'static str, Constraint) {
        match self {
            Col::Name => ("Name", Constraint::Fill(4)),
            Col::Email => ("Email", Constraint::Fill(5)),
            Col::Role => ("Role", Constraint::Length(11)),
            Col::Projects => ("Prj", Constraint::Length(4)),
            Col::Status => ("Status", Constraint::Length(9)),
        }
    }
}

const NAMES: Names = Names {
    title: "People",
    what: "people",
    nobody: "No one",
};

/// The status word: guide's `status` string, else active/suspended.
pub fn status_word(p: &Person) -> String {
    match p.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => s.to_string(),
        None if p.suspended => "suspended".into(),
        None => "active".into(),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, focused: bool) {
    let table = &state.people;
    let spec = TableSpec {
        table,
        records: &state.account.people,
        names: NAMES,
    };
    let list = &table.list;
    list_pane::draw(
        frame,
        area,
        (state, theme, focused),
        spec,
        |col, i, p| match col {
            Col::Name => {
                let style = if p.suspended {
                    theme.dim
                } else {
                    Default::default()
                };
                list_pane::matched((list, i), Field::Name, &p.display_name(), style, theme)
            }
            Col::Email => {
                list_pane::matched((list, i), Field::Email, &p.email, Default::default(), theme)
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
