//! What applying a plan costs: requests and time at the rate limit, per API profile.
//!
//! Per item (what [`crate::api::Client`]'s verified writes send):
//! - invite: one `POST /people`;
//! - update: read, PUT, read back (3);
//! - delete: read, DELETE, read back (3);
//! - membership, v3: read the project, PUT `assigned`, read back (3);
//! - membership, guide: POST/DELETE, read the member list back (2).
//!
//! Plus the re-load apply starts with (people and project pages; v3 also roles and groups;
//! guide one member list per project). Retries after faults come on top.

use std::time::Duration;

use super::plan::{Kind, Plan};
use crate::api::Rate;
use crate::model::profile::Profile;

/// Requests one item of a kind sends when nothing fails.
pub fn requests_per_item(kind: Kind, profile: Profile) -> usize {
    match (kind, profile) {
        (Kind::Invite, _) => 1,
        (Kind::Update | Kind::Delete, _) => 3,
        (Kind::AddMember | Kind::RemoveMember, Profile::V3) => 3,
        (Kind::AddMember | Kind::RemoveMember, Profile::Guide) => 2,
    }
}

/// Requests the account load at the start of apply sends.
pub fn load_requests(profile: Profile, people: usize, projects: usize) -> usize {
    let pages = |n: usize| n / 100 + 1;
    match profile {
        Profile::V3 => pages(people) + pages(projects) + 2,
        Profile::Guide => pages(people) + pages(projects) + projects,
    }
}

/// The estimate shown before applying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    pub requests: usize,
    pub time: Duration,
}

/// Requests and time for the plan's ticked items at `rate`.
pub fn estimate(plan: &Plan, rate: Rate) -> Estimate {
    let items: usize = plan
        .items
        .iter()
        .filter(|i| !i.skip)
        .map(|i| requests_per_item(i.change.kind(), plan.profile))
        .sum();
    let requests = items
        + load_requests(
            plan.profile,
            plan.people_in_account,
            plan.projects_in_account,
        );
    let limit = f64::from(rate.requests.max(1));
    Estimate {
        requests,
        time: rate.window.mul_f64(requests as f64 / limit),
    }
}

/// "3 min 20 s", "45 s".
pub fn human(d: Duration) -> String {
    let s = d.as_secs_f64().ceil() as u64;
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}
