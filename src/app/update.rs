//! `update`: the only place the state changes. Pure: it takes an action, changes the state and
//! returns the effects to run; it never waits, reads the clock or touches the network, the disk
//! or the terminal. Tests drive it by feeding actions.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::effect::Effect;
use super::keymap::{Command, Resolved};
use super::load::{PeopleIndex, apply_load, finish_load, refresh_view, start_load};
use super::mouse::{Pointer, Target, WHEEL_ROWS};
use super::overlays;
use super::palette::{self, Routed};
use super::state::{HelpState, LoadState, Modal, Pane, Place, State, Status, StatusKind, View};
use super::text_line::{Edit, TextLine};
use super::{load_order, mark_keys, preview, snapshot, switch, writes};

/// Applies one action; returns what the outside world must do.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let mut fx = Vec::new();
    // Input that comes while a snapshot's preview is shown waits for the whole snapshot.
    let Some(action) = preview::hold(state, action) else {
        return fx;
    };
    let before = load_order::on_screen(state);
    let status_before = state.status.clone();
    match action {
        Action::Start => {
            if state.mouse {
                fx.push(Effect::Mouse(true));
            }
            snapshot::start(state, &mut fx);
        }
        Action::Pointer(p) => pointer(state, p, &mut fx),
        Action::Key(key) => on_key(state, key, &mut fx),
        Action::Paste(text) if writes::paste(state, &text) || palette::paste(state, &text) => {
            state.dirty = true;
        }
        Action::Paste(text) => {
            for c in text.chars().filter(|c| !c.is_control()) {
                type_char(state, c);
            }
        }
        Action::Resize { width, height } => {
            state.width = width;
            state.height = height;
            state.dirty = true;
        }
        Action::Clock(now) => {
            if now.timestamp() / 60 != state.now.timestamp() / 60 {
                state.dirty = true;
            }
            state.now = now;
        }
        Action::Command(c) => {
            state.dirty = true;
            command(state, c, &mut fx);
        }
        Action::Loaded { generation, event } => {
            if is_current(state, generation) && state.snapshot.shown.is_some() {
                if let super::action::LoadMsg::People(page) = event {
                    state.snapshot.held.push_page(page, &state.account.people);
                } else if snapshot::takes(state, &event) {
                    apply_load(state, event);
                    state.dirty = true;
                }
            } else if is_current(state, generation) && snapshot::takes(state, &event) {
                apply_load(state, event);
                writes::account_changed(state);
                state.dirty = true;
            }
        }
        Action::LoadDone { generation, result } => {
            if is_current(state, generation) {
                snapshot::count_changes(state, &result);
                finish_load(state, result, PeopleIndex::Rebuild);
                snapshot::live_loaded(state, &mut fx);
                clamp_groups(state);
                writes::account_changed(state);
                mark_keys::prune(state);
                state.dirty = true;
            }
        }
        Action::LoadRest { generation, result } => {
            if is_current(state, generation) {
                // The streamed people: held beside a shown snapshot, else the account's own. A
                // failed load keeps what arrived.
                let mut people = PeopleIndex::Rebuild;
                let result = result.map(|rest| {
                    let streamed = match state.snapshot.shown {
                        Some(_) => {
                            // The snapshot's haystacks and sort keys go before its records are
                            // copied into the live account (see `held_people`).
                            state.people.forget_derived();
                            state.projects.forget_derived();
                            let held = std::mem::take(&mut state.snapshot.held);
                            held.into_people(&state.account.people).into()
                        }
                        None => {
                            let streamed = std::mem::take(
                                &mut std::sync::Arc::make_mut(&mut state.account).people,
                            );
                            // The index was built over these records as they came.
                            if rest.in_order(&streamed)
                                && !state.people_index_patched
                                && state.people.list.index().len() == streamed.len()
                            {
                                people = PeopleIndex::Keep;
                            }
                            streamed
                        }
                    };
                    rest.with_people(streamed)
                });
                state.snapshot.held = Default::default();
                snapshot::count_changes(state, &result);
                finish_load(state, result, people);
                snapshot::live_loaded(state, &mut fx);
                clamp_groups(state);
                writes::account_changed(state);
                mark_keys::prune(state);
                state.dirty = true;
            }
        }
        Action::CopyDone(result) => {
            state.status = Some(match result {
                Ok(()) => info(format!(
                    "copied {} to the clipboard",
                    state.person_to_copy().map_or("the email", |p| p.email())
                )),
                Err(e) => error(format!("could not copy: {e}")),
            });
            state.dirty = true;
        }
        Action::WriteDone(d) => {
            writes::done(state, *d, &mut fx);
            writes::account_changed(state);
            mark_keys::prune(state);
        }
        Action::Tombstones(result) => writes::tombstones_read(state, result),
        Action::Budget(b) => {
            if state.network.budget != Some(b) {
                state.network.budget = Some(b);
                state.dirty = true;
            }
        }
        Action::AccountSwitched { name, read_only } => {
            switch::switched(state, name, read_only, &mut fx);
        }
        Action::SwitchFailed { name, message } => switch::failed(state, &name, &message),
        Action::SnapshotPreview(p) => preview::show(state, *p),
        Action::SnapshotRead(result) => {
            snapshot::read(state, result, &mut fx);
            for held in preview::release(state) {
                fx.extend(update(state, held));
            }
        }
        Action::SnapshotSaved(result) => snapshot::saved(state, result),
        Action::AccessReviewDone(result) => overlays::access_review_done(state, result),
        Action::MarkedExported(result) => overlays::marked_exported(state, result),
    }
    load_order::hint(state, &before, &mut fx);
    if let Some(s) = &state.status
        && status_before.as_ref() != Some(s)
    {
        let error = s.kind == StatusKind::Error;
        state.messages.push(state.now, error, s.text.clone());
    }
    fx
}

