//! The stored snapshot in the core: asked for before the first load ([`start`]), shown at once
//! and marked as such ([`read`], [`header_note`]), kept on screen while the live load runs in
//! the background (its pieces wait, [`takes`]), and swapped for the live account when that load
//! completes (`update` calls [`live_loaded`]), which is then saved in its place; the header then
//! counts the changes it brought ([`count_changes`]), which `super::changes` keeps for the Changes
//! view and the tables' marks.
//!
//! A snapshot's first screen comes before the rest of it (`super::preview`): [`read`] then puts
//! the whole snapshot in its place, or drops it when the rest is refused.
//!
//! The runtime does the reading and the saving (`Effect::ReadSnapshot`,
//! `Effect::SaveSnapshot`); here nothing touches a file. While the view is a snapshot, the
//! offboarding review and the typed-email delete wait for the live load as they wait for any
//! load (`writes`), and every write reads the record fresh from the server first, as always.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::model::account::Account;
use crate::model::compare::compare;
use crate::model::failure::{FailureKind, LoadError};
use crate::model::snapshot::Snapshot;

use super::action::LoadMsg;
use super::changes;
use super::effect::Effect;
use super::load::{replace_account, start_load};
use super::state::{LoadState, State, Status};

/// The console starts (or is on a new account): the snapshot first when one is kept, else
/// the load at once.
pub fn start(state: &mut State, fx: &mut Vec<Effect>) {
    if state.snapshot.kept {
        fx.push(Effect::ReadSnapshot);
        state.status = Some(Status::info("reading the snapshot…"));
        state.dirty = true;
    } else {
        start_load(state, fx);
    }
}

/// The runtime read the snapshot: shown at once if there is one, refused with its reason if
/// it could not be trusted; the live load starts either way.
pub fn read(
    state: &mut State,
    result: Result<Option<Box<Snapshot>>, String>,
    fx: &mut Vec<Effect>,
) {
    match result {
        Ok(Some(snapshot)) => {
            let Snapshot { account, taken_at } = *snapshot;
            replace_account(state, account);
            state.snapshot.shown = Some(taken_at);
            state.status = Some(Status::info(format!(
                "showing the snapshot of {} people and {} projects until the live load completes",
                state.account.people.len(),
                state.account.projects.len()
            )));
        }
        Ok(None) => {
            drop_preview(state);
            state.status = None;
        }
        Err(message) => {
            drop_preview(state);
            state.status = Some(Status::error(format!("{message}; loading live data")));
        }
    }
    state.dirty = true;
    start_load(state, fx);
}

/// The rest of the snapshot was refused after its preview was shown: none of it stays on
/// screen (`update` then replays the held input, see `super::preview`).
fn drop_preview(state: &mut State) {
    if state.snapshot.opening.is_some() {
        replace_account(state, Account::default());
        state.snapshot.shown = None;
    }
}

/// Whether a piece of the running load goes on screen now: while a snapshot is shown, only the
/// load's progress and network notes do; the account is swapped whole when the load completes.
pub fn takes(state: &State, event: &LoadMsg) -> bool {
    state.snapshot.shown.is_none() || matches!(event, LoadMsg::Progress(_) | LoadMsg::Net(_))
}

/// A load is about to complete: when it replaces a shown snapshot, the changes it brings (see
/// `model::compare`) are kept for the Changes view and counted in the header; any other
/// completed load clears them (and the tables' marks), a failed one replacing a snapshot too.
/// Replacing a snapshot, it drops the snapshot's haystacks and sort keys first: the account put
/// in place next builds its own.
pub fn count_changes(state: &mut State, result: &Result<Account, LoadError>) {
    match (state.snapshot.shown, result) {
        (Some(taken_at), Ok(live)) => {
            // The live account is about to replace the snapshot's, with haystacks and sort
            // keys of its own: the snapshot's go first, so that they are not in memory beside
            // both accounts and the comparison (at 100,000 people, 20 MB of the peak).
            state.people.forget_derived();
            state.projects.forget_derived();
            let changes = compare(&state.account, live);
            state.snapshot.changes = Some(changes.len());
            changes::record(
                &mut state.changes,
                taken_at,
                (&state.account, live),
                changes,
            );
        }
        (Some(_), Err(_)) | (None, Ok(_)) => {
            state.snapshot.changes = None;
            changes::clear(&mut state.changes);
        }
        (None, Err(_)) => {}
    }
}

