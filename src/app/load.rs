//! The account arriving: a load asked for ([`start_load`]), its pieces applied as they come
//! ([`apply_load`]), the whole account put in place at the end (`finish_load`,
//! [`replace_account`]), and each view's rows recomputed from it (`refresh_view`). `update`
//! and the write flow both use these; nothing here calls back into them.

use std::sync::Arc;

use crate::model::account::{Account, Person};
use crate::model::failure::{FailureKind, LoadError};
use crate::search::Index;

use super::action::LoadMsg;
use super::effect::Effect;
use super::keymap::Command;
use super::list::ListModel;
use super::lookup::Lookup;
use super::state::{LoadState, State, Status, StatusKind, View};
use super::table::{Arrival, TableView};

pub fn start_load(state: &mut State, fx: &mut Vec<Effect>) {
    state.generation += 1;
    state.load = LoadState::Loading {
        generation: state.generation,
        progress: None,
    };
    state.dirty = true;
    fx.push(Effect::Load {
        generation: state.generation,
    });
}

/// Recomputes a view's rows (quick filter + sort), keeping the selected record.
pub(crate) fn refresh_view(state: &mut State, view: View) {
    state.refresh(view);
}

pub fn apply_load(state: &mut State, event: LoadMsg) {
    match event {
        LoadMsg::Profile(p) => Arc::make_mut(&mut state.account).profile = Some(p),
        LoadMsg::Roles(roles) => {
            Arc::make_mut(&mut state.account).roles = roles;
            refresh_view(state, View::People);
        }
        LoadMsg::Groups(groups) => Arc::make_mut(&mut state.account).groups = groups,
        LoadMsg::People(batch) => {
            for person in batch {
                let pos = match state.account.people.position(person.id()) {
                    Some(pos) => {
                        state.people_index_patched = true;
                        pos
                    }
                    None => state.account.people.len(),
                };
                state.people.list.index_mut().set_person(pos, &person);
                // by id, so the account's lookup maps stay built
                Arc::make_mut(&mut state.account).upsert_person(person);
            }
            refresh_view(state, View::People);
            if state.projects.reads(Arrival::People) {
                refresh_view(state, View::Projects);
            }
        }
        LoadMsg::Projects(batch) => {
            for project in batch {
                let pos = match state.lookup.project_pos(project.id) {
                    Some(pos) => pos,
                    None => {
                        let pos = state.account.projects.len();
                        state.lookup.insert_project(project.id, pos);
                        pos
                    }
                };
                state.projects.list.index_mut().set_project(pos, &project);
                Arc::make_mut(&mut state.account).upsert_project(project);
            }
            refresh_view(state, View::Projects);
        }
        LoadMsg::Members { project, members } => {
            Arc::make_mut(&mut state.account).set_members(project, members);
            for view in [View::People, View::Projects] {
                if state.table(view).reads(Arrival::Members) {
                    refresh_view(state, view);
                }
                let len = state.detail_len_for(view);
                state.table_mut(view).clamp_detail(len);
            }
        }
        LoadMsg::Net(note) => state.network.note(note),
        LoadMsg::Progress(p) => {
            if p.budget.is_some() {
                state.network.budget = p.budget;
            }
            if let LoadState::Loading { progress, .. } = &mut state.load {
                *progress = Some(p);
            }
        }
    }
}

/// Whether a finished load's People search index is built anew from the account, or kept:
/// the one built page by page as the people streamed in, when the load left every record
/// where it came (a second index beside it would be the load's peak at 100,000 people).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PeopleIndex {
    Rebuild,
    Keep,
}

pub(crate) fn finish_load(
    state: &mut State,
    result: Result<Account, LoadError>,
    people: PeopleIndex,
) {
    state.network.note = None;
    match result {
        Ok(account) => {
            with_selection_kept(state, |state, old| {
                drop(old);
                put_account(state, account, people);
            });
            state.load = LoadState::Done;
            // An error the user has not answered yet stays (e.g. a bad keymap entry).
            if matches!(&state.status, Some(s) if s.kind == StatusKind::Error) {
                return;
            }
            state.status = Some(Status::info(format!(
                "loaded {} people and {} projects",
                state.account.people.len(),
                state.account.projects.len()
            )));
        }
        Err(e) => {
            state.status = Some(Status::error(format!(
                "{}; {}",
                e.message,
                after_failed_load(state, e.kind)
            )));
            state.load = LoadState::Failed(e);
        }
    }
}

