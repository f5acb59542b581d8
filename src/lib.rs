//! proofhub-tui: a terminal console for ProofHub account administrators.
//!
//! How the parts fit (docs/ARCHITECTURE.md has the table and the rules, `tests/architecture.rs`
//! enforces them):
//!
//! - [`cli`] is the command line: dispatch, subcommands, exit codes; it reads the environment
//!   and starts everything else.
//! - [`local`] is what lives on this machine: paths, config, the token store, the write journal,
//!   logs.
//! - [`model`] is the vocabulary every layer shares: the profile-neutral account, the two API
//!   profiles, the redacted token, what a write asks for, tombstones.
//! - [`api`] is the one client that talks to ProofHub (either profile), paced, paged and safe to
//!   write with; [`sim`] is our ProofHub, an axum server used by every test and by `demo`.
//! - [`app`] is the Elm-style core (state, actions, a pure `update`, effects); [`ui`] draws it;
//!   [`search`] filters its lists; [`console`] runs effects on tokio and feeds the answers back.
//! - [`dirsync`] plans, reviews and applies a directory sync from a CSV of people.
//!
//! [`allocator`] is the global allocator and its one startup setting (the crate's only
//! `unsafe`, allowed there alone).
#![deny(unsafe_code)]

pub mod allocator;
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
