//! Turns what `doctor` observed into rows: for each of our assumptions (design/api-profiles.md,
//! for the profile the account turned out to speak), what it saw and whether the assumption
//! held. A row whose request was not sent is `unknown`. Every `saw` is counts, statuses, codes
//! and field names only (see `doctor_report.rs`).

use std::collections::HashSet;

use serde_json::Value;

use super::doctor_plan::Observed;
use super::doctor_probe::{BUDGET, Seen, Stop};
use super::doctor_report::Finding;
use crate::api::page_query::PAGE_SIZE;
use crate::api::types::id_of;
use crate::model::profile::Profile;

/// What a row says when its request was not sent.
fn not_probed(stop: Option<&Stop>) -> String {
    match stop {
        Some(s) => format!("not probed ({})", stop_words(s)),
        None => "not probed (nothing to probe it with)".to_string(),
    }
}

pub fn stop_words(s: &Stop) -> String {
    match s {
        Stop::Budget => format!("the budget of {BUDGET} requests was spent"),
        Stop::RateLimited => {
            "a 429 came back: another user of the key is at the rate limit".to_string()
        }
        Stop::NearLimit => "the server's rate window was nearly used up".to_string(),
        Stop::Unreachable(why) => format!("the server stopped answering: {why}"),
    }
}

fn accepted(s: &Seen) -> String {
    if s.is_success() {
        "accepted".to_string()
    } else {
        format!("refused ({})", s.shape())
    }
}

/// The profile a person record's fields show.
fn profile_of_person(v: &Value) -> Option<Profile> {
    let o = v.as_object()?;
    if o.contains_key("first_name") || o.get("role").is_some_and(Value::is_object) {
        Some(Profile::V3)
    } else if o.contains_key("name") && o.get("role").is_some_and(Value::is_string) {
        Some(Profile::Guide)
    } else {
        None
    }
}

/// The profile a refused key's answer shows: 401 → guide, 200 + code 1001 → v3.
fn profile_of_refusal(s: &Seen) -> Option<Profile> {
    if s.status == 401 {
        Some(Profile::Guide)
    } else if s.status == 200 && s.refused_key() {
        Some(Profile::V3)
    } else {
        None
    }
}

/// The profile detected: the people's shape, else the refusal's.
pub fn detect(o: &Observed) -> Option<Profile> {
    o.first_people()
        .first()
        .and_then(profile_of_person)
        .or_else(|| o.wrong_key.as_ref().and_then(profile_of_refusal))
}

/// Every row, in the order the report prints them.
pub fn rows(
    o: &Observed,
    profile: Profile,
    stop: Option<&Stop>,
    used: usize,
    rate: RateSeen,
) -> Vec<Finding> {
    vec![
        auth(o, profile, stop),
        user_agent(o, stop),
        profile_row(o, profile),
        page_cap(o, stop),
        paging(o, profile, stop),
        error_shape(o, profile, stop),
        rate_headers(profile, rate),
        unknown_id(o, profile, stop),
        id_types(o),
        timestamps(o),
        roles(o, profile, stop),
        project_fields(o, profile, stop),
        project_people(o, profile, stop),
        budget(used, stop),
    ]
}

fn auth(o: &Observed, profile: Profile, stop: Option<&Stop>) -> Finding {
    let ours = match profile {
        Profile::V3 => "X-API-KEY",
        Profile::Guide => "Authorization: Bearer",
    };
    let f = Finding::new(
        "auth",
        "auth scheme",
        format!("the key is accepted as {ours}"),
    );
    let (Some(key), Some(bearer)) = (&o.api_key_only, &o.bearer_only) else {
        return f.unknown(not_probed(stop));
    };
    let saw = format!(
        "X-API-KEY alone: {}; Bearer alone: {}",
        accepted(key),
        accepted(bearer)
    );
    let ok = match profile {
        Profile::V3 => key.is_success(),
        Profile::Guide => bearer.is_success(),
    };
    if ok {
        f.held(saw)
    } else {
        f.contradicted(
            saw,
            "nothing: the client sends X-API-KEY and Bearer together on every request, so the one this account reads is always there",
        )
    }
}

