//! One request budget for the whole client: at most `limit` requests in any `window`.
//!
//! A sliding window of slots. A request holds its slot while in flight and until the server
//! can no longer be counting it. The server counts a request when it arrives, somewhere between
//! our sending it and our hearing its answer's head; the head then still has to travel back,
//! and our next request has to travel there. So a slot whose answer was heard frees one window
//! after that head, minus **half** the shortest of the last 32 round trips, less how much those
//! varied (plus a margin of 2 % of the window): safe as long as the way back of one request
//! plus the way there of the next take at least that, which holds whichever way a steady
//! latency splits (all of it before the server counts, as our simulator does, all after, or
//! half each way). Round trips that vary are mostly the server's queue, which may lie before
//! or after its count (a busy simulator let two 429s through on a rule without the variation),
//! so the overlap shrinks to nothing as they vary more. Latency then overlaps the window
//! instead of adding one round trip to it. A request that got no answer (a timeout, a dropped
//! connection, a cancel) may still be counted later, so its slot is held one full window after
//! we gave up on it, as is every slot after a 429 (the estimate proved too bold for this
//! server): one full window after its answer.
//!
//! The limit is what the server states (guide's `X-RateLimit-Limit`, higher or lower than ours)
//! while its answers keep stating it, else the documented one for the profile (the configured
//! budget: 25 per 10 s, raised to guide's documented 30 once the profile is known to be guide
//! and nobody configured a budget).
//!
//! Three priorities: an [`Priority::Interactive`] request (a write the user waits for) registers
//! itself while waiting, and lower priorities leave that many slots free, so a load can never
//! starve a write; likewise a waiting [`Priority::Background`] request (the people pages) goes
//! before [`Priority::Bulk`] (guide's member lists), so people pages keep flowing beside them.
//! A 429 blocks everyone until the server's `Retry-After`/`X-RateLimit-Reset`.
//! The state is observable ([`PacingSnapshot`]) for the status line and `info`.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use super::Rate;
use super::cancel::CancelToken;
use super::error::ApiError;

/// Who is asking for a slot, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// A write or a read the user is waiting for: first in line.
    Interactive,
    /// Loading: never takes a slot an interactive request is waiting for.
    Background,
    /// Loading in bulk (guide's member lists): never takes a slot a waiting interactive or
    /// background request wants.
    Bulk,
}

impl Priority {
    fn rank(self) -> usize {
        match self {
            Priority::Interactive => 0,
            Priority::Background => 1,
            Priority::Bulk => 2,
        }
    }
}

/// The most requests per window a server-stated limit is taken at (a hostile or broken header
/// must not turn the client into a flood).
const MAX_STATED_LIMIT: usize = 1000;

/// Whether slots of answered requests free a window after the answer's head minus half the
/// shortest round trip (latency overlapping the window) from the start. An earlier rule that
/// subtracted the whole shortest round trip, and did so for unanswered requests too, saw a 429
/// on a starved machine (load 17 on 2 cores, 200 ms test windows).
const OVERLAP_BY_DEFAULT: bool = true;

/// How many round trips [`State::overlap_by`] looks back on.
const RECENT: usize = 32;

/// What the budget looks like right now.
#[derive(Debug, Clone, PartialEq)]
pub struct PacingSnapshot {
    /// Slots taken: in flight plus answered and maybe still counted by the server.
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
    /// The documented budget, used while the server states none.
    documented: usize,
    /// When each answered request's slot frees, soonest first.
    frees_at: VecDeque<Instant>,
    /// For each slot freed early by the overlap, when the server may stop counting it (one
    /// window after its answer), soonest first: the server's own count
    /// ([`Pacer::server_remaining`]) still holds these, and that is not someone else.
    counted_until: VecDeque<Instant>,
    in_flight: usize,
    blocked_until: Option<Instant>,
    /// Requests waiting for a slot, by [`Priority::rank`].
    waiting: [usize; 3],
    /// The last [`RECENT`] round trips (sending to the answer's head), oldest first.
    rtts: VecDeque<Duration>,
    /// Cleared by a 429: from then on a slot is held one full window after its answer.
    overlap: bool,
    sent: u64,
    rate_limited: u64,
}

impl State {
    fn purge(&mut self, now: Instant) {
        while self.frees_at.front().is_some_and(|t| *t <= now) {
            self.frees_at.pop_front();
        }
        while self.counted_until.front().is_some_and(|t| *t <= now) {
            self.counted_until.pop_front();
        }
    }

    fn used(&self) -> usize {
        self.frees_at.len() + self.in_flight
    }

