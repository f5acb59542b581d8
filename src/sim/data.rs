//! The account data file: what the simulator serves, in one profile-neutral JSON format.
//!
//! Both profiles are rendered from this one format (`shapes_v3.rs`, `shapes_guide.rs`), so the
//! same account looks like a v3 account or a guide account depending on `--profile`. The format
//! is documented in docs/SIMULATOR.md ("Account data format"); [`AccountData::load`] checks it and says
//! which file and which record is wrong. Membership is held once, on the project (`assigned`),
//! and group membership once, on the group; a person's `projects` and `groups` are derived.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The version of the file format written by this build.
pub const FORMAT_VERSION: u32 = 1;

/// The built-in demo account, committed as assets/demo-account.json.
const DEMO_JSON: &str = include_str!("../../assets/demo-account.json");

/// A whole account: roles, groups, people and projects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountData {
    /// File format version; 1.
    #[serde(default = "format_version")]
    pub format: u32,
    /// Account-level roles. Exactly one should be named "Owner".
    pub roles: Vec<RoleData>,
    #[serde(default)]
    pub groups: Vec<GroupData>,
    pub people: Vec<PersonData>,
    #[serde(default)]
    pub projects: Vec<ProjectData>,
}

fn format_version() -> u32 {
    FORMAT_VERSION
}

/// An account-level role (v3 `GET /roles`). Guide names are derived, see [`RoleData::guide_name`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleData {
    pub id: u64,
    pub name: String,
    /// The role new people get when none is given.
    #[serde(default)]
    pub default: bool,
}

impl RoleData {
    /// The guide profile's free-string role: owner, admin, member (for "Normal User"), client;
    /// any other role name lower-cased.
    pub fn guide_name(&self) -> String {
        match self.name.to_lowercase().as_str() {
            "normal user" => "member".to_string(),
            other => other.to_string(),
        }
    }

    /// Whether this is the account owner's role.
    pub fn is_owner(&self) -> bool {
        self.name.eq_ignore_ascii_case("owner")
    }
}

/// A group of people (v3 only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupData {
    pub id: u64,
    pub name: String,
    /// Person ids.
    #[serde(default)]
    pub assigned: Vec<u64>,
    /// A built-in group every person is in ("All people"); new people join it.
    #[serde(default)]
    pub everyone: bool,
}

/// One person; the union of the fields both profiles show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonData {
    pub id: u64,
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    pub email: String,
    /// Role id (one of `roles`).
    pub role: u64,
    #[serde(default)]
    pub title: Option<String>,
    /// guide only.
    #[serde(default)]
    pub username: Option<String>,
    /// guide only.
    #[serde(default)]
    pub company: Option<String>,
    /// guide only.
    #[serde(default)]
    pub phone: Option<String>,
    /// IANA name, e.g. "Europe/Berlin"; v3 shows it as the id of `timezones.rs`'s table.
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub suspended: bool,
    #[serde(default)]
    pub image_url: Option<String>,
    #[serde(default = "default_color")]
    pub profile_color: String,
    /// Never active when absent (an invitation not yet accepted).
    #[serde(default)]
    pub last_active: Option<String>,
    /// v3's `send_invite` as the person was created with it; absent means `true`.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub send_invite: bool,
    pub created_at: String,
    pub updated_at: String,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn default_language() -> String {
    "en".to_string()
}

fn default_color() -> String {
    "#4a90d9".to_string()
}

/// One project; membership is `assigned` (person ids), the manager a separate id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectData {
    pub id: u64,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub archived: bool,
    /// A project-status id (v3).
    #[serde(default)]
    pub status: Option<u64>,
    #[serde(default = "default_color")]
    pub color: String,
    #[serde(default)]
    pub start_date: Option<String>,
    #[serde(default)]
    pub end_date: Option<String>,
    #[serde(default)]
    pub category: Option<u64>,
    #[serde(default)]
    pub creator: Option<u64>,
    #[serde(default)]
    pub manager: Option<u64>,
    #[serde(default)]
    pub assigned: Vec<u64>,
    pub created_at: String,
    pub modified_at: String,
}

/// Why account data could not be used; the message names the file and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("cannot read account data {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("account data {} is not valid: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
}

impl AccountData {
    /// The built-in demo account (about 250 people, 40 projects).
    pub fn demo() -> Self {
        match Self::parse(DEMO_JSON, Path::new("assets/demo-account.json")) {
            Ok(data) => data,
            // The embedded file is checked by tests; an empty account beats a panic.
            Err(_) => Self::empty(),
        }
    }

    /// Reads and checks a data file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, DataError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| DataError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text, path)
    }

    /// Parses and checks data-file text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Self, DataError> {
        let invalid = |message: String| DataError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let data: AccountData = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
        data.check().map_err(invalid)?;
        Ok(data)
    }

    /// The data as pretty JSON, the file format.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_string())
    }

    /// Checks references and uniqueness; the message names the offending record.
    pub fn check(&self) -> Result<(), String> {
        if self.format != FORMAT_VERSION {
            return Err(format!(
                "format {} is not supported (this build reads format {FORMAT_VERSION})",
                self.format
            ));
        }
        if self.roles.is_empty() {
            return Err("\"roles\" is empty: at least one role is needed".to_string());
        }
        let role_ids = unique_ids("role", self.roles.iter().map(|r| r.id))?;
        unique_ids("group", self.groups.iter().map(|g| g.id))?;
        let people = unique_ids("person", self.people.iter().map(|p| p.id))?;
        unique_ids("project", self.projects.iter().map(|p| p.id))?;
        let mut emails: HashMap<String, u64> = HashMap::new();
        for p in &self.people {
            if !p.email.contains('@') {
                return Err(format!("person {}: email {:?} has no '@'", p.id, p.email));
            }
            if let Some(other) = emails.insert(p.email.to_lowercase(), p.id) {
                return Err(format!(
                    "person {}: email {:?} is already used by person {other}",
                    p.id, p.email
                ));
            }
            if !role_ids.contains(&p.role) {
                return Err(format!(
                    "person {}: role {} is not in \"roles\"",
                    p.id, p.role
                ));
            }
        }
        for g in &self.groups {
            if let Some(missing) = g.assigned.iter().find(|id| !people.contains(id)) {
                return Err(format!("group {}: person {missing} does not exist", g.id));
            }
        }
        for pr in &self.projects {
            if let Some(missing) = pr.assigned.iter().find(|id| !people.contains(id)) {
                return Err(format!(
                    "project {}: person {missing} does not exist",
                    pr.id
                ));
            }
            if let Some(m) = pr.manager.filter(|m| !people.contains(m)) {
                return Err(format!("project {}: manager {m} does not exist", pr.id));
            }
        }
        Ok(())
    }
}

fn unique_ids(what: &str, ids: impl Iterator<Item = u64>) -> Result<HashSet<u64>, String> {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(format!("{what} id {id} appears twice"));
        }
    }
    Ok(seen)
}