fn user_agent(o: &Observed, stop: Option<&Stop>) -> Finding {
    let f = Finding::new(
        "user_agent",
        "User-Agent",
        "required: a request without one is refused (400)",
    );
    match &o.no_user_agent {
        None => f.unknown(not_probed(stop)),
        Some(s) if !s.is_success() => f.held(format!("without a User-Agent: {}", s.shape())),
        Some(s) => f.contradicted(
            format!("without a User-Agent: {} (accepted)", s.shape()),
            "nothing: the client always sends `User-Agent: proofhub-tui/VERSION (contact)`",
        ),
    }
}

fn profile_row(o: &Observed, profile: Profile) -> Finding {
    let f = Finding::new(
        "profile",
        "profile",
        "one profile throughout (people's fields, a refusal's shape and rate headers agree)",
    );
    let by_shape = o.first_people().first().and_then(profile_of_person);
    let by_refusal = o.wrong_key.as_ref().and_then(profile_of_refusal);
    let by_headers = o
        .people
        .as_ref()
        .filter(|s| s.rate_headers > 0)
        .map(|_| Profile::Guide);
    let name = |p: Option<Profile>| p.map_or("no sign".to_string(), |p| p.to_string());
    let saw = format!(
        "{profile}: people's fields say {}, a refused key says {}, rate headers say {}",
        name(by_shape),
        name(by_refusal),
        name(by_headers)
    );
    let signs: Vec<Profile> = [by_shape, by_refusal, by_headers]
        .into_iter()
        .flatten()
        .collect();
    if signs.is_empty() {
        f.unknown(saw)
    } else if signs.iter().all(|p| *p == profile) {
        f.held(saw)
    } else {
        f.contradicted(
            saw,
            format!("the client goes by the first answer that shows a profile (people page 1: {profile}); if that is wrong for this account, set `api = \"v3\"` or `api = \"guide\"` for it in the config"),
        )
    }
}

fn fresh_ids(first: &[Value], next: &[Value]) -> usize {
    let seen: HashSet<u64> = first.iter().filter_map(id_of).collect();
    next.iter()
        .filter_map(id_of)
        .filter(|id| !seen.contains(id))
        .count()
}

fn page_cap(o: &Observed, stop: Option<&Stop>) -> Finding {
    let f = Finding::new(
        "page_cap",
        "page size cap",
        format!("{PAGE_SIZE} records per page (the most both profiles document)"),
    );
    let Some(first) = o.people.as_ref().and_then(Seen::list) else {
        return f.unknown(not_probed(stop));
    };
    let n = first.len();
    if n >= PAGE_SIZE {
        return f.held(format!("a page of {n} came back for {PAGE_SIZE} asked"));
    }
    if n == 0 {
        return f.unknown("the account lists no people to page through");
    }
    match o.next_page.as_ref() {
        None => f.unknown(format!("a page of {n}; {}", not_probed(stop))),
        Some(next) => match next.list() {
            Some(items) if fresh_ids(first, items) > 0 => f.contradicted(
                format!(
                    "a page of {n} for {PAGE_SIZE} asked, and a second page of {} more followed",
                    fresh_ids(first, items)
                ),
                format!("doctor saves this cap for the account: every later command's lists then ask for {n} per page and read on after a page of {n} (`page_size` under [limits] overrides it); without it a list would end after its first {n} records"),
            ),
            Some(_) => f.unknown(format!(
                "all {n} people fit one page, so the cap is {n} or more"
            )),
            None => f.unknown(format!("a page of {n}; the next page: {}", next.shape())),
        },
    }
}

fn same_ids(got: Option<&Seen>, want: &[Value]) -> Option<bool> {
    let items = got?.list()?;
    let got: Vec<u64> = items.iter().filter_map(id_of).collect();
    let want: Vec<u64> = want.iter().filter_map(id_of).collect();
    Some(got == want)
}