    /// How much earlier than a window after its answer a slot frees: half the shortest recent
    /// round trip, less how much recent round trips varied. A steady trip is latency split
    /// alike each time, which half of it safely covers; a trip that varies is mostly the
    /// server's queue, which may come before or after it counts a request, so the overlap
    /// shrinks to nothing as the variation grows.
    fn overlap_by(&self) -> Duration {
        let lo = self.rtts.iter().min().copied().unwrap_or_default();
        let hi = self.rtts.iter().max().copied().unwrap_or_default();
        (lo / 2).saturating_sub(hi - lo)
    }

    /// Slots a request at `priority` must leave for those waiting ahead of it.
    fn reserved_above(&self, priority: Priority) -> usize {
        self.waiting[..priority.rank()].iter().sum()
    }
}

/// The shared budget. Cheap to share as `Arc<Pacer>`.
#[derive(Debug)]
pub struct Pacer {
    window: Duration,
    state: Mutex<State>,
    changed: Notify,
}

/// A slot, held while the request is in flight. [`Permit::heard_back`] records when the
/// answer's head arrived; dropping the permit frees the slot by the rules above.
#[derive(Debug)]
pub struct Permit {
    pacer: Arc<Pacer>,
    sent: Instant,
    heard: Option<Instant>,
}

impl Permit {
    /// The answer's status line and headers arrived: the server has counted the request.
    pub fn heard_back(&mut self) {
        self.heard.get_or_insert_with(Instant::now);
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        {
            let now = Instant::now();
            let window = self.pacer.window;
            let mut s = self.pacer.lock();
            s.in_flight = s.in_flight.saturating_sub(1);
            let frees = match self.heard {
                None => now + window,
                Some(heard) => {
                    let rtt = heard.saturating_duration_since(self.sent);
                    if s.rtts.len() == RECENT {
                        s.rtts.pop_front();
                    }
                    s.rtts.push_back(rtt);
                    if s.overlap {
                        let overlap = s.overlap_by();
                        let margin = (window / 50).max(Duration::from_millis(2));
                        let counted = heard + window;
                        let pos = s.counted_until.partition_point(|t| *t <= counted);
                        s.counted_until.insert(pos, counted);
                        (heard + window + margin)
                            .checked_sub(overlap)
                            .unwrap_or(heard)
                            .max(self.sent + window + margin)
                    } else {
                        heard + window
                    }
                }
            };
            // Kept sorted: a slot freeing earlier than the last one goes before it.
            let pos = s.frees_at.partition_point(|t| *t <= frees);
            s.frees_at.insert(pos, frees);
        }
        self.pacer.changed.notify_waiters();
    }
}

/// Takes a waiter off the count however the wait ends.
struct Waiting<'a>(&'a Pacer, usize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        let mut s = self.0.lock();
        s.waiting[self.1] = s.waiting[self.1].saturating_sub(1);
    }
}

