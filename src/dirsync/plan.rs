//! The plan: what a sync would change, item by item, each holding the live values it was
//! planned against so that apply can tell drift from progress.
//!
//! [`build`] compares a [`Source`] with a loaded [`Account`] by email (case-insensitive,
//! trimmed). Items come in a fixed order: invites, updates, membership adds, membership
//! removes, deletes. Deletes are planned only with [`PlanOptions::allow_delete`]; the account
//! owner is never planned for a delete or a role change. The plan is JSON (`--out`), and review
//! marks unticked items `"skip": true` in the same file. The plan is sealed ([`super::seal`]):
//! its id covers the items, the base URL, the profile, the options, the account's size and
//! identity, under a per-machine key, so [`Plan::verify`] refuses a hand-edited plan.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::seal::PlanKey;
use super::source::{RowError, Source, SourceName, SourceRow};
use crate::model::account::{Account, Person, PersonId, ProjectId};
use crate::model::profile::Profile;

/// The plan file's format version (2: sealed, with the account's identity).
pub const PLAN_FORMAT: u32 = 2;

/// What the account itself shows about who it is: the owner's id and the role ids (v3; guide
/// has no role ids). Another account at the same URL shows others.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountIdentity {
    pub owner: Option<PersonId>,
    #[serde(default)]
    pub roles: Vec<u64>,
}

impl AccountIdentity {
    pub fn of(account: &Account) -> AccountIdentity {
        let mut roles: Vec<u64> = account.roles.iter().map(|r| r.id.0).collect();
        roles.sort_unstable();
        AccountIdentity {
            owner: account
                .people
                .iter()
                .find(|p| account.is_owner(p))
                .map(Person::id),
            roles,
        }
    }
}

impl fmt::Display for AccountIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.owner {
            Some(o) => write!(f, "owner id {o}")?,
            None => f.write_str("no owner")?,
        }
        if !self.roles.is_empty() {
            write!(
                f,
                ", role ids {}",
                self.roles
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            )?;
        }
        Ok(())
    }
}

/// How much a sync may change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanOptions {
    /// Only invites and membership adds: nothing changed or removed.
    pub add_only: bool,
    /// Plan deletes of people the source does not list (off unless asked for).
    pub allow_delete: bool,
}

/// A person field an update changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    FirstName,
    LastName,
    Title,
    Role,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Field::Name => "name",
            Field::FirstName => "first name",
            Field::LastName => "last name",
            Field::Title => "title",
            Field::Role => "role",
        })
    }
}

/// One field of an update: the live value it was planned against and the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: Field,
    /// As the account held it at plan time (`""` for none); role by name.
    pub before: String,
    pub after: String,
}

/// What one item does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A new person; ProofHub emails the invitation at once.
    Invite {
        email: String,
        first_name: String,
        last_name: String,
        /// The role's name; `None`: the account's default role.
        role: Option<String>,
    },
    Update {
        person: PersonId,
        email: String,
        /// `updated_at` at plan time.
        stamp: Option<String>,
        fields: Vec<FieldChange>,
    },
    AddMember {
        project: ProjectId,
        project_title: String,
        email: String,
        /// `None`: the person is invited by this plan.
        person: Option<PersonId>,
    },
    RemoveMember {
        project: ProjectId,
        project_title: String,
        email: String,
        person: PersonId,
    },
    Delete {
        person: PersonId,
        email: String,
        name: String,
        stamp: Option<String>,
        /// Role name and projects at plan time (shown in review; the tombstone holds more).
        role: Option<String>,
        projects: Vec<String>,
    },
}

/// The kinds of item, in apply order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Invite,
    Update,
    AddMember,
    RemoveMember,
    Delete,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Invite,
        Kind::Update,
        Kind::AddMember,
        Kind::RemoveMember,
        Kind::Delete,
    ];

    /// Plural heading, e.g. "membership adds".
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Invite => "invites",
            Kind::Update => "updates",
            Kind::AddMember => "membership adds",
            Kind::RemoveMember => "membership removes",
            Kind::Delete => "deletes",
        }
    }

    /// One word for results files and logs.
    pub fn tag(self) -> &'static str {
        match self {
            Kind::Invite => "invite",
            Kind::Update => "update",
            Kind::AddMember => "add_member",
            Kind::RemoveMember => "remove_member",
            Kind::Delete => "delete",
        }
    }
}

