//! Applying a plan: the fuse, a fresh load, then item by item a re-check against live data,
//! a ledger line before the write and one after it.
//!
//! The re-check decides among three things for each item:
//! - the change is already in place (an earlier, interrupted run made it, or someone else did):
//!   done, no request sent;
//! - the live record is not what the plan was made against (another `updated_at`, a person or
//!   project gone): skipped as drift, reported; the admin must act (a new plan);
//! - what the item depends on has not happened yet (a membership add for a person whose invite
//!   failed or was not run): waiting; it is re-checked as soon as the invite is done, later in
//!   the same run or in the next one, and never recorded as skipped;
//! - otherwise the write is sent through the client (which reads fresh, writes, reads back).
//!
//! Items are applied one at a time in plan order (invites first, deletes last), so the set of
//! landed writes is always "the done ones plus at most the one pending". Before a DELETE the
//! person's whole record, role, memberships, groups and managed projects go to the ledger and
//! to the console's journal as a tombstone, synced to disk; every other write gets its journal
//! attempt line first and its outcome line after.

use std::collections::HashSet;
use std::sync::Arc;

use super::fuse::Fuse;
use super::journaling::SyncJournal;
use super::ledger::{Ledger, State};
use super::plan::{AccountIdentity, Change, Field, FieldChange, Item, Kind, Plan};
use crate::api::{ApiError, Client, Edit, NewPerson, PersonChanges};
use crate::cli::exit::CommandError;
use crate::model::account::{Account, Person, PersonId, RoleRef};
use crate::model::profile::Profile;
use crate::model::tombstone::Tombstone;

/// The tombstone of `person`, keeping the server's whole record read fresh (every field it
/// sends, unknown ones included). When that read fails the tombstone keeps the fields the
/// account holds, which is everything recreating needs; the delete's own check reads again.
async fn fresh_tombstone(client: &Client, account: &Account, person: &Person) -> Tombstone {
    let mut t = Tombstone::of(account, person);
    let fresh = client
        .get_person_value(person.id(), crate::api::Priority::Interactive)
        .await
        .and_then(crate::api::types::fresh_person);
    if let Ok(fresh) = fresh {
        t.record = fresh.raw;
    }
    t
}

/// How one item ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The write was sent and verified.
    Done(String),
    /// Nothing to send: the change was already in place.
    AlreadyDone(String),
    /// Not applied: unticked, or the live data drifted from the plan.
    Skipped(String),
    /// Not applied yet: what it depends on (the person's invite) has not happened. Retried.
    Waiting(String),
    Failed(String),
    /// The apply stopped before this item.
    NotRun,
}

impl Verdict {
    pub fn tag(&self) -> &'static str {
        match self {
            Verdict::Done(_) => "done",
            Verdict::AlreadyDone(_) => "already_done",
            Verdict::Skipped(_) => "skipped",
            Verdict::Waiting(_) => "waiting",
            Verdict::Failed(_) => "failed",
            Verdict::NotRun => "not_run",
        }
    }

    pub fn detail(&self) -> &str {
        match self {
            Verdict::Done(d)
            | Verdict::AlreadyDone(d)
            | Verdict::Skipped(d)
            | Verdict::Waiting(d)
            | Verdict::Failed(d) => d,
            Verdict::NotRun => "",
        }
    }
}

/// One item's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub key: String,
    pub kind: Kind,
    /// The change in words ("update a@x.io: title "A" → "B"").
    pub what: String,
    pub email: String,
    pub project: Option<String>,
    pub verdict: Verdict,
}

/// How to apply.
#[derive(Debug, Clone, Default)]
pub struct ApplyOptions {
    pub fuse: Fuse,
    /// The admin typed the override phrase: deletes beyond the fuse may go ahead.
    pub fuse_overridden: bool,
    /// Stop before the write after this many writes were sent (tests simulate a crash with it).
    pub stop_after_writes: Option<usize>,
    /// The console's journal: every write and each delete's tombstone go there too.
    pub journal: Option<Arc<SyncJournal>>,
    /// `--quiet` silences the re-check load's progress line.
    pub show: crate::cli::progress::Show,
}

