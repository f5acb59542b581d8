//! The mark keys (People and Projects lists): Space marks or unmarks the selected row, `*`
//! marks every row the current filter shows, `U` clears every mark (see [`super::marks`]).

use std::collections::BTreeSet;

use crate::model::account::{PersonId, ProjectId};

use super::marks::Marks;
use super::state::{State, Status, View};

/// The view whose list the mark keys act on; `None` where there is none.
fn marking_view(state: &State) -> Option<View> {
    match state.view {
        View::People => Some(View::People),
        View::Projects => Some(View::Projects),
        View::Overview | View::Groups | View::Changes => None,
    }
}

/// Space: the selected row's mark flips.
pub fn toggle(state: &mut State) {
    let text = match marking_view(state) {
        Some(View::People) => match state.selected_person().map(|p| (p.id(), p.display_name())) {
            Some((id, name)) => {
                let on = flip(&mut state.marks.people, id);
                format!("{} {name}", if on { "marked" } else { "unmarked" })
            }
            None => "no person selected".into(),
        },
        Some(_) => match state.selected_project().map(|p| (p.id, p.title.clone())) {
            Some((id, title)) => {
                let on = flip(&mut state.marks.projects, id);
                format!("{} {title}", if on { "marked" } else { "unmarked" })
            }
            None => "no project selected".into(),
        },
        None => "marks are set in the People and Projects lists".into(),
    };
    say(state, text);
}

fn flip<T: Ord>(set: &mut BTreeSet<T>, id: T) -> bool {
    if set.remove(&id) {
        false
    } else {
        set.insert(id);
        true
    }
}

/// `*`: every row the filter shows is marked (the marks already set stay).
pub fn mark_shown(state: &mut State) {
    let text = match marking_view(state) {
        Some(View::People) => {
            let rows = state.people.list.visible();
            let ids: Vec<PersonId> = rows
                .iter()
                .filter_map(|i| {
                    state
                        .account
                        .people
                        .get(*i)
                        .map(crate::model::account::Person::id)
                })
                .collect();
            let n = ids.len();
            state.marks.people.extend(ids);
            format!(
                "marked the {n} shown; {} marked in all",
                state.marks.people.len()
            )
        }
        Some(_) => {
            let rows = state.projects.list.visible();
            let ids: Vec<ProjectId> = rows
                .iter()
                .filter_map(|i| state.account.projects.get(*i).map(|p| p.id))
                .collect();
            let n = ids.len();
            state.marks.projects.extend(ids);
            format!(
                "marked the {n} shown; {} marked in all",
                state.marks.projects.len()
            )
        }
        None => "marks are set in the People and Projects lists".into(),
    };
    say(state, text);
}

/// `U`: every mark goes, of both kinds.
pub fn clear(state: &mut State) {
    let n = state.marks.len();
    state.marks = Marks::default();
    say(
        state,
        if n == 0 {
            "nothing is marked".to_string()
        } else {
            format!("cleared {n} mark{}", if n == 1 { "" } else { "s" })
        },
    );
}

fn say(state: &mut State, text: String) {
    state.status = Some(Status::info(text));
    state.dirty = true;
}

/// Drops the marks of records no longer in the account (after a load or a delete).
pub fn prune(state: &mut State) {
    let (account, marks) = (&state.account, &mut state.marks);
    marks.people.retain(|id| account.person(*id).is_some());
    marks.projects.retain(|id| account.project(*id).is_some());
}

/// Whether the person of this id is marked.
pub fn person_marked(state: &State, id: PersonId) -> bool {
    state.marks.people.contains(&id)
}

/// Whether the project of this id is marked.
pub fn project_marked(state: &State, id: ProjectId) -> bool {
    state.marks.projects.contains(&id)
}
