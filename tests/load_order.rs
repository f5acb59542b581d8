//! Load order while refreshing (#13 item 6): a load fetches first what the screen shows. guide
//! reads one member list per project; the projects on screen, the selected one first, are read
//! before the others, even before the project list is complete when a snapshot already shows
//! them, and a project selected mid-load jumps the queue. v3's memberships come with the
//! project pages, so the order is guide's alone: a v3 core names nothing, and its load reads
//! no member list of its own.
//!
//! The core is driven as the runtime drives it: its effects run against the real loader
//! (`ApiConsole`) and an in-process simulator, each `Effect::Prioritize` handed to the loader
//! through the same watch channel; the simulator's request log (in arrival order) is the
//! evidence.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proofhub_tui::api::Client;
use proofhub_tui::app::state::{ColorMode, LoadState, State, View};
use proofhub_tui::app::{Action, Effect, LoadMsg, update};
use proofhub_tui::console::runtime::Loader;
use proofhub_tui::console::services::ApiConsole;
use proofhub_tui::model::account::{Account, ProjectId};
use proofhub_tui::model::failure::LoadError;
use proofhub_tui::model::handover::Loaded;
use proofhub_tui::model::profile::Profile;
use proofhub_tui::model::snapshot::Snapshot;
use proofhub_tui::sim::data::AccountData;
use proofhub_tui::sim::{RequestRecord, Sim};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::harness::client;
use crate::support::live;

/// 16 people pages, 3 project pages, 250 member lists in guide.
fn data() -> AccountData {
    AccountData::generate(1500, 250, 13)
}

async fn sim(profile: Profile) -> Sim {
    live::sim(profile)
        .data(data())
        .window(Duration::from_millis(100))
        .start()
        .await
}

/// The core, its loader and the hint channel, wired as `console::runtime` wires them.
struct Drive {
    state: State,
    console: Arc<ApiConsole>,
    order_tx: watch::Sender<Vec<ProjectId>>,
    order_rx: watch::Receiver<Vec<ProjectId>>,
    msgs: Option<mpsc::Receiver<LoadMsg>>,
    load: Option<(u64, JoinHandle<Result<Loaded, LoadError>>)>,
    _dir: tempfile::TempDir,
}

impl Drive {
    fn new(client: Client) -> Drive {
        let dir = tempfile::tempdir().unwrap();
        let console = Arc::new(ApiConsole::new(client, dir.path().join("journal.jsonl")));
        let (order_tx, order_rx) = watch::channel(Vec::new());
        let mut state = State::new("acme", false, ColorMode::Ansi16, crate::fixture::now());
        update(
            &mut state,
            Action::Resize {
                width: 120,
                height: 40,
            },
        );
        Drive {
            state,
            console,
            order_tx,
            order_rx,
            msgs: None,
            load: None,
            _dir: dir,
        }
    }

    fn act(&mut self, action: Action) {
        for e in update(&mut self.state, action) {
            match e {
                Effect::Load { generation } => {
                    self.order_tx.send_replace(Vec::new());
                    let (tx, rx) = mpsc::channel(64);
                    let load = tokio::spawn(self.console.clone().load(self.order_rx.clone(), tx));
                    self.msgs = Some(rx);
                    self.load = Some((generation, load));
                }
                Effect::Prioritize(ids) => {
                    self.order_tx.send_replace(ids);
                }
                _ => {}
            }
        }
    }

    fn key(&mut self, c: char) {
        self.act(Action::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }

    /// The load's next piece, applied; `false` once the load has ended (its end applied too).
    async fn step(&mut self) -> bool {
        let (generation, _) = self.load.as_ref().expect("a load runs");
        let generation = *generation;
        match self.msgs.as_mut().expect("a load runs").recv().await {
            Some(event) => {
                self.act(Action::Loaded { generation, event });
                true
            }
            None => {
                let (_, task) = self.load.take().unwrap();
                let result = task.await.expect("the load task");
                self.act(Action::load_finished(generation, result));
                false
            }
        }
    }

    async fn finish(&mut self) {
        while self.step().await {}
        assert_eq!(self.state.load, LoadState::Done, "{:?}", self.state.status);
    }
}

fn members_path(project: ProjectId) -> String {
    format!("/api/v3/projects/{}/people", project.0)
}

/// The simulator's member-list requests, in arrival order.
fn member_requests(sim: &Sim) -> Vec<RequestRecord> {
    let mut log = sim.requests();
    log.sort_by_key(|r| r.seq);
    log.into_iter()
        .filter(|r| r.path.starts_with("/api/v3/projects/") && r.path.ends_with("/people"))
        .collect()
}

/// Every project's member list read exactly once, and no request refused as over the limit.
fn each_once_and_no_429(sim: &Sim, account: &Account) {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for r in member_requests(sim) {
        *count.entry(r.path).or_default() += 1;
    }
    let twice: Vec<_> = count.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "read more than once: {twice:?}");
    assert_eq!(count.len(), account.projects.len(), "one read per project");
    let refused = sim.requests().iter().filter(|r| r.status == 429).count();
    assert_eq!(refused, 0, "429s");
}

