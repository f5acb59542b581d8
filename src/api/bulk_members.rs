//! Many people into (or out of) one project as one membership change: the bulk actions' add and
//! remove (`app::writes::bulk`).
//!
//! v3 holds a project's members as one `assigned` list, so the change is one `PUT` of the whole
//! list: read fresh right before it, every earlier member kept, every marked person added (or
//! taken out), then read back. Ten racing single adds would each read the list and the last
//! would win, dropping the others. guide has no list to send: its `POST /projects/{id}/people`
//! takes one `person_id`, so there it is one request per person (each leaves the other members
//! alone), then one read back.

use reqwest::Method;
use serde_json::json;

use super::client::{Call, Client};
use super::error::ApiError;
use super::locks::lock_project;
use super::writes::WRITE_ROUNDS;
use crate::model::account::{Membership, PersonId, ProjectId};
use crate::model::profile::Profile;

impl Client {
    /// Adds (`add`) or removes `people` in `project` as one change; returns the project's
    /// members as the server holds them afterwards. Refused (`NotApplied`) when the read-back
    /// misses one of them.
    pub async fn change_members(
        &self,
        project: ProjectId,
        people: &[PersonId],
        add: bool,
    ) -> Result<Vec<Membership>, ApiError> {
        let profile = self.detect_profile().await?;
        let _guard = lock_project(self.base_url().as_str(), project).await;
        let what = format!(
            "{} {} people {} project {project}",
            if add { "add" } else { "remove" },
            people.len(),
            if add { "to" } else { "from" }
        );
        let done = |members: &[Membership]| {
            people
                .iter()
                .all(|p| members.iter().any(|m| m.person == *p) == add)
        };
        let mut last = None;
        for _ in 0..WRITE_ROUNDS {
            let current = self.members_now(profile, project).await?;
            if done(&current) {
                return Ok(current);
            }
            let sent = match profile {
                Profile::V3 => {
                    let mut ids: Vec<u64> = current.iter().map(|m| m.person.0).collect();
                    if add {
                        for p in people {
                            if !ids.contains(&p.0) {
                                ids.push(p.0);
                            }
                        }
                    } else {
                        ids.retain(|i| !people.iter().any(|p| p.0 == *i));
                    }
                    let call = Call::write(
                        Method::PUT,
                        format!("projects/{project}"),
                        Some(json!({ "assigned": ids })),
                    );
                    self.execute(call, None, None).await.map(|_| ())
                }
                Profile::Guide => self.guide_each(project, people, &current, add).await,
            };
            let failure = match sent {
                Ok(()) => None,
                Err(e) if e.transient() => Some(e),
                Err(e) => return Err(e),
            };
            let after = match self.members_now(profile, project).await {
                Ok(m) => m,
                Err(read) => {
                    return Err(match failure {
                        Some(write) => ApiError::Uncertain {
                            what: what.clone(),
                            cause: format!("{write}; reading back failed too: {read}"),
                        },
                        None => read,
                    });
                }
            };
            if done(&after) {
                return Ok(after);
            }
            last = Some(failure.unwrap_or_else(|| ApiError::NotApplied {
                what: format!("{what}: the change was overwritten"),
            }));
        }
        Err(last.unwrap_or(ApiError::NotApplied { what }))
    }

    /// guide: one request per person not yet where they should be.
    async fn guide_each(
        &self,
        project: ProjectId,
        people: &[PersonId],
        current: &[Membership],
        add: bool,
    ) -> Result<(), ApiError> {
        for p in people {
            if current.iter().any(|m| m.person == *p) == add {
                continue;
            }
            let call = if add {
                Call::write(
                    Method::POST,
                    format!("projects/{project}/people"),
                    Some(json!({ "person_id": p.0 })),
                )
            } else {
                Call::write(
                    Method::DELETE,
                    format!("projects/{project}/people/{p}"),
                    None,
                )
            };
            match self.execute(call, None, None).await {
                // "Already a member" / "not a member": the read-back decides.
                Ok(_) | Err(ApiError::Refused { .. } | ApiError::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}
