//! Recreating a person from a journal tombstone: invite them again, then put back everything
//! the API lets us set that the tombstone holds, each part checked by reading back:
//!
//! 1. the invite (name, email, role; v3 `send_invite`);
//! 2. the other person fields through a verified update (v3 `title`; guide `username`,
//!    `company`, `phone`; `suspended` in both);
//! 3. every project membership;
//! 4. the manager role of each project they managed, only where the project still exists and
//!    has no manager now (someone else managing it is their call to change, not ours);
//! 5. v3: every group (by name: a group deleted and made again has a new id), through
//!    `PUT /groups/{id}` with the whole new `assigned` list.
//!
//! Only the invite failing fails the whole write; any later part that cannot be restored is
//! named in [`Restored::missed`] with why, and the rest goes on.

use reqwest::Method;
use serde_json::json;

use super::client::{Call, Client};
use super::error::{ApiError, clean_server_text};
use super::locks::lock_project;
use super::pacing::Priority;
use super::paging::Pager;
use super::types;
use crate::model::account::{Group, GroupId, Membership, Person, PersonId, ProjectId, RoleRef};
use crate::model::changes::{Edit, NewPerson, PersonChanges};
use crate::model::profile::Profile;
use crate::model::restore::{Missed, Restored};
use crate::model::tombstone::{MembershipRef, ProjectRef, Tombstone};

fn text(v: Option<&str>) -> &str {
    v.map_or("", |s| s.trim())
}

/// The person fields after the invite that the tombstone has and the new record lacks.
fn follow_up(profile: Profile, was: &Person, now: &Person) -> (PersonChanges, Vec<&'static str>) {
    let mut c = PersonChanges::default();
    let mut fields = Vec::new();
    let mut set = |field: &'static str, old: Option<&str>, new: Option<&str>| {
        let old = text(old);
        if !old.is_empty() && old != text(new) {
            fields.push(field);
            Some(Edit::Set(old.to_string()))
        } else {
            None
        }
    };
    match profile {
        Profile::V3 => {
            if let Some(e) = set("title", was.title(), now.title()) {
                c.title = e;
            }
        }
        Profile::Guide => {
            if let Some(e) = set("username", was.username(), now.username()) {
                c.username = e;
            }
            if let Some(e) = set("company", was.company(), now.company()) {
                c.company = e;
            }
            if let Some(e) = set("phone", was.phone(), now.phone()) {
                c.phone = e;
            }
        }
    }
    if was.suspended() && !now.suspended() {
        c.suspended = Edit::Set(true);
        fields.push("suspended");
    }
    (c, fields)
}

fn field_of<'a>(p: &'a Person, field: &str) -> Option<&'a str> {
    match field {
        "title" => Some(text(p.title())),
        "username" => Some(text(p.username())),
        "company" => Some(text(p.company())),
        "phone" => Some(text(p.phone())),
        _ => None,
    }
}

pub(super) fn why(e: &ApiError) -> String {
    match e {
        ApiError::NotFound { .. } => "it no longer exists".to_string(),
        e => clean_server_text(&e.to_string()),
    }
}

