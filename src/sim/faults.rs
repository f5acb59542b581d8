//! Fault injection: latency, a share of 500/503 answers, dropped connections, truncated bodies,
//! HTML error pages, v3 200-with-error bodies, 429 storms (with a chosen wait), redirects to
//! another host, bodies that trickle out byte by byte, and requests of one method held until
//! released. Set from `SimOptions`, `Sim::set_faults`, or over HTTP with
//! `PUT /__sim/faults` (the JSON form of [`Faults`]).
//!
//! Random faults are drawn from a SplitMix64 seeded with `seed`, reseeded whenever faults are
//! set, so the same sequence of requests meets the same faults. Shares are percentages; one draw
//! per request picks at most one of drop, truncate, html, fail (in that order of the 0..100
//! scale), so their sum must not exceed 100.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::rng::SplitMix64;

/// What to inject. `Faults::default()` injects nothing.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Added before every API answer (JSON: `latency_ms`).
    #[serde(rename = "latency_ms", with = "millis")]
    pub latency: Duration,
    /// Percent of requests answered 500 or 503 (alternating by draw).
    pub fail_rate: f64,
    /// Percent of requests whose connection is closed without an answer.
    pub drop_rate: f64,
    /// Percent of answers cut off halfway through the body (Content-Length promises more).
    pub truncate_rate: f64,
    /// Percent of requests answered by an HTML 502 page, as a proxy would.
    pub html_rate: f64,
    /// A burst of 429s before anything else.
    pub storm: Option<Storm>,
    /// Seed of the fault draws.
    pub seed: u64,
    /// When set, the random faults (fail, drop, truncate, html, error body) hit only requests
    /// with this HTTP method (e.g. `"DELETE"`), so a test can fail a write and not the reads
    /// around it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only_method: Option<String>,
    /// Percent of requests answered HTTP 200 with v3's error body (`success: false`), as v3
    /// does when something breaks behind it.
    pub error_body_rate: f64,
    /// The wait a storm's 429 asks for, in seconds (`Retry-After`; guide: `X-RateLimit-Reset`);
    /// default 1 for a storm of N requests, the storm's rest for a timed one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_s: Option<u64>,
    /// Every API request is answered `302 Found` to this origin plus the request's path (a
    /// misconfigured proxy sending the client, and its token, to another host).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_to: Option<String>,
    /// Every answer's body trickles out one byte per this many milliseconds (0: off).
    pub slow_body_ms: u64,
    /// Requests with this HTTP method (e.g. `"PUT"`) are logged on arrival and then held,
    /// unanswered, for as long as these faults are in force; setting other faults (`{}`)
    /// lets them go on. A write stays in flight exactly as long as a test wants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hold_method: Option<String>,
    /// Every request to exactly this path (e.g. `"/api/v3/people/7"`), of `only_method` when
    /// that is set, is answered 500, every time: one write of a batch fails for good while
    /// the others and the reads around it succeed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_path: Option<String>,
}

/// A 429 storm: every request is refused as rate-limited, for a count or a time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Storm {
    /// The next N requests (JSON: `{"requests": N}`).
    Requests(u32),
    /// Every request for this long from when it is set (JSON: `{"for_ms": MS}`).
    #[serde(rename = "for_ms", with = "millis")]
    For(Duration),
}

mod millis {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(d.as_millis() as u64)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        u64::deserialize(d).map(Duration::from_millis)
    }
}

impl Faults {
    /// Checks that every share is within 0..=100 and that they add up to at most 100.
    pub fn validate(&self) -> Result<(), String> {
        let shares = [
            ("fail_rate", self.fail_rate),
            ("drop_rate", self.drop_rate),
            ("truncate_rate", self.truncate_rate),
            ("html_rate", self.html_rate),
            ("error_body_rate", self.error_body_rate),
        ];
        for (name, v) in shares {
            if !(0.0..=100.0).contains(&v) {
                return Err(format!(
                    "{name} must be a percentage from 0 to 100, not {v}"
                ));
            }
        }
        let sum: f64 = shares.iter().map(|(_, v)| v).sum();
        if sum > 100.0 {
            return Err(format!("the fault shares add up to {sum}%, more than 100%"));
        }
        Ok(())
    }

    /// The same faults with each share clamped into range (for in-process callers).
    fn clamped(mut self) -> Self {
        for v in [
            &mut self.fail_rate,
            &mut self.drop_rate,
            &mut self.truncate_rate,
            &mut self.html_rate,
            &mut self.error_body_rate,
        ] {
            *v = if v.is_finite() {
                v.clamp(0.0, 100.0)
            } else {
                0.0
            };
        }
        self
    }
}

/// What happens to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Injected {
    None,
    Storm { retry_after: u64 },
    Drop,
    Truncate,
    Html,
    Fail(u16),
    ErrorBody,
}

impl Injected {
    pub fn label(self) -> Option<&'static str> {
        match self {
            Injected::None => None,
            Injected::Storm { .. } => Some("storm"),
            Injected::Drop => Some("drop"),
            Injected::Truncate => Some("truncate"),
            Injected::Html => Some("html"),
            Injected::Fail(_) => Some("fail"),
            Injected::ErrorBody => Some("error_body"),
        }
    }
}

/// The faults in force and the draws made so far.
#[derive(Debug)]
pub struct FaultState {
    faults: Faults,
    rng: SplitMix64,
    storm_left: u32,
    storm_until: Option<Instant>,
}

impl FaultState {
    /// `faults` in force from `now` (the simulator's clock).
    pub fn new(faults: Faults, now: Instant) -> Self {
        let mut s = FaultState {
            faults: Faults::default(),
            rng: SplitMix64::new(0),
            storm_left: 0,
            storm_until: None,
        };
        s.set(faults, now);
        s
    }

