//! Marks: the people and projects picked for a bulk action (`writes::bulk`). A mark is an id,
//! not a row, so it survives filtering, sorting and reloads; a record that is gone after a load
//! or a delete loses its mark (`mark_keys::prune`). The keys that set them act in
//! [`super::mark_keys`] (their bindings are here: Space, `*`, `U`); the header counts them ("3 marked").

use std::collections::BTreeSet;

use crate::model::account::{PersonId, ProjectId};

use super::keymap::{self, Binding, Chord, Command, Context};

/// The marked records of each kind, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    pub people: BTreeSet<PersonId>,
    pub projects: BTreeSet<ProjectId>,
}

impl Marks {
    /// Every mark, of both kinds.
    pub fn len(&self) -> usize {
        self.people.len() + self.projects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// "3 marked" / "3 people, 2 projects marked" for the header; `None` with no mark.
pub fn header_note(m: &Marks) -> Option<String> {
    match (m.people.len(), m.projects.len()) {
        (0, 0) => None,
        (n, 0) | (0, n) => Some(format!("{n} marked")),
        (p, j) => Some(format!(
            "{p} {}, {j} project{} marked",
            if p == 1 { "person" } else { "people" },
            if j == 1 { "" } else { "s" }
        )),
    }
}

const TOGGLE: &[Chord] = keymap::keys::SPACE;
const MARK_SHOWN: &[Chord] = &[Chord::ch('*')];
const CLEAR: &[Chord] = &[Chord::ch('U')];

/// The mark keys, in both lists.
pub fn bindings() -> Vec<Binding> {
    let mut b = Vec::new();
    for x in [Context::PeopleList, Context::ProjectsList] {
        b.push(keymap::read(
            TOGGLE,
            x,
            Command::ToggleMark,
            "mark or unmark the selected row (for a bulk action, B)",
            None,
        ));
        b.push(keymap::read(
            MARK_SHOWN,
            x,
            Command::MarkShown,
            "mark every row the filter shows",
            None,
        ));
        b.push(keymap::read(
            CLEAR,
            x,
            Command::ClearMarks,
            "clear every mark",
            None,
        ));
    }
    b
}
