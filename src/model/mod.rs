//! The vocabulary every layer shares, with no I/O: the profile-neutral [`account`] (its lists are
//! [`records`], indexed by id and email), the two API
//! [`profile`]s, the redacted [`token`], a checked [`base_url`], and [`sanitize`] (server text made
//! safe to show), what a write asks for ([`changes`]), what changed between two loads ([`compare`]), what a delete keeps ([`tombstone`]), a stored account ([`snapshot`]) and why a load
//! failed ([`failure`]).

pub mod account;
pub mod base_url;
pub mod changes;
pub mod compare;
pub mod failure;
pub mod handover;
mod members;
pub mod net_event;
pub mod person;
pub mod profile;
pub mod records;
pub mod restore;
pub mod sanitize;
pub mod snapshot;
pub(crate) mod stamp;
#[cfg(test)]
pub mod test_people;
pub mod token;
pub mod tombstone;
