//! The command line: [`args`] (clap's definitions), [`commands`] (dispatch), [`exit`] (errors and
//! exit codes), and one module per subcommand (`console` for no subcommand, `demo`, `export`,
//! `info`, `login`, `changes` and `watch` (with `changes_args`, `change_events`, `duration` and
//! `export_read`), `doctor` (with `doctor_probe`, `doctor_plan`, `doctor_rows`,
//! `doctor_report`), `config_cmd`, `generate` for completions and the man page; `sync` lives in
//! [`crate::dirsync`], `sim` in [`crate::sim`]), with their shared pieces: [`prompt`] (no-echo
//! input), [`token_check`] (a token checked against the account), [`keymap_check`] (the config's
//! `[keymap]` checked at load) and [`client_settings`] (the config's pacing, wait and caps for the
//! client).

pub mod args;
mod change_events;
pub mod changes;
pub mod changes_args;
pub mod client_settings;
pub mod commands;
pub mod config_cmd;
pub mod console;
pub mod demo;
pub mod doctor;
mod doctor_plan;
mod doctor_probe;
mod doctor_report;
mod doctor_rows;
mod duration;
pub mod exit;
pub mod export;
mod export_fields;
mod export_json;
mod export_read;
pub mod generate;
pub mod info;
pub mod keymap_check;
pub mod login;
pub mod progress;
pub mod prompt;
pub mod token_check;
pub mod watch;
