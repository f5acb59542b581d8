//! The bulk actions' modals (see `app::writes::bulk`): the menu, the confirmations, the one
//! review page of a bulk offboarding, its typed count, and the result item by item.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::app::keymap::{Context, Keymap};
use crate::app::state::State;
use crate::app::writes::bulk::{
    BULK_WIDTH, BulkAction, BulkConfirm, BulkMenu, BulkOffboardReview, BulkResult,
};
use crate::app::writes::offboard::{TYPED_EMAIL_WIDTH, TypedCount, subject};

use super::modal::{DrawnButtons, boxed, boxed_with_footer, buttons, drawn_buttons, hints, title};
use super::text;
use super::theme::Theme;

pub fn draw_menu(frame: &mut Frame, area: Rect, state: &State, m: &BulkMenu, theme: &Theme) {
    let n = m.people.len();
    let names: Vec<String> = m
        .people
        .iter()
        .take(3)
        .filter_map(|id| {
            state
                .account
                .person(*id)
                .map(crate::model::account::Person::display_name)
        })
        .collect();
    let more = if n > 3 {
        format!(" and {} more", n - 3)
    } else {
        String::new()
    };
    let mut lines = vec![
        Line::from(vec![
            Span::raw(" "),
            text::server(&names.join(", "), theme.title),
            Span::raw(more),
        ]),
        Line::default(),
    ];
    for (i, a) in BulkAction::ALL.iter().enumerate() {
        let (mark, style) = if i == m.selected {
            ("▶ ", theme.selection)
        } else {
            ("  ", Default::default())
        };
        lines.push(Line::from(vec![
            Span::raw(" "),
            Span::styled(format!("{mark}{}", a.label()), style),
        ]));
    }
    if !state.marks.projects.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            format!(
                " Add goes to the {} marked projects, no picker.",
                state.marks.projects.len()
            ),
            theme.dim,
        )));
    }
    boxed(
        frame,
        area,
        title(format!("Bulk actions: {n} marked"), theme),
        lines,
        &hints(&state.keymap, Context::BulkMenu, &[]),
        BULK_WIDTH,
        theme,
    );
}

pub fn draw_confirm(
    frame: &mut Frame,
    area: Rect,
    keys: &Keymap,
    c: &BulkConfirm,
    theme: &Theme,
) -> Option<DrawnButtons> {
    let dialog = c.dialog();
    if !dialog.fits(area.width, area.height) {
        super::modal::refusal(frame, area, &dialog, c.button, theme);
        return None;
    }
    let lines: Vec<Line<'static>> = c
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let style = if i == 0 {
                theme.title
            } else {
                Default::default()
            };
            Line::from(vec![Span::raw(" "), text::server(l, style)])
        })
        .collect();
    let footer = vec![Line::default(), buttons(c.focus, c.button, true, theme)];
    let row = boxed_with_footer(
        frame,
        area,
        title(c.heading.clone(), theme),
        lines,
        footer,
        &hints(keys, Context::BulkConfirm, &[]),
        BULK_WIDTH,
        theme,
    );
    drawn_buttons(row, c.button)
}

/// The review page: for each person, what the single review shows.
pub fn draw_review(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    r: &BulkOffboardReview,
    theme: &Theme,
) {
    let rect = Rect {
        x: area.x,
        y: area.y + 1.min(area.height),
        width: area.width,
        height: area.height.saturating_sub(2),
    };
    frame.render_widget(Clear, rect);
    let n = r.tombstones.len();
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(title(format!("Offboard {n} people"), theme))
        .title_bottom(Line::from(Span::styled(
            format!(
                " {} ",
                hints(&state.keymap, Context::BulkOffboardReview, &[])
            ),
            theme.dim,
        )));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines = Vec::new();
    for (i, t) in r.tombstones.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(format!(" {}/{n} ", i + 1), theme.key),
            text::server(&subject(t), theme.title),
        ]));
        let mut one = super::offboard::review_lines(state, t, theme);
        // Its closing note is the single delete's; the bulk one follows below.
        one.truncate(one.len().saturating_sub(2));
        lines.extend(one);
        lines.push(Line::default());
    }
    lines.push(Line::from(Span::styled(
        format!(" Nothing is deleted yet. The next step asks you to type \"delete {n}\"."),
        theme.dim,
    )));
    let max = lines.len().saturating_sub(inner.height as usize);
    frame.render_widget(
        Paragraph::new(lines).scroll((r.scroll.min(max) as u16, 0)),
        inner,
    );
}

pub fn draw_typed_count(
    frame: &mut Frame,
    area: Rect,
    keys: &Keymap,
    t: &TypedCount,
    theme: &Theme,
) -> Option<DrawnButtons> {
    let dialog = t.dialog();
    if !dialog.fits(area.width, area.height) {
        super::modal::refusal(frame, area, &dialog, "Delete", theme);
        return None;
    }
    let n = t.tombstones().len();
    let memberships: usize = t.tombstones().iter().map(|x| x.memberships.len()).sum();
    let lines = vec![
        Line::from(vec![
            Span::styled(" This cannot be undone. ", theme.error),
            Span::raw(format!(
                "ProofHub deletes {n} people and their {memberships} project memberships:"
            )),
        ]),
        Line::from(vec![Span::raw(" "), text::server(&t.emails(), theme.title)]),
        Line::from(Span::styled(
            " Each one's tombstone is saved to the local journal before its delete.",
            theme.dim,
        )),
    ];
    let footer = super::offboard::gate_footer(Span::styled(t.phrase(), theme.key), t.gate(), theme);
    let row = boxed_with_footer(
        frame,
        area,
        title(format!("Delete {n} people permanently"), theme),
        lines,
        footer,
        &hints(keys, Context::TypedCount, &[]),
        TYPED_EMAIL_WIDTH + 10,
        theme,
    );
    drawn_buttons(row, "Delete")
}

pub fn draw_result(frame: &mut Frame, area: Rect, keys: &Keymap, r: &BulkResult, theme: &Theme) {
    let run = &r.run;
    let mut lines = vec![Line::from(Span::styled(
        format!(" {}", run.summary_head()),
        theme.title,
    ))];
    for item in run.items.iter().skip(r.scroll) {
        let line = match &item.outcome {
            Some(Ok(())) => Line::from(vec![
                Span::styled(" ✓ done    ", theme.key),
                text::server(&item.subject, Default::default()),
            ]),
            Some(Err(why)) => Line::from(vec![
                Span::styled(" ✗ FAILED  ", theme.error),
                text::server(&item.subject, Default::default()),
                Span::raw(": "),
                text::server(why, theme.warn),
            ]),
            None => Line::from(vec![
                Span::styled(" … waiting ", theme.dim),
                text::server(&item.subject, Default::default()),
            ]),
        };
        lines.push(line);
    }
    boxed(
        frame,
        area,
        title(run.label.clone(), theme),
        lines,
        &hints(keys, Context::BulkResult, &[]),
        BULK_WIDTH,
        theme,
    );
}
