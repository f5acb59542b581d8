//! Drawing: pure functions of `&State` into a ratatui frame, one file per part of the screen.
//!
//! [`draw`] picks the layout for the frame's size: table and detail side by side with a
//! breadcrumb line (from 60×15), one pane at a time (compact), or only a "too small" notice
//! (below 24×6). Every path that shows server text goes through [`text`], which escapes control
//! characters. `ui` never changes the state and never touches the network.

mod bulk;
mod change_marks;
mod changes;
mod command_line;
mod detail_pane;
mod fit;
mod group_remove;
mod groups;
mod header;
mod help;
pub mod hit;
mod list_pane;
mod marks;
mod message_log;
mod modal;
mod offboard;
mod overview;
mod people_table;
mod person_card;
mod project_members;
mod projects_table;
mod revoke;
mod staged;
mod status_line;
mod suspend;
mod table;
pub mod text;
pub mod theme;
mod too_small;
mod write_confirm;
mod write_form;
mod writes;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::layout::{Fit, bars, fit_for};
use crate::app::state::{Modal, Pane, State, View};

use theme::Theme;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, state: &State) {
    let area = frame.area();
    let theme = Theme::new(state.colors);
    let fit = fit_for(area.width, area.height);
    if fit == Fit::TooSmall {
        too_small::draw(frame, area, &theme);
        return;
    }
    // The rows come from the core's layout, which paging counts with.
    let bars = bars(fit);
    let [head, crumbs, body, status] = Layout::vertical([
        Constraint::Length(bars.header),
        Constraint::Length(bars.crumbs),
        Constraint::Min(1),
        Constraint::Length(bars.status),
    ])
    .areas(area);
    if bars.crumbs > 0 {
        header::draw_crumbs(frame, crumbs, state, &theme);
    }
    header::draw(frame, head, state, &theme);
    status_line::draw(frame, status, state, &theme);

    if state.view == View::Overview {
        overview::draw(frame, body, state, &theme);
    } else if state.view == View::Groups {
        groups::draw(frame, body, state, &theme, fit != Fit::Full);
    } else if state.view == View::Changes {
        changes::draw(frame, body, state, &theme);
    } else if fit == Fit::Full {
        let list_width = list_width(state, body);
        let [list, detail] =
            Layout::horizontal([Constraint::Length(list_width), Constraint::Min(0)]).areas(body);
        draw_pane(frame, list, state, &theme, Pane::List);
        draw_pane(frame, detail, state, &theme, Pane::Detail);
    } else {
        draw_pane(frame, body, state, &theme, state.focus);
    }

    match state.modals.last() {
        Some(Modal::Help(help)) => help::draw(frame, area, state, help, &theme),
        Some(Modal::Write(m)) => {
            writes::draw(frame, area, state, m, &theme);
        }
        Some(Modal::Messages(view)) => message_log::draw(frame, area, state, view, &theme),
        Some(Modal::CommandLine(cl)) => command_line::draw(frame, area, state, cl, &theme),
        Some(Modal::Accounts(p)) => command_line::draw_accounts(frame, area, state, p, &theme),
        None => {}
    }
}

/// The detail pane keeps at least this many columns beside a list that wants more.
const DETAIL_LEAST: u16 = 28;

/// How wide the list is beside the detail pane: at least 55% of `width`, and as much as its
/// columns want to show whole while the detail pane keeps [`DETAIL_LEAST`] (which then wraps).
fn list_width(state: &State, body: Rect) -> u16 {
    let width = body.width;
    let wanted = match state.view {
        View::People | View::Overview | View::Groups | View::Changes => {
            list_pane::wanted_width(&people_table::claims(state, body.height))
        }
        View::Projects => list_pane::wanted_width(&projects_table::claims(state, body.height)),
    };
    let least = width * 55 / 100;
    wanted.min(width.saturating_sub(DETAIL_LEAST)).max(least)
}

fn draw_pane(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, pane: Pane) {
    let focused = state.focus == pane && state.modals.is_empty();
    match (state.view, pane) {
        (View::Overview, _) => overview::draw(frame, area, state, theme),
        (View::Groups, _) => groups::draw(frame, area, state, theme, true),
        (View::Changes, _) => changes::draw(frame, area, state, theme),
        (View::People, Pane::List) => people_table::draw(frame, area, state, theme, focused),
        (View::People, Pane::Detail) => person_card::draw(frame, area, state, theme, focused),
        (View::Projects, Pane::List) => projects_table::draw(frame, area, state, theme, focused),
        (View::Projects, Pane::Detail) => project_members::draw(frame, area, state, theme, focused),
    }
}

/// A pane's frame: a border (emphasised when focused) and a title.
fn pane_block<'a>(title: Line<'a>, theme: &Theme, focused: bool) -> Block<'a> {
    Block::bordered()
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        })
        .title(title)
}

/// A message in place of an empty list (loading, failed, nothing there, nothing matches).
fn notice(frame: &mut Frame, area: Rect, lines: Vec<Line<'_>>) {
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

/// What an empty list says, given what the load is doing.
fn empty_lines<'a>(state: &State, what: &str, theme: &Theme) -> Vec<Line<'a>> {
    use crate::app::state::LoadState;
    match &state.load {
        LoadState::Loading { .. } | LoadState::Idle => {
            vec![Line::from(Span::styled(
                format!("Loading {what}…"),
                theme.dim,
            ))]
        }
        LoadState::Failed(e) => vec![
            Line::from(Span::styled("Could not load the account:", theme.error)),
            Line::from(text::server(&e.message, theme.error)),
            Line::from(Span::raw(crate::app::load::after_failed_load(
                state, e.kind,
            ))),
        ],
        LoadState::Done => vec![Line::from(Span::styled(
            format!("No {what} in this account."),
            theme.dim,
        ))],
    }
}

/// The scroll offset that keeps `selected` within `rows` rows, starting from `offset`.
fn clamp_offset(offset: usize, selected: usize, rows: usize) -> usize {
    let rows = rows.max(1);
    if selected < offset {
        selected
    } else if selected >= offset + rows {
        selected + 1 - rows
    } else {
        offset
    }
}
