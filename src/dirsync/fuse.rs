//! The delete fuse: a sync refuses to delete more people than a count or a share of the
//! account, unless the admin types a confirmation. It is what stops an empty or truncated
//! source from emptying the account (Adobe User Sync's `max_adobe_only_users`, Entra
//! Connect's deletion threshold).

use std::fmt;

use super::plan::{Kind, Plan};

/// The limits. Deletes trip the fuse when they exceed either.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fuse {
    pub max_deletes: usize,
    /// Percent of the people the account had at plan time.
    pub max_share_pct: f64,
}

impl Default for Fuse {
    fn default() -> Self {
        Fuse {
            max_deletes: 10,
            max_share_pct: 10.0,
        }
    }
}

/// Why the fuse tripped.
#[derive(Debug, Clone, PartialEq)]
pub struct Tripped {
    pub deletes: usize,
    pub people: usize,
    pub fuse: Fuse,
}

impl fmt::Display for Tripped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the plan deletes {} of {} people, more than the delete fuse allows ({} people or {}% of the account); \
             check the source, or raise --max-deletes / --max-delete-share",
            self.deletes, self.people, self.fuse.max_deletes, self.fuse.max_share_pct
        )
    }
}

impl Fuse {
    /// Checks the plan's ticked deletes.
    pub fn check(&self, plan: &Plan) -> Result<usize, Tripped> {
        let deletes = plan
            .items
            .iter()
            .filter(|i| !i.skip && i.change.kind() == Kind::Delete)
            .count();
        let people = plan.people_in_account.max(1);
        let share = deletes as f64 * 100.0 / people as f64;
        if deletes > self.max_deletes || (deletes > 0 && share > self.max_share_pct) {
            Err(Tripped {
                deletes,
                people: plan.people_in_account,
                fuse: *self,
            })
        } else {
            Ok(deletes)
        }
    }
}

/// The phrase an admin types to delete `n` people: within the fuse `delete N`, over it
/// `override the fuse and delete N`.
pub fn confirmation_phrase(n: usize, tripped: bool) -> String {
    if tripped {
        format!("override the fuse and delete {n}")
    } else {
        format!("delete {n}")
    }
}
