//! "Suspend X?" / "Reactivate X?": what it does, what is sent and that the write is assumed
//! (ProofHub documents no way to suspend), Cancel focused (see `app::writes::suspend`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::keymap::{Context, Keymap};
use crate::app::writes::suspend::{ConfirmSuspend, SUSPEND_WIDTH};

use super::modal::{boxed_with_footer, buttons, hints, refusal, title};
use super::text;
use super::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, keys: &Keymap, c: &ConfirmSuspend, theme: &Theme) {
    let dialog = c.dialog();
    if !dialog.fits(area.width, area.height) {
        refusal(frame, area, &dialog, c.verb(), theme);
        return;
    }
    // The dialog's own lines, the subject as server text (escaped).
    let mut lines = vec![Line::from(vec![
        Span::raw(format!(" {} ", c.verb())),
        text::server(&c.subject, theme.title),
        Span::raw("?"),
    ])];
    for l in dialog.lines.iter().skip(1).take(3) {
        lines.push(Line::from(Span::styled(format!(" {l}"), theme.dim)));
    }
    let footer = vec![Line::default(), buttons(c.focus, c.verb(), true, theme)];
    boxed_with_footer(
        frame,
        area,
        title(format!("{} (assumed write)", c.verb()), theme),
        lines,
        footer,
        &hints(keys, Context::ConfirmSuspend, &[]),
        SUSPEND_WIDTH,
        theme,
    );
}
