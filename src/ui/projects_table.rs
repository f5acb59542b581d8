//! The Projects table: title, member count, manager, archived; widths from the content; columns drop as
//! width shrinks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::app::projects::manager_name;
use crate::app::state::State;
use crate::model::account::Project;
use crate::model::sanitize;
use crate::search::Field;

use super::change_marks;
use super::fit::Claim;
use super::list_pane::{self, Column, Names, TableSpec};
use super::text;
use super::theme::Theme;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Mark,
    Title,
    Members,
    Manager,
    Archived,
}

impl Column for Col {
    const ALL: &'static [Col] = &[
        Col::Mark,
        Col::Title,
        Col::Members,
        Col::Manager,
        Col::Archived,
    ];
    const PRIORITY: &'static [usize] = &[1, 0, 2, 3, 4];

    fn heading(self) -> &'static str {
        match self {
            Col::Mark => "",
            Col::Title => "Title",
            Col::Members => "Members",
            Col::Manager => "Manager",
            Col::Archived => "",
        }
    }

    fn min(self) -> u16 {
        match self {
            Col::Mark => 1,
            Col::Title => 12,
            Col::Members => 7,
            Col::Manager => 8,
            Col::Archived => 8,
        }
    }
}

/// The columns' claims among the rows a pane `height` rows high can show.
pub fn claims(state: &State, height: u16) -> Vec<Claim> {
    let account = &state.account;
    list_pane::claims(
        (&state.projects.list, height),
        &account.projects,
        |col, p: &Project| match col {
            Col::Mark => super::marks::width(!state.marks.projects.is_empty()),
            Col::Title => sanitize::display(&p.title).width() + change_marks::width(state),
            Col::Members => 7,
            Col::Manager => {
                manager_name(account, &state.lookup, p).map_or(0, |m| sanitize::display(&m).width())
            }
            Col::Archived => 8,
        },
    )
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
        total: state.projects_total(),
        names: NAMES,
    };
    let list = &table.list;
    list_pane::draw(
        frame,
        area,
        (state, theme, focused),
        (spec, &claims(state, area.height)),
        |col, i, p| match col {
            Col::Mark => {
                super::marks::cell(crate::app::mark_keys::project_marked(state, p.id), theme)
            }
            Col::Title => {
                let style = if p.archived {
                    theme.dim
                } else {
                    Default::default()
                };
                let title = list_pane::matched((list, i), Field::Title, &p.title, style, theme);
                change_marks::project(state, p.id, title, theme)
            }
            Col::Members => Line::from(
                state
                    .account
                    .member_count(p.id)
                    .map_or("…".to_string(), |n| n.to_string()),
            )
            .right_aligned(),
            Col::Manager => Line::from(text::server(
                &manager_name(&state.account, &state.lookup, p).unwrap_or_default(),
                Default::default(),
            )),
            Col::Archived => Line::from(Span::styled(
                if p.archived { "archived" } else { "" },
                theme.dim,
            )),
        },
    );
}
