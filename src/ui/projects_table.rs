//! The Projects table: title, member count, manager, archived; columns drop as width shrinks.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Cell;

use crate::app::projects::manager_name;
use crate::app::state::State;
use crate::search::Field;

use super::list_pane::{self, Column, Names, TableSpec};
use super::text;
use super::theme::Theme;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Title,
    Members,
    Manager,
    Archived,
}

impl Column for Col {
    const BY_WIDTH: &'static [(u16, &'static [Col])] = {
        use Col::{Archived, Manager, Members, Title};
        &[
            (60, &[Title, Members, Manager, Archived]),
            (44, &[Title, Members, Manager]),
            (26, &[Title, Members]),
            (0, &[Title]),
        ]
    };

    fn heading(self) -> (&'static str, Constraint) {
        match self {
            Col::Title => ("Title", Constraint::Fill(3)),
            Col::Members => ("Members", Constraint::Length(7)),
            Col::Manager => ("Manager", Constraint::Fill(2)),
            Col::Archived => ("", Constraint::Length(8)),
        }
    }
}

const NAMES: Names = Names {
    title: "Projects",
    what: "projects",
    nobody: "No project",
};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, focused: bool) {
    let table = &state.projects;
    let spec = TableSpec {
        table,
        records: &state.account.projects,
        names: NAMES,
    };
    let list = &table.list;
    list_pane::draw(
        frame,
        area,
        (state, theme, focused),
        spec,
        |col, i, p| match col {
            Col::Title => {
                let style = if p.archived {
                    theme.dim
                } else {
                    Default::default()
                };
                list_pane::matched((list, i), Field::Title, &p.title, style, theme)
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
