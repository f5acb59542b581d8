//! Writes: edit, invite, memberships, offboarding and recreate, as modals on the state's modal
//! stack, each ending in one [`WriteJob`] effect that the runtime runs through the client and
//! the journal, answered by `Action::WriteDone`.
//!
//! - [`form`]: the text/choice/toggle form the edit and invite modals share.
//! - [`edit`], [`invite`], [`members`], [`offboard`], [`recreate`], [`staged`], [`suspend`]
//!   (assumed), [`group_members`] (v3 groups): each write's modals.
//! - [`job`]: the effect and its answer (a failure carries a neutral
//!   [`WriteError`]; its kind picks the advice shown).
//! - [`modal`]: the open modal and the writes in flight, types only; [`keys`]: a key routed
//!   to the top modal's command; [`fit`]: whether a destructive dialog fits the terminal.
//!
//! Nothing here changes the account until the server has confirmed: the answer carries the
//! record or member list as the server holds it afterwards, and that is what is applied. A
//! failure leaves the view as it was and says what to do next. While a write is in flight the
//! status line says so, and quitting asks first.

pub mod bulk;
pub mod edit;
pub mod fit;
pub mod form;
pub mod group_members;
pub mod invite;
pub mod job;
pub mod keys;
pub mod members;
pub mod modal;
pub mod offboard;
pub mod recreate;
pub mod revoke;
pub mod staged;
pub mod succession;
pub mod suspend;
pub mod typed_gate;

use crate::model::failure::{FailureKind, LoadError, WriteError};
use crate::model::tombstone::Entry;

use super::action::LoadMsg;
use super::effect::Effect;
use super::keymap::Command;
use super::load::{after_failed_load, apply_load, change_account, start_load};
use super::state::{LoadState, Modal, Pane, State, Status, View};

use edit::{ConflictView, EditForm};
use invite::InviteForm;
use job::{WriteDone, WriteFailure, WriteJob, WriteOp, WriteResult};
pub use keys::{on_key, press};
use members::{ConfirmRemove, PickFor, Picker};
use offboard::{Button, OffboardReview};
use recreate::TombstoneList;

pub use modal::{InFlight, Leave, WriteModal, WriteState, bindings};

fn info(text: impl Into<String>) -> Option<Status> {
    Some(Status::info(text))
}

fn error(text: impl Into<String>) -> Option<Status> {
    Some(Status::error(text))
}

fn push(state: &mut State, m: WriteModal) {
    state.modals.push(Modal::Write(Box::new(m)));
}

/// Sends a write: the effect, the in-flight record, the status line.
fn send(state: &mut State, op: WriteOp, edit: Option<EditForm>, fx: &mut Vec<Effect>) {
    state.writes.next_id += 1;
    let job = WriteJob {
        id: state.writes.next_id,
        op,
    };
    state.status = None;
    state.writes.in_flight.push(InFlight {
        job: job.clone(),
        edit,
    });
    fx.push(Effect::Write(Box::new(job)));
}

/// Sends a bulk action's writes, each on its own, and follows their answers as one run.
fn send_bulk(state: &mut State, label: String, ops: Vec<WriteOp>, fx: &mut Vec<Effect>) {
    let mut items = Vec::new();
    for op in ops {
        let subject = bulk::item_subject(&op);
        send(state, op, None, fx);
        items.push(bulk::BulkItem {
            id: state.writes.next_id,
            subject,
            outcome: None,
        });
    }
    if !items.is_empty() {
        state.writes.bulk.push(bulk::BulkRun { label, items });
    }
}

/// A bulk action's write was answered: noted in its run; the run's last answer shows the
/// result, item by item, and says in the status line how many failed.
fn bulk_answered(state: &mut State, id: job::WriteId, outcome: Result<(), String>) {
    let Some(pos) = state
        .writes
        .bulk
        .iter()
        .position(|r| r.items.iter().any(|i| i.id == id))
    else {
        return;
    };
    let run = &mut state.writes.bulk[pos];
    if let Some(item) = run.items.iter_mut().find(|i| i.id == id) {
        item.outcome = Some(outcome);
    }
    if !run.complete() {
        state.status = info(format!(
            "{}: {} of {} answered…",
            run.label,
            run.answered(),
            run.items.len()
        ));
        return;
    }
    let run = state.writes.bulk.remove(pos);
    let text = run.summary();
    state.status = if run.failed().is_empty() {
        info(text)
    } else {
        error(text)
    };
    push(
        state,
        WriteModal::BulkResult(bulk::BulkResult { run, scroll: 0 }),
    );
}