fn info(text: impl Into<String>) -> Status {
    Status::info(text)
}

fn error(text: impl Into<String>) -> Status {
    Status::error(text)
}

fn is_current(state: &State, generation: u64) -> bool {
    matches!(state.load, LoadState::Loading { generation: g, .. } if g == generation)
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Vec<Effect>) {
    if key.kind == KeyEventKind::Release {
        return;
    }
    state.dirty = true;
    if matches!(&state.status, Some(s) if s.kind == StatusKind::Info) {
        state.status = None;
    }
    match palette::on_key(state, &key, fx) {
        Routed::NotMine => {}
        Routed::Done => return,
        Routed::Run(c) => return command(state, c, fx),
    }
    if writes::on_key(state, key, fx) || edit_text(state, &key) {
        return;
    }
    match state.keymap.resolve(&state.contexts(), &key) {
        Resolved::Command(c) => command(state, c, fx),
        Resolved::ReadOnly(desc) => {
            state.status = Some(info(format!(
                "read-only: \"{desc}\" is not available (--read-only, or read_only in the config)"
            )));
        }
        Resolved::Unbound => {
            if let KeyCode::Char(c) = key.code
                && !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            {
                type_char(state, c);
            }
        }
    }
}

/// A printable character for the focused text input (help filter or list filter), if any.
fn type_char(state: &mut State, c: char) {
    if let Some(Modal::Help(help)) = state.modals.last_mut() {
        help.filter.insert(c);
        help.scroll = 0;
        state.dirty = true;
    } else if state.editing_filter {
        edit_filter(state, |line| line.insert(c));
    }
}

/// An editing key ([`Context::TextInput`]) for the help filter or the list filter, when one
/// has the focus; `false` when the key is not for them.
fn edit_text(state: &mut State, key: &KeyEvent) -> bool {
    state
        .keymap
        .text_edit(key)
        .is_some_and(|edit| apply_edit(state, edit))
}

fn apply_edit(state: &mut State, edit: Edit) -> bool {
    match state.modals.last_mut() {
        Some(Modal::Help(help)) => {
            help.filter.apply(edit);
            help.scroll = 0;
        }
        None if state.editing_filter => edit_filter(state, |line| line.apply(edit)),
        _ => return false,
    }
    true
}

/// Edits the focused list's query at the filter's cursor.
fn edit_filter(state: &mut State, f: impl FnOnce(&mut TextLine)) {
    let mut line = TextLine::at(state.list().query().as_str(), state.filter_cursor);
    f(&mut line);
    state.filter_cursor = line.cursor();
    set_query(state, line.as_str());
}

