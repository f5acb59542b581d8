//! A small account in both profiles' shapes, with the people an audit looks for: an owner,
//! admins, a suspended person, one never active, one in no project, a diacritic name and a
//! hostile name carrying escape sequences.

use chrono::{DateTime, Utc};
use proofhub_tui::model::account::*;
use proofhub_tui::model::profile::Profile;

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-27T12:00:00Z")
        .expect("fixed time")
        .with_timezone(&Utc)
}

pub const HOSTILE: &str = "Eve \u{1b}[31mRed\u{1b}[0m\u{7}";

struct P<'a> {
    id: u64,
    first: &'a str,
    last: &'a str,
    email: &'a str,
    role: u64,
    suspended: bool,
    last_active: Option<&'a str>,
    title: Option<&'a str>,
}

fn person(p: P, profile: Profile) -> Person {
    let role_name = match p.role {
        1 => "owner",
        2 => "admin",
        _ => "member",
    };
    Person::from(PersonFields {
        id: PersonId(p.id),
        name: (profile == Profile::Guide)
            .then(|| format!("{} {}", p.first, p.last).trim().to_string()),
        first_name: (profile == Profile::V3).then(|| p.first.to_string()),
        last_name: (profile == Profile::V3).then(|| p.last.to_string()),
        email: p.email.into(),
        username: (profile == Profile::Guide)
            .then(|| p.email.split('@').next().unwrap_or("").to_string()),
        title: p
            .title
            .filter(|_| profile == Profile::V3)
            .map(str::to_string),
        company: (profile == Profile::Guide).then(|| "Acme".to_string()),
        phone: None,
        role: match profile {
            Profile::V3 => RoleRef::Id(RoleId(p.role)),
            Profile::Guide => RoleRef::Name(role_name.into()),
        },
        suspended: p.suspended,
        status: (profile == Profile::Guide)
            .then(|| if p.suspended { "inactive" } else { "active" }.to_string()),
        last_active: p.last_active.map(str::to_string),
        created_at: None,
        updated_at: None,
        groups: vec![],
    })
}

fn project(id: u64, title: &str, manager: Option<u64>, archived: bool) -> Project {
    Project {
        id: ProjectId(id),
        title: title.into(),
        description: None,
        archived,
        manager: manager.map(PersonId),
        created_at: None,
        modified_at: None,
    }
}

pub fn people(profile: Profile) -> Vec<Person> {
    let rows = [
        P {
            id: 1,
            first: "Jane",
            last: "Doe",
            email: "jane@acme.io",
            role: 1,
            suspended: false,
            last_active: Some("2026-11-25T09:00:00Z"),
            title: Some("CTO"),
        },
        P {
            id: 2,
            first: "Janet",
            last: "Young",
            email: "janet@acme.io",
            role: 3,
            suspended: false,
            last_active: Some("2026-11-27T11:30:00Z"),
            title: None,
        },
        P {
            id: 3,
            first: "Jan",
            last: "Kowalski",
            email: "jan.k@acme.io",
            role: 3,
            suspended: false,
            last_active: Some("2026-10-01T08:00:00Z"),
            title: Some("Engineer"),
        },
        P {
            id: 4,
            first: "Anna",
            last: "Müller",
            email: "anna.mueller@acme.io",
            role: 2,
            suspended: false,
            last_active: Some("2026-11-20T10:00:00Z"),
            title: None,
        },
        P {
            id: 5,
            first: "Bob",
            last: "Stone",
            email: "bob@acme.io",
            role: 3,
            suspended: true,
            last_active: Some("2025-01-10T10:00:00Z"),
            title: None,
        },
        P {
            id: 6,
            first: "Carla",
            last: "Nunez",
            email: "carla@acme.io",
            role: 3,
            suspended: false,
            last_active: None,
            title: None,
        },
        P {
            id: 7,
            first: HOSTILE,
            last: "",
            email: "eve@evil.example",
            role: 3,
            suspended: false,
            last_active: Some("2026-11-26T10:00:00Z"),
            title: None,
        },
        P {
            id: 8,
            first: "Mary",
            last: "Jones",
            email: "mary@acme.io",
            role: 2,
            suspended: false,
            last_active: Some("2026-11-01T10:00:00Z"),
            title: Some("Designer"),
        },
        P {
            id: 9,
            first: "Omar",
            last: "Haddad",
            email: "omar@acme.io",
            role: 3,
            suspended: false,
            last_active: Some("2026-11-27T08:00:00Z"),
            title: None,
        },
    ];
    rows.into_iter().map(|p| person(p, profile)).collect()
}

/// The whole fixture account, as a finished load would return it.
pub fn account(profile: Profile) -> Account {
    let mut a = Account::new(Some(profile));
    a.people = people(profile).into();
    if profile == Profile::V3 {
        a.roles = vec![
            Role {
                id: RoleId(1),
                name: "Owner".into(),
                default: false,
            },
            Role {
                id: RoleId(2),
                name: "Admin".into(),
                default: false,
            },
            Role {
                id: RoleId(3),
                name: "Member".into(),
                default: true,
            },
        ];
        a.groups = vec![
            Group {
                id: GroupId(1),
                name: "Leadership".into(),
                members: vec![PersonId(1), PersonId(4)],
            },
            Group {
                id: GroupId(2),
                name: "All people".into(),
                members: (1..=9).map(PersonId).collect(),
            },
        ];
    }
    a.projects = vec![
        project(10, "Website redesign", Some(1), false),
        project(11, "Q3 launch", Some(8), false),
        project(12, "Mobile app", Some(3), false),
        project(13, "Old intranet", None, true),
        project(14, "Hiring 2027", Some(4), false),
    ]
    .into();
    let role = |r: &str| (profile == Profile::Guide).then(|| r.to_string());
    a.set_members(
        ProjectId(10),
        [
            (PersonId(1), role("manager")),
            (PersonId(2), role("member")),
            (PersonId(3), role("member")),
            (PersonId(7), role("member")),
        ],
    );
    a.set_members(
        ProjectId(11),
        [
            (PersonId(8), role("manager")),
            (PersonId(1), role("member")),
            (PersonId(9), role("member")),
        ],
    );
    a.set_members(
        ProjectId(12),
        [
            (PersonId(3), role("manager")),
            (PersonId(2), role("member")),
            (PersonId(1), role("member")),
        ],
    );
    a.set_members(ProjectId(13), [(PersonId(5), role("member"))]);
    a.set_members(
        ProjectId(14),
        [
            (PersonId(4), role("manager")),
            (PersonId(1), role("member")),
        ],
    );
    a
}