/// Why offboarding cannot start yet, if it cannot: the review and the tombstones must hold
/// every membership the server has.
fn offboard_waits(state: &State) -> Option<&'static str> {
    if state.snapshot.shown.is_some() {
        return Some(
            "offboarding waits for live data: this view is a snapshot (the review must show every membership the server holds)",
        );
    }
    if state.load != LoadState::Done {
        return Some(
            "offboarding waits until the whole account has loaded (the review must show every membership)",
        );
    }
    None
}

/// `B`: the bulk menu over the marked people.
fn open_bulk(state: &mut State) {
    let people = bulk::marked_people(&state.account, state.marks.people.iter().copied());
    if people.is_empty() {
        state.status = info(format!(
            "no one is marked: {} marks the selected person, {} every one shown",
            state
                .keymap
                .key_for(&[super::keymap::Context::PeopleList], Command::ToggleMark),
            state
                .keymap
                .key_for(&[super::keymap::Context::PeopleList], Command::MarkShown)
        ));
        return;
    }
    push(
        state,
        WriteModal::BulkMenu(bulk::BulkMenu {
            people,
            selected: 0,
        }),
    );
}

/// The picker for `target`, over the other side's records and search index.
fn open_picker(state: &State, target: PickFor) -> Option<Picker> {
    let index = match target {
        PickFor::Marked { add } => {
            let people = state.marks.people.iter().copied().collect();
            return Picker::for_marked(&state.account, state.projects.list.index(), people, add);
        }
        PickFor::Person(_) => state.projects.list.index(),
        PickFor::Project(_) | PickFor::Group(_) | PickFor::Successor { .. } => {
            state.people.list.index()
        }
    };
    Picker::open(&state.account, &state.lookup, index, target)
}

/// A write command from the keymap: opens its modal.
pub fn start(state: &mut State, c: Command, fx: &mut Vec<Effect>) {
    if state.account.profile.is_none() {
        state.status = info("wait until the account has loaded");
        return;
    }
    match c {
        Command::Edit => match state.selected_person() {
            Some(p) => {
                let form = EditForm::open(&state.account, p);
                push(state, WriteModal::Edit(form));
            }
            None => state.status = info("no person selected"),
        },
        Command::Invite => {
            let form = InviteForm::open(&state.account);
            push(state, WriteModal::Invite(form));
        }
        Command::AddMember | Command::RemoveMember if state.view == View::Groups => {
            group_write(state, c);
        }
        Command::Suspend => match state.selected_person() {
            Some(p) => match suspend::ConfirmSuspend::new(&state.account, p) {
                Ok(c) => push(state, WriteModal::ConfirmSuspend(c)),
                Err(msg) => state.status = error(msg),
            },
            None => state.status = info("no person selected"),
        },
        Command::AddMember => {
            let target = match state.view {
                View::People | View::Overview => {
                    state.selected_person().map(|p| PickFor::Person(p.id()))
                }
                View::Projects => state.selected_project().map(|p| PickFor::Project(p.id)),
                View::Groups | View::Changes => None,
            };
            match target.and_then(|t| open_picker(state, t)) {
                Some(p) => push(state, WriteModal::Picker(Box::new(p))),
                None => state.status = info("nothing selected to add to"),
            }
        }
        Command::RemoveMember => {
            let pair = match state.focus {
                Pane::Detail => state.detail_membership().map(|m| (m.project, m.person)),
                Pane::List => None,
            };
            match pair {
                Some((project, person)) => {
                    let c = ConfirmRemove::new(&state.account, &state.lookup, project, person);
                    push(state, WriteModal::ConfirmRemove(c));
                }
                None => state.status = info("select a membership first"),
            }
        }
        Command::Bulk => open_bulk(state),
        Command::Offboard => {
            let Some(p) = state.selected_person() else {
                state.status = info("no person selected");
                return;
            };
            if let Some(why) = offboard_waits(state) {
                state.status = info(why);
                return;
            }
            if state.account.is_owner(p) {
                state.status = error(format!(
                    "{} is the account owner, who cannot be deleted from this console",
                    p.display_name()
                ));
                return;
            }
            if let Some(tombstone) = offboard::tombstone(&state.account, &state.lookup, p.id()) {
                push(
                    state,
                    WriteModal::Offboard(OffboardReview {
                        tombstone,
                        scroll: 0,
                    }),
                );
            }
        }
        Command::StagedInvites => {
            push(
                state,
                WriteModal::StagedInvites(staged::StagedBatch::default()),
            );
        }
        Command::Tombstones => {
            push(
                state,
                WriteModal::Tombstones(TombstoneList {
                    entries: None,
                    selected: 0,
                }),
            );
            fx.push(Effect::ReadTombstones);
        }
        _ => {}
    }
}

