//! A deterministic account generator: the same (people, projects, seed) always gives the same
//! account. It makes the demo account (with a few hand-made records, [`build_demo`]) and large
//! accounts for benchmarks (`sim --people 50000 --projects 2000`).
//!
//! Shape of a generated account: one owner (the first person), about 3% admins, 15% clients, the
//! rest normal users; about 3% suspended, 8% never active, 10% in no project; each project has a
//! manager (never a client) who is also assigned; groups by department plus "All people".
//! Ids exceed 2^32, as real ProofHub ids do.

use std::collections::HashSet;

use super::data::{AccountData, FORMAT_VERSION, GroupData, PersonData, ProjectData, RoleData};
use super::rng::SplitMix64;
use super::timezones::TIMEZONES;

/// The seed of the committed demo account.
pub const DEMO_SEED: u64 = 20_260_311;

pub const OWNER_ROLE: u64 = 90_391_275_001;
pub const ADMIN_ROLE: u64 = 90_391_275_002;
pub const NORMAL_ROLE: u64 = 90_391_275_003;
pub const CLIENT_ROLE: u64 = 90_391_275_004;

const PERSON_ID_BASE: u64 = 7_189_443_252;
const PROJECT_ID_BASE: u64 = 985_356_917_305;
const GROUP_ID_BASE: u64 = 5_368_709_120;

const FIRST: &[&str] = &[
    "Anna",
    "Jonas",
    "Łukasz",
    "Zoë",
    "José",
    "Ólafur",
    "Søren",
    "Chloé",
    "Mehmet",
    "Aoife",
    "Priya",
    "Wei",
    "Olga",
    "Björn",
    "Agnieszka",
    "François",
    "Nuno",
    "Sinéad",
    "Dmitri",
    "Fatima",
    "Kenji",
    "Ingrid",
    "Mateo",
    "Amélie",
    "Tomasz",
    "Hana",
    "Raúl",
    "Elif",
    "Liam",
    "Noémie",
    "Jürgen",
    "Małgorzata",
    "Siobhán",
    "Kwame",
    "Ana",
    "Yuki",
    "Ravi",
    "Sofía",
    "Emil",
    "Zuzana",
    "Oğuz",
    "Leilani",
    "Grzegorz",
    "Thérèse",
    "Ásgeir",
    "Nikolaj",
    "Inês",
    "Mariana",
    "Ahmed",
    "Emma",
    "Lucas",
    "Mia",
    "Noah",
    "Olivia",
    "Ethan",
    "Sara",
    "David",
    "Laura",
    "Peter",
    "Julia",
];

const LAST: &[&str] = &[
    "Müller",
    "Kowalski",
    "García",
    "Núñez",
    "Sigurðsson",
    "Jørgensen",
    "Lefèvre",
    "Yılmaz",
    "O'Brien",
    "Patel",
    "Wang",
    "Ivanova",
    "Åberg",
    "Wiśniewska",
    "Dubois",
    "Gonçalves",
    "Ní Bhriain",
    "Petrov",
    "Haddad",
    "Tanaka",
    "Lindqvist",
    "Fernández",
    "Brontë",
    "Zieliński",
    "Nováková",
    "Schröder",
    "Byrne",
    "Mensah",
    "Silva",
    "Sato",
    "Sharma",
    "López",
    "Hansen",
    "Dvořák",
    "Öztürk",
    "Kahananui",
    "Lewandowski",
    "Château",
    "Þórsson",
    "Van der Berg",
    "Smith",
    "Johnson",
    "Brown",
    "Taylor",
    "Wilson",
    "Martin",
    "Thompson",
    "White",
    "Clark",
];

/// Names written in scripts without an ASCII e-mail spelling (the e-mail falls back to `user.N`).
const FAR_NAMES: &[(&str, &str)] = &[
    ("伟", "李"),
    ("美咲", "佐藤"),
    ("Дмитрий", "Смирнов"),
    ("Γιώργος", "Παπαδόπουλος"),
    ("지훈", "김"),
    ("אורי", "כהן"),
];

const TITLES: &[&str] = &[
    "Project Manager",
    "Designer",
    "Developer",
    "QA Engineer",
    "Account Manager",
    "Copywriter",
    "Marketing Lead",
    "Support Agent",
    "Data Analyst",
    "Office Manager",
    "Consultant",
    "",
];

