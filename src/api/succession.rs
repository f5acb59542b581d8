//! Handing a project over to a new manager before its manager is offboarded: the successor
//! joins the project if needed, then becomes its manager, each step read back. Refused, with
//! nothing changed, when the project is no longer managed by the person leaving (someone else
//! changed it meanwhile: theirs to keep).
//!
//! v3 keeps the manager in the project's own `manager` field (`PUT /projects/{id}` with
//! `{"manager": id}`; partial by the docs, so the rest of the project stays); guide marks the
//! manager by the member's project role (`POST /projects/{id}/people` with `"role":"manager"`).

use reqwest::Method;
use serde_json::json;

use super::client::{Call, Client};
use super::error::ApiError;
use super::locks::lock_project;
use super::types;
use crate::model::account::{Membership, PersonId, Project, ProjectId};
use crate::model::profile::Profile;

/// A project after its hand-over, as the server holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct HandedOver {
    /// v3: the project record (its `manager`); guide: none.
    pub project: Option<Project>,
    /// The project's members afterwards (guide: with their project roles).
    pub members: Vec<Membership>,
}

fn is_manager(m: &Membership) -> bool {
    m.project_role
        .as_deref()
        .is_some_and(|r| r.eq_ignore_ascii_case("manager"))
}

impl Client {
    /// A v3 project read fresh.
    async fn project_now(&self, project: ProjectId) -> Result<Project, ApiError> {
        types::project(&self.project_value(project).await?)
    }

    /// Makes `to` the manager of `project` in place of `from`.
    pub async fn hand_over(
        &self,
        project: ProjectId,
        from: PersonId,
        to: PersonId,
    ) -> Result<HandedOver, ApiError> {
        let profile = self.detect_profile().await?;
        let what = format!("the manager of project {project}");
        match profile {
            Profile::V3 => {
                let now = self.project_now(project).await?;
                if now.manager != Some(from) && now.manager != Some(to) {
                    return Err(changed(&what, from, now.manager));
                }
                self.add_member(project, to).await?;
                let _guard = lock_project(self.base_url().as_str(), project).await;
                let now = self.project_now(project).await?;
                if now.manager != Some(from) && now.manager != Some(to) {
                    return Err(changed(&what, from, now.manager));
                }
                if now.manager != Some(to) {
                    let call = Call::write(
                        Method::PUT,
                        format!("projects/{project}"),
                        Some(json!({ "manager": to.0 })),
                    );
                    self.execute(call, None, None).await?;
                }
                let after = self.project_now(project).await?;
                if after.manager != Some(to) {
                    return Err(ApiError::NotApplied {
                        what: format!("{what} is still {:?}", after.manager.map(|p| p.0)),
                    });
                }
                drop(_guard);
                let members = self.members_now(profile, project).await?;
                Ok(HandedOver {
                    project: Some(after),
                    members,
                })
            }
            Profile::Guide => {
                let _guard = lock_project(self.base_url().as_str(), project).await;
                let now = self.members_now(profile, project).await?;
                let manager = now.iter().find(|m| is_manager(m)).map(|m| m.person);
                if manager != Some(from) && manager != Some(to) {
                    return Err(changed(&what, from, manager));
                }
                if manager != Some(to) {
                    let call = Call::write(
                        Method::POST,
                        format!("projects/{project}/people"),
                        Some(json!({ "person_id": to.0, "role": "manager" })),
                    );
                    self.execute(call, None, None).await?;
                }
                let after = self.members_now(profile, project).await?;
                if !after.iter().any(|m| m.person == to && is_manager(m)) {
                    return Err(ApiError::NotApplied {
                        what: format!("person {to} is not the manager of project {project}"),
                    });
                }
                Ok(HandedOver {
                    project: None,
                    members: after,
                })
            }
        }
    }
}

fn changed(what: &str, from: PersonId, now: Option<PersonId>) -> ApiError {
    ApiError::Conflict {
        what: what.to_string(),
        seen: format!("person {from}"),
        now: now.map_or_else(|| "nobody".to_string(), |p| format!("person {p}")),
    }
}