impl Change {
    pub fn kind(&self) -> Kind {
        match self {
            Change::Invite { .. } => Kind::Invite,
            Change::Update { .. } => Kind::Update,
            Change::AddMember { .. } => Kind::AddMember,
            Change::RemoveMember { .. } => Kind::RemoveMember,
            Change::Delete { .. } => Kind::Delete,
        }
    }

    pub fn email(&self) -> &str {
        match self {
            Change::Invite { email, .. }
            | Change::Update { email, .. }
            | Change::AddMember { email, .. }
            | Change::RemoveMember { email, .. }
            | Change::Delete { email, .. } => email,
        }
    }

    /// The project title for membership items.
    pub fn project_title(&self) -> Option<&str> {
        match self {
            Change::AddMember { project_title, .. }
            | Change::RemoveMember { project_title, .. } => Some(project_title),
            _ => None,
        }
    }

    /// A stable key: the same change planned twice gets the same key.
    pub fn key(&self) -> String {
        let email = self.email().trim().to_lowercase();
        match self {
            Change::Invite { .. } => format!("invite:{email}"),
            Change::Update { person, .. } => format!("update:{person}"),
            Change::AddMember { project, .. } => format!("add:{project}:{email}"),
            Change::RemoveMember {
                project, person, ..
            } => format!("remove:{project}:{person}"),
            Change::Delete { person, .. } => format!("delete:{person}"),
        }
    }

    /// One line for people: "update jane@x.io: title "A" → "B"".
    pub fn describe(&self) -> String {
        match self {
            Change::Invite {
                email,
                first_name,
                last_name,
                role,
            } => {
                let name = [first_name.as_str(), last_name.as_str()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                format!(
                    "invite {email} ({name}{})",
                    role.as_deref()
                        .map(|r| format!(", {r}"))
                        .unwrap_or_default()
                )
            }
            Change::Update { email, fields, .. } => format!(
                "update {email}: {}",
                fields
                    .iter()
                    .map(|f| format!("{} {:?} → {:?}", f.field, f.before, f.after))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Change::AddMember {
                email,
                project_title,
                ..
            } => format!("add {email} to {project_title}"),
            Change::RemoveMember {
                email,
                project_title,
                ..
            } => format!("remove {email} from {project_title}"),
            Change::Delete { email, name, .. } => format!("delete {email} ({name})"),
        }
    }
}

/// One planned change and whether review left it ticked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub key: String,
    /// Unticked in review: apply leaves it out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub skip: bool,
    #[serde(flatten)]
    pub change: Change,
}

/// The whole plan, as written to the plan file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub format: u32,
    /// The seal over every part (not the skip marks): the apply ledger belongs to one plan.
    pub id: String,
    pub created_at: String,
    /// The account planned against; apply refuses another.
    pub base_url: String,
    pub profile: Profile,
    pub source: String,
    pub options: PlanOptions,
    /// How many people and projects the account had at plan time (the delete fuse's share and
    /// the request estimate use them).
    pub people_in_account: usize,
    pub projects_in_account: usize,
    /// Who the account is; apply refuses an account that shows another identity.
    pub account: AccountIdentity,
    pub items: Vec<Item>,
    /// Each part's HMAC, by part name ([`super::seal`]).
    #[serde(default)]
    pub seal: BTreeMap<String, String>,
}

/// The items as the seal covers them: `[key, change]` each, without the skip marks.
struct SealedItems<'a>(&'a [Item]);

impl Serialize for SealedItems<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for item in self.0 {
            seq.serialize_element(&(&item.key, &item.change))?;
        }
        seq.end()
    }
}

