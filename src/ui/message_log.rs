//! The message log overlay: every status message of this run in full, newest first, each
//! with its time (UTC) and wrapped to the box, scrolled one message at a time.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::app::keymap::{Command, Context};
use crate::app::message_log::MessagesView;
use crate::app::state::State;

use super::help::centered;
use super::theme::Theme;
use super::{fit, text};

/// The time column: "15:04:05  ".
const TIME_WIDTH: usize = 10;

/// The log's lines at `width`: from the `scroll`th newest message on, each wrapped under its
/// time.
pub fn lines(
    state: &State,
    view: &MessagesView,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for entry in state.messages.newest_first().skip(view.scroll) {
        let mut spans = vec![Span::styled(
            format!("{:<TIME_WIDTH$}", entry.at.format("%H:%M:%S")),
            theme.dim,
        )];
        if entry.error {
            spans.push(Span::styled("error: ", theme.error));
            spans.push(text::server(&entry.text, theme.error));
        } else {
            spans.push(text::server(&entry.text, Default::default()));
        }
        out.extend(fit::wrap(Line::from(spans), width, TIME_WIDTH));
    }
    if state.messages.is_empty() {
        out.push(Line::from(Span::styled("no messages yet", theme.dim)));
    }
    out
}

/// " ↑↓ scroll · Esc closes ", with the keys bound now.
fn footer(state: &State) -> String {
    let key = |c: Command| state.keymap.key_for(&[Context::Messages], c);
    format!(
        " {}{} {} {} scroll · {} closes ",
        key(Command::Up),
        key(Command::Down),
        key(Command::PageUp),
        key(Command::PageDown),
        key(Command::Cancel)
    )
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, view: &MessagesView, theme: &Theme) {
    let rect = centered(
        area,
        area.width.saturating_sub(2).min(110),
        area.height.saturating_sub(2).max(3),
    );
    frame.render_widget(Clear, rect);
    let title = format!(" Messages ({}, newest first, UTC) ", state.messages.len());
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(Line::from(Span::styled(
            fit::cut_str(&title, usize::from(rect.width.saturating_sub(2))),
            theme.title,
        )))
        .title_bottom(Line::from(Span::styled(
            fit::cut_str(&footer(state), usize::from(rect.width.saturating_sub(2))),
            theme.dim,
        )));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let body = lines(state, view, usize::from(inner.width), theme);
    frame.render_widget(Paragraph::new(body), inner);
}
