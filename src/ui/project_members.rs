//! The selected project's members: name, account role and, where the profile has them,
//! project roles side by side.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::app::projects::manager_name;
use crate::app::state::{LoadState, State};

use super::theme::Theme;
use super::{detail_frame, table, text};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, focused: bool) {
    let project = state.selected_project();
    let Some(inner) = detail_frame(
        frame,
        area,
        theme,
        focused,
        project.map(|p| p.title.as_str()),
        (
            "Project",
            "No project selected.",
            !state.account.projects.is_empty(),
        ),
    ) else {
        return;
    };
    let Some(project) = project else {
        return;
    };
    let account = &state.account;
    let mut info = vec![
        Line::from(vec![
            Span::styled(format!("{:<9}", "manager"), theme.label),
            text::server(
                &manager_name(account, &state.lookup, project).unwrap_or_else(|| "—".into()),
                Default::default(),
            ),
        ]),
        Line::from(vec![
            Span::styled(format!("{:<9}", "status"), theme.label),
            Span::raw(if project.archived {
                "archived"
            } else {
                "active"
            }),
        ]),
    ];
    let members = state.members(project.id);
    let heading = match account.member_count(project.id) {
        Some(n) => Span::styled(format!("Members ({n})"), theme.title),
        None if matches!(state.load, LoadState::Loading { .. }) => {
            Span::styled("Members: loading…", theme.dim)
        }
        None => Span::styled("Members: not loaded", theme.dim),
    };
    info.push(Line::from(heading));
    let [top, rest] =
        Layout::vertical([Constraint::Length(info.len() as u16), Constraint::Min(0)]).areas(inner);
    frame.render_widget(Paragraph::new(info), top);
    if rest.height == 0 || members.is_empty() {
        return;
    }
    let with_roles = members.iter().any(|(m, _)| m.project_role.is_some());
    let cursor = state.project_members;
    let (offset, fit) = table::window(rest, cursor.offset, cursor.selected);
    let rows: Vec<Row> = members
        .iter()
        .skip(offset)
        .take(fit)
        .map(|(m, person)| {
            let name = person.map_or_else(
                || format!("person {}", m.person),
                super::super::model::account::Person::display_name,
            );
            let role = person
                .and_then(|p| account.role_name(p))
                .unwrap_or_default();
            let mut cells = vec![
                Cell::from(text::server(&name, Default::default())),
                Cell::from(text::server(&role, Default::default())),
            ];
            if with_roles {
                cells.push(Cell::from(text::server(
                    m.project_role.as_deref().unwrap_or(""),
                    Default::default(),
                )));
            }
            Row::new(cells)
        })
        .collect();
    let mut columns = vec![
        ("Name", Constraint::Fill(3)),
        ("Account", Constraint::Fill(2)),
    ];
    if with_roles {
        columns.push(("Project", Constraint::Fill(2)));
    }
    table::draw(
        frame,
        rest,
        &columns,
        rows,
        focused.then(|| cursor.selected - offset),
        focused,
        theme,
    );
}
