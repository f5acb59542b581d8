//! Render time of one frame at 200×60 (100,000 people, a filter applied, the card open), and
//! start to first frame (a console state built, the first page of people in, one frame drawn).
//! Run: `cargo bench --bench render`.

#[path = "support/account.rs"]
mod support;

use std::time::{Duration, Instant};

use chrono::Utc;
use proofhub_tui::app::keymap::Command;
use proofhub_tui::app::state::{ColorMode, State};
use proofhub_tui::app::{Action, LoadMsg, update};
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
}
