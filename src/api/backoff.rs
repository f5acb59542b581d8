//! Bounded exponential backoff with jitter, for 5xx answers, timeouts and broken connections
//! (a 429 waits for what the server said instead, see [`super::pacing`]).
//!
//! Delay before retry `n` (1-based): half of `min(cap, base·2ⁿ⁻¹)` plus a random part of the
//! other half ("equal jitter"), so many clients that failed together do not retry together.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::Rate;

/// How often and how patiently the client retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// First backoff (before jitter).
    pub base: Duration,
    /// Longest backoff.
    pub cap: Duration,
    /// Tries in all for a failure that passes (5xx, timeout, reset, garbled body).
    pub max_attempts: u32,
    /// 429 answers tolerated for one request before giving up.
    pub max_rate_limited: u32,
    /// Wait after a 429 that says nothing about how long.
    pub default_rate_wait: Duration,
}

impl RetryPolicy {
    /// Scaled to the pacing window: base = window/20 (10 ms…500 ms), cap = one window (≥ base).
    /// For ProofHub's 10 s window: 0.5 s, 1 s, 2 s, 4 s, 8 s, 10 s, …
    pub fn for_rate(rate: Rate) -> RetryPolicy {
        let base = (rate.window / 20).clamp(Duration::from_millis(10), Duration::from_millis(500));
        RetryPolicy {
            base,
            cap: rate.window.max(base),
            max_attempts: 12,
            max_rate_limited: 30,
            default_rate_wait: rate.window,
        }
    }

    /// The wait before retry number `retry` (1 for the first retry).
    pub fn delay(&self, retry: u32) -> Duration {
        let exp = retry.saturating_sub(1).min(20);
        let full = self.base.saturating_mul(1u32 << exp).min(self.cap);
        let half = full / 2;
        half + half.mul_f64(random_unit())
    }
}

/// A number in [0, 1) from a small xorshift generator; jitter needs spread, not secrecy.
fn random_unit() -> f64 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let mut x = STATE.load(Ordering::Relaxed);
    if x == 0 {
        x = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0x9E37_79B9_7F4A_7C15, |d| d.as_nanos() as u64)
            | 1;
    }
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    STATE.store(x, Ordering::Relaxed);
    (x >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_stay_bounded_and_vary() {
        let p = RetryPolicy::for_rate(Rate::PROOFHUB);
        assert_eq!(p.base, Duration::from_millis(500));
        for retry in 1..=30 {
            let d = p.delay(retry);
            assert!(d <= p.cap, "retry {retry}: {d:?}");
        }
        let first = p.delay(1);
        assert!(first >= Duration::from_millis(250) && first <= Duration::from_millis(500));
        assert!(p.delay(5) >= Duration::from_secs(2));
        let samples: std::collections::BTreeSet<_> = (0..20).map(|_| p.delay(4)).collect();
        assert!(samples.len() > 1, "no jitter");
    }

    #[test]
    fn a_scaled_window_scales_the_backoff() {
        let p = RetryPolicy::for_rate(Rate {
            requests: 25,
            window: Duration::from_millis(200),
        });
        assert_eq!(p.base, Duration::from_millis(10));
        assert_eq!(p.cap, Duration::from_millis(200));
    }
}
