//! The ProofHub simulator: our ProofHub for every test, for `demo`, and for rehearsing scripts.
//!
//! One axum server on 127.0.0.1 plays one API [`Profile`] (see docs/API.md) over an
//! in-memory account seeded from [`data::AccountData`]. How the parts fit:
//!
//! - [`data`] is the account file format; [`generate`] makes deterministic accounts (and the
//!   demo account in assets/); `state.rs` holds the live account and applies writes.
//! - `server.rs` runs each request through faults, the rate limiter, header checks (`checks.rs`)
//!   and the routes (`routes_people.rs`, `routes_projects.rs`, `routes_groups.rs`), which render
//!   with `shapes_v3.rs`/`shapes_guide.rs`.
//! - `log.rs` records every API request, `state.rs` the invitation outbox; both are readable
//!   here ([`Sim::requests`], [`Sim::outbox`]) and over HTTP at `/__sim/requests` and
//!   `/__sim/outbox`. [`Faults`] are set at start, with [`Sim::set_faults`], or with
//!   `PUT /__sim/faults`; `DELETE /__sim/token` revokes the token mid-session (every API
//!   request is then refused as with a wrong one) and `PUT /__sim/token` restores it.
//! - `catalog.rs` serves the lists the data file does not hold (categories, project statuses,
//!   languages) and `timezones.rs` the docs' time-zone table, all with the docs' example values.
//! - [`quirks`] makes a simulator differ from its profile in one documented way (page cap,
//!   Bearer refused, microsecond stamps), for testing `doctor` and the client against them.
//! - `clock.rs` is the time the rate windows and timed storms are kept in: real time that
//!   [`Sim::advance_clock`] or `POST /__sim/advance` moves forward, so tests need not sleep.
//! - [`cli`] is `proofhub-tui sim`.
//!
//! The public surface is this module's items plus [`data`], [`generate`], [`cli`], and the
//! modules [`faults`], [`log`] and [`ratelimit`] whose types are re-exported here.

mod catalog;
mod checks;
pub mod cli;
mod clock;
mod conn;
pub mod data;
pub mod faults;
pub mod generate;
mod input;
pub mod log;
mod paging;
pub mod quirks;
pub mod ratelimit;
mod reply;
pub mod rng;
mod routes;
mod routes_groups;
mod routes_people;
mod routes_projects;
mod server;
mod shapes_guide;
mod shapes_v3;
mod state;
mod timezones;
mod timezones_table;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::{Faults, Storm};
pub use log::RequestRecord;
pub use quirks::Quirks;
pub use ratelimit::RateLimit;
pub use state::OutboxEmail;

pub use crate::model::profile::Profile;
use server::{Shared, lock};

/// How to start a simulator.
#[derive(Clone)]
pub struct SimOptions {
    pub profile: Profile,
    pub data: data::AccountData,
    /// The one API key the simulator accepts.
    pub token: String,
    pub rate: RateLimit,
    /// Added to every API answer.
    pub latency: Duration,
    /// Percent (0..=100) of API requests answered with 500/503.
    pub fail_rate: f64,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// How this simulator differs from its profile (none by default).
    pub quirks: Quirks,
}

impl SimOptions {
    /// Token "demo-token", the profile's documented rate limit, any free port, no faults.
    pub fn new(profile: Profile, data: data::AccountData) -> Self {
        SimOptions {
            profile,
            data,
            token: "demo-token".to_string(),
            rate: match profile {
                Profile::V3 => RateLimit::V3,
                Profile::Guide => RateLimit::GUIDE,
            },
            latency: Duration::ZERO,
            fail_rate: 0.0,
            port: 0,
            quirks: Quirks::default(),
        }
    }

    /// The built-in demo account.
    pub fn demo(profile: Profile) -> Self {
        Self::new(profile, data::AccountData::demo())
    }
}

impl std::fmt::Debug for SimOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimOptions")
            .field("profile", &self.profile)
            .field("people", &self.data.people.len())
            .field("projects", &self.data.projects.len())
            .field("token", &"<redacted>")
            .field("rate", &self.rate)
            .field("latency", &self.latency)
            .field("fail_rate", &self.fail_rate)
            .field("port", &self.port)
            .field("quirks", &self.quirks)
            .finish()
    }
}

/// A running simulator. Dropping it stops the server.
pub struct Sim {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Sim {
    /// Binds 127.0.0.1 (never another interface) and serves in the background on the current
    /// tokio runtime.
    pub async fn start(opts: SimOptions) -> std::io::Result<Sim> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", opts.port)).await?;
        let addr = listener.local_addr()?;
        let clock = clock::Clock::default();
        let shared = Arc::new(Shared {
            profile: opts.profile,
            token: opts.token,
            quirks: opts.quirks,
            revoked: std::sync::atomic::AtomicBool::new(false),
            started: Instant::now(),
            account: Mutex::new(state::LiveAccount::new(opts.data, opts.quirks)),
            faults: Mutex::new(faults::FaultState::new(
                Faults {
                    latency: opts.latency,
                    fail_rate: opts.fail_rate,
                    ..Faults::default()
                },
                clock.now(),
            )),
            limiter: Mutex::new(ratelimit::Limiter::new(opts.rate)),
            log: Mutex::new(Vec::new()),
            clock,
            last_seq: std::sync::atomic::AtomicU64::new(0),
        });
        let app = axum::Router::new()
            .fallback(server::handle)
            .with_state(shared.clone())
            .into_make_service_with_connect_info::<conn::Cutter>();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(conn::CuttableListener(listener), app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Sim {
            shared,
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT/api/v3`.
    pub fn base_url(&self) -> String {
        format!("http://{}/api/v3", self.addr)
    }

    /// `http://127.0.0.1:PORT`, where `/__sim/...` lives.
    pub fn root_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn token(&self) -> &str {
        &self.shared.token
    }

    pub fn profile(&self) -> Profile {
        self.shared.profile
    }

    /// Every API request so far, in arrival order.
    pub fn requests(&self) -> Vec<RequestRecord> {
        lock(&self.shared.log).clone()
    }

    /// Forgets the requests logged so far.
    pub fn clear_requests(&self) {
        lock(&self.shared.log).clear();
    }

    /// Invitation e-mails "sent" so far.
    pub fn outbox(&self) -> Vec<OutboxEmail> {
        lock(&self.shared.account).outbox.clone()
    }

    /// Replaces the faults in force (shares are clamped to 0..=100) and reseeds their draws.
    pub fn set_faults(&self, f: Faults) {
        lock(&self.shared.faults).set(f, self.shared.clock.now());
    }

    /// Moves the simulator's clock `by` forward, as if that much time had passed: rate windows
    /// slide and a timed storm ends, without waiting (the same as `POST /__sim/advance`). Only
    /// the simulator's windows see it; the client under test keeps real time.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.clock.advance(by);
    }

    /// The faults in force.
    pub fn faults(&self) -> Faults {
        lock(&self.shared.faults).get()
    }

    /// The current account, in the data-file format.
    pub fn snapshot(&self) -> data::AccountData {
        lock(&self.shared.account).data.clone()
    }

    /// Stops the server and waits (up to 2 s) for it to finish.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let abort = task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(2), task)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }
}

impl std::fmt::Debug for Sim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sim")
            .field("base_url", &self.base_url())
            .field("profile", &self.shared.profile)
            .finish_non_exhaustive()
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
