//! The one simulator/client harness of the in-process tests: a simulator on 127.0.0.1 with
//! given data on a scaled rate window (25 per [`WINDOW`]), a client paced to match, and a
//! whole load. [`sim`] and [`client_for`] are builders for the few tests that need another
//! window, token, port, pinned profile or timeout; [`start`], [`client`] and [`load`] are the
//! common case. tests/hostile, tests/support/syncenv.rs, tests/app_writes/harness.rs,
//! tests/client.rs and the other suites build on these.
#![allow(dead_code)]

use std::time::Duration;

use proofhub_tui::api::{ApiError, CancelToken, Client, ClientConfig, LoadEvent, Rate};
use proofhub_tui::model::account::Account;
use proofhub_tui::model::profile::{Profile, ProfileChoice};
use proofhub_tui::model::token::Token;
use proofhub_tui::sim::data::AccountData;
use proofhub_tui::sim::{RateLimit, Sim, SimOptions};
use tokio::sync::{mpsc, watch};

/// The scaled rate window: 25 requests per 200 ms (the test homes' `pacing = "25/0.2"`).
pub const WINDOW: Duration = Duration::from_millis(200);

/// A simulator about to start: the demo account, 25 requests per [`WINDOW`], a free port.
pub struct SimBuilder {
    opts: SimOptions,
}

pub fn sim(profile: Profile) -> SimBuilder {
    SimBuilder {
        opts: SimOptions {
            rate: RateLimit {
                requests: 25,
                window: WINDOW,
            },
            ..SimOptions::demo(profile)
        },
    }
}

impl SimBuilder {
    pub fn data(mut self, data: AccountData) -> Self {
        self.opts.data = data;
        self
    }

    /// 25 requests per `window`.
    pub fn window(mut self, window: Duration) -> Self {
        self.opts.rate.window = window;
        self
    }

    pub fn port(mut self, port: u16) -> Self {
        self.opts.port = port;
        self
    }

    /// Differences from the profile (see `sim::quirks`).
    pub fn quirks(mut self, quirks: proofhub_tui::sim::Quirks) -> Self {
        self.opts.quirks = quirks;
        self
    }

    /// The one key the simulator accepts.
    pub fn token(mut self, token: &str) -> Self {
        self.opts.token = token.to_string();
        self
    }

    pub async fn start(self) -> Sim {
        Sim::start(self.opts).await.expect("simulator starts")
    }
}

/// A simulator of `profile` on `data`, with the scaled window.
pub async fn start(profile: Profile, data: AccountData) -> Sim {
    sim(profile).data(data).start().await
}

/// A client about to be built: the simulator's URL and key, the profile detected, paced at 25
/// per [`WINDOW`], a 5 s request timeout.
pub struct ClientBuilder {
    cfg: ClientConfig,
}

pub fn client_for(sim: &Sim) -> ClientBuilder {
    client_at(&sim.base_url(), sim.token())
}

/// [`client_for`] a server that is not a [`Sim`] (a stub, an address nobody answers).
pub fn client_at(base_url: &str, token: &str) -> ClientBuilder {
    let mut cfg = ClientConfig::new(base_url, Token::new(token).expect("token"));
    cfg.profile = ProfileChoice::Auto;
    cfg.rate = Rate {
        requests: 25,
        window: WINDOW,
    };
    cfg.timeout = Duration::from_secs(5);
    ClientBuilder { cfg }
}

impl ClientBuilder {
    pub fn choice(mut self, choice: ProfileChoice) -> Self {
        self.cfg.profile = choice;
        self
    }

    /// The profile given, not detected.
    pub fn pinned(self, profile: Profile) -> Self {
        self.choice(match profile {
            Profile::V3 => ProfileChoice::V3,
            Profile::Guide => ProfileChoice::Guide,
        })
    }

    pub fn token(mut self, token: &str) -> Self {
        self.cfg.token = Token::new(token).expect("token");
        self
    }

    /// Paced at 25 per `window`.
    pub fn window(mut self, window: Duration) -> Self {
        self.cfg.rate.window = window;
        self
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.cfg.timeout = timeout;
        self
    }

    /// Any other setting.
    pub fn tune(mut self, tune: impl FnOnce(&mut ClientConfig)) -> Self {
        tune(&mut self.cfg);
        self
    }

    pub fn build(self) -> Client {
        Client::new(self.cfg).expect("client")
    }
}

/// A client for `sim` with the defaults of [`client_for`].
pub fn client(sim: &Sim) -> Client {
    client_for(sim).build()
}

/// The whole account, as the console and export load it.
pub async fn load(client: &Client) -> Account {
    load_with_events(client).await.0.expect("account loads")
}

/// A load with nobody asking for a particular order: its result and every event.
pub async fn load_with_events(client: &Client) -> (Result<Account, ApiError>, Vec<LoadEvent>) {
    let (_order_tx, order) = watch::channel(Vec::new());
    let (tx, mut rx) = mpsc::channel(1024);
    let collect = tokio::spawn(async move {
        let mut events = Vec::new();
        while let Some(e) = rx.recv().await {
            events.push(e);
        }
        events
    });
    let result = client.load_account(order, tx, CancelToken::new()).await;
    (result, collect.await.expect("events"))
}
