//! The audit overview (#12 point 7), on the demo account loaded over HTTP from the simulator
//! in both profiles: each count it shows is the number of people its quick filter keeps in the
//! People list (Enter opens that list, `f` steps to the same one), the activity chart's
//! numbers add up to everyone and read without colour, and it is drawn in the 16 ANSI colours
//! only. Snapshots at 80×24, 100×30 and 120×40.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proofhub_tui::app::overview::{Activity, filters};
use proofhub_tui::app::state::{ColorMode, State, View};
use proofhub_tui::app::table::QuickFilter;
use proofhub_tui::app::{Action, update};
use proofhub_tui::model::profile::Profile;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

const SIZES: [(u16, u16); 3] = [(80, 24), (100, 30), (120, 40)];

async fn demo(profile: Profile, colors: ColorMode) -> State {
    let mut s = crate::content_fit::demo(profile).await;
    s.colors = colors;
    s
}

fn press(s: &mut State, code: KeyCode) {
    update(s, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn terminal(s: &mut State, width: u16, height: u16) -> Terminal<TestBackend> {
    update(s, Action::Resize { width, height });
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| proofhub_tui::ui::draw(f, s)).unwrap();
    t
}

fn screen(s: &mut State, width: u16, height: u16) -> Vec<String> {
    let t = terminal(s, width, height);
    let buf = t.backend().buffer();
    (0..height)
        .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

/// The number the screen shows after `label` on the first line that starts with it and a number.
fn shown(lines: &[String], label: &str) -> usize {
    lines
        .iter()
        .find_map(|l| {
            let t = l.trim_start_matches(['│', ' ', '›']);
            t.strip_prefix(label)?
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no number after {label:?}:\n{}", lines.join("\n")))
}

async fn counts_are_the_quick_filters_counts(profile: Profile) {
    let mut s = demo(profile, ColorMode::Monochrome).await;
    press(&mut s, KeyCode::Char('3'));
    assert_eq!(s.view, View::Overview);
    let mut nonzero = 0;
    for (i, filter) in filters().into_iter().enumerate() {
        press(&mut s, KeyCode::Char('3'));
        press(&mut s, KeyCode::Home);
        for _ in 0..i {
            press(&mut s, KeyCode::Down);
        }
        let count = shown(&screen(&mut s, 80, 24), filter.label());
        nonzero += usize::from(count > 0);
        // Enter opens the People list with that quick filter…
        press(&mut s, KeyCode::Enter);
        assert_eq!(s.view, View::People);
        assert_eq!(s.people.quick, Some(filter));
        assert_eq!(
            s.people.list.visible().len(),
            count,
            "{profile:?}: {} opened from the overview",
            filter.label()
        );
        // …and `f` stepping to it from no filter keeps as many.
        press(&mut s, KeyCode::Esc);
        assert_eq!(s.people.quick, None);
        for _ in 0..=i {
            press(&mut s, KeyCode::Char('f'));
        }
        assert_eq!(s.people.quick, Some(filter));
        assert_eq!(
            s.people.list.visible().len(),
            count,
            "{profile:?}: {} by f",
            filter.label()
        );
        press(&mut s, KeyCode::Esc);
    }
    assert!(nonzero >= 3, "the demo account has people to audit");
}

#[tokio::test]
async fn overview_counts_equal_the_quick_filters_counts_v3() {
    counts_are_the_quick_filters_counts(Profile::V3).await;
}

#[tokio::test]
async fn overview_counts_equal_the_quick_filters_counts_guide() {
    counts_are_the_quick_filters_counts(Profile::Guide).await;
}

#[tokio::test]
async fn the_activity_chart_counts_everyone_and_reads_without_colour() {
    for profile in [Profile::V3, Profile::Guide] {
        let mut s = demo(profile, ColorMode::Monochrome).await;
        press(&mut s, KeyCode::Char('3'));
        let lines = screen(&mut s, 80, 24);
        let total: usize = Activity::ALL.iter().map(|a| shown(&lines, a.label())).sum();
        assert_eq!(total, s.account.people.len(), "{profile:?}");
        if profile == Profile::Guide {
            assert_eq!(
                shown(&lines, Activity::Unknown.label()),
                total,
                "guide reports no activity"
            );
        } else {
            assert_eq!(
                shown(&lines, Activity::Never.label()),
                shown(&lines, "never active"),
                "the chart's never is the quick filter's"
            );
            assert!(shown(&lines, Activity::Older.label()) > 0);
        }
    }
}

#[tokio::test]
async fn the_chart_uses_only_the_16_ansi_colours() {
    let mut s = demo(Profile::V3, ColorMode::Ansi16).await;
    press(&mut s, KeyCode::Char('3'));
    let t = terminal(&mut s, 100, 30);
    let buf = t.backend().buffer();
    let mut colours = Vec::new();
    for cell in buf.content() {
        for c in [cell.fg, cell.bg] {
            assert!(
                !matches!(c, Color::Rgb(..) | Color::Indexed(_)),
                "{c:?} is not one of the 16"
            );
            if !colours.contains(&c) {
                colours.push(c);
            }
        }
    }
    assert!(colours.contains(&Color::Green), "this week's bar is drawn");
}

#[tokio::test]
async fn overview_at_three_sizes() {
    for (profile, tag) in [(Profile::V3, "v3"), (Profile::Guide, "guide")] {
        for (w, h) in SIZES {
            let mut s = demo(profile, ColorMode::Monochrome).await;
            press(&mut s, KeyCode::Char('3'));
            let text = screen(&mut s, w, h).join("\n");
            insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(format!("demo_overview_{tag}_{w}x{h}"), text);
            });
        }
    }
}

#[tokio::test]
async fn the_overview_fits_a_small_terminal() {
    let mut s = demo(Profile::V3, ColorMode::Monochrome).await;
    press(&mut s, KeyCode::Char('3'));
    let text = screen(&mut s, 40, 12).join("\n");
    assert!(text.contains("Audit: demo"), "{text}");
    assert!(text.contains("suspended"), "{text}");
}

/// At 40×12 neither box holds every row: each says how many it shows, the counts scroll to the
/// selection, and no label runs over a border.
#[tokio::test]
async fn a_small_overview_says_what_it_leaves_out_and_scrolls_to_the_selection() {
    let mut s = demo(Profile::V3, ColorMode::Monochrome).await;
    press(&mut s, KeyCode::Char('3'));
    let lines = screen(&mut s, 40, 12);
    let text = lines.join("\n");
    assert!(text.contains("3 of 5"), "{text}");
    assert!(text.contains("Last active: 3 of 6"), "{text}");
    assert!(!text.contains("clients in projects"), "{text}");
    for line in lines.iter().filter(|l| l.starts_with('│')) {
        assert!(line.ends_with('│'), "a row runs over the border: {line:?}");
    }
    for _ in 0..4 {
        press(&mut s, KeyCode::Char('j'));
    }
    let text = screen(&mut s, 40, 12).join("\n");
    assert!(text.contains("›clients in projects"), "{text}");
}
