//! A seeded generator of accounts whose every text field is hostile: control characters (C0,
//! C1, DEL), bidi overrides, zero-width characters, U+2028/2029, quotes, commas, line breaks and
//! leading `=`/`+`/`-`/`@`/`'`. No crate: the simulator's SplitMix64, so each seed is one fixed
//! account.
//! Plus the helpers the tests built on it share: a simulator on the account, a binary run in a
//! temporary home.

#![allow(dead_code)]

use std::path::Path;

use proofhub_tui::sim::Sim;
use proofhub_tui::sim::data::{AccountData, GroupData, PersonData, ProjectData};
use proofhub_tui::sim::generate::standard_roles;
use proofhub_tui::sim::rng::SplitMix64;

/// Every kind of hostile piece; each field draws a few.
pub const PIECES: &[&str] = &[
    "\u{1b}[31m",
    "\u{1b}]52;c;SGVsbG8=\u{7}",
    "\u{7}",
    "\u{9b}2J",
    "\u{9c}",
    "\u{9d}",
    "\u{7f}",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{2028}",
    "\u{2029}",
    "\"",
    "\"\"",
    ",",
    "\n",
    "\r\n",
    "\t",
    "=",
    "+",
    "-",
    "@",
    "'",
    "=HYPERLINK(\"http://x\")",
    "Müller",
    "李",
    " ",
];

/// Pieces that keep an email an email (no whitespace, no `@`).
const EMAIL_PIECES: &[&str] = &[
    "\u{1b}]52;c;",
    "\u{9b}",
    "\u{7f}",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "\"q\"",
    ",",
    "=",
    "+",
    "-",
    "'",
];

/// The characters a JSON export must never hold raw.
pub fn listed(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9f}' | '\u{7f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{2028}' | '\u{2029}')
}

pub struct Rng(SplitMix64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(SplitMix64::new(seed))
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.0.below(n as u64) as usize
    }

    fn pieces(&mut self, from: &[&str], n: usize) -> String {
        (0..n).map(|_| from[self.below(from.len())]).collect()
    }

    /// `base` with hostile pieces before, inside and after it.
    pub fn hostile(&mut self, base: &str) -> String {
        let (a, b, c) = (self.below(3), self.below(3), self.below(3));
        let mid = base
            .char_indices()
            .nth(base.chars().count() / 2)
            .map_or(base.len(), |(i, _)| i);
        let (head, tail) = base.split_at(mid);
        format!(
            "{}{head}{}{tail}{}",
            self.pieces(PIECES, a + 1),
            self.pieces(PIECES, b),
            self.pieces(PIECES, c)
        )
    }

    fn email(&mut self, i: usize) -> String {
        let (a, b, c) = (1 + self.below(2), self.below(2), self.below(2));
        format!(
            "{}user{i}{}@ex{}.io",
            self.pieces(EMAIL_PIECES, a),
            self.pieces(EMAIL_PIECES, b),
            self.pieces(EMAIL_PIECES, c),
        )
    }
}

const STAMP: &str = "2024-01-10T08:00:00+00:00";

/// An account of `people` hostile people in three hostile projects (titles without `;`, which
/// the sync source cannot name by design), the owner first.
pub fn account(seed: u64, people: usize) -> AccountData {
    let mut rng = Rng::new(seed);
    let roles = standard_roles();
    let role_ids: Vec<u64> = roles.iter().map(|r| r.id).collect();
    let person_ids: Vec<u64> = (0..people).map(|i| 7_000_000_001 + i as u64).collect();
    let people_data: Vec<PersonData> = person_ids
        .iter()
        .enumerate()
        .map(|(i, &id)| PersonData {
            id,
            first_name: rng.hostile(["Ann", "Zoë", "Mary Ann", "李"][i % 4]),
            last_name: rng.hostile(["Lee", "Müller", "Smith", "O'Brien"][i % 4]),
            email: rng.email(i),
            // The owner first, then anyone but the owner.
            role: if i == 0 {
                role_ids[0]
            } else {
                role_ids[1 + rng.below(role_ids.len() - 1)]
            },
            title: Some(rng.hostile("Designer")),
            username: Some(rng.hostile("user")),
            company: Some(rng.hostile("Acme, Inc.")),
            phone: Some(rng.hostile("+49 30 5550")),
            timezone: Some("Europe/Berlin".into()),
            language: "en".into(),
            suspended: false,
            image_url: None,
            profile_color: "#4a90d9".into(),
            last_active: None,
            send_invite: true,
            created_at: STAMP.into(),
            updated_at: STAMP.into(),
        })
        .collect();
    let projects = (0..3)
        .map(|p| {
            let title = rng.hostile(&format!("Project {p}")).replace(';', ",");
            let assigned: Vec<u64> = person_ids
                .iter()
                .copied()
                .filter(|_| rng.below(2) == 0)
                .collect();
            ProjectData {
                id: 985_000_000_001 + p,
                title,
                description: String::new(),
                archived: false,
                status: None,
                color: "#4a90d9".into(),
                start_date: None,
                end_date: None,
                category: None,
                creator: Some(person_ids[0]),
                manager: assigned.first().copied(),
                assigned,
                created_at: STAMP.into(),
                modified_at: STAMP.into(),
            }
        })
        .collect();
    AccountData {
        format: 1,
        roles,
        groups: vec![GroupData {
            id: 5_368_709_120,
            name: "All people".into(),
            assigned: person_ids.clone(),
            everyone: true,
        }],
        people: people_data,
        projects,
    }
}

/// The simulator on `data`, a client and a whole load, with the fast window the test home's
/// config matches.
pub use crate::support::live::{client, load, start};

/// A temporary home whose config paces at the simulator's fast window.
pub fn home() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("config")).expect("config dir");
    std::fs::write(
        dir.path().join("config/config.toml"),
        "pacing = \"25/0.2\"\n",
    )
    .expect("config");
    dir
}

/// Runs the binary with the simulator's token in `home`; `log` sets `PROOFHUB_TUI_LOG`.
pub async fn run(args: &[&str], sim: &Sim, home: &Path, log: bool) -> std::process::Output {
    let args: Vec<String> = args.iter().map(std::string::ToString::to_string).collect();
    let token = sim.token().to_string();
    let home = home.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_proofhub-tui"));
        cmd.args(&args)
            .env("PROOFHUB_TOKEN", token)
            .env("PROOFHUB_TUI_HOME", home)
            .env_remove("PROOFHUB_BASE_URL")
            .env_remove("PROOFHUB_TUI_LOG");
        if log {
            cmd.env("PROOFHUB_TUI_LOG", "debug");
        }
        cmd.output().expect("the binary runs")
    })
    .await
    .expect("join")
}

/// The requests that could change something.
pub fn writes(sim: &Sim) -> Vec<String> {
    sim.requests()
        .iter()
        .filter(|r| r.method != "GET")
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}