fn paging(o: &Observed, profile: Profile, stop: Option<&Stop>) -> Finding {
    let ours = match profile {
        Profile::V3 => "start/limit",
        Profile::Guide => "page/per_page",
    };
    let f = Finding::new(
        "paging",
        "paging scheme",
        format!("{ours} is read (the other pair ignored)"),
    );
    let first = o.first_people();
    if first.len() < 4 {
        return match (&o.people, stop) {
            (Some(_), _) => f.unknown("fewer than 4 people: nothing to page through"),
            (None, s) => f.unknown(not_probed(s)),
        };
    }
    let start_limit = same_ids(o.start_limit.as_ref(), &first[1..3]);
    let page_per = same_ids(o.page_per_page.as_ref(), &first[2..4]);
    let (Some(start_limit), Some(page_per)) = (start_limit, page_per) else {
        return f.unknown(not_probed(stop));
    };
    let word = |b: bool| if b { "read" } else { "ignored" };
    let saw = format!(
        "start=1&limit=2 alone: {}; page=2&per_page=2 alone: {}",
        word(start_limit),
        word(page_per)
    );
    let ok = match profile {
        Profile::V3 => start_limit,
        Profile::Guide => page_per,
    };
    if ok {
        f.held(saw)
    } else if start_limit || page_per {
        f.contradicted(
            saw,
            "nothing: every list request carries both pairs, and the server reads the one it knows",
        )
    } else {
        f.contradicted(
            saw,
            "a list longer than one page ends with a paging error (a page that repeats every record) instead of loading page 1 forever",
        )
    }
}

fn error_shape(o: &Observed, profile: Profile, stop: Option<&Stop>) -> Finding {
    let ours = match profile {
        Profile::V3 => "errors come as HTTP 200 + a code (a wrong key: 200 + code 1001)",
        Profile::Guide => "errors come as HTTP statuses (a wrong key: 401)",
    };
    let f = Finding::new("error_shape", "error shape", ours);
    let Some(w) = &o.wrong_key else {
        return f.unknown(not_probed(stop));
    };
    let saw = format!("a wrong key: {}", w.shape());
    let ok = match profile {
        Profile::V3 => w.status == 200 && w.is_error_body(),
        Profile::Guide => w.status >= 400,
    };
    if w.is_success() {
        f.contradicted(
            format!("a wrong key: {} (accepted!)", w.shape()),
            "the client cannot tell a refused key from an accepted one here: `login` and `info` would report any key as good",
        )
    } else if ok {
        f.held(saw)
    } else {
        f.contradicted(
            saw,
            "nothing: the client takes a non-2xx status and a 2xx body with an error code alike as errors",
        )
    }
}

/// The rate-limit headers seen on normal answers.
#[derive(Debug, Clone, Copy, Default)]
pub struct RateSeen {
    pub answers: usize,
    pub with_headers: usize,
    pub limit: Option<u64>,
}

fn rate_headers(profile: Profile, r: RateSeen) -> Finding {
    let ours = match profile {
        Profile::V3 => "no X-RateLimit-* headers; paced at the documented 25 / 10 s",
        Profile::Guide => "X-RateLimit-Limit/Remaining/Reset on every answer",
    };
    let f = Finding::new("rate_headers", "rate-limit headers", ours);
    if r.answers == 0 {
        return f.unknown("no answer to read them from");
    }
    let limit = r
        .limit
        .map_or(String::new(), |l| format!(", stating a limit of {l}"));
    let saw = format!(
        "X-RateLimit-* on {} of {} answers{limit} (no 429 provoked)",
        r.with_headers, r.answers
    );
    match profile {
        Profile::V3 if r.with_headers == 0 => f.held(saw),
        Profile::V3 => f.contradicted(
            saw,
            "the pacer follows the limit the answers state, while they state one",
        ),
        Profile::Guide if r.with_headers == r.answers => f.held(saw),
        Profile::Guide => f.contradicted(
            saw,
            "the pacer keeps the documented 30 / 10 s on answers that state no limit",
        ),
    }
}

fn unknown_id(o: &Observed, profile: Profile, stop: Option<&Stop>) -> Finding {
    let ours = match profile {
        Profile::V3 => "an unknown id is answered with HTTP 200 + the whole list",
        Profile::Guide => "an unknown id is answered with 404",
    };
    let f = Finding::new("unknown_id", "unknown-id answer", ours);
    let Some(s) = &o.unknown_id else {
        return f.unknown(not_probed(stop));
    };
    let kind = if s.status == 404 {
        "404"
    } else if s.list().is_some() {
        "list"
    } else if s.is_success() {
        "record"
    } else {
        "other"
    };
    let saw = match kind {
        "list" => format!("{} + a list", s.shape()),
        "record" => format!("{} + a record that is not the one asked for", s.shape()),
        _ => s.shape(),
    };
    let ok = match profile {
        Profile::V3 => kind == "list",
        Profile::Guide => kind == "404",
    };
    if ok {
        f.held(saw)
    } else {
        f.contradicted(
            saw,
            "nothing: a single-record read counts as found only when it answers an object with the id asked for",
        )
    }
}

