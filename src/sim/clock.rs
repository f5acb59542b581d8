//! The simulator's clock for its time windows: the rate limiter's sliding windows and a
//! [`Storm::For`](super::Storm::For) storm's end. It is the machine's monotonic clock plus a
//! skew that only ever grows: a test (or anyone rehearsing a script) moves it forward with
//! [`Sim::advance_clock`](super::Sim::advance_clock) or `POST /__sim/advance` instead of waiting
//! a window out. Everything else keeps real time: the request log's `at_ms`, injected latency,
//! trickling bodies, and the epoch seconds of `X-RateLimit-Reset` (real now plus the time left
//! in the window, so a client on real time still reads how long to wait).

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The furthest the clock may run ahead in all: a century keeps `Instant` arithmetic safe.
pub const MAX_SKEW: Duration = Duration::from_secs(100 * 365 * 86_400);

/// Monotonic time plus a forward skew.
#[derive(Debug, Default)]
pub struct Clock {
    skew: Mutex<Duration>,
}

impl Clock {
    /// The simulator's now.
    pub fn now(&self) -> Instant {
        let real = Instant::now();
        real.checked_add(self.skew()).unwrap_or(real)
    }

    /// How far ahead of the machine's clock it runs.
    pub fn skew(&self) -> Duration {
        *self
            .skew
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Moves the clock forward by `by` (never past [`MAX_SKEW`] in all); returns the skew now.
    pub fn advance(&self, by: Duration) -> Duration {
        let mut skew = self
            .skew
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *skew = skew.saturating_add(by).min(MAX_SKEW);
        *skew
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now_forward_and_never_overflows() {
        let clock = Clock::default();
        let before = clock.now();
        assert_eq!(
            clock.advance(Duration::from_secs(10)),
            Duration::from_secs(10)
        );
        assert!(clock.now() >= before + Duration::from_secs(10));
        assert_eq!(clock.advance(Duration::MAX), MAX_SKEW);
        assert!(clock.now() > before);
    }
}
