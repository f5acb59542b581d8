//! proofhub-tui: a terminal console for ProofHub account administrators.
//!
//! How the parts fit (docs/ARCHITECTURE.md has the rules):
//!
//! - [`cli`] defines the command line; [`commands`] dispatches each subcommand.
//! - [`sim`] is our ProofHub: an axum server that plays either API [`profile`], used by every test
//!   and by `demo`.
//! - [`api`] is the one client that talks to ProofHub (either profile), paced, paged and safe to
//!   write with. It fills the profile-neutral [`account`] model.
//! - [`app`] is the Elm-style core (state, actions, a pure `update`, effects); [`ui`] draws it;
//!   [`runtime`] runs effects on tokio and feeds results back; [`tui`] guards the terminal.
//! - [`journal`] records every write and a tombstone before each delete; [`write_runner`] runs
//!   the console's writes through it and the client.
//! - [`sync`] plans, reviews and applies a directory sync from a CSV of people.
//! - [`config`], [`secrets`] and [`paths`] find settings, the token and where files go.
#![forbid(unsafe_code)]

pub mod api;
pub mod app;
pub mod cli;
pub mod console;
pub mod dirsync;
pub mod local;
pub mod model;
pub mod search;
pub mod sim;
pub mod ui;
