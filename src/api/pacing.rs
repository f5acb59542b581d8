//! One request budget for the whole client: at most `limit` requests in any `window`.
//!
//! A sliding window of *completed* requests: a request holds its slot while in flight and for
//! one window after its answer arrived. The server counts a request from when it arrived, which
//! is always before we hear back, so our window always ends after the server's: latency can
//! never make us trip the limit (it costs one round trip per window, a few percent).
//!
//! Two priorities: an [`Priority::Interactive`] request (a write the user waits for) registers
//! itself while waiting, and background requests leave that many slots free, so a load can never
//! starve a write. A 429 blocks everyone until the server's `Retry-After`/`X-RateLimit-Reset`.
//! The state is observable ([`PacingSnapshot`]) for the status line and `info`.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use super::Rate;
use super::cancel::CancelToken;
use super::error::ApiError;

/// Who is asking for a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    /// A write or a read the user is waiting for: first in line.
    Interactive,
    /// Loading: never takes a slot an interactive request is waiting for.
    Background,
}

/// What the budget looks like right now.
#[derive(Debug, Clone, PartialEq)]
pub struct PacingSnapshot {
    /// Slots taken: in flight plus answered within the last window.
    pub used: usize,
    pub limit: usize,
    pub window: Duration,
    pub in_flight: usize,
    /// Interactive requests waiting for a slot.
    pub waiting_interactive: usize,
    /// Until the next slot is free (zero when one is free now).
    pub next_free_in: Duration,
    /// Set while a 429 told us to wait.
    pub blocked_for: Option<Duration>,
    /// Requests sent since the client was made.
    pub sent: u64,
    /// 429 answers received since the client was made.
    pub rate_limited: u64,
}

#[derive(Debug)]
struct State {
    limit: usize,
    /// Our own budget; a lower server-stated limit replaces it only while the server says so.
    configured: usize,
    /// When each request answered within the last window, oldest first.
    done: VecDeque<Instant>,
    in_flight: usize,
    blocked_until: Option<Instant>,
    waiting_interactive: usize,
    sent: u64,
    rate_limited: u64,
}

impl State {
    fn purge(&mut self, now: Instant, window: Duration) {
        while self.done.front().is_some_and(|t| *t + window <= now) {
            self.done.pop_front();
        }
    }
}

/// The shared budget. Cheap to share as `Arc<Pacer>`.
#[derive(Debug)]
pub struct Pacer {
    window: Duration,
    state: Mutex<State>,
    changed: Notify,
}

/// A slot, held while the request is in flight; dropping it records the answer time.
#[derive(Debug)]
pub struct Permit {
    pacer: Arc<Pacer>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        {
            let mut s = self.pacer.lock();
            s.in_flight = s.in_flight.saturating_sub(1);
            s.done.push_back(Instant::now());
        }
        self.pacer.changed.notify_waiters();
    }
}

/// Takes an interactive waiter off the count however the wait ends.
struct Waiting<'a>(&'a Pacer);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        let mut s = self.0.lock();
        s.waiting_interactive = s.waiting_interactive.saturating_sub(1);
    }
}

