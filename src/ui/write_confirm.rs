//! The small write modals: the membership picker, the remove / recreate / quit confirmations
//! and the journal's tombstone list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::keymap::{Command, Context, Keymap};
use crate::app::state::State;
use crate::app::writes::members::{ConfirmRemove, PickFor, Picker, REMOVE_WIDTH};
use crate::app::writes::modal::Leave;
use crate::app::writes::offboard::Button;
use crate::app::writes::recreate::{ConfirmRecreate, TombstoneList};

use crate::model::restore::invitation_emails;

use super::modal::{
    DrawnButtons, boxed, boxed_with_footer, buttons, drawn_buttons, hints, named_title, refusal,
    title,
};
use super::text;
use super::theme::Theme;

pub fn draw_picker(frame: &mut Frame, area: Rect, state: &State, p: &Picker, theme: &Theme) {
    let rows = (area.height as usize).saturating_sub(7).max(1);
    let mut query = vec![Span::styled(" / ", theme.key)];
    query.extend(text::with_cursor(
        p.list.query().as_str(),
        Some(p.cursor),
        theme.title,
        theme.key,
    ));
    query.push(Span::styled(
        format!("   {} match", p.list.visible().len()),
        theme.dim,
    ));
    let mut lines = vec![Line::from(query)];
    let sel = p.list.selected_row();
    let start = sel.saturating_sub(rows.saturating_sub(1));
    // A successor's candidates say which are already members (they are listed first).
    let members: Vec<crate::model::account::PersonId> = match p.target {
        PickFor::Successor { project, .. } => state
            .account
            .members_of(project)
            .iter()
            .map(|m| m.person)
            .collect(),
        _ => Vec::new(),
    };
    for (row, i) in p.list.visible().iter().enumerate().skip(start).take(rows) {
        let label = match p.target {
            PickFor::Person(_) | PickFor::Marked { .. } => state
                .account
                .projects
                .get(*i)
                .map(|pr| pr.title.clone())
                .unwrap_or_default(),
            PickFor::Project(_) | PickFor::Group(_) | PickFor::Successor { .. } => state
                .account
                .people
                .get(*i)
                .map(|pe| format!("{}  {}", pe.display_name(), pe.email()))
                .unwrap_or_default(),
        };
        let style = if row == sel {
            theme.selection
        } else {
            Default::default()
        };
        let mut spans = vec![Span::raw(" "), text::server(&label, style)];
        if state
            .account
            .people
            .get(*i)
            .is_some_and(|pe| members.contains(&pe.id()))
        {
            spans.push(Span::styled("  member", theme.dim));
        }
        lines.push(Line::from(spans));
    }
    if p.list.visible().is_empty() {
        lines.push(Line::from(Span::styled(
            " nothing to add matches",
            theme.dim,
        )));
    }
    boxed(
        frame,
        area,
        named_title("", &p.title, "", theme),
        lines,
        &format!("type to filter · {}", picker_hints(state, p.target)),
        64,
        theme,
    );
}

/// The picker's key hints, Enter's named for what this picker does: the keymap's hint says
/// "add", which a remove or a successor's pick is not.
fn picker_hints(state: &State, target: PickFor) -> String {
    let all = hints(&state.keymap, Context::Picker, &[]);
    let verb = match target {
        PickFor::Marked { add: false } => "remove",
        PickFor::Successor { .. } => "choose",
        _ => return all,
    };
    let enter = state.keymap.key_for(&[Context::Picker], Command::Confirm);
    all.replacen(&format!("{enter} add"), &format!("{enter} {verb}"), 1)
}

/// The remove confirmation; where its buttons are (none when it is refused for size).
pub fn draw_remove(
    frame: &mut Frame,
    area: Rect,
    keys: &Keymap,
    c: &ConfirmRemove,
    theme: &Theme,
) -> Option<DrawnButtons> {
    let dialog = c.dialog();
    if !dialog.fits(area.width, area.height) {
        refusal(frame, area, &dialog, "Remove membership", theme);
        return None;
    }
    let lines = vec![
        Line::from(vec![
            Span::raw(" Remove "),
            text::server(&c.who, theme.title),
            Span::raw(" from "),
            text::server(&c.what, theme.title),
            Span::raw("?"),
        ]),
        Line::from(Span::styled(
            " They lose access to the project; adding them again (a) undoes it.",
            theme.dim,
        )),
    ];
    let footer = vec![Line::default(), buttons(c.focus, "Remove", true, theme)];
    let row = boxed_with_footer(
        frame,
        area,
        title("Remove membership", theme),
        lines,
        footer,
        &hints(keys, Context::ConfirmRemove, &[]),
        REMOVE_WIDTH,
        theme,
    );
    drawn_buttons(row, "Remove")
}