impl Client {
    /// Invites the person of `tombstone` again (with `new`) and restores the rest, reporting
    /// field by field. `missed` holds what the caller already knows cannot be restored (a role
    /// the account no longer has, say). Fails only when the invite fails.
    pub async fn recreate(
        &self,
        tombstone: &Tombstone,
        new: NewPerson,
        missed: Vec<Missed>,
    ) -> Result<Restored, ApiError> {
        let profile = self.detect_profile().await?;
        let was = &tombstone.person;
        let wanted_role = new.role.clone();
        let emailed = match profile {
            Profile::V3 if new.send_invite == Some(false) => 0,
            _ => 1,
        };
        let mut person = self.invite(new).await?;
        let mut r = Restored {
            person: person.clone(),
            members: Vec::new(),
            managed: Vec::new(),
            groups: Vec::new(),
            restored: vec!["name".into(), "email".into()],
            missed,
            emailed,
        };
        if person.display_name() != was.display_name() {
            r.restored.retain(|f| f != "name");
            r.missed.push(Missed::new(
                "name",
                format!(
                    "the server holds {:?}",
                    clean_server_text(&person.display_name())
                ),
            ));
        }
        match (&wanted_role, tombstone.role_name.as_deref()) {
            (Some(role), name) if same_role(role, person.role()) => r
                .restored
                .push(format!("role {}", name.unwrap_or("as before"))),
            (Some(_), name) => r.missed.push(Missed::new(
                format!("role {}", name.unwrap_or("as before")),
                "the server gave the person another role",
            )),
            (None, _) => {}
        }

        let (changes, fields) = follow_up(profile, was, &person);
        if !fields.is_empty() {
            match self.update_person(person.id(), None, changes).await {
                Ok(after) => {
                    for f in &fields {
                        let kept = match *f {
                            "suspended" => after.suspended(),
                            f => field_of(&after, f) == field_of(was, f),
                        };
                        if kept {
                            r.restored.push((*f).to_string());
                        } else {
                            r.missed
                                .push(Missed::new(*f, "the server did not keep the value"));
                        }
                    }
                    person = after;
                }
                Err(e) => {
                    for f in &fields {
                        r.missed.push(Missed::new(*f, why(&e)));
                    }
                }
            }
        }

        let managed: Vec<ProjectId> = tombstone.managed_projects.iter().map(|p| p.id).collect();
        let mut added: usize = 0;
        for m in &tombstone.memberships {
            // guide: a managed project is joined as its manager below.
            if profile == Profile::Guide && managed.contains(&m.project) {
                continue;
            }
            added += usize::from(self.rejoin(m, person.id(), &mut r).await);
        }
        for p in &tombstone.managed_projects {
            let member = tombstone.memberships.iter().find(|m| m.project == p.id);
            let missed = match self.restore_manager(profile, p, person.id()).await {
                Ok(Ok(done)) => {
                    if profile == Profile::Guide && member.is_some() {
                        added += 1;
                    }
                    r.restored.push(format!("manager of {}", p.title));
                    match done {
                        Managed::V3(project) => r.managed.push(*project),
                        Managed::Guide(members) => r.members.push((p.id, members)),
                    }
                    continue;
                }
                Ok(Err(why)) => Missed::new(format!("manager of {}", p.title), why),
                Err(e) => Missed::new(format!("manager of {}", p.title), why(&e)),
            };
            r.missed.push(missed);
            // guide: not its manager, but still its member.
            if let Some(m) = member.filter(|_| profile == Profile::Guide) {
                added += usize::from(self.rejoin(m, person.id(), &mut r).await);
            }
        }
        if added > 0 {
            r.restored.push(format!(
                "{added} project membership{}",
                if added == 1 { "" } else { "s" }
            ));
        }

        if profile == Profile::V3 && !tombstone.groups.is_empty() {
            match self
                .restore_groups(was, &tombstone.groups, person.id())
                .await
            {
                Ok((groups, done, missed)) => {
                    r.groups = groups;
                    r.restored
                        .extend(done.into_iter().map(|g| format!("group {g}")));
                    r.missed.extend(missed);
                }
                Err(e) => {
                    for g in &tombstone.groups {
                        r.missed.push(Missed::new(format!("group {g}"), why(&e)));
                    }
                }
            }
            // The person's own `groups` now lists them.
            if let Ok(p) = self
                .get_person_value(person.id(), Priority::Interactive)
                .await
                .and_then(|v| types::person(&v))
            {
                person = p;
            }
        }
        r.person = person;
        Ok(r)
    }

    /// Adds `person` back to the membership's project, noting the answer in `r`; whether it
    /// worked.
    pub(super) async fn rejoin(
        &self,
        m: &MembershipRef,
        person: PersonId,
        r: &mut Restored,
    ) -> bool {
        match self.add_member(m.project, person).await {
            Ok(members) => {
                r.members.push((m.project, members));
                true
            }
            Err(e) => {
                r.missed
                    .push(Missed::new(format!("membership of {}", m.title), why(&e)));
                false
            }
        }
    }

