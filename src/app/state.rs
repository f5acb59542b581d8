//! Everything the console shows, and nothing else: the account as loaded, which view and pane
//! have focus, each list's filter, sort and selection, overlays, the load's progress and the
//! last message. Only `update` changes it; `ui` draws it as it is.
//!
//! "Now" is part of the state (set by the runtime through `Action::Clock`), so what is drawn
//! ("last active 2 days ago") depends on the state alone and snapshots are stable.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::model::account::{Account, Group, Membership, Person, PersonId, Project, ProjectId};
use crate::model::failure::LoadError;

use super::accounts::{AccountEntry, AccountPicker};
use super::action::Progress;
use super::changes::ChangesState;
use super::command_line::CommandLine;
use super::groups::GroupsState;
use super::keymap::{Context, Keymap};
use super::layout::{Fit, fit_for};
use super::list::ListModel;
use super::lookup::Lookup;
use super::message_log::{MessageLog, MessagesView};
use super::network_status::NetworkStatus;
use super::overview::OverviewState;
use super::people::PeopleKind;
use super::projects::ProjectsKind;
use super::table::{Table, TableView};
use super::text_line::TextLine;
use super::writes::modal::{WriteModal, WriteState};

/// The top-level views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    People,
    Projects,
    /// The audit overview ([`super::overview`]): no table of its own; list commands there act
    /// on People's.
    Overview,
    /// The account's groups and their members ([`super::groups`]; v3 only). List commands
    /// that need a table (filter, sort) are not bound here.
    Groups,
    /// What the live load changed over the snapshot shown at start ([`super::changes`]).
    Changes,
}

impl View {
    pub fn title(self) -> &'static str {
        match self {
            View::People => "People",
            View::Projects => "Projects",
            View::Overview => "Overview",
            View::Groups => "Groups",
            View::Changes => "Changes",
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
/// modifiers only (NO_COLOR). The shell picks it from the config and the environment
/// (`cli::console::colors_from_env`); the core never reads the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    Ansi16,
    /// 16 colours chosen to read on a light background (no yellow or cyan text).
    Light,
    Monochrome,
}

/// What the console knows while a snapshot's preview is shown in place of the whole snapshot
/// (see [`super::preview`]).
#[derive(Debug, Clone, Default)]
pub struct Opening {
    /// How many people and projects the whole snapshot holds (what the counts on screen say).
    pub people: usize,
    pub projects: usize,
    /// Keys, pastes, clicks and commands that came while it was shown, in order.
    pub held: Vec<super::action::Action>,
}

/// What the console knows of snapshots (see [`super::snapshot`]).
#[derive(Debug, Clone, Default)]
pub struct SnapshotState {
    /// This console reads and saves snapshots (the runtime has a store for the account).
    pub kept: bool,
    /// The view shows a snapshot taken then, not live data.
    pub shown: Option<DateTime<Utc>>,
    /// How many changes the live load brought over the snapshot it replaced (the changes
    /// themselves: `State::changes`).
    pub changes: Option<usize>,
    /// The live load's people pages that arrived while a snapshot is shown: the live account
    /// is built from them when the load's end arrives (`Action::LoadRest`).
    pub held: super::held_people::HeldPeople,
    /// The snapshot's preview is shown, not yet the whole snapshot (see [`super::preview`]).
    pub opening: Option<Opening>,
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
    Failed(LoadError),
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

impl Status {
    pub fn info(text: impl Into<String>) -> Status {
        Status {
            kind: StatusKind::Info,
            text: text.into(),
        }
    }

    pub fn error(text: impl Into<String>) -> Status {
        Status {
            kind: StatusKind::Error,
            text: text.into(),
        }
    }
}

/// Overlays, innermost last; keys go to the top one.
#[derive(Debug, Clone)]
pub enum Modal {
    Help(HelpState),
    /// A write's form, review or confirmation (see [`super::writes`]).
    Write(Box<WriteModal>),
    /// This run's messages (see [`super::message_log`]).
    Messages(MessagesView),
    /// The command line after `:`.
    CommandLine(CommandLine),
    /// The configured accounts.
    Accounts(AccountPicker),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpState {
    pub filter: TextLine,
    pub scroll: usize,
    /// The modal it was opened from, whose keys it lists; `None`: the views' keys.
    pub scope: Option<Context>,
}

/// Where the user was, to go back to along the breadcrumbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub view: View,
    pub pane: Pane,
    pub person: Option<PersonId>,
    pub project: Option<ProjectId>,
}

/// The console's keymap: the views' keys and every write modal's.
pub fn default_keymap(read_only: bool) -> Keymap {
    let mut bindings = super::keymap::BINDINGS.to_vec();
    bindings.extend(super::writes::modal::bindings());
    bindings.extend(super::message_log::bindings());
    bindings.extend(super::mouse::bindings());
    bindings.extend(super::command_line::bindings());
    bindings.extend(super::accounts::bindings());
    bindings.extend(super::overview::bindings());
    bindings.extend(super::access_review::bindings());
    bindings.extend(super::groups::bindings());
    bindings.extend(super::marks::bindings());
    bindings.extend(super::changes::bindings());
    Keymap::with_bindings(bindings, read_only)
}

#[derive(Debug, Clone)]
pub struct State {
    pub now: DateTime<Utc>,
    /// The account's name as the user gave it (or the base URL).
    pub label: String,
    pub read_only: bool,
    /// The configured accounts, for the account picker (empty: only the one given).
    pub accounts: Vec<AccountEntry>,
    pub colors: ColorMode,
    /// Mouse input is on (see [`super::mouse`]).
    pub mouse: bool,
    pub width: u16,
    pub height: u16,
    pub keymap: Keymap,

