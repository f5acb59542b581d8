//! Keys in the write modals: the keymap turns a key into a command for the top modal's
//! context (each modal's file lists its bindings), and this routes the command to the modal.
//! A key no binding takes is text for the modals that have an input; `?` (F1 where `?` types)
//! opens the help overlay on that modal's keys, and Ctrl-C goes on to quit.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::super::action::LoadMsg;
use super::super::effect::Effect;
use super::super::keymap::{Command, Context, Resolved};
use super::super::load::apply_load;
use super::super::state::{HelpState, LoadState, Modal, State};
use super::super::text_line::Edit;
use super::bulk::{self, BulkAction, BulkOffboardReview};
use super::edit::Review;
use super::fit::Dialog;
use super::form::{Form, FormKey};
use super::job::WriteOp;
use super::members::PickFor;
use super::modal::Leave;
use super::offboard::{Button, TypedCount, TypedEmail};
use super::recreate::ConfirmRecreate;
use super::revoke::{ConfirmRestore, ConfirmRevoke};
use super::succession::{Succession, successions};
use super::typed_gate::TypedGate;
use super::{
    EditForm, WriteModal, error, fit, info, offboard_waits, open_picker, push, send, send_bulk,
};

/// What a command did to a modal.
enum Step {
    Stay,
    Close,
    Replace(WriteModal),
    Send(WriteOp, Option<EditForm>),
    /// A batch: one write per op, each journaled and answered on its own.
    SendAll(Vec<WriteOp>),
    /// A bulk action: [`Step::SendAll`], its answers followed as one run named so.
    SendBulk(String, Vec<WriteOp>),
    /// The modal has no use for the command here: the key is typed, if it types.
    Ignored,
}

/// A key for the top write modal; `false` when no write modal is open (or the key quits,
/// which the caller does).
pub fn on_key(state: &mut State, key: KeyEvent, fx: &mut Vec<Effect>) -> bool {
    let Some(Modal::Write(m)) = state.modals.last() else {
        return false;
    };
    let ctx = m.context();
    let resolved = state.keymap.resolve(&[ctx, Context::Always], &key);
    match resolved {
        Resolved::Command(Command::Quit) => return false,
        Resolved::Command(Command::Help) => {
            state.modals.push(Modal::Help(HelpState {
                scope: Some(ctx),
                ..HelpState::default()
            }));
            return true;
        }
        _ => {}
    }
    let Some(Modal::Write(mut m)) = state.modals.pop() else {
        return false;
    };
    if let Some(edit) = state.keymap.text_edit(&key)
        && edit_text(&mut m, edit)
    {
        state.modals.push(Modal::Write(m));
        return true;
    }
    let mut step = match resolved {
        Resolved::Command(c) => route(state, &mut m, c, fx),
        _ => Step::Ignored,
    };
    if let Step::Ignored = step
        && let Some(c) = typed(&key)
    {
        step = type_char(&mut m, c);
    }
    finish(state, m, step, fx);
    true
}

/// A click on a button of the top write modal: exactly the commands its keys send. Cancel is
/// Esc's [`Command::Cancel`]; the other button is Tab to it ([`Command::SwitchButton`], which
/// never focuses a disabled button) and then Enter ([`Command::Confirm`]) only if the focus
/// got there, so a click on a disabled Delete does nothing. `false` when no write modal with
/// buttons is open.
pub fn press(state: &mut State, button: Button, fx: &mut Vec<Effect>) -> bool {
    let Some(Modal::Write(mut m)) = state.modals.pop() else {
        return false;
    };
    let Some(focused) = focus(&m) else {
        state.modals.push(Modal::Write(m));
        return false;
    };
    let step = match button {
        Button::Cancel => route(state, &mut m, Command::Cancel, fx),
        Button::Confirm => {
            if focused == Button::Cancel {
                route(state, &mut m, Command::SwitchButton, fx);
            }
            if focus(&m) == Some(Button::Confirm) {
                route(state, &mut m, Command::Confirm, fx)
            } else {
                Step::Stay
            }
        }
    };
    finish(state, m, step, fx);
    true
}