/// What an apply did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub outcomes: Vec<Outcome>,
    /// Stopped early (`stop_after_writes`, or a failure every later item would meet too); the
    /// rest is `NotRun`.
    pub interrupted: bool,
    /// Writes sent in this run.
    pub writes: usize,
}

impl Report {
    pub fn count(&self, tag: &str) -> usize {
        self.outcomes
            .iter()
            .filter(|o| o.verdict.tag() == tag)
            .count()
    }

    /// "3 done, 1 already done, 1 skipped, 0 failed" (", 1 waiting" when any wait).
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} done, {} already done, {} skipped, {} failed",
            self.count("done"),
            self.count("already_done"),
            self.count("skipped"),
            self.count("failed")
        );
        if self.count("waiting") > 0 {
            s.push_str(&format!(", {} waiting", self.count("waiting")));
        }
        if self.interrupted {
            s.push_str(&format!(", {} not run (stopped)", self.count("not_run")));
        }
        s
    }

    /// Ticked items skipped for a reason the admin must act on (drift): they will not happen
    /// by running the same plan again.
    pub fn needs_admin(&self) -> Vec<&Outcome> {
        self.outcomes
            .iter()
            .filter(|o| matches!(&o.verdict, Verdict::Skipped(d) if !d.starts_with(UNTICKED)))
            .collect()
    }

    /// Ticked items not done that running the same apply again retries (failed, waiting, not
    /// run).
    pub fn retryable(&self) -> Vec<&Outcome> {
        self.outcomes
            .iter()
            .filter(|o| {
                matches!(
                    o.verdict,
                    Verdict::Failed(_) | Verdict::Waiting(_) | Verdict::NotRun
                )
            })
            .collect()
    }
}

/// The detail of an item review unticked.
const UNTICKED: &str = "unticked in review";

