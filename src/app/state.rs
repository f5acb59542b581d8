//! Everything the console shows, and nothing else: the account as loaded, which view and pane
//! have focus, each list's filter, sort and selection, overlays, the load's progress and the
//! last message. Only `update` changes it; `ui` draws it as it is.
//!
//! "Now" is part of the state (set by the runtime through `Action::Clock`), so what is drawn
//! ("last active 2 days ago") depends on the state alone and snapshots are stable.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::model::account::{Account, Membership, Person, PersonId, Project, ProjectId};

use super::action::Progress;
use super::collate::KeyCache;
use super::keymap::{Context, Keymap};
use super::list::{Cursor, ListModel};
use super::people::{PersonQuick, PersonSort};
use super::projects::{ProjectQuick, ProjectSort};
use super::writes::{WriteModal, WriteState};

/// The two top-level views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    People,
    Projects,
}

impl View {
    pub fn title(self) -> &'static str {
        match self {
            View::People => "People",
            View::Projects => "Projects",
        }
    }
}

/// Which pane of the view has focus: the table, or the selected record's detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    List,
    Detail,
}

/// How emphasis is drawn: 16 ANSI colours plus modifiers (for dark or light backgrounds), or
/// modifiers only (NO_COLOR).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    Ansi16,
    /// 16 colours chosen to read on a light background (no yellow or cyan text).
    Light,
    Monochrome,
}

impl ColorMode {
    /// NO_COLOR set and not empty (https://no-color.org) → modifiers only.
    pub fn from_env() -> ColorMode {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => ColorMode::Monochrome,
            _ => ColorMode::Ansi16,
        }
    }
}

/// The background load.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadState {
    /// Nothing asked yet.
    Idle,
    Loading {
        generation: u64,
        progress: Option<Progress>,
    },
    Done,
    /// The last load failed; whatever arrived before stays usable.
    Failed(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Error,
}

/// The last message in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

/// Overlays, innermost last; keys go to the top one.
#[derive(Debug, Clone)]
pub enum Modal {
    Help(HelpState),
    /// A write's form, review or confirmation (see [`super::writes`]).
    Write(Box<WriteModal>),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpState {
    pub filter: String,
    pub scroll: usize,
}

/// Where the user was, to go back to along the breadcrumbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub view: View,
    pub pane: Pane,
    pub person: Option<PersonId>,
    pub project: Option<ProjectId>,
}

/// Id → position in the account's lists, so nothing searches 100,000 people one by one.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    people: HashMap<PersonId, usize>,
    projects: HashMap<ProjectId, usize>,
}

impl Lookup {
    pub fn build(account: &Account) -> Lookup {
        Lookup {
            people: account
                .people
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id, i))
                .collect(),
            projects: account
                .projects
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id, i))
                .collect(),
        }
    }
    pub fn person_pos(&self, id: PersonId) -> Option<usize> {
        self.people.get(&id).copied()
    }
    pub fn project_pos(&self, id: ProjectId) -> Option<usize> {
        self.projects.get(&id).copied()
    }
    pub fn person<'a>(&self, account: &'a Account, id: PersonId) -> Option<&'a Person> {
        self.person_pos(id).and_then(|i| account.people.get(i))
    }
    pub fn project<'a>(&self, account: &'a Account, id: ProjectId) -> Option<&'a Project> {
        self.project_pos(id).and_then(|i| account.projects.get(i))
    }
    pub(crate) fn insert_person(&mut self, id: PersonId, pos: usize) {
        self.people.insert(id, pos);
    }
    pub(crate) fn insert_project(&mut self, id: ProjectId, pos: usize) {
        self.projects.insert(id, pos);
    }
}

/// How the screen is laid out for its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Below [`MIN_WIDTH`]×[`MIN_HEIGHT`]: only a notice.
    TooSmall,
    /// One pane at a time (the focused one), no breadcrumb line.
    Compact,
    /// Table and detail side by side, breadcrumbs.
    Full,
}