const DEPARTMENTS: &[&str] = &[
    "Engineering",
    "Design",
    "Marketing",
    "Sales",
    "Support",
    "Finance",
    "Operations",
];

const CLIENT_COMPANIES: &[&str] = &[
    "Nordlicht AG",
    "Café Olé S.L.",
    "Kraków Logistics",
    "Fjörður ehf.",
    "Blue Harbor Inc.",
    "Maison Dupré",
    "Sakura Trading",
    "Atlas & Co.",
];

const PROJECT_WORDS: &[&str] = &[
    "Website relaunch",
    "Mobile app",
    "Brand refresh",
    "Onboarding flow",
    "Q3 campaign",
    "Data migration",
    "Customer portal",
    "Trade fair",
    "Annual report",
    "Support handbook",
    "Pricing study",
    "Intranet",
    "Newsletter",
    "Checkout redesign",
    "Partner program",
];

/// Calling codes for the (fictional, 555) phone numbers.
const COUNTRY_CODES: &[u32] = &[1, 44, 49, 33, 48, 34, 351, 354, 45, 81, 86, 91, 55, 61];

const LANGUAGES: &[&str] = &["en", "en", "en", "de", "fr", "es", "pl", "pt"];
const COLORS: &[&str] = &[
    "#4a90d9", "#e67e22", "#27ae60", "#8e44ad", "#c0392b", "#16a085", "#f1c40f", "#2c3e50",
];

const PROJECT_SUFFIXES: &[&str] = &[
    "2024", "2025", "2026", "EU", "US", "APAC", "internal", "pilot",
];

/// `word suffix`, or, when another project has that title already, the next free suffix, then
/// a number: two projects with one title would be indistinguishable in a list.
fn unique_title(taken: &mut HashSet<String>, word: &str, suffix: &str) -> String {
    let start = PROJECT_SUFFIXES
        .iter()
        .position(|s| *s == suffix)
        .unwrap_or(0);
    let candidates = (0..PROJECT_SUFFIXES.len())
        .map(|k| {
            format!(
                "{word} {}",
                PROJECT_SUFFIXES[(start + k) % PROJECT_SUFFIXES.len()]
            )
        })
        .chain((2..).map(|n| format!("{word} {suffix} {n}")));
    for title in candidates {
        if taken.insert(title.clone()) {
            return title;
        }
    }
    unreachable!("the numbered titles never run out")
}

/// When a person was last active: for most people within the half year before
/// [`RECENT_TO`], so the demo looks like a live account; every tenth person went quiet within a
/// month of their last update (the dormant accounts an audit looks for). Derived from values
/// already drawn, so the rest of the generated account does not change with this rule.
fn last_seen(id: u64, updated: i64, jitter: i64) -> i64 {
    if id % 10 == 3 {
        return updated + jitter;
    }
    let back = (id.wrapping_mul(7_919) as i64 + jitter).rem_euclid(86_400 * 180);
    (RECENT_TO - back).max(updated)
}

/// 2026-11-01T00:00:00Z: the end of the recent-activity span.
const RECENT_TO: i64 = 1_793_491_200;

/// 2019-01-01T00:00:00Z and 2026-06-01T00:00:00Z, the span of generated timestamps.
const EPOCH_FROM: i64 = 1_546_300_800;
const EPOCH_TO: i64 = 1_780_272_000;

impl AccountData {
    /// An account with the four standard roles and nobody in it.
    pub fn empty() -> Self {
        AccountData {
            format: FORMAT_VERSION,
            roles: standard_roles(),
            groups: Vec::new(),
            people: Vec::new(),
            projects: Vec::new(),
        }
    }

    /// A deterministic account of this size (see [`generate`]).
    pub fn generate(people: usize, projects: usize, seed: u64) -> Self {
        generate(people, projects, seed)
    }
}

/// The four roles every ProofHub account has, marked `default` as ProofHub's docs show them
/// (sections/roles.md: Owner, Admin and Normal User are all `"default": true`).
pub fn standard_roles() -> Vec<RoleData> {
    [
        (OWNER_ROLE, "Owner", true),
        (ADMIN_ROLE, "Admin", true),
        (NORMAL_ROLE, "Normal User", true),
        (CLIENT_ROLE, "Client", false),
    ]
    .into_iter()
    .map(|(id, name, default)| RoleData {
        id,
        name: name.to_string(),
        default,
    })
    .collect()
}

