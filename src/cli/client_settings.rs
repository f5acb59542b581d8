//! The config's settings for the client, applied in one place for every command: the request
//! budget (`pacing`), the longest wait (`max_wait`, `--max-wait`) and the caps (`[limits]`),
//! and the page cap `doctor` learned for the account (`local::learned`).

use std::num::NonZeroU32;

use crate::api::{ClientConfig, Limits, Rate};
use crate::local::config::LimitsConfig;
use crate::local::target::Located;

/// Sets what `located` configures on `cfg`; what it leaves out keeps the client's default.
pub fn apply(located: &Located, cfg: &mut ClientConfig) {
    if let Some(p) = located.pacing {
        cfg.rate = Rate {
            requests: p.requests.get(),
            window: p.window,
        };
    }
    if let Some(w) = located.max_wait {
        cfg.max_wait = w;
    }
    cfg.limits = limits(&located.limits);
    // A page cap `doctor` found on this account, unless the config sets the page size.
    if located.limits.page_size.is_none()
        && let Ok(paths) = crate::local::paths::Paths::discover()
        && let Some(cap) = crate::local::learned::load(&paths, &located.label).page_cap
    {
        cfg.limits.page_size = (cap as usize).clamp(1, Limits::DEFAULT.page_size);
    }
}

/// The caps the config sets, the defaults for the rest.
pub fn limits(c: &LimitsConfig) -> Limits {
    let d = Limits::DEFAULT;
    Limits {
        body_bytes: c
            .body_mb
            .map_or(d.body_bytes, |mb| u64::from(mb.get()) * 1024 * 1024),
        pages_per_list: c.pages_per_list.map_or(d.pages_per_list, NonZeroU32::get),
        page_size: c
            .page_size
            .map_or(d.page_size, |n| (n.get() as usize).min(d.page_size)),
        people: c.people.map_or(d.people, |n| n.get() as usize),
        projects: c.projects.map_or(d.projects, |n| n.get() as usize),
    }
}