pub const MIN_WIDTH: u16 = 24;
pub const MIN_HEIGHT: u16 = 6;
pub const COMPACT_BELOW_WIDTH: u16 = 60;
pub const COMPACT_BELOW_HEIGHT: u16 = 15;

/// The layout for a screen of `width`×`height`.
pub fn fit_for(width: u16, height: u16) -> Fit {
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        Fit::TooSmall
    } else if width < COMPACT_BELOW_WIDTH || height < COMPACT_BELOW_HEIGHT {
        Fit::Compact
    } else {
        Fit::Full
    }
}

#[derive(Debug, Clone)]
pub struct State {
    pub now: DateTime<Utc>,
    /// The account's name as the user gave it (or the base URL).
    pub label: String,
    pub read_only: bool,
    pub colors: ColorMode,
    pub width: u16,
    pub height: u16,
    pub keymap: Keymap,

    pub account: Account,
    pub lookup: Lookup,

    pub view: View,
    pub focus: Pane,
    /// Typing goes to the focused list's filter.
    pub editing_filter: bool,
    pub people: ListModel,
    pub people_sort: PersonSort,
    pub people_desc: bool,
    pub people_quick: Option<PersonQuick>,
    /// Sort keys of the people, kept across re-sorts (see `collate::KeyCache`).
    pub people_keys: KeyCache,
    pub projects: ListModel,
    pub projects_sort: ProjectSort,
    pub projects_desc: bool,
    pub projects_quick: Option<ProjectQuick>,
    pub projects_keys: KeyCache,
    pub person_card: Cursor,
    pub project_members: Cursor,
    pub history: Vec<Place>,
    pub modals: Vec<Modal>,
    /// Writes sent and not answered yet.
    pub writes: WriteState,

    pub load: LoadState,
    pub generation: u64,
    pub status: Option<Status>,
    /// Something changed since the last frame.
    pub dirty: bool,
    pub quit: bool,
}

impl State {
    pub fn new(
        label: impl Into<String>,
        read_only: bool,
        colors: ColorMode,
        now: DateTime<Utc>,
    ) -> State {
        State {
            now,
            label: label.into(),
            read_only,
            colors,
            width: 80,
            height: 24,
            keymap: Keymap::new(read_only),
            account: Account::default(),
            lookup: Lookup::default(),
            view: View::People,
            focus: Pane::List,
            editing_filter: false,
            people: ListModel::default(),
            people_sort: PersonSort::default(),
            people_desc: false,
            people_quick: None,
            people_keys: KeyCache::default(),
            projects: ListModel::default(),
            projects_sort: ProjectSort::default(),
            projects_desc: false,
            projects_quick: None,
            projects_keys: KeyCache::default(),
            person_card: Cursor::default(),
            project_members: Cursor::default(),
            history: Vec::new(),
            modals: Vec::new(),
            writes: WriteState::default(),
            load: LoadState::Idle,
            generation: 0,
            status: None,
            dirty: true,
            quit: false,
        }
    }

    pub fn fit(&self) -> Fit {
        fit_for(self.width, self.height)
    }

    /// Table rows that fit on screen (header, breadcrumbs, status line, borders and the column
    /// header taken off); page moves use it, the renderer keeps the selection in view anyway.
    pub fn list_rows(&self) -> usize {
        let chrome = match self.fit() {
            Fit::Full => 6,
            _ => 5,
        };
        (self.height as usize).saturating_sub(chrome).max(1)
    }

    /// The focused list.
    pub fn list(&self) -> &ListModel {
        match self.view {
            View::People => &self.people,
            View::Projects => &self.projects,
        }
    }

    pub fn loading(&self) -> bool {
        matches!(self.load, LoadState::Loading { .. })
    }

    pub fn selected_person(&self) -> Option<&Person> {
        self.people
            .selected()
            .and_then(|i| self.account.people.get(i))
    }

