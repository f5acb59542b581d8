//! What every write modal shares: a cleared, bordered box centred on the screen, a row of two
//! buttons (Cancel first and focused by default, the other disabled-looking until allowed),
//! and a line of key hints at the bottom.

use ratatui::Frame;

use crate::app::writes::fit;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph, Wrap};

use crate::app::keymap::{Command, Context, Keymap};
use crate::app::writes::offboard::Button;

use super::help::centered;
use super::text;
use super::theme::Theme;

/// Draws `lines` in a box titled `title`, `width` wide (at most the screen), as tall as the
/// lines need (at most the screen), with `hints` on the bottom border.
pub fn boxed(
    frame: &mut Frame,
    area: Rect,
    title: Line<'_>,
    lines: Vec<Line<'_>>,
    hints: &str,
    width: u16,
    theme: &Theme,
) {
    boxed_with_footer(frame, area, title, lines, Vec::new(), hints, width, theme);
}

/// [`boxed`], with `footer` lines (an input, the buttons) pinned to the bottom of the box so
/// that they stay visible when the screen is too small for everything: the body is cut first.
/// Returns the row the last footer line was drawn on, when it shows whole on that one row
/// (where [`buttons`] put their line, [`drawn_buttons`] finds each button).
#[allow(clippy::too_many_arguments)]
pub fn boxed_with_footer(
    frame: &mut Frame,
    area: Rect,
    title: Line<'_>,
    lines: Vec<Line<'_>>,
    footer: Vec<Line<'_>>,
    hints: &str,
    width: u16,
    theme: &Theme,
) -> Option<Rect> {
    // One column of padding on each side; the lines' own leading space is dropped so that
    // wrapped continuation lines line up with the first.
    let lines: Vec<Line<'_>> = lines.into_iter().map(unindent).collect();
    let footer: Vec<Line<'_>> = footer.into_iter().map(unindent).collect();
    let inner_w = width.min(area.width).saturating_sub(4).max(1);
    // Wrapped height, as `app::writes::fit` counts it for the destructive dialogs.
    let wrapped = |ls: &[Line<'_>]| -> u16 {
        ls.iter()
            .map(|l| fit::rows(&plain(l), inner_w))
            .fold(0, u16::saturating_add)
    };
    let rows = wrapped(&lines);
    let foot = wrapped(&footer);
    let last_fits = footer
        .last()
        .is_some_and(|l| wrapped(std::slice::from_ref(l)) == 1);
    let rect = centered(area, width, rows.saturating_add(foot).saturating_add(2));
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(title)
        .title_bottom(Line::from(Span::styled(
            format!(
                " {} ",
                fit_hints(hints, rect.width.saturating_sub(4) as usize)
            ),
            theme.dim,
        )))
        .padding(Padding::horizontal(1));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [body, bottom] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(foot.min(inner.height)),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    frame.render_widget(Paragraph::new(footer).wrap(Wrap { trim: false }), bottom);
    // The footer fills `bottom` to its last row only when all of it fits.
    (last_fits && foot <= bottom.height && bottom.height > 0).then(|| Rect {
        y: bottom.bottom() - 1,
        height: 1,
        ..bottom
    })
}