fn set_query(state: &mut State, q: &str) {
    state.table_mut(state.view).set_query(q);
    state.dirty = true;
}

fn command(state: &mut State, c: Command, fx: &mut Vec<Effect>) {
    let page = state.list_rows();
    match c {
        Command::Quit => {
            if writes::hold_quit(state) {
                return;
            }
            if let LoadState::Loading { generation, .. } = state.load {
                fx.push(Effect::CancelLoad { generation });
            }
            state.quit = true;
        }
        Command::Help => state.modals.push(Modal::Help(HelpState::default())),
        Command::CloseHelp => {
            if let Some(Modal::Help(help)) = state.modals.last_mut() {
                if help.filter.is_empty() {
                    state.modals.pop();
                } else {
                    help.filter.clear();
                    help.scroll = 0;
                }
            }
        }
        Command::ShowPeople => switch_view(state, View::People),
        Command::ShowProjects => switch_view(state, View::Projects),
        Command::ShowOverview => switch_view(state, View::Overview),
        Command::AccessReview => overlays::access_review(state, fx),
        Command::ShowGroups => switch_view(state, View::Groups),
        Command::ShowChanges => switch_view(state, View::Changes),
        Command::CommandLine => palette::open_command_line(state),
        Command::Accounts => palette::open_accounts(state),
        Command::NextPane | Command::PrevPane if state.view == View::Groups => {
            state.focus = match state.focus {
                Pane::List if state.selected_group().is_some() => Pane::Detail,
                _ => Pane::List,
            };
        }
        // One pane: the list.
        Command::NextPane | Command::PrevPane if state.view == View::Changes => {
            state.editing_filter = false;
        }
        Command::NextPane | Command::PrevPane => {
            state.editing_filter = false;
            state.focus = match state.focus {
                Pane::List if state.list().selected().is_some() => Pane::Detail,
                _ => Pane::List,
            };
        }
        Command::Up => move_by(state, -1),
        Command::Down => move_by(state, 1),
        Command::PageUp => move_by(state, -(page as isize)),
        Command::PageDown => move_by(state, page as isize),
        Command::Top => move_by(state, isize::MIN / 2),
        Command::Bottom => move_by(state, isize::MAX / 2),
        Command::Open => open(state),
        Command::Back => back(state),
        Command::StartFilter => {
            state.focus = Pane::List;
            state.editing_filter = true;
            state.filter_cursor = state.list().query().as_str().chars().count();
        }
        Command::AcceptFilter => state.editing_filter = false,
        Command::CancelFilter => {
            state.editing_filter = false;
            set_query(state, "");
        }
        Command::DeleteChar => {
            if let Some(Modal::Help(help)) = state.modals.last_mut() {
                help.filter.apply(Edit::DeleteBack);
            } else if state.editing_filter {
                edit_filter(state, |line| line.apply(Edit::DeleteBack));
            }
        }
        Command::NextSort | Command::ReverseSort => {
            let table = state.table_mut(state.view);
            if c == Command::ReverseSort {
                table.reverse_sort();
            } else {
                table.next_sort();
            }
            refresh_view(state, state.view);
        }
        Command::NextQuickFilter => {
            state.table_mut(state.view).next_quick();
            refresh_view(state, state.view);
        }
        Command::Reload => {
            if state.loading() {
                state.status = Some(info("already loading"));
            } else {
                // Retrying is the answer to the last error.
                state.status = None;
                start_load(state, fx);
            }
        }
        Command::Messages => overlays::toggle_messages(state),
        Command::CancelLoad => overlays::cancel_load(state, fx),
        Command::ToggleMouse => overlays::toggle_mouse(state, fx),
        Command::Cancel if overlays::close_messages(state) => {}
        Command::ToggleMark => mark_keys::toggle(state),
        Command::MarkShown => mark_keys::mark_shown(state),
        Command::ClearMarks => mark_keys::clear(state),
        Command::Edit
        | Command::Invite
        | Command::AddMember
        | Command::RemoveMember
        | Command::Offboard
        | Command::Suspend
        | Command::Tombstones
        | Command::StagedInvites
        | Command::Bulk => writes::start(state, c, fx),
        // Modal commands: `writes::on_key` (or `dirsync::review`) takes them first.
        Command::Confirm
        | Command::Cancel
        | Command::PickSuccessor
        | Command::RevokeAccess
        | Command::NextField
        | Command::PrevField
        | Command::PrevOption
        | Command::NextOption
        | Command::Toggle
        | Command::ClearInput
        | Command::SwitchButton
        | Command::Reapply
        | Command::DropMine
        | Command::Tick
        | Command::TickKind
        | Command::Save => {}
        Command::TextEdit(edit) => {
            apply_edit(state, edit);
        }
        Command::CopyEmail => match state.person_to_copy() {
            Some(p) => match crate::model::sanitize::clipboard::copyable(p.email()) {
                Ok(email) => fx.push(Effect::Copy(email.to_string())),
                Err(why) => state.status = Some(error(format!("not copied: the email {why}"))),
            },
            None => state.status = Some(info("no person selected")),
        },
    }
}

