//! Bulk actions on the marked people (`app::marks`): `B` opens a menu of them (add to a
//! project, remove from a project, revoke access, offboard). Each action is many writes, one per
//! project (a membership change) or per person (a revocation, a delete): each is journaled and
//! answered on its own, so one failure never stops or hides the others, and the client paces
//! them like any other write. A [`BulkRun`] follows their answers, and when the last is in
//! the result lists each item, done or failed with why. The export writes no account: the
//! runtime puts the marked people, as `export --format csv` writes them, in a file
//! (`Effect::ExportMarked`).
//!
//! Bulk offboarding is one review page for all ([`BulkOffboardReview`]), then the typed
//! confirmation of the count (`offboard::TypedCount`), which alone makes the deletes.

use crate::model::account::{Account, PersonId};
use crate::model::sanitize::display;
use crate::model::tombstone::Tombstone;

use super::super::keymap::{self, Binding, Chord, Command, Context, keys, read, write};
use super::super::lookup::Lookup;
use super::fit::Dialog;
use super::job::{WriteFailure, WriteId, WriteOp, WriteResult};
use super::offboard::{self, Button};
use super::revoke::{ConfirmRevoke, what_goes};

/// What the menu offers, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkAction {
    Add,
    Remove,
    Revoke,
    Offboard,
    Export,
}

impl BulkAction {
    pub const ALL: [BulkAction; 5] = [
        BulkAction::Add,
        BulkAction::Remove,
        BulkAction::Revoke,
        BulkAction::Offboard,
        BulkAction::Export,
    ];

    pub fn label(self) -> &'static str {
        match self {
            BulkAction::Add => "Add to a project (one change per project, every member kept)",
            BulkAction::Remove => "Remove from a project (confirm)",
            BulkAction::Revoke => "Revoke access, keep the accounts (confirm; T restores)",
            BulkAction::Offboard => "Offboard: review all, then delete with the typed count",
            BulkAction::Export => "Export the marked to a CSV file beside the journal",
        }
    }
}

/// The menu: the marked people and the highlighted action.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkMenu {
    pub people: Vec<PersonId>,
    pub selected: usize,
}

impl BulkMenu {
    pub fn action(&self) -> BulkAction {
        BulkAction::ALL[self.selected.min(BulkAction::ALL.len() - 1)]
    }

    pub fn move_by(&mut self, delta: isize) {
        let last = BulkAction::ALL.len() as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
    }
}

/// The marked people still in the account, by name.
pub fn marked_people(
    account: &Account,
    marked: impl IntoIterator<Item = PersonId>,
) -> Vec<PersonId> {
    let mut people: Vec<PersonId> = marked
        .into_iter()
        .filter(|id| account.person(*id).is_some())
        .collect();
    people.sort_by_cached_key(|id| {
        account
            .person(*id)
            .map(|p| p.display_name().to_lowercase())
            .unwrap_or_default()
    });
    people
}

/// How wide the bulk confirmations get.
pub const BULK_WIDTH: u16 = 76;

/// A bulk confirmation (remove, revoke): what each write does, then Cancel focused.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkConfirm {
    pub heading: String,
    pub lines: Vec<String>,
    /// "bulk remove", for the result.
    pub label: String,
    /// The confirm button's word.
    pub button: &'static str,
    pub ops: Vec<WriteOp>,
    pub focus: Button,
}

impl BulkConfirm {
    pub fn dialog(&self) -> Dialog {
        let mut lines = self.lines.clone();
        lines.push(String::new());
        lines.push(format!("  [ Cancel ]   [ {} ]", self.button));
        Dialog {
            lines,
            max_width: BULK_WIDTH,
        }
    }
}

/// The confirmation of one membership change (a bulk remove): who goes from which project.
pub fn remove_confirm(account: &Account, lookup: &Lookup, op: WriteOp) -> BulkConfirm {
    let (who, subject) = match &op {
        WriteOp::Members {
            people, subject, ..
        } => (
            people
                .iter()
                .map(|p| {
                    lookup.person(account, *p).map_or_else(
                        || format!("person {p}"),
                        crate::model::account::Person::display_name,
                    )
                })
                .collect::<Vec<_>>()
                .join(", "),
            subject.clone(),
        ),
        _ => (String::new(), String::new()),
    };
    BulkConfirm {
        heading: "Remove the marked from a project".into(),
        lines: vec![
            format!("Remove {}?", display(&subject)),
            format!("Who: {}", display(&who)),
            "One change to the project; every other member stays. Adding them again undoes it."
                .into(),
        ],
        label: "bulk remove".into(),
        button: "Remove",
        ops: vec![op],
        focus: Button::Cancel,
    }
}