fn plain(line: &Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

/// Instead of a destructive dialog that does not fit whole: how big the terminal must be.
pub fn refusal(frame: &mut Frame, area: Rect, dialog: &fit::Dialog, what: &str, theme: &Theme) {
    frame.render_widget(Clear, area);
    let lines = vec![
        Line::from(Span::styled(
            dialog.refusal(what, area.width, area.height),
            theme.error,
        )),
        Line::from(fit::REFUSAL_WHY),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

/// The hint line of a modal, from the keymap: "Tab/↓ next · Enter review · Esc cancel".
/// `skip` leaves out commands the modal has no use for now.
pub fn hints(keys: &Keymap, ctx: Context, skip: &[Command]) -> String {
    keys.hints_except(&[ctx], skip)
        .into_iter()
        .map(|(k, l)| format!("{k} {l}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// `hints` cut to `room` columns at a " · " between two hints (then "…"), never inside one.
fn fit_hints(hints: &str, room: usize) -> String {
    if hints.chars().count() <= room {
        return hints.to_string();
    }
    let mut out = String::new();
    for h in hints.split(" · ") {
        let next = if out.is_empty() {
            h.to_string()
        } else {
            format!("{out} · {h}")
        };
        if next.chars().count() + 2 > room {
            break;
        }
        out = next;
    }
    out.push_str(" …");
    out
}

/// The line without one leading space of its first span.
fn unindent(mut line: Line<'_>) -> Line<'_> {
    if let Some(first) = line.spans.first_mut()
        && let Some(rest) = first.content.strip_prefix(' ')
    {
        first.content = rest.to_string().into();
    }
    line
}

/// A title around server text: " {before}{name}{after} ", the name escaped.
pub fn named_title(before: &str, name: &str, after: &str, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!(" {before}"), theme.title),
        text::server(name, theme.title),
        Span::styled(format!("{after} "), theme.title),
    ])
}

/// The title of a modal: " text ", bold.
pub fn title(text: impl Into<String>, theme: &Theme) -> Line<'static> {
    Line::from(Span::styled(format!(" {} ", text.into()), theme.title))
}

/// The screen cells of a modal's two buttons, as `buttons` drew them (for the mouse).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawnButtons {
    pub cancel: Rect,
    pub confirm: Rect,
}

impl DrawnButtons {
    /// The button at `x`, `y`, if any.
    pub fn at(&self, x: u16, y: u16) -> Option<Button> {
        let inside = |r: Rect| r.contains(ratatui::layout::Position { x, y });
        if inside(self.cancel) {
            Some(Button::Cancel)
        } else if inside(self.confirm) {
            Some(Button::Confirm)
        } else {
            None
        }
    }
}

/// Where the buttons of [`buttons`]`(.., confirm, ..)` are on `row` (the row
/// [`boxed_with_footer`] drew them on; the line's first space is dropped there), each cut to
/// the row.
pub fn drawn_buttons(row: Option<Rect>, confirm: &str) -> Option<DrawnButtons> {
    let row = row?;
    let lead = (BUTTON_GAP.len() - 1) as u16;
    let cancel_w = CANCEL.chars().count() as u16;
    let confirm_w = confirm.chars().count() as u16 + 4;
    let cell = |from: u16, width: u16| {
        let x = row.x.saturating_add(from).min(row.right());
        Rect {
            x,
            width: width.min(row.right() - x),
            ..row
        }
    };
    let confirm_x = lead + cancel_w + BUTTON_GAP.len() as u16;
    Some(DrawnButtons {
        cancel: cell(lead, cancel_w),
        confirm: cell(confirm_x, confirm_w),
    })
}

const CANCEL: &str = "[ Cancel ]";
const BUTTON_GAP: &str = "   ";

/// "[ Cancel ]  [ Delete ]": the focused button reversed, a disabled one dim and struck out.
pub fn buttons(
    focus: Button,
    confirm: &str,
    confirm_enabled: bool,
    theme: &Theme,
) -> Line<'static> {
    let style = |b: Button, enabled: bool| {
        if !enabled {
            theme.dim.add_modifier(Modifier::CROSSED_OUT)
        } else if focus == b {
            theme.selection
        } else {
            theme.title
        }
    };
    Line::from(vec![
        Span::raw(BUTTON_GAP),
        Span::styled(CANCEL, style(Button::Cancel, true)),
        Span::raw(BUTTON_GAP),
        Span::styled(
            format!("[ {confirm} ]"),
            style(Button::Confirm, confirm_enabled),
        ),
    ])
}

/// "label     value" with the label in the label style.
pub fn field<'a>(label: &str, value: Vec<Span<'a>>, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::styled(format!(" {label:<11}"), theme.label)];
    spans.extend(value);
    Line::from(spans)
}
