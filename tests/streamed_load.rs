//! The console's load keeps one copy of the people (#18): its loader sends them only as pages,
//! the core keeps those, and the end hands over the rest of the account. What the console
//! holds at the end is exactly what a whole load (export, sync) returns, also after a reload
//! that finds someone deleted on the server meanwhile, in both profiles, through real HTTP
//! against the simulator.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use proofhub_tui::app::keymap::Command;
use proofhub_tui::app::state::{ColorMode, LoadState, State};
use proofhub_tui::app::{Action, Effect, update};
use proofhub_tui::console::runtime::Loader;
use proofhub_tui::console::services::ApiLoader;
use proofhub_tui::model::account::Account;
use proofhub_tui::model::handover::Loaded;
use proofhub_tui::sim::data::AccountData;
use tokio::sync::{mpsc, watch};

use crate::fixture;
use crate::support::{live, per_profile};

/// The load an action asks for.
pub(crate) fn load_asked(state: &mut State, action: Action) -> u64 {
    update(state, action)
        .into_iter()
        .find_map(|fx| match fx {
            Effect::Load { generation } => Some(generation),
            _ => None,
        })
        .expect("a load is asked for")
}

/// Runs the load `generation` into `state` as the runtime does: every page through `update`,
/// then the end. Returns what the loader handed over.
pub(crate) async fn console_load(
    state: &mut State,
    loader: &Arc<ApiLoader>,
    generation: u64,
) -> Loaded {
    let (_order_tx, order) = watch::channel(Vec::new());
    let (tx, mut rx) = mpsc::channel(64);
    let load = tokio::spawn(loader.clone().load(order, tx));
    while let Some(event) = rx.recv().await {
        update(state, Action::Loaded { generation, event });
    }
    let result = load.await.unwrap();
    update(state, Action::load_finished(generation, result.clone()));
    result.unwrap()
}

per_profile! {
    #[tokio::test]
    async fn the_console_ends_with_exactly_the_account_a_whole_load_returns(profile) {
        let sim = live::start(profile, AccountData::generate(450, 12, 7)).await;
        let loader = Arc::new(ApiLoader { client: live::client(&sim) });
        let mut state = State::new("test", false, ColorMode::Monochrome, fixture::now());
        let first = load_asked(&mut state, Action::Start);
        let handed = console_load(&mut state, &loader, first).await;
        assert!(
            matches!(&handed, Loaded::Rest(rest) if rest.people_count() == 450),
            "the console's loader hands over the rest, not a second copy of the people"
        );
        assert_eq!(state.load, LoadState::Done);
        let whole: Account = live::load(&live::client(&sim)).await;
        assert_eq!(whole.people.len(), 450);
        assert_eq!(*state.account, whole);

        // someone deleted on the server, then a reload: they are gone from the console too
        let gone = whole.people[17].id();
        live::client(&sim).delete_person(gone).await.unwrap();
        let reload = load_asked(&mut state, Action::Command(Command::Reload));
        console_load(&mut state, &loader, reload).await;
        let whole = live::load(&live::client(&sim)).await;
        assert!(state.account.person(gone).is_none());
        assert_eq!(*state.account, whole);
        let screen = crate::app::screen(&mut state, 120, 30);
        assert!(screen.contains("loaded 449 people"), "{screen}");
    }
}
