//! Latency overlapping the rate window (#18): the pacer frees an answered request's slot one
//! window after its answer's head less half the shortest round trip, so a slow link does not
//! cost a round trip per window. That rule must never let a request through that the server
//! refuses: a whole load against a simulator that waits its latency before counting each
//! request (the least favourable split for the rule), in a short window, sees no 429.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use proofhub_tui::sim::Faults;
use proofhub_tui::sim::data::AccountData;

use crate::support::{live, per_profile};

per_profile! {
    #[tokio::test]
    async fn a_load_over_a_slow_link_overlaps_latency_and_is_never_refused(profile) {
        // v3: 61 people pages, 3 project pages, roles, groups; guide also 250 member lists.
        let sim = live::start(profile, AccountData::generate(6000, 250, 5)).await;
        sim.set_faults(Faults {
            latency: Duration::from_millis(40),
            ..Faults::default()
        });
        let client = live::client(&sim);
        let account = live::load(&client).await;
        let data = sim.snapshot();
        assert_eq!(account.people.len(), data.people.len(), "{profile}: people");
        assert_eq!(account.projects.len(), data.projects.len(), "{profile}: projects");
        let log = sim.requests();
        let refused = log.iter().filter(|r| r.status == 429).count();
        assert_eq!(refused, 0, "{profile}: 429s over {} requests", log.len());
        let pacing = client.pacing();
        assert_eq!(pacing.rate_limited, 0, "{profile}: the client saw a 429");
        assert!(log.len() > 2 * 25, "{profile}: the load spans windows");
    }
}
