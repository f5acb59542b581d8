//! Directory sync: keep the account in line with an external list of people.
//!
//! How the parts fit:
//! - [`source`] reads the CSV (every bad row reported with its line);
//! - [`plan`] compares it with the loaded account and writes a plan whose items hold the live
//!   values they were planned against;
//! - [`review`] is the console screen that unticks items and saves the selection back;
//! - [`cost`] estimates the requests and time a plan takes at the rate limit;
//! - [`fuse`] refuses large delete sets unless a typed confirmation overrides it;
//! - [`apply_lock`] lets one apply of a plan run at a time (a `flock` next to the ledger);
//! - [`ledger`] is the per-item apply ledger (pending → done / failed, fsynced JSON lines) that
//!   makes an interrupted apply resumable without repeating a write;
//! - [`journaling`] records every sync write, and a tombstone before each delete, in the
//!   console's journal (`crate::local::journal`);
//! - [`apply`] re-checks every item against live data, writes through [`crate::api::Client`]
//!   and records each outcome; [`results`] writes the per-item results CSV;
//! - [`command`] is the `sync plan|review|apply` command line glue, `json_out` their `--json`
//!   summaries;
//! - [`access_review`] writes the access review (`export --access-review`) and plans the
//!   revocations marked in it (`sync plan --access-review`).

pub mod access_review;
pub mod apply;
pub mod apply_lock;
pub mod command;
pub mod cost;
pub mod fuse;
pub mod journaling;
mod json_out;
pub mod ledger;
pub mod plan;
pub mod results;
pub mod review;
pub mod seal;
pub mod source;

pub use plan::{Change, Field, FieldChange, Item, Kind, Plan, PlanContext, PlanOptions};