/// The confirmation of revoking every marked person's access: for each, what goes.
pub fn revoke_confirm(
    account: &Account,
    lookup: &Lookup,
    people: &[PersonId],
) -> Result<BulkConfirm, String> {
    let mut lines = Vec::new();
    let mut ops = Vec::new();
    for id in people {
        let Some(t) = offboard::tombstone(account, lookup, *id) else {
            continue;
        };
        let c = ConfirmRevoke::new(account, t);
        if c.is_empty() {
            continue;
        }
        lines.push(display(&offboard::subject(&c.tombstone)).into_owned());
        lines.extend(
            what_goes(&c.tombstone)
                .into_iter()
                .map(|l| format!("  {l}")),
        );
        ops.push(c.op());
    }
    if ops.is_empty() {
        return Err("none of the marked is in a project or group: nothing to revoke".into());
    }
    let n = ops.len();
    let mut all = vec![format!(
        "Remove {n} {} from every project and group; the accounts stay.",
        if n == 1 { "person" } else { "people" }
    )];
    all.extend(lines);
    all.push(
        "Not permanent: the journal keeps what is removed, and T restores it. No email is sent."
            .into(),
    );
    Ok(BulkConfirm {
        heading: "Revoke access of the marked, keep the accounts".into(),
        lines: all,
        label: "bulk revoke".into(),
        button: "Revoke",
        ops,
        focus: Button::Cancel,
    })
}

/// The bulk offboarding review: every marked person's tombstone, on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkOffboardReview {
    pub tombstones: Vec<Tombstone>,
    pub scroll: usize,
}

impl BulkOffboardReview {
    /// Refuses the account owner (who is not deleted from this console).
    pub fn new(account: &Account, lookup: &Lookup, people: &[PersonId]) -> Result<Self, String> {
        let mut tombstones = Vec::new();
        for id in people {
            let Some(p) = lookup.person(account, *id) else {
                continue;
            };
            if account.is_owner(p) {
                return Err(format!(
                    "{} is the account owner, who cannot be deleted from this console: unmark them first",
                    p.display_name()
                ));
            }
            if let Some(t) = offboard::tombstone(account, lookup, *id) {
                tombstones.push(t);
            }
        }
        if tombstones.is_empty() {
            return Err("no marked person to offboard".into());
        }
        Ok(BulkOffboardReview {
            tombstones,
            scroll: 0,
        })
    }
}

/// One write of a bulk action and, once answered, how it went.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkItem {
    pub id: WriteId,
    /// "Jane Doe <jane@acme.io>", "3 people to Website".
    pub subject: String,
    /// `None` while in flight; `Err(why)` when it failed (or did only part).
    pub outcome: Option<Result<(), String>>,
}

/// The writes of one bulk action, as they are answered.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkRun {
    /// "bulk offboard".
    pub label: String,
    pub items: Vec<BulkItem>,
}

impl BulkRun {
    pub fn answered(&self) -> usize {
        self.items.iter().filter(|i| i.outcome.is_some()).count()
    }

    pub fn complete(&self) -> bool {
        self.answered() == self.items.len()
    }

    pub fn failed(&self) -> Vec<&BulkItem> {
        self.items
            .iter()
            .filter(|i| matches!(i.outcome, Some(Err(_))))
            .collect()
    }

    /// "3 of 3 done" / "2 of 3 done, 1 failed".
    pub fn summary_head(&self) -> String {
        let n = self.items.len();
        let failed = self.failed().len();
        let done = n - failed;
        if failed == 0 {
            format!("{done} of {n} done")
        } else {
            format!("{done} of {n} done, {failed} failed")
        }
    }

