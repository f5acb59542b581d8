//! The Groups view (v3): the account's groups by name with their member counts, and the
//! selected group's members by name. Adding a person opens the membership picker
//! (`writes::members::PickFor::Group`), removing one a confirmation (`writes::group_members`);
//! both are PUTs of the group's whole `assigned` list with a conflict check
//! (`api::group_writes`). guide has no groups: the view says so and offers no write.
//!
//! Groups are few, so the view keeps two cursors over lists it sorts when asked (no search
//! index, no sort keys): the list's and the members pane's.

use crate::model::account::{Account, Group, GroupId, Person, PersonId};
use crate::model::profile::Profile;

use super::collate;
use super::keymap::{self, Binding, Chord, Command, Context};
use super::list::Cursor;
use super::lookup::Lookup;

/// The Groups view's cursors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupsState {
    /// Over [`rows`].
    pub list: Cursor,
    /// Over the selected group's [`members`].
    pub members: Cursor,
}

/// Whether the account can have groups: guide's API has none (v3, or not known yet: yes).
pub fn supported(account: &Account) -> bool {
    account.profile != Some(Profile::Guide)
}

/// What the view says instead of groups on a guide account.
pub const GUIDE_HAS_NONE: &str = "This account's API (guide) has no groups: ProofHub's guide describes none, so there is nothing to list or change here.";

/// The groups, by name (then id).
pub fn rows(account: &Account) -> Vec<&Group> {
    let mut rows: Vec<&Group> = account.groups.iter().collect();
    rows.sort_by_cached_key(|g| (collate::key(&g.name), g.id));
    rows
}

/// A group's members, by name (then id); `None`: not among the people loaded.
pub fn members<'a>(
    account: &'a Account,
    lookup: &Lookup,
    group: &Group,
) -> Vec<(PersonId, Option<&'a Person>)> {
    let mut rows: Vec<(PersonId, Option<&'a Person>)> = group
        .members
        .iter()
        .map(|id| (*id, lookup.person(account, *id)))
        .collect();
    rows.sort_by_cached_key(|(id, p)| (p.map(|p| collate::key(&p.display_name())), *id));
    rows.dedup_by_key(|(id, _)| *id);
    rows
}

/// The group under the list's cursor.
pub fn selected<'a>(account: &'a Account, cursor: &GroupsState) -> Option<&'a Group> {
    rows(account).get(cursor.list.selected).copied()
}

/// The group of this id.
pub fn group(account: &Account, id: GroupId) -> Option<&Group> {
    account.groups.iter().find(|g| g.id == id)
}

/// "everyone" groups ("All people") cannot have their members set (403 in the docs); the
/// account model does not mark them, so the name tells.
pub fn is_everyone(g: &Group) -> bool {
    g.name.trim().eq_ignore_ascii_case("all people")
}

/// Replaces one group with the server's copy (after a write), or adds it.
pub fn set_group(account: &mut Account, fresh: Group) {
    match account.groups.iter_mut().find(|g| g.id == fresh.id) {
        Some(g) => *g = fresh,
        None => account.groups.push(fresh),
    }
}

/// The Groups view's keys (the lists' moves and Enter/Esc apply here too).
pub fn bindings() -> Vec<Binding> {
    const ADD: &[Chord] = &[Chord::ch('a')];
    const REMOVE: &[Chord] = &[Chord::ch('x')];
    const COPY: &[Chord] = &[Chord::ch('y')];
    let (list, members) = (Context::GroupsList, Context::GroupMembers);
    vec![
        keymap::read(
            keymap::keys::FOUR,
            Context::Global,
            Command::ShowGroups,
            "Groups view (v3): groups, their members",
            None,
        ),
        keymap::write(
            ADD,
            list,
            Command::AddMember,
            "add a person to the group (fuzzy picker)",
            Some("add"),
            false,
        ),
        keymap::write(
            ADD,
            members,
            Command::AddMember,
            "add a person to the group (fuzzy picker)",
            Some("add"),
            false,
        ),
        keymap::write(
            REMOVE,
            members,
            Command::RemoveMember,
            "remove the selected member from the group (confirm)",
            Some("remove"),
            false,
        ),
        keymap::read(
            keymap::keys::ENTER,
            members,
            Command::Open,
            "show the person",
            Some("go to person"),
        ),
        keymap::read(
            COPY,
            members,
            Command::CopyEmail,
            "copy the selected member's email (OSC 52)",
            Some("copy email"),
        ),
    ]
}
