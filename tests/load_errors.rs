//! A failed load reaches the console with its kind, so a refused token can be told from a
//! network failure (through real HTTP against the simulator, in both profiles).
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::per_profile;
use std::sync::Arc;

use proofhub_tui::console::runtime::Loader;
use proofhub_tui::console::services::ApiLoader;
use proofhub_tui::model::failure::{FailureKind, LoadError};
use proofhub_tui::model::handover::Loaded;
use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::data::AccountData;
use tokio::sync::{mpsc, watch};

use crate::support::live;

async fn load(base_url: String, token: &str, profile: Profile) -> Result<Loaded, LoadError> {
    // The scaled window keeps the client's retries of the unreachable server short (its
    // backoff scales with the window); the loads here take a handful of requests.
    let loader = Arc::new(ApiLoader {
        client: live::client_at(&base_url, token).pinned(profile).build(),
    });
    let (_order_tx, order) = watch::channel(Vec::new());
    let (events, mut rx) = mpsc::channel(1024);
    let drain = tokio::spawn(async move { while rx.recv().await.is_some() {} });
    let result = loader.load(order, events).await;
    drain.await.expect("drained");
    result
}

per_profile! {
    #[tokio::test]
    async fn a_refused_token_is_told_apart_from_a_server_that_cannot_be_reached(profile) {
        let sim = live::start(profile, AccountData::generate(5, 1, 1)).await;
        let ok = load(sim.base_url(), sim.token(), profile).await;
        assert!(ok.is_ok(), "{profile:?}: the right token loads: {ok:?}");

        let refused = load(sim.base_url(), "not-the-token", profile)
            .await
            .expect_err("a wrong token must not load");
        assert_eq!(
            refused.kind,
            FailureKind::TokenRefused,
            "{profile:?}: {refused}"
        );
        assert!(refused.message.contains("token"), "{refused}");

        // A port nothing listens on any more.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            l.local_addr().expect("addr").port()
        };
        let base = format!("http://127.0.0.1:{port}/api/v3");
        let unreachable = load(base, sim.token(), profile)
            .await
            .expect_err("nothing listens there");
        assert_eq!(
            unreachable.kind,
            FailureKind::Network,
            "{profile:?}: {unreachable}"
        );
        sim.shutdown().await;
    }
}
