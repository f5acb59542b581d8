//! The bottom line: the last error or message, what is loading (counts, request budget, time
//! left), and on the right the keys that work here (from the keymap).

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

/// "loading people 300/1203 · 18/25 req per 10 s · about 1 min left"
pub fn progress_text(p: Option<&Progress>) -> String {
    let Some(p) = p else {
        return "loading…".into();
    };
    let mut parts = vec![match p.total {
        Some(t) => format!("loading {} {}/{}", p.stage, p.done, t),
        None => format!("loading {} {}", p.stage, p.done),
    }];
    if let Some(b) = p.budget {
        parts.push(format!(
            "{}/{} req per {} s",
            b.used,
            b.limit,
            b.window.as_secs()
        ));
    }
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

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut left: Vec<Span> = vec![Span::raw(" ")];
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
                state.account.people.len(),
                state.account.projects.len()
            ),
            theme.dim,
        )),
        _ => {}
    }
    // Never cut silently: a message wider than the line ends in an ellipsis and names the key
    // of the message log, which holds it whole.
    let left = cut_naming_log(Line::from(left), usize::from(area.width), state, theme);
    let used = left.width() as u16;

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
    let [l, r] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(width as u16)]).areas(area);
    frame.render_widget(Paragraph::new(left), l);
    frame.render_widget(Paragraph::new(Line::from(hint_spans)), r);
}
