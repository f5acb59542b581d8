//! The bottom line: what the network is waiting through (a retry, a rate-limit wait), the last
//! error or message, what is loading (counts, time left), the keys that work here (from the
//! keymap), and at the right end the request budget, always.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::action::Progress;
use crate::app::keymap::Command;
use crate::app::state::{LoadState, Modal, State, StatusKind};

use super::theme::Theme;
use super::{fit, text};

fn eta(d: Duration) -> String {
    let s = d.as_secs();
    if s < 60 {
        format!("about {s} s left")
    } else {
        format!("about {} min left", s.div_ceil(60))
    }
}

/// "loading people 300/1203 · about 1 min left" (the budget has its own place on the line)
pub fn progress_text(p: Option<&Progress>) -> String {
    let Some(p) = p else {
        return "loading…".into();
    };
    let mut parts = vec![match (p.total, p.at_least) {
        (Some(t), _) => format!("loading {} {}/{}", p.stage, p.done, t),
        (None, Some(n)) => format!("loading {} {} of at least {n}", p.stage, p.done),
        (None, None) => format!("loading {} {}", p.stage, p.done),
    }];
    if let Some(e) = p.eta {
        parts.push(eta(e));
    }
    parts.join(" · ")
}

/// `line` cut to `width`; when anything is cut, it ends in "…" followed by the message log's
/// key (" m: all"), as long as that leaves room for some of the message.
fn cut_naming_log(
    line: Line<'static>,
    width: usize,
    state: &State,
    theme: &Theme,
) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let key = state.keymap.key_of(Command::Messages);
    let more = format!(" {key}: all");
    let room = width.saturating_sub(more.chars().count());
    if room < 8 {
        return fit::cut(line, width);
    }
    let mut cut = fit::cut(line, room);
    cut.push_span(Span::styled(key, theme.key));
    cut.push_span(Span::raw(": all"));
    let mut spans = cut.spans;
    spans.insert(spans.len() - 2, Span::raw(" "));
    Line::from(spans)
}

/// The budget at the right end: "18/25 req per 10 s (7 left)", or "18/25 req" on a narrow line.
fn budget_text(state: &State, width: u16) -> Option<String> {
    let b = state.network.budget?;
    Some(if width < 60 {
        format!(" {}/{} req ", b.used, b.limit)
    } else {
        format!(" {} ", b.text())
    })
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut left: Vec<Span> = vec![Span::raw(" ")];
    // What the network is waiting through comes first: it is why nothing else moves.
    if state.loading()
        && let Some(t) = state.network.trouble()
    {
        left.push(Span::styled(t, theme.warn));
        left.push(Span::raw("  "));
    }
    match &state.status {
        Some(s) if s.kind == StatusKind::Error => {
            left.push(Span::styled("error: ", theme.error));
            left.push(text::server(&s.text, theme.error));
            left.push(Span::raw("  "));
        }
        Some(s) => {
            left.push(text::server(&s.text, Default::default()));
            left.push(Span::raw("  "));
        }
        None => {}
    }
    if let Some(w) = state.writes.in_flight_text() {
        left.push(Span::styled(w, theme.warn));
        left.push(Span::raw("  "));
    }
    match &state.load {
        LoadState::Loading { progress, .. } => {
            left.push(Span::styled(progress_text(progress.as_ref()), theme.dim));
        }
        _ if state.status.is_none() => left.push(Span::styled(
            format!(
                "{} people · {} projects",
                state.people_total(),
                state.projects_total()
            ),
            theme.dim,
        )),
        _ => {}
    }
    // Never cut silently: a message wider than the line ends in an ellipsis and names the key
    // of the message log, which holds it whole.
    let budget = budget_text(state, area.width).unwrap_or_default();
    let budget_width = budget.chars().count() as u16;
    let width = area.width.saturating_sub(budget_width);
    let left = cut_naming_log(Line::from(left), usize::from(width), state, theme);
    let used = left.width() as u16 + budget_width;

    // Hints: as many as fit after the status text.
    let room = area.width.saturating_sub(used + 1) as usize;
    let mut hint_spans: Vec<Span> = Vec::new();
    let mut width = 0;
    // A write modal shows its keys on its own border.
    let hints = match state.modals.last() {
        Some(Modal::Write(_)) => Vec::new(),
        _ => state.keymap.hints(&state.contexts()),
    };
    for (keys, label) in hints {
        let w = keys.chars().count() + label.chars().count() + 3;
        if width + w > room {
            break;
        }
        width += w;
        hint_spans.push(Span::styled(keys, theme.key));
        hint_spans.push(Span::raw(format!(" {label}  ")));
    }
    let [l, r, b] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(width as u16),
        Constraint::Length(budget_width),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(left), l);
    frame.render_widget(Paragraph::new(Line::from(hint_spans)), r);
    frame.render_widget(Paragraph::new(Span::styled(budget, theme.dim)), b);
}
