//! The Elm-style core of the console: no I/O, no terminal, no clock.
//!
//! The files form a one-way graph, bottom up (`tests/architecture.rs` checks there is no
//! circle):
//!
//! - [`collate`]: how server text sorts (accents, case and escape sequences ignored);
//!   [`lookup`]: id → position in the account's lists; [`list`]: one list's filter, base order,
//!   selection and scroll; [`table`]: one table view (list, sort, direction, quick filter,
//!   detail cursor), generic over a kind; [`people`], [`projects`]: the two kinds, each
//!   table's sorts and quick filters;
//!   [`layout`]: how the screen's rows are divided (shared with `ui`); [`text_line`]: one
//!   text field's text and cursor, edited like a shell line; [`message_log`]: this run's
//!   status messages, kept for the log overlay;
//!   [`network_status`]: the request budget and the retries and waits of a load; [`mouse`]:
//!   what a click or the wheel means, opt-in; [`overview`]: the audit view's
//!   counts (by the People quick filters' own predicates) and activity buckets; [`groups`]:
//!   the Groups view's rows and cursors (v3); [`marks`]: the people and projects marked for a
//!   bulk action, by id ([`mark_keys`]: the keys that set them); [`changes`]: the Changes
//!   view's rows (what the live load changed over the snapshot shown at start) and the tables'
//!   change marks.
//! - [`keymap`]: key → command per context, with descriptions and write/danger flags; the help
//!   overlay and the hint bar are generated from it. [`command_line`] (`:`) lists its commands
//!   by name; [`accounts`] is the configured accounts' picker; [`access_review`] asks for the
//!   access review file (a command-line command, no key).
//! - [`writes`]'s modals ([`writes::edit`], [`writes::invite`], [`writes::members`],
//!   [`writes::offboard`], [`writes::recreate`], [`writes::suspend`],
//!   [`writes::group_members`]) are built from the account alone, and
//!   [`writes::job`] is their effect and its answer.
//! - [`action`]: every input (keys, resizes, load results) as one enum; [`effect`]: what `update`
//!   asks the runtime to do (load, copy, write, read tombstones), answered by actions.
//! - [`state`]: what is on screen, open write modals included.
//! - [`load`]: the account arriving (pieces, the whole, each view's rows recomputed);
//!   [`switch`]: leaving it for another configured account (a fresh state); [`snapshot`]: the
//!   stored account shown until the live load completes ([`preview`]: its first screen, shown
//!   before the whole of it is read, and the input held meanwhile; [`held_people`]: the live
//!   load's people meanwhile, the ones the snapshot already holds kept by id);
//!   [`palette`]: the keys of the command line, the account picker and the overview.
//! - [`writes`] (its `mod.rs`): the write flow: opening a modal, its keys, the answer applied.
//! - [`update`](mod@update): `fn update(&mut State, Action) -> Vec<Effect>`, the only entry that changes
//!   the state; it routes to [`load`], [`writes`] and [`overlays`] (the message log, the
//!   load's cancel key).

pub mod access_review;
pub mod accounts;
pub mod action;
pub mod changes;
pub mod collate;
pub mod command_line;
pub mod effect;
pub mod groups;
pub mod held_people;
pub mod keymap;
pub mod layout;
pub mod list;
pub mod load;
pub mod load_order;
pub mod lookup;
pub mod mark_keys;
pub mod marks;
pub mod message_log;
pub mod mouse;
pub mod network_status;
pub mod overlays;
pub mod overview;
pub mod palette;
pub mod people;
pub mod preview;
pub mod projects;
pub mod snapshot;
pub mod state;
pub mod switch;
pub mod table;
pub mod text_line;
pub mod update;
pub mod writes;

pub use action::{Action, Budget, LoadMsg, NetEvent, Progress};
pub use effect::Effect;
pub use state::State;
pub use update::update;