    /// Makes `person` the manager of `project` again if it exists and has no manager. The
    /// inner `Err` is why not, as a sentence.
    async fn restore_manager(
        &self,
        profile: Profile,
        project: &ProjectRef,
        person: PersonId,
    ) -> Result<Result<Managed, String>, ApiError> {
        let _guard = lock_project(self.base_url().as_str(), project.id).await;
        let path = format!("projects/{}", project.id);
        let what = format!("project {}", project.id);
        match profile {
            Profile::V3 => {
                let v = match self
                    .get_one(&path, project.id.0, Priority::Interactive, &what)
                    .await
                {
                    Err(ApiError::NotFound { .. }) => {
                        return Ok(Err("the project no longer exists".into()));
                    }
                    other => other?,
                };
                let now = types::project(&v)?;
                if let Some(other) = now.manager.filter(|m| *m != person) {
                    return Ok(Err(self.managed_by_other(other).await));
                }
                if now.manager != Some(person) {
                    let call = Call::write(
                        Method::PUT,
                        path.clone(),
                        Some(json!({ "manager": person.0 })),
                    );
                    self.execute(call, None, None).await?;
                }
                let after = types::project(
                    &self
                        .get_one(&path, project.id.0, Priority::Interactive, &what)
                        .await?,
                )?;
                Ok(if after.manager == Some(person) {
                    Ok(Managed::V3(Box::new(after)))
                } else {
                    Err("the server did not keep the manager".into())
                })
            }
            Profile::Guide => {
                let members_path = format!("{path}/people");
                let now = match self.members_now(profile, project.id).await {
                    Err(ApiError::NotFound { .. }) => {
                        return Ok(Err("the project no longer exists".into()));
                    }
                    other => other?,
                };
                if let Some(other) = now.iter().find(|m| m.person != person && is_manager(m)) {
                    return Ok(Err(self.managed_by_other(other.person).await));
                }
                if !now.iter().any(|m| m.person == person && is_manager(m)) {
                    let call = Call::write(
                        Method::POST,
                        members_path.clone(),
                        Some(json!({ "person_id": person.0, "role": "manager" })),
                    );
                    self.execute(call, None, None).await?;
                }
                let after = self.members_now(profile, project.id).await?;
                Ok(
                    if after.iter().any(|m| m.person == person && is_manager(m)) {
                        Ok(Managed::Guide(after))
                    } else {
                        Err("the server did not keep the manager role".into())
                    },
                )
            }
        }
    }

    /// "the project now has manager Jane Doe", naming them when they can be read.
    async fn managed_by_other(&self, other: PersonId) -> String {
        let name = self
            .get_person_value(other, Priority::Interactive)
            .await
            .and_then(|v| types::person(&v))
            .map_or_else(
                |_| format!("person {other}"),
                |p| clean_server_text(&p.display_name()),
            );
        format!("the project now has manager {name}; change it there if it should be them")
    }

    /// Adds `person` to each named group that still exists. Returns every group as the server
    /// holds it afterwards, the names restored, and what was not.
    pub(super) async fn restore_groups(
        &self,
        was: &Person,
        names: &[String],
        person: PersonId,
    ) -> Result<(Vec<Group>, Vec<String>, Vec<Missed>), ApiError> {
        let items = Pager::new("groups", Priority::Interactive)
            .all(self, None)
            .await?;
        let mut groups = types::all(&items, types::group)?;
        let mut done = Vec::new();
        let mut missed = Vec::new();
        for name in names {
            let what = format!("group {name}");
            // The same id if it is still there, else the same name.
            let found = groups
                .iter()
                .position(|g| was.groups().contains(&g.id) && g.name == *name)
                .or_else(|| groups.iter().position(|g| g.name.trim() == name.trim()));
            let Some(i) = found else {
                missed.push(Missed::new(what, "the group no longer exists"));
                continue;
            };
            if groups[i].members.contains(&person) {
                done.push(name.clone());
                continue;
            }
            let id: GroupId = groups[i].id;
            let mut ids: Vec<u64> = groups[i].members.iter().map(|p| p.0).collect();
            ids.push(person.0);
            let path = format!("groups/{id}");
            let call = Call::write(Method::PUT, path.clone(), Some(json!({ "assigned": ids })));
            if let Err(e) = self.execute(call, None, None).await {
                missed.push(Missed::new(what, why(&e)));
                continue;
            }
            match self
                .get_one(&path, id.0, Priority::Interactive, &what)
                .await
                .and_then(|v| types::group(&v))
            {
                Ok(g) if g.members.contains(&person) => {
                    groups[i] = g;
                    done.push(name.clone());
                }
                Ok(g) => {
                    groups[i] = g;
                    missed.push(Missed::new(what, "the server did not keep the member"));
                }
                Err(e) => missed.push(Missed::new(what, why(&e))),
            }
        }
        Ok((groups, done, missed))
    }
}

enum Managed {
    V3(Box<crate::model::account::Project>),
    Guide(Vec<Membership>),
}

fn is_manager(m: &Membership) -> bool {
    m.project_role
        .as_deref()
        .is_some_and(|r| r.eq_ignore_ascii_case("manager"))
}

fn same_role(wanted: &RoleRef, got: &RoleRef) -> bool {
    match (wanted, got) {
        (RoleRef::Id(a), RoleRef::Id(b)) => a == b,
        (RoleRef::Name(a), RoleRef::Name(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    }
}