/// A click or the wheel (see [`super::mouse`]); nothing while the mouse is off.
fn pointer(state: &mut State, p: Pointer, fx: &mut Vec<Effect>) {
    if !state.mouse {
        return;
    }
    state.dirty = true;
    match p {
        Pointer::Wheel(rows) => move_by(state, isize::from(rows) * WHEEL_ROWS),
        // A modal's button does what its keys do.
        Pointer::Click(Target::Button(b)) => {
            writes::press(state, b, fx);
        }
        // Overlays take their keys; any other click while one is open does nothing.
        Pointer::Click(_) if !state.modals.is_empty() => {}
        // The Groups view draws its own panes: a click only focuses one (rows are not hit).
        Pointer::Click(Target::ListRow(_) | Target::List) if state.view == View::Groups => {
            state.focus = Pane::List;
        }
        Pointer::Click(Target::Detail) if state.view == View::Groups => {
            if state.selected_group().is_some() {
                state.focus = Pane::Detail;
            }
        }
        Pointer::Click(Target::ListRow(row)) => {
            state.editing_filter = false;
            state.focus = Pane::List;
            let page = state.list_rows();
            let view = state.view;
            if let Some(&pos) = state.list().visible().get(row) {
                state.table_mut(view).list_mut().select_record(pos, page);
            }
        }
        Pointer::Click(Target::List) => {
            state.editing_filter = false;
            state.focus = Pane::List;
        }
        Pointer::Click(Target::Detail) => {
            if state.list().selected().is_some() {
                state.editing_filter = false;
                state.focus = Pane::Detail;
            }
        }
    }
}

fn switch_view(state: &mut State, view: View) {
    state.editing_filter = false;
    if state.view != view {
        state.view = view;
        state.focus = Pane::List;
    }
}

fn move_by(state: &mut State, delta: isize) {
    let page = state.list_rows();
    if let Some(Modal::Help(help)) = state.modals.last_mut() {
        help.scroll = (help.scroll as isize + delta).max(0) as usize;
        return;
    }
    if overlays::scroll_messages(state, delta) {
        return;
    }
    if state.view == View::Overview {
        return palette::move_overview(state, delta);
    }
    if state.view == View::Groups {
        return move_in_groups(state, delta, page);
    }
    let len = state.detail_len();
    let (view, focus) = (state.view, state.focus);
    match focus {
        Pane::List => state.table_mut(view).move_by(delta, page),
        Pane::Detail => state.table_mut(view).move_detail(delta, len, page),
    }
}

fn open(state: &mut State) {
    state.editing_filter = false;
    if state.view == View::Overview {
        return palette::open_overview_row(state);
    }
    if state.view == View::Groups {
        return open_in_groups(state);
    }
    if state.view == View::Changes {
        return open_change(state);
    }
    if state.focus == Pane::List {
        if state.list().selected().is_some() {
            state.table_mut(state.view).list_mut().choose();
            state.focus = Pane::Detail;
        }
        return;
    }
    // The detail's row links to the other view: a person's project, a project's member.
    let here = state.place();
    let Some(m) = state.detail_membership() else {
        return;
    };
    let target = match state.view {
        View::People | View::Overview => state
            .lookup
            .project_pos(m.project)
            .map(|p| (View::Projects, p)),
        View::Projects => state
            .account
            .people
            .position(m.person)
            .map(|p| (View::People, p)),
        View::Groups | View::Changes => None,
    };
    if let Some((view, pos)) = target {
        state.history.push(here);
        show_record(state, view, pos);
    }
}