/// The focused button of a modal with two, `None` for the others.
fn focus(m: &WriteModal) -> Option<Button> {
    match m {
        WriteModal::ConfirmRemove(c) => Some(c.focus),
        WriteModal::ConfirmRecreate(c) => Some(c.focus),
        WriteModal::ConfirmQuit(f, _) => Some(*f),
        WriteModal::TypedEmail(t) => Some(t.gate().focus()),
        WriteModal::TypedCount(t) => Some(t.gate().focus()),
        WriteModal::BulkConfirm(c) => Some(c.focus),
        _ => None,
    }
}

/// Puts the modal back, closes it, replaces it or sends its write, as `step` says.
fn finish(state: &mut State, m: Box<WriteModal>, step: Step, fx: &mut Vec<Effect>) {
    match step {
        Step::Stay | Step::Ignored => state.modals.push(Modal::Write(m)),
        Step::Close => {}
        Step::Replace(next) => push(state, next),
        Step::Send(op, edit) => send(state, op, edit, fx),
        Step::SendAll(ops) => {
            for op in ops {
                send(state, op, None, fx);
            }
        }
        Step::SendBulk(label, ops) => send_bulk(state, label, ops, fx),
    }
}

/// The keys of a typed gate (`TypedEmail`, `TypedCount`): Esc, and Enter on Cancel, cancel;
/// Enter on an enabled Delete presses it, unless the modal does not fit the screen (then it
/// says why and stays); Tab moves the focus; the editing keys edit the box. `None`: Delete was
/// pressed while enabled, and the modal makes its confirmation.
fn gate_key(state: &mut State, gate: &mut TypedGate, dialog: &Dialog, c: Command) -> Option<Step> {
    let cancelled = |state: &mut State| {
        state.status = info("cancelled: nothing was deleted");
        Some(Step::Close)
    };
    match c {
        Command::Cancel => cancelled(state),
        Command::Confirm if !dialog.fits(state.width, state.height) => {
            state.status = error(format!(
                "{}, {}",
                dialog.refusal("Delete", state.width, state.height),
                fit::REFUSAL_WHY
            ));
            Some(Step::Stay)
        }
        Command::Confirm if gate.pressed() => None,
        Command::Confirm if gate.focus() == Button::Cancel => cancelled(state),
        Command::Confirm => Some(Step::Stay),
        Command::SwitchButton => {
            gate.toggle_focus();
            Some(Step::Stay)
        }
        Command::DeleteChar => {
            gate.edit(Edit::DeleteBack);
            Some(Step::Stay)
        }
        Command::ClearInput => {
            gate.clear();
            Some(Step::Stay)
        }
        _ => Some(Step::Ignored),
    }
}

/// The character a key types, if it types one.
fn typed(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                && !c.is_control() =>
        {
            Some(c)
        }
        _ => None,
    }
}

/// An editing key ([`Context::TextInput`]) for the modal's focused text field; `false` when
/// it has none (the key then goes to the modal's own bindings).
fn edit_text(m: &mut WriteModal, edit: Edit) -> bool {
    match m {
        WriteModal::Edit(e) => e.form.edit(edit),
        WriteModal::Invite(i) => i.form.edit(edit),
        WriteModal::Picker(p) => {
            p.edit_query(|line| line.apply(edit));
            true
        }
        WriteModal::TypedEmail(t) => {
            t.gate_mut().edit(edit);
            true
        }
        WriteModal::TypedCount(t) => {
            t.gate_mut().edit(edit);
            true
        }
        WriteModal::StagedInvites(b) => {
            b.input.apply(edit);
            true
        }
        _ => false,
    }
}

fn type_char(m: &mut WriteModal, c: char) -> Step {
    match m {
        WriteModal::Edit(e) => form_typed(&mut e.form, c),
        WriteModal::Invite(i) => form_typed(&mut i.form, c),
        WriteModal::Picker(p) => {
            p.edit_query(|line| line.insert(c));
            Step::Stay
        }
        WriteModal::TypedEmail(t) => {
            t.gate_mut().push(c);
            Step::Stay
        }
        WriteModal::TypedCount(t) => {
            t.gate_mut().push(c);
            Step::Stay
        }
        WriteModal::StagedInvites(b) => {
            b.input.insert(c);
            b.selected = None;
            Step::Stay
        }
        _ => Step::Stay,
    }
}

