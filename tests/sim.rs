//! The simulator's fidelity tests: every row of design/api-profiles.md, in both profiles, over
//! real HTTP against `Sim::start` on ephemeral ports; plus faults, the request log, the demo
//! data and the `sim` subcommand. One test binary; the areas live in tests/sim/.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

mod auth_and_headers;
mod cli;
mod clock;
mod data;
mod docs;
mod faults;
mod log_and_control;
mod membership;
mod paging;
mod quirks;
mod rate_limit;
mod readme;
mod shapes;
mod writes;
