//! Writes, each verified by reading back, each returning what the server holds afterwards.
//!
//! The rule for retrying a write: the transport retries on its own only what provably did not
//! apply (a 429, a connection that never opened). Any other failure (5xx, timeout, a reset
//! connection, a garbled answer) leaves open whether the write happened, so we read the record
//! and decide: the change is there → done; the record is untouched → the write did not apply and
//! is sent again (at most [`WRITE_ROUNDS`] times); anything else → a typed error. `POST /people`
//! is never repeated without first listing the people and finding no one with that email.

use reqwest::Method;
use serde_json::{Map, Value, json};

use super::client::{Call, Client};
use super::error::ApiError;
use super::locks::{lock_person, lock_project};
use super::merge;
use super::pacing::Priority;
use super::paging::Pager;
use super::types;
use crate::model::account::{Membership, Person, PersonId, ProjectId};
use crate::model::changes::{NewPerson, PersonChanges, Seen};
use crate::model::profile::Profile;

/// How many times one write is sent at most (each repeat only after a read proved the
/// previous one did not apply).
pub const WRITE_ROUNDS: u32 = 3;

/// A failure that leaves open whether the write happened.
fn ambiguous(e: &ApiError) -> bool {
    e.transient()
}

fn uncertain(what: &str, write: &ApiError, read: &ApiError) -> ApiError {
    ApiError::Uncertain {
        what: what.to_string(),
        cause: format!("{write}; reading back failed too: {read}"),
    }
}

fn object(v: Value, what: &str) -> Result<Map<String, Value>, ApiError> {
    match v {
        Value::Object(o) => Ok(o),
        other => Err(ApiError::BadResponse {
            what: format!("something other than {what}"),
            snippet: super::error::clean_server_text(&other.to_string()),
        }),
    }
}

