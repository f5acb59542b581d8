//! v3 group membership: one person in or out of a group, by `PUT /groups/{id}` with the whole
//! new `assigned` list (the docs' write body is `{name, assigned}`; the simulator, like
//! ProofHub's partial PUTs, keeps the name when only `assigned` is sent).
//!
//! Read-modify-write with a conflict check, like project memberships ([`super::writes`]), but
//! stricter: the caller passes the member list the admin saw, and when the group read fresh
//! right before the PUT holds other members than that, nothing is sent and the change is refused
//! as [`ApiError::Conflict`] naming who came or went (a group's list is short and read whole,
//! so the admin can look again and decide). After the PUT the group is read back: it must hold
//! exactly the list sent, or someone else's write came in between and that is said as
//! [`ApiError::NotApplied`]. guide has no groups: [`ApiError::Unsupported`], nothing sent.

use reqwest::Method;
use serde_json::json;

use super::client::{Call, Client};
use super::error::ApiError;
use super::locks::lock_group;
use super::pacing::Priority;
use super::types;
use crate::model::account::{Group, GroupId, PersonId};
use crate::model::profile::Profile;

/// Who is in `now` and not in `seen` ("+id"), and the other way ("−id"), for a conflict.
fn difference(seen: &[PersonId], now: &[PersonId]) -> String {
    let came = now
        .iter()
        .filter(|p| !seen.contains(p))
        .map(|p| format!("+{p}"));
    let went = seen
        .iter()
        .filter(|p| !now.contains(p))
        .map(|p| format!("−{p}"));
    let all: Vec<String> = came.chain(went).collect();
    if all.is_empty() {
        "the same members".into()
    } else {
        format!("members {}", all.join(" "))
    }
}

fn same_set(a: &[PersonId], b: &[PersonId]) -> bool {
    a.len() == b.len() && a.iter().all(|p| b.contains(p))
}

impl Client {
    /// A group read fresh.
    pub async fn group_now(&self, group: GroupId) -> Result<Group, ApiError> {
        let v = self
            .get_one(
                &format!("groups/{group}"),
                group.0,
                Priority::Interactive,
                &format!("group {group}"),
            )
            .await?;
        types::group(&v)
    }

    /// Adds `person` to `group` (`add`) or removes them, refused as a conflict when the group's
    /// members are no longer `seen`. Returns the group as the server holds it afterwards.
    pub async fn change_group_member(
        &self,
        group: GroupId,
        person: PersonId,
        add: bool,
        seen: &[PersonId],
    ) -> Result<Group, ApiError> {
        if self.detect_profile().await? == Profile::Guide {
            return Err(ApiError::Unsupported(
                "this account's API (guide) has no groups; nothing was sent".into(),
            ));
        }
        let _guard = lock_group(self.base_url().as_str(), group).await;
        let fresh = self.group_now(group).await?;
        let what = format!("group {} ({group})", fresh.name);
        if !same_set(seen, &fresh.members) {
            return Err(ApiError::Conflict {
                what,
                seen: format!("{} members", seen.len()),
                now: format!(
                    "{} members, {}",
                    fresh.members.len(),
                    difference(seen, &fresh.members)
                ),
            });
        }
        let mut ids: Vec<PersonId> = fresh.members.clone();
        let already = ids.contains(&person);
        if already == add {
            return Ok(fresh);
        }
        if add {
            ids.push(person);
        } else {
            ids.retain(|p| *p != person);
        }
        let body = json!({ "assigned": ids.iter().map(|p| p.0).collect::<Vec<_>>() });
        let call = Call::write(Method::PUT, format!("groups/{group}"), Some(body));
        let sent = self.execute(call, None, None).await;
        let after = match self.group_now(group).await {
            Ok(g) => g,
            Err(read) => {
                return Err(match sent {
                    Err(write) if write.transient() => ApiError::Uncertain {
                        what: what.clone(),
                        cause: format!("{write}; reading back failed too: {read}"),
                    },
                    Err(write) => write,
                    Ok(_) => read,
                });
            }
        };
        if same_set(&after.members, &ids) {
            return Ok(after);
        }
        match sent {
            // Refused, and the read shows nothing of ours: the refusal stands.
            Err(e) if same_set(&after.members, &fresh.members) => Err(e),
            _ => Err(ApiError::NotApplied {
                what: format!(
                    "{what} with {} instead (someone else changed it meanwhile, or the change did not take); nothing more was sent",
                    difference(&ids, &after.members)
                ),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_difference_names_who_came_and_went() {
        let (a, b, c) = (PersonId(1), PersonId(2), PersonId(3));
        assert_eq!(difference(&[a, b], &[b, c]), "members +3 −1");
        assert_eq!(difference(&[a], &[a]), "the same members");
        assert!(same_set(&[a, b], &[b, a]));
        assert!(!same_set(&[a, b], &[a]));
    }
}
