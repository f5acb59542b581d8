//! Staged invites: the batch (the line being typed with its check, then every row with ✓ or ✗
//! and why) and the confirmation that lists who gets an email and which rows are left out.
//! Marks are symbols, not only colours, so the batch reads the same under `NO_COLOR`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::keymap::{Context, Keymap};
use crate::app::state::State;
use crate::app::writes::staged::{CONFIRM_WIDTH, ConfirmStaged, StagedBatch};

use super::fit::cut;
use super::modal::{boxed_with_footer, buttons, hints, refusal, title};
use super::text;
use super::theme::Theme;

/// How wide the batch gets.
const BATCH_WIDTH: u16 = 90;
/// Rows of the box besides its lines above the batch rows: the borders, the "more" marks and
/// the error line.
const FIXED_ROWS: u16 = 5;

pub fn draw_batch(frame: &mut Frame, area: Rect, state: &State, b: &StagedBatch, theme: &Theme) {
    let checks = b.checks(&state.account);
    let ready = checks.iter().filter(|c| c.is_ok()).count();
    let mut lines = vec![
        Line::from(Span::styled(
            " name, email, role, project; project (role, projects optional)",
            theme.dim,
        )),
        Line::from({
            let mut spans = vec![Span::styled(" > ", theme.key)];
            let cursor = b.selected.is_none().then_some(b.input.cursor());
            spans.extend(text::with_cursor(
                b.input.as_str(),
                cursor,
                Default::default(),
                theme.key,
            ));
            spans
        }),
    ];
    lines.push(match b.input_check(&state.account) {
        None => Line::from(Span::styled(
            "   Enter adds the line; paste several lines at once",
            theme.dim,
        )),
        Some(Ok(r)) => Line::from(Span::styled(
            format!(
                "   ✓ ready: {}, {} project{}",
                r.role,
                r.projects.len(),
                if r.projects.len() == 1 { "" } else { "s" }
            ),
            theme.dim,
        )),
        Some(Err(why)) => Line::from(vec![
            Span::styled("   ✗ ", theme.error),
            text::server(&why, theme.error),
        ]),
    });
    lines.push(Line::from(Span::styled(
        format!(
            " Batch: {} row{}, {ready} ready, {} refused",
            b.rows.len(),
            if b.rows.len() == 1 { "" } else { "s" },
            b.rows.len() - ready
        ),
        theme.title,
    )));
    // Rows are cut to one line each (a refused row takes two: the row, then why); the lines
    // above them may wrap.
    let inner = usize::from(
        BATCH_WIDTH
            .min(area.width)
            .saturating_sub(crate::app::writes::fit::FRAME_COLUMNS),
    );
    let above: u16 = lines
        .iter()
        .map(|l| {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            crate::app::writes::fit::rows(text.trim_start(), inner as u16)
        })
        .sum();
    let room = usize::from(area.height.saturating_sub(above + FIXED_ROWS)).max(2);
    let heights: Vec<usize> = checks.iter().map(|c| 1 + usize::from(c.is_err())).collect();
    let focus = b.selected.unwrap_or(b.rows.len().saturating_sub(1));
    let mut start = 0;
    while start < focus
        && heights[start..=focus.min(heights.len().saturating_sub(1))]
            .iter()
            .sum::<usize>()
            > room
    {
        start += 1;
    }
    let mut used = 0;
    for (i, (row, check)) in b.rows.iter().zip(&checks).enumerate().skip(start) {
        if used + heights[i] > room {
            lines.push(Line::from(Span::styled(
                format!("   … {} more below (↓)", b.rows.len() - i),
                theme.dim,
            )));
            break;
        }
        used += heights[i];
        let style = if b.selected == Some(i) {
            theme.selection
        } else {
            Default::default()
        };
        let (mark, mark_style) = match check {
            Ok(_) => ("✓", theme.dim),
            Err(_) => ("✗", theme.error),
        };
        lines.push(cut(
            Line::from(vec![
                Span::styled(format!("{mark} "), mark_style),
                Span::styled(format!("{:>2} ", i + 1), theme.dim),
                text::server(row, style),
            ]),
            inner,
        ));
        if let Err(why) = check {
            lines.push(cut(
                Line::from(vec![Span::raw("      "), text::server(why, theme.error)]),
                inner,
            ));
        }
    }
    if start > 0 {
        lines.insert(
            4,
            Line::from(Span::styled(
                format!("   … {start} more above (↑)"),
                theme.dim,
            )),
        );
    }
    if let Some(e) = &b.error {
        lines.push(Line::from(text::server(e, theme.error)));
    }
    boxed_with_footer(
        frame,
        area,
        title("Staged invites: nothing is sent before the review", theme),
        lines,
        Vec::new(),
        &hints(&state.keymap, Context::StagedInvites, &[]),
        BATCH_WIDTH,
        theme,
    );
}

pub fn draw_confirm(
    frame: &mut Frame,
    area: Rect,
    keys: &Keymap,
    c: &ConfirmStaged,
    theme: &Theme,
) {
    let dialog = c.dialog();
    if !dialog.fits(area.width, area.height) {
        refusal(frame, area, &dialog, "Send invitations", theme);
        return;
    }
    let mut lines: Vec<Line<'static>> = c
        .summary()
        .into_iter()
        .map(|s| Line::from(Span::styled(format!(" {s}"), theme.warn)))
        .collect();
    lines.extend(
        c.ready_lines()
            .into_iter()
            .map(|l| Line::from(vec![Span::raw("   "), text::server(&l, Default::default())])),
    );
    if let Some(h) = c.refused_heading() {
        lines.push(Line::from(Span::styled(format!(" {h}"), theme.title)));
        lines.extend(
            c.refused_lines()
                .into_iter()
                .map(|l| Line::from(vec![Span::raw("   "), text::server(&l, theme.error)])),
        );
    }
    let footer = vec![Line::default(), buttons(c.focus, &c.button(), true, theme)];
    boxed_with_footer(
        frame,
        area,
        title(c.question(), theme),
        lines,
        footer,
        &hints(keys, Context::ConfirmStaged, &[]),
        CONFIRM_WIDTH,
        theme,
    );
}
