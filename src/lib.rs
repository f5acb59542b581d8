//! proofhub-tui: a terminal console for ProofHub account administrators.
//!
//! How the parts fit, one folder per layer (docs/ARCHITECTURE.md has the rules):
//!
//! - [`cli`] is the command line: clap's definitions, dispatch and one module per subcommand.
//! - [`model`] is the vocabulary every layer shares, with no I/O: the profile-neutral account,
//!   the two API profiles, the redacted token, what a write asks for and what a delete keeps.
//! - [`sim`] is our ProofHub: an axum server that plays either API profile, used by every test
//!   and by `demo`.
//! - [`api`] is the one client that talks to ProofHub (either profile), paced, paged and safe to
//!   write with. It fills the [`model::account`].
//! - [`app`] is the Elm-style core (state, actions, a pure `update`, effects); [`ui`] draws it;
//!   [`console`] runs effects on tokio, guards the terminal and runs the writes, journal first.
//! - [`search`] is the fuzzy filter behind `/`.
//! - [`dirsync`] plans, reviews and applies a directory sync from a CSV of people.
//! - [`local`] is what lives on this machine: paths, config, the token store, the write journal
//!   and the log.
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
