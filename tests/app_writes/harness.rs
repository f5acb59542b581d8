//! The console's core wired to the real runner (journal + client) and an in-process simulator:
//! keys in, effects run and answered, like the runtime does, but one at a time and awaited.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proofhub_tui::api::{Client, Edit, PersonChanges};
use proofhub_tui::app::state::{ColorMode, Modal, Pane, State, View};
use proofhub_tui::app::writes::WriteModal;
use proofhub_tui::app::writes::job::WriteJob;
use proofhub_tui::app::{Action, Effect, update};
use proofhub_tui::console::runtime::Loader;
use proofhub_tui::console::services::ApiConsole;
use proofhub_tui::model::account::{Person, PersonId, ProjectId};
use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::Sim;
use proofhub_tui::sim::data::PersonData;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::{mpsc, watch};

use crate::support::live;

pub const PROFILES: [Profile; 2] = [Profile::V3, Profile::Guide];
const WINDOW: Duration = Duration::from_millis(100);

pub struct Harness {
    pub sim: Sim,
    pub state: State,
    pub console: Arc<ApiConsole>,
    pub journal: PathBuf,
    _dir: tempfile::TempDir,
}

/// The write modal on top of the stack, if any.
pub fn top(h: &Harness) -> Option<&WriteModal> {
    match h.state.modals.last() {
        Some(Modal::Write(m)) => Some(m),
        _ => None,
    }
}

/// A client pinned to `profile`, paced at the harness's window.
pub fn client(sim: &Sim, profile: Profile) -> Client {
    live::client_for(sim).pinned(profile).window(WINDOW).build()
}

impl Harness {
    pub async fn start(profile: Profile) -> Harness {
        Harness::build(profile, None, false).await
    }

    pub async fn start_read_only(profile: Profile) -> Harness {
        Harness::build(profile, None, true).await
    }

    pub async fn start_with_journal(profile: Profile, journal: PathBuf) -> Harness {
        Harness::build(profile, Some(journal), false).await
    }

    /// On a simulator that differs from its profile (see `sim::quirks`).
    pub async fn start_quirky(profile: Profile, quirks: proofhub_tui::sim::Quirks) -> Harness {
        Harness::build_on(live::sim(profile).quirks(quirks), profile, None, false).await
    }

    async fn build(profile: Profile, journal: Option<PathBuf>, read_only: bool) -> Harness {
        Harness::build_on(live::sim(profile), profile, journal, read_only).await
    }

    async fn build_on(
        sim: live::SimBuilder,
        profile: Profile,
        journal: Option<PathBuf>,
        read_only: bool,
    ) -> Harness {
        let dir = tempfile::tempdir().expect("tempdir");
        let journal = journal.unwrap_or_else(|| dir.path().join("data/journal.jsonl"));
        let sim = sim.window(WINDOW).start().await;
        let console = Arc::new(ApiConsole::new(client(&sim, profile), journal.clone()));
        let state = State::new("acme", read_only, ColorMode::Ansi16, super::fixture::now());
        let mut h = Harness {
            sim,
            state,
            console,
            journal,
            _dir: dir,
        };
        h.act(Action::Resize {
            width: 80,
            height: 24,
        })
        .await;
        h.act(Action::Start).await;
        assert!(h.state.account.people.len() > 10, "the account loaded");
        h.sim.clear_requests();
        h.state.status = None;
        h
    }

    /// Applies an action and runs every effect it leads to, awaiting each answer.
    pub async fn act(&mut self, action: Action) {
        let fx = update(&mut self.state, action);
        self.run(fx).await;
    }

    pub async fn run(&mut self, fx: Vec<Effect>) {
        let mut queue = fx;
        while !queue.is_empty() {
            let mut next = Vec::new();
            for e in queue {
                let answers = match e {
                    Effect::Load { generation } => self.load(generation).await,
                    Effect::Write(job) => vec![Action::WriteDone(Box::new(
                        self.console.clone().write(*job).await,
                    ))],
                    Effect::ReadTombstones => {
                        vec![Action::Tombstones(self.console.clone().tombstones().await)]
                    }
                    Effect::ExportMarked(people) => {
                        let account = self.state.account.clone();
                        vec![Action::MarkedExported(
                            self.console.clone().export_marked(account, people).await,
                        )]
                    }
                    _ => Vec::new(),
                };
                for a in answers {
                    next.extend(update(&mut self.state, a));
                }
            }
            queue = next;
        }
    }

    async fn load(&mut self, generation: u64) -> Vec<Action> {
        let (_order_tx, order) = watch::channel(Vec::<ProjectId>::new());
        let (tx, mut rx) = mpsc::channel(1024);
        let collect = tokio::spawn(async move {
            let mut msgs = Vec::new();
            while let Some(m) = rx.recv().await {
                msgs.push(m);
            }
            msgs
        });
        let result = self.console.clone().load(order, tx).await;
        let mut out: Vec<Action> = collect
            .await
            .expect("messages")
            .into_iter()
            .map(|event| Action::Loaded { generation, event })
            .collect();
        out.push(Action::load_finished(generation, result));
        out
    }

    /// Runs a write effect taken with [`Harness::key_raw`] and applies its answer.
    pub async fn finish(&mut self, job: WriteJob) {
        let done = self.console.clone().write(job).await;
        self.act(Action::WriteDone(Box::new(done))).await;
    }

