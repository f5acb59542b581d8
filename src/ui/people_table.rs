//! The People table: name, email, role, project count, status; widths from the content, and
//! columns drop, least important first, as width shrinks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use unicode_width::UnicodeWidthStr;

use crate::app::state::State;
use crate::model::account::Person;
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
    Name,
    Email,
    Role,
    Projects,
    Status,
}

impl Column for Col {
    const ALL: &'static [Col] = &[
        Col::Mark,
        Col::Name,
        Col::Email,
        Col::Role,
        Col::Projects,
        Col::Status,
    ];
    // The name gets what it needs first (after the marks' one cell), then email, role,
    // status, project count.
    const PRIORITY: &'static [usize] = &[1, 0, 2, 3, 5, 4];

    fn heading(self) -> &'static str {
        match self {
            Col::Mark => "",
            Col::Name => "Name",
            Col::Email => "Email",
            Col::Role => "Role",
            Col::Projects => "Prj",
            Col::Status => "Status",
        }
    }

    fn min(self) -> u16 {
        match self {
            Col::Mark => 1,
            Col::Name => 12,
            Col::Email => 12,
            Col::Role => 6,
            Col::Projects => 3,
            Col::Status => 6,
        }
    }
}

/// The columns' claims among the rows a pane `height` rows high can show.
pub fn claims(state: &State, height: u16) -> Vec<Claim> {
    let account = &state.account;
    list_pane::claims(
        (&state.people.list, height),
        &account.people,
        |col, p: &Person| match col {
            Col::Mark => super::marks::width(!state.marks.people.is_empty()),
            Col::Name => sanitize::display(&p.display_name()).width() + change_marks::width(state),
            Col::Email => sanitize::display(p.email()).width(),
            Col::Role => account
                .role_name(p)
                .map_or(0, |r| sanitize::display(&r).width()),
            Col::Projects => account.membership_count(p.id()).to_string().len(),
            Col::Status => sanitize::display(&status_word(p)).width(),
        },
    )
}

const NAMES: Names = Names {
    title: "People",
    what: "people",
    nobody: "No one",
};

/// The status word: guide's `status` string, else active/suspended.
pub fn status_word(p: &Person) -> String {
    match p.status().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => s.to_string(),
        None if p.suspended() => "suspended".into(),
        None => "active".into(),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, focused: bool) {
    let table = &state.people;
    let spec = TableSpec {
        table,
        records: &state.account.people,
        total: state.people_total(),
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
                super::marks::cell(crate::app::mark_keys::person_marked(state, p.id()), theme)
            }
            Col::Name => {
                let style = if p.suspended() {
                    theme.dim
                } else {
                    Default::default()
                };
                let name =
                    list_pane::matched((list, i), Field::Name, &p.display_name(), style, theme);
                change_marks::person(state, p.id(), name, theme)
            }
            Col::Email => list_pane::matched(
                (list, i),
                Field::Email,
                p.email(),
                Default::default(),
                theme,
            ),
            Col::Role => Line::from(text::server(
                &state.account.role_name(p).unwrap_or_default(),
                Default::default(),
            )),
            Col::Projects => {
                Line::from(state.account.membership_count(p.id()).to_string()).right_aligned()
            }
            Col::Status => {
                let style = if p.suspended() { theme.warn } else { theme.dim };
                Line::from(text::server(&status_word(p), style))
            }
        },
    );
}
