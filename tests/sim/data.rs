//! The demo account and the data file format: the committed file loads and has the promised
//! variety; bad files are refused with a message naming the file and the problem; the generator
//! is deterministic.

use std::collections::HashSet;

use proofhub_tui::sim::data::AccountData;

#[test]
fn the_committed_demo_account_has_what_the_demo_and_tests_need() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo-account.json");
    let data = AccountData::load(path).expect("assets/demo-account.json loads");
    assert_eq!(data, AccountData::demo(), "the embedded copy is the file");
    assert!((240..=260).contains(&data.people.len()), "about 250 people");
    assert_eq!(data.projects.len(), 40);
    let roles: Vec<&str> = data.roles.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(roles, ["Owner", "Admin", "Normal User", "Client"]);
    let owners = data
        .people
        .iter()
        .filter(|p| p.role == data.roles[0].id)
        .count();
    assert_eq!(owners, 1, "exactly one owner");
    for role in &data.roles[1..] {
        assert!(
            data.people.iter().any(|p| p.role == role.id),
            "someone is {}",
            role.name
        );
    }
    assert!(
        data.people.iter().filter(|p| p.suspended).count() >= 3,
        "a few suspended"
    );
    assert!(
        data.people
            .iter()
            .filter(|p| p.last_active.is_none())
            .count()
            >= 3,
        "never active"
    );
    let assigned: HashSet<u64> = data
        .projects
        .iter()
        .flat_map(|p| p.assigned.clone())
        .collect();
    assert!(
        data.people
            .iter()
            .filter(|p| !assigned.contains(&p.id))
            .count()
            >= 5,
        "some in no project"
    );
    assert!(
        data.projects.iter().all(|p| p.manager.is_some()),
        "every project has a manager"
    );
    assert!(
        data.projects
            .iter()
            .all(|p| p.manager.is_some_and(|m| p.assigned.contains(&m))),
        "managers are members"
    );
    let all = data
        .groups
        .iter()
        .find(|g| g.name == "All people")
        .expect("All people");
    assert_eq!(all.assigned.len(), data.people.len());
    assert!(data.groups.len() >= 4);
    let names: String = data
        .people
        .iter()
        .map(|p| format!("{} {} ", p.first_name, p.last_name))
        .collect();
    for needle in ["Müller", "Łukasz", "Zoë", "José", "李", "Ólafur"] {
        assert!(names.contains(needle), "a name with {needle}");
    }
    let hostile = data
        .people
        .iter()
        .find(|p| p.first_name.contains("\u{1b}[31m"))
        .expect("a name with terminal escapes");
    assert!(hostile.last_name.contains('\u{7}') && hostile.last_name.contains("\u{1b}]0;"));
    assert!(data.people.iter().all(|p| p.id > u64::from(u32::MAX)));
    assert!(data.projects.iter().all(|p| p.id > u64::from(u32::MAX)));
    assert!(
        data.people
            .iter()
            .all(|p| p.username.is_some() && p.company.is_some() && p.phone.is_some())
    );
}

#[test]
fn bad_files_are_refused_with_the_file_and_the_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nope.json");
    let e = AccountData::load(&missing)
        .expect_err("missing")
        .to_string();
    assert!(e.contains("nope.json"), "{e}");

    let mut demo = AccountData::generate(5, 2, 1);
    let cases: Vec<(&str, String, &str)> = vec![
        ("syntax.json", "{\"roles\": [".to_string(), "syntax.json"),
        (
            "unknown-field.json",
            {
                let mut v = serde_json::to_value(&demo).expect("value");
                v["people"][0]["nickname"] = "x".into();
                v.to_string()
            },
            "nickname",
        ),
        (
            "dup-email.json",
            {
                demo.people[1].email = demo.people[0].email.to_uppercase();
                demo.to_json_pretty()
            },
            "already used",
        ),
        (
            "bad-role.json",
            {
                let mut d = AccountData::generate(5, 2, 1);
                d.people[2].role = 7;
                d.to_json_pretty()
            },
            "role 7",
        ),
        (
            "ghost-member.json",
            {
                let mut d = AccountData::generate(5, 2, 1);
                d.projects[0].assigned.push(99);
                d.to_json_pretty()
            },
            "person 99 does not exist",
        ),
    ];
    for (name, text, expect) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        let e = AccountData::load(&path).expect_err(name).to_string();
        assert!(e.contains(name), "{e}");
        assert!(e.contains(expect), "{name}: {e}");
    }
}

#[test]
fn the_generator_is_deterministic_and_consistent_at_scale() {
    let a = AccountData::generate(5_000, 200, 42);
    let b = AccountData::generate(5_000, 200, 42);
    assert_eq!(a, b);
    assert_ne!(a, AccountData::generate(5_000, 200, 43));
    a.check().expect("consistent");
    let emails: HashSet<String> = a.people.iter().map(|p| p.email.to_lowercase()).collect();
    assert_eq!(emails.len(), 5_000);
}