/// A simulator of `profile`, the account loaded once as the snapshot, and the core started on
/// it (in the Projects view when `projects`), its live load just begun.
async fn from_snapshot(profile: Profile, projects: bool) -> (Sim, Drive, Account) {
    let sim = sim(profile).await;
    let c = client(&sim, profile);
    let snapshot = live::load(&c).await;
    sim.clear_requests();
    let mut d = Drive::new(c);
    d.state.snapshot.kept = true;
    d.act(Action::Start);
    if projects {
        d.key('2');
        assert_eq!(d.state.view, View::Projects);
    }
    d.act(Action::SnapshotRead(Ok(Some(Box::new(Snapshot {
        account: snapshot.clone(),
        taken_at: crate::fixture::now(),
    })))));
    (sim, d, snapshot)
}

#[tokio::test]
async fn guide_reads_the_snapshots_selected_project_first_before_the_project_list_is_complete() {
    let (sim, mut d, snapshot) = from_snapshot(Profile::Guide, true).await;
    let selected = d.state.selected_project().expect("a project selected").id;
    let on_screen = d.order_rx.borrow().clone();
    assert_eq!(
        on_screen.first(),
        Some(&selected),
        "the hint names it first"
    );
    assert!(on_screen.len() > 1, "and the rows on screen");
    d.finish().await;

    let members = member_requests(&sim);
    assert_eq!(
        members.first().map(|r| r.path.clone()),
        Some(members_path(selected)),
        "the selected project's members first"
    );
    let mut log = sim.requests();
    log.sort_by_key(|r| r.seq);
    let last_project_page = log
        .iter()
        .filter(|r| r.path == "/api/v3/projects")
        .map(|r| r.seq)
        .max()
        .expect("project pages");
    assert!(
        members[0].seq < last_project_page,
        "read before the project list was complete, not after it"
    );
    // The rest of the screen's projects before any other project.
    let first: Vec<String> = members[..on_screen.len()]
        .iter()
        .map(|r| r.path.clone())
        .collect();
    for p in &on_screen {
        assert!(first.contains(&members_path(*p)), "{p:?} in {first:?}");
    }
    each_once_and_no_429(&sim, &d.state.account);
    assert_eq!(d.state.account.projects.len(), 250);
    assert_eq!(
        d.state.account.all_memberships(),
        snapshot.all_memberships(),
        "the lists read early are in the live account"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn guide_reads_the_selected_persons_projects_first_in_the_people_view() {
    let (sim, mut d, _) = from_snapshot(Profile::Guide, false).await;
    assert_eq!(d.state.view, View::People);
    // The first row's person, or the next one down with projects on their card.
    while d
        .state
        .selected_person()
        .is_some_and(|p| d.state.memberships(p.id()).is_empty())
    {
        d.key('j');
    }
    let person = d.state.selected_person().expect("a person").id();
    let card: Vec<ProjectId> = d
        .state
        .memberships(person)
        .iter()
        .map(|(m, _)| m.project)
        .collect();
    assert_eq!(*d.order_rx.borrow(), card, "the card's projects named");
    d.finish().await;

    let members = member_requests(&sim);
    let first: Vec<String> = members[..card.len()]
        .iter()
        .map(|r| r.path.clone())
        .collect();
    for p in &card {
        assert!(first.contains(&members_path(*p)), "{p:?} in {first:?}");
    }
    each_once_and_no_429(&sim, &d.state.account);
    sim.shutdown().await;
}

#[tokio::test]
async fn guide_reads_a_project_selected_mid_load_next() {
    let sim = sim(Profile::Guide).await;
    let c = client(&sim, Profile::Guide);
    let mut d = Drive::new(c.clone());
    d.act(Action::Start);
    d.key('2');
    while member_requests(&sim).len() < 20 {
        assert!(d.step().await, "the load ended early");
    }
    // The last row: a project the list's order reaches last; up until it is not read yet.
    d.key('G');
    let read: Vec<String> = member_requests(&sim).into_iter().map(|r| r.path).collect();
    while read.contains(&members_path(d.state.selected_project().unwrap().id)) {
        d.key('k');
    }
    let wanted = d.state.selected_project().unwrap().id;
    assert_eq!(d.order_rx.borrow().first(), Some(&wanted));
    // Requests chosen before the hint hold a request slot until answered, or were logged.
    let in_flight = c.pacing().in_flight;
    let logged = member_requests(&sim).len();
    d.finish().await;

    let after: Vec<String> = member_requests(&sim)[logged..]
        .iter()
        .map(|r| r.path.clone())
        .collect();
    let at = after
        .iter()
        .position(|p| *p == members_path(wanted))
        .expect("read");
    assert!(
        at <= in_flight + 2,
        "read next: {at} member lists came first, {in_flight} were under way ({} left then)",
        after.len()
    );
    each_once_and_no_429(&sim, &d.state.account);
    sim.shutdown().await;
}

#[tokio::test]
async fn v3_names_nothing_and_reads_no_member_list_of_its_own() {
    let (sim, mut d, snapshot) = from_snapshot(Profile::V3, true).await;
    assert!(d.order_rx.borrow().is_empty(), "v3: nothing to order");
    d.finish().await;
    assert!(member_requests(&sim).is_empty());
    assert_eq!(sim.requests().iter().filter(|r| r.status == 429).count(), 0);
    assert_eq!(
        d.state.account.all_memberships(),
        snapshot.all_memberships()
    );
    sim.shutdown().await;
}
