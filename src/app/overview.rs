//! The audit overview (the third view, `3`): the account at a glance. One row per People quick
//! filter with how many people it keeps, counted with the quick filter's own predicate
//! ([`PersonQuick::keeps`]) so the two cannot disagree, and Enter on a row opens the People
//! list with that filter; below, how recently people were active, bucketed for a bar chart.
//!
//! Pure functions of the account and "now"; `ui::overview` draws them.

use chrono::{DateTime, Utc};

use crate::model::account::{Account, Person};
use crate::model::profile::Profile;

use crossterm::event::KeyCode;

use super::keymap::{self, Binding, Chord, Command, Context};
use super::people::PersonQuick;
use super::table::QuickFilter;

/// The overview's cursor: which quick filter's row is selected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OverviewState {
    pub selected: usize,
}

/// The quick filters in the order `f` steps through them: the overview's rows.
pub fn filters() -> Vec<PersonQuick> {
    let mut out = Vec::new();
    let mut q = PersonQuick::cycle(None);
    while let Some(f) = q {
        out.push(f);
        q = PersonQuick::cycle(Some(f));
    }
    out
}

/// One row: a quick filter, how many people it keeps, and what the number cannot say yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountRow {
    pub filter: PersonQuick,
    pub count: usize,
    pub caveat: Option<String>,
}

/// How many people each quick filter keeps on the account as loaded.
pub fn counts(account: &Account, loading: bool) -> Vec<CountRow> {
    filters()
        .into_iter()
        .map(|filter| CountRow {
            filter,
            count: account
                .people
                .iter()
                .filter(|p| filter.keeps(account, p))
                .count(),
            caveat: filter.caveat(account, loading),
        })
        .collect()
}

/// When someone was last active, as the histogram buckets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    ThisWeek,
    ThisMonth,
    ThisQuarter,
    Older,
    Never,
    /// The profile reports no activity (guide), or the time is not one.
    Unknown,
}

impl Activity {
    pub const ALL: [Activity; 6] = [
        Activity::ThisWeek,
        Activity::ThisMonth,
        Activity::ThisQuarter,
        Activity::Older,
        Activity::Never,
        Activity::Unknown,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Activity::ThisWeek => "week",
            Activity::ThisMonth => "month",
            Activity::ThisQuarter => "quarter",
            Activity::Older => "older",
            Activity::Never => "never",
            Activity::Unknown => "unknown",
        }
    }

    /// What the bucket holds, in words.
    pub fn meaning(self) -> &'static str {
        match self {
            Activity::ThisWeek => "active in the last 7 days",
            Activity::ThisMonth => "8 to 30 days ago",
            Activity::ThisQuarter => "31 to 90 days ago",
            Activity::Older => "more than 90 days ago",
            Activity::Never => "never signed in",
            Activity::Unknown => "not reported",
        }
    }

    /// Which bucket a person falls in on `now`.
    pub fn of(person: &Person, profile: Option<Profile>, now: DateTime<Utc>) -> Activity {
        if person.never_active(profile) {
            return Activity::Never;
        }
        let Some(at) = person
            .last_active()
            .and_then(|s| DateTime::parse_from_rfc3339(s.trim()).ok())
        else {
            return Activity::Unknown;
        };
        let days = (now - at.with_timezone(&Utc)).num_days();
        match days {
            ..=7 => Activity::ThisWeek,
            8..=30 => Activity::ThisMonth,
            31..=90 => Activity::ThisQuarter,
            _ => Activity::Older,
        }
    }
}

/// How many people fall in each activity bucket, in [`Activity::ALL`]'s order.
pub fn histogram(account: &Account, now: DateTime<Utc>) -> Vec<(Activity, usize)> {
    let mut counts = [0usize; 6];
    for p in account.people.iter() {
        let bucket = Activity::of(p, account.profile, now);
        if let Some(i) = Activity::ALL.iter().position(|a| *a == bucket) {
            counts[i] += 1;
        }
    }
    Activity::ALL.into_iter().zip(counts).collect()
}

/// The overview's keys, and the views' key that shows it.
pub fn bindings() -> Vec<Binding> {
    const TOP: &[Chord] = &[Chord::ch('g'), Chord::plain(KeyCode::Home)];
    const BOTTOM: &[Chord] = &[Chord::ch('G'), Chord::plain(KeyCode::End)];
    let x = Context::Overview;
    vec![
        keymap::read(
            keymap::keys::THREE,
            Context::Global,
            Command::ShowOverview,
            "audit overview: quick filter counts, activity",
            None,
        ),
        keymap::read(keymap::keys::UP_K, x, Command::Up, "previous count", None),
        keymap::read(keymap::keys::DOWN_J, x, Command::Down, "next count", None),
        keymap::read(TOP, x, Command::Top, "first count", None),
        keymap::read(BOTTOM, x, Command::Bottom, "last count", None),
        keymap::read(
            keymap::keys::ENTER,
            x,
            Command::Open,
            "open the People list with the selected quick filter",
            Some("open"),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::PersonFields;

    #[test]
    fn rows_follow_the_quick_filter_cycle() {
        assert_eq!(
            filters(),
            [
                PersonQuick::Suspended,
                PersonQuick::Admins,
                PersonQuick::InNoProject,
                PersonQuick::NeverActive,
                PersonQuick::ClientsInProjects,
            ]
        );
    }

    #[test]
    fn activity_buckets_by_age_and_says_unknown_where_not_reported() {
        let now = DateTime::parse_from_rfc3339("2026-12-01T12:00:00+00:00")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default();
        let mut p = Person::from(PersonFields {
            name: Some("A".into()),
            ..PersonFields::new(crate::model::account::PersonId(1), "a@b.c")
        });
        let at = |s: &str, p: &mut Person| {
            let mut f = p.to_fields();
            f.last_active = Some(s.to_string());
            *p = Person::from(f);
        };
        at("2026-11-28T00:00:00Z", &mut p);
        assert_eq!(Activity::of(&p, Some(Profile::V3), now), Activity::ThisWeek);
        at("2026-11-10T00:00:00Z", &mut p);
        assert_eq!(
            Activity::of(&p, Some(Profile::V3), now),
            Activity::ThisMonth
        );
        at("2026-10-01T00:00:00Z", &mut p);
        assert_eq!(
            Activity::of(&p, Some(Profile::V3), now),
            Activity::ThisQuarter
        );
        at("2025-01-01T00:00:00Z", &mut p);
        assert_eq!(Activity::of(&p, Some(Profile::V3), now), Activity::Older);
        let mut f = p.to_fields();
        f.last_active = None;
        p = Person::from(f);
        assert_eq!(Activity::of(&p, Some(Profile::V3), now), Activity::Never);
        assert_eq!(
            Activity::of(&p, Some(Profile::Guide), now),
            Activity::Unknown
        );
        at("yesterday", &mut p);
        assert_eq!(Activity::of(&p, Some(Profile::V3), now), Activity::Unknown);
    }
}
