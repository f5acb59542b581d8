//! Group membership (v3): the adds come from the membership picker (`PickFor::Group`), the
//! remove is this Enter/Esc confirmation with Cancel focused. Both become one
//! (`members::group_member_op`, where the picker can reach it without a circle)
//! [`WriteOp::GroupMember`] carrying the member list the admin saw, so a group changed on the
//! server meanwhile is refused rather than overwritten (`api::group_writes`).

use crate::model::account::{Account, Group, GroupId, PersonId};
use crate::model::sanitize::display;

use super::super::keymap::{self, Binding, Context};
use super::super::lookup::Lookup;
use super::fit::Dialog;
use super::job::WriteOp;
use super::members::{group_member_op, person_name};
use super::offboard::Button;

/// How wide the remove confirmation gets.
pub const GROUP_REMOVE_WIDTH: u16 = 60;

/// "Remove X from group Y?" with Cancel focused.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmGroupRemove {
    pub group: GroupId,
    pub person: PersonId,
    pub who: String,
    pub what: String,
    /// The write, built when the confirmation opened (with the members seen then).
    pub op: WriteOp,
    pub focus: Button,
}

impl ConfirmGroupRemove {
    pub fn new(account: &Account, lookup: &Lookup, group: &Group, person: PersonId) -> Self {
        ConfirmGroupRemove {
            group: group.id,
            person,
            who: person_name(account, lookup, person),
            what: group.name.clone(),
            op: group_member_op(account, lookup, group, person, false),
            focus: Button::Cancel,
        }
    }

    /// The confirmation as plain text, every line as the ui draws it.
    pub fn dialog(&self) -> Dialog {
        Dialog {
            lines: vec![
                format!(
                    "Remove {} from the group {}?",
                    display(&self.who),
                    display(&self.what)
                ),
                "Every other member stays; adding them again (a) undoes it.".into(),
                String::new(),
                "  [ Cancel ]   [ Remove ]".into(),
            ],
            max_width: GROUP_REMOVE_WIDTH,
        }
    }
}

/// The confirmation's keys.
pub fn bindings() -> Vec<Binding> {
    keymap::buttons(
        Context::ConfirmGroupRemove,
        "press the focused button (Remove takes them out of the group)",
        "cancel: nothing is removed",
        "cancel",
        true,
    )
}
