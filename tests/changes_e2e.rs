//! "What changed", end to end (#13's first Done-when line), in both profiles: the real binary in
//! tmux against a `proofhub-tui sim` child process. Start → full load → quit; then the account
//! is changed through the simulator's API with our client (a person added, one deleted, one
//! renamed, one's role changed, a membership added and one removed); the next start shows the
//! snapshot while every GET is held unanswered (the request log proves no request completed),
//! and once the held requests go on, the Changes view (`5`) lists exactly those six changes.
//! At 80×24 the view reads a rename whole.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proofhub_tui::api::{Client, Edit, NewPerson, PersonChanges};
use proofhub_tui::model::account::{Account, Person, RoleRef};
use proofhub_tui::model::profile::Profile;

use crate::snapshot::{console, first_run, header, home_with_key_file, quit};
use crate::support;
use crate::support::live;
use crate::support::per_profile;
use crate::support::tmux::{SimProcess, Tmux};

const TOKEN: &str = "demo-token";

fn runtime() -> tokio::runtime::Runtime {
    let _ = rustls::crypto::ring::default_provider().install_default();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn client(sim: &SimProcess, profile: Profile) -> Client {
    live::client_at(&sim.base_url, TOKEN)
        .pinned(profile)
        .build()
}

/// Plain text, so a line on screen is the same text (the sanitizer's escapes are tested
/// elsewhere).
fn plain(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 22
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " .-'".contains(c))
}

fn find_plain<'a>(
    a: &'a Account,
    taken: &[u64],
    ok: impl Fn(&Person) -> bool,
) -> Option<&'a Person> {
    a.people
        .iter()
        .find(|p| !taken.contains(&p.id().0) && plain(&p.display_name()) && !a.is_owner(p) && ok(p))
}

fn plain_person<'a>(a: &'a Account, taken: &[u64], ok: impl Fn(&Person) -> bool) -> &'a Person {
    find_plain(a, taken, ok).expect("a person to change")
}

/// The changes made, as the Changes view must word them ("who what", spaces squeezed).
fn change_the_account(profile: Profile, client: &Client) -> Vec<String> {
    runtime().block_on(async {
        let a = live::load(client).await;
        let mut taken = Vec::new();
        let mut want = Vec::new();

        // A membership removed (not the project's manager) and one added.
        let (q, e) = a
            .projects
            .iter()
            .filter(|q| !q.archived && plain(&q.title))
            .find_map(|q| {
                let member = a.members_of(q.id).into_iter().find(|m| {
                    Some(m.person) != a.manager_of(q.id)
                        && a.person(m.person)
                            .is_some_and(|p| plain(&p.display_name()) && !a.is_owner(p))
                })?;
                Some((q, a.person(member.person)?))
            })
            .expect("a member to remove");
        taken.push(e.id().0);
        client.remove_member(q.id, e.id()).await.unwrap();
        want.push(format!(
            "{} removed from project {}",
            e.display_name(),
            q.title
        ));
        let (p, d) = a
            .projects
            .iter()
            .filter(|p| !p.archived && plain(&p.title) && p.id != q.id)
            .find_map(|p| {
                let members = a.members_of(p.id);
                let d = find_plain(&a, &taken, |x| !members.iter().any(|m| m.person == x.id()))?;
                Some((p, d))
            })
            .expect("a project to join");
        taken.push(d.id().0);
        client.add_member(p.id, d.id()).await.unwrap();
        want.push(format!("{} added to project {}", d.display_name(), p.title));

        // Renamed.
        let r = plain_person(&a, &taken, |_| true);
        taken.push(r.id().0);
        let (changes, new_name) = match profile {
            Profile::V3 => (
                PersonChanges {
                    first_name: Edit::Set("Renamed".into()),
                    ..PersonChanges::default()
                },
                format!("Renamed {}", r.last_name().unwrap_or_default())
                    .trim()
                    .to_string(),
            ),
            Profile::Guide => (
                PersonChanges {
                    name: Edit::Set("Renamed Person".into()),
                    ..PersonChanges::default()
                },
                "Renamed Person".to_string(),
            ),
        };
        client.update_person(r.id(), None, changes).await.unwrap();
        want.push(format!(
            "{new_name} name: {} → {new_name}",
            r.display_name()
        ));

        // A role changed to one another (non-owner) person has.
        let b = plain_person(&a, &taken, |p| {
            a.people.iter().any(|o| {
                !a.is_owner(o) && a.role_name(o).is_some() && a.role_name(o) != a.role_name(p)
            }) && a.role_name(p).is_some()
        });
        taken.push(b.id().0);
        let other = a
            .people
            .iter()
            .find(|o| {
                !a.is_owner(o) && a.role_name(o).is_some() && a.role_name(o) != a.role_name(b)
            })
            .unwrap();
        let role: RoleRef = other.role().clone();
        client
            .update_person(
                b.id(),
                None,
                PersonChanges {
                    role: Edit::Set(role),
                    ..PersonChanges::default()
                },
            )
            .await
            .unwrap();
        want.push(format!(
            "{} role: {} → {}",
            b.display_name(),
            a.role_name(b).unwrap(),
            a.role_name(other).unwrap()
        ));

        // Deleted: someone who manages nothing.
        let c = plain_person(&a, &taken, |p| a.managed_by(p.id()).is_empty());
        taken.push(c.id().0);
        client.delete_person(c.id()).await.unwrap();
        want.push(format!("{} left ({})", c.display_name(), c.email()));

        // Added (no projects).
        let email = "zed.newcomer@example.test";
        client
            .invite(NewPerson {
                first_name: "Zed".into(),
                last_name: "Newcomer".into(),
                email: email.into(),
                role: None,
                send_invite: Some(false),
            })
            .await
            .unwrap();
        want.push(format!("Zed Newcomer joined ({email})"));
        want.iter().map(|w| squeeze(w)).collect()
    })
}

