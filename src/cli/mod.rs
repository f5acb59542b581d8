//! The command line: [`args`] (clap's definitions), [`commands`] (dispatch), [`exit`] (errors and
//! exit codes), and one module per subcommand (`console` for no subcommand, `demo`, `export`,
//! `info`, `login`; `sync` lives in [`crate::dirsync`], `sim` in [`crate::sim`]), with their shared
//! pieces: [`prompt`] (no-echo input) and [`token_check`] (a token checked against the account).

pub mod args;
pub mod commands;
pub mod console;
pub mod demo;
pub mod exit;
pub mod export;
mod export_json;
pub mod info;
pub mod login;
pub mod prompt;
pub mod token_check;