enum Check {
    Already(String),
    Drift(String),
    /// What the item depends on has not happened yet.
    Waiting(String),
    Go,
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn live_value(account: &Account, p: &Person, field: Field) -> String {
    match field {
        Field::Name => p.display_name(),
        Field::FirstName => p.first_name().map(str::to_string).unwrap_or_default(),
        Field::LastName => p.last_name().map(str::to_string).unwrap_or_default(),
        Field::Title => p.title().map(str::to_string).unwrap_or_default(),
        Field::Role => account.role_name(p).unwrap_or_default(),
    }
}

fn same_value(field: Field, a: &str, b: &str) -> bool {
    match field {
        Field::Role => norm(a).eq_ignore_ascii_case(&norm(b)),
        _ => norm(a) == norm(b),
    }
}

fn stamp(s: Option<&str>) -> &str {
    s.unwrap_or("none")
}

fn member(account: &Account, project: crate::model::account::ProjectId, person: PersonId) -> bool {
    account
        .members_of(project)
        .iter()
        .any(|m| m.person == person)
}

/// `invites`: the emails (lower case) of the plan's ticked invites.
fn recheck(account: &Account, invites: &HashSet<String>, change: &Change) -> Check {
    match change {
        Change::Invite { email, .. } => match account.person_by_email(email) {
            Some(p) => Check::Already(format!("{email} is in the account (id {})", p.id())),
            None => Check::Go,
        },
        Change::Update {
            person,
            stamp: planned,
            fields,
            ..
        } => {
            let Some(p) = account.person(*person) else {
                return Check::Drift(format!("person {person} is no longer in the account"));
            };
            if fields
                .iter()
                .all(|f| same_value(f.field, &live_value(account, p, f.field), &f.after))
            {
                return Check::Already("every field already has the planned value".into());
            }
            if p.updated_at().as_deref() != planned.as_deref() {
                return Check::Drift(format!(
                    "changed since the plan (updated_at then {}, now {})",
                    stamp(planned.as_deref()),
                    stamp(p.updated_at().as_deref())
                ));
            }
            if let Some(f) = fields
                .iter()
                .find(|f| !same_value(f.field, &live_value(account, p, f.field), &f.before))
            {
                return Check::Drift(format!(
                    "{} is {:?}, not {:?} as planned against",
                    f.field,
                    live_value(account, p, f.field),
                    f.before
                ));
            }
            Check::Go
        }
        Change::AddMember {
            project,
            email,
            person,
            ..
        } => {
            if account.project(*project).is_none() {
                return Check::Drift(format!("project {project} is no longer in the account"));
            }
            let id = person.or_else(|| account.person_by_email(email).map(Person::id));
            match id {
                None if invites.contains(&email.trim().to_lowercase()) => Check::Waiting(format!(
                    "waits for the invite of {email}, which has not happened yet"
                )),
                None => Check::Drift(format!(
                    "{email} is not in the account and the plan's invite of them is unticked"
                )),
                Some(id) if account.person(id).is_none() => {
                    Check::Drift(format!("{email} is no longer in the account"))
                }
                Some(id) if member(account, *project, id) => {
                    Check::Already(format!("{email} is already a member"))
                }
                Some(_) => Check::Go,
            }
        }
        Change::RemoveMember {
            project,
            person,
            email,
            ..
        } => {
            if account.project(*project).is_none() {
                return Check::Drift(format!("project {project} is no longer in the account"));
            }
            if account.person(*person).is_none() {
                return Check::Drift(format!("{email} is no longer in the account"));
            }
            if !member(account, *project, *person) {
                return Check::Already(format!("{email} is not a member"));
            }
            Check::Go
        }
        Change::Delete {
            person,
            email,
            stamp: planned,
            ..
        } => {
            let Some(p) = account.person(*person) else {
                return Check::Already(format!("person {person} is already gone"));
            };
            if !p.email().trim().eq_ignore_ascii_case(email.trim()) {
                return Check::Drift(format!("person {person} is now {}, not {email}", p.email()));
            }
            if account.is_owner(p) {
                return Check::Drift("the account owner is never deleted".into());
            }
            if p.updated_at().as_deref() != planned.as_deref() {
                return Check::Drift(format!(
                    "changed since the plan (updated_at then {}, now {})",
                    stamp(planned.as_deref()),
                    stamp(p.updated_at().as_deref())
                ));
            }
            Check::Go
        }
    }
}

fn role_ref(account: &Account, profile: Profile, name: &str) -> Result<RoleRef, String> {
    match profile {
        Profile::V3 => account
            .roles
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(name.trim()))
            .map(|r| RoleRef::Id(r.id))
            .ok_or_else(|| format!("role {name:?} is no longer one of the account's roles")),
        Profile::Guide => Ok(RoleRef::Name(name.trim().to_string())),
    }
}

fn changes(
    account: &Account,
    profile: Profile,
    fields: &[FieldChange],
) -> Result<PersonChanges, String> {
    let mut c = PersonChanges::default();
    for f in fields {
        let set = Edit::Set(f.after.clone());
        match f.field {
            Field::Name => c.name = set,
            Field::FirstName => c.first_name = set,
            Field::LastName => c.last_name = set,
            Field::Title => c.title = set,
            Field::Role => c.role = Edit::Set(role_ref(account, profile, &f.after)?),
        }
    }
    Ok(c)
}

enum Failure {
    Drift(String),
    Failed(String),
    /// Failed in a way every later item would too (the server wants a longer wait than this
    /// run takes, redirects elsewhere, refuses the token): the apply stops here.
    Stop(String),
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Failure {
        match e {
            ApiError::Conflict { .. } => Failure::Drift(e.to_string()),
            ApiError::WaitTooLong { .. } | ApiError::Redirected { .. } | ApiError::Auth { .. } => {
                Failure::Stop(e.to_string())
            }
            other => Failure::Failed(other.to_string()),
        }
    }
}

