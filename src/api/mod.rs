//! The ProofHub client: one client that works against both API profiles, paced, paged and safe
//! to write with (docs/API.md explains every choice).
//!
//! How the parts fit:
//!
//! - [`Client`] (client.rs) owns the HTTP connection pool, the headers, the error detection
//!   (non-2xx, or a JSON object whose `success`/`status` is the boolean `false`) and the retry
//!   loop. Every request goes through it and through one [`pacing`] budget.
//! - [`pacing`] is that budget: a sliding window of sent requests, two priorities (interactive
//!   writes before background loading), blocks after a 429, observable as a [`PacingSnapshot`].
//! - [`backoff`] is the bounded exponential backoff with jitter for 5xx, timeouts and resets.
//! - [`paging`] reads a list with `start`/`limit` and `page`/`per_page` together, stops on a
//!   short page and fails on a page that repeats ids (a server ignoring both parameters).
//! - [`types`] decodes either profile's JSON leniently into the [`crate::model::account`] model;
//!   [`merge`] turns an edit into the PUT body each profile needs (v3: the changed fields;
//!   guide: the whole record), catches a record changed since it was seen, and compares the
//!   read-back.
//! - [`profile`] detects v3 or guide from the first response.
//! - [`load`] loads the whole account as a stream of [`LoadEvent`]s; [`writes`] holds invite,
//!   update, delete and membership changes, each verified by reading back.
//! - [`error`] is the one error type the UI explains in a sentence; [`net_events`] are what
//!   the retry loop reports while it retries or waits (cause, count, wait), for a status line.
//!
//! Nothing here knows about terminals; `ui/` never sees reqwest.
//!
//! The interface the rest of the program uses (docs/API.md has the why of each behaviour):
//!
//! ```text
//! Client::new(ClientConfig::new(base_url, token))   // refuses http:// except loopback
//! client.profile() / detect_profile() / check_token() // v3 or guide; a refused key is Auth
//! client.pacing()                                   // PacingSnapshot: used, limit, next free
//! client.net_events()                               // NetEvents: retries and 429 waits
//! client.load_account(order_rx, events_tx, cancel)  // -> Account; LoadEvents meanwhile
//! client.invite(NewPerson)                          // -> Person (never sent twice)
//! client.update_person(id, Seen, PersonChanges)    // -> Person, or Conflict (stamp or field)
//! client.delete_person(id)                          // verified gone; unknown id = NotFound
//! client.add_member / remove_member(project, person) // -> the project's members now
//! client.change_group_member(group, person, add, seen) // v3 -> the group now (group_writes)
//! ```
//!
//! Every failure is an [`ApiError`]: one sentence for the user, and `retry_safe()`.

pub mod access;
pub mod backoff;
pub mod bulk_members;
pub mod cancel;
pub mod client;
pub mod error;
pub mod group_writes;
pub mod invite_into;
pub mod limits;
pub mod load;
pub mod locks;
pub mod merge;
pub mod net_events;
pub mod pacing;
pub mod page_query;
pub mod paging;
pub mod profile;
pub mod recreate;
pub mod succession;
pub mod types;
pub mod writes;

use std::time::Duration;

pub use crate::model::account::{
    Account, Group, GroupId, Membership, Person, PersonId, Project, ProjectId, Role, RoleId,
    RoleRef,
};
pub use crate::model::changes::{Edit, NewPerson, PersonChanges};
pub use crate::model::profile::{Profile, ProfileChoice};
pub use crate::model::token::Token;
pub use cancel::CancelToken;
pub use client::Client;
pub use error::ApiError;
pub use limits::{Cap, Limits};
pub use load::{LoadEvent, LoadProgress, LoadStage};
pub use pacing::{PacingSnapshot, Priority};

/// How many requests the client may send per window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub requests: u32,
    pub window: Duration,
}

impl Rate {
    /// ProofHub v3's documented limit, the lower of the two profiles: 25 requests per 10 s.
    pub const PROOFHUB: Rate = Rate {
        requests: 25,
        window: Duration::from_secs(10),
    };
    /// The guide's documented limit: 30 requests per 10 s (stated in `X-RateLimit-Limit`).
    pub const GUIDE: Rate = Rate {
        requests: 30,
        window: Duration::from_secs(10),
    };
}

impl Default for Rate {
    fn default() -> Self {
        Rate::PROOFHUB
    }
}

/// The longest a request waits for the server's rate limit by default: five minutes.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(300);

/// Everything [`Client::new`] needs. The token is redacted in `Debug`.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// E.g. `https://acme.proofhub.com/api/v3`; plain `http` only for loopback addresses.
    pub base_url: String,
    pub token: Token,
    /// `Auto` detects the profile from the first response.
    pub profile: ProfileChoice,
    /// The pacing budget while the server states none (default 25 per 10 s; left at the
    /// default, guide's documented 30 per 10 s once the profile is known to be guide). A limit
    /// the server states (`X-RateLimit-Limit`) is adopted while it keeps stating it.
    pub rate: Rate,
    /// Caps on bodies, pages, people and projects ([`Limits::DEFAULT`]).
    pub limits: Limits,
    /// Per request, from connect to the last body byte (a body that trickles in fails here).
    pub timeout: Duration,
    /// The longest wait the client takes for the server's `Retry-After` on one request (all
    /// its 429s together); a longer one fails with [`ApiError::WaitTooLong`].
    pub max_wait: Duration,
    pub user_agent: String,
    /// What a refused token's error advises, naming where the token came from (the command
    /// line knows: `PROOFHUB_TOKEN` or a keyring entry); `None`: [`error::TOKEN_FIX`].
    pub token_fix: Option<String>,
}

impl ClientConfig {
    /// A config with the defaults: auto-detected profile, 25 requests / 10 s, 30 s timeout,
    /// waits for 429s of at most [`DEFAULT_MAX_WAIT`].
    pub fn new(base_url: impl Into<String>, token: Token) -> ClientConfig {
        ClientConfig {
            base_url: base_url.into(),
            token,
            profile: ProfileChoice::Auto,
            rate: Rate::default(),
            limits: Limits::DEFAULT,
            timeout: Duration::from_secs(30),
            max_wait: DEFAULT_MAX_WAIT,
            user_agent: default_user_agent(),
            token_fix: None,
        }
    }
}

/// `proofhub-tui/VERSION (https://github.com/proofhub-tui)`: ProofHub documents
/// `AppName (contact)`.
pub fn default_user_agent() -> String {
    format!(
        "proofhub-tui/{} (https://github.com/proofhub-tui)",
        env!("CARGO_PKG_VERSION")
    )
}
