//! The simulator's fidelity tests: every row of design/api-profiles.md, in both profiles, over
//! real HTTP against `Sim::start` on ephemeral ports; plus faults, the request log, the demo
//! data and the `sim` subcommand. One test binary; the areas live in tests/sim/.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "sim/common.rs"]
mod common;
#[path = "support/mod.rs"]
mod support;

#[path = "sim/auth_and_headers.rs"]
mod auth_and_headers;
#[path = "sim/cli.rs"]
mod cli;
#[path = "sim/data.rs"]
mod data;
#[path = "sim/faults.rs"]
mod faults;
#[path = "sim/log_and_control.rs"]
mod log_and_control;
#[path = "sim/membership.rs"]
mod membership;
#[path = "sim/paging.rs"]
mod paging;
#[path = "sim/rate_limit.rs"]
mod rate_limit;
#[path = "sim/readme.rs"]
mod readme;
#[path = "sim/shapes.rs"]
mod shapes;
#[path = "sim/writes.rs"]
mod writes;
