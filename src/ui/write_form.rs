//! The edit and invite forms, the before → after review, and the conflict view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::keymap::{Command, Context, Keymap};
use crate::app::writes::edit::{ConflictView, EditForm, Review};
use crate::app::writes::form::{FieldKind, Form};
use crate::app::writes::invite::InviteForm;

use super::modal::{boxed, field, hints, named_title, title};
use super::text;
use super::theme::Theme;

fn form_lines(form: &Form, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (i, f) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let style = if focused {
            theme.selection
        } else {
            Default::default()
        };
        let mut value = match &f.kind {
            FieldKind::Choice { .. } => {
                vec![
                    Span::styled("◂ ", theme.dim),
                    text::server(&f.shown(), style),
                    Span::styled(" ▸", theme.dim),
                ]
            }
            FieldKind::Toggle { .. } => vec![
                Span::styled("[", theme.dim),
                Span::styled(f.shown(), style),
                Span::styled("]", theme.dim),
            ],
            _ => text::with_cursor(
                f.value.as_str(),
                focused.then_some(f.value.cursor()),
                style,
                theme.key,
            ),
        };
        if f.changed() && !matches!(f.kind, FieldKind::Toggle { .. }) && !f.original.is_empty() {
            value.push(Span::styled("  (changed)", theme.warn));
        }
        out.push(field(f.label, value, theme));
    }
    if let Some(e) = &form.error {
        out.push(Line::default());
        out.push(Line::from(vec![
            Span::styled(" ✗ ", theme.error),
            text::server(e, theme.error),
        ]));
    }
    out
}

pub fn draw_edit(frame: &mut Frame, area: Rect, keys: &Keymap, e: &EditForm, theme: &Theme) {
    let mut lines = vec![Line::default()];
    lines.extend(form_lines(&e.form, theme));
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        " Only changed fields are sent; the rest stay as the server has them.",
        theme.dim,
    )));
    boxed(
        frame,
        area,
        named_title("Edit ", &e.subject, "", theme),
        lines,
        &hints(keys, Context::EditForm, &[Command::Toggle]),
        72,
        theme,
    );
}

fn diff_lines(rows: &[(String, String, String)], theme: &Theme) -> Vec<Line<'static>> {
    rows.iter()
        .map(|(label, before, after)| {
            field(
                label,
                vec![
                    text::server(
                        if before.is_empty() { "(empty)" } else { before },
                        theme.dim,
                    ),
                    Span::raw(" → "),
                    text::server(
                        if after.is_empty() { "(empty)" } else { after },
                        theme.title,
                    ),
                ],
                theme,
            )
        })
        .collect()
}

pub fn draw_review(frame: &mut Frame, area: Rect, keys: &Keymap, r: &Review, theme: &Theme) {
    let mut lines = vec![
        Line::from(vec![
            Span::raw(" Save these changes to "),
            text::server(&r.edit.subject, theme.title),
            Span::raw("?"),
        ]),
        Line::default(),
    ];
    lines.extend(diff_lines(&r.diff, theme));
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        " Sent as the fresh server record with only these fields changed.",
        theme.dim,
    )));
    boxed(
        frame,
        area,
        title("Review", theme),
        lines,
        &hints(keys, Context::EditReview, &[]),
        72,
        theme,
    );
}

pub fn draw_conflict(
    frame: &mut Frame,
    area: Rect,
    keys: &Keymap,
    c: &ConflictView,
    theme: &Theme,
) {
    let mut lines = vec![
        Line::from(Span::styled(
            " Someone changed this person on the server after you opened the form.",
            theme.warn,
        )),
        Line::from(" Nothing was written. Your values, and the server's now:"),
        Line::default(),
    ];
    for (label, mine, server) in &c.rows {
        lines.push(field(
            label,
            vec![
                Span::styled("yours ", theme.dim),
                text::server(mine, theme.title),
                Span::styled("   server ", theme.dim),
                text::server(server, Default::default()),
            ],
            theme,
        ));
    }
    boxed(
        frame,
        area,
        title("Changed on the server", theme),
        lines,
        &hints(keys, Context::Conflict, &[]),
        72,
        theme,
    );
}

pub fn draw_invite(frame: &mut Frame, area: Rect, keys: &Keymap, i: &InviteForm, theme: &Theme) {
    let mut lines = vec![Line::default()];
    lines.extend(form_lines(&i.form, theme));
    lines.push(Line::from(vec![
        Span::raw(" "),
        text::server(&i.role_note, theme.dim),
    ]));
    lines.push(Line::default());
    let email = i.form.value("email");
    let to = if email.is_empty() {
        "this address".to_string()
    } else {
        email
    };
    lines.push(if i.sends_email() {
        Line::from(vec![
            Span::styled(" ! ", theme.warn),
            Span::raw("1 person gets an email: ProofHub emails the invitation to "),
            text::server(&to, theme.title),
            Span::raw(format!(
                " at once when you press {}.",
                keys.key_for(&[Context::InviteForm], Command::Confirm)
            )),
        ])
    } else {
        Line::from(Span::styled(
            " No one gets an email: the person is created without being told (send_invite off).",
            theme.warn,
        ))
    });
    boxed(
        frame,
        area,
        title("Invite a person", theme),
        lines,
        &if i.form.get("send_invite").is_some() {
            hints(keys, Context::InviteForm, &[])
        } else {
            hints(keys, Context::InviteForm, &[Command::Toggle])
        },
        78,
        theme,
    );
}
