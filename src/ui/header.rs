//! The top line (account, profile, mode, a shown snapshot's age, view tabs, help key) and the
//! breadcrumb line.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::keymap::Command;
use crate::app::state::{State, View};

use super::theme::Theme;
use super::{fit, text};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    // Each tab is "1 People" when there is room ("?" then loses its "help" first), "1" when
    // only the keys fit, and gone before the badge would be cut.
    // Three widths: every label and "? help"; every label and "?"; the keys only.
    // The Changes tab shows once there is a comparison to list (or on its view), and is the
    // first to go (`?` still names its key), unless it is the view.
    let on_changes = state.view == View::Changes;
    let changes_tab = on_changes || state.changes.compared.is_some();
    let tabs = |labels: bool, help_word: bool, changes: bool| {
        let tab = |view: View, command: Command| {
            let style = if state.view == view {
                theme.tab_active
            } else {
                theme.tab
            };
            let key = state.keymap.key_of(command);
            let text = if labels {
                format!(" {key} {} ", view.title())
            } else {
                format!(" {key} ")
            };
            Span::styled(text, style)
        };
        // Each tab carries a space on either side, which also parts it from the next.
        let mut spans = vec![
            tab(View::People, Command::ShowPeople),
            tab(View::Projects, Command::ShowProjects),
            tab(View::Overview, Command::ShowOverview),
            tab(View::Groups, Command::ShowGroups),
        ];
        if changes {
            spans.push(tab(View::Changes, Command::ShowChanges));
        }
        spans.extend([
            Span::raw("  "),
            Span::styled(state.keymap.key_of(Command::Help), theme.key),
            Span::raw(if help_word { " help " } else { " " }),
        ]);
        Line::from(spans)
    };
    let profile = state
        .account
        .profile
        .map_or("…".to_string(), |p| p.to_string());
    let mode = if state.read_only {
        "read-only"
    } else {
        "read-write"
    };
    // The profile, the mode and the snapshot's note are never dropped: the tabs go first, then "ProofHub", and the
    // account's label is cut (with an ellipsis) to what is left.
    // While a snapshot is shown, so is its age: it is not live data.
    let note = crate::app::snapshot::header_note(state, |taken| {
        text::ago(state.now, Some(&taken.to_rfc3339()))
    })
    .map(|n| format!(" · {n}"))
    .unwrap_or_default();
    let note = note + &marked_note(state);
    let badge = Span::raw(format!(" · {profile} · {mode}{note}"));
    let brand = Span::styled(" ProofHub · ", theme.header);
    let label = text::server(&state.label, theme.title);
    let label_width = label.width().max(8) as u16;
    let needed = label_width + badge.width() as u16 + 1;
    let fits = |line: &Line| line.width() as u16 + needed <= area.width;
    let (right, right_width) = [
        tabs(true, true, changes_tab),
        tabs(true, false, changes_tab),
        tabs(true, true, on_changes),
        tabs(true, false, on_changes),
        tabs(false, true, changes_tab),
        tabs(false, true, on_changes),
    ]
    .into_iter()
    .find(|line| fits(line))
    .map_or((Line::default(), 0), |line| {
        let width = line.width() as u16;
        (line, width)
    });
    let room = area.width.saturating_sub(right_width);
    let show_brand = room > (brand.width() + badge.width()) as u16 + label_width;
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right_width)]).areas(area);
    let lead = if show_brand { brand } else { Span::raw(" ") };
    let label_room = usize::from(room).saturating_sub(lead.width() + badge.width());
    let label = fit::cut(Line::from(label), label_room);
    let mut spans = vec![lead];
    spans.extend(label.spans);
    spans.push(badge);
    let left = fit::cut(Line::from(spans), usize::from(room));
    frame.render_widget(Paragraph::new(left), left_area);
    frame.render_widget(Paragraph::new(right), right_area);
}

/// " · 3 marked" while anything is marked (see `app::marks`), never dropped like the badge.
fn marked_note(state: &State) -> String {
    crate::app::marks::header_note(&state.marks)
        .map(|n| format!(" · {n}"))
        .unwrap_or_default()
}

/// "People › Jane Doe › Projects › Website redesign": where Esc leads back through.
pub fn draw_crumbs(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let crumbs = state.breadcrumbs();
    let mut spans = vec![Span::raw(" ")];
    for (i, c) in crumbs.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" › ", theme.crumbs));
        }
        let style = if i + 1 == crumbs.len() {
            theme.title
        } else {
            theme.crumbs
        };
        spans.push(text::server(c, style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
