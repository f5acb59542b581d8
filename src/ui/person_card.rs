//! The selected person's card: identity, account role, status, groups, and their project
//! memberships with the project role where the profile has one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};

use crate::app::state::{LoadState, State};
use crate::model::account::{Membership, Person, Project};

use super::detail_pane::{self, RoleColumn, field};
use super::people_table::status_word;
use super::text;
use super::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, focused: bool) {
    let person = state.selected_person();
    let name = person.map(Person::display_name);
    let Some(inner) = detail_pane::frame(
        frame,
        area,
        theme,
        focused,
        name.as_deref(),
        (
            "Person",
            "No one selected.",
            !state.account.people.is_empty(),
        ),
    ) else {
        return;
    };
    let Some(person) = person else {
        return;
    };
    let roomy = inner.height >= 12;
    let account = &state.account;
    let mut info = vec![field(
        "email",
        vec![text::server(person.email(), Default::default())],
        theme,
    )];
    if roomy && let Some(u) = person.username().filter(|v| !v.trim().is_empty()) {
        info.push(field(
            "username",
            vec![text::server(u, Default::default())],
            theme,
        ));
    }
    info.push(field(
        "role",
        vec![text::server(
            &account.role_name(person).unwrap_or_else(|| "—".into()),
            Default::default(),
        )],
        theme,
    ));
    if roomy {
        if let Some(t) = person.title().filter(|v| !v.trim().is_empty()) {
            info.push(field(
                "title",
                vec![text::server(t, Default::default())],
                theme,
            ));
        }
        if let Some(c) = person.company().filter(|v| !v.trim().is_empty()) {
            info.push(field(
                "company",
                vec![text::server(c, Default::default())],
                theme,
            ));
        }
    }
    let status_style = if person.suspended() {
        theme.warn
    } else {
        Default::default()
    };
    info.push(field(
        "status",
        vec![
            text::server(&status_word(person), status_style),
            Span::styled(
                match person.last_active() {
                    Some(_) => format!(
                        " · seen {}",
                        text::ago(state.now, person.last_active().as_deref())
                    ),
                    None if person.never_active(account.profile) => " · never active".to_string(),
                    // The profile does not report activity (guide): unknown, not "never".
                    None => " · activity unknown".to_string(),
                },
                theme.dim,
            ),
        ],
        theme,
    ));
    // Groups exist only where the profile has them (v3).
    if roomy && !account.groups.is_empty() {
        let groups: Vec<String> = account
            .groups_of(person.id())
            .iter()
            .map(|g| g.name.clone())
            .collect();
        let groups = if groups.is_empty() {
            "—".to_string()
        } else {
            groups.join(", ")
        };
        info.push(field(
            "groups",
            vec![text::server(&groups, Default::default())],
            theme,
        ));
    }

    // A short pane leaves fields out; it names them rather than drop them silently.
    if !roomy {
        let mut left_out = Vec::new();
        let has = |v: Option<&str>| v.is_some_and(|v| !v.trim().is_empty());
        if has(person.username()) {
            left_out.push("username");
        }
        if has(person.title()) {
            left_out.push("title");
        }
        if has(person.company()) {
            left_out.push("company");
        }
        if !account.groups.is_empty() {
            left_out.push("groups");
        }
        if !left_out.is_empty() {
            info.push(Line::from(Span::styled(
                format!(
                    "not shown here: {} (a taller window shows them)",
                    left_out.join(", ")
                ),
                theme.dim,
            )));
        }
    }
    let memberships = state.memberships(person.id());
    let managed = account.managed_by(person.id()).len();
    let mut heading = vec![Span::styled(
        format!("Projects ({})", memberships.len()),
        theme.title,
    )];
    if managed > 0 {
        heading.push(Span::styled(format!(" · manages {managed}"), theme.dim));
    }
    if matches!(state.load, LoadState::Loading { .. }) {
        heading.push(Span::styled(" · loading…", theme.dim));
    }
    info.push(Line::from(heading));

    // The project role where the profile has one; in v3, "manager" for the projects they manage.
    let role_of = |m: &Membership, project: Option<&Project>| {
        m.project_role.clone().or_else(|| {
            project
                .is_some_and(|p| p.manager == Some(person.id()))
                .then(|| "manager".to_string())
        })
    };
    let roles = RoleColumn {
        heading: "Role",
        width: Constraint::Fill(1),
        role: &|(m, project): &(Membership, Option<&Project>)| role_of(m, *project),
    };
    detail_pane::draw_body(
        frame,
        inner,
        info,
        (&memberships, state.people.detail),
        (&[("Project", Constraint::Fill(3))], roles),
        |(m, project)| {
            let title =
                project.map_or_else(|| format!("project {}", m.project), |p| p.title.clone());
            let style = if project.is_some_and(|p| p.archived) {
                theme.dim
            } else {
                Default::default()
            };
            vec![Line::from(text::server(&title, style))]
        },
        (theme, focused),
    );
}
