//! The snapshot's first frame (#13, "the first frame with the snapshot's data on screen"): the
//! preview saved with every snapshot is the first rows of People in the order it opens with,
//! whoever saves it (the console, `proofhub-tui changes`); at the next start it is drawn before
//! the rest of the snapshot is read, with the whole snapshot's counts and the selected person's
//! card; keys typed meanwhile wait and act on the whole snapshot; a rest refused after a good
//! preview leaves none of it on screen and the live load runs as without a snapshot.
//!
//! The core runs against the in-process simulator (both profiles) through the harness; the
//! console's services save and read through a real store with a key file; `changes` and the
//! console run as the real binary.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proofhub_tui::app::preview;
use proofhub_tui::app::state::{ColorMode, State};
use proofhub_tui::app::{Action, Effect, update};
use proofhub_tui::console::runtime::Loader;
use proofhub_tui::console::services::ApiConsole;
use proofhub_tui::local::paths::Paths;
use proofhub_tui::local::snapshot::{Binding, KeyHome, SnapshotStore};
use proofhub_tui::model::account::{Account, Person, PersonId};
use proofhub_tui::model::snapshot::{Preview, Snapshot};

use crate::harness::{Harness, client};
use crate::support::per_profile;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 30;

fn taken() -> DateTime<Utc> {
    crate::fixture::now() - Duration::hours(3)
}

/// A live account from the simulator, and the harness on a fresh console that keeps snapshots
/// and has asked for its snapshot (nothing read yet).
async fn reading(profile: proofhub_tui::model::profile::Profile) -> (Harness, Account) {
    let mut h = Harness::start(profile).await;
    let account = (*h.state.account).clone();
    h.state = State::new("acme", false, ColorMode::Ansi16, crate::fixture::now());
    h.state.snapshot.kept = true;
    h.act(Action::Resize {
        width: WIDTH,
        height: HEIGHT,
    })
    .await;
    let fx = update(&mut h.state, Action::Start);
    assert_eq!(fx, vec![Effect::ReadSnapshot]);
    (h, account)
}

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn lines_but_status(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    lines[..lines.len() - 1].join("\n")
}

fn whole(account: &Account) -> Action {
    Action::SnapshotRead(Ok(Some(Box::new(Snapshot {
        account: account.clone(),
        taken_at: taken(),
    }))))
}

fn loads(fx: &[Effect]) -> bool {
    fx.iter().any(|e| matches!(e, Effect::Load { .. }))
}

per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_preview_is_drawn_with_the_whole_counts_and_the_selected_card_before_the_rest(profile) {
        let (mut h, account) = reading(profile).await;
        let first = preview::of(&account, taken());
        assert!(first.account.people.len() < account.people.len() || account.people.len() <= preview::ROWS);
        let fx = update(&mut h.state, Action::SnapshotPreview(Box::new(first.clone())));
        assert!(!loads(&fx), "the live load waits for the whole snapshot: {fx:?}");
        let shown = h.screen(WIDTH, HEIGHT);
        let header = shown.lines().next().unwrap();
        assert!(header.contains("snapshot from 3 h ago, refreshing…"), "{shown}");
        let total = account.people.len();
        assert!(shown.contains(&format!("People {total}/{total}")), "the whole count:\n{shown}");
        assert!(
            shown.contains(&format!("showing the snapshot of {total} people and {} projects", account.projects.len())),
            "{shown}"
        );
        let top = account.person(preview::opening_rows(&account)[0]).unwrap();
        assert_eq!(h.state.selected_person().map(Person::id), Some(top.id()));
        assert!(shown.contains(&top.display_name()), "{shown}");

        // The whole snapshot draws the same screen (rows, counts, the selected person's card),
        // and only then does the live load start.
        let fx = update(&mut h.state, whole(&account));
        assert!(loads(&fx));
        // (Only the card's "Projects (2)" then says "· loading…": the live load runs.)
        let after = h.screen(WIDTH, HEIGHT);
        let (before, after) = (lines_but_status(&shown), lines_but_status(&after));
        assert_eq!(before.lines().count(), after.lines().count());
        for (b, a) in before.lines().zip(after.lines()) {
            if !a.contains(" · loading…") {
                assert_eq!(b, a);
            }
        }
        assert_eq!(h.state.account.people.len(), total);
        h.run(fx).await;
        let header = h.screen(WIDTH, HEIGHT).lines().next().unwrap().to_string();
        assert!(header.contains("no changes") && !header.contains("snapshot"), "{header}");
    }
}

