//! The header names every view a newcomer can open ("1 People  2 Projects  3 Overview  4 Groups");
//! when the line is too narrow "? help" becomes "?" first, then the tab labels go (keys only),
//! then the tabs, and the profile and the read-only badge stay.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proofhub_tui::app::state::ColorMode;
use proofhub_tui::model::profile::Profile;

use crate::app::{loaded, screen};

fn header(profile: Profile, width: u16) -> String {
    let mut s = loaded(profile, ColorMode::Monochrome);
    s.read_only = true;
    let text = screen(&mut s, width, 12);
    text.lines().next().unwrap().to_string()
}

#[test]
fn the_header_names_all_four_views_at_80_columns() {
    for profile in [Profile::V3, Profile::Guide] {
        let line = header(profile, 80);
        for tab in ["1 People", "2 Projects", "3 Overview", "4 Groups", "?"] {
            assert!(line.contains(tab), "{tab:?} missing in {line:?}");
        }
        assert!(line.contains("read-only"), "{line:?}");
    }
}

#[test]
fn a_narrow_header_drops_the_tab_labels_before_the_badge() {
    for profile in [Profile::V3, Profile::Guide] {
        let line = header(profile, 50);
        assert!(!line.contains("Overview"), "{line:?}");
        assert!(
            line.contains(" 3 ") && line.contains(" 4 "),
            "keys stay: {line:?}"
        );
        assert!(line.contains("read-only"), "{line:?}");
        assert!(line.contains(&profile.to_string()), "{line:?}");
    }
}

#[test]
fn the_help_word_goes_before_the_tab_labels() {
    let wide = header(Profile::V3, 100);
    assert!(
        wide.contains("4 Groups") && wide.contains("? help"),
        "{wide:?}"
    );
    let line = header(Profile::Guide, 80);
    assert!(
        line.contains("4 Groups") && line.ends_with("? "),
        "{line:?}"
    );
}