    /// Shared, so that saving it as the snapshot takes no copy: a change while a save holds it
    /// copies it then (`Arc::make_mut`).
    pub account: Arc<Account>,
    pub lookup: Lookup,
    /// A load's page replaced a record the People index already held (a reload): its old text
    /// stays in the index's buffers, so the load's end builds the index afresh.
    pub people_index_patched: bool,

    pub view: View,
    pub focus: Pane,
    /// Typing goes to the focused list's filter.
    pub editing_filter: bool,
    /// The filter's cursor (a character index into the focused list's query) while typing it.
    pub filter_cursor: usize,
    /// The People table; its detail is the person's card (their memberships).
    pub people: Table<PeopleKind>,
    /// The Projects table; its detail is the project's members.
    pub projects: Table<ProjectsKind>,
    /// The overview's cursor.
    pub overview: OverviewState,
    /// The Groups view's cursors.
    pub groups: GroupsState,
    /// The Changes view: the last comparison of a snapshot with the live load, and its list.
    pub changes: ChangesState,
    pub history: Vec<Place>,
    pub modals: Vec<Modal>,
    /// Writes sent and not answered yet.
    pub writes: WriteState,
    /// The people and projects marked for a bulk action (see [`super::marks`]).
    pub marks: super::marks::Marks,

    pub load: LoadState,
    pub generation: u64,
    /// Whether snapshots are kept, and whether the view shows one (see [`super::snapshot`]).
    pub snapshot: SnapshotState,
    pub status: Option<Status>,
    /// The request budget and what the network is waiting through.
    pub network: NetworkStatus,
    /// Every status message of this run (the `messages` overlay lists them).
    pub messages: MessageLog,
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
            accounts: Vec::new(),
            colors,
            mouse: false,
            width: 80,
            height: 24,
            keymap: default_keymap(read_only),
            account: Arc::default(),
            lookup: Lookup::default(),
            people_index_patched: false,
            view: View::People,
            focus: Pane::List,
            editing_filter: false,
            filter_cursor: 0,
            people: Table::default(),
            projects: Table::default(),
            overview: OverviewState::default(),
            groups: GroupsState::default(),
            changes: ChangesState::default(),
            history: Vec::new(),
            modals: Vec::new(),
            writes: WriteState::default(),
            marks: Default::default(),
            load: LoadState::Idle,
            generation: 0,
            snapshot: SnapshotState::default(),
            status: None,
            network: NetworkStatus::default(),
            messages: MessageLog::default(),
            dirty: true,
            quit: false,
        }
    }

    pub fn fit(&self) -> Fit {
        fit_for(self.width, self.height)
    }

    /// Table rows that fit on screen, as [`super::layout`] lays the screen out for `ui`; page
    /// moves use it.
    pub fn list_rows(&self) -> usize {
        super::layout::list_rows(self.width, self.height)
    }

    /// A view's table.
    pub fn table(&self, view: View) -> &dyn TableView {
        match view {
            View::People | View::Overview | View::Groups => &self.people,
            View::Projects => &self.projects,
            View::Changes => &self.changes,
        }
    }

    pub fn table_mut(&mut self, view: View) -> &mut dyn TableView {
        match view {
            View::People | View::Overview | View::Groups => &mut self.people,
            View::Projects => &mut self.projects,
            View::Changes => &mut self.changes,
        }
    }

    /// Recomputes a view's rows (quick filter + sort), keeping the selected record.
    pub fn refresh(&mut self, view: View) {
        let (account, lookup) = (&self.account, &self.lookup);
        match view {
            View::People | View::Overview | View::Groups => self.people.refresh(account, lookup),
            View::Projects => self.projects.refresh(account, lookup),
            // Its rows are the comparison's, fixed until the next one.
            View::Changes => {}
        }
    }

    /// The focused list.
    pub fn list(&self) -> &ListModel {
        self.table(self.view).list()
    }

    /// How many people and projects there are: the whole snapshot's while its preview is
    /// shown (the account then holds only the preview's few), else the account's.
    pub fn people_total(&self) -> usize {
        self.snapshot
            .opening
            .as_ref()
            .map_or(self.account.people.len(), |o| o.people)
    }