pub fn draw_recreate(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    c: &ConfirmRecreate,
    theme: &Theme,
) -> Option<DrawnButtons> {
    let p = &c.tombstone.person;
    let preview = c.preview(&state.account);
    let mut lines = vec![
        Line::from(vec![
            Span::raw(" Recreate "),
            text::server(&p.display_name(), theme.title),
            Span::raw(" <"),
            text::server(p.email().trim(), theme.title),
            Span::raw(">?"),
        ]),
        Line::from(vec![
            Span::styled(" ! ", theme.warn),
            Span::raw(format!(
                "{}.",
                capitalized(&invitation_emails(preview.emailed))
            )),
        ]),
        Line::from(vec![
            Span::raw(" Restores "),
            text::server(&preview.restores.join(", "), Default::default()),
            Span::raw("."),
        ]),
    ];
    for m in &preview.missed {
        lines.push(Line::from(vec![
            Span::styled(" not restored: ", theme.warn),
            text::server(&format!("{} ({})", m.what, m.why), Default::default()),
        ]));
    }
    lines.push(Line::from(
        " A new person is made: new id; history in ProofHub is not restored.",
    ));
    let footer = vec![Line::default(), buttons(c.focus, "Recreate", true, theme)];
    let row = boxed_with_footer(
        frame,
        area,
        title("Recreate from the journal", theme),
        lines,
        footer,
        &hints(&state.keymap, Context::ConfirmRecreate, &[]),
        66,
        theme,
    );
    drawn_buttons(row, "Recreate")
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn draw_quit(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    focus: Button,
    leave: &Leave,
    theme: &Theme,
) -> Option<DrawnButtons> {
    let what = state.writes.in_flight_text().unwrap_or_default();
    let (doing, ask, button, heading) = match leave {
        Leave::Quit => (
            " Quitting now".to_string(),
            " the journal holds what was sent. Quit anyway?".to_string(),
            "Quit",
            "Quit?".to_string(),
        ),
        Leave::Switch(name) => (
            " Switching account now".to_string(),
            format!(" the journal holds what was sent. Switch to {name} anyway?"),
            "Switch",
            "Switch account?".to_string(),
        ),
    };
    let lines = vec![
        Line::from(vec![
            Span::raw(" A write is in flight: "),
            text::server(&what, theme.title),
        ]),
        Line::from(format!(
            "{doing} may leave it unknown whether it reached the server;"
        )),
        Line::from(text::server(&ask, Style::default())),
    ];
    let footer = vec![Line::default(), buttons(focus, button, true, theme)];
    let row = boxed_with_footer(
        frame,
        area,
        title(heading, theme),
        lines,
        footer,
        &hints(&state.keymap, Context::ConfirmQuit, &[]),
        64,
        theme,
    );
    drawn_buttons(row, button)
}

/// One journal entry as the list shows it: name, email, how many projects it held, the day.
fn tombstone_line(name: &str, email: &str, projects: usize, at: &str) -> String {
    format!(
        "{name}  {}  {projects} project{}  {}",
        email.trim(),
        if projects == 1 { "" } else { "s" },
        at.get(..10).unwrap_or(at)
    )
}

pub fn draw_tombstones(
    frame: &mut Frame,
    area: Rect,
    keys: &Keymap,
    l: &TombstoneList,
    theme: &Theme,
) {
    let mut lines = Vec::new();
    match &l.entries {
        None => lines.push(Line::from(Span::styled(" reading the journal…", theme.dim))),
        Some(Err(e)) => lines.push(Line::from(text::server(&e.message, theme.error))),
        Some(Ok(entries)) if entries.is_empty() => lines.push(Line::from(Span::styled(
            " no deleted people and no revoked access in the journal",
            theme.dim,
        ))),
        Some(Ok(entries)) => {
            for (i, e) in entries.iter().enumerate() {
                let p = &e.tombstone.person;
                let state = match (e.revoked, e.deleted, e.recreated) {
                    (true, _, true) => "access restored",
                    (true, Some(true), _) => "access revoked",
                    (true, Some(false), _) => "revoke failed",
                    (false, _, true) => "recreated",
                    (false, Some(true), _) => "deleted",
                    (false, Some(false), _) => "delete failed",
                    (_, None, _) => "outcome unknown",
                };
                let style = if i == l.selected {
                    theme.selection
                } else {
                    Default::default()
                };
                lines.push(Line::from(vec![
                    Span::raw(" "),
                    text::server(
                        &tombstone_line(
                            &p.display_name(),
                            p.email(),
                            e.tombstone.memberships.len(),
                            &e.at,
                        ),
                        style,
                    ),
                    Span::styled(format!("  {state}"), theme.dim),
                ]));
            }
        }
    }
    boxed(
        frame,
        area,
        title("Deleted people and revoked access (journal)", theme),
        lines,
        &hints(keys, Context::Tombstones, &[]),
        72,
        theme,
    );
}

#[cfg(test)]
mod tests {
    use super::tombstone_line;

    #[test]
    fn a_journal_entry_counts_its_projects_in_words_that_agree() {
        let at = "2026-12-03T07:38:42Z";
        assert_eq!(
            tombstone_line("Ingrid López", " ingrid@x.io ", 1, at),
            "Ingrid López  ingrid@x.io  1 project  2026-12-03"
        );
        assert_eq!(
            tombstone_line("Ingrid López", "ingrid@x.io", 0, at),
            "Ingrid López  ingrid@x.io  0 projects  2026-12-03"
        );
        assert_eq!(
            tombstone_line("Ingrid López", "ingrid@x.io", 3, "short"),
            "Ingrid López  ingrid@x.io  3 projects  short"
        );
    }
}