fn squeeze(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The Changes view's rows on screen: inside the frame, the time column dropped.
fn change_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip(4)
        .filter_map(|l| l.strip_prefix('│'))
        .map(|l| l.trim_end_matches('│').trim())
        .filter(|l| !l.is_empty())
        .map(|l| {
            // "just now  Who  what": the time is one or three words.
            let l = squeeze(l);
            ["just now ", "— "]
                .iter()
                .find_map(|t| l.strip_prefix(t).map(str::to_string))
                .unwrap_or_else(|| l.splitn(4, ' ').nth(3).unwrap_or_default().to_string())
        })
        .collect()
}

/// The Changes view's count in its title ("Changes 6/6").
fn shown_count(screen: &str) -> Option<usize> {
    let rest = screen.split("┌ Changes ").nth(1)?;
    rest.split('/').next()?.trim().parse().ok()
}

/// Empties the simulator's request log (`DELETE /__sim/requests`).
fn clear_requests(sim: &SimProcess) {
    runtime().block_on(async {
        let root = sim.base_url.split("/api/").next().unwrap().to_string();
        reqwest::Client::new()
            .delete(format!("{root}/__sim/requests"))
            .send()
            .await
            .unwrap();
    });
}

/// The second start: the snapshot is on screen while every GET is held, then the live load.
fn start_with_requests_held(
    test: &str,
    sim: &SimProcess,
    home: &std::path::Path,
    config: &std::path::Path,
) -> Tmux {
    sim.set_faults(r#"{"hold_method": "GET"}"#);
    let tmux = console(test, sim, home, config);
    let screen = tmux.wait_for("the snapshot in the header", |s| {
        header(s).contains("snapshot from")
    });
    let requests = sim.control("requests");
    let log = requests.as_array().unwrap();
    assert!(!log.is_empty(), "the live load has asked: {requests}");
    let answered = log
        .iter()
        .filter(|r| r["status"].as_u64().unwrap_or(0) != 0)
        .count();
    assert_eq!(answered, 0, "no request completed:\n{requests}\n{screen}");
    sim.set_faults("{}");
    tmux
}

per_profile! {
    #[test]
    #[ignore = "needs tmux"]
    fn the_changes_view_lists_exactly_what_changed_since_the_snapshot(profile) {
        support::need_tool("tmux");
        let p = profile.as_str();
        let sim = SimProcess::start_with(p, &["--people", "60", "--projects", "8", "--seed", "13"]);
        let (dir, config) = home_with_key_file();
        let home = dir.path();
        first_run(&format!("chg-first-{p}"), &sim, home, &config);
        let mut want = change_the_account(profile, &client(&sim, profile));
        clear_requests(&sim);

        let tmux = start_with_requests_held(&format!("chg-second-{p}"), &sim, home, &config);
        tmux.wait_for("live data and the count of changes", |s| {
            header(s).contains(" change") && !header(s).contains("snapshot from")
        });
        tmux.resize(160, 40);
        tmux.keys(&["5"]);
        // Drawn whole: as many rows as its title counts.
        let screen = tmux.wait_for("the Changes view drawn whole", |s| {
            shown_count(s).is_some_and(|n| change_rows(s).len() == n)
        });
        let mut got = change_rows(&screen);
        got.sort();
        want.sort();
        assert_eq!(got, want, "exactly those changes:\n{screen}");
        quit(&tmux);
    }
}

#[test]
#[ignore = "needs tmux"]
fn at_80_by_24_the_changes_view_reads_a_rename() {
    support::need_tool("tmux");
    let profile = Profile::V3;
    let sim = SimProcess::start_with("v3", &["--people", "30", "--projects", "3", "--seed", "5"]);
    let (dir, config) = home_with_key_file();
    let home = dir.path();
    first_run("chg80-first", &sim, home, &config);
    let client = client(&sim, profile);
    let old = runtime().block_on(async {
        let a = live::load(&client).await;
        let r = plain_person(&a, &[], |_| true);
        client
            .update_person(
                r.id(),
                None,
                PersonChanges {
                    first_name: Edit::Set("Renamed".into()),
                    ..PersonChanges::default()
                },
            )
            .await
            .unwrap();
        r.display_name()
    });
    let tmux = console("chg80-second", &sim, home, &config);
    tmux.wait_for("the count", |s| header(s).contains("1 change"));
    tmux.keys(&["5"]);
    let screen = tmux.wait_for("the Changes view", |s| s.contains(" Changes 1/1"));
    let row = screen
        .lines()
        .find(|l| l.contains("name:"))
        .unwrap_or_else(|| panic!("no rename row:\n{screen}"));
    assert!(
        row.contains(&format!("name: {old} → Renamed")),
        "{row}\n{screen}"
    );
    // Enter opens the renamed person's card.
    tmux.keys(&["Enter"]);
    tmux.wait_for("the person's card", |s| {
        s.contains("Renamed") && s.lines().nth(1).is_some_and(|l| l.contains("People"))
    });
    quit(&tmux);
}