    pub fn projects_total(&self) -> usize {
        self.snapshot
            .opening
            .as_ref()
            .map_or(self.account.projects.len(), |o| o.projects)
    }

    pub fn loading(&self) -> bool {
        matches!(self.load, LoadState::Loading { .. })
    }

    pub fn selected_person(&self) -> Option<&Person> {
        self.people.selected(&self.account)
    }

    /// The person under the members pane's cursor (Projects view, detail focused).
    pub fn selected_member(&self) -> Option<&Person> {
        let project = self.selected_project()?;
        let members = self.members(project.id);
        members
            .get(self.projects.detail.selected)
            .and_then(|(_, p)| *p)
    }

    /// The group under the Groups list's cursor.
    pub fn selected_group(&self) -> Option<&Group> {
        super::groups::selected(&self.account, &self.groups)
    }

    /// The person under the group members pane's cursor.
    pub fn selected_group_member(&self) -> Option<PersonId> {
        let g = self.selected_group()?;
        super::groups::members(&self.account, &self.lookup, g)
            .get(self.groups.members.selected)
            .map(|(id, _)| *id)
    }

    /// Whose email `y` copies: the selected member in the members pane, else the selected person.
    pub fn person_to_copy(&self) -> Option<&Person> {
        if self.view == View::Projects && self.focus == Pane::Detail {
            self.selected_member()
        } else if self.view == View::Groups {
            self.selected_group_member()
                .and_then(|id| self.lookup.person(&self.account, id))
        } else {
            self.selected_person()
        }
    }

    pub fn selected_project(&self) -> Option<&Project> {
        self.projects.selected(&self.account)
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
        self.table(view).detail_len(&self.account)
    }

    /// The membership under the focused detail pane's cursor (a person's project, a
    /// project's member).
    pub fn detail_membership(&self) -> Option<Membership> {
        let row = self.table(self.view).detail().selected;
        match self.view {
            View::People | View::Overview => {
                let p = self.selected_person()?;
                self.memberships(p.id())
                    .into_iter()
                    .nth(row)
                    .map(|(m, _)| m)
            }
            View::Groups | View::Changes => None,
            View::Projects => {
                let p = self.selected_project()?;
                self.members(p.id).into_iter().nth(row).map(|(m, _)| m)
            }
        }
    }

    /// The keymap contexts in force, innermost first.
    pub fn contexts(&self) -> Vec<Context> {
        match self.modals.last() {
            Some(Modal::Help(_)) => return vec![Context::Help, Context::Always],
            Some(Modal::Write(m)) => return vec![m.context(), Context::Always],
            Some(Modal::Messages(_)) => return vec![Context::Messages, Context::Always],
            Some(Modal::CommandLine(_)) => return vec![Context::CommandLine, Context::Always],
            Some(Modal::Accounts(_)) => return vec![Context::AccountPicker, Context::Always],
            None => {}
        }
        if self.view == View::Overview {
            return vec![Context::Overview, Context::Global, Context::Always];
        }
        // guide has no groups: nothing to move over and no write to offer.
        if self.view == View::Groups && !super::groups::supported(&self.account) {
            return vec![Context::Global, Context::Always];
        }
        if self.view == View::Groups {
            let pane = match self.focus {
                Pane::List => Context::GroupsList,
                Pane::Detail => Context::GroupMembers,
            };
            return vec![pane, Context::Lists, Context::Global, Context::Always];
        }
        if self.editing_filter {
            return vec![Context::FilterInput, Context::Always];
        }
        if self.view == View::Changes {
            return vec![
                Context::ChangesList,
                Context::Lists,
                Context::Global,
                Context::Always,
            ];
        }
        let mut c = Vec::with_capacity(6);
        match (self.view, self.focus) {
            (View::People, Pane::List) => c.push(Context::PeopleList),
            (View::People, Pane::Detail) => c.push(Context::PersonCard),
            (View::Projects, Pane::List) => c.push(Context::ProjectsList),
            (View::Projects, Pane::Detail) => c.push(Context::ProjectMembers),
            (View::Overview | View::Groups | View::Changes, _) => c.push(Context::Overview),
        }
        c.push(Context::Lists);
        c.push(match self.view {
            View::People | View::Overview | View::Groups | View::Changes => Context::People,
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
            person: self.selected_person().map(Person::id),
            project: self.selected_project().map(|p| p.id),
        }
    }

    /// The breadcrumbs: the places gone back to with Esc, then here.
    pub fn breadcrumbs(&self) -> Vec<String> {
        let mut crumbs = Vec::new();
        // A place does not hold a group: the Groups view keeps its cursor while away.
        let group = self.selected_group();
        let mut push_place =
            |view: View, pane: Pane, person: Option<&Person>, project: Option<&Project>| {
                crumbs.push(view.title().to_string());
                if pane == Pane::Detail {
                    let name = match view {
                        View::People | View::Overview => person.map(Person::display_name),
                        View::Projects => project.map(|p| p.title.clone()),
                        View::Groups => group.map(|g| g.name.clone()),
                        View::Changes => None,
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
