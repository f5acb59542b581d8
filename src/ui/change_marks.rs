//! The change marks in the People and Projects tables: after a live load replaced a snapshot,
//! `+` before a person who joined, `~` before a person whose fields or memberships changed, `~`
//! before a project whose members changed (`app::changes`). Glyphs, not colours, so they read
//! under NO_COLOR. While any row is marked every name gets the two-cell prefix (blank where
//! nothing changed), so the column stays aligned; with no marks the tables are as before.

use ratatui::text::{Line, Span};

use crate::app::changes::PersonMark;
use crate::app::state::State;
use crate::model::account::{PersonId, ProjectId};

use super::theme::Theme;

/// The glyph of a person who joined.
pub const JOINED: &str = "+";
/// The glyph of a changed person or project.
pub const CHANGED: &str = "~";

/// The cells the prefix takes while rows are marked, else 0.
pub fn width(state: &State) -> usize {
    if marking(state) { 2 } else { 0 }
}

fn marking(state: &State) -> bool {
    state
        .changes
        .compared
        .as_ref()
        .is_some_and(crate::app::changes::Compared::marks_any)
}

/// A person's name cell with its mark in front (see the module docs).
pub fn person(state: &State, id: PersonId, cell: Line<'static>, theme: &Theme) -> Line<'static> {
    let glyph = state
        .changes
        .compared
        .as_ref()
        .and_then(|c| c.person_mark(id))
        .map(|m| match m {
            PersonMark::Joined => JOINED,
            PersonMark::Changed => CHANGED,
        });
    prefixed(state, glyph, cell, theme)
}

/// A project's title cell with its mark in front.
pub fn project(state: &State, id: ProjectId, cell: Line<'static>, theme: &Theme) -> Line<'static> {
    let glyph = state
        .changes
        .compared
        .as_ref()
        .is_some_and(|c| c.project_marked(id))
        .then_some(CHANGED);
    prefixed(state, glyph, cell, theme)
}

fn prefixed(
    state: &State,
    glyph: Option<&'static str>,
    mut cell: Line<'static>,
    theme: &Theme,
) -> Line<'static> {
    if !marking(state) {
        return cell;
    }
    let span = match glyph {
        Some(g) => Span::styled(format!("{g} "), theme.warn),
        None => Span::raw("  "),
    };
    cell.spans.insert(0, span);
    cell
}
