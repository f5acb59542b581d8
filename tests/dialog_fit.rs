//! Destructive dialogs at every size the console supports: either the whole dialog shows
//! (text, input, both buttons) or a refusal says how big the terminal must be, and Enter on
//! the confirm button acts only when it can be seen. Both profiles, against the simulator.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::harness;
use crate::support::per_profile;

use crossterm::event::KeyCode;
use proofhub_tui::app::Effect;
use proofhub_tui::app::layout::{MIN_HEIGHT, MIN_WIDTH};
use proofhub_tui::app::writes::WriteModal;

use harness::{Harness, PROFILES, top};

/// The screen's words, one space apart: wrapped text reads as one line.
fn flat(screen: &str) -> String {
    screen.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn writes(fx: &[Effect]) -> usize {
    fx.iter().filter(|e| matches!(e, Effect::Write(_))).count()
}

/// Every size from the minimum up to 100×30: the dialog whole, or the refusal; and Enter on
/// the focused confirm button sends a write exactly when the dialog shows.
fn every_size(h: &mut Harness, confirm: &str, needles: &[&str]) -> (usize, usize) {
    let (mut shown, mut refused) = (0, 0);
    for width in MIN_WIDTH..=100 {
        for height in MIN_HEIGHT..=30 {
            let screen = flat(&h.screen(width, height));
            let whole = screen.contains("[ Cancel ]")
                && screen.contains(&format!("[ {confirm} ]"))
                && needles.iter().all(|n| screen.contains(n));
            let refusal = screen.contains(" terminal (this one is ");
            assert!(
                whole ^ refusal,
                "{width}×{height}: neither whole nor refused (or both):\n{screen}"
            );
            let before = h.state.modals.len();
            let fx = h.key_raw(KeyCode::Enter);
            if whole {
                shown += 1;
                assert_eq!(writes(&fx), 1, "{width}×{height}: a seen button acts");
                // Put the dialog back for the next size.
                assert!(h.state.modals.len() < before || top(h).is_none());
                return (shown, refused);
            }
            refused += 1;
            assert_eq!(writes(&fx), 0, "{width}×{height}: unseen, nothing is sent");
            assert!(
                h.status().contains("terminal (this one is"),
                "{width}×{height}: {}",
                h.status()
            );
        }
    }
    (shown, refused)
}

#[tokio::test]
async fn the_typed_email_modal_shows_whole_or_refuses_at_every_size() {
    for profile in PROFILES {
        let mut h = Harness::start(profile).await;
        let id = h.member_with_projects(1);
        let email = h.person(id).email().trim().to_string();
        // Widths first, so each width is tried down to the minimum height before it acts.
        for width in MIN_WIDTH..=100 {
            h.select_person(id);
            h.text("D").await;
            h.key(KeyCode::Enter).await;
            assert!(matches!(top(&h), Some(WriteModal::TypedEmail(_))));
            h.text(&email).await;
            h.key(KeyCode::Tab).await;
            let mut acted = false;
            for height in MIN_HEIGHT..=30 {
                let screen = flat(&h.screen(width, height));
                let dense: String = screen
                    .chars()
                    .filter(|c| !c.is_whitespace() && *c != '│')
                    .collect();
                let whole = ["[Cancel]", "[Delete]", "enableDelete:", "cannotbeundone"]
                    .iter()
                    .all(|n| dense.contains(n))
                    && dense.contains(&format!(">{email}▏"));
                let refusal = screen.contains(" terminal (this one is ");
                assert!(
                    whole ^ refusal,
                    "{profile} {width}×{height}: neither whole nor refused:\n{screen}"
                );
                let fx = h.key_raw(KeyCode::Enter);
                if refusal {
                    assert_eq!(writes(&fx), 0, "{profile} {width}×{height}: Delete unseen");
                    assert!(
                        h.status().contains("terminal (this one is"),
                        "{}",
                        h.status()
                    );
                } else {
                    assert_eq!(writes(&fx), 1, "{profile} {width}×{height}: Delete seen");
                    acted = true;
                    break;
                }
            }
            if !acted {
                // Still open: leave it for the next width.
                h.key(KeyCode::Esc).await;
            }
            while top(&h).is_some() {
                h.key(KeyCode::Esc).await;
            }
            if width >= 66 {
                assert!(
                    acted,
                    "{profile}: at {width} wide some height shows it whole"
                );
            }
        }
        h.stop().await;
    }
}

per_profile! {
    #[tokio::test]
    async fn the_remove_confirmation_shows_whole_or_refuses_at_every_size(profile) {
        let mut h = Harness::start(profile).await;
        let id = h.member_with_projects(1);
        h.select_person(id);
        h.focus_membership(0);
        h.text("x").await;
        assert!(matches!(top(&h), Some(WriteModal::ConfirmRemove(_))));
        h.key(KeyCode::Tab).await;
        let (shown, refused) = every_size(&mut h, "Remove", &["lose access"]);
        assert_eq!(shown, 1, "{profile}: it shows at some size");
        assert!(refused > 0, "{profile}: and is refused below it");
        h.stop().await;
    }
}