/// Sends one item's write; updates `account` with what the server holds afterwards.
async fn write(
    client: &Client,
    account: &mut Account,
    profile: Profile,
    change: &Change,
) -> Result<String, Failure> {
    match change {
        Change::Invite {
            email,
            first_name,
            last_name,
            role,
        } => {
            let role = match role {
                Some(r) => Some(role_ref(account, profile, r).map_err(Failure::Failed)?),
                None => None,
            };
            let person = client
                .invite(NewPerson {
                    first_name: first_name.clone(),
                    last_name: last_name.clone(),
                    email: email.clone(),
                    role,
                    send_invite: None,
                })
                .await?;
            let detail = format!("invited as id {}", person.id());
            account.upsert_person(person);
            Ok(detail)
        }
        Change::Update {
            person,
            stamp,
            fields,
            ..
        } => {
            let c = changes(account, profile, fields).map_err(Failure::Failed)?;
            let after = client.update_person(*person, stamp.clone(), c).await?;
            account.upsert_person(after);
            Ok(fields
                .iter()
                .map(|f| f.field.to_string())
                .collect::<Vec<_>>()
                .join(", ")
                + " changed")
        }
        Change::AddMember {
            project,
            email,
            person,
            ..
        } => {
            let id = person
                .or_else(|| account.person_by_email(email).map(Person::id))
                .ok_or_else(|| Failure::Drift(format!("{email} is not in the account")))?;
            let members = client.add_member(*project, id).await?;
            account.set_members(
                *project,
                members.into_iter().map(|m| (m.person, m.project_role)),
            );
            Ok("added".into())
        }
        Change::RemoveMember {
            project, person, ..
        } => {
            let members = client.remove_member(*project, *person).await?;
            account.set_members(
                *project,
                members.into_iter().map(|m| (m.person, m.project_role)),
            );
            Ok("removed".into())
        }
        Change::Delete { person, .. } => {
            client.delete_person(*person).await?;
            account.remove_person(*person);
            Ok("deleted".into())
        }
    }
}

/// Two base URLs name the same account (a trailing `/` aside).
pub(crate) fn same_url(a: &str, b: &str) -> bool {
    a.trim().trim_end_matches('/') == b.trim().trim_end_matches('/')
}

/// Applies the plan's ticked items, recording every step in `ledger`. `on_outcome` sees each
/// outcome as it happens. Refuses (nothing written) when the fuse trips and was not
/// overridden, when the client points at another account than the plan, or when loading the
/// account fails.
pub async fn apply(
    client: &Client,
    plan: &Plan,
    ledger: &mut Ledger,
    opts: &ApplyOptions,
    mut on_outcome: impl FnMut(&Outcome),
) -> Result<Report, CommandError> {
    if let Err(tripped) = opts.fuse.check(plan)
        && !opts.fuse_overridden
    {
        return Err(CommandError::FuseTripped(format!(
            "nothing applied: {tripped}"
        )));
    }
    if !same_url(client.base_url().as_str(), &plan.base_url) {
        return Err(CommandError::Failed(format!(
            "nothing applied: the plan was made for {}, not {}",
            plan.base_url,
            client.base_url()
        )));
    }
    let account = crate::cli::export::load(client, opts.show)
        .await
        .map_err(|e| e.prefixed("nothing applied: "))?;
    let profile = account.profile.unwrap_or(plan.profile);
    if profile != plan.profile {
        return Err(CommandError::Failed(format!(
            "nothing applied: the plan was made for a {} account, this one answers as {profile}",
            plan.profile
        )));
    }
    let live = AccountIdentity::of(&account);
    if live != plan.account {
        return Err(CommandError::Failed(format!(
            "nothing applied: {} is not the account the plan was made for (the plan's account shows {}, this one {live}); make a new plan against this account",
            plan.base_url, plan.account
        )));
    }
    // The share is of the people the account has now, not of what the plan file says.
    if let Err(tripped) = opts.fuse.check_against(plan, account.people.len())
        && !opts.fuse_overridden
    {
        return Err(CommandError::FuseTripped(format!(
            "nothing applied: {tripped}"
        )));
    }

    let invites: HashSet<String> = plan
        .items
        .iter()
        .filter(|i| !i.skip && i.change.kind() == Kind::Invite)
        .map(|i| i.change.email().trim().to_lowercase())
        .collect();
    let mut report = Report::default();
    let mut live = Live {
        account,
        profile,
        invites,
    };
    for item in &plan.items {
        let verdict = step(client, &mut live, item, ledger, opts, &mut report)
            .await
            .map_err(CommandError::Failed)?;
        let outcome = Outcome {
            key: item.key.clone(),
            kind: item.change.kind(),
            what: item.change.describe(),
            email: item.change.email().to_string(),
            project: item.change.project_title().map(str::to_string),
            verdict,
        };
        on_outcome(&outcome);
        report.outcomes.push(outcome);
    }
    Ok(report)
}