/// What an edit of each sealed part means, in the refusal.
fn edited(part: &str) -> &'static str {
    match part {
        "items" => {
            "its items were edited by hand (an item's ids, email, stamp or values differ from what was planned)"
        }
        "base_url" => {
            "its base_url was edited by hand (it names another account than it was made for)"
        }
        "counts" => {
            "its people_in_account/projects_in_account were edited by hand (the delete fuse's share depends on them)"
        }
        "account" => "its account identity (owner and role ids) was edited by hand",
        "options" => "its options were edited by hand",
        "profile" => "its profile was edited by hand",
        _ => "its header (created_at, source) was edited by hand",
    }
}

impl Plan {
    /// How many items of each kind (ticked only when `ticked_only`).
    pub fn counts(&self, ticked_only: bool) -> BTreeMap<Kind, usize> {
        let mut out: BTreeMap<Kind, usize> = Kind::ALL.iter().map(|k| (*k, 0)).collect();
        for item in &self.items {
            if !(ticked_only && item.skip) {
                *out.entry(item.change.kind()).or_default() += 1;
            }
        }
        out
    }

    /// "2 invites, 1 updates, 0 membership adds, 0 membership removes, 0 deletes".
    pub fn summary(&self) -> String {
        summary_line(&self.counts(false))
    }

    /// The seal of each sealed part: everything but the skip marks, the id and the seal. Each
    /// part is the compact JSON of `[[key, change], ...]`, the base URL, the profile, the
    /// options, `[people, projects]`, the identity and `[format, created_at, source]`, fed to
    /// its HMAC as it is serialized (no tree or text of the items is built).
    fn seal_of(&self, key: &PlanKey) -> BTreeMap<String, String> {
        let parts = [
            ("items", key.mac("items", &SealedItems(&self.items))),
            ("base_url", key.mac("base_url", &self.base_url)),
            ("profile", key.mac("profile", &self.profile)),
            ("options", key.mac("options", &self.options)),
            (
                "counts",
                key.mac(
                    "counts",
                    &(self.people_in_account, self.projects_in_account),
                ),
            ),
            ("account", key.mac("account", &self.account)),
            (
                "header",
                key.mac("header", &(self.format, &self.created_at, &self.source)),
            ),
        ];
        parts
            .into_iter()
            .map(|(name, mac)| (name.to_string(), mac))
            .collect()
    }

    /// Seals the plan with `key`: sets `seal` and `id`.
    pub fn seal_with(&mut self, key: &PlanKey) {
        self.seal = self.seal_of(key);
        self.id = key.id(&self.seal);
    }

    /// Checks the seal; the refusal names the part that was edited.
    pub fn verify(&self, key: &PlanKey) -> Result<(), String> {
        let want = self.seal_of(key);
        if want == self.seal && key.id(&want) == self.id {
            return Ok(());
        }
        let changed: Vec<&str> = want
            .iter()
            .filter(|(part, mac)| self.seal.get(*part) != Some(mac))
            .map(|(part, _)| part.as_str())
            .collect();
        let why = if self.seal.is_empty() {
            "it has no seal".to_string()
        } else if changed.len() == want.len() {
            "it was not made on this machine (its seal is not this machine's), or every part of it was edited".to_string()
        } else if changed.is_empty() {
            "its id was edited by hand".to_string()
        } else {
            changed
                .iter()
                .map(|p| edited(p))
                .collect::<Vec<_>>()
                .join("; ")
        };
        Err(format!(
            "refusing the plan: {why}; nothing was sent. Make a new plan with `sync plan`"
        ))
    }

    /// Reads a plan file, checking its format (the seal: [`Plan::verify`]).
    pub fn from_json(text: &str) -> Result<Plan, String> {
        let plan: Plan = serde_json::from_str(text).map_err(|e| format!("not a sync plan: {e}"))?;
        if plan.format != PLAN_FORMAT {
            return Err(format!(
                "plan format {} is not the one this version reads ({PLAN_FORMAT})",
                plan.format
            ));
        }
        Ok(plan)
    }