    pub async fn key(&mut self, code: KeyCode) {
        let mods = if code == KeyCode::BackTab {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        self.act(Action::Key(KeyEvent::new(code, mods))).await;
    }

    /// A key whose effects are returned, not run.
    pub fn key_raw(&mut self, code: KeyCode) -> Vec<Effect> {
        update(
            &mut self.state,
            Action::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        )
    }

    /// A key that must produce a write; the write is returned, not run (it stays in flight).
    pub fn take_write(&mut self, code: KeyCode) -> Box<WriteJob> {
        self.key_raw(code)
            .into_iter()
            .find_map(|e| match e {
                Effect::Write(job) => Some(job),
                _ => None,
            })
            .expect("the key sends a write")
    }

    /// A member of one project removed from it, the write kept in flight (see
    /// [`Harness::take_write`]).
    pub async fn removal_in_flight(&mut self) -> Box<WriteJob> {
        let id = self.member_with_projects(1);
        self.select_person(id);
        self.focus_membership(0);
        self.text("x").await;
        self.key(KeyCode::Tab).await;
        self.take_write(KeyCode::Enter)
    }

    pub async fn ctrl(&mut self, c: char) {
        self.act(Action::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )))
        .await;
    }

    pub async fn text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c)).await;
        }
    }

    pub fn status(&self) -> String {
        self.state
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    pub fn screen(&mut self, width: u16, height: u16) -> String {
        self.state.width = width;
        self.state.height = height;
        let mut t = Terminal::new(TestBackend::new(width, height)).expect("backend");
        t.draw(|f| proofhub_tui::ui::draw(f, &self.state))
            .expect("draw");
        let buf = t.backend().buffer().clone();
        (0..height)
            .map(|y| {
                (0..width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn person(&self, id: PersonId) -> &Person {
        self.state
            .lookup
            .person(&self.state.account, id)
            .expect("person listed")
    }

    /// A person who is not the owner, with at least `n` project memberships.
    pub fn member_with_projects(&self, n: usize) -> PersonId {
        self.candidates(n).next().expect("such a person")
    }

    /// Another such person than `id`.
    pub fn other_than(&self, id: PersonId) -> PersonId {
        self.candidates(0)
            .find(|p| *p != id)
            .expect("another person")
    }

    fn candidates(&self, n: usize) -> impl Iterator<Item = PersonId> + '_ {
        let a = &self.state.account;
        a.people
            .iter()
            .filter(move |p| {
                !a.is_owner(p) && a.membership_count(p.id()) >= n && p.email().is_ascii()
            })
            .map(Person::id)
    }

    /// The files the console wrote beside the journal whose names start with `prefix`.
    pub fn data_files(&self, prefix: &str) -> Vec<PathBuf> {
        let dir = self.journal.parent().expect("the journal's directory");
        std::fs::read_dir(dir)
            .expect("the data directory")
            .map(|e| e.expect("an entry").path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
            })
            .collect()
    }

    pub fn owner(&self) -> PersonId {
        let a = &self.state.account;
        a.people
            .iter()
            .find(|p| a.is_owner(p))
            .map(Person::id)
            .expect("an owner")
    }

    pub fn select_person(&mut self, id: PersonId) {
        self.state.view = View::People;
        self.state.focus = Pane::List;
        self.state.people.list.set_query("");
        let pos = self.state.account.people.position(id).expect("listed");
        assert!(self.state.people.list.select_record(pos, 10), "visible");
        self.state.people.detail = Default::default();
    }

    /// Focus the selected person's card on membership row `i`.
    pub fn focus_membership(&mut self, i: usize) {
        self.state.focus = Pane::Detail;
        self.state.people.detail.selected = i;
    }

    pub fn membership_at(&self, i: usize) -> ProjectId {
        let p = self.state.selected_person().expect("selected").id();
        self.state.memberships(p)[i].0.project
    }

    pub fn project_title(&self, id: ProjectId) -> String {
        self.state
            .lookup
            .project(&self.state.account, id)
            .map(|p| p.title.clone())
            .expect("project")
    }

    /// The Projects view on `project`, its member list focused on `person`.
    pub fn show_project_member(&mut self, project: ProjectId, person: PersonId) {
        self.state.view = View::Projects;
        self.state.focus = Pane::List;
        self.state.projects.list.set_query("");
        let pos = self.state.lookup.project_pos(project).expect("project");
        assert!(self.state.projects.list.select_record(pos, 10));
        self.state.focus = Pane::Detail;
        let row = self
            .state
            .members(project)
            .iter()
            .position(|(m, _)| m.person == person)
            .expect("a member");
        self.state.projects.detail.selected = row;
    }

    pub fn sim_person(&self, id: PersonId) -> PersonData {
        self.sim
            .snapshot()
            .people
            .into_iter()
            .find(|p| p.id == id.0)
            .expect("on the server")
    }

    pub fn sim_has_person(&self, id: PersonId) -> bool {
        self.sim.snapshot().people.iter().any(|p| p.id == id.0)
    }

    pub fn sim_memberships(&self, id: PersonId) -> BTreeSet<ProjectId> {
        self.sim
            .snapshot()
            .projects
            .iter()
            .filter(|p| p.assigned.contains(&id.0))
            .map(|p| ProjectId(p.id))
            .collect()
    }

    /// Another admin changes the person's last name, outside this console.
    pub async fn edit_behind_the_back(&self, id: PersonId, last_name: &str) {
        let other = client(&self.sim, self.sim.profile());
        other
            .update_person(
                id,
                None,
                PersonChanges {
                    last_name: Edit::Set(last_name.into()),
                    ..PersonChanges::default()
                },
            )
            .await
            .expect("the other admin's edit");
    }

    pub async fn stop(self) {
        self.sim.shutdown().await;
    }
}
