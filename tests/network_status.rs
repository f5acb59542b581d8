//! Say what the network is doing (#12 point 4), at the core level: the real client and the
//! console's loader (`console::services::ApiLoader`) against servers on 127.0.0.1, their
//! reports fed through `update`, and the status line drawn from the state.
//!
//! - a closed port: "connection refused" with the address, after one attempt (no retry report);
//! - a server answering every request with an HTML page and HTTP 200: "not the ProofHub API"
//!   after one request;
//! - a 429 storm: the status line says "waiting N s for the rate limit" while it waits;
//! - 5xx answers: the retry's cause and count;
//! - the budget, used and left, stays on the status line after the load;
//! - `c` cancels a running load and keeps what arrived.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use proofhub_tui::api::Client;
use proofhub_tui::app::state::{ColorMode, LoadState, State};
use proofhub_tui::app::{Action, Effect, LoadMsg, NetEvent, update};
use proofhub_tui::console::runtime::Loader;
use proofhub_tui::console::services::ApiLoader;
use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::faults::{Faults, Storm};
use tokio::sync::{mpsc, watch};

use crate::app::{key, screen};
use crate::fixture;
use crate::support::live;

/// What a console load showed: the state at the end, the status line after each report of
/// the network (and at the end), and every message the loader sent.
struct Shown {
    state: State,
    lines: Vec<String>,
    msgs: Vec<LoadMsg>,
}

fn status_line(s: &mut State) -> String {
    screen(s, 80, 24).lines().last().unwrap().to_string()
}

async fn console_load(client: Client) -> Shown {
    let loader = Arc::new(ApiLoader { client });
    let (_order_tx, order) = watch::channel(Vec::new());
    let (tx, mut rx) = mpsc::channel(4096);
    let mut state = State::new("test", false, ColorMode::Monochrome, fixture::now());
    update(&mut state, Action::Start);
    let generation = state.generation;
    let load = tokio::spawn(loader.load(order, tx));
    let (mut lines, mut msgs) = (Vec::new(), Vec::new());
    while let Some(m) = rx.recv().await {
        let net = matches!(m, LoadMsg::Net(_));
        msgs.push(m.clone());
        update(
            &mut state,
            Action::Loaded {
                generation,
                event: m,
            },
        );
        if net {
            lines.push(status_line(&mut state));
        }
    }
    let result = load.await.unwrap();
    update(&mut state, Action::load_finished(generation, result));
    lines.push(status_line(&mut state));
    Shown { state, lines, msgs }
}

fn retries(msgs: &[LoadMsg]) -> usize {
    msgs.iter()
        .filter(|m| matches!(m, LoadMsg::Net(NetEvent::Retrying { .. })))
        .count()
}