    pub fn to_json(&self) -> String {
        crate::model::sanitize::data::json(self).unwrap_or_else(|_| "{}\n".into())
    }
}

/// "N invites, N updates, ..." for a count map.
pub fn summary_line(counts: &BTreeMap<Kind, usize>) -> String {
    Kind::ALL
        .iter()
        .map(|k| format!("{} {}", counts.get(k).copied().unwrap_or(0), k.plural()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where the plan came from, for its header.
#[derive(Debug, Clone)]
pub struct PlanContext {
    pub base_url: String,
    pub source: String,
    pub created_at: String,
    /// The key the plan is sealed with.
    pub key: PlanKey,
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `norm(a) == norm(b)` without building either: words never hold whitespace, so the joined
/// forms are equal exactly when the words are.
fn norm_eq(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// Project titles normalised (`norm`, lower case) to the projects that have them, in account
/// order.
type ByTitle<'a> = HashMap<String, Vec<(ProjectId, &'a str)>>;

/// `norm(t).to_lowercase()`, written into `out` (cleared first): an ASCII title builds no
/// string of its own.
fn norm_lower_into<'s>(t: &str, out: &'s mut String) -> &'s str {
    out.clear();
    if t.is_ascii() {
        for (i, word) in t.split_whitespace().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
        // ASCII: the same as `to_lowercase`.
        out.make_ascii_lowercase();
    } else {
        // `to_lowercase` depends on context (a final sigma): left to it.
        out.push_str(&norm(t).to_lowercase());
    }
    out
}

/// The project a source entry names: an exact title (ignoring case), else the title before a
/// trailing ` (role)` as export writes it. `scratch` holds the normalised title (reused by
/// every entry).
fn find_project<'a>(by_title: &ByTitle<'a>, entry: &str, scratch: &mut String) -> Lookup<'a> {
    let mut try_title = |t: &str| match by_title.get(norm_lower_into(t, scratch)) {
        Some(v) if v.len() == 1 => Lookup::One(v[0].0, v[0].1),
        Some(_) => Lookup::Ambiguous,
        None => Lookup::None,
    };
    match try_title(entry) {
        Lookup::None => {}
        found => return found,
    }
    if let Some(stripped) = entry.strip_suffix(')')
        && let Some((title, _role)) = stripped.rsplit_once(" (")
    {
        return try_title(title);
    }
    Lookup::None
}

enum Lookup<'a> {
    One(ProjectId, &'a str),
    Ambiguous,
    None,
}

/// The role a source names, checked against the account; returns its name as the account
/// spells it.
fn resolve_role<'a>(
    account: &'a Account,
    profile: Profile,
    wanted: &str,
) -> Result<Cow<'a, str>, String> {
    match profile {
        Profile::V3 => account
            .roles
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(wanted.trim()))
            .map(|r| Cow::Borrowed(r.name.as_str()))
            .ok_or_else(|| {
                format!(
                    "role {wanted:?} is not one of the account's roles ({})",
                    account
                        .roles
                        .iter()
                        .map(|r| r.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }),
        Profile::Guide => Ok(Cow::Owned(wanted.trim().to_lowercase())),
    }
}

/// The name fields that differ between a source row and a live person.
fn name_changes(profile: Profile, row: &SourceRow, p: &Person) -> Vec<FieldChange> {
    let live_first = p.first_name().unwrap_or_default();
    let live_last = p.last_name().unwrap_or_default();
    let change = |field, before: &str, after: &str| {
        (!norm_eq(before, after)).then(|| FieldChange {
            field,
            before: before.trim().to_string(),
            after: norm(after),
        })
    };
    match (&row.name, profile) {
        (SourceName::Unset, _) => vec![],
        (SourceName::Parts { first, last }, Profile::V3) => [
            change(Field::FirstName, live_first, first),
            change(Field::LastName, live_last, last),
        ]
        .into_iter()
        .flatten()
        .collect(),
        (SourceName::Parts { first, last }, Profile::Guide) => {
            let full = format!("{first} {last}");
            change(Field::Name, &p.display_name(), &full)
                .into_iter()
                .collect()
        }
        (SourceName::Full(full), Profile::V3) => {
            let (first, last) = split_full(full, live_first, live_last);
            [
                change(Field::FirstName, live_first, &first),
                change(Field::LastName, live_last, &last),
            ]
            .into_iter()
            .flatten()
            .collect()
        }
        (SourceName::Full(full), Profile::Guide) => change(Field::Name, &p.display_name(), full)
            .into_iter()
            .collect(),
    }
}