    /// The run's last word: "bulk offboard: 3 of 3 done" or "... 2 of 3 done, 1 failed: X (why)".
    pub fn summary(&self) -> String {
        let failed = self.failed();
        if failed.is_empty() {
            return format!("{}: {}", self.label, self.summary_head());
        }
        let why: Vec<String> = failed
            .iter()
            .map(|i| match &i.outcome {
                Some(Err(why)) => format!("{} ({why})", i.subject),
                _ => i.subject.clone(),
            })
            .collect();
        format!(
            "{}: {}: {}",
            self.label,
            self.summary_head(),
            why.join("; ")
        )
    }
}

/// The result page of a finished bulk action.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkResult {
    pub run: BulkRun,
    pub scroll: usize,
}

/// Who or what one write of a bulk action is about, for its result line.
pub fn item_subject(op: &WriteOp) -> String {
    match op {
        WriteOp::Delete(d) => d.subject().to_string(),
        WriteOp::RevokeAccess { tombstone, .. } => offboard::subject(tombstone),
        WriteOp::Members { subject, .. } => subject.clone(),
        other => other.describe(),
    }
}

/// How one answer counts in a bulk result: done, or failed with why (a revocation that could
/// not remove everything counts as failed, naming what stayed).
pub fn outcome(result: &Result<WriteResult, WriteFailure>) -> Result<(), String> {
    match result {
        Ok(WriteResult::AccessRevoked(done)) if !done.missed.is_empty() => Err(format!(
            "not removed from {}",
            done.missed
                .iter()
                .map(|m| format!("{} ({})", m.what, m.why))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Ok(_) => Ok(()),
        Err(WriteFailure::Conflict { .. }) => {
            Err("the record changed on the server meanwhile; nothing was written".into())
        }
        Err(WriteFailure::GroupChanged { message, .. }) => Err(message.clone()),
        Err(WriteFailure::Failed(e)) => Err(e.message.clone()),
        Err(WriteFailure::Uncertain { message }) => Err(message.clone()),
    }
}

const BULK: &[Chord] = &[Chord::ch('B')];
const CONTINUE: &[Chord] = &[Chord::ch('D')];
const SUCCESSOR: &[Chord] = &[Chord::ch('s')];

/// `B` in the People list, and the keys of the menu, the review, the confirmations and the
/// result (the typed count's are with `offboard`'s).
pub fn bindings() -> Vec<Binding> {
    let m = Context::BulkMenu;
    let r = Context::BulkOffboardReview;
    let res = Context::BulkResult;
    let mut b = vec![
        write(
            BULK,
            Context::PeopleList,
            Command::Bulk,
            "bulk actions on the marked people: add to / remove from a project, revoke access, offboard, export",
            None,
            false,
        ),
        read(
            keys::UP_K,
            m,
            Command::Up,
            "previous action",
            Some("choose"),
        ),
        read(keys::DOWN_J, m, Command::Down, "next action", None),
        read(
            keys::ENTER,
            m,
            Command::Confirm,
            "go on with the action",
            Some("go on"),
        ),
        read(
            keys::ESC,
            m,
            Command::Cancel,
            "close: nothing is done",
            Some("close"),
        ),
        keymap::help(m),
        read(
            keys::ENTER,
            r,
            Command::Confirm,
            "continue to the typed confirmation of the count",
            Some("delete"),
        ),
        read(
            CONTINUE,
            r,
            Command::Offboard,
            "continue to the typed confirmation of the count",
            None,
        ),
        write(
            SUCCESSOR,
            r,
            Command::PickSuccessor,
            "pick the new manager of the next project one of them manages (joins it if needed)",
            Some("successor"),
            false,
        ),
        read(keys::UP_K, r, Command::Up, "scroll up", Some("scroll")),
        read(keys::DOWN_J, r, Command::Down, "scroll down", None),
        read(
            keys::ESC,
            r,
            Command::Cancel,
            "back: nothing is deleted",
            Some("back"),
        ),
        keymap::help(r),
        read(keys::UP_K, res, Command::Up, "scroll up", Some("scroll")),
        read(keys::DOWN_J, res, Command::Down, "scroll down", None),
        read(keys::ESC, res, Command::Cancel, "close", Some("close")),
        read(keys::ENTER, res, Command::Confirm, "close", None),
        keymap::help(res),
    ];
    b.extend(keymap::buttons(
        Context::BulkConfirm,
        "press the focused button (one write per project or person)",
        "cancel: nothing is done",
        "cancel",
        true,
    ));
    b
}