fn id_types(o: &Observed) -> Finding {
    let f = Finding::new(
        "id_types",
        "id types",
        "integers up to 64 bits, as numbers or numeric strings",
    );
    let (mut numbers, mut strings, mut other, mut bits) = (0usize, 0usize, 0usize, 0u32);
    for v in o.first_people().iter().chain(o.first_projects()) {
        let id = match v.get("id") {
            Some(Value::Number(n)) => n.as_u64().inspect(|_| numbers += 1),
            Some(Value::String(s)) => s.parse::<u64>().ok().inspect(|_| strings += 1),
            _ => None,
        };
        match id {
            Some(id) => bits = bits.max(u64::BITS - id.leading_zeros()),
            None => other += 1,
        }
    }
    if numbers + strings + other == 0 {
        return f.unknown("no records to read ids from");
    }
    let saw = format!(
        "{numbers} numbers, {strings} numeric strings, {other} other; the largest needs {bits} bits"
    );
    if other == 0 {
        f.held(saw)
    } else {
        f.contradicted(
            saw,
            "a record without a numeric id is refused as a bad answer: lists holding one do not load",
        )
    }
}

/// Digits after the seconds of an RFC 3339 stamp: 0 for whole seconds; `None` if not a stamp.
fn fraction_digits(s: &str) -> Option<usize> {
    let time = s.get(11..)?;
    if s.len() < 20 || s.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    match time.get(8..9) {
        Some(".") => Some(time[9..].chars().take_while(char::is_ascii_digit).count()),
        _ => Some(0),
    }
}

fn timestamps(o: &Observed) -> Finding {
    let f = Finding::new(
        "timestamps",
        "timestamp granularity",
        "whole seconds, e.g. 2016-06-24T12:18:26+00:00",
    );
    let keys = ["created_at", "updated_at", "modified_at", "last_active"];
    let (mut whole, mut finer, mut digits) = (0usize, 0usize, 0usize);
    for v in o.first_people().iter().chain(o.first_projects()) {
        for key in keys {
            match v.get(key).and_then(Value::as_str).and_then(fraction_digits) {
                Some(0) => whole += 1,
                Some(d) => {
                    finer += 1;
                    digits = digits.max(d);
                }
                None => {}
            }
        }
    }
    if whole + finer == 0 {
        return f.unknown("no timestamps to read");
    }
    if finer == 0 {
        f.held(format!("{whole} of {whole} stamps in whole seconds"))
    } else {
        f.contradicted(
            format!(
                "{finer} of {} stamps carry {digits} digits of fractions",
                whole + finer
            ),
            "nothing breaks: before a write the client compares every field it showed, not only the stamp, and keeps stamps as sent",
        )
    }
}

fn has_admin_rights(name: &str) -> bool {
    let name = name.to_lowercase();
    name.contains("owner") || name.contains("admin")
}