/// The whole message, as the message log keeps it.
fn last_message(s: &State) -> String {
    s.messages
        .newest_first()
        .next()
        .map(|e| e.text.clone())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_closed_port_says_connection_refused_with_the_address_after_one_attempt() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = live::client_at(&format!("http://127.0.0.1:{port}"), "k").build();
    let started = Instant::now();
    let shown = console_load(client).await;
    let elapsed = started.elapsed();
    let message = last_message(&shown.state);
    assert!(
        message.contains("connection refused") && message.contains(&format!("127.0.0.1:{port}")),
        "{message}"
    );
    assert_eq!(retries(&shown.msgs), 0, "no retry loop: {:?}", shown.msgs);
    assert!(matches!(shown.state.load, LoadState::Failed(_)));
    let line = shown.lines.last().unwrap();
    assert!(line.contains("connection refused"), "{line}");
    // Generous: the point is "not a minute of retries".
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[tokio::test]
async fn an_html_page_with_http_200_is_not_the_proofhub_api_after_one_request() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let app = axum::Router::new().fallback(move || {
        let counted = counted.clone();
        async move {
            counted.fetch_add(1, Ordering::SeqCst);
            axum::response::Html(
                "<html><head><title>Sign in · Company portal</title></head><body>login</body></html>",
            )
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });

    let client = live::client_at(&format!("http://{addr}"), "k").build();
    let shown = console_load(client).await;
    let message = last_message(&shown.state);
    assert!(message.contains("not the ProofHub API"), "{message}");
    assert!(message.contains("Sign in"), "names the page: {message}");
    assert_eq!(hits.load(Ordering::SeqCst), 1, "one request, no retries");
    assert_eq!(retries(&shown.msgs), 0);
    assert!(
        shown.lines.last().unwrap().contains("not the ProofHub"),
        "{:?}",
        shown.lines
    );
}

#[tokio::test]
async fn under_a_429_storm_the_status_line_shows_the_wait() {
    for profile in [Profile::V3, Profile::Guide] {
        let sim = live::sim(profile).start().await;
        sim.set_faults(Faults {
            storm: Some(Storm::Requests(2)),
            retry_after_s: Some(1),
            ..Faults::default()
        });
        let shown = console_load(live::client(&sim)).await;
        assert!(
            shown
                .lines
                .iter()
                .any(|l| l.contains("waiting 1 s for the rate limit")),
            "{profile}: {:#?}",
            shown.lines
        );
        assert!(
            matches!(shown.state.load, LoadState::Done),
            "{profile}: the load still finishes"
        );
        // Once through, the wait is no longer said.
        let end = shown.lines.last().unwrap();
        assert!(!end.contains("waiting"), "{profile}: {end}");
    }
}

#[tokio::test]
async fn a_5xx_retry_shows_its_cause_and_count() {
    for profile in [Profile::V3, Profile::Guide] {
        let sim = live::sim(profile).start().await;
        sim.set_faults(Faults {
            fail_rate: 30.0,
            seed: 3,
            ..Faults::default()
        });
        let shown = console_load(live::client(&sim)).await;
        assert!(
            shown.lines.iter().any(|l| l.contains("server answered 5")
                && l.contains("try 2 of 12")
                && l.contains("next in")),
            "{profile}: {:#?}",
            shown.lines
        );
        assert!(matches!(shown.state.load, LoadState::Done), "{profile}");
    }
}

#[tokio::test]
async fn the_budget_used_and_left_stays_on_the_status_line() {
    let sim = live::sim(Profile::V3).start().await;
    let mut shown = console_load(live::client(&sim)).await;
    let line = status_line(&mut shown.state);
    let b = shown.state.network.budget.expect("a budget was reported");
    assert!(
        line.contains(&format!(
            "{}/{} req used ({} left) per 0.2 s",
            b.used,
            b.limit,
            b.limit - b.used
        )),
        "{line}"
    );
}

#[test]
fn c_cancels_a_running_load_and_keeps_what_arrived() {
    let mut s = crate::app::started();
    let generation = s.generation;
    update(
        &mut s,
        Action::Loaded {
            generation,
            event: LoadMsg::People(fixture::account(Profile::V3).people[..3].to_vec()),
        },
    );
    let fx = key(&mut s, KeyCode::Char('c'));
    assert_eq!(fx, vec![Effect::CancelLoad { generation }]);
    assert!(!s.loading());
    assert_eq!(s.account.people.len(), 3, "what arrived stays");
    let line = status_line(&mut s);
    assert!(line.contains("load cancelled"), "{line}");
    // Late pieces of the cancelled load are dropped; r loads again.
    update(
        &mut s,
        Action::Loaded {
            generation,
            event: LoadMsg::People(fixture::account(Profile::V3).people.to_vec()),
        },
    );
    assert_eq!(s.account.people.len(), 3);
    let fx = key(&mut s, KeyCode::Char('r'));
    assert!(matches!(fx[..], [Effect::Load { .. }]), "{fx:?}");
}

#[tokio::test]
async fn v3_people_loading_shows_a_lower_bound_and_time_left_from_the_groups() {
    // 1,000 people: ten pages; the "All people" group names every one of them early.
    let data = proofhub_tui::sim::generate::generate(1000, 20, 5);
    let sim = live::sim(Profile::V3).data(data).start().await;
    let shown = console_load(live::client(&sim)).await;
    let bounded: Vec<&proofhub_tui::app::Progress> = shown
        .msgs
        .iter()
        .filter_map(|m| match m {
            LoadMsg::Progress(p) if p.stage == "people" && p.at_least.is_some() => Some(p),
            _ => None,
        })
        .collect();
    assert!(
        !bounded.is_empty(),
        "a lower bound once the groups named people"
    );
    for p in &bounded {
        assert_eq!(p.at_least, Some(1000));
        assert!(p.done < 1000 && p.eta.is_some(), "{p:?}");
    }
    assert!(matches!(shown.state.load, LoadState::Done));
}

#[test]
fn the_status_line_says_the_lower_bound_and_time_left() {
    let mut s = crate::app::started();
    update(
        &mut s,
        Action::Loaded {
            generation: 1,
            event: LoadMsg::Progress(proofhub_tui::app::Progress {
                stage: "people".into(),
                done: 300,
                total: None,
                at_least: Some(1203),
                budget: None,
                eta: Some(Duration::from_secs(50)),
            }),
        },
    );
    let line = status_line(&mut s);
    assert!(
        line.contains("loading people 300 of at least 1203 · about 50 s left"),
        "{line}"
    );
}
