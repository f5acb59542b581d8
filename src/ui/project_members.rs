//! The selected project's members: name, account role and, where the profile has them,
//! project roles side by side (the manager marked "manager" where the profile has no role).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};

use crate::app::projects::manager_name;
use crate::app::state::{LoadState, State};
use crate::model::account::{Membership, Person};

use super::detail_pane::{self, RoleColumn, field};
use super::text;
use super::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, focused: bool) {
    let project = state.selected_project();
    let Some(inner) = detail_pane::frame(
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
        field(
            "manager",
            vec![text::server(
                &manager_name(account, &state.lookup, project).unwrap_or_else(|| "—".into()),
                Default::default(),
            )],
            theme,
        ),
        field(
            "status",
            vec![Span::raw(if project.archived {
                "archived"
            } else {
                "active"
            })],
            theme,
        ),
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
    let roles = RoleColumn {
        heading: "Project",
        width: Constraint::Fill(2),
        // The project role where the profile reports one; the manager is marked here too.
        role: &|(m, _): &(Membership, Option<&Person>)| {
            m.project_role
                .clone()
                .or_else(|| (project.manager == Some(m.person)).then(|| "manager".to_string()))
        },
    };
    let columns = [
        ("Name", Constraint::Fill(3)),
        ("Account", Constraint::Fill(2)),
    ];
    detail_pane::draw_body(
        frame,
        inner,
        info,
        (&members, state.projects.detail),
        (&columns, roles),
        |(m, person)| {
            let name = person.map_or_else(|| format!("person {}", m.person), Person::display_name);
            let role = person
                .and_then(|p| account.role_name(p))
                .unwrap_or_default();
            vec![
                Line::from(text::server(&name, Default::default())),
                Line::from(text::server(&role, Default::default())),
            ]
        },
        (theme, focused),
    );
}
