//! A stored account as the console shows it before the live load: the account and when it
//! was taken. `local::snapshot` reads and writes it; the core shows it marked as a snapshot.

use chrono::{DateTime, Utc};

use super::account::Account;

#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub account: Account,
    pub taken_at: DateTime<Utc>,
}