/// A full name from the source as v3's first and last name: split where it keeps one of the
/// stored parts ("Mary Ann" + "Smith" renamed "Mary Ann Smythe" keeps "Mary Ann"), else at the
/// first space.
fn split_full(full: &str, live_first: &str, live_last: &str) -> (String, String) {
    let full = norm(full);
    let first = norm(live_first);
    let last = norm(live_last);
    if !first.is_empty() {
        if full == first {
            return (first, String::new());
        }
        if let Some(rest) = full.strip_prefix(&format!("{first} ")) {
            return (first, rest.to_string());
        }
    }
    if !last.is_empty()
        && let Some(head) = full.strip_suffix(&format!(" {last}"))
    {
        return (head.to_string(), last);
    }
    match full.split_once(' ') {
        Some((a, b)) => (a.to_string(), b.to_string()),
        None => (full, String::new()),
    }
}

fn invite_name(row: &SourceRow) -> (String, String) {
    match &row.name {
        SourceName::Parts { first, last } => (norm(first), norm(last)),
        SourceName::Full(full) => {
            let full = norm(full);
            match full.split_once(' ') {
                Some((a, b)) => (a.to_string(), b.to_string()),
                None => (full, String::new()),
            }
        }
        // ProofHub needs a first name: use the address's local part.
        SourceName::Unset => (
            row.email
                .split('@')
                .next()
                .unwrap_or(row.email.as_str())
                .to_string(),
            String::new(),
        ),
    }
}