/// Keeps the Groups view's cursors on rows that exist (a reload may bring fewer groups).
fn clamp_groups(state: &mut State) {
    state
        .groups
        .list
        .clamp(super::groups::rows(&state.account).len());
    let members = state.selected_group().map_or(0, |g| g.members.len());
    state.groups.members.clamp(members);
}

/// ↑/↓ in the Groups view: the list's cursor (the members pane starts over), or the members'.
fn move_in_groups(state: &mut State, delta: isize, page: usize) {
    match state.focus {
        Pane::List => {
            let len = super::groups::rows(&state.account).len();
            let before = state.groups.list.selected;
            state.groups.list.move_by(delta, len, page);
            if state.groups.list.selected != before {
                state.groups.members = Default::default();
            }
        }
        Pane::Detail => {
            let len = state.selected_group().map_or(0, |g| g.members.len());
            state.groups.members.move_by(delta, len, page);
        }
    }
}

/// Enter in the Groups view: the list opens the members pane; a member opens their card.
fn open_in_groups(state: &mut State) {
    if state.focus == Pane::List {
        if state.selected_group().is_some() {
            state.focus = Pane::Detail;
        }
        return;
    }
    let here = state.place();
    if let Some(pos) = state
        .selected_group_member()
        .and_then(|id| state.account.people.position(id))
    {
        state.history.push(here);
        show_record(state, View::People, pos);
    }
}

/// Enter in the Changes view: the person's card or the project's members, or why not.
fn open_change(state: &mut State) {
    use super::changes::Opens;
    let here = state.place();
    let target = match super::changes::target(&state.changes, &state.account, &state.lookup) {
        Ok(Some(Opens::Person(id))) => state.account.people.position(id).map(|p| (View::People, p)),
        Ok(Some(Opens::Project(id))) => state.lookup.project_pos(id).map(|p| (View::Projects, p)),
        Ok(Some(Opens::Gone) | None) => None,
        Err(why) => {
            state.status = Some(info(why));
            None
        }
    };
    if let Some((view, pos)) = target {
        state.history.push(here);
        show_record(state, view, pos);
    }
}

/// Shows record `pos` of `view` in its detail pane, clearing filters that hide it.
fn show_record(state: &mut State, view: View, pos: usize) {
    let page = state.list_rows();
    state.view = view;
    if !state.table_mut(view).list_mut().select_record(pos, page) {
        let table = state.table_mut(view);
        table.clear_quick();
        table.list_mut().set_query("");
        refresh_view(state, view);
        state.table_mut(view).list_mut().select_record(pos, page);
    }
    state.people.detail = Default::default();
    state.projects.detail = Default::default();
    state.focus = Pane::Detail;
}

fn back(state: &mut State) {
    if state.focus == Pane::Detail {
        state.focus = Pane::List;
        return;
    }
    if state.view == View::Groups {
        if let Some(place) = state.history.pop() {
            go_to(state, place);
        }
        return;
    }
    let table = state.table(state.view);
    if !table.list().query().is_empty() {
        set_query(state, "");
    } else if table.quick_label().is_some() {
        state.table_mut(state.view).clear_quick();
        refresh_view(state, state.view);
    } else if let Some(place) = state.history.pop() {
        go_to(state, place);
    }
}

fn go_to(state: &mut State, place: Place) {
    let page = state.list_rows();
    state.view = place.view;
    state.focus = place.pane;
    if let Some(pos) = place
        .person
        .and_then(|id| state.account.people.position(id))
    {
        state.people.list.select_record(pos, page);
    }
    if let Some(pos) = place.project.and_then(|id| state.lookup.project_pos(id)) {
        state.projects.list.select_record(pos, page);
    }
    state.people.detail = Default::default();
    state.projects.detail = Default::default();
}
