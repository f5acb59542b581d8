//! Rate limiting per token, as a **sliding window**: a request is allowed when fewer than
//! `requests` requests with the same credential were allowed in the last `window`. Refused
//! (429) requests do not count. The window can be scaled (e.g. 25 per 200 ms) for fast tests.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How many requests one token may make per window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub requests: u32,
    pub window: Duration,
}

impl RateLimit {
    /// ProofHub's documented v3 limit: 25 per 10 s.
    pub const V3: RateLimit = RateLimit {
        requests: 25,
        window: Duration::from_secs(10),
    };
    /// The vendor guide's limit: 30 per 10 s.
    pub const GUIDE: RateLimit = RateLimit {
        requests: 30,
        window: Duration::from_secs(10),
    };

    /// Parses `N/SECONDS` (e.g. `25/10`, `25/0.2`); N ≥ 1, SECONDS > 0.
    pub fn parse(text: &str) -> Result<RateLimit, String> {
        let bad = || {
            format!("--rate {text:?}: expected N/SECONDS with N ≥ 1 and SECONDS > 0, e.g. 25/10")
        };
        let (n, secs) = text.split_once('/').ok_or_else(bad)?;
        let requests: u32 = n.trim().parse().map_err(|_| bad())?;
        let secs: f64 = secs.trim().parse().map_err(|_| bad())?;
        if requests == 0 || !secs.is_finite() || secs <= 0.0 || secs > 86_400.0 {
            return Err(bad());
        }
        Ok(RateLimit {
            requests,
            window: Duration::from_secs_f64(secs),
        })
    }
}

/// The limiter's answer for one request.
#[derive(Debug, Clone, Copy)]
pub struct Verdict {
    pub allowed: bool,
    pub limit: u32,
    /// Requests still allowed in the window after this one.
    pub remaining: u32,
    /// When the oldest counted request leaves the window (a slot frees), as epoch seconds.
    pub reset_epoch: u64,
    /// Whole seconds until a slot frees, at least 1.
    pub retry_after: u64,
}

/// Per-credential sliding windows.
#[derive(Debug)]
pub struct Limiter {
    rate: RateLimit,
    windows: HashMap<String, VecDeque<Instant>>,
}

impl Limiter {
    pub fn new(rate: RateLimit) -> Self {
        Limiter {
            rate,
            windows: HashMap::new(),
        }
    }

    pub fn rate(&self) -> RateLimit {
        self.rate
    }

    /// Counts a request by `key` (the presented credential, "" if none) at `now`.
    pub fn check(&mut self, key: &str, now: Instant) -> Verdict {
        let rate = self.rate;
        let window = self.windows.entry(key.to_string()).or_default();
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= rate.window)
        {
            window.pop_front();
        }
        let allowed = window.len() < rate.requests as usize;
        if allowed {
            window.push_back(now);
        }
        let until_free = window.front().map_or(rate.window, |t| {
            rate.window.saturating_sub(now.duration_since(*t))
        });
        let epoch_now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Verdict {
            allowed,
            limit: rate.requests,
            remaining: rate.requests.saturating_sub(window.len() as u32),
            reset_epoch: (epoch_now + until_free).as_secs_f64().ceil() as u64,
            retry_after: (until_free.as_secs_f64().ceil() as u64).max(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_n_per_seconds_and_refuses_nonsense() {
        assert_eq!(RateLimit::parse("25/10"), Ok(RateLimit::V3));
        assert_eq!(
            RateLimit::parse("5/0.2").map(|r| r.window),
            Ok(Duration::from_millis(200))
        );
        for bad in ["0/10", "abc", "25", "25/0", "25/-1", "x/10", "25/nan"] {
            assert!(RateLimit::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn window_slides_per_key() {
        let mut l = Limiter::new(RateLimit {
            requests: 2,
            window: Duration::from_secs(10),
        });
        let t0 = Instant::now();
        assert!(l.check("a", t0).allowed);
        assert!(l.check("a", t0).allowed);
        assert!(!l.check("a", t0).allowed);
        assert!(l.check("b", t0).allowed, "another token has its own window");
        assert!(l.check("a", t0 + Duration::from_secs(10)).allowed);
    }
}
