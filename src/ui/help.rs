//! The `?` overlay: every key that works, generated from the keymap and filterable by typing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::app::keymap::{Binding, Command, Context};
use crate::app::state::{HelpState, State};

use super::theme::Theme;
use super::{fit, text};

pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The overlay's lines: a heading per context, then "keys  description" per binding.
///
/// One section per heading, in the order the keymap first mentions it (the keymap lists some
/// contexts' bindings in more than one place).
pub fn lines(state: &State, help: &HelpState, theme: &Theme) -> Vec<Line<'static>> {
    let heading = |b: &Binding| match b.context {
        Context::Always => Context::Global.title(),
        c => c.title(),
    };
    let entries = state.keymap.help_entries(help.filter.as_str(), help.scope);
    let mut headings: Vec<&str> = Vec::new();
    for b in &entries {
        if !headings.contains(&heading(b)) {
            headings.push(heading(b));
        }
    }
    let mut out = Vec::new();
    for h in headings {
        out.push(Line::from(Span::styled(h.to_string(), theme.title)));
        for b in entries.iter().filter(|b| heading(b) == h) {
            out.push(entry(b, theme));
        }
    }
    if out.is_empty() {
        out.push(Line::from(Span::styled("no key matches", theme.dim)));
    }
    out
}

/// Where an entry's description starts: two spaces, the 12-cell key column, a space.
const DESC_INDENT: usize = 15;

fn entry(b: &Binding, theme: &Theme) -> Line<'static> {
    let mut spans = vec![
        Span::styled(format!("  {:<12} ", b.keys_label()), theme.key),
        Span::raw(b.desc),
    ];
    if let Some(name) = b.command.name().filter(|_| b.context != Context::Always) {
        spans.push(Span::styled(format!("  [{name}]"), theme.dim));
    }
    if b.dangerous {
        spans.push(Span::styled("  (permanent)", theme.error));
    } else if b.writes {
        spans.push(Span::styled("  (writes)", theme.warn));
    }
    Line::from(spans)
}

/// " ↑↓ PgUp PgDn scroll · type to filter · Esc closes ", with the keys bound now; while a
/// filter is typed, the same key clears it first, and the footer says so.
fn footer(state: &State, help: &HelpState) -> String {
    let key = |c: Command| state.keymap.key_for(&[Context::Help], c);
    let esc = if help.filter.is_empty() {
        "closes"
    } else {
        "clears the filter"
    };
    format!(
        " {}{} {} {} scroll · type to filter · {} {esc} ",
        key(Command::Up),
        key(Command::Down),
        key(Command::PageUp),
        key(Command::PageDown),
        key(Command::CloseHelp)
    )
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, help: &HelpState, theme: &Theme) {
    let rect = centered(area, 76, area.height.saturating_sub(2).max(3));
    frame.render_widget(Clear, rect);
    let mut title = Line::from(vec![
        Span::styled(" Keys ", theme.title),
        Span::styled("filter: ", theme.dim),
    ]);
    title.spans.extend(text::with_cursor(
        help.filter.as_str(),
        Some(help.filter.cursor()),
        theme.title,
        theme.key,
    ));
    title.push_span(Span::raw(" "));
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(title)
        .title_bottom(Line::from(Span::styled(footer(state, help), theme.dim)));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    // A line wider than the box wraps under its description instead of being cut.
    let body: Vec<Line<'static>> = lines(state, help, theme)
        .into_iter()
        .flat_map(|l| fit::wrap(l, usize::from(inner.width), DESC_INDENT))
        .collect();
    let max_scroll = body.len().saturating_sub(inner.height as usize);
    let scroll = help.scroll.min(max_scroll);
    frame.render_widget(
        Paragraph::new(body.into_iter().skip(scroll).collect::<Vec<_>>()),
        inner,
    );
}