/// RFC 3339 with a `+00:00` offset, the way ProofHub writes timestamps.
pub fn timestamp(epoch_secs: i64) -> String {
    chrono::DateTime::from_timestamp(epoch_secs, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S+00:00")
        .to_string()
}

fn date(epoch_secs: i64) -> String {
    chrono::DateTime::from_timestamp(epoch_secs, 0)
        .unwrap_or_default()
        .format("%Y-%m-%d")
        .to_string()
}

/// Lower-case ASCII spelling of a name for e-mail addresses; `None` if nothing is left.
fn ascii_fold(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.chars() {
        let mapped = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'ą' | 'Á' | 'Å' => "a",
            'æ' => "ae",
            'ç' | 'č' | 'ć' => "c",
            'ð' | 'ď' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' => "e",
            'ğ' => "g",
            'ì' | 'í' | 'î' | 'ï' | 'ı' => "i",
            'ł' | 'Ł' => "l",
            'ñ' | 'ń' => "n",
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' | 'Ó' | 'Ö' => "o",
            'ř' => "r",
            'ś' | 'š' | 'ş' => "s",
            'þ' | 'Þ' => "th",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ý' => "y",
            'ź' | 'ż' | 'ž' => "z",
            'É' => "e",
            c if c.is_ascii_alphanumeric() => {
                out.push(c.to_ascii_lowercase());
                continue;
            }
            _ => continue,
        };
        out.push_str(mapped);
    }
    (!out.is_empty()).then_some(out)
}

/// A fictional phone number, `+CC AREA 555 NNNN`. It takes exactly four draws, as the first
/// version did, so that every later field of the committed demo account stays the same.
fn phone(rng: &mut SplitMix64) -> String {
    let country = COUNTRY_CODES[rng.below(COUNTRY_CODES.len() as u64) as usize];
    let area = rng.below(90) + 10;
    let _ = rng.below(10_000);
    format!("+{country} {area} 555 {:04}", rng.below(10_000))
}