/// `a` or `x` in the Groups view: the picker, or the remove confirmation; guide says why not.
fn group_write(state: &mut State, c: Command) {
    if !super::groups::supported(&state.account) {
        state.status = info(super::groups::GUIDE_HAS_NONE);
        return;
    }
    let Some(group) = state.selected_group() else {
        state.status = info("no group selected");
        return;
    };
    if super::groups::is_everyone(group) {
        state.status = error(format!(
            "{} holds everyone in the account: ProofHub does not let its members be set",
            group.name
        ));
        return;
    }
    if c == Command::AddMember {
        match open_picker(state, PickFor::Group(group.id)) {
            Some(p) => push(state, WriteModal::Picker(Box::new(p))),
            None => state.status = info("nothing selected to add to"),
        }
        return;
    }
    let member = match state.focus {
        Pane::Detail => state.selected_group_member(),
        Pane::List => None,
    };
    match member {
        Some(person) => {
            let c = group_members::ConfirmGroupRemove::new(
                &state.account,
                &state.lookup,
                group,
                person,
            );
            push(state, WriteModal::ConfirmGroupRemove(c));
        }
        None => state.status = info("select a member of the group first"),
    }
}

/// Quitting while a write is in flight asks first; `true`: the quit is held for the answer.
pub fn hold_quit(state: &mut State) -> bool {
    if state.writes.in_flight.is_empty() {
        return false;
    }
    if let Some(Modal::Write(m)) = state.modals.last()
        && matches!(**m, WriteModal::ConfirmQuit(..))
    {
        return false;
    }
    push(state, WriteModal::ConfirmQuit(Button::Cancel, Leave::Quit));
    true
}

/// Pasted text into the top write modal's input; `false` when no write modal is open.
pub fn paste(state: &mut State, text: &str) -> bool {
    let Some(Modal::Write(m)) = state.modals.last_mut() else {
        return false;
    };
    match &mut **m {
        WriteModal::Edit(e) => e.form.paste(text),
        WriteModal::Invite(i) => i.form.paste(text),
        WriteModal::TypedEmail(t) => text.chars().for_each(|c| t.gate_mut().push(c)),
        WriteModal::TypedCount(t) => text.chars().for_each(|c| t.gate_mut().push(c)),
        WriteModal::Picker(p) => p.edit_query(|line| line.insert_str(text)),
        WriteModal::StagedInvites(b) => b.paste(text),
        _ => {}
    }
    state.dirty = true;
    true
}

/// The account changed under the open modals (a load, a write's answer): pickers index the
/// account's lists by position, so they are rebuilt, keeping what was typed; one whose record
/// is gone closes. (The other modals hold ids, which do not move.)
pub fn account_changed(state: &mut State) {
    if !state
        .modals
        .iter()
        .any(|m| matches!(m, Modal::Write(w) if matches!(**w, WriteModal::Picker(_))))
    {
        return;
    }
    let modals = std::mem::take(&mut state.modals);
    for m in modals {
        match m {
            Modal::Write(w) => match *w {
                WriteModal::Picker(p) => {
                    if let Some(mut fresh) = open_picker(state, p.target) {
                        fresh.list.set_query(p.list.query().as_str());
                        state
                            .modals
                            .push(Modal::Write(Box::new(WriteModal::Picker(Box::new(fresh)))));
                    }
                }
                other => state.modals.push(Modal::Write(Box::new(other))),
            },
            other => state.modals.push(other),
        }
    }
}

/// The journal was read for the tombstone list.
pub fn tombstones_read(state: &mut State, result: Result<Vec<Entry>, LoadError>) {
    for m in state.modals.iter_mut().rev() {
        if let Modal::Write(w) = m
            && let WriteModal::Tombstones(l) = &mut **w
        {
            l.entries = Some(result);
            l.selected = 0;
            break;
        }
    }
    state.dirty = true;
}

