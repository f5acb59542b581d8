//! The allocator of every binary built on this crate (the console, the CLI, tests, benches),
//! and the one setting it is given at startup.
//!
//! mimalloc, not the platform's: glibc's per-thread arenas kept the load's freed pages (decoded
//! on tokio's workers, kept or freed on the core's thread) as ~25 MB of resident set at 100,000
//! people (docs/PERFORMANCE.md). The `system-allocator` feature leaves it out, for heap
//! profilers that see only `malloc`.
//!
//! mimalloc 3 keeps the pages it frees for a second before it gives them back (`purge_delay`,
//! 1,000 ms). A load frees as it goes (each page's decoded text, the snapshot's haystacks when
//! the live account replaces them), so a second of freed pages sat in the resident set beside
//! the next second's: 10–20 MB of the console's peak at 100,000 people. [`tune`] sets the delay
//! to 10 ms, mimalloc 2's default, unless `MIMALLOC_PURGE_DELAY` in the environment says
//! otherwise (mimalloc reads it itself).
//!
//! This is the crate's only `unsafe`: mimalloc's option setter is a C function, with no safe
//! binding in the `mimalloc` crate. `tests/architecture.rs` checks that no other file has any.

#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The delay, in milliseconds, before mimalloc gives freed pages back to the system.
pub const PURGE_DELAY_MS: i32 = 10;

/// Gives freed memory back within [`PURGE_DELAY_MS`]. Call it first in `main`, before any
/// thread starts: mimalloc's option setter is not thread safe. Returns whether it set the
/// delay (not when the environment sets it, nor under the `system-allocator` feature, nor when
/// the option at that number does not hold mimalloc 3's documented default, which would mean
/// another mimalloc whose options are numbered otherwise).
pub fn tune() -> bool {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return false;
    }
    set_purge_delay(PURGE_DELAY_MS)
}

/// mimalloc's current `purge_delay`, in milliseconds (`None` under the `system-allocator`
/// feature).
pub fn purge_delay() -> Option<i64> {
    option::get()
}

#[cfg(not(feature = "system-allocator"))]
fn set_purge_delay(ms: i32) -> bool {
    option::set_if_default(ms)
}

#[cfg(feature = "system-allocator")]
fn set_purge_delay(_ms: i32) -> bool {
    false
}

#[cfg(not(feature = "system-allocator"))]
#[allow(unsafe_code)]
mod option {
    use std::ffi::{c_int, c_long};

    /// `mi_option_purge_delay` in mimalloc 3's `mi_option_t` (`include/mimalloc.h`).
    const PURGE_DELAY: c_int = 15;
    /// Its default there (`src/options.c`).
    const DEFAULT_MS: c_long = 1000;

    // The static library `libmimalloc-sys` builds and links (the `mimalloc` crate's).
    unsafe extern "C" {
        fn mi_option_get(option: c_int) -> c_long;
        fn mi_option_set(option: c_int, value: c_long);
    }

    // `c_long` is `i64` here and `i32` on Windows.
    #[allow(clippy::useless_conversion)]
    pub fn get() -> Option<i64> {
        // SAFETY: reads one entry of mimalloc's option table by a valid option number; no
        // pointer crosses, and mimalloc initialised its options when the process started.
        Some(i64::from(unsafe { mi_option_get(PURGE_DELAY) }))
    }

    pub fn set_if_default(ms: i32) -> bool {
        // SAFETY: as in `get`; `tune` is called before any other thread exists, which is what
        // mimalloc asks of `mi_option_set`.
        unsafe {
            if mi_option_get(PURGE_DELAY) != DEFAULT_MS {
                return false;
            }
            mi_option_set(PURGE_DELAY, c_long::from(ms));
        }
        true
    }
}

#[cfg(feature = "system-allocator")]
mod option {
    pub fn get() -> Option<i64> {
        None
    }
}
