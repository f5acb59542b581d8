//! The time zones the simulator knows: v3 shows a person's zone as an id from this table
//! (`GET /timezones`), guide as the IANA name.

/// (v3 id, IANA name, offset shown by v3 `GET /timezones`).
pub const TIMEZONES: &[(u64, &str, &str)] = &[
    (1, "UTC", "+00:00"),
    (2, "Europe/London", "+00:00"),
    (3, "Europe/Berlin", "+01:00"),
    (4, "Europe/Paris", "+01:00"),
    (5, "Europe/Warsaw", "+01:00"),
    (6, "Atlantic/Reykjavik", "+00:00"),
    (7, "America/New_York", "-05:00"),
    (8, "America/Chicago", "-06:00"),
    (9, "America/Los_Angeles", "-08:00"),
    (10, "America/Sao_Paulo", "-03:00"),
    (11, "Asia/Kolkata", "+05:30"),
    (12, "Asia/Shanghai", "+08:00"),
    (13, "Asia/Tokyo", "+09:00"),
    (14, "Australia/Sydney", "+10:00"),
];

/// The v3 id of an IANA name; unknown or absent names show as UTC's id.
pub fn id_of(name: Option<&str>) -> u64 {
    name.and_then(|n| {
        TIMEZONES
            .iter()
            .find(|(_, tz, _)| tz.eq_ignore_ascii_case(n))
    })
    .map_or(1, |(id, _, _)| *id)
}

/// The IANA name of a v3 id.
pub fn name_of(id: u64) -> Option<&'static str> {
    TIMEZONES
        .iter()
        .find(|(i, _, _)| *i == id)
        .map(|(_, n, _)| *n)
}
