//! Ways a simulator can be told to differ from the profile it plays, so `doctor` (and the
//! client) can be tested against an account whose dialect is not the one we assume. The
//! defaults are the profile as documented; each switch changes one thing:
//!
//! - `page_cap`: lists give at most this many records per page (default 100, the documented
//!   maximum of both profiles), whatever `limit`/`per_page` asks for.
//! - `refuse_bearer`: `Authorization: Bearer` is not read; the key must come as `X-API-KEY`
//!   (guide then authenticates like v3; v3 already reads only `X-API-KEY`).
//! - `micro_stamps`: every timestamp carries microseconds (`2019-01-22T10:47:23.123456+00:00`),
//!   the stored ones and those written, instead of the docs' whole seconds.
//! - `ignore_suspend`: a PUT of `suspended` (v3) or `status` (guide) is answered as usual but
//!   leaves the flag as it was, as an account whose API does not take the *assumed* suspend
//!   write would (ProofHub documents no way to suspend); every other field is written.

use serde::{Deserialize, Serialize};

/// The documented page maximum.
pub const DOCUMENTED_PAGE_CAP: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quirks {
    pub page_cap: usize,
    pub refuse_bearer: bool,
    pub micro_stamps: bool,
    #[serde(default)]
    pub ignore_suspend: bool,
}

impl Default for Quirks {
    fn default() -> Self {
        Quirks {
            page_cap: DOCUMENTED_PAGE_CAP,
            refuse_bearer: false,
            micro_stamps: false,
            ignore_suspend: false,
        }
    }
}

/// `stamp` (whole seconds, `...SS+00:00`) with microseconds drawn from `seed`; any other text
/// is returned as it is.
pub fn with_micros(stamp: &str, seed: u64) -> String {
    match stamp.strip_suffix("+00:00") {
        Some(head) if !head.contains('.') && head.len() == 19 => {
            let micros = seed.wrapping_mul(7_919).wrapping_add(104_729) % 1_000_000;
            format!("{head}.{micros:06}+00:00")
        }
        _ => stamp.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn micros_are_added_to_whole_second_stamps_only() {
        let s = with_micros("2019-01-22T10:47:23+00:00", 3);
        assert!(
            s.starts_with("2019-01-22T10:47:23.") && s.ends_with("+00:00"),
            "{s}"
        );
        assert_eq!(s.len(), "2019-01-22T10:47:23.000000+00:00".len());
        assert_eq!(with_micros(&s, 3), s);
        assert_eq!(with_micros("2019-01-22", 3), "2019-01-22");
    }
}
