//! The People filter after a console load (#18): where the streamed pages left every record
//! where it came, the core keeps the search index it built page by page instead of building a
//! second one beside it; either way the filter finds exactly what an index built afresh from the
//! loaded account finds, also after a reload (each record replaced in place, or moved by a
//! delete: the index is built again), in both profiles, through real HTTP against the simulator.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use proofhub_tui::app::Action;
use proofhub_tui::app::keymap::Command;
use proofhub_tui::app::list::ListModel;
use proofhub_tui::app::people::{self, PersonSort};
use proofhub_tui::app::state::{ColorMode, State};
use proofhub_tui::app::table::TableView;
use proofhub_tui::console::services::ApiLoader;
use proofhub_tui::search::Index;
use proofhub_tui::sim::data::AccountData;

use crate::fixture;
use crate::streamed_load::{console_load, load_asked};
use crate::support::{live, per_profile};

/// What the People filter shows for each query, in the console's state and over an index built
/// afresh from its account.
fn filtered(state: &mut State, queries: &[String]) -> (Vec<Vec<u64>>, Vec<Vec<u64>>) {
    let ids = |rows: &[usize], state: &State| -> Vec<u64> {
        rows.iter()
            .map(|i| state.account.people[*i].id().0)
            .collect()
    };
    let mut fresh = ListModel::default();
    fresh.set_index(Index::people(&state.account.people));
    fresh.set_base(people::base(
        &state.account,
        PersonSort::default(),
        false,
        None,
    ));
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for q in queries {
        state.people.set_query(q);
        fresh.set_query(q);
        ours.push(ids(state.people.list().visible(), state));
        theirs.push(ids(fresh.visible(), state));
    }
    state.people.set_query("");
    (ours, theirs)
}

per_profile! {
    #[tokio::test]
    async fn the_people_filter_after_a_load_finds_what_a_fresh_index_finds(profile) {
        let sim = live::start(profile, AccountData::generate(450, 12, 11)).await;
        let loader = Arc::new(ApiLoader { client: live::client(&sim) });
        let mut state = State::new("test", false, ColorMode::Monochrome, fixture::now());
        let first = load_asked(&mut state, Action::Start);
        console_load(&mut state, &loader, first).await;
        assert_eq!(state.people.list().index().len(), 450);
        let p = state.account.people[200].clone();
        let queries = vec![
            p.email().to_string(),
            p.display_name(),
            p.display_name()[..3].to_lowercase(),
            "a".to_string(),
            "zzzz-nobody".to_string(),
        ];
        let (ours, theirs) = filtered(&mut state, &queries);
        assert!(ours[0].contains(&p.id().0), "{ours:?}");
        assert_eq!(ours, theirs);

        // a reload that finds nothing changed: every record is replaced in place, so the old
        // text would stay in a kept index; it is built afresh, and is no larger than before
        let heap = state.people.list().index().heap_bytes();
        let again = load_asked(&mut state, Action::Command(Command::Reload));
        console_load(&mut state, &loader, again).await;
        assert!(state.people.list().index().heap_bytes() <= heap, "the index grew on a reload");
        let (ours, theirs) = filtered(&mut state, &queries);
        assert_eq!(ours, theirs);

        let gone = state.account.people[17].id();
        live::client(&sim).delete_person(gone).await.unwrap();
        let reload = load_asked(&mut state, Action::Command(Command::Reload));
        console_load(&mut state, &loader, reload).await;
        assert_eq!(state.people.list().index().len(), 449);
        let (ours, theirs) = filtered(&mut state, &queries);
        assert!(ours[0].contains(&p.id().0), "{ours:?}");
        assert_eq!(ours, theirs);
        let screen = crate::app::screen(&mut state, 120, 30);
        assert!(screen.contains("loaded 449 people"), "{screen}");
    }
}
