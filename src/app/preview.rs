//! The snapshot's first screen in the core: which people a saved [`Preview`] holds ([`rows`],
//! [`opening_rows`], [`of`]), showing it at start before the whole snapshot is read ([`show`]),
//! and the input held while it is shown ([`hold`], [`release`]).
//!
//! A preview holds the first [`ROWS`] rows of the People table in the order it opens with (by
//! name, ascending, no filter), with what their cards show, and the whole snapshot's counts.
//! The runtime hands it over before the rest of the snapshot is decoded, so a large account is
//! on screen at once; `super::snapshot::read` then puts the whole snapshot in its place (or drops
//! the preview when the rest is refused) and the held keys are replayed in order (`update`), so
//! an admin who types ahead loses nothing and nothing typed acts on the preview's few rows.
//! Quit, resizes and the clock go through at once.

use chrono::{DateTime, Utc};

use crate::model::account::{Account, Person, PersonId};
use crate::model::snapshot::Preview;

use super::action::Action;
use super::keymap::{Command, Resolved};
use super::load::replace_account;
use super::people::{self, PersonSort};
use super::state::{Opening, State, Status};

/// How many rows a preview holds: more than any terminal shows at once (a 4K screen in a small
/// font is about 150 rows), so the first frame is full on any screen, and few enough that the
/// preview with its cards is a few tens of KB, opened in well under a millisecond.
pub const ROWS: usize = 200;

/// The first [`ROWS`] people of `account` in the People table's opening order, computed afresh
/// (a sort of the whole account; the console reads its kept order instead, see [`rows`]).
pub fn opening_rows(account: &Account) -> Vec<PersonId> {
    let order = people::base(account, PersonSort::default(), false, None);
    ids(account, &order)
}

/// The preview saved with `account`'s snapshot: its first rows in the opening order. Every
/// save (the console's, `changes`', `watch`'s) builds its preview from these rows.
pub fn of(account: &Account, taken_at: DateTime<Utc>) -> Preview {
    Preview::of(account, &opening_rows(account), taken_at)
}

/// The preview's rows for the account on screen: the People table's kept order when it is the
/// opening one (no cost), else [`opening_rows`].
pub fn rows(state: &State) -> Vec<PersonId> {
    let t = &state.people;
    if t.sort == PersonSort::default() && !t.descending && t.quick.is_none() {
        ids(&state.account, t.list.base())
    } else {
        opening_rows(&state.account)
    }
}

fn ids(account: &Account, order: &[usize]) -> Vec<PersonId> {
    order
        .iter()
        .take(ROWS)
        .filter_map(|pos| account.people.get(*pos).map(Person::id))
        .collect()
}

/// The runtime read the snapshot's preview: shown as the snapshot, with the whole counts,
/// until the whole snapshot arrives. A preview without people is no preview, and one that comes
/// when no snapshot is being read (a late answer) is ignored.
pub fn show(state: &mut State, preview: Preview) {
    let reading = state.snapshot.kept && state.snapshot.shown.is_none();
    if !reading || state.snapshot.opening.is_some() || preview.account.people.is_empty() {
        return;
    }
    let Preview {
        taken_at,
        people_total,
        projects_total,
        account,
    } = preview;
    replace_account(state, account);
    state.snapshot.shown = Some(taken_at);
    state.snapshot.opening = Some(Opening {
        people: people_total,
        projects: projects_total,
        held: Vec::new(),
    });
    state.status = Some(Status::info(format!(
        "showing the snapshot of {people_total} people and {projects_total} projects until the live load completes"
    )));
    state.dirty = true;
}

/// `action` when it acts now; `None` when it was held for after the preview (see the module
/// docs).
pub fn hold(state: &mut State, action: Action) -> Option<Action> {
    if state.snapshot.opening.is_none() {
        return Some(action);
    }
    let held = match &action {
        Action::Key(key) => !matches!(
            state.keymap.resolve(&state.contexts(), key),
            Resolved::Command(Command::Quit)
        ),
        Action::Command(c) => *c != Command::Quit,
        Action::Paste(_) | Action::Pointer(_) => true,
        _ => false,
    };
    match (held, state.snapshot.opening.as_mut()) {
        (true, Some(opening)) => {
            opening.held.push(action);
            None
        }
        _ => Some(action),
    }
}

/// The preview is over (the whole snapshot is in place, or was refused): what was held, in the
/// order it came, for `update` to apply now.
pub fn release(state: &mut State) -> Vec<Action> {
    state
        .snapshot
        .opening
        .take()
        .map(|o| o.held)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::ColorMode;
    use crate::model::test_people::person;

    #[test]
    fn the_kept_order_and_a_fresh_sort_give_the_same_rows() {
        let mut account = Account::default();
        for i in 0..(ROWS as u64 + 50) {
            // Names out of id order, with repeats (ties go by id).
            let name = format!("N{:03}", (i * 37) % 120);
            account.upsert_person(person(i + 1, &format!("p{i}@x.io"), &name));
        }
        let mut state = State::new("acme", false, ColorMode::Monochrome, Utc::now());
        replace_account(&mut state, account.clone());
        let kept = rows(&state);
        assert_eq!(kept.len(), ROWS);
        assert_eq!(kept, opening_rows(&account));
        // Another sort on screen: the rows are still the opening order's.
        state.people.sort = PersonSort::Email;
        state.refresh(crate::app::state::View::People);
        assert_eq!(rows(&state), opening_rows(&account));
    }
}
