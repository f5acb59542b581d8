//! Caps on what a server may make the client hold: the size of one answer's body, the pages of
//! one list, and the people and projects of one account. A server passing one (a hostile or
//! broken one claiming a million people, or a body that never ends) stops the request with
//! [`super::ApiError::OverCap`] ([`super::ApiError::over_cap`]), naming the cap and the setting that raises it, instead of growing
//! memory until the machine gives out. The defaults are far above any real account.

use std::fmt;

/// One of the caps, as named in messages and in the config file's `[limits]` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cap {
    /// One answer's body, in bytes (`body_mb`).
    Body,
    /// Pages of one list (`pages_per_list`).
    Pages,
    /// People in the account (`people`).
    People,
    /// Projects in the account (`projects`).
    Projects,
}

impl Cap {
    /// The key in the config file's `[limits]` table.
    pub fn key(self) -> &'static str {
        match self {
            Cap::Body => "body_mb",
            Cap::Pages => "pages_per_list",
            Cap::People => "people",
            Cap::Projects => "projects",
        }
    }
}

impl fmt::Display for Cap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Cap::Body => "answer body size",
            Cap::Pages => "pages per list",
            Cap::People => "people per account",
            Cap::Projects => "projects per account",
        })
    }
}

/// The caps in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of one answer's body.
    pub body_bytes: u64,
    /// Pages of one list.
    pub pages_per_list: u32,
    /// Records asked for per list page, 1..=100 (config `page_size`): 100, the documented
    /// maximum, unless the account caps pages lower (`doctor` reports the cap it sees).
    pub page_size: usize,
    pub people: usize,
    pub projects: usize,
}

impl Limits {
    /// 64 MB per answer (a real page of 100 people is well under 1 MB), 10,000 pages per list
    /// (a million records at 100 per page), 500,000 people and 100,000 projects.
    pub const DEFAULT: Limits = Limits {
        body_bytes: 64 * 1024 * 1024,
        pages_per_list: 10_000,
        page_size: super::page_query::PAGE_SIZE,
        people: 500_000,
        projects: 100_000,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// The cap's value as the config file writes it (`body_mb` in MB, the others as counts).
pub fn shown(cap: Cap, limit: u64) -> String {
    match cap {
        Cap::Body => format!("{} MB", limit.div_ceil(1024 * 1024)),
        _ => limit.to_string(),
    }
}
