//! The audit overview (`3`): a box of counts, one per People quick filter (Enter opens the
//! list it counts), and a horizontal bar chart (ratatui's `BarChart`) of when people were last
//! active. Every bar's label carries its number, so the chart reads the same without colour
//! (NO_COLOR); in colour each bucket has one of the 16 ANSI colours.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Paragraph};

use crate::app::overview::{Activity, counts, histogram};
use crate::app::state::{ColorMode, State};
use crate::app::table::QuickFilter;

use super::fit;
use super::pane_block;
use super::text;
use super::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let rows = counts(&state.account, state.loading());
    // The chart: a bar and a gap per bucket, and its border; what is left stays empty.
    let chart_height = Activity::ALL.len() as u16 * 2 + 2;
    let [top, chart, _] = Layout::vertical([
        Constraint::Length(rows.len() as u16 + 2),
        Constraint::Length(chart_height),
        Constraint::Min(0),
    ])
    .areas(area);
    let people = state.account.people.len();
    let title = Line::from(vec![
        Span::styled(" Audit: ", theme.title),
        text::server(&state.label, theme.title),
        Span::styled(format!(", {people} people "), theme.title),
    ]);
    // A pane too short for every count scrolls to the selection and says how many it shows.
    let visible = usize::from(top.height.saturating_sub(2));
    let mut title = title;
    if visible < rows.len() {
        title.push_span(Span::styled(
            format!("· {} of {} (j/k) ", visible, rows.len()),
            theme.title,
        ));
    }
    let title = fit::cut(title, usize::from(top.width.saturating_sub(2)));
    let block = pane_block(title, theme, state.modals.is_empty());
    let inner = block.inner(top);
    frame.render_widget(block, top);
    let width = rows
        .iter()
        .map(|r| r.filter.label().chars().count())
        .max()
        .unwrap_or(0);
    let lines: Vec<Line<'_>> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let selected = i == state.overview.selected;
            let style = if selected {
                theme.selection
            } else {
                Style::default()
            };
            let mut spans = vec![
                Span::styled(if selected { "›" } else { " " }, style),
                Span::styled(
                    format!("{:<width$} {:>6}", r.filter.label(), r.count),
                    style,
                ),
            ];
            let hint = "  Enter: the People list";
            if let Some(c) = &r.caveat {
                spans.push(Span::styled(format!("  ({c})"), theme.warn));
            } else if selected && 2 + width + 6 + hint.len() <= usize::from(inner.width) {
                spans.push(Span::styled(hint, theme.dim));
            }
            fit::cut(Line::from(spans), usize::from(inner.width))
        })
        .collect();
    let offset = (state.overview.selected + 1).saturating_sub(visible.max(1));
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), inner);
    draw_chart(frame, chart, state, theme);
}

/// One colour per bucket, where colours are drawn.
fn bucket_style(mode: ColorMode, a: Activity) -> Style {
    let color = match (mode, a) {
        (ColorMode::Monochrome, _) => return Style::default(),
        (_, Activity::ThisWeek) => Color::Green,
        (ColorMode::Light, Activity::ThisMonth) => Color::Blue,
        (_, Activity::ThisMonth) => Color::Cyan,
        (ColorMode::Light, Activity::ThisQuarter) => Color::Magenta,
        (_, Activity::ThisQuarter) => Color::Yellow,
        (_, Activity::Older) => Color::Red,
        (ColorMode::Light, Activity::Never) => Color::Black,
        (_, Activity::Never) => Color::Magenta,
        (_, Activity::Unknown) => Color::DarkGray,
    };
    Style::new().fg(color)
}

fn draw_chart(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let buckets = histogram(&state.account, state.now);
    // Never leave buckets out silently: a pane too short for all of them says so.
    let shown = usize::from(area.height.saturating_sub(2)).min(buckets.len());
    let title = if shown < buckets.len() {
        format!(
            " Last active: {shown} of {} (a taller window shows all) ",
            buckets.len()
        )
    } else {
        " Last active ".to_string()
    };
    let title = fit::cut(
        Line::from(Span::styled(title, theme.title)),
        usize::from(area.width.saturating_sub(2)),
    );
    let block = pane_block(title, theme, false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    let label_width = Activity::ALL
        .iter()
        .map(|a| a.meaning().chars().count())
        .max()
        .unwrap_or(0);
    // The bucket's words go first when the pane is narrow: a label wider than the pane would
    // run over its border, and the name and the number alone still read.
    let with_meaning = usize::from(inner.width) >= 7 + 1 + 5 + 2 + label_width + 10;
    let bars: Vec<Bar<'_>> = buckets
        .iter()
        .map(|(a, n)| {
            Bar::default()
                .value(*n as u64)
                .label(Line::from(if with_meaning {
                    format!("{:<7} {:>5}  {:<label_width$}", a.label(), n, a.meaning())
                } else {
                    format!("{:<7} {:>5}", a.label(), n)
                }))
                .text_value(String::new())
                .style(bucket_style(state.colors, *a))
        })
        .collect();
    let gap = u16::from(inner.height >= 2 * bars.len() as u16);
    let chart = BarChart::horizontal(bars).bar_width(1).bar_gap(gap);
    frame.render_widget(chart, inner);
}
