//! A staged invite: invite the person, then add them to each project of their line, each add
//! checked by reading the member list back. Only the invite failing fails the write; a project
//! that cannot be joined is named in [`Restored::missed`] with why, and the rest goes on.

use super::client::Client;
use super::error::ApiError;
use crate::model::changes::NewPerson;
use crate::model::profile::Profile;
use crate::model::restore::Restored;
use crate::model::tombstone::MembershipRef;

impl Client {
    /// Invites `new`, then adds them to `projects` in order.
    pub async fn invite_into(
        &self,
        new: NewPerson,
        projects: &[MembershipRef],
    ) -> Result<Restored, ApiError> {
        let profile = self.detect_profile().await?;
        let emailed = match profile {
            Profile::V3 if new.send_invite == Some(false) => 0,
            _ => 1,
        };
        let person = self.invite(new).await?;
        let mut r = Restored {
            person: person.clone(),
            members: Vec::new(),
            managed: Vec::new(),
            groups: Vec::new(),
            restored: Vec::new(),
            missed: Vec::new(),
            emailed,
        };
        for m in projects {
            if self.rejoin(m, person.id(), &mut r).await {
                r.restored.push(m.title.clone());
            }
        }
        Ok(r)
    }
}
