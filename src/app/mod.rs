//! The Elm-style core of the console: no I/O, no terminal, no clock.
//!
//! - [`state`]: what is on screen; [`list`], [`people`], [`projects`]: the tables' filter, sort
//!   and selection rules.
//! - [`collate`]: how server text sorts (accents, case and escape sequences ignored).
//! - [`action`]: every input (keys, resizes, load results) as one enum.
//! - [`update`](mod@update): `fn update(&mut State, Action) -> Vec<Effect>`, the only place state changes.
//! - [`effect`]: what `update` asks the runtime to do (load, copy), answered by actions.
//! - [`writes`]: the write modals (edit, invite, memberships, offboarding, recreate) and
//!   their effect, run by the runtime through the client and the journal.
//! - [`keymap`]: key → command per context, with descriptions and write/danger flags; the help
//!   overlay and the hint bar are generated from it.

pub mod action;
pub mod collate;
pub mod effect;
pub mod keymap;
pub mod list;
pub mod people;
pub mod projects;
pub mod state;
pub mod update;
pub mod writes;

pub use action::{Action, Budget, LoadMsg, Progress};
pub use effect::Effect;
pub use state::State;
pub use update::update;
