//! The integration tests, as one test binary: each file beside this one is a module of it.
//!
//! One binary instead of one per file, because each binary links the whole library and its
//! dependencies again: two dozen of them filled a CI machine's disk (a linker "Bus error") and
//! spent most of the suite's time linking. `cargo test` runs them all; `cargo test app::` runs
//! one file's tests. Shared helpers are declared here once: `support` (the tool check, the tmux
//! driver, the simulator and sync environments), `hostile` (hostile accounts), `fixture`
//! (hand-built accounts for the core) and `harness` (the core against a live simulator).
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "app/fixture.rs"]
mod fixture;
#[path = "app_writes/harness.rs"]
mod harness;
mod hostile;
mod support;

mod access_review;
mod account_switch;
mod allocator;
mod app;
mod app_writes;
mod architecture;
mod bulk_actions;
mod caps;
mod changes_cli;
mod changes_e2e;
mod changes_view;
mod cli_json;
mod client;
mod client_waits;
mod command_line;
mod completions;
mod config_cli;
mod content_fit;
mod dialog_fit;
mod doctor;
mod e2e_bulk;
mod e2e_dialog_fit;
mod e2e_network;
mod e2e_tmux;
mod e2e_writes;
mod exit_codes;
mod export_bytes;
mod failure_advice;
mod first_frame;
mod groups;
mod header_tabs;
mod help;
mod invite_emails;
mod keymap_modals;
mod keyring;
mod keyring_messages;
mod layout;
mod load_errors;
mod load_index;
mod load_order;
mod message_log;
mod mouse;
mod mouse_modals;
mod network_status;
mod overview;
mod pacing_latency;
mod pacing_wait;
mod page_size;
mod plan_binding;
mod private_files;
mod progress;
mod readme_quickstart;
mod recreate;
mod revoke_access;
mod round_trip;
mod selection_after_delete;
mod sim;
mod snapshot;
mod staged_invites;
mod streamed_load;
mod successors;
mod suspend;
mod sync;
mod sync_faults;
mod sync_rename;
mod text_input;
mod token_source;
mod untrusted_text;
mod watch_cli;
mod write_fields;
