//! The command line (`:`) and the account picker: centred boxes over the view, drawn from
//! [`crate::app::command_line`] and [`crate::app::accounts`].

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::app::accounts::AccountPicker;
use crate::app::command_line::CommandLine;
use crate::app::keymap::Context;
use crate::app::state::State;

use super::help::centered;
use super::modal::hints;
use super::theme::Theme;
use super::{fit, text};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, cl: &CommandLine, theme: &Theme) {
    let rect = centered(area, 76, area.height.saturating_sub(2).max(3));
    frame.render_widget(Clear, rect);
    let mut title = vec![Span::styled(" : ", theme.key)];
    title.extend(text::with_cursor(
        cl.line.as_str(),
        Some(cl.line.cursor()),
        theme.title,
        theme.key,
    ));
    title.push(Span::raw(" "));
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(Line::from(title))
        .title_bottom(Line::from(Span::styled(
            format!(
                " {} · account NAME switches account ",
                hints(&state.keymap, Context::CommandLine, &[])
            ),
            theme.dim,
        )));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines = Vec::new();
    if let Some(name) = cl.account_name() {
        lines.push(Line::from(vec![
            Span::styled(" Enter ", theme.key),
            Span::raw("switches to the account "),
            text::server(name, theme.title),
        ]));
    }
    let entries = cl.entries(&state.keymap);
    if entries.is_empty() && lines.is_empty() {
        lines.push(Line::from(Span::styled(
            " no command matches (account NAME switches account)",
            theme.dim,
        )));
    }
    let rows = (inner.height as usize).saturating_sub(lines.len()).max(1);
    let skip = cl.selected.saturating_sub(rows.saturating_sub(1));
    for (i, e) in entries.iter().enumerate().skip(skip).take(rows) {
        let style = if i == cl.selected && cl.account_name().is_none() {
            theme.selection
        } else {
            Default::default()
        };
        let marker = if i == cl.selected { "›" } else { " " };
        let line = Line::from(vec![
            Span::styled(format!("{marker}{:<14} ", e.name), style),
            Span::styled(format!("{:<8} ", e.keys), theme.key),
            Span::styled(e.desc, theme.dim),
        ]);
        lines.push(fit::cut(line, usize::from(inner.width)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn draw_accounts(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    picker: &AccountPicker,
    theme: &Theme,
) {
    let height = (state.accounts.len() as u16).saturating_add(2);
    let rect = centered(area, 76, height.min(area.height));
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(Line::from(Span::styled(" Accounts ", theme.title)))
        .title_bottom(Line::from(Span::styled(
            format!(" {} ", hints(&state.keymap, Context::AccountPicker, &[])),
            theme.dim,
        )));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let rows = (inner.height as usize).max(1);
    let skip = picker.selected.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line<'static>> = state
        .accounts
        .iter()
        .enumerate()
        .skip(skip)
        .take(rows)
        .map(|(i, a)| {
            let style = if i == picker.selected {
                theme.selection
            } else {
                Default::default()
            };
            let marker = if i == picker.selected { "›" } else { " " };
            let current = if a.name == state.label { " (open)" } else { "" };
            let ro = if a.read_only { ", read-only" } else { "" };
            let line = Line::from(vec![
                Span::styled(marker, style),
                text::server(&format!("{}{current}", a.name), style),
                Span::styled(
                    format!("  {}{ro}, {}  ", a.profile, a.token.label()),
                    theme.dim,
                ),
                text::server(&a.base_url, theme.dim),
            ]);
            fit::cut(line, usize::from(inner.width))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
