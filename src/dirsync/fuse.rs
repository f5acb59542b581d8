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
    /// Percent of the account's people (at plan time for the plan's warning; apply checks
    /// again against the live account).
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
    /// Checks the plan's ticked deletes against the account's size at plan time.
    pub fn check(&self, plan: &Plan) -> Result<usize, Tripped> {
        self.check_against(plan, plan.people_in_account)
    }

    /// Checks the plan's ticked deletes against an account of `people` people (the live one).
    pub fn check_against(&self, plan: &Plan, people: usize) -> Result<usize, Tripped> {
        let deletes = plan
            .items
            .iter()
            .filter(|i| !i.skip && i.change.kind() == Kind::Delete)
            .count();
        let share = deletes as f64 * 100.0 / people.max(1) as f64;
        if deletes > self.max_deletes || (deletes > 0 && share > self.max_share_pct) {
            Err(Tripped {
                deletes,
                people,
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
