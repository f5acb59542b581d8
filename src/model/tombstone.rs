//! A [`Tombstone`]: everything about a person that a delete destroys, written to the journal
//! before every DELETE (console and sync alike), and the [`Entry`] the console lists for
//! recreation. Plain data; `local::journal` reads and writes it.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::account::{Account, Membership, Person, PersonId, ProjectId};
use crate::model::changes::shown_fields;

/// A project as the tombstone remembers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectRef {
    pub id: ProjectId,
    pub title: String,
}

/// A membership as the tombstone remembers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipRef {
    pub project: ProjectId,
    pub title: String,
    /// guide: the role on the project.
    pub project_role: Option<String>,
}

/// Everything about a person that a delete destroys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tombstone {
    /// The person (as loaded; the console puts the record read fresh before the delete here).
    pub person: Person,
    /// The server's record as read fresh before the delete, every field it sent, unknown ones
    /// included; until then, the fields the console held ([`shown_fields`]). Journals written
    /// before this field existed kept the record inside `person` and read back without it.
    #[serde(default)]
    pub record: Map<String, Value>,
    /// The account role's name (v3 roles are ids on the record).
    pub role_name: Option<String>,
    pub memberships: Vec<MembershipRef>,
    pub groups: Vec<String>,
    pub managed_projects: Vec<ProjectRef>,
}

impl Tombstone {
    /// Everything a delete of `person` destroys, from the account as loaded: the record,
    /// the role's name, every membership, the groups and the projects they manage.
    pub fn of(account: &Account, person: &Person) -> Tombstone {
        let title = |id| {
            account
                .project(id)
                .map_or_else(|| format!("project {id}"), |p| p.title.clone())
        };
        Tombstone {
            person: person.clone(),
            record: shown_fields(person),
            role_name: account.role_name(person),
            memberships: account
                .memberships_of(person.id())
                .into_iter()
                .map(|m| MembershipRef {
                    project: m.project,
                    title: title(m.project),
                    project_role: m.project_role,
                })
                .collect(),
            groups: account
                .groups_of(person.id())
                .into_iter()
                .map(|g| g.name.clone())
                .collect(),
            managed_projects: account
                .managed_by(person.id())
                .into_iter()
                .map(|id| ProjectRef {
                    id,
                    title: title(id),
                })
                .collect(),
        }
    }

    pub fn id(&self) -> PersonId {
        self.person.id()
    }

    pub fn memberships(&self) -> Vec<Membership> {
        self.memberships
            .iter()
            .map(|m| Membership {
                project: m.project,
                person: self.person.id(),
                project_role: m.project_role.clone(),
            })
            .collect()
    }
}

/// A tombstone found in the journal, with whether its delete went through.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub at: String,
    pub tombstone: Tombstone,
    /// `Some(true)`: deleted; `Some(false)`: the delete failed; `None`: no outcome recorded.
    pub deleted: Option<bool>,
    /// A later `recreate` of this email succeeded (for a revocation: a later restore).
    pub recreated: bool,
    /// Not a delete: the person's access was revoked and the account kept; the tombstone holds
    /// the memberships and groups that were removed, for a restore.
    pub revoked: bool,
}