/// What to do after a failed load, by its kind: a reload sends the same token with the same
/// settings, so it cannot cure a refused token or bad settings; anything else may pass. A
/// failed write whose cause a reload cannot cure says the same.
pub fn after_failed_load(state: &State, kind: FailureKind) -> String {
    match kind {
        FailureKind::TokenRefused => {
            "a reload would send the same token: fix it as said, then start the console again"
                .into()
        }
        FailureKind::Forbidden => {
            "a reload would send the same token: start the console again with one whose user has the permission"
                .into()
        }
        FailureKind::Setup => "fix the settings, then start the console again".into(),
        _ => format!(
            "press {} to try again",
            state.keymap.key_of(Command::Reload)
        ),
    }
}

/// Puts a whole account in place (a finished load, or a fixture in tests).
pub fn replace_account(state: &mut State, account: Account) {
    put_account(state, account, PeopleIndex::Rebuild);
}

fn put_account(state: &mut State, account: Account, people: PeopleIndex) {
    state.account = Arc::new(account);
    // The old map goes before the new is built, as the haystacks below.
    state.lookup = Lookup::default();
    state.lookup = Lookup::build(&state.account);
    match people {
        PeopleIndex::Keep => {
            let index = state.people.list.index_mut();
            index.shrink_to_fit();
            let index = std::mem::take(index);
            state.people.list.set_index(index);
        }
        PeopleIndex::Rebuild => {
            state.people_index_patched = false;
            // The old haystacks go before the new are built, so the two never take memory
            // at once.
            state.people.list.set_index(Index::default());
            state
                .people
                .list
                .set_index(Index::people(&state.account.people));
        }
    }
    state.projects.list.set_index(Index::default());
    state
        .projects
        .list
        .set_index(Index::projects(&state.account.projects));
    refresh_view(state, View::People);
    refresh_view(state, View::Projects);
    state.dirty = true;
}

/// Changes the whole account (`change` gets it to edit or overwrite) and puts it back in place,
/// keeping each list's selected record (by id) where it is still there: positions shift when
/// records come or go.
pub fn change_account(state: &mut State, change: impl FnOnce(&mut Account)) {
    with_selection_kept(state, |state, account| {
        let mut account = Arc::unwrap_or_clone(account);
        change(&mut account);
        replace_account(state, account);
    });
}

/// Runs `put` with the account taken out of `state` (to change, or to drop for another: not
/// cloned where a snapshot save still shares it), then
/// selects in each list the record selected before, where it is still there.
fn with_selection_kept(state: &mut State, put: impl FnOnce(&mut State, Arc<Account>)) {
    let person = state.selected_person().map(Person::id);
    let project = state.selected_project().map(|p| p.id);
    let (person_row, project_row) = (
        state.people.list.selected_row(),
        state.projects.list.selected_row(),
    );
    let account = std::mem::take(&mut state.account);
    put(state, account);
    let page = state.list_rows();
    // The selected record where it is still there; where it is gone (a delete), the row that
    // took its place, not whichever record now sits at its old position in the account.
    let person_pos = person.and_then(|id| state.account.people.position(id));
    reselect(
        &mut state.people.list,
        person_pos,
        person.is_some(),
        person_row,
        page,
    );
    let project_pos = project.and_then(|id| state.lookup.project_pos(id));
    reselect(
        &mut state.projects.list,
        project_pos,
        project.is_some(),
        project_row,
        page,
    );
}

fn reselect(list: &mut ListModel, pos: Option<usize>, had: bool, row: usize, page: usize) {
    match pos {
        Some(pos) => {
            list.select_record(pos, page);
        }
        None if had => {
            let rows = list.visible();
            if let Some(&next) = rows.get(row.min(rows.len().saturating_sub(1))) {
                list.select_record(next, page);
            }
        }
        None => {}
    }
}
