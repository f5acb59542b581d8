//! App tests: the console's core driven without a terminal. Keys and load results go in as
//! actions; state, effects and rendered buffers (ratatui's TestBackend) come out.
//! Screen snapshots live in tests/snapshots/ and are compared by insta.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::fixture;
mod flows;
mod provisional;
mod render;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proofhub_tui::app::state::{ColorMode, State};
use proofhub_tui::app::{Action, Budget, Effect, LoadMsg, Progress, update};
use proofhub_tui::model::profile::Profile;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A console that has started and asked for its first load (generation 1).
pub fn started() -> State {
    let mut s = State::new("acme", false, ColorMode::Ansi16, fixture::now());
    assert_eq!(
        update(&mut s, Action::Start),
        vec![Effect::Load { generation: 1 }]
    );
    s
}

/// A progress report of load 1: people `done` of `total`, `used` of 25 requests per 10 s.
pub fn progress(s: &mut State, done: u64, total: Option<u64>, used: u32, eta_secs: Option<u64>) {
    update(
        s,
        Action::Loaded {
            generation: 1,
            event: LoadMsg::Progress(Progress {
                stage: "people".into(),
                done,
                total,
                at_least: None,
                budget: Some(Budget {
                    used,
                    limit: 25,
                    window: std::time::Duration::from_secs(10),
                    wait: None,
                }),
                eta: eta_secs.map(std::time::Duration::from_secs),
            }),
        },
    );
}

/// A console that has started and received the fixture account as one finished load.
pub fn loaded(profile: Profile, colors: ColorMode) -> State {
    let mut s = started();
    s.colors = colors;
    update(
        &mut s,
        Action::LoadDone {
            generation: 1,
            result: Ok(fixture::account(profile)),
        },
    );
    s.status = None;
    s
}

/// Feeds keys typed as text: each char is a key press; `<Enter>`-style names are not parsed,
/// use [`key`] for those.
pub fn type_text(s: &mut State, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| {
            update(
                s,
                Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
            )
        })
        .collect()
}

pub fn key(s: &mut State, code: KeyCode) -> Vec<Effect> {
    let mods = if code == KeyCode::BackTab {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    update(s, Action::Key(KeyEvent::new(code, mods)))
}

pub fn terminal(s: &mut State, width: u16, height: u16) -> Terminal<TestBackend> {
    update(s, Action::Resize { width, height });
    let mut t = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    t.draw(|f| proofhub_tui::ui::draw(f, s)).expect("draw");
    t
}

/// The screen as text lines.
pub fn screen(s: &mut State, width: u16, height: u16) -> String {
    let t = terminal(s, width, height);
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Snapshots the screen at `width`×`height` into tests/snapshots/.
pub fn snapshot(name: &str, s: &mut State, width: u16, height: u16) {
    let t = terminal(s, width, height);
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, t.backend());
    });
}
