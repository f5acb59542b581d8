//! When the client's own pacing budget holds a console load back (no 429 from the server), the
//! status line says "waiting N s for the rate limit", as it does for a 429 wait, and says why.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Duration;

use proofhub_tui::api::Rate;
use proofhub_tui::app::state::{ColorMode, State};
use proofhub_tui::app::{Action, Budget, update};
use proofhub_tui::console::runtime::Loader;
use proofhub_tui::console::services::{ApiLoader, budget_of};
use proofhub_tui::model::profile::Profile;
use tokio::sync::{mpsc, watch};

use crate::app::screen;
use crate::fixture;
use crate::support::live;

fn status_line(s: &mut State) -> String {
    screen(s, 100, 24).lines().last().unwrap().to_string()
}

fn loading() -> State {
    let mut s = State::new("test", false, ColorMode::Monochrome, fixture::now());
    update(&mut s, Action::Start);
    s
}

#[test]
fn a_spent_budget_during_a_load_says_the_wait() {
    let mut s = loading();
    update(
        &mut s,
        Action::Budget(Budget {
            used: 25,
            limit: 25,
            window: Duration::from_secs(10),
            wait: Some(Duration::from_secs(7)),
        }),
    );
    let line = status_line(&mut s);
    assert!(
        line.contains("waiting 7 s for the rate limit (our budget is spent)"),
        "{line}"
    );
    // A slot frees: the wait is no longer said.
    update(
        &mut s,
        Action::Budget(Budget {
            used: 24,
            limit: 25,
            window: Duration::from_secs(10),
            wait: None,
        }),
    );
    let line = status_line(&mut s);
    assert!(!line.contains("waiting"), "{line}");
}

#[tokio::test]
async fn a_load_held_back_by_our_own_pacing_shows_the_wait() {
    for profile in [Profile::V3, Profile::Guide] {
        let sim = live::sim(profile).start().await;
        // Far below the simulator's limit: every wait is ours, none is a 429.
        let client = live::client_for(&sim)
            .tune(|c| {
                c.rate = Rate {
                    requests: 2,
                    window: Duration::from_secs(1),
                }
            })
            .build();
        let loader = Arc::new(ApiLoader {
            client: client.clone(),
        });
        let (_order_tx, order) = watch::channel(Vec::new());
        let (tx, mut rx) = mpsc::channel(4096);
        let load = tokio::spawn(loader.load(order, tx));
        tokio::spawn(async move { while rx.recv().await.is_some() {} });
        let mut s = loading();
        // As the runtime does once a second: read the client's pacing into the core.
        let mut seen = None;
        for _ in 0..200 {
            let b = budget_of(&client.pacing());
            update(&mut s, Action::Budget(b));
            if b.wait.is_some() {
                seen = Some(status_line(&mut s));
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        load.abort();
        let line = seen.unwrap_or_else(|| panic!("{profile}: the pacing never held a request"));
        assert!(
            line.contains("waiting 1 s for the rate limit (our budget is spent)"),
            "{profile}: {line}"
        );
        assert_eq!(
            client.pacing().rate_limited,
            0,
            "{profile}: no 429 involved"
        );
    }
}