per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn keys_typed_during_the_preview_act_on_the_whole_snapshot_in_order(profile) {
        let (mut h, account) = reading(profile).await;
        let order = preview::opening_rows(&account);
        update(&mut h.state, Action::SnapshotPreview(Box::new(preview::of(&account, taken()))));
        for c in ['j', 'j', 'j'] {
            assert!(update(&mut h.state, key(c)).is_empty());
        }
        assert_eq!(
            h.state.selected_person().map(Person::id),
            Some(order[0]),
            "not applied to the preview"
        );
        let fx = update(&mut h.state, whole(&account));
        assert_eq!(
            h.state.selected_person().map(Person::id),
            Some(order[3]),
            "three rows down in the whole snapshot"
        );
        h.run(fx).await;

        // A filter typed ahead: the whole text, in order, in the filter of the whole snapshot.
        let (mut h, account) = reading(profile).await;
        update(&mut h.state, Action::SnapshotPreview(Box::new(preview::of(&account, taken()))));
        let top = account.person(order[0]).unwrap();
        let name: String = top.display_name().chars().take(4).collect();
        update(&mut h.state, key('/'));
        for c in name.chars() {
            update(&mut h.state, key(c));
        }
        assert!(!h.state.editing_filter && h.state.people.list.query().as_str().is_empty());
        let fx = update(&mut h.state, whole(&account));
        assert!(h.state.editing_filter);
        assert_eq!(h.state.people.list.query().as_str(), name);
        assert!(h.screen(WIDTH, HEIGHT).contains(&format!("/ {name}")));
        h.run(fx).await;

        // Quit does not wait.
        let (mut h, account) = reading(profile).await;
        update(&mut h.state, Action::SnapshotPreview(Box::new(preview::of(&account, taken()))));
        update(&mut h.state, key('q'));
        assert!(h.state.quit);
    }
}

per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_rest_refused_after_its_preview_leaves_none_of_it_and_the_live_load_completes(profile) {
        let (mut h, account) = reading(profile).await;
        let first = preview::of(&account, taken());
        update(&mut h.state, Action::SnapshotPreview(Box::new(first.clone())));
        update(&mut h.state, key('j'));
        let fx = update(
            &mut h.state,
            Action::SnapshotRead(Err("the snapshot failed its integrity check".into())),
        );
        assert!(loads(&fx), "the live load starts as without a snapshot");
        let screen = h.screen(WIDTH, HEIGHT);
        assert!(h.state.account.people.is_empty(), "no preview row stays");
        for p in first.account.people.iter().take(5) {
            assert!(!screen.contains(&p.display_name()), "{screen}");
        }
        assert!(!screen.lines().next().unwrap().contains("snapshot"), "{screen}");
        assert!(screen.contains("the snapshot failed its integrity check; loading live data"), "{screen}");
        h.run(fx).await;
        assert_eq!(h.state.account.people.len(), account.people.len(), "live data loaded");
        let screen = h.screen(WIDTH, HEIGHT);
        assert!(!screen.lines().next().unwrap().contains("snapshot"), "{screen}");
        assert!(screen.contains(&format!("People {0}/{0}", account.people.len())), "{screen}");
    }
}

fn store(home: &Path, url: &str) -> SnapshotStore {
    SnapshotStore::new(
        &Paths::under(home),
        Binding {
            account: url.to_string(),
            base_url: url.to_string(),
            profile: "auto".into(),
        },
        KeyHome::File,
    )
}

/// The preview `store` hands over before the rest, and the whole snapshot.
fn read_back(store: &SnapshotStore) -> (Option<Preview>, Snapshot) {
    let mut seen = None;
    let snap = store.read_with(|p| seen = Some(p)).unwrap().unwrap();
    (seen, snap)
}

fn ids(preview: &Preview) -> Vec<PersonId> {
    preview.account.people.iter().map(Person::id).collect()
}

