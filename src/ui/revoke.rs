//! The revoke-access and restore-access confirmations: what goes (or comes back), that it is
//! not permanent, and Cancel focused.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::keymap::{Context, Keymap};
use crate::app::writes::fit::Dialog;
use crate::app::writes::offboard::Button;
use crate::app::writes::revoke::{ConfirmRestore, ConfirmRevoke, REVOKE_WIDTH};

use super::modal::{boxed_with_footer, buttons, hints, refusal, title};
use super::text;
use super::theme::Theme;

#[allow(clippy::too_many_arguments)]
fn confirm(
    frame: &mut Frame,
    area: Rect,
    keys: &Keymap,
    ctx: Context,
    dialog: &Dialog,
    heading: &str,
    focus: Button,
    button: &str,
    theme: &Theme,
) {
    if !dialog.fits(area.width, area.height) {
        refusal(frame, area, dialog, button, theme);
        return;
    }
    // The dialog's lines, less the blank line and the buttons, which the footer draws.
    let body = dialog.lines.len().saturating_sub(2);
    let lines: Vec<Line<'static>> = dialog
        .lines
        .iter()
        .take(body)
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
    let footer = vec![Line::default(), buttons(focus, button, true, theme)];
    boxed_with_footer(
        frame,
        area,
        title(heading, theme),
        lines,
        footer,
        &hints(keys, ctx, &[]),
        REVOKE_WIDTH,
        theme,
    );
}

pub fn draw_revoke(frame: &mut Frame, area: Rect, keys: &Keymap, c: &ConfirmRevoke, theme: &Theme) {
    confirm(
        frame,
        area,
        keys,
        Context::ConfirmRevoke,
        &c.dialog(),
        "Revoke access, keep the account",
        c.focus,
        "Revoke",
        theme,
    );
}

pub fn draw_restore(
    frame: &mut Frame,
    area: Rect,
    keys: &Keymap,
    c: &ConfirmRestore,
    theme: &Theme,
) {
    confirm(
        frame,
        area,
        keys,
        Context::ConfirmRestore,
        &c.dialog(),
        "Restore access",
        c.focus,
        "Restore",
        theme,
    );
}