/// A load completed (the live account is in place): no snapshot is shown any more, and the
/// new one is saved when snapshots are kept. Does nothing after a failed load.
pub fn live_loaded(state: &mut State, fx: &mut Vec<Effect>) {
    if state.load != LoadState::Done {
        return;
    }
    state.snapshot.shown = None;
    if state.snapshot.kept {
        fx.push(Effect::SaveSnapshot {
            account: Arc::clone(&state.account),
            taken_at: state.now,
            rows: super::preview::rows(state),
        });
    }
}

/// The runtime saved the snapshot, or could not: only a failure is worth a message.
pub fn saved(state: &mut State, result: Result<(), String>) {
    if let Err(message) = result {
        state.status = Some(Status::error(format!(
            "the snapshot was not saved: {message}"
        )));
        state.dirty = true;
    }
}

/// The header's note while a snapshot is shown ("snapshot from 3 h ago, refreshing…"), and
/// after live data replaced it, how many changes that brought ("3 changes").
pub fn header_note(state: &State, age: impl Fn(DateTime<Utc>) -> String) -> Option<String> {
    let Some(taken) = state.snapshot.shown else {
        return state.snapshot.changes.map(|n| match n {
            0 => "no changes".to_string(),
            1 => "1 change".to_string(),
            n => format!("{n} changes"),
        });
    };
    let doing = match &state.load {
        // The preview is shown while the rest is read, and the live load starts right after.
        _ if state.snapshot.opening.is_some() => "refreshing…",
        LoadState::Loading { .. } => "refreshing…",
        LoadState::Failed(e) if e.kind == FailureKind::Cancelled => "live load cancelled",
        LoadState::Failed(_) => "live load failed",
        LoadState::Idle | LoadState::Done => "not refreshed",
    };
    Some(format!("snapshot from {}, {doing}", age(taken)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::action::Action;
    use crate::app::keymap::Command;
    use crate::app::state::ColorMode;
    use crate::app::update::update;
    use crate::model::account::Account;
    use crate::model::test_people::person;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z")
            .expect("time")
            .with_timezone(&Utc)
    }

    fn account(people: &[(u64, &str)]) -> Account {
        let mut a = Account::default();
        a.profile = Some(crate::model::profile::Profile::V3);
        for (id, email) in people {
            a.upsert_person(person(*id, email, "P"));
        }
        a
    }

    fn kept() -> State {
        let mut s = State::new("acme", false, ColorMode::Monochrome, now());
        s.snapshot.kept = true;
        s
    }

    fn generation(fx: &[Effect]) -> u64 {
        fx.iter()
            .find_map(|e| match e {
                Effect::Load { generation } => Some(*generation),
                _ => None,
            })
            .expect("a load")
    }

    fn age(t: DateTime<Utc>) -> String {
        format!("{} h ago", (now() - t).num_hours())
    }

    #[test]
    fn a_snapshot_shows_first_then_the_live_load_replaces_it_whole_and_is_saved() {
        let mut s = kept();
        let fx = update(&mut s, Action::Start);
        assert_eq!(
            fx,
            vec![Effect::ReadSnapshot],
            "no request before the snapshot"
        );
        let snap = Snapshot {
            account: account(&[(1, "old@x.io"), (2, "gone@x.io")]),
            taken_at: now() - chrono::Duration::hours(3),
        };
        let fx = update(&mut s, Action::SnapshotRead(Ok(Some(Box::new(snap)))));
        let g = generation(&fx);
        assert_eq!(s.account.people.len(), 2);
        assert_eq!(
            header_note(&s, age).as_deref(),
            Some("snapshot from 3 h ago, refreshing…")
        );
        // Pieces of the live load wait: the snapshot is not mixed with live data.
        update(
            &mut s,
            Action::Loaded {
                generation: g,
                event: LoadMsg::People(vec![person(3, "new@x.io", "N")]),
            },
        );
        assert_eq!(s.account.people.len(), 2);
        let live = account(&[(1, "old@x.io"), (3, "new@x.io")]);
        let fx = update(
            &mut s,
            Action::LoadDone {
                generation: g,
                result: Ok(live.clone()),
            },
        );
        assert_eq!(*s.account, live);
        assert_eq!(
            header_note(&s, age).as_deref(),
            Some("2 changes"),
            "live data now: one joined, one left"
        );
        assert!(
            fx.iter()
                .any(|e| matches!(e, Effect::SaveSnapshot { account, .. } if **account == live)),
            "{fx:?}"
        );
    }

    #[test]
    fn a_refused_snapshot_says_why_and_loads_live() {
        let mut s = kept();
        update(&mut s, Action::Start);
        let fx = update(
            &mut s,
            Action::SnapshotRead(Err("the snapshot failed its integrity check".into())),
        );
        generation(&fx);
        let status = s.status.clone().expect("a message");
        assert!(status.text.contains("integrity check"), "{status:?}");
        assert!(status.text.contains("loading live data"), "{status:?}");
        assert_eq!(header_note(&s, age), None);
    }

    #[test]
    fn offboarding_waits_for_live_data_and_a_failed_load_keeps_the_snapshot_marked() {
        let mut s = kept();
        update(&mut s, Action::Start);
        let snap = Snapshot {
            account: account(&[(1, "a@x.io")]),
            taken_at: now() - chrono::Duration::hours(1),
        };
        let fx = update(&mut s, Action::SnapshotRead(Ok(Some(Box::new(snap)))));
        let g = generation(&fx);
        update(&mut s, Action::Command(Command::Offboard));
        let status = s.status.clone().expect("a message");
        assert!(status.text.contains("waits for live data"), "{status:?}");
        assert!(s.modals.is_empty(), "no review opened on a snapshot");
        let fx = update(
            &mut s,
            Action::LoadDone {
                generation: g,
                result: Err(crate::model::failure::LoadError::new(
                    crate::model::failure::FailureKind::Network,
                    "the server did not answer",
                )),
            },
        );
        assert!(!fx.iter().any(|e| matches!(e, Effect::SaveSnapshot { .. })));
        assert_eq!(
            header_note(&s, age).as_deref(),
            Some("snapshot from 1 h ago, live load failed")
        );
    }

    #[test]
    fn a_cancelled_live_load_keeps_the_snapshot_marked_as_such() {
        let mut s = kept();
        update(&mut s, Action::Start);
        let snap = Snapshot {
            account: account(&[(1, "a@x.io")]),
            taken_at: now() - chrono::Duration::hours(2),
        };
        update(&mut s, Action::SnapshotRead(Ok(Some(Box::new(snap)))));
        let fx = update(&mut s, Action::Command(Command::CancelLoad));
        assert!(fx.iter().any(|e| matches!(e, Effect::CancelLoad { .. })));
        assert_eq!(
            header_note(&s, age).as_deref(),
            Some("snapshot from 2 h ago, live load cancelled")
        );
        assert_eq!(s.account.people.len(), 1, "the snapshot stays on screen");
    }

    #[test]
    fn without_a_store_the_load_starts_at_once_and_nothing_is_saved() {
        let mut s = State::new("acme", false, ColorMode::Monochrome, now());
        let fx = update(&mut s, Action::Start);
        let g = generation(&fx);
        let fx = update(
            &mut s,
            Action::LoadDone {
                generation: g,
                result: Ok(account(&[(1, "a@x.io")])),
            },
        );
        assert!(!fx.iter().any(|e| matches!(e, Effect::SaveSnapshot { .. })));
        assert_eq!(header_note(&s, age), None, "no snapshot, no count");
    }
}