/// A write's answer: the server's data applied, or the failure said.
pub fn done(state: &mut State, d: WriteDone, fx: &mut Vec<Effect>) {
    state.dirty = true;
    let Some(pos) = state.writes.in_flight.iter().position(|f| f.job.id == d.id) else {
        return;
    };
    let flight = state.writes.in_flight.remove(pos);
    let in_bulk = bulk::outcome(&d.result);
    // A held quit goes ahead once nothing is in flight any more.
    if state.writes.in_flight.is_empty() {
        state.modals.retain(
            |m| !matches!(m, Modal::Write(w) if matches!(**w, WriteModal::ConfirmQuit(..))),
        );
    }
    match d.result {
        Ok(result) => applied(state, &flight.job.op, result),
        Err(WriteFailure::Conflict { fresh }) => {
            let person = fresh.clone();
            match flight.edit {
                Some(edit) => {
                    let view = ConflictView::new(&state.account, edit, *person);
                    push(state, WriteModal::Conflict(view));
                    state.status = error(
                        "the person was changed on the server since you opened the form; nothing was written",
                    );
                }
                None => {
                    apply_load(state, LoadMsg::People(vec![*person]));
                    state.status = error("the record changed on the server; nothing was written");
                }
            }
        }
        Err(WriteFailure::GroupChanged { fresh, .. }) => {
            let changes = match &flight.job.op {
                WriteOp::GroupMember { seen, .. } => group_changes(state, seen, &fresh.members),
                _ => String::new(),
            };
            let name = fresh.name.clone();
            super::groups::set_group(std::sync::Arc::make_mut(&mut state.account), fresh);
            state
                .groups
                .members
                .clamp(state.selected_group().map_or(0, |g| g.members.len()));
            state.status = error(format!(
                "could not finish {}: the group {name} was changed on the server since you saw it ({changes}); nothing was written; it now shows as the server has it: look again and repeat if still wanted",
                flight.job.op.describe()
            ));
        }
        Err(WriteFailure::Uncertain { message }) => {
            state.status = error(format!(
                "{}: {message}; reloading to show what the server holds",
                flight.job.op.describe()
            ));
            if !state.loading() {
                start_load(state, fx);
            }
        }
        Err(WriteFailure::Failed(e)) => {
            state.status = error(format!(
                "could not finish {}: {}; {}",
                flight.job.op.describe(),
                e.message,
                next_step(state, &e)
            ));
        }
    }
    bulk_answered(state, d.id, in_bulk);
}

