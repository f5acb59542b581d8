//! The Changes view and the tables' change marks (#13 item 3), in the core: a snapshot shown at
//! start, a live load that differs from it, and what the admin then sees: `5` lists every
//! change newest first (who, what, before → after; server text escaped), `/` filters the list,
//! `Enter` opens the person or the project; `+` and `~` mark the People and Projects rows
//! (NO_COLOR); a load with no snapshot to compare clears the list and the marks. The end-to-end
//! run against the simulator is tests/changes_e2e.rs.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use proofhub_tui::app::state::{ColorMode, Pane, State, View};
use proofhub_tui::app::{Action, Effect, update};
use proofhub_tui::model::account::{
    Account, Person, PersonFields, PersonId, ProjectId, RoleId, RoleRef,
};
use proofhub_tui::model::profile::Profile;
use proofhub_tui::model::snapshot::Snapshot;

use crate::app::{key, screen, type_text};
use crate::fixture;

const PROFILES: [Profile; 2] = [Profile::V3, Profile::Guide];

fn edited(p: &Person, edit: impl FnOnce(&mut PersonFields)) -> Person {
    let mut f = p.to_fields();
    edit(&mut f);
    Person::from(f)
}

/// The fixture account after a day's changes: Zoe joined (11:00), Bob was renamed Robert
/// (10:00), Janet became an admin (09:00), Carla left, Eve (the hostile name) joined Mobile app
/// and Jan left Website redesign.
fn live(profile: Profile) -> Account {
    let mut a = fixture::account(profile);
    a.remove_person(PersonId(6));
    let bob = edited(a.person(PersonId(5)).unwrap(), |f| {
        match profile {
            Profile::V3 => f.first_name = Some("Robert".into()),
            Profile::Guide => f.name = Some("Robert Stone".into()),
        }
        f.updated_at = Some("2026-11-27T10:00:00Z".into());
    });
    a.upsert_person(bob);
    let janet = edited(a.person(PersonId(2)).unwrap(), |f| {
        f.role = match profile {
            Profile::V3 => RoleRef::Id(RoleId(2)),
            Profile::Guide => RoleRef::Name("admin".into()),
        };
        f.updated_at = Some("2026-11-27T09:00:00Z".into());
    });
    a.upsert_person(janet);
    let mut zoe = PersonFields::new(PersonId(20), "zoe@acme.io");
    match profile {
        Profile::V3 => {
            zoe.first_name = Some("Zoe".into());
            zoe.last_name = Some("Quinn".into());
            zoe.role = RoleRef::Id(RoleId(3));
        }
        Profile::Guide => {
            zoe.name = Some("Zoe Quinn".into());
            zoe.role = RoleRef::Name("member".into());
        }
    }
    zoe.created_at = Some("2026-11-27T11:00:00Z".into());
    a.upsert_person(Person::from(zoe));
    let without_jan: Vec<_> = a
        .members_of(ProjectId(10))
        .into_iter()
        .filter(|m| m.person != PersonId(3))
        .map(|m| (m.person, m.project_role))
        .collect();
    a.set_members(ProjectId(10), without_jan);
    let mut mobile: Vec<_> = a
        .members_of(ProjectId(12))
        .into_iter()
        .map(|m| (m.person, m.project_role))
        .collect();
    mobile.push((PersonId(7), None));
    a.set_members(ProjectId(12), mobile);
    a
}

fn generation(fx: &[Effect]) -> u64 {
    fx.iter()
        .find_map(|e| match e {
            Effect::Load { generation } => Some(*generation),
            _ => None,
        })
        .expect("a load")
}

/// A console that showed the fixture account as its snapshot (taken 3 h before now), then
/// received `live` as the completed live load.
fn compared(profile: Profile, live: Account) -> State {
    let mut s = State::new("acme", false, ColorMode::Monochrome, fixture::now());
    s.snapshot.kept = true;
    update(&mut s, Action::Start);
    let snap = Snapshot {
        account: fixture::account(profile),
        taken_at: fixture::now() - chrono::Duration::hours(3),
    };
    let g = generation(&update(
        &mut s,
        Action::SnapshotRead(Ok(Some(Box::new(snap)))),
    ));
    update(
        &mut s,
        Action::LoadDone {
            generation: g,
            result: Ok(live),
        },
    );
    s.status = None;
    s
}

