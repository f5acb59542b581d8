//! Revoking a person's access while keeping the account (offboarding's other end), and putting
//! it back: out of (or back into) every project of a tombstone's memberships and, on v3, every
//! group it names. Each part is its own verified write (`remove_member` / `add_member` read the
//! member list back; a group is read back after its PUT), and a part that fails is named in
//! [`AccessChange::missed`] with why while the rest goes on: a revocation that stopped halfway
//! would leave the admin guessing.

use reqwest::Method;
use serde_json::json;

use super::client::{Call, Client};
use super::error::ApiError;
use super::recreate::why;
use crate::model::account::{Group, GroupId, PersonId};
use crate::model::profile::Profile;
use crate::model::restore::{AccessChange, Missed};
use crate::model::tombstone::Tombstone;

impl Client {
    /// Removes the tombstone's person from each of its memberships' projects and (v3) from
    /// `groups`.
    pub async fn revoke_access(
        &self,
        tombstone: &Tombstone,
        groups: &[(GroupId, String)],
    ) -> Result<AccessChange, ApiError> {
        let profile = self.detect_profile().await?;
        let person = tombstone.person.id();
        let mut r = self.memberships(tombstone, false).await;
        if profile == Profile::V3 {
            for (id, name) in groups {
                let what = format!("group {name}");
                match self.leave_group(*id, person).await {
                    Ok(g) => {
                        r.groups.push(g);
                        r.done.push(what);
                    }
                    Err(e) => r.missed.push(Missed::new(what, why(&e))),
                }
            }
        }
        Ok(r)
    }

    /// Puts the tombstone's person back into each of its memberships' projects and (v3) the
    /// groups it names (by name, as a recreate does).
    pub async fn restore_access(&self, tombstone: &Tombstone) -> Result<AccessChange, ApiError> {
        let profile = self.detect_profile().await?;
        let person = tombstone.person.id();
        let mut r = self.memberships(tombstone, true).await;
        if profile == Profile::V3 && !tombstone.groups.is_empty() {
            match self
                .restore_groups(&tombstone.person, &tombstone.groups, person)
                .await
            {
                Ok((groups, done, missed)) => {
                    r.groups = groups;
                    r.done
                        .extend(done.into_iter().map(|g| format!("group {g}")));
                    r.missed.extend(missed);
                }
                Err(e) => {
                    for g in &tombstone.groups {
                        r.missed.push(Missed::new(format!("group {g}"), why(&e)));
                    }
                }
            }
        }
        Ok(r)
    }

    /// Adds the tombstone's person to (`add`) or removes them from each of its memberships'
    /// projects, part by part.
    async fn memberships(&self, tombstone: &Tombstone, add: bool) -> AccessChange {
        let person = tombstone.person.id();
        let mut r = AccessChange {
            members: Vec::new(),
            groups: Vec::new(),
            done: Vec::new(),
            missed: Vec::new(),
        };
        for m in &tombstone.memberships {
            let sent = if add {
                self.add_member(m.project, person).await
            } else {
                self.remove_member(m.project, person).await
            };
            match sent {
                Ok(members) => {
                    r.members.push((m.project, members));
                    r.done.push(m.title.clone());
                }
                Err(e) => r.missed.push(Missed::new(m.title.clone(), why(&e))),
            }
        }
        r
    }

    /// Takes `person` out of a v3 group: read fresh, `PUT` the list without them, read back.
    async fn leave_group(&self, group: GroupId, person: PersonId) -> Result<Group, ApiError> {
        let fresh = self.group_now(group).await?;
        if !fresh.members.contains(&person) {
            return Ok(fresh);
        }
        let ids: Vec<u64> = fresh
            .members
            .iter()
            .filter(|p| **p != person)
            .map(|p| p.0)
            .collect();
        let call = Call::write(
            Method::PUT,
            format!("groups/{group}"),
            Some(json!({ "assigned": ids })),
        );
        self.execute(call, None, None).await?;
        let after = self.group_now(group).await?;
        if after.members.contains(&person) {
            return Err(ApiError::NotApplied {
                what: format!("person {person} still in group {}", after.name),
            });
        }
        Ok(after)
    }
}