per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_console_saves_the_first_rows_of_the_opening_order_and_hands_them_over_first(profile) {
        let (mut h, _) = reading(profile).await;
        let fx = update(&mut h.state, Action::SnapshotRead(Ok(None)));
        h.run(fx).await;
        let dir = tempfile::tempdir().unwrap();
        let url = h.sim.base_url();
        let console = Arc::new(
            ApiConsole::new(client(&h.sim, profile), dir.path().join("journal.jsonl"))
                .with_snapshot(Some(store(dir.path(), &url))),
        );
        // A load completes: the save it asks for, run as the runtime runs it.
        let fx = update(
            &mut h.state,
            Action::Command(proofhub_tui::app::keymap::Command::Reload),
        );
        assert!(loads(&fx));
        let (generation, account) = (h.state.generation, (*h.state.account).clone());
        let mut save = None;
        for e in update(
            &mut h.state,
            Action::LoadDone {
                generation,
                result: Ok(account.clone()),
            },
        ) {
            if let Effect::SaveSnapshot { account, taken_at, rows } = e {
                save = Some(console.clone().save_snapshot(account, taken_at, rows).await);
            }
        }
        save.expect("a save asked for").unwrap();
        let (seen, snap) = read_back(&store(dir.path(), &url));
        let seen = seen.expect("a preview");
        assert_eq!(ids(&seen), preview::opening_rows(&snap.account));
        assert_eq!(seen.people_total, account.people.len());
        assert_eq!(seen.projects_total, account.projects.len());

        // The console's read hands the preview over (then the whole snapshot).
        let got: Arc<Mutex<Option<Preview>>> = Arc::default();
        let sink = got.clone();
        let read = console
            .clone()
            .read_snapshot(Box::new(move |p| *sink.lock().unwrap() = Some(p)))
            .await
            .unwrap()
            .expect("the snapshot");
        assert_eq!(read.account, snap.account);
        assert_eq!(got.lock().unwrap().as_ref().map(ids), Some(ids(&seen)));
    }
}

per_profile! {
    #[test]
    fn changes_saves_the_same_preview_as_the_console(profile) {
        let bed = crate::changes_cli::Bed::new(profile);
        let out = bed.run(&["changes"]);
        assert_eq!(out.status.code(), Some(7), "the first run saves one");
        let url = bed.sim.base_url();
        let (seen, snap) = read_back(&store(bed.home.path(), &url));
        let seen = seen.expect("a preview");
        let rows = ids(&seen);
        assert_eq!(rows, preview::opening_rows(&snap.account));
        assert_eq!(rows.len(), snap.account.people.len().min(preview::ROWS));
        // By name, not as the server listed them.
        let names: Vec<String> = seen
            .account
            .people
            .iter()
            .map(|p| proofhub_tui::app::collate::key(&p.display_name()))
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert_eq!(seen.people_total, snap.account.people.len());
    }
}

per_profile! {
    #[test]
    #[ignore = "needs tmux"]
    fn the_binary_draws_the_snapshots_rows_in_the_frame_that_marks_it(profile) {
        crate::support::need_tool("tmux");
        let sim = crate::support::tmux::SimProcess::start(profile.as_str());
        let (dir, config) = crate::snapshot::home_with_key_file();
        let home = dir.path();
        let p = profile.as_str();
        crate::snapshot::first_run(&format!("frame-0-{p}"), &sim, home, &config);
        let (seen, snap) = read_back(&store(home, &sim.base_url));
        let seen = seen.expect("the console saved a preview");
        assert_eq!(ids(&seen), preview::opening_rows(&snap.account));
        let top = seen.account.people.iter().next().unwrap().display_name();
        let total = snap.account.people.len();

        let tmux = crate::snapshot::console(&format!("frame-1-{p}"), &sim, home, &config);
        let screen = tmux.wait_for("the snapshot in the header", |s| {
            crate::snapshot::header(s).contains("snapshot from")
        });
        assert!(screen.contains(&top), "the first row in the same frame:\n{screen}");
        assert!(screen.contains(&format!("People {total}/{total}")), "{screen}");
        crate::snapshot::quit(&tmux);
    }
}