/// The Changes view's rows as drawn (inside the frame, trimmed).
fn rows(s: &mut State) -> Vec<String> {
    let text = screen(s, 120, 30);
    text.lines()
        .skip(4)
        .filter_map(|l| l.strip_prefix('│'))
        .map(|l| l.trim_end_matches('│').trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn squeeze(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn five_lists_every_change_newest_first_each_readable() {
    for profile in PROFILES {
        let mut s = compared(profile, live(profile));
        type_text(&mut s, "5");
        assert_eq!(s.view, View::Changes);
        let (member, admin) = match profile {
            Profile::V3 => ("Member", "Admin"),
            Profile::Guide => ("member", "admin"),
        };
        let got: Vec<String> = rows(&mut s).iter().map(|l| squeeze(l)).collect();
        let want = vec![
            "1 h ago Zoe Quinn joined (zoe@acme.io)".to_string(),
            "2 h ago Robert Stone name: Bob Stone → Robert Stone".to_string(),
            format!("3 h ago Janet Young role: {member} → {admin}"),
            "— Carla Nunez left (carla@acme.io)".to_string(),
            "— Eve \\e[31mRed\\e[0m\\a added to project Mobile app".to_string(),
            "— Jan Kowalski removed from project Website redesign".to_string(),
        ];
        let screen = screen(&mut s, 120, 30);
        assert_eq!(got.len(), 6, "{profile}:\n{screen}");
        for (g, w) in got.iter().zip(&want) {
            // The hostile name's escapes are the sanitizer's; what matters is no raw control.
            if w.starts_with("— Eve") {
                assert!(g.starts_with("— Eve") && g.ends_with("added to project Mobile app"));
            } else {
                assert_eq!(g, w, "{profile}:\n{screen}");
            }
        }
        assert!(
            !screen.contains('\u{1b}') && !screen.contains('\u{7}'),
            "{screen}"
        );
        let header = screen.lines().next().unwrap();
        assert!(header.contains("6 changes"), "{header}");
        assert!(
            header.contains("5 Changes"),
            "the tab, at 120 columns: {header}"
        );
        assert!(
            screen.contains("since the snapshot of 3 hours ago")
                || screen.contains("since the snapshot of 3 h ago"),
            "{screen}"
        );
    }
}

#[test]
fn slash_filters_the_changes_and_esc_clears_the_filter() {
    for profile in PROFILES {
        let mut s = compared(profile, live(profile));
        type_text(&mut s, "5/project");
        let got = rows(&mut s);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.iter().all(|l| l.contains("project")), "{got:?}");
        let title = screen(&mut s, 120, 30);
        assert!(title.contains("2/6"), "{title}");
        key(&mut s, KeyCode::Enter);
        key(&mut s, KeyCode::Esc);
        assert_eq!(rows(&mut s).len(), 6);
        type_text(&mut s, "/nothing-like-it");
        let text = screen(&mut s, 120, 30);
        assert!(text.contains("No change matches"), "{text}");
    }
}

#[test]
fn enter_opens_the_person_or_the_project_and_esc_comes_back() {
    for profile in PROFILES {
        let mut s = compared(profile, live(profile));
        type_text(&mut s, "5");
        // Zoe, who joined: her card.
        key(&mut s, KeyCode::Enter);
        assert_eq!((s.view, s.focus), (View::People, Pane::Detail));
        assert_eq!(s.selected_person().map(Person::id), Some(PersonId(20)));
        key(&mut s, KeyCode::Esc);
        key(&mut s, KeyCode::Esc);
        assert_eq!(s.view, View::Changes, "back along the breadcrumbs");
        // Carla left: nothing to open, and the status line says why.
        type_text(&mut s, "jjj");
        key(&mut s, KeyCode::Enter);
        assert_eq!(s.view, View::Changes);
        let status = s.status.clone().expect("why").text;
        assert!(status.contains("Carla Nunez left the account"), "{status}");
        // Jan's removal from Website redesign: the project's members.
        type_text(&mut s, "jj");
        key(&mut s, KeyCode::Enter);
        assert_eq!((s.view, s.focus), (View::Projects, Pane::Detail));
        assert_eq!(s.selected_project().map(|p| p.id), Some(ProjectId(10)));
    }
}

#[test]
fn the_tables_mark_what_changed_with_glyphs_that_read_without_colour() {
    for profile in PROFILES {
        let mut s = compared(profile, live(profile));
        let people = screen(&mut s, 120, 30);
        let line = |text: &str, name: &str| {
            text.lines()
                .find(|l| l.contains(name))
                .unwrap_or_else(|| panic!("{name} not on screen:\n{text}"))
                .to_string()
        };
        assert!(
            line(&people, "Zoe Quinn").contains("+ Zoe Quinn"),
            "{people}"
        );
        assert!(
            line(&people, "Robert Stone").contains("~ Robert Stone"),
            "{people}"
        );
        assert!(
            line(&people, "Janet Young").contains("~ Janet Young"),
            "{people}"
        );
        assert!(
            line(&people, "Jan Kowalski").contains("~ Jan Kowalski"),
            "{people}"
        );
        assert!(line(&people, "Jane Doe").contains("  Jane Doe"), "{people}");
        assert!(
            !line(&people, "Jane Doe").contains("~ Jane Doe"),
            "{people}"
        );
        type_text(&mut s, "2");
        let projects = screen(&mut s, 120, 30);
        assert!(line(&projects, "Website redesign").contains("~ Website redesign"));
        assert!(line(&projects, "Mobile app").contains("~ Mobile app"));
        assert!(!line(&projects, "Q3 launch").contains('~'), "{projects}");

        // A reload with no snapshot to compare: the marks and the list go.
        type_text(&mut s, "r");
        let g = s.generation;
        update(
            &mut s,
            Action::LoadDone {
                generation: g,
                result: Ok(live(profile)),
            },
        );
        let projects = screen(&mut s, 120, 30);
        assert!(!line(&projects, "Mobile app").contains('~'), "{projects}");
        type_text(&mut s, "1");
        let people = screen(&mut s, 120, 30);
        assert!(!line(&people, "Zoe Quinn").contains('+'), "{people}");
        type_text(&mut s, "5");
        let changes = screen(&mut s, 120, 30);
        assert!(changes.contains("No changes to show"), "{changes}");
    }
}

#[test]
fn with_no_snapshot_compared_the_view_says_so() {
    let mut s = crate::app::loaded(Profile::V3, ColorMode::Monochrome);
    type_text(&mut s, "5");
    let text = screen(&mut s, 80, 24).lines().collect::<Vec<_>>().join(" ");
    let text = squeeze(&text.replace('│', " "));
    assert!(
        text.contains("No changes to show: the last load had no snapshot to compare with."),
        "{text}"
    );
    // No marks either.
    type_text(&mut s, "1");
    let people = screen(&mut s, 80, 24);
    assert!(!people.contains("+ ") && !people.contains("~ "), "{people}");
}

#[test]
fn the_same_account_again_lists_no_changes() {
    let mut s = compared(Profile::V3, fixture::account(Profile::V3));
    type_text(&mut s, "5");
    let text = screen(&mut s, 80, 24);
    assert!(text.contains("No changes since the snapshot."), "{text}");
    assert!(text.lines().next().unwrap().contains("no changes"));
}

#[test]
fn help_lists_the_changes_key() {
    let mut s = crate::app::loaded(Profile::V3, ColorMode::Monochrome);
    type_text(&mut s, "?");
    type_text(&mut s, "changes view");
    let text = screen(&mut s, 100, 30);
    assert!(
        text.lines()
            .any(|l| l.contains(" 5 ") && l.contains("Changes view")),
        "{text}"
    );
}

#[test]
fn the_changes_tab_shows_once_there_is_a_comparison_where_the_header_has_room() {
    let mut plain = crate::app::loaded(Profile::V3, ColorMode::Monochrome);
    let header = screen(&mut plain, 120, 30)
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(
        !header.contains("5 Changes"),
        "no comparison, no tab: {header}"
    );
    let mut s = compared(Profile::V3, live(Profile::V3));
    let header = screen(&mut s, 120, 30).lines().next().unwrap().to_string();
    assert!(header.contains("5 Changes"), "{header}");
    // At 80 columns the tab gives way to the four views' labels, but not on its own view.
    let header = screen(&mut s, 80, 24).lines().next().unwrap().to_string();
    assert!(header.contains("6 changes"), "{header}");
    assert!(!header.contains("5 Changes"), "{header}");
    type_text(&mut s, "5");
    let header = screen(&mut s, 80, 24).lines().next().unwrap().to_string();
    assert!(header.contains(" 5 "), "the view's own tab stays: {header}");
}

#[test]
fn with_the_mouse_on_a_click_selects_the_change_drawn_under_it() {
    use proofhub_tui::app::mouse::Pointer;
    use proofhub_tui::ui::hit::hit;
    let mut s = compared(Profile::V3, live(Profile::V3));
    s.mouse = true;
    type_text(&mut s, "5");
    let text = screen(&mut s, 120, 30);
    let y = text
        .lines()
        .position(|l| l.contains("Carla Nunez"))
        .unwrap();
    // Far right on the row: the view is one list across the body.
    let target = hit(&s, 110, u16::try_from(y).unwrap()).unwrap();
    update(&mut s, Action::Pointer(Pointer::Click(target)));
    assert_eq!(s.focus, Pane::List);
    let row = s.changes.selected().unwrap();
    assert_eq!(row.who, "Carla Nunez", "{text}");
}