/// Generates an account of `people` people (at least one: the owner) and `projects` projects.
pub fn generate(people: usize, projects: usize, seed: u64) -> AccountData {
    let mut rng = SplitMix64::new(seed);
    let mut emails: HashSet<String> = HashSet::with_capacity(people);
    let mut persons = Vec::with_capacity(people.max(1));
    let mut departments: Vec<Vec<u64>> = vec![Vec::new(); DEPARTMENTS.len()];
    let mut clients = HashSet::new();
    let mut in_no_project = HashSet::new();

    for i in 0..people.max(1) {
        let id = PERSON_ID_BASE + (i as u64) * 1_009 + rng.below(1_000);
        let (first, last) = if rng.chance(3.0) {
            let (f, l) = rng.pick(FAR_NAMES);
            (f.to_string(), l.to_string())
        } else {
            (rng.pick(FIRST).to_string(), rng.pick(LAST).to_string())
        };
        let role = if i == 0 {
            OWNER_ROLE
        } else {
            match rng.below(100) {
                0..=2 => ADMIN_ROLE,
                3..=17 => CLIENT_ROLE,
                _ => NORMAL_ROLE,
            }
        };
        let client = role == CLIENT_ROLE;
        let company = if client {
            rng.pick(CLIENT_COMPANIES).to_string()
        } else {
            "Acme Studio GmbH".to_string()
        };
        let domain = if client {
            format!(
                "{}.example.com",
                ascii_fold(&company).unwrap_or_else(|| "client".to_string())
            )
        } else {
            "acme.example".to_string()
        };
        let local = match (ascii_fold(&first), ascii_fold(&last)) {
            (Some(f), Some(l)) => format!("{f}.{l}"),
            _ => format!("user.{}", i + 1),
        };
        let mut email = format!("{local}@{domain}");
        let mut n = 2;
        while !emails.insert(email.clone()) {
            email = format!("{local}{n}@{domain}");
            n += 1;
        }
        let created = EPOCH_FROM + rng.below((EPOCH_TO - EPOCH_FROM) as u64 / 2) as i64;
        let updated = created + rng.below(86_400 * 400) as i64;
        let never_active = i != 0 && rng.chance(8.0);
        let last_active = (!never_active)
            .then(|| timestamp(last_seen(id, updated, rng.below(86_400 * 30) as i64)));
        let suspended = i != 0 && rng.chance(3.0);
        if i != 0 && rng.chance(10.0) {
            in_no_project.insert(id);
        }
        if client {
            clients.insert(id);
        } else if rng.chance(85.0) {
            let d = rng.below(DEPARTMENTS.len() as u64) as usize;
            departments[d].push(id);
        }
        let username = email.split('@').next().unwrap_or_default().to_string();
        let (_, tz, _) = rng.pick(TIMEZONES);
        persons.push(PersonData {
            id,
            first_name: first,
            last_name: last,
            email,
            role,
            title: Some(rng.pick(TITLES).to_string()).filter(|t| !t.is_empty()),
            username: Some(username),
            company: Some(company),
            phone: Some(phone(&mut rng)),
            timezone: Some(tz.to_string()),
            language: rng.pick(LANGUAGES).to_string(),
            suspended,
            image_url: None,
            profile_color: rng.pick(COLORS).to_string(),
            last_active,
            send_invite: true,
            created_at: timestamp(created),
            updated_at: timestamp(updated),
        });
    }

    let assignable: Vec<u64> = persons
        .iter()
        .map(|p| p.id)
        .filter(|id| !in_no_project.contains(id))
        .collect();
    let managers: Vec<u64> = assignable
        .iter()
        .copied()
        .filter(|id| !clients.contains(id))
        .collect();
    let mut project_list = Vec::with_capacity(projects);
    let mut titles: HashSet<String> = HashSet::new();
    for j in 0..projects {
        let id = PROJECT_ID_BASE + (j as u64) * 7_919 + rng.below(7_000);
        let manager = (!managers.is_empty()).then(|| *rng.pick(&managers));
        let size = 3 + rng.below(25) as usize;
        let mut assigned: Vec<u64> = Vec::with_capacity(size + 1);
        if let Some(m) = manager {
            assigned.push(m);
        }
        let mut seen: HashSet<u64> = assigned.iter().copied().collect();
        for _ in 0..size {
            if assignable.is_empty() {
                break;
            }
            let p = *rng.pick(&assignable);
            if seen.insert(p) {
                assigned.push(p);
            }
        }
        let created = EPOCH_FROM + rng.below((EPOCH_TO - EPOCH_FROM) as u64) as i64;
        let modified = created + rng.below(86_400 * 200) as i64;
        let word = rng.pick(PROJECT_WORDS);
        let suffix = rng.pick(PROJECT_SUFFIXES);
        let title = unique_title(&mut titles, word, suffix);
        project_list.push(ProjectData {
            id,
            title,
            description: String::new(),
            archived: rng.chance(10.0),
            status: Some(1 + rng.below(3)),
            color: rng.pick(COLORS).to_string(),
            start_date: Some(date(created)),
            end_date: Some(date(created + 86_400 * (30 + rng.below(300) as i64))),
            category: None,
            creator: persons.first().map(|p| p.id),
            manager,
            assigned,
            created_at: timestamp(created),
            modified_at: timestamp(modified),
        });
    }

    let mut groups = vec![GroupData {
        id: GROUP_ID_BASE,
        name: "All people".to_string(),
        assigned: persons.iter().map(|p| p.id).collect(),
        everyone: true,
    }];
    for (k, (name, members)) in DEPARTMENTS.iter().zip(departments).enumerate() {
        groups.push(GroupData {
            id: GROUP_ID_BASE + 1 + k as u64,
            name: name.to_string(),
            assigned: members,
            everyone: false,
        });
    }
    if !clients.is_empty() {
        groups.push(GroupData {
            id: GROUP_ID_BASE + 1 + DEPARTMENTS.len() as u64,
            name: "Clients".to_string(),
            assigned: persons
                .iter()
                .map(|p| p.id)
                .filter(|id| clients.contains(id))
                .collect(),
            everyone: false,
        });
    }

    AccountData {
        format: FORMAT_VERSION,
        roles: standard_roles(),
        groups,
        people: persons,
        projects: project_list,
    }
}