/// Who joined and who left a group between `seen` and `now`, by name: "left: Ana Clark".
fn group_changes(
    state: &State,
    seen: &[crate::model::account::PersonId],
    now: &[crate::model::account::PersonId],
) -> String {
    let names = |ids: Vec<crate::model::account::PersonId>| {
        ids.into_iter()
            .map(|id| {
                state.lookup.person(&state.account, id).map_or_else(
                    || format!("person {id}"),
                    crate::model::account::Person::display_name,
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let joined: Vec<_> = now.iter().filter(|p| !seen.contains(p)).copied().collect();
    let left: Vec<_> = seen.iter().filter(|p| !now.contains(p)).copied().collect();
    let mut parts = Vec::new();
    if !joined.is_empty() {
        parts.push(format!("joined: {}", names(joined)));
    }
    if !left.is_empty() {
        parts.push(format!("left: {}", names(left)));
    }
    if parts.is_empty() {
        parts.push("its members were changed and changed back".into());
    }
    parts.join("; ")
}

/// What to do after a failed write, by its kind: a refused token's message already names the
/// fix and nothing was written, so a reload would not help (as after a load); a passing condition is worth a
/// retry; anything that may mean the server holds something else asks for a reload first.
fn next_step(state: &State, e: &WriteError) -> String {
    let reload = || {
        format!(
            "press {} to reload and see what the server holds before trying again",
            state.keymap.key_of(Command::Reload)
        )
    };
    match e.kind {
        FailureKind::TokenRefused | FailureKind::Forbidden => {
            format!("nothing was written; {}", after_failed_load(state, e.kind))
        }
        FailureKind::LocalFile => {
            "nothing was sent: every change is journaled first, so fix the journal and try again"
                .into()
        }
        FailureKind::Setup => "nothing was sent".into(),
        FailureKind::NotFound => format!("it may have been deleted meanwhile; {}", reload()),
        FailureKind::Network if e.retry_safe => {
            "nothing changed here; check the connection and try again in a moment".into()
        }
        _ if e.retry_safe => "nothing changed here; try again in a moment".into(),
        _ => reload(),
    }
}

fn applied(state: &mut State, op: &WriteOp, result: WriteResult) {
    match result {
        WriteResult::Edited(person) => {
            let what = match op {
                WriteOp::Edit { diff, .. } => diff
                    .iter()
                    .map(|(l, a, b)| format!("{l} {a:?} → {b:?}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => String::new(),
            };
            let name = person.display_name();
            let text = match op {
                WriteOp::Suspend { suspend, .. } => {
                    let done = if *suspend { "suspended" } else { "reactivated" };
                    format!("{done} {name} (read back: it took; {})", suspend::ASSUMED)
                }
                _ => format!("saved {name}: {what}"),
            };
            apply_load(state, LoadMsg::People(vec![person]));
            state.status = info(text);
        }
        WriteResult::Invited(person) => {
            let emailed = match op {
                WriteOp::Invite { new } if new.send_invite == Some(false) => {
                    "no invitation email was sent"
                }
                _ => "ProofHub has emailed the invitation",
            };
            let text = format!(
                "invited {} <{}>; {emailed}",
                person.display_name(),
                person.email()
            );
            apply_load(state, LoadMsg::People(vec![person]));
            state.status = info(text);
        }
        WriteResult::Members { project, members } => {
            set_members(state, project, members);
            let text = match op {
                WriteOp::AddMember { subject, .. } => format!("added {subject}"),
                WriteOp::RemoveMember { subject, .. } => format!("removed {subject}"),
                WriteOp::Members {
                    add: true, subject, ..
                } => format!("added {subject}; every other member stays"),
                WriteOp::Members { subject, .. } => {
                    format!("removed {subject}; every other member stays")
                }
                _ => "memberships updated".into(),
            };
            state.status = info(text);
        }
        WriteResult::Group(group) => {
            let text = match op {
                WriteOp::GroupMember {
                    add: true, subject, ..
                } => format!("added {subject}; every other member stays"),
                WriteOp::GroupMember { subject, .. } => {
                    format!("removed {subject}; every other member stays")
                }
                _ => "group updated".into(),
            };
            super::groups::set_group(std::sync::Arc::make_mut(&mut state.account), group);
            state
                .groups
                .members
                .clamp(state.selected_group().map_or(0, |g| g.members.len()));
            state.status = info(text);
        }
        WriteResult::Deleted(id) => {
            let name = match op {
                WriteOp::Delete(d) => d.subject().to_string(),
                _ => format!("person {id}"),
            };
            change_account(state, |a| a.remove_person(id));
            state.focus = Pane::List;
            state.status = info(format!(
                "deleted {name} (checked: gone from the server); its tombstone is in the journal, {} lists it",
                state.keymap.key_of(Command::Tombstones)
            ));
        }
        WriteResult::InvitedInto(done) => {
            let text = staged::outcome(&done);
            let all_in = done.missed.is_empty();
            let done = *done;
            apply_load(state, LoadMsg::People(vec![done.person]));
            for (project, members) in done.members {
                set_members(state, project, members);
            }
            state.status = if all_in { info(text) } else { error(text) };
        }
        WriteResult::HandedOver {
            project,
            record,
            members,
        } => {
            if let Some(record) = record {
                apply_load(state, LoadMsg::Projects(vec![*record]));
            }
            set_members(state, project, members);
            let text = match op {
                WriteOp::HandOver { subject, .. } => format!("set {subject}"),
                _ => "manager changed".into(),
            };
            state.status = info(text);
        }
        WriteResult::AccessRevoked(done) | WriteResult::AccessRestored(done) => {
            let (what, verb, whom) = match op {
                WriteOp::RevokeAccess { tombstone, .. } => (
                    "revoked the access of",
                    "removed from",
                    tombstone.person.display_name(),
                ),
                WriteOp::RestoreAccess { tombstone } => (
                    "restored the access of",
                    "added back to",
                    tombstone.person.display_name(),
                ),
                _ => ("changed the access of", "changed", String::new()),
            };
            let text = done.summary(what, verb, &whom);
            let all = done.missed.is_empty();
            let done = *done;
            for (project, members) in done.members {
                set_members(state, project, members);
            }
            if !done.groups.is_empty() {
                apply_load(state, LoadMsg::Groups(done.groups));
            }
            state.status = if all { info(text) } else { error(text) };
        }
        WriteResult::Recreated(done) => {
            let text = done.summary();
            let all_back = done.missed.is_empty();
            let done = *done;
            apply_load(state, LoadMsg::People(vec![done.person]));
            for (project, members) in done.members {
                set_members(state, project, members);
            }
            if !done.managed.is_empty() {
                apply_load(state, LoadMsg::Projects(done.managed));
            }
            if !done.groups.is_empty() {
                apply_load(state, LoadMsg::Groups(done.groups));
            }
            state.status = if all_back { info(text) } else { error(text) };
        }
    }
}

fn set_members(
    state: &mut State,
    project: crate::model::account::ProjectId,
    members: Vec<crate::model::account::Membership>,
) {
    apply_load(
        state,
        LoadMsg::Members {
            project,
            members: members
                .into_iter()
                .map(|m| (m.person, m.project_role))
                .collect(),
        },
    );
}