impl Pacer {
    pub fn new(rate: Rate) -> Arc<Pacer> {
        Arc::new(Pacer {
            window: rate.window.max(Duration::from_millis(1)),
            state: Mutex::new(State {
                limit: rate.requests.max(1) as usize,
                documented: rate.requests.max(1) as usize,
                frees_at: VecDeque::new(),
                counted_until: VecDeque::new(),
                in_flight: 0,
                blocked_until: None,
                waiting: [0; 3],
                rtts: VecDeque::with_capacity(RECENT),
                overlap: OVERLAP_BY_DEFAULT,
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
                s.purge(now);
                let free = s.limit.saturating_sub(s.used());
                let blocked = s.blocked_until.filter(|t| *t > now);
                // Leave one slot per request waiting at a higher priority (not counting us).
                let reserve = s.reserved_above(priority);
                if blocked.is_none() && free > reserve {
                    s.in_flight += 1;
                    s.sent += 1;
                    drop(s);
                    drop(registered);
                    return Ok(Permit {
                        pacer: Arc::clone(self),
                        sent: now,
                        heard: None,
                    });
                }
                if registered.is_none() {
                    s.waiting[priority.rank()] += 1;
                }
                blocked.or(s.frees_at.front().copied())
            };
            if registered.is_none() {
                registered = Some(Waiting(self, priority.rank()));
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

    /// A 429 arrived: nobody sends before `wait` has passed, and from now on every slot is
    /// held one full window after its answer (the latency estimate proved too bold here).
    pub fn rate_limited(&self, wait: Duration) {
        {
            let mut s = self.lock();
            s.rate_limited += 1;
            if s.overlap {
                tracing::warn!(
                    "429 although paced: holding each request slot one window after its answer from now on"
                );
                s.overlap = false;
            }
            let until = Instant::now() + wait;
            s.blocked_until = Some(s.blocked_until.map_or(until, |b| b.max(until)));
        }
        self.changed.notify_waiters();
    }

    /// The server says only `remaining` requests are left in its window, which resets in
    /// `reset_in` (guide's `X-RateLimit-Remaining`/`-Reset`). Fewer than we think are free means
    /// someone else uses the same key (another window, a script): their requests are counted
    /// as taken slots until the reset, so we do not run into 429s. Our own requests whose
    /// slots the overlap freed before the server stops counting them are not someone else's.
    pub fn server_remaining(&self, remaining: usize, reset_in: Duration) {
        let mut s = self.lock();
        let now = Instant::now();
        s.purge(now);
        let free = s
            .limit
            .saturating_sub(s.used())
            .saturating_sub(s.counted_until.len());
        if remaining >= free {
            return;
        }
        let at = now + reset_in.min(self.window);
        for _ in 0..(free - remaining) {
            let pos = s.frees_at.partition_point(|t| *t <= at);
            s.frees_at.insert(pos, at);
        }
    }

    /// What the last answer said about the limit (`X-RateLimit-Limit`, if anything): a stated
    /// limit, higher or lower than the documented one, is adopted while answers keep stating
    /// it; an answer that states none brings the documented one back.
    pub fn server_limit(&self, limit: Option<usize>) {
        let mut s = self.lock();
        let before = s.limit;
        s.limit = match limit {
            Some(l) if l > 0 => l.min(MAX_STATED_LIMIT),
            _ => s.documented,
        };
        let raised = s.limit > before;
        drop(s);
        if raised {
            self.changed.notify_waiters();
        }
    }

    /// The documented limit for the profile in use (guide documents 30 per 10 s): used while
    /// the server states none.
    pub fn set_documented(&self, requests: usize) {
        let mut s = self.lock();
        let requests = requests.max(1);
        if s.limit == s.documented {
            s.limit = requests;
        }
        s.documented = requests;
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
        s.purge(now);
        let used = s.used();
        let next_free_in = if used < s.limit {
            Duration::ZERO
        } else {
            s.frees_at
                .front()
                .map_or(self.window, |t| t.saturating_duration_since(now))
        };
        PacingSnapshot {
            used,
            limit: s.limit,
            window: self.window,
            in_flight: s.in_flight,
            waiting_interactive: s.waiting[Priority::Interactive.rank()],
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

    #[tokio::test(start_paused = true)]
    async fn the_servers_count_of_our_own_early_freed_slots_is_not_someone_else() {
        let pacer = Pacer::new(rate(3, 1000));
        assert!(pacer.lock().overlap);
        let start = Instant::now();
        paced_with_latency(&pacer, 3, Duration::from_millis(50)).await;
        // 1045 ms: the overlap frees all three slots; the server counts them until 1050.
        tokio::time::sleep_until(start + Duration::from_millis(1046)).await;
        let mut p = pacer
            .acquire(Priority::Background, None)
            .await
            .expect("slot");
        assert_eq!(Instant::now() - start, Duration::from_millis(1046));
        // The server still counts our three: it says none is left besides this one.
        pacer.server_remaining(0, Duration::from_millis(4));
        p.heard_back();
        drop(p);
        drop(
            pacer
                .acquire(Priority::Background, None)
                .await
                .expect("next"),
        );
        assert_eq!(
            Instant::now() - start,
            Duration::from_millis(1046),
            "no slot taken for someone else"
        );
    }

    #[test]
    fn a_stated_limit_holds_only_while_the_server_states_it() {
        let pacer = Pacer::new(rate(25, 10_000));
        pacer.server_limit(Some(1));
        assert_eq!(pacer.limit(), 1);
        pacer.server_limit(Some(1));
        assert_eq!(pacer.limit(), 1);
        pacer.server_limit(None);
        assert_eq!(pacer.limit(), 25, "the server stopped saying it");
        pacer.server_limit(Some(30));
        assert_eq!(pacer.limit(), 30, "a higher stated limit is the real one");
        pacer.server_limit(Some(1_000_000));
        assert_eq!(pacer.limit(), MAX_STATED_LIMIT, "but not a flood");
        pacer.set_documented(30);
        pacer.server_limit(None);
        assert_eq!(pacer.limit(), 30, "guide's documented limit");
    }

    /// Sends `n` requests one after the other, each answered `rtt` after it was sent; returns
    /// when each was sent, from the start.
    async fn paced_with_latency(pacer: &Arc<Pacer>, n: usize, rtt: Duration) -> Vec<Duration> {
        let start = Instant::now();
        let mut sent = Vec::new();
        let mut runs = Vec::new();
        for _ in 0..n {
            let mut p = pacer
                .acquire(Priority::Background, None)
                .await
                .expect("slot");
            sent.push(Instant::now() - start);
            runs.push(tokio::spawn(async move {
                tokio::time::sleep(rtt).await;
                p.heard_back();
                drop(p);
            }));
        }
        for r in runs {
            r.await.expect("answer");
        }
        sent
    }

    #[tokio::test(start_paused = true)]
    async fn latency_overlaps_the_window_instead_of_adding_to_it() {
        let pacer = Pacer::new(rate(3, 1000));
        pacer.lock().overlap = true;
        let sent = paced_with_latency(&pacer, 7, Duration::from_millis(50)).await;
        // A slot frees one window (plus the 20 ms margin) after its answer less half the
        // round trip: 50 + 1000 + 20 - 25, not 50 + 1000.
        assert_eq!(sent[3], Duration::from_millis(1045));
        assert_eq!(sent[6], Duration::from_millis(2090));
    }

    #[tokio::test(start_paused = true)]
    async fn round_trips_that_vary_overlap_by_less_and_then_not_at_all() {
        let pacer = Pacer::new(rate(1, 1000));
        // The wait from an answer after a trip of `ms` to the next slot.
        let trip = |ms: u64| {
            let pacer = Arc::clone(&pacer);
            async move {
                tokio::time::sleep(Duration::from_secs(3)).await;
                let mut p = pacer
                    .acquire(Priority::Background, None)
                    .await
                    .expect("slot");
                tokio::time::sleep(Duration::from_millis(ms)).await;
                p.heard_back();
                let answered = Instant::now();
                drop(p);
                drop(
                    pacer
                        .acquire(Priority::Background, None)
                        .await
                        .expect("next"),
                );
                Instant::now() - answered
            }
        };
        // Steady 40 ms trips: half of one overlaps (a window plus the 20 ms margin, less 20).
        assert_eq!(trip(40).await, Duration::from_millis(1000));
        // One of 46 ms: 20 less the 6 ms spread.
        assert_eq!(trip(46).await, Duration::from_millis(1006));
        // Trips from 40 to 70 ms vary by more than half the shortest: no overlap at all.
        assert_eq!(trip(70).await, Duration::from_millis(1020));
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_without_an_answer_holds_its_slot_a_window_after_it_was_given_up() {
        let pacer = Pacer::new(rate(1, 1000));
        assert!(pacer.lock().overlap);
        // One answered request first, so a round trip is known.
        paced_with_latency(&pacer, 1, Duration::from_millis(50)).await;
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let start = Instant::now();
        let unanswered = pacer
            .acquire(Priority::Background, None)
            .await
            .expect("slot");
        tokio::time::sleep(Duration::from_millis(300)).await;
        drop(unanswered);
        drop(
            pacer
                .acquire(Priority::Background, None)
                .await
                .expect("next"),
        );
        // The server may count it as late as we gave up: no overlap for it.
        assert_eq!(Instant::now() - start, Duration::from_millis(1300));
    }

    #[tokio::test(start_paused = true)]
    async fn an_answers_slot_is_timed_from_its_head_not_from_the_end_of_its_body() {
        let pacer = Pacer::new(rate(1, 1000));
        pacer.lock().overlap = false;
        let start = Instant::now();
        let mut p = pacer
            .acquire(Priority::Background, None)
            .await
            .expect("slot");
        tokio::time::sleep(Duration::from_millis(40)).await;
        p.heard_back();
        // A long body: the server counted the request before its head was sent.
        tokio::time::sleep(Duration::from_millis(400)).await;
        drop(p);
        drop(
            pacer
                .acquire(Priority::Background, None)
                .await
                .expect("next"),
        );
        assert_eq!(Instant::now() - start, Duration::from_millis(1040));
    }

    #[tokio::test(start_paused = true)]
    async fn after_a_429_slots_are_held_a_window_after_the_answer() {
        let pacer = Pacer::new(rate(3, 1000));
        pacer.lock().overlap = true;
        pacer.rate_limited(Duration::from_millis(1));
        tokio::time::sleep(Duration::from_millis(1)).await;
        let sent = paced_with_latency(&pacer, 4, Duration::from_millis(50)).await;
        assert_eq!(sent[3], Duration::from_millis(1050));
    }

    #[tokio::test(start_paused = true)]
    async fn a_waiting_people_page_goes_before_bulk_member_lists() {
        let pacer = Pacer::new(rate(1, 1000));
        drop(pacer.acquire(Priority::Background, None).await.expect("a"));
        let spawn = |priority| {
            let p = Arc::clone(&pacer);
            tokio::spawn(async move {
                let _permit = p.acquire(priority, None).await;
                Instant::now()
            })
        };
        let bulk = spawn(Priority::Bulk);
        tokio::task::yield_now().await;
        let page = spawn(Priority::Background);
        tokio::task::yield_now().await;
        let (bulk_at, page_at) = (bulk.await.expect("bulk"), page.await.expect("page"));
        assert!(
            page_at < bulk_at,
            "the people page waited behind a member list"
        );
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
