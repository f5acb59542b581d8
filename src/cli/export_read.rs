//! An `export --format json` file read back as an account, for `changes BEFORE AFTER`.
//!
//! The document carries everything the comparison looks at: each person's id, email, name
//! (and the v3 first/last split), title, account role (by name), suspension, and each
//! project's title and members. A CSV export is refused with a message: it names a person's
//! projects only by title (no project ids) and, on guide, has no title column, so memberships
//! and titles could not be compared exactly.

use std::path::Path;

use serde::Deserialize;

use crate::cli::exit::CommandError;
use crate::model::account::{
    Account, Group, PersonFields, PersonId, Project, ProjectId, Role, RoleRef,
};
use crate::model::profile::Profile;

#[derive(Deserialize)]
struct Document {
    profile: Option<String>,
    people: Vec<PersonIn>,
    #[serde(default)]
    projects: Vec<ProjectIn>,
    #[serde(default)]
    roles: Vec<Role>,
    #[serde(default)]
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct PersonIn {
    id: PersonId,
    email: String,
    name: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    title: Option<String>,
    role: Option<String>,
    status: Option<String>,
    #[serde(default)]
    suspended: bool,
}

#[derive(Deserialize)]
struct ProjectIn {
    id: ProjectId,
    title: String,
    #[serde(default)]
    archived: bool,
    members: Vec<MemberIn>,
}

#[derive(Deserialize)]
struct MemberIn {
    id: PersonId,
    role: Option<String>,
}

/// Reads the export at `path`.
pub fn read(path: &Path) -> Result<Account, CommandError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CommandError::Failed(format!("cannot read {}: {e}", path.display())))?;
    parse(&text).map_err(|m| CommandError::Usage(format!("{}: {m}", path.display())))
}

/// The account in `text`, an `export --format json` document.
pub fn parse(text: &str) -> Result<Account, String> {
    if !text.trim_start().starts_with('{') {
        return Err(
            "not an `export --format json` file (a CSV export cannot be compared: \
             it names projects by title only; export with --format json)"
                .into(),
        );
    }
    let doc: Document = serde_json::from_str(text)
        .map_err(|e| format!("not an `export --format json` file (without --fields): {e}"))?;
    let profile = match doc.profile.as_deref() {
        Some("v3") => Some(Profile::V3),
        Some("guide") => Some(Profile::Guide),
        _ => None,
    };
    let mut account = Account::new(profile);
    for p in doc.people {
        let mut f = PersonFields::new(p.id, p.email);
        // v3 people carry the split; the display name is then built from it.
        if p.first_name.is_none() && p.last_name.is_none() {
            f.name = p.name;
        }
        f.first_name = p.first_name;
        f.last_name = p.last_name;
        f.title = p.title;
        f.role = p.role.map_or(RoleRef::None, RoleRef::Name);
        f.status = p.status;
        f.suspended = p.suspended;
        account.upsert_person(f.into());
    }
    for pr in doc.projects {
        account.upsert_project(Project {
            id: pr.id,
            title: pr.title,
            description: None,
            archived: pr.archived,
            manager: None,
            created_at: None,
            modified_at: None,
        });
        account.set_members(
            pr.id,
            pr.members
                .into_iter()
                .map(|m| (m.id, m.role))
                .collect::<Vec<_>>(),
        );
    }
    account.roles = doc.roles;
    account.groups = doc.groups;
    Ok(account)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::Person;

    #[test]
    fn an_export_reads_back_as_the_same_comparison_and_csv_is_refused() {
        let mut a = Account::new(Some(Profile::V3));
        let mut f = PersonFields::new(PersonId(1), "ada@x.io");
        f.first_name = Some("Ada".into());
        f.last_name = Some("Lovelace".into());
        f.title = Some("CTO".into());
        f.role = RoleRef::Name("Admin".into());
        f.suspended = true;
        a.upsert_person(Person::from(f));
        a.upsert_project(Project {
            id: ProjectId(10),
            title: "Web".into(),
            description: None,
            archived: false,
            manager: None,
            created_at: None,
            modified_at: None,
        });
        a.set_members(ProjectId(10), [(PersonId(1), None)]);
        let back = parse(&crate::cli::export::to_json(&a)).expect("reads");
        assert_eq!(crate::model::compare::compare(&a, &back), vec![]);
        let p = back.person(PersonId(1)).expect("ada");
        assert_eq!(p.title(), Some("CTO"));
        assert_eq!(back.member_count(ProjectId(10)), Some(1));
        assert!(
            parse("id,name,email\n1,A,a@x.io\n")
                .unwrap_err()
                .contains("CSV")
        );
    }
}
