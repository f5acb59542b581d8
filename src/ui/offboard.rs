//! Offboarding: the review page (identity, role, groups, every membership, managed projects,
//! last active) and the typed-email modal whose Delete stays disabled until the email matches.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::app::keymap::{Command, Context, Keymap};
use crate::app::state::State;
use crate::app::writes::offboard::{OffboardReview, TYPED_EMAIL_WIDTH, TypedEmail};
use crate::app::writes::succession::{Succession, successions};
use crate::app::writes::typed_gate::TypedGate;
use crate::model::account::{Person, PersonId};
use crate::model::tombstone::Tombstone;

use super::modal::{
    DrawnButtons, boxed_with_footer, buttons, drawn_buttons, field, hints, named_title,
};
use super::text;
use super::theme::Theme;

fn plain(s: &str) -> Vec<Span<'static>> {
    vec![text::server(s, Default::default())]
}

/// The review's lines.
pub fn review_lines(state: &State, t: &Tombstone, theme: &Theme) -> Vec<Line<'static>> {
    let p = &t.person;
    let mut out = vec![field("email", plain(p.email()), theme)];
    if let Some(u) = p.username() {
        out.push(field("username", plain(u), theme));
    }
    let mut role = plain(t.role_name.as_deref().unwrap_or("(none)"));
    if let Some(title) = p.title() {
        role.push(Span::styled("   title ", theme.label));
        role.push(text::server(title, Default::default()));
    }
    out.push(field("role", role, theme));
    let status = if p.suspended() { "suspended" } else { "active" };
    out.push(field(
        "status",
        vec![Span::raw(format!(
            "{status} · last active {}",
            text::ago(state.now, p.last_active().as_deref())
        ))],
        theme,
    ));
    let groups = if t.groups.is_empty() {
        "(none)".to_string()
    } else {
        t.groups.join(", ")
    };
    out.push(field("groups", plain(&groups), theme));
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        format!(
            " Project memberships ({}): all go with the delete",
            t.memberships.len()
        ),
        theme.title,
    )));
    if t.memberships.is_empty() {
        out.push(Line::from(Span::styled("   (none)", theme.dim)));
    }
    for m in &t.memberships {
        let mut spans = vec![Span::raw("   "), text::server(&m.title, Default::default())];
        if let Some(r) = &m.project_role {
            spans.push(Span::styled(format!("  {r}"), theme.dim));
        }
        out.push(Line::from(spans));
    }
    out.push(Line::from(Span::styled(
        format!(" Projects they manage ({})", t.managed_projects.len()),
        theme.title,
    )));
    if t.managed_projects.is_empty() {
        out.push(Line::from(Span::styled("   (none)", theme.dim)));
    }
    let name = |id: PersonId| {
        state
            .lookup
            .person(&state.account, id)
            .map_or_else(|| format!("person {id}"), Person::display_name)
    };
    let now = successions(&state.account, &state.writes.hand_overs(), t);
    for (m, (_, succession)) in t.managed_projects.iter().zip(&now) {
        let mut spans = vec![Span::raw("   "), text::server(&m.title, Default::default())];
        match succession {
            Succession::Needed => spans.push(Span::styled(
                format!(
                    "  needs a new manager ({} picks one)",
                    state
                        .keymap
                        .key_for(&[Context::OffboardReview], Command::PickSuccessor)
                ),
                theme.warn,
            )),
            Succession::Sending(to) => {
                spans.push(Span::styled("  → ", theme.dim));
                spans.push(text::server(&name(*to), Default::default()));
                spans.push(Span::styled(" (being set…)", theme.dim));
            }
            Succession::Done(to) => {
                spans.push(Span::styled("  ✓ now managed by ", theme.dim));
                spans.push(text::server(&name(*to), Default::default()));
            }
            Succession::Unmanaged => {
                spans.push(Span::styled("  now has no manager", theme.warn));
            }
        }
        out.push(Line::from(spans));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        " Nothing is deleted yet. The next step asks you to type the email.",
        theme.dim,
    )));
    out
}

pub fn draw_review(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    r: &OffboardReview,
    theme: &Theme,
) {
    // The review takes the whole body: it is a page, not a popup.
    let rect = Rect {
        x: area.x,
        y: area.y + 1.min(area.height),
        width: area.width,
        height: area.height.saturating_sub(2),
    };
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(named_title(
            "Offboard ",
            &r.tombstone.person.display_name(),
            "",
            theme,
        ))
        .title_bottom(Line::from(Span::styled(
            format!(" {} ", hints(&state.keymap, Context::OffboardReview, &[])),
            theme.dim,
        )));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines = review_lines(state, &r.tombstone, theme);
    let max = lines.len().saturating_sub(inner.height as usize);
    frame.render_widget(
        Paragraph::new(lines).scroll((r.scroll.min(max) as u16, 0)),
        inner,
    );
}

/// The bottom of a typed confirmation (the typed email, the bulk offboarding's `delete N`):
/// what to type, the box with its cursor, and the buttons, Delete enabled by the gate.
pub(super) fn gate_footer<'a>(
    phrase: Span<'a>,
    gate: &'a TypedGate,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let typed_style = if gate.matches() {
        theme.title
    } else {
        Default::default()
    };
    vec![
        Line::from(vec![
            Span::raw(" Type "),
            phrase,
            Span::raw(" to enable Delete:"),
        ]),
        Line::from(
            std::iter::once(Span::styled(" > ", theme.key))
                .chain(text::with_cursor(
                    gate.typed().as_str(),
                    Some(gate.typed().cursor()),
                    typed_style,
                    theme.key,
                ))
                .collect::<Vec<_>>(),
        ),
        Line::default(),
        buttons(gate.focus(), "Delete", gate.matches(), theme),
    ]
}

/// The typed-email modal; where its buttons are (none when it is refused for size).
pub fn draw_typed(
    frame: &mut Frame,
    area: Rect,
    keys: &Keymap,
    t: &TypedEmail,
    theme: &Theme,
) -> Option<DrawnButtons> {
    let dialog = t.dialog();
    if !dialog.fits(area.width, area.height) {
        super::modal::refusal(frame, area, &dialog, "Delete", theme);
        return None;
    }
    let p = &t.tombstone().person;
    let n = t.tombstone().memberships.len();
    let lines = vec![
        Line::from(vec![
            Span::styled(" This cannot be undone. ", theme.error),
            Span::raw("ProofHub deletes "),
            text::server(&p.display_name(), theme.title),
            Span::raw(format!(
                " and their {n} project membership{}.",
                if n == 1 { "" } else { "s" }
            )),
        ]),
        Line::from(Span::styled(
            " A tombstone is saved to the local journal first.",
            theme.dim,
        )),
    ];
    let footer = gate_footer(text::server(p.email().trim(), theme.key), t.gate(), theme);
    let row = boxed_with_footer(
        frame,
        area,
        named_title("Delete ", &p.display_name(), " permanently", theme),
        lines,
        footer,
        &hints(keys, Context::TypedEmail, &[]),
        TYPED_EMAIL_WIDTH,
        theme,
    );
    drawn_buttons(row, "Delete")
}