/// Compares the source with the account and plans the changes. Any row the account cannot
/// take (unknown role or project, a title on an account without titles) is an error with its
/// line; no plan is made then.
pub fn build(
    account: &Account,
    source: &Source,
    options: PlanOptions,
    ctx: PlanContext,
) -> Result<Plan, Vec<RowError>> {
    let profile = account.profile.unwrap_or(Profile::V3);
    let mut errors = Vec::new();
    let mut by_title = ByTitle::with_capacity(account.projects.len());
    for p in &account.projects {
        by_title
            .entry(norm(&p.title).to_lowercase())
            .or_default()
            .push((p.id, p.title.as_str()));
    }

    let mut invites = Vec::new();
    let mut updates = Vec::new();
    let mut adds = Vec::new();
    let mut removes = Vec::new();
    let mut deletes = Vec::new();
    // Everyone the source lists, in any order (sorted only if deletes are planned).
    let mut listed: Vec<PersonId> = Vec::new();
    // Reused by every row: a row that changes nothing allocates nothing.
    let mut scratch = String::new();
    // The row's projects in project-id order, each once (the title of its last entry).
    let mut wanted_projects: Vec<(ProjectId, &str)> = Vec::new();
    let mut current: Vec<ProjectId> = Vec::new();

    for row in &source.rows {
        let live = account.person_by_email(&row.email);
        let mut row_errors = Vec::new();
        let role = match &row.role {
            Some(r) => match resolve_role(account, profile, r) {
                Ok(name) => Some(name),
                Err(m) => {
                    row_errors.push(m);
                    None
                }
            },
            None => None,
        };
        if row.title.is_some() && profile == Profile::Guide {
            row_errors.push("this account's API (guide) has no title field; leave the title column empty or remove it".into());
        }
        wanted_projects.clear();
        for entry in row.projects.iter().flatten() {
            match find_project(&by_title, entry, &mut scratch) {
                Lookup::One(id, title) => wanted_projects.push((id, title)),
                Lookup::Ambiguous => row_errors.push(format!(
                    "project {entry:?} names more than one project of the account"
                )),
                Lookup::None => {
                    row_errors.push(format!("project {entry:?} is not a project of the account"));
                }
            }
        }
        // As a map by id would keep them: sorted, the last entry's title for a repeated id.
        wanted_projects.sort_by_key(|(id, _)| *id);
        wanted_projects.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                *kept = *later;
            }
            same
        });
        let wants = |id: &ProjectId| {
            wanted_projects
                .binary_search_by_key(id, |(project, _)| *project)
                .is_ok()
        };
        if !row_errors.is_empty() {
            errors.extend(row_errors.into_iter().map(|message| RowError {
                line: row.line,
                message,
            }));
            continue;
        }

        let owner_role = role
            .as_deref()
            .is_some_and(|r| r.eq_ignore_ascii_case("owner"));
        match live {
            None if owner_role => errors.push(RowError {
                line: row.line,
                message: "a sync does not invite anyone as Owner".into(),
            }),
            None => {
                let (first_name, last_name) = invite_name(row);
                invites.push(Change::Invite {
                    email: row.email.clone(),
                    first_name,
                    last_name,
                    role: role.as_deref().map(str::to_string),
                });
                for (project, project_title) in &wanted_projects {
                    adds.push(Change::AddMember {
                        project: *project,
                        project_title: (*project_title).to_string(),
                        email: row.email.clone(),
                        person: None,
                    });
                }
            }
            Some(p) => {
                listed.push(p.id());
                let owner = account.is_owner(p);
                let mut fields = name_changes(profile, row, p);
                if let Some(title) = &row.title {
                    let before = p.title().unwrap_or_default();
                    if !norm_eq(before, title) {
                        fields.push(FieldChange {
                            field: Field::Title,
                            before: before.trim().to_string(),
                            after: norm(title),
                        });
                    }
                }
                if let Some(role) = &role {
                    let before = account.role_name_ref(p).unwrap_or_default();
                    if !before.eq_ignore_ascii_case(role) {
                        if owner || owner_role {
                            errors.push(RowError {
                                line: row.line,
                                message: format!(
                                    "a sync does not move the Owner role ({} is {before}, the source says {role})",
                                    p.email()
                                ),
                            });
                            continue;
                        }
                        fields.push(FieldChange {
                            field: Field::Role,
                            before: before.into_owned(),
                            after: role.to_string(),
                        });
                    }
                }
                if !fields.is_empty() && !options.add_only {
                    updates.push(Change::Update {
                        person: p.id(),
                        email: p.email().to_string(),
                        stamp: p.updated_at().map(std::borrow::Cow::into_owned),
                        fields,
                    });
                }
                if row.projects.is_some() {
                    // In project-id order, each once.
                    current.clear();
                    current.extend(account.project_ids_of(p.id()));
                    for (project, project_title) in &wanted_projects {
                        if current.binary_search(project).is_err() {
                            adds.push(Change::AddMember {
                                project: *project,
                                project_title: (*project_title).to_string(),
                                email: p.email().to_string(),
                                person: Some(p.id()),
                            });
                        }
                    }
                    if !options.add_only {
                        for project in current.iter().filter(|id| !wants(id)) {
                            removes.push(Change::RemoveMember {
                                project: *project,
                                project_title: account.project(*project).map_or_else(
                                    || format!("project {project}"),
                                    |pr| pr.title.clone(),
                                ),
                                email: p.email().to_string(),
                                person: p.id(),
                            });
                        }
                    }
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    if options.allow_delete && !options.add_only {
        listed.sort_unstable();
        for p in &account.people {
            if listed.binary_search(&p.id()).is_ok() || account.is_owner(p) {
                continue;
            }
            deletes.push(Change::Delete {
                person: p.id(),
                email: p.email().to_string(),
                name: p.display_name(),
                stamp: p.updated_at().map(std::borrow::Cow::into_owned),
                role: account.role_name(p),
                projects: account
                    .memberships_of(p.id())
                    .iter()
                    .map(|m| {
                        account
                            .project(m.project)
                            .map_or_else(|| format!("project {}", m.project), |pr| pr.title.clone())
                    })
                    .collect(),
            });
        }
    }

    let changes = invites
        .into_iter()
        .chain(updates)
        .chain(adds)
        .chain(removes)
        .chain(deletes)
        .collect();
    Ok(assemble(account, changes, options, ctx))
}

/// The sealed plan of `changes` (in apply order) against `account`.
pub(super) fn assemble(
    account: &Account,
    changes: Vec<Change>,
    options: PlanOptions,
    ctx: PlanContext,
) -> Plan {
    let profile = account.profile.unwrap_or(Profile::V3);
    let items: Vec<Item> = changes
        .into_iter()
        .map(|change| Item {
            key: change.key(),
            skip: false,
            change,
        })
        .collect();
    let mut plan = Plan {
        format: PLAN_FORMAT,
        id: String::new(),
        created_at: ctx.created_at,
        base_url: ctx.base_url,
        profile,
        source: ctx.source,
        options,
        people_in_account: account.people.len(),
        projects_in_account: account.projects.len(),
        account: AccountIdentity::of(account),
        items,
        seal: BTreeMap::new(),
    };
    plan.seal_with(&ctx.key);
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dirsync::source;
    use crate::model::account::{PersonFields, Project, RoleRef};

    fn account() -> Account {
        let mut a = Account::new(Some(Profile::Guide));
        a.upsert_person(Person::from(PersonFields {
            id: PersonId(1),
            name: Some("Ann Lee".into()),
            first_name: None,
            last_name: None,
            email: "Ann@X.io".into(),
            username: None,
            title: None,
            company: None,
            phone: None,
            role: RoleRef::Name("member".into()),
            suspended: false,
            status: None,
            last_active: None,
            created_at: None,
            updated_at: Some("t1".into()),
            groups: vec![],
        }));
        for (id, title) in [(10, "Web (v2)"), (11, "Twin"), (12, "twin")] {
            a.upsert_project(Project::titled(id, title));
        }
        a.set_members(ProjectId(10), [(PersonId(1), Some("manager".into()))]);
        a
    }

    fn ctx() -> PlanContext {
        PlanContext {
            base_url: "http://127.0.0.1:1/api/v3".into(),
            source: "s.csv".into(),
            created_at: "now".into(),
            key: PlanKey::from_bytes(b"test key"),
        }
    }

    #[test]
    fn titles_match_ignoring_case_and_a_project_role_suffix() {
        let src = source::parse("email,projects\nann@x.io,web (V2) (manager)\n").expect("src");
        let plan = build(&account(), &src, PlanOptions::default(), ctx()).expect("plan");
        assert!(plan.items.is_empty(), "{:#?}", plan.items);
        let src = source::parse("email,projects\nann@x.io,WEB (v2)\n").expect("src");
        assert!(
            build(&account(), &src, PlanOptions::default(), ctx())
                .expect("plan")
                .items
                .is_empty()
        );
    }

    #[test]
    fn membership_items_come_in_project_id_order_and_deletes_in_account_order() {
        let mut a = account();
        for (id, title) in [(50, "Epsilon"), (30, "Gamma"), (20, "Beta"), (40, "Delta")] {
            a.upsert_project(Project::titled(id, title));
        }
        a.set_members(ProjectId(30), [(PersonId(1), None)]);
        a.set_members(ProjectId(20), [(PersonId(1), None)]);
        for (id, email) in [(5, "zed@x.io"), (3, "amy@x.io")] {
            let mut p = a.person(PersonId(1)).expect("ann").to_fields();
            p.id = PersonId(id);
            p.email = email.into();
            a.upsert_person(Person::from(p));
        }
        let src =
            source::parse("email,projects\n ANN@x.io ,Epsilon; Delta; Web (v2)\n").expect("src");
        let options = PlanOptions {
            allow_delete: true,
            ..PlanOptions::default()
        };
        let plan = build(&a, &src, options, ctx()).expect("plan");
        let keys: Vec<&str> = plan.items.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "add:40:ann@x.io",
                "add:50:ann@x.io",
                "remove:20:1",
                "remove:30:1",
                "delete:5",
                "delete:3"
            ]
        );
    }

    #[test]
    fn names_and_titles_compare_as_their_words() {
        for (a, b, same) in [
            ("Ann  Lee", " Ann Lee ", true),
            ("Ann\tLee", "Ann Lee", true),
            ("", "  ", true),
            ("AnnLee", "Ann Lee", false),
            ("Ann Lee", "ann lee", false),
        ] {
            assert_eq!(norm_eq(a, b), same, "{a:?} {b:?}");
            assert_eq!(norm(a) == norm(b), same, "{a:?} {b:?}");
        }
    }

    /// The parts as the seal covered them before it was streamed: a `Value` tree of each.
    fn parts_as_values(plan: &Plan) -> Vec<(&'static str, serde_json::Value)> {
        use serde_json::json;
        let items: Vec<serde_json::Value> = plan
            .items
            .iter()
            .map(|i| json!([i.key, i.change]))
            .collect();
        vec![
            ("items", json!(items)),
            ("base_url", json!(plan.base_url)),
            ("profile", json!(plan.profile)),
            ("options", json!(plan.options)),
            (
                "counts",
                json!([plan.people_in_account, plan.projects_in_account]),
            ),
            ("account", json!(plan.account)),
            ("header", json!([plan.format, plan.created_at, plan.source])),
        ]
    }

    #[test]
    fn the_streamed_seal_is_the_seal_of_the_parts_as_json_values() {
        let mut a = account();
        a.upsert_project(Project::titled(13, "Solo \"quoted\" \u{202e}"));
        let src = source::parse(
            "email,name,projects\nann@x.io,Ann \u{e9}Lee,\"Solo \"\"quoted\"\" \u{202e}\"\nbob@x.io,Bob,\"Solo \"\"quoted\"\" \u{202e}\"\n",
        )
        .expect("src");
        let plan = build(&a, &src, PlanOptions::default(), ctx()).expect("plan");
        assert!(plan.items.len() >= 4, "{:#?}", plan.items);
        let key = ctx().key;
        assert_eq!(plan.seal, key.seal(&parts_as_values(&plan)));
        assert_eq!(plan.id, key.id(&plan.seal));
    }

    #[test]
    fn a_title_two_projects_share_is_reported_not_guessed() {
        let src = source::parse("email,projects\nann@x.io,Twin\n").expect("src");
        let errors = build(&account(), &src, PlanOptions::default(), ctx()).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 2);
        assert!(
            errors[0].message.contains("more than one project"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn the_plan_id_ignores_ticks_and_catches_edits() {
        let src = source::parse("email,name\nann@x.io,Ann Lee-Smith\nbob@x.io,Bob\n").expect("src");
        let mut plan = build(&account(), &src, PlanOptions::default(), ctx()).expect("plan");
        let key = ctx().key;
        assert_eq!(
            plan.summary(),
            "1 invites, 1 updates, 0 membership adds, 0 membership removes, 0 deletes"
        );
        plan.items[0].skip = true;
        let read = Plan::from_json(&plan.to_json()).expect("reads");
        assert_eq!(read.verify(&key), Ok(()));
        assert!(
            read.verify(&PlanKey::from_bytes(b"another machine"))
                .unwrap_err()
                .contains("not made on this machine")
        );
        let mut bigger = plan.clone();
        bigger.people_in_account = 100_000;
        assert!(
            bigger
                .verify(&key)
                .unwrap_err()
                .contains("people_in_account")
        );
        plan.items[1].change = Change::Delete {
            person: PersonId(1),
            email: "ann@x.io".into(),
            name: "Ann".into(),
            stamp: None,
            role: None,
            projects: vec![],
        };
        let err = Plan::from_json(&plan.to_json())
            .expect("reads")
            .verify(&key)
            .unwrap_err();
        assert!(err.contains("items were edited by hand"), "{err}");
    }
}