/// The account as the apply sees it, kept current with every write.
struct Live {
    account: Account,
    profile: Profile,
    /// The emails (lower case) of the plan's ticked invites.
    invites: HashSet<String>,
}

async fn step(
    client: &Client,
    live: &mut Live,
    item: &Item,
    ledger: &mut Ledger,
    opts: &ApplyOptions,
    report: &mut Report,
) -> Result<Verdict, String> {
    let Live {
        account,
        profile,
        invites,
    } = live;
    let profile = *profile;
    if report.interrupted {
        return Ok(Verdict::NotRun);
    }
    let key = item.key.as_str();
    if let Some(e) = ledger.entry(key) {
        let detail = format!(
            "earlier run: {}",
            e.detail.clone().unwrap_or_else(|| "no detail".into())
        );
        match e.state {
            State::Done => return Ok(Verdict::AlreadyDone(detail)),
            State::Skipped => return Ok(Verdict::Skipped(detail)),
            // Pending (the write may or may not have landed), failed and waiting items are
            // re-checked.
            State::Pending | State::Failed | State::Waiting | State::Tombstone => {}
        }
    }
    // Unticked: left out, and not recorded, so ticking it again later applies it. (Unticked
    // after an earlier run did it: it stays done, above.)
    if item.skip {
        return Ok(Verdict::Skipped(UNTICKED.into()));
    }
    match recheck(account, invites, &item.change) {
        Check::Already(why) => {
            ledger.record(key, State::Done, Some(why.clone()))?;
            return Ok(Verdict::AlreadyDone(why));
        }
        Check::Drift(why) => {
            let why = format!("drift: {why}");
            ledger.record(key, State::Skipped, Some(why.clone()))?;
            return Ok(Verdict::Skipped(why));
        }
        Check::Waiting(why) => {
            ledger.record(key, State::Waiting, Some(why.clone()))?;
            return Ok(Verdict::Waiting(why));
        }
        Check::Go => {}
    }
    if opts.stop_after_writes.is_some_and(|n| report.writes >= n) {
        report.interrupted = true;
        return Ok(Verdict::NotRun);
    }
    let tomb = match &item.change {
        Change::Delete { person, .. } => match account.person(*person) {
            Some(p) => Some(fresh_tombstone(client, account, p).await),
            None => None,
        },
        _ => None,
    };
    if let Some(t) = &tomb {
        let value = serde_json::to_value(t).map_err(|e| e.to_string())?;
        ledger.tombstone(key, value)?;
    }
    let journaled = match &opts.journal {
        Some(j) => Some(j.attempt(&item.change, tomb)?),
        None => None,
    };
    ledger.record(key, State::Pending, None)?;
    report.writes += 1;
    let result = write(client, account, profile, &item.change).await;
    if let (Some(j), Some(n)) = (&opts.journal, journaled) {
        let outcome = match &result {
            Ok(d) => Ok(d.as_str()),
            Err(Failure::Drift(e) | Failure::Failed(e) | Failure::Stop(e)) => Err(e.as_str()),
        };
        j.outcome(n, &item.change, outcome)?;
    }
    Ok(match result {
        Ok(detail) => {
            ledger.record(key, State::Done, Some(detail.clone()))?;
            Verdict::Done(detail)
        }
        Err(Failure::Drift(why)) => {
            let why = format!("drift: {why}");
            ledger.record(key, State::Skipped, Some(why.clone()))?;
            Verdict::Skipped(why)
        }
        Err(Failure::Failed(why)) => {
            ledger.record(key, State::Failed, Some(why.clone()))?;
            Verdict::Failed(why)
        }
        Err(Failure::Stop(why)) => {
            ledger.record(key, State::Failed, Some(why.clone()))?;
            report.interrupted = true;
            Verdict::Failed(why)
        }
    })
}