fn form_typed(form: &mut Form, c: char) -> Step {
    form.type_char(c);
    Step::Stay
}

/// Switch, press or cancel on a two-button confirmation: `Some(true)` confirmed,
/// `Some(false)` cancelled, `None` still open.
fn buttons(focus: &mut Button, c: Command) -> Option<Option<bool>> {
    match c {
        Command::Cancel => Some(Some(false)),
        Command::Confirm => Some(Some(*focus == Button::Confirm)),
        Command::SwitchButton => {
            *focus = match focus {
                Button::Cancel => Button::Confirm,
                Button::Confirm => Button::Cancel,
            };
            Some(None)
        }
        _ => None,
    }
}

/// A two-button confirmation's step: the confirm sends `op`, closing the modal below it too
/// when `below` says it is the one the confirmation came from.
fn two_buttons(
    state: &mut State,
    pressed: Option<Option<bool>>,
    op: WriteOp,
    below: impl Fn(&WriteModal) -> bool,
) -> Step {
    match pressed {
        Some(Some(true)) => {
            if matches!(state.modals.last(), Some(Modal::Write(m)) if below(m)) {
                state.modals.pop();
            }
            Step::Send(op, None)
        }
        Some(Some(false)) => Step::Close,
        Some(None) => Step::Stay,
        None => Step::Ignored,
    }
}