impl Client {
    /// Invites a person (ProofHub sends the invitation email). A duplicate email is
    /// [`ApiError::Refused`] with the server's message.
    pub async fn invite(&self, new: NewPerson) -> Result<Person, ApiError> {
        let profile = self.detect_profile().await?;
        let body = merge::invite_body(&new, profile)?;
        let email = new.email.trim().to_string();
        let what = format!("invite {email}");
        let mut last = None;
        for _ in 0..WRITE_ROUNDS {
            let call = Call::write(Method::POST, "people", Some(Value::Object(body.clone())));
            match self.execute(call, None, None).await {
                Ok(reply) => {
                    return match reply.body {
                        Some(v) if types::id_of(&v).is_some() => types::person(&v),
                        // No record in the answer: find what was created.
                        _ => {
                            self.find_by_email(&email)
                                .await?
                                .ok_or_else(|| ApiError::NotApplied {
                                    what: format!("no person with email {email} after the invite"),
                                })
                        }
                    };
                }
                Err(e) if ambiguous(&e) => match self.find_by_email(&email).await {
                    Ok(Some(p)) => return Ok(p),
                    Ok(None) => last = Some(e),
                    Err(read) => return Err(uncertain(&what, &e, &read)),
                },
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or(ApiError::NotApplied { what }))
    }

    /// The person with this email, by listing everyone (there is no search endpoint).
    async fn find_by_email(&self, email: &str) -> Result<Option<Person>, ApiError> {
        let mut pager = Pager::new("people", Priority::Interactive);
        while let Some(items) = pager.next_page(self, None, None).await? {
            for v in &items {
                let p = types::person(v)?;
                if p.email().trim().eq_ignore_ascii_case(email.trim()) {
                    return Ok(Some(p));
                }
            }
        }
        Ok(None)
    }

    /// Changes the given fields of a person, safely under partial and full-replacement PUT:
    /// reads the person fresh, refuses with [`ApiError::Conflict`] if its `updated_at` or any
    /// field differs from what was `seen`, PUTs what the profile needs
    /// ([`merge::put_body`]), reads back and compares every field. Returns the person as the
    /// server now holds it.
    pub async fn update_person(
        &self,
        id: PersonId,
        seen: impl Into<Seen>,
        changes: PersonChanges,
    ) -> Result<Person, ApiError> {
        let seen = seen.into();
        let profile = self.detect_profile().await?;
        let _guard = lock_person(self.base_url().as_str(), id).await;
        let fresh = types::fresh_person(self.get_person_value(id, Priority::Interactive).await?)?;
        let what = format!("person {} ({})", fresh.person.display_name(), id);
        if let Some((seen, now)) = merge::changed_since(&seen, &fresh.raw) {
            return Err(ApiError::Conflict { what, seen, now });
        }
        let changed = changes.fields(profile, &fresh.raw)?;
        if changed.is_empty() {
            return Ok(fresh.person);
        }
        let body = merge::put_body(profile, &fresh.raw, &changed);
        let path = format!("people/{id}");
        let mut last = None;
        for _ in 0..WRITE_ROUNDS {
            let call = Call::write(Method::PUT, path.clone(), Some(Value::Object(body.clone())));
            match self.execute(call, None, None).await {
                Ok(_) => {
                    let after = self.get_person_value(id, Priority::Interactive).await?;
                    let after = object(after, "a person")?;
                    merge::verify(&fresh.raw, &changed, &after)?;
                    return types::person(&Value::Object(after));
                }
                Err(e) if ambiguous(&e) => {
                    let after = match self.get_person_value(id, Priority::Interactive).await {
                        Ok(v) => object(v, "a person")?,
                        Err(read) => return Err(uncertain(&what, &e, &read)),
                    };
                    if merge::verify(&fresh.raw, &changed, &after).is_ok() {
                        return types::person(&Value::Object(after));
                    }
                    // Any difference from the record we merged into (stamps are whole seconds,
                    // so the fields count too) means someone else wrote: do not send again.
                    if let Some((seen, now)) =
                        merge::changed_since(&Seen::of(&fresh.person), &after)
                    {
                        return Err(ApiError::Conflict { what, seen, now });
                    }
                    // Untouched: the PUT did not apply, send it again.
                    last = Some(e);
                }
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or(ApiError::NotApplied { what }))
    }

    /// Deletes a person, then checks they are gone. An unknown id is [`ApiError::NotFound`]
    /// (checked first: some servers answer a DELETE of nothing with success).
    pub async fn delete_person(&self, id: PersonId) -> Result<(), ApiError> {
        let _guard = lock_person(self.base_url().as_str(), id).await;
        let person = types::person(&self.get_person_value(id, Priority::Interactive).await?)?;
        let what = format!("delete person {} ({id})", person.display_name());
        let path = format!("people/{id}");
        let mut last = None;
        for _ in 0..WRITE_ROUNDS {
            let sent = self
                .execute(Call::write(Method::DELETE, path.clone(), None), None, None)
                .await;
            match sent {
                Ok(_) | Err(ApiError::NotFound { .. }) => {}
                Err(e) if ambiguous(&e) => last = Some(e),
                Err(e) => return Err(e),
            }
            match self.get_person_value(id, Priority::Interactive).await {
                Err(ApiError::NotFound { .. }) => return Ok(()),
                Ok(_) if last.is_none() => {
                    return Err(ApiError::NotApplied {
                        what: format!("person {id} still exists after the delete"),
                    });
                }
                // Still there after an ambiguous failure: the delete did not apply; again.
                Ok(_) => {}
                Err(read) => {
                    let write = last.unwrap_or(ApiError::NotApplied { what: what.clone() });
                    return Err(uncertain(&what, &write, &read));
                }
            }
        }
        Err(last.unwrap_or(ApiError::NotApplied { what }))
    }

    /// Adds a person to a project; returns the project's members as the server now holds them.
    pub async fn add_member(
        &self,
        project: ProjectId,
        person: PersonId,
    ) -> Result<Vec<Membership>, ApiError> {
        self.change_member(project, person, true).await
    }

    /// Removes a person from a project; returns the project's members as the server now holds
    /// them.
    pub async fn remove_member(
        &self,
        project: ProjectId,
        person: PersonId,
    ) -> Result<Vec<Membership>, ApiError> {
        self.change_member(project, person, false).await
    }

    async fn change_member(
        &self,
        project: ProjectId,
        person: PersonId,
        add: bool,
    ) -> Result<Vec<Membership>, ApiError> {
        let profile = self.detect_profile().await?;
        let _guard = lock_project(self.base_url().as_str(), project).await;
        let what = format!(
            "{} person {person} {} project {project}",
            if add { "add" } else { "remove" },
            if add { "to" } else { "from" }
        );
        let done = |members: &[Membership]| members.iter().any(|m| m.person == person) == add;
        let mut last = None;
        for _ in 0..WRITE_ROUNDS {
            let sent = match profile {
                Profile::V3 => {
                    // Re-read right before the PUT: `assigned` replaces the whole list.
                    let current = self.v3_members(project).await?;
                    if done(&current) {
                        return Ok(current);
                    }
                    let mut ids: Vec<u64> = current.iter().map(|m| m.person.0).collect();
                    if add {
                        ids.push(person.0);
                    } else {
                        ids.retain(|i| *i != person.0);
                    }
                    let call = Call::write(
                        Method::PUT,
                        format!("projects/{project}"),
                        Some(json!({ "assigned": ids })),
                    );
                    self.execute(call, None, None).await
                }
                Profile::Guide if add => {
                    let call = Call::write(
                        Method::POST,
                        format!("projects/{project}/people"),
                        Some(json!({ "person_id": person.0 })),
                    );
                    self.execute(call, None, None).await
                }
                Profile::Guide => {
                    let call = Call::write(
                        Method::DELETE,
                        format!("projects/{project}/people/{person}"),
                        None,
                    );
                    self.execute(call, None, None).await
                }
            };
            let failure = match sent {
                Ok(_) => None,
                Err(e) if ambiguous(&e) => Some(e),
                // guide: "already a member" / "not a member" answers; the read decides.
                Err(e @ (ApiError::Refused { .. } | ApiError::NotFound { .. }))
                    if profile == Profile::Guide =>
                {
                    Some(e)
                }
                Err(e) => return Err(e),
            };
            let after = match self.members_now(profile, project).await {
                Ok(m) => m,
                // No such project: nothing was or could be changed.
                Err(read @ ApiError::NotFound { .. }) => return Err(read),
                Err(read) => {
                    return Err(match failure {
                        Some(write) => uncertain(&what, &write, &read),
                        None => read,
                    });
                }
            };
            if done(&after) {
                return Ok(after);
            }
            match failure {
                // Definitely refused, and the read confirms nothing changed.
                Some(e @ (ApiError::Refused { .. } | ApiError::NotFound { .. })) => return Err(e),
                Some(e) => last = Some(e),
                // Accepted but not there: someone else's write replaced ours; go again.
                None => {
                    last = Some(ApiError::NotApplied {
                        what: format!("{what}: the change was overwritten"),
                    });
                }
            }
        }
        Err(last.unwrap_or(ApiError::NotApplied { what }))
    }

    /// A project's member list, read fresh (guide: with project roles).
    pub(super) async fn members_now(
        &self,
        profile: Profile,
        project: ProjectId,
    ) -> Result<Vec<Membership>, ApiError> {
        match profile {
            Profile::V3 => self.v3_members(project).await,
            Profile::Guide => {
                let items = Pager::new(format!("projects/{project}/people"), Priority::Interactive)
                    .all(self, None)
                    .await?;
                types::all(&items, |v| types::member(project, v))
            }
        }
    }

    /// A project's record, read fresh.
    pub(super) async fn project_value(&self, project: ProjectId) -> Result<Value, ApiError> {
        self.get_one(
            &format!("projects/{project}"),
            project.0,
            Priority::Interactive,
            &format!("project {project}"),
        )
        .await
    }

    /// A v3 project's `assigned` list, read fresh.
    async fn v3_members(&self, project: ProjectId) -> Result<Vec<Membership>, ApiError> {
        let v = self.project_value(project).await?;
        let ids = types::assigned(&v).ok_or_else(|| ApiError::BadResponse {
            what: format!("project {project} without an `assigned` list"),
            snippet: String::new(),
        })?;
        Ok(ids
            .into_iter()
            .map(|person| Membership {
                project,
                person,
                project_role: None,
            })
            .collect())
    }
}