fn roles(o: &Observed, profile: Profile, stop: Option<&Stop>) -> Finding {
    let ours = match profile {
        Profile::V3 => {
            "GET /roles lists the account's roles with `default`; one without admin rights to preselect for invites"
        }
        Profile::Guide => "no /roles: a role is a free string",
    };
    let f = Finding::new("roles", "roles", ours);
    let Some(s) = &o.roles else {
        return f.unknown(not_probed(stop));
    };
    let Some(list) = s.list() else {
        let saw = format!("GET /roles: {}", s.shape());
        return match profile {
            Profile::Guide => f.held(saw),
            Profile::V3 => f.contradicted(
                saw,
                "people show role ids without names, and an invite preselects no role: you pick one",
            ),
        };
    };
    let name = |r: &Value| {
        r.get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let default = |r: &Value| r.get("default") == Some(&Value::Bool(true));
    let defaults = list.iter().filter(|r| default(r)).count();
    let safe = list.iter().filter(|r| !has_admin_rights(&name(r))).count();
    let saw = format!(
        "{} roles, {defaults} marked default, {safe} without admin rights",
        list.len()
    );
    let detail = Some(format!(
        "roles: {}",
        list.iter()
            .map(|r| if default(r) {
                format!("{} (default)", name(r))
            } else {
                name(r)
            })
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let f = f.with_detail(detail);
    match profile {
        Profile::V3 if safe > 0 => f.held(saw),
        Profile::V3 => f.contradicted(
            saw,
            "an invite preselects no role (every role has admin rights): you pick one",
        ),
        Profile::Guide => f.contradicted(
            saw,
            "nothing: in guide the client does not read /roles; roles stay free strings",
        ),
    }
}

fn project_fields(o: &Observed, profile: Profile, stop: Option<&Stop>) -> Finding {
    let ours = match profile {
        Profile::V3 => "projects carry `assigned` (members) and `manager`",
        Profile::Guide => "projects carry no member list (members come from /projects/{id}/people)",
    };
    let f = Finding::new("project_members_inline", "projects' assigned/manager", ours);
    if o.projects.is_none() {
        return f.unknown(not_probed(stop));
    }
    let projects = o.first_projects();
    if projects.is_empty() {
        return f.unknown("no projects to look at");
    }
    let with = |key: &str| projects.iter().filter(|p| p.get(key).is_some()).count();
    let (assigned, manager) = (with("assigned"), with("manager"));
    let saw = format!(
        "`assigned` on {assigned} and `manager` on {manager} of {} projects",
        projects.len()
    );
    match profile {
        Profile::V3 if assigned == projects.len() => f.held(saw),
        Profile::V3 => f.contradicted(
            saw,
            "for a project without `assigned` the members come from each person's `projects` list",
        ),
        Profile::Guide if assigned == 0 => f.held(saw),
        Profile::Guide => f.contradicted(
            saw,
            "nothing: in guide the client reads members from /projects/{id}/people",
        ),
    }
}

fn project_people(o: &Observed, profile: Profile, stop: Option<&Stop>) -> Finding {
    let ours = match profile {
        Profile::V3 => "there is no /projects/{id}/people (membership is the project's `assigned`)",
        Profile::Guide => "GET /projects/{id}/people lists a project's members",
    };
    let f = Finding::new("project_people_endpoint", "/projects/{id}/people", ours);
    let Some(s) = &o.project_people else {
        return match &o.projects {
            Some(_) if o.first_projects().is_empty() => f.unknown("no project to ask about"),
            _ => f.unknown(not_probed(stop)),
        };
    };
    // A member list: a list whose entries are not projects (v3 may answer a path it does not
    // serve with some other list).
    let exists = s
        .list()
        .is_some_and(|items| items.iter().all(|m| m.get("title").is_none()));
    let saw = if exists {
        format!("{} + a list of {}", s.shape(), s.list().map_or(0, Vec::len))
    } else {
        s.shape()
    };
    match (profile, exists) {
        (Profile::V3, false) | (Profile::Guide, true) => f.held(saw),
        (Profile::V3, true) => f.contradicted(
            saw,
            "nothing: in v3 the client changes membership through `assigned`",
        ),
        (Profile::Guide, false) => f.contradicted(
            saw,
            "member lists cannot be read: the console shows projects without members and membership changes fail",
        ),
    }
}

fn budget(used: usize, stop: Option<&Stop>) -> Finding {
    let f = Finding::new(
        "budget",
        "request budget",
        format!("at most {BUDGET} requests, GET only, no 429 provoked"),
    );
    let saw = format!("{used} GET requests");
    match stop {
        Some(Stop::RateLimited) => f.unknown(format!("{saw}; {}", stop_words(&Stop::RateLimited))),
        _ if used <= BUDGET => f.held(saw),
        _ => f.contradicted(saw, "this is a bug in doctor: please report it"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_of_a_second_are_counted() {
        assert_eq!(fraction_digits("2016-06-24T12:18:26+00:00"), Some(0));
        assert_eq!(fraction_digits("2016-06-24T12:18:26.123456+00:00"), Some(6));
        assert_eq!(fraction_digits("2016-06-24T12:18:26Z"), Some(0));
        assert_eq!(fraction_digits("2016-06-24"), None);
        assert_eq!(fraction_digits("yesterday"), None);
    }
}