fn route(state: &mut State, m: &mut WriteModal, c: Command, fx: &mut Vec<Effect>) -> Step {
    match m {
        WriteModal::Edit(e) => match e.form.command(c) {
            FormKey::Cancel => Step::Close,
            FormKey::Submit => {
                if let Err(msg) = e.validate(&state.account) {
                    e.form.error = Some(msg);
                    return Step::Stay;
                }
                let diff = e.diff();
                if diff.is_empty() {
                    e.form.error = Some("nothing changed".into());
                    return Step::Stay;
                }
                Step::Replace(WriteModal::Review(Review {
                    edit: e.clone(),
                    diff,
                }))
            }
            FormKey::Handled => Step::Stay,
            FormKey::Ignored => Step::Ignored,
        },
        WriteModal::Review(r) => match c {
            Command::Confirm => Step::Send(r.edit.op(), Some(r.edit.clone())),
            Command::Cancel => Step::Replace(WriteModal::Edit(r.edit.clone())),
            _ => Step::Ignored,
        },
        WriteModal::Conflict(c_view) => match c {
            Command::Reapply | Command::Confirm => {
                let mut edit = c_view.edit.clone();
                edit.seen = crate::model::changes::Seen::of(&c_view.fresh);
                Step::Send(c_view.reapply(), Some(edit))
            }
            Command::DropMine | Command::Cancel => {
                let fresh = c_view.fresh.clone();
                apply_load(state, LoadMsg::People(vec![fresh]));
                state.status =
                    info("your change was dropped; the person shows as the server has it");
                Step::Close
            }
            _ => Step::Ignored,
        },
        WriteModal::Invite(i) => match i.form.command(c) {
            FormKey::Cancel => Step::Close,
            FormKey::Submit => match i.submit(&state.account) {
                Ok(op) => Step::Send(op, None),
                Err(msg) => {
                    i.form.error = Some(msg);
                    Step::Stay
                }
            },
            FormKey::Handled => Step::Stay,
            FormKey::Ignored => Step::Ignored,
        },
        WriteModal::Picker(p) => {
            let page = state.list_rows();
            match c {
                Command::Cancel => return Step::Close,
                Command::Confirm => {
                    return match (p.pick(&state.account, &state.lookup), p.target) {
                        (Some(op), PickFor::Marked { add: true }) => {
                            Step::SendBulk("bulk add".into(), vec![op])
                        }
                        (Some(op), PickFor::Marked { add: false }) => {
                            let c = bulk::remove_confirm(&state.account, &state.lookup, op);
                            Step::Replace(WriteModal::BulkConfirm(Box::new(c)))
                        }
                        (Some(op), _) => Step::Send(op, None),
                        (None, _) => Step::Stay,
                    };
                }
                Command::Up => p.list.move_by(-1, page),
                Command::Down => p.list.move_by(1, page),
                Command::PageUp => p.list.move_by(-(page as isize), page),
                Command::PageDown => p.list.move_by(page as isize, page),
                Command::DeleteChar => p.edit_query(|line| line.apply(Edit::DeleteBack)),
                _ => return Step::Ignored,
            }
            Step::Stay
        }
        WriteModal::ConfirmRemove(r) => match buttons(&mut r.focus, c) {
            // Never from a button the admin cannot see.
            Some(Some(true)) if !r.dialog().fits(state.width, state.height) => {
                state.status = error(format!(
                    "{}, {}",
                    r.dialog()
                        .refusal("Remove membership", state.width, state.height),
                    fit::REFUSAL_WHY
                ));
                Step::Stay
            }
            Some(Some(true)) => Step::Send(r.op(), None),
            Some(Some(false)) => {
                state.status = info("nothing removed");
                Step::Close
            }
            Some(None) => Step::Stay,
            None => Step::Ignored,
        },
        WriteModal::Offboard(r) => match c {
            Command::Cancel => Step::Close,
            Command::Up => {
                r.scroll = r.scroll.saturating_sub(1);
                Step::Stay
            }
            Command::Down => {
                r.scroll += 1;
                Step::Stay
            }
            Command::PickSuccessor => {
                let next = successions(&state.account, &state.writes.hand_overs(), &r.tombstone)
                    .into_iter()
                    .find(|(_, s)| *s == Succession::Needed);
                let Some((project, _)) = next else {
                    state.status = info(if r.tombstone.managed_projects.is_empty() {
                        "they manage no project: no successor is needed"
                    } else {
                        "every project they manage has a new manager or one on the way"
                    });
                    return Step::Stay;
                };
                let target = PickFor::Successor {
                    project,
                    leaving: r.tombstone.person.id(),
                };
                match open_picker(state, target) {
                    Some(p) => {
                        push(state, WriteModal::Offboard(r.clone()));
                        Step::Replace(WriteModal::Picker(Box::new(p)))
                    }
                    None => Step::Stay,
                }
            }
            Command::RevokeAccess => {
                let c = ConfirmRevoke::new(&state.account, r.tombstone.clone());
                if c.is_empty() {
                    state.status = info("they are in no project and no group: nothing to revoke");
                    return Step::Stay;
                }
                push(state, WriteModal::Offboard(r.clone()));
                Step::Replace(WriteModal::ConfirmRevoke(Box::new(c)))
            }
            Command::Confirm | Command::Offboard
                if successions(&state.account, &state.writes.hand_overs(), &r.tombstone)
                    .iter()
                    .any(|(_, s)| matches!(s, Succession::Sending(_))) =>
            {
                state.status = info(
                    "a new manager is still being set: the delete waits until the hand-over is answered",
                );
                Step::Stay
            }
            Command::Confirm | Command::Offboard => {
                match TypedEmail::new(&state.account, r.tombstone.clone()) {
                    Ok(t) => Step::Replace(WriteModal::TypedEmail(t)),
                    Err(msg) => {
                        state.status = error(msg);
                        Step::Close
                    }
                }
            }
            _ => Step::Ignored,
        },
        WriteModal::TypedEmail(t) => {
            let dialog = t.dialog();
            match gate_key(state, t.gate_mut(), &dialog, c) {
                Some(step) => step,
                None => match t.confirm() {
                    Some(confirmed) => Step::Send(WriteOp::Delete(Box::new(confirmed)), None),
                    None => Step::Stay,
                },
            }
        }
        WriteModal::Tombstones(l) => {
            let len = match &l.entries {
                Some(Ok(e)) => e.len(),
                _ => 0,
            };
            match c {
                Command::Cancel => Step::Close,
                Command::Up => {
                    l.selected = l.selected.saturating_sub(1);
                    Step::Stay
                }
                Command::Down => {
                    l.selected = (l.selected + 1).min(len.saturating_sub(1));
                    Step::Stay
                }
                Command::Confirm => {
                    let Some(Ok(entries)) = &l.entries else {
                        return Step::Stay;
                    };
                    let Some(e) = entries.get(l.selected) else {
                        return Step::Stay;
                    };
                    if e.revoked {
                        return match ConfirmRestore::new(&state.account, e.tombstone.clone()) {
                            Ok(confirm) => {
                                push(state, WriteModal::Tombstones(l.clone()));
                                Step::Replace(WriteModal::ConfirmRestore(Box::new(confirm)))
                            }
                            Err(msg) => {
                                state.status = error(msg);
                                Step::Stay
                            }
                        };
                    }
                    match ConfirmRecreate::new(&state.account, e.tombstone.clone()) {
                        Ok(confirm) => {
                            push(state, WriteModal::Tombstones(l.clone()));
                            Step::Replace(WriteModal::ConfirmRecreate(confirm))
                        }
                        Err(msg) => {
                            state.status = error(msg);
                            Step::Stay
                        }
                    }
                }
                _ => Step::Ignored,
            }
        }
        WriteModal::ConfirmRecreate(r) => match buttons(&mut r.focus, c) {
            Some(Some(true)) => {
                let op = r.op(&state.account);
                // Back to the view, not the list.
                if matches!(state.modals.last(), Some(Modal::Write(m)) if matches!(**m, WriteModal::Tombstones(_)))
                {
                    state.modals.pop();
                }
                Step::Send(op, None)
            }
            Some(Some(false)) => Step::Close,
            Some(None) => Step::Stay,
            None => Step::Ignored,
        },
        WriteModal::StagedInvites(b) => {
            match c {
                Command::Cancel => {
                    state.status = info(match b.rows.len() {
                        0 => "nothing was sent".to_string(),
                        n => format!("closed: nothing was sent; the {n} staged rows are dropped"),
                    });
                    return Step::Close;
                }
                Command::Confirm => b.enter(),
                Command::Save => {
                    if !b.input.as_str().trim().is_empty() {
                        b.enter();
                    }
                    return match b.review(&state.account) {
                        Ok(confirm) => Step::Replace(WriteModal::ConfirmStaged(Box::new(confirm))),
                        Err(why) => {
                            b.error = Some(why);
                            Step::Stay
                        }
                    };
                }
                Command::Up => b.move_by(-1),
                Command::Down => b.move_by(1),
                Command::RemoveMember => b.remove_selected(),
                Command::DeleteChar => b.input.apply(Edit::DeleteBack),
                Command::ClearInput => b.input.clear(),
                _ => return Step::Ignored,
            }
            Step::Stay
        }
        WriteModal::ConfirmStaged(r) => match buttons(&mut r.focus, c) {
            Some(Some(true)) if !r.dialog().fits(state.width, state.height) => {
                state.status = error(format!(
                    "{}, {}",
                    r.dialog()
                        .refusal("Send invitations", state.width, state.height),
                    fit::REFUSAL_WHY
                ));
                Step::Stay
            }
            Some(Some(true)) => Step::SendAll(r.ops()),
            Some(Some(false)) => Step::Replace(WriteModal::StagedInvites(r.batch.clone())),
            Some(None) => Step::Stay,
            None => Step::Ignored,
        },
        WriteModal::ConfirmRevoke(r) => match buttons(&mut r.focus, c) {
            Some(Some(true)) if !r.dialog().fits(state.width, state.height) => {
                state.status = error(format!(
                    "{}, {}",
                    r.dialog().refusal("Revoke", state.width, state.height),
                    fit::REFUSAL_WHY
                ));
                Step::Stay
            }
            // Back to the view: the review was of a person who keeps the account.
            pressed => two_buttons(state, pressed, r.op(), |m| {
                matches!(m, WriteModal::Offboard(_))
            }),
        },
        WriteModal::ConfirmRestore(r) => {
            let pressed = buttons(&mut r.focus, c);
            two_buttons(state, pressed, r.op(), |m| {
                matches!(m, WriteModal::Tombstones(_))
            })
        }
        WriteModal::ConfirmSuspend(r) => match buttons(&mut r.focus, c) {
            Some(Some(true)) if !r.dialog().fits(state.width, state.height) => {
                state.status = error(format!(
                    "{}, {}",
                    r.dialog().refusal(r.verb(), state.width, state.height),
                    fit::REFUSAL_WHY
                ));
                Step::Stay
            }
            Some(Some(true)) => Step::Send(r.op(), None),
            Some(Some(false)) => {
                state.status = info("nothing changed");
                Step::Close
            }
            Some(None) => Step::Stay,
            None => Step::Ignored,
        },
        WriteModal::ConfirmGroupRemove(r) => match buttons(&mut r.focus, c) {
            Some(Some(true)) if !r.dialog().fits(state.width, state.height) => {
                state.status = error(format!(
                    "{}, {}",
                    r.dialog()
                        .refusal("Remove from group", state.width, state.height),
                    fit::REFUSAL_WHY
                ));
                Step::Stay
            }
            Some(Some(true)) => Step::Send(r.op.clone(), None),
            Some(Some(false)) => {
                state.status = info("nothing removed");
                Step::Close
            }
            Some(None) => Step::Stay,
            None => Step::Ignored,
        },
        WriteModal::BulkMenu(_)
        | WriteModal::BulkConfirm(_)
        | WriteModal::BulkOffboard(_)
        | WriteModal::TypedCount(_)
        | WriteModal::BulkResult(_) => route_bulk(state, m, c, fx),
        WriteModal::ConfirmQuit(focus, leave) => match buttons(focus, c) {
            Some(Some(true)) => {
                if let LoadState::Loading { generation, .. } = state.load {
                    fx.push(Effect::CancelLoad { generation });
                }
                match leave {
                    Leave::Quit => state.quit = true,
                    Leave::Switch(name) => {
                        state.status = info(format!("switching to {name}…"));
                        fx.push(Effect::SwitchAccount(name.clone()));
                    }
                }
                Step::Close
            }
            Some(Some(false)) => Step::Close,
            Some(None) => Step::Stay,
            None => Step::Ignored,
        },
    }
}

