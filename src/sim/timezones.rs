//! The time zones the simulator knows. The data file holds IANA names; v3 shows a person's zone
//! as an id of the docs' table (`timezones_table.rs`, served at `GET /timezones`), guide as the
//! IANA name. A person without a zone (or with a name the table cannot place) shows as id 1,
//! "Eastern Time (US & Canada)", as ProofHub's docs show a person who never chose one.

pub use super::timezones_table::DOCS_TIMEZONES;

/// The id v3 shows for a person without a zone.
pub const NO_ZONE_ID: u64 = 1;

/// The IANA names the generator picks from: (docs id, IANA name, offset). *Assumed* mapping
/// onto the docs' table by city and offset (Reykjavik has no entry; Monrovia shares its +00:00
/// without daylight saving).
pub const TIMEZONES: &[(u64, &str, &str)] = &[
    (49, "UTC", "+00:00"),
    (47, "Europe/London", "+00:00"),
    (52, "Europe/Berlin", "+01:00"),
    (60, "Europe/Paris", "+01:00"),
    (67, "Europe/Warsaw", "+01:00"),
    (48, "Atlantic/Reykjavik", "+00:00"),
    (1, "America/New_York", "-05:00"),
    (7, "America/Chicago", "-06:00"),
    (4, "America/Los_Angeles", "-08:00"),
    (36, "America/Sao_Paulo", "-03:00"),
    (103, "Asia/Kolkata", "+05:30"),
    (117, "Asia/Shanghai", "+08:00"),
    (130, "Asia/Tokyo", "+09:00"),
    (140, "Australia/Sydney", "+10:00"),
];

/// The v3 id of a stored zone: an IANA name of [`TIMEZONES`] or a name of the docs' table (a
/// zone set through v3 by an id that has no IANA name here); anything else shows as id 1.
pub fn id_of(name: Option<&str>) -> u64 {
    let Some(name) = name else {
        return NO_ZONE_ID;
    };
    TIMEZONES
        .iter()
        .find(|(_, tz, _)| tz.eq_ignore_ascii_case(name))
        .or_else(|| {
            DOCS_TIMEZONES
                .iter()
                .find(|(_, tz, _)| tz.eq_ignore_ascii_case(name))
        })
        .map_or(NO_ZONE_ID, |(id, _, _)| *id)
}

/// The name to store for a v3 id: its IANA name if the generator knows one, else the docs'
/// name; `None` for an id the docs' table does not have.
pub fn name_of(id: u64) -> Option<&'static str> {
    TIMEZONES
        .iter()
        .find(|(i, _, _)| *i == id)
        .or_else(|| DOCS_TIMEZONES.iter().find(|(i, _, _)| *i == id))
        .map(|(_, n, _)| *n)
}