/// The demo account: the generator at [`DEMO_SEED`] plus hand-made records that tests and the
/// console rely on (a hostile name with terminal escapes, a few named people).
pub fn build_demo() -> AccountData {
    let mut data = generate(244, 40, DEMO_SEED);
    if let Some(owner) = data.people.first_mut() {
        owner.first_name = "Ólafur".to_string();
        owner.last_name = "Ragnarsson".to_string();
        owner.email = "olafur.ragnarsson@acme.example".to_string();
        owner.username = Some("olafur.ragnarsson".to_string());
        owner.title = Some("Founder".to_string());
    }
    let specials = [
        // (first, last, email, role, suspended, never active, title)
        (
            "Zoë",
            "Müller",
            "zoe.mueller@acme.example",
            ADMIN_ROLE,
            false,
            false,
            "Operations Lead",
        ),
        (
            "Łukasz",
            "Wiśniewski",
            "lukasz.w@acme.example",
            NORMAL_ROLE,
            false,
            false,
            "Developer",
        ),
        (
            "José",
            "Núñez",
            "jose.nunez@acme.example",
            NORMAL_ROLE,
            true,
            false,
            "Designer",
        ),
        (
            "明",
            "李",
            "li.ming@acme.example",
            NORMAL_ROLE,
            false,
            true,
            "Translator",
        ),
        (
            "\u{1b}[31mEvil\u{1b}[0m",
            "Bell\u{7}\u{1b}]0;pwned\u{7}\u{1b}[2J",
            "evil@hostile.example",
            CLIENT_ROLE,
            false,
            true,
            "\u{1b}[5mblink\u{1b}[0m",
        ),
        (
            "Rosa",
            "Vacant",
            "rosa.vacant@acme.example",
            NORMAL_ROLE,
            false,
            false,
            "Consultant",
        ),
    ];
    let base = data
        .people
        .iter()
        .map(|p| p.id)
        .max()
        .unwrap_or(PERSON_ID_BASE)
        + 10_007;
    for (k, (first, last, email, role, suspended, never, title)) in specials.into_iter().enumerate()
    {
        let id = base + k as u64 * 101;
        let created = timestamp(1_700_000_000 + k as i64 * 86_400);
        data.people.push(PersonData {
            id,
            first_name: first.to_string(),
            last_name: last.to_string(),
            email: email.to_string(),
            role,
            title: Some(title.to_string()),
            username: email.split('@').next().map(str::to_string),
            company: Some("Acme Studio GmbH".to_string()),
            phone: Some(format!("+49 30 5550 {:04}", 1000 + k)),
            timezone: Some("Europe/Berlin".to_string()),
            language: "de".to_string(),
            suspended,
            image_url: None,
            profile_color: "#8e44ad".to_string(),
            last_active: (!never).then(|| timestamp(1_760_000_000 + k as i64 * 3_600)),
            send_invite: true,
            created_at: created.clone(),
            updated_at: created,
        });
        for g in data.groups.iter_mut().filter(|g| g.everyone) {
            g.assigned.push(id);
        }
        // Zoë, Łukasz and José work on the first projects; the others are in none.
        if k < 3 {
            for p in data.projects.iter_mut().take(3 + k) {
                p.assigned.push(id);
            }
        }
    }
    data
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_account_other_seed_other_account() {
        assert_eq!(generate(300, 20, 7), generate(300, 20, 7));
        assert_ne!(generate(300, 20, 7), generate(300, 20, 8));
    }

    #[test]
    fn generated_accounts_pass_the_data_checks() {
        for (people, projects) in [(1, 0), (1, 3), (10, 5), (2_000, 100)] {
            let data = generate(people, projects, 3);
            assert_eq!(data.people.len(), people);
            assert_eq!(data.projects.len(), projects);
            data.check().expect("consistent");
        }
        build_demo().check().expect("demo consistent");
    }

    #[test]
    fn ascii_fold_spells_names_for_email() {
        assert_eq!(ascii_fold("Łukasz").as_deref(), Some("lukasz"));
        assert_eq!(ascii_fold("Ní Bhriain").as_deref(), Some("nibhriain"));
        assert_eq!(ascii_fold("李"), None);
    }
}

#[cfg(test)]
mod demo_file {
    use super::*;

    /// The committed demo file is exactly what [`build_demo`] makes. To regenerate it after
    /// changing the recipe: `PROOFHUB_WRITE_DEMO=1 cargo test --lib sim::generate`.
    #[test]
    fn committed_demo_matches_its_recipe() {
        let built = build_demo();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo-account.json");
        if std::env::var_os("PROOFHUB_WRITE_DEMO").is_some() {
            std::fs::write(path, built.to_json_pretty() + "\n").expect("write demo");
        }
        let committed = AccountData::load(path).expect("committed demo loads");
        assert!(
            committed == built,
            "assets/demo-account.json differs from build_demo(); regenerate with PROOFHUB_WRITE_DEMO=1"
        );
    }
}