/// The bulk actions' modals (see [`bulk`]).
fn route_bulk(state: &mut State, m: &mut WriteModal, c: Command, fx: &mut Vec<Effect>) -> Step {
    match m {
        WriteModal::BulkMenu(menu) => match c {
            Command::Cancel => Step::Close,
            Command::Up => {
                menu.move_by(-1);
                Step::Stay
            }
            Command::Down => {
                menu.move_by(1);
                Step::Stay
            }
            Command::Confirm => bulk_action(state, menu.action(), &menu.people, fx),
            _ => Step::Ignored,
        },
        WriteModal::BulkConfirm(r) => match buttons(&mut r.focus, c) {
            Some(Some(true)) if !r.dialog().fits(state.width, state.height) => {
                state.status = error(format!(
                    "{}, {}",
                    r.dialog().refusal(r.button, state.width, state.height),
                    fit::REFUSAL_WHY
                ));
                Step::Stay
            }
            Some(Some(true)) => Step::SendBulk(r.label.clone(), r.ops.clone()),
            Some(Some(false)) => {
                state.status = info("nothing was done");
                Step::Close
            }
            Some(None) => Step::Stay,
            None => Step::Ignored,
        },
        WriteModal::BulkOffboard(r) => match c {
            Command::Cancel => Step::Close,
            Command::Up => {
                r.scroll = r.scroll.saturating_sub(1);
                Step::Stay
            }
            Command::Down => {
                r.scroll += 1;
                Step::Stay
            }
            Command::PickSuccessor => {
                let sending = state.writes.hand_overs();
                let next = r.tombstones.iter().find_map(|t| {
                    successions(&state.account, &sending, t)
                        .into_iter()
                        .find(|(_, s)| *s == Succession::Needed)
                        .map(|(project, _)| PickFor::Successor {
                            project,
                            leaving: t.person.id(),
                        })
                });
                let Some(target) = next else {
                    state.status = info("no project of theirs needs a new manager");
                    return Step::Stay;
                };
                match open_picker(state, target) {
                    Some(p) => {
                        push(state, WriteModal::BulkOffboard(r.clone()));
                        Step::Replace(WriteModal::Picker(Box::new(p)))
                    }
                    None => Step::Stay,
                }
            }
            Command::Confirm | Command::Offboard => {
                let sending = state.writes.hand_overs();
                if r.tombstones.iter().any(|t| {
                    successions(&state.account, &sending, t)
                        .iter()
                        .any(|(_, s)| matches!(s, Succession::Sending(_)))
                }) {
                    state.status = info(
                        "a new manager is still being set: the deletes wait until the hand-over is answered",
                    );
                    return Step::Stay;
                }
                match TypedCount::new(&state.account, r.tombstones.clone()) {
                    Ok(t) => {
                        push(state, WriteModal::BulkOffboard(r.clone()));
                        Step::Replace(WriteModal::TypedCount(t))
                    }
                    Err(msg) => {
                        state.status = error(msg);
                        Step::Close
                    }
                }
            }
            _ => Step::Ignored,
        },
        WriteModal::TypedCount(t) => {
            let dialog = t.dialog();
            match gate_key(state, t.gate_mut(), &dialog, c) {
                Some(step) => step,
                None => match t.confirm() {
                    Some(confirmed) => {
                        // Back to the view: the review was of people who are going.
                        if matches!(state.modals.last(), Some(Modal::Write(m)) if matches!(**m, WriteModal::BulkOffboard(_)))
                        {
                            state.modals.pop();
                        }
                        let ops = confirmed
                            .into_iter()
                            .map(|d| WriteOp::Delete(Box::new(d)))
                            .collect();
                        Step::SendBulk("bulk offboard".into(), ops)
                    }
                    None => Step::Stay,
                },
            }
        }
        WriteModal::BulkResult(r) => match c {
            Command::Cancel | Command::Confirm => Step::Close,
            Command::Up => {
                r.scroll = r.scroll.saturating_sub(1);
                Step::Stay
            }
            Command::Down => {
                r.scroll += 1;
                Step::Stay
            }
            _ => Step::Ignored,
        },
        _ => Step::Ignored,
    }
}

