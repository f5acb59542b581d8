//! The page size the client asks for (`[limits] page_size`, which `doctor` tells an admin to
//! set when an account caps pages below 100) is honoured by every pager at run time: against a
//! simulator capping pages at 50, a client with `page_size = 50` loads the whole account in
//! both profiles (people, projects, and guide's member lists), and one with the default stops
//! each list after its first 50 records, as doctor's advice says.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proofhub_tui::sim::data::AccountData;
use proofhub_tui::sim::{Quirks, RateLimit, Sim, SimOptions};

use crate::support::live::{WINDOW, client_for, load};
use crate::support::per_profile;

async fn capped(profile: proofhub_tui::model::profile::Profile) -> Sim {
    let mut opts = SimOptions::demo(profile);
    opts.rate = RateLimit {
        requests: 25,
        window: WINDOW,
    };
    opts.quirks = Quirks {
        page_cap: 50,
        ..Quirks::default()
    };
    Sim::start(opts).await.expect("sim starts")
}

per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_page_size_of_50_loads_all_of_an_account_capped_at_50(profile) {
        let demo = AccountData::demo();
        let sim = capped(profile).await;
        let client = client_for(&sim).tune(|c| c.limits.page_size = 50).build();
        let account = load(&client).await;
        assert_eq!(account.people.len(), demo.people.len(), "{profile}");
        assert_eq!(account.projects.len(), demo.projects.len(), "{profile}");
        // Every page was asked for at 50, in both dialects.
        for r in sim.requests().iter().filter(|r| r.path.ends_with("/people") && r.query.is_some()) {
            let q = r.query.as_deref().unwrap();
            assert!(q.contains("limit=50") && q.contains("per_page=50"), "{profile}: {q}");
        }
    }
}

per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_default_page_size_stops_a_capped_list_after_its_first_page(profile) {
        let sim = capped(profile).await;
        let account = load(&client_for(&sim).build()).await;
        assert_eq!(account.people.len(), 50, "{profile}: what doctor warns of");
    }
}
