//! "Remove X from the group Y?", Cancel focused (see `app::writes::group_members`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::keymap::{Context, Keymap};
use crate::app::writes::group_members::{ConfirmGroupRemove, GROUP_REMOVE_WIDTH};

use super::modal::{boxed_with_footer, buttons, hints, refusal, title};
use super::text;
use super::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, keys: &Keymap, c: &ConfirmGroupRemove, theme: &Theme) {
    let dialog = c.dialog();
    if !dialog.fits(area.width, area.height) {
        refusal(frame, area, &dialog, "Remove from group", theme);
        return;
    }
    let lines = vec![
        Line::from(vec![
            Span::raw(" Remove "),
            text::server(&c.who, theme.title),
            Span::raw(" from the group "),
            text::server(&c.what, theme.title),
            Span::raw("?"),
        ]),
        Line::from(Span::styled(
            " Every other member stays; adding them again (a) undoes it.",
            theme.dim,
        )),
    ];
    let footer = vec![Line::default(), buttons(c.focus, "Remove", true, theme)];
    boxed_with_footer(
        frame,
        area,
        title("Remove from group", theme),
        lines,
        footer,
        &hints(keys, Context::ConfirmGroupRemove, &[]),
        GROUP_REMOVE_WIDTH,
        theme,
    );
}