    pub fn get(&self) -> Faults {
        self.faults.clone()
    }

    /// Puts `faults` in force at `now` (the simulator's clock: a timed storm ends by it).
    pub fn set(&mut self, faults: Faults, now: Instant) {
        let faults = faults.clamped();
        self.rng = SplitMix64::new(faults.seed);
        self.storm_left = 0;
        self.storm_until = None;
        match faults.storm {
            Some(Storm::Requests(n)) => self.storm_left = n,
            Some(Storm::For(d)) => {
                // A year stands for "forever" and keeps the clock arithmetic from overflowing.
                let d = d.min(Duration::from_secs(365 * 86_400));
                self.storm_until = Some(now + d);
            }
            None => {}
        }
        self.faults = faults;
    }

    pub fn latency(&self) -> Duration {
        self.faults.latency
    }

    pub fn redirect_to(&self) -> Option<String> {
        self.faults.redirect_to.clone()
    }

    /// The pause between body bytes, when bodies trickle.
    pub fn slow_body(&self) -> Option<Duration> {
        (self.faults.slow_body_ms > 0).then(|| Duration::from_millis(self.faults.slow_body_ms))
    }

    /// Whether a request of `method` is held now (see [`Faults::hold_method`]).
    pub fn holds(&self, method: &str) -> bool {
        self.faults
            .hold_method
            .as_deref()
            .is_some_and(|m| m.eq_ignore_ascii_case(method))
    }

    /// `drawn` for a request of `method`, or no fault when `only_method` names another method
    /// (storms hit every request regardless).
    pub fn only_method(&self, method: &str, drawn: Injected) -> Injected {
        match (&self.faults.only_method, drawn) {
            (_, Injected::Storm { .. }) | (None, _) => drawn,
            (Some(m), _) if m.eq_ignore_ascii_case(method) => drawn,
            _ => Injected::None,
        }
    }

    /// Whether a request of `method` to `path` meets [`Faults::fail_path`].
    pub fn fails_path(&self, method: &str, path: &str) -> bool {
        self.faults.fail_path.as_deref() == Some(path)
            && self
                .faults
                .only_method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
    }

    /// Decides the fault for the next request.
    pub fn draw(&mut self, now: Instant) -> Injected {
        if self.storm_left > 0 {
            self.storm_left -= 1;
            return Injected::Storm {
                retry_after: self.faults.retry_after_s.unwrap_or(1),
            };
        }
        if let Some(until) = self.storm_until {
            if now < until {
                let left = until.duration_since(now).as_secs_f64().ceil() as u64;
                return Injected::Storm {
                    retry_after: self.faults.retry_after_s.unwrap_or(left.max(1)),
                };
            }
            self.storm_until = None;
        }
        let f = &self.faults;
        if f.drop_rate + f.truncate_rate + f.html_rate + f.fail_rate + f.error_body_rate <= 0.0 {
            return Injected::None;
        }
        let r = self.rng.unit() * 100.0;
        let mut edge = f.drop_rate;
        if r < edge {
            return Injected::Drop;
        }
        edge += f.truncate_rate;
        if r < edge {
            return Injected::Truncate;
        }
        edge += f.html_rate;
        if r < edge {
            return Injected::Html;
        }
        edge += f.fail_rate;
        if r < edge {
            return Injected::Fail(if self.rng.next_u64().is_multiple_of(2) {
                500
            } else {
                503
            });
        }
        edge += f.error_body_rate;
        if r < edge {
            return Injected::ErrorBody;
        }
        Injected::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_faults() {
        let faults = Faults {
            fail_rate: 30.0,
            drop_rate: 10.0,
            seed: 42,
            ..Faults::default()
        };
        let now = Instant::now();
        let mut a = FaultState::new(faults.clone(), now);
        let mut b = FaultState::new(faults, now);
        let da: Vec<_> = (0..200).map(|_| a.draw(now)).collect();
        let db: Vec<_> = (0..200).map(|_| b.draw(now)).collect();
        assert_eq!(da, db);
        assert!(da.contains(&Injected::Drop));
        assert!(da.iter().any(|d| matches!(d, Injected::Fail(_))));
        assert!(da.contains(&Injected::None));
    }

    #[test]
    fn an_endless_storm_does_not_overflow_the_clock() {
        let mut s = FaultState::new(
            Faults {
                storm: Some(Storm::For(Duration::from_millis(u64::MAX))),
                ..Faults::default()
            },
            Instant::now(),
        );
        assert!(matches!(s.draw(Instant::now()), Injected::Storm { .. }));
    }

    #[test]
    fn storm_of_n_requests_then_calm() {
        let mut s = FaultState::new(
            Faults {
                storm: Some(Storm::Requests(2)),
                ..Faults::default()
            },
            Instant::now(),
        );
        let now = Instant::now();
        assert!(matches!(s.draw(now), Injected::Storm { .. }));
        assert!(matches!(s.draw(now), Injected::Storm { .. }));
        assert_eq!(s.draw(now), Injected::None);
    }

    #[test]
    fn json_form_round_trips_and_shares_are_checked() {
        let f: Faults =
            serde_json::from_str(r#"{"latency_ms":20,"storm":{"for_ms":500},"html_rate":5}"#)
                .expect("parses");
        assert_eq!(f.latency, Duration::from_millis(20));
        assert_eq!(f.storm, Some(Storm::For(Duration::from_millis(500))));
        assert!(f.validate().is_ok());
        let too_much = Faults {
            fail_rate: 60.0,
            drop_rate: 50.0,
            ..Faults::default()
        };
        assert!(too_much.validate().is_err());
    }
}