    pub fn selected_project(&self) -> Option<&Project> {
        self.projects
            .selected()
            .and_then(|i| self.account.projects.get(i))
    }

    /// A person's memberships, by project title.
    pub fn memberships(&self, person: PersonId) -> Vec<(Membership, Option<&Project>)> {
        let mut rows: Vec<(Membership, Option<&Project>)> = self
            .account
            .memberships_of(person)
            .into_iter()
            .map(|m| {
                let project = self.lookup.project(&self.account, m.project);
                (m, project)
            })
            .collect();
        rows.sort_by_cached_key(|(m, p)| (p.map(|p| p.title.to_lowercase()), m.project));
        rows
    }

    /// A project's members, by name.
    pub fn members(&self, project: ProjectId) -> Vec<(Membership, Option<&Person>)> {
        let mut rows: Vec<(Membership, Option<&Person>)> = self
            .account
            .members_of(project)
            .into_iter()
            .map(|m| {
                let person = self.lookup.person(&self.account, m.person);
                (m, person)
            })
            .collect();
        rows.sort_by_cached_key(|(m, p)| (p.map(|p| p.display_name().to_lowercase()), m.person));
        rows
    }

    /// The rows of the focused detail pane (for moving its cursor).
    pub fn detail_len(&self) -> usize {
        self.detail_len_for(self.view)
    }

    /// The rows of a view's detail pane.
    pub fn detail_len_for(&self, view: View) -> usize {
        match view {
            View::People => self
                .selected_person()
                .map_or(0, |p| self.account.membership_count(p.id)),
            View::Projects => self
                .selected_project()
                .and_then(|p| self.account.member_count(p.id))
                .unwrap_or(0),
        }
    }

    /// The keymap contexts in force, innermost first.
    pub fn contexts(&self) -> Vec<Context> {
        match self.modals.last() {
            Some(Modal::Help(_)) => return vec![Context::Help, Context::Always],
            // Write modals take their keys themselves and show their own hints.
            Some(Modal::Write(_)) => return vec![Context::Always],
            None => {}
        }
        if self.editing_filter {
            return vec![Context::FilterInput, Context::Always];
        }
        let mut c = Vec::with_capacity(6);
        match (self.view, self.focus) {
            (View::People, Pane::List) => c.push(Context::PeopleList),
            (View::People, Pane::Detail) => c.push(Context::PersonCard),
            (View::Projects, Pane::List) => c.push(Context::ProjectsList),
            (View::Projects, Pane::Detail) => c.push(Context::ProjectMembers),
        }
        c.push(Context::Lists);
        c.push(match self.view {
            View::People => Context::People,
            View::Projects => Context::Projects,
        });
        c.push(Context::Global);
        c.push(Context::Always);
        c
    }

    /// Where the user is now, as a [`Place`].
    pub fn place(&self) -> Place {
        Place {
            view: self.view,
            pane: self.focus,
            person: self.selected_person().map(|p| p.id),
            project: self.selected_project().map(|p| p.id),
        }
    }

    /// The breadcrumbs: the places gone back to with Esc, then here.
    pub fn breadcrumbs(&self) -> Vec<String> {
        let mut crumbs = Vec::new();
        let mut push_place =
            |view: View, pane: Pane, person: Option<&Person>, project: Option<&Project>| {
                crumbs.push(view.title().to_string());
                if pane == Pane::Detail {
                    let name = match view {
                        View::People => person.map(Person::display_name),
                        View::Projects => project.map(|p| p.title.clone()),
                    };
                    if let Some(n) = name {
                        crumbs.push(n);
                    }
                }
            };
        for place in &self.history {
            push_place(
                place.view,
                place.pane,
                place
                    .person
                    .and_then(|id| self.lookup.person(&self.account, id)),
                place
                    .project
                    .and_then(|id| self.lookup.project(&self.account, id)),
            );
        }
        push_place(
            self.view,
            self.focus,
            self.selected_person(),
            self.selected_project(),
        );
        crumbs
    }
}
