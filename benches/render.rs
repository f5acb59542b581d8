//! Render time of one frame at 200×60 (100,000 people, a filter applied, the card open), and
//! start to first frame (a console state built, the first page of people in, one frame drawn).
//! Run: `cargo bench --bench render`.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/account.rs"]
mod support;

use std::time::{Duration, Instant};

use chrono::Utc;
use proofhub_tui::api::{CancelToken, Client, ClientConfig, LoadEvent, Rate};
use proofhub_tui::app::keymap::Command;
use proofhub_tui::app::state::{ColorMode, State};
use proofhub_tui::app::{Action, LoadMsg, update};
use proofhub_tui::model::profile::{Profile, ProfileChoice};
use proofhub_tui::model::token::Token;
use proofhub_tui::sim::{RateLimit, Sim, SimOptions};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    let account = support::account(100_000, 4_000, 7);

    let mut state = State::new("bench", false, ColorMode::Ansi16, Utc::now());
    update(&mut state, Action::Start);
    update(
        &mut state,
        Action::LoadDone {
            generation: 1,
            result: Ok(account.clone()),
        },
    );
    update(
        &mut state,
        Action::Resize {
            width: 200,
            height: 60,
        },
    );
    update(&mut state, Action::Command(Command::StartFilter));
    update(&mut state, Action::Paste("an".into()));
    update(&mut state, Action::Command(Command::AcceptFilter));
    update(&mut state, Action::Command(Command::Open));
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("backend");
    let mut samples: Vec<Duration> = Vec::new();
    for i in 0..200 {
        // move the selection so each frame differs
        update(
            &mut state,
            Action::Command(if i % 2 == 0 {
                Command::Down
            } else {
                Command::Up
            }),
        );
        let t = Instant::now();
        terminal
            .draw(|f| proofhub_tui::ui::draw(f, &state))
            .expect("draw");
        samples.push(t.elapsed());
    }
    let (p50, p99) = support::percentiles(samples);
    println!(
        "one frame at 200x60, 100,000 people, filtered, card open: p50 {p50:.2} ms, p99 {p99:.2} ms"
    );

    let first_page: Vec<_> = account.people.iter().take(100).cloned().collect();
    let mut samples = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        let mut state = State::new("bench", false, ColorMode::Ansi16, Utc::now());
        update(
            &mut state,
            Action::Resize {
                width: 80,
                height: 24,
            },
        );
        update(&mut state, Action::Start);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("backend");
        terminal
            .draw(|f| proofhub_tui::ui::draw(f, &state))
            .expect("draw");
        update(
            &mut state,
            Action::Loaded {
                generation: 1,
                event: LoadMsg::People(first_page.clone()),
            },
        );
        terminal
            .draw(|f| proofhub_tui::ui::draw(f, &state))
            .expect("draw");
        samples.push(t.elapsed());
    }
    let (p50, p99) = support::percentiles(samples);
    println!(
        "start to first frame with people (state, first page of 100, two frames): p50 {p50:.2} ms, p99 {p99:.2} ms"
    );
    http_first_frame();
}

/// The same over real HTTP: the demo account's simulator in-process, a fresh client, the load
/// started, and the first page of people drawn.
fn http_first_frame() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mut samples = Vec::new();
    runtime.block_on(async {
        // A generous server limit: twenty loads in a row are not what is measured.
        let mut opts = SimOptions::demo(Profile::V3);
        opts.rate = RateLimit {
            requests: 10_000,
            window: Duration::from_secs(1),
        };
        let sim = Sim::start(opts).await.expect("sim");
        for _ in 0..20 {
            let t = Instant::now();
            let token = Token::new(sim.token()).expect("token");
            let mut cfg = ClientConfig::new(sim.base_url(), token);
            cfg.profile = ProfileChoice::V3;
            cfg.rate = Rate {
                requests: 1000,
                window: Duration::from_secs(1),
            };
            let client = Client::new(cfg).expect("client");
            let pacing = client.clone();
            let (_order_tx, order) = tokio::sync::watch::channel(Vec::new());
            let (tx, mut rx) = tokio::sync::mpsc::channel(64);
            let load =
                tokio::spawn(
                    async move { client.load_account(order, tx, CancelToken::new()).await },
                );
            let mut state = State::new("bench", false, ColorMode::Ansi16, Utc::now());
            update(
                &mut state,
                Action::Resize {
                    width: 80,
                    height: 24,
                },
            );
            update(&mut state, Action::Start);
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("backend");
            terminal
                .draw(|f| proofhub_tui::ui::draw(f, &state))
                .expect("draw");
            while let Some(ev) = rx.recv().await {
                if matches!(ev, LoadEvent::People(_)) {
                    let msg = proofhub_tui::console::services::to_msg(ev, &pacing.pacing());
                    update(
                        &mut state,
                        Action::Loaded {
                            generation: 1,
                            event: msg,
                        },
                    );
                    terminal
                        .draw(|f| proofhub_tui::ui::draw(f, &state))
                        .expect("draw");
                    break;
                }
            }
            samples.push(t.elapsed());
            // let this load finish so the next starts on a quiet server
            while rx.recv().await.is_some() {}
            let _ = load.await;
        }
        sim.shutdown().await;
    });
    let (p50, p99) = support::percentiles(samples);
    println!(
        "start to first frame over HTTP (demo simulator, new client, first page of people drawn): p50 {p50:.2} ms, p99 {p99:.2} ms"
    );
}