/// The menu's Enter: the action's next step.
fn bulk_action(
    state: &mut State,
    action: BulkAction,
    people: &[crate::model::account::PersonId],
    fx: &mut Vec<Effect>,
) -> Step {
    match action {
        BulkAction::Export => {
            fx.push(Effect::ExportMarked(people.to_vec()));
            state.status = info(format!("exporting {} marked people…", people.len()));
            Step::Close
        }
        BulkAction::Add if !state.marks.projects.is_empty() => {
            // Marked projects: one change to each, no picker.
            let ops: Vec<WriteOp> = state
                .marks
                .projects
                .iter()
                .filter_map(|p| {
                    super::members::marked_op(&state.account, &state.lookup, *p, people, true)
                })
                .collect();
            if ops.is_empty() {
                state.status = info("every marked person is already in every marked project");
                return Step::Stay;
            }
            Step::SendBulk("bulk add".into(), ops)
        }
        BulkAction::Add | BulkAction::Remove => {
            let add = action == BulkAction::Add;
            match open_picker(state, PickFor::Marked { add }) {
                Some(p) => Step::Replace(WriteModal::Picker(Box::new(p))),
                None => {
                    state.status = info("no project to change for the marked");
                    Step::Stay
                }
            }
        }
        BulkAction::Revoke => match bulk::revoke_confirm(&state.account, &state.lookup, people) {
            Ok(c) => Step::Replace(WriteModal::BulkConfirm(Box::new(c))),
            Err(msg) => {
                state.status = info(msg);
                Step::Stay
            }
        },
        BulkAction::Offboard => {
            if let Some(why) = offboard_waits(state) {
                state.status = info(why);
                return Step::Stay;
            }
            match BulkOffboardReview::new(&state.account, &state.lookup, people) {
                Ok(r) => Step::Replace(WriteModal::BulkOffboard(r)),
                Err(msg) => {
                    state.status = error(msg);
                    Step::Stay
                }
            }
        }
    }
}