impl Pacer {
    pub fn new(rate: Rate) -> Arc<Pacer> {
        Arc::new(Pacer {
            window: rate.window.max(Duration::from_millis(1)),
            state: Mutex::new(State {
                limit: rate.requests.max(1) as usize,
                configured: rate.requests.max(1) as usize,
                done: VecDeque::new(),
                in_flight: 0,
                blocked_until: None,
                waiting_interactive: 0,
                sent: 0,
                rate_limited: 0,
            }),
            changed: Notify::new(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding this lock cannot leave the counters inconsistent in a way that
        // matters more than stopping all requests would, so keep going with the inner state.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn limit(&self) -> usize {
        self.lock().limit
    }

    /// Waits for a slot. Cancelling returns [`ApiError::Cancelled`].
    pub async fn acquire(
        self: &Arc<Self>,
        priority: Priority,
        cancel: Option<&CancelToken>,
    ) -> Result<Permit, ApiError> {
        let mut registered: Option<Waiting<'_>> = None;
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let wake = {
                let mut s = self.lock();
                let now = Instant::now();
                s.purge(now, self.window);
                let used = s.done.len() + s.in_flight;
                let free = s.limit.saturating_sub(used);
                let blocked = s.blocked_until.filter(|t| *t > now);
                // Background leaves one slot per waiting interactive request.
                let reserve = match priority {
                    Priority::Interactive => 0,
                    Priority::Background => s.waiting_interactive,
                };
                if blocked.is_none() && free > reserve {
                    s.in_flight += 1;
                    s.sent += 1;
                    drop(s);
                    drop(registered);
                    return Ok(Permit {
                        pacer: Arc::clone(self),
                    });
                }
                if priority == Priority::Interactive && registered.is_none() {
                    s.waiting_interactive += 1;
                }
                let next_slot = s.done.front().map(|t| *t + self.window);
                blocked.or(next_slot)
            };
            if priority == Priority::Interactive && registered.is_none() {
                registered = Some(Waiting(self));
            }
            let sleep = async {
                match wake {
                    Some(at) => tokio::time::sleep_until(at).await,
                    None => std::future::pending::<()>().await,
                }
            };
            let cancelled = async {
                match cancel {
                    Some(c) => c.cancelled().await,
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = notified => {}
                () = sleep => {}
                () = cancelled => return Err(ApiError::Cancelled),
            }
        }
    }

    /// A 429 arrived: nobody sends before `wait` has passed.
    pub fn rate_limited(&self, wait: Duration) {
        {
            let mut s = self.lock();
            s.rate_limited += 1;
            let until = Instant::now() + wait;
            s.blocked_until = Some(s.blocked_until.map_or(until, |b| b.max(until)));
        }
        self.changed.notify_waiters();
    }

    /// The server says only `remaining` requests are left in its window, which resets in
    /// `reset_in` (guide's `X-RateLimit-Remaining`/`-Reset`). Fewer than we think are free means
    /// someone else uses the same key (another window, a script): their requests are counted
    /// as taken slots until the reset, so we do not run into 429s.
    pub fn server_remaining(&self, remaining: usize, reset_in: Duration) {
        let mut s = self.lock();
        let now = Instant::now();
        s.purge(now, self.window);
        let free = s.limit.saturating_sub(s.done.len() + s.in_flight);
        if remaining >= free {
            return;
        }
        // A slot counted at `t` frees at `t + window`; back-date so they free at the reset.
        let reset_in = reset_in.min(self.window);
        let at = (now + reset_in).checked_sub(self.window).unwrap_or(now);
        for _ in 0..(free - remaining) {
            let pos = s.done.partition_point(|t| *t <= at);
            s.done.insert(pos, at);
        }
    }

    /// What the last answer said about the limit (`X-RateLimit-Limit`, if anything): a lower
    /// limit than ours is adopted while answers keep saying it; an answer that says nothing
    /// lower brings our own back.
    pub fn server_limit(&self, limit: Option<usize>) {
        let mut s = self.lock();
        s.limit = match limit {
            Some(l) if l > 0 && l < s.configured => l,
            _ => s.configured,
        };
        drop(s);
        self.changed.notify_waiters();
    }

    /// Roughly how long `requests` more requests take at this budget.
    pub fn eta(&self, requests: usize) -> Duration {
        let limit = self.limit().max(1);
        self.window.mul_f64(requests as f64 / limit as f64)
    }

    pub fn snapshot(&self) -> PacingSnapshot {
        let mut s = self.lock();
        let now = Instant::now();
        s.purge(now, self.window);
        let used = s.done.len() + s.in_flight;
        let next_free_in = if used < s.limit {
            Duration::ZERO
        } else {
            s.done.front().map_or(self.window, |t| {
                (*t + self.window).saturating_duration_since(now)
            })
        };
        PacingSnapshot {
            used,
            limit: s.limit,
            window: self.window,
            in_flight: s.in_flight,
            waiting_interactive: s.waiting_interactive,
            next_free_in,
            blocked_for: s
                .blocked_until
                .filter(|b| *b > now)
                .map(|b| b.saturating_duration_since(now)),
            sent: s.sent,
            rate_limited: s.rate_limited,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(n: u32, ms: u64) -> Rate {
        Rate {
            requests: n,
            window: Duration::from_millis(ms),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn never_more_than_limit_in_a_window() {
        let pacer = Pacer::new(rate(3, 1000));
        let start = Instant::now();
        let mut answered = Vec::new();
        for _ in 0..7 {
            let p = pacer
                .acquire(Priority::Background, None)
                .await
                .expect("slot");
            answered.push(Instant::now() - start);
            drop(p);
        }
        // three at once, three one window later, then the seventh
        assert_eq!(answered[2], Duration::ZERO);
        assert_eq!(answered[3], Duration::from_millis(1000));
        assert_eq!(answered[6], Duration::from_millis(2000));
        assert_eq!(pacer.snapshot().sent, 7);
    }

    #[tokio::test(start_paused = true)]
    async fn a_waiting_write_gets_the_next_slot_before_background() {
        let pacer = Pacer::new(rate(1, 1000));
        drop(pacer.acquire(Priority::Background, None).await.expect("a"));
        let bg = {
            let p = Arc::clone(&pacer);
            tokio::spawn(async move {
                let _permit = p.acquire(Priority::Background, None).await;
                Instant::now()
            })
        };
        tokio::task::yield_now().await;
        let write = {
            let p = Arc::clone(&pacer);
            tokio::spawn(async move {
                let _permit = p.acquire(Priority::Interactive, None).await;
                Instant::now()
            })
        };
        tokio::task::yield_now().await;
        assert_eq!(pacer.snapshot().waiting_interactive, 1);
        let (bg_at, write_at) = (bg.await.expect("bg"), write.await.expect("write"));
        assert!(write_at < bg_at, "the write waited behind background");
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_blocks_everyone_for_the_wait() {
        let pacer = Pacer::new(rate(10, 100));
        let start = Instant::now();
        pacer.rate_limited(Duration::from_secs(3));
        assert!(pacer.snapshot().blocked_for.is_some());
        let _p = pacer
            .acquire(Priority::Interactive, None)
            .await
            .expect("slot");
        assert!(Instant::now() - start >= Duration::from_secs(3));
        assert_eq!(pacer.snapshot().rate_limited, 1);
    }

    #[tokio::test(start_paused = true)]
    async fn requests_someone_else_made_count_until_the_servers_reset() {
        let pacer = Pacer::new(rate(10, 1000));
        drop(
            pacer
                .acquire(Priority::Background, None)
                .await
                .expect("slot"),
        );
        // We think 9 are free; the server says 2 are left, resetting in 300 ms.
        pacer.server_remaining(2, Duration::from_millis(300));
        assert_eq!(pacer.snapshot().used, 8);
        let start = Instant::now();
        for _ in 0..2 {
            drop(
                pacer
                    .acquire(Priority::Background, None)
                    .await
                    .expect("slot"),
            );
        }
        assert_eq!(
            Instant::now(),
            start,
            "the two the server allows go at once"
        );
        drop(
            pacer
                .acquire(Priority::Background, None)
                .await
                .expect("slot"),
        );
        assert_eq!(Instant::now() - start, Duration::from_millis(300));
        // Our own count agreeing with the server changes nothing.
        pacer.server_remaining(100, Duration::from_millis(300));
        assert!(pacer.snapshot().used <= 10);
    }

    #[test]
    fn a_lower_server_limit_holds_only_while_the_server_says_it() {
        let pacer = Pacer::new(rate(25, 10_000));
        pacer.server_limit(Some(1));
        assert_eq!(pacer.limit(), 1);
        pacer.server_limit(Some(1));
        assert_eq!(pacer.limit(), 1);
        pacer.server_limit(None);
        assert_eq!(pacer.limit(), 25, "the server stopped saying it");
        pacer.server_limit(Some(100));
        assert_eq!(pacer.limit(), 25, "never above our own budget");
    }

    #[tokio::test(start_paused = true)]
    async fn cancelling_stops_the_wait() {
        let pacer = Pacer::new(rate(1, 10_000));
        let _held = pacer
            .acquire(Priority::Background, None)
            .await
            .expect("slot");
        let cancel = CancelToken::new();
        cancel.cancel();
        let r = pacer.acquire(Priority::Background, Some(&cancel)).await;
        assert_eq!(r.err(), Some(ApiError::Cancelled));
    }
}
