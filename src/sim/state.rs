//! The simulator's live account: the data, a write clock, and the outbox, behind one lock.
//!
//! Route handlers (`routes_people.rs`, `routes_projects.rs`) translate each profile's JSON into
//! the profile-neutral operations here, so both profiles share one set of rules: unique e-mails
//! (case-insensitive), deletes that cascade out of projects, managers and groups, and a
//! timestamp that changes on every write.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Serialize;

use super::data::{AccountData, GroupData, PersonData, ProjectData, RoleData};
use super::quirks::{Quirks, with_micros};

/// An invitation e-mail the simulator "sent".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxEmail {
    pub to: String,
    pub name: String,
    /// RFC 3339 time of sending.
    pub at: String,
}

/// The write clock: whole seconds, as ProofHub's docs show stamps (`2019-01-22T10:47:23+00:00`),
/// never going back. Two writes within one second carry the same stamp, as they can on a live
/// account, so a client cannot tell changes apart by `updated_at` alone.
/// With the `micro_stamps` quirk it writes microseconds instead (`quirks.rs`).
#[derive(Debug, Default)]
pub struct WriteClock {
    last_secs: i64,
    micros: bool,
    writes: u64,
}

impl WriteClock {
    pub fn stamp(&mut self) -> String {
        self.last_secs = chrono::Utc::now().timestamp().max(self.last_secs);
        let whole = chrono::DateTime::from_timestamp(self.last_secs, 0)
            .unwrap_or_default()
            .format("%Y-%m-%dT%H:%M:%S+00:00")
            .to_string();
        if self.micros {
            self.writes += 1;
            with_micros(&whole, self.writes)
        } else {
            whole
        }
    }
}

/// Why a write was refused; each profile turns it into its own status and body.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// Another person already has this e-mail.
    DuplicateEmail,
    /// A field is missing or malformed; the message says which.
    Invalid(String),
    /// The id names nothing.
    NotFound,
    /// The account owner cannot be deleted.
    Forbidden(String),
}

/// The live account.
#[derive(Debug)]
pub struct LiveAccount {
    pub data: AccountData,
    pub clock: WriteClock,
    pub outbox: Vec<OutboxEmail>,
    /// How this simulator differs from its profile (page cap, stamps).
    pub quirks: Quirks,
    /// Who is in which groups and projects, built on the first page of people rendered after a
    /// change ([`LiveAccount::changed`]), so a page costs its own people, not a scan of every
    /// membership of the account.
    links: OnceLock<Links>,
}

/// The `micro_stamps` quirk on stored stamps: every person's and project's stamp gets
/// microseconds.
fn add_micros(data: &mut AccountData) {
    for p in &mut data.people {
        p.created_at = with_micros(&p.created_at, p.id);
        p.updated_at = with_micros(&p.updated_at, p.id ^ 1);
        p.last_active = p.last_active.as_deref().map(|s| with_micros(s, p.id ^ 2));
    }
    for p in &mut data.projects {
        p.created_at = with_micros(&p.created_at, p.id);
        p.modified_at = with_micros(&p.modified_at, p.id ^ 1);
    }
}

/// person → group ids and person → project ids, in the account's group and project order.
#[derive(Debug, Default)]
struct Links {
    groups: HashMap<u64, Vec<u64>>,
    projects: HashMap<u64, Vec<u64>>,
}

impl Links {
    fn build(data: &AccountData) -> Links {
        let mut links = Links::default();
        for g in &data.groups {
            for p in &g.assigned {
                links.groups.entry(*p).or_default().push(g.id);
            }
        }
        for pr in &data.projects {
            for p in &pr.assigned {
                links.projects.entry(*p).or_default().push(pr.id);
            }
        }
        links
    }
}

fn pick(map: &HashMap<u64, Vec<u64>>, people: &HashSet<u64>) -> HashMap<u64, Vec<u64>> {
    people
        .iter()
        .filter_map(|p| map.get(p).map(|ids| (*p, ids.clone())))
        .collect()
}

impl LiveAccount {
    pub fn new(mut data: AccountData, quirks: Quirks) -> Self {
        if quirks.micro_stamps {
            add_micros(&mut data);
        }
        LiveAccount {
            data,
            clock: WriteClock {
                micros: quirks.micro_stamps,
                ..WriteClock::default()
            },
            outbox: Vec::new(),
            quirks,
            links: OnceLock::new(),
        }
    }

    /// Drops what was derived from the data: call after any request that may have changed it.
    pub fn changed(&mut self) {
        self.links.take();
    }

    fn links(&self) -> &Links {
        self.links.get_or_init(|| Links::build(&self.data))
    }

    pub fn person(&self, id: u64) -> Option<&PersonData> {
        self.data.people.iter().find(|p| p.id == id)
    }

    pub fn project(&self, id: u64) -> Option<&ProjectData> {
        self.data.projects.iter().find(|p| p.id == id)
    }

    pub fn group(&self, id: u64) -> Option<&GroupData> {
        self.data.groups.iter().find(|g| g.id == id)
    }

    pub fn role(&self, id: u64) -> Option<&RoleData> {
        self.data.roles.iter().find(|r| r.id == id)
    }

    /// The role new people get when a POST names none: a `default` role without admin rights
    /// (ProofHub's docs mark Owner and Admin `default` too, so `default` alone is not enough).
    pub fn default_role(&self) -> u64 {
        let plain = |r: &&RoleData| {
            let name = r.name.to_lowercase();
            !name.contains("owner") && !name.contains("admin")
        };
        self.data
            .roles
            .iter()
            .find(|r| r.default && plain(r))
            .or_else(|| self.data.roles.iter().find(|r| !r.is_owner()))
            .or(self.data.roles.first())
            .map_or(0, |r| r.id)
    }

    /// Group ids of each of `people`, for rendering a page of people at once.
    pub fn groups_of(&self, people: &HashSet<u64>) -> HashMap<u64, Vec<u64>> {
        pick(&self.links().groups, people)
    }

    /// Project ids of each of `people` (from each project's `assigned`).
    pub fn projects_of(&self, people: &HashSet<u64>) -> HashMap<u64, Vec<u64>> {
        pick(&self.links().projects, people)
    }

    fn email_taken(&self, email: &str, except: Option<u64>) -> bool {
        self.data
            .people
            .iter()
            .any(|p| Some(p.id) != except && p.email.eq_ignore_ascii_case(email))
    }

    fn next_id(ids: impl Iterator<Item = u64>) -> u64 {
        ids.max().map_or(10_000_000_000, |m| m + 1)
    }

    /// Adds a person; `groups` are joined besides the "everyone" groups. Sends an invitation
    /// e-mail when `invite`.
    pub fn create_person(
        &mut self,
        mut person: PersonData,
        groups: &[u64],
        invite: bool,
    ) -> Result<u64, Refusal> {
        check_email(&person.email)?;
        if self.email_taken(&person.email, None) {
            return Err(Refusal::DuplicateEmail);
        }
        if self.role(person.role).is_none() {
            return Err(Refusal::Invalid(format!(
                "role {} does not exist",
                person.role
            )));
        }
        self.check_groups(groups)?;
        person.id = Self::next_id(self.data.people.iter().map(|p| p.id));
        let stamp = self.clock.stamp();
        person.created_at = stamp.clone();
        person.updated_at = stamp.clone();
        person.send_invite = invite;
        let id = person.id;
        for g in &mut self.data.groups {
            if g.everyone || groups.contains(&g.id) {
                g.assigned.push(id);
            }
        }
        if invite {
            self.outbox.push(OutboxEmail {
                to: person.email.clone(),
                name: format!("{} {}", person.first_name, person.last_name)
                    .trim()
                    .to_string(),
                at: stamp,
            });
        }
        self.data.people.push(person);
        Ok(id)
    }

    /// Replaces a person's stored fields with `updated` (the route built it: merged for v3,
    /// replaced for guide); `groups`, when given, replaces the person's group set.
    pub fn update_person(
        &mut self,
        mut updated: PersonData,
        groups: Option<&[u64]>,
    ) -> Result<(), Refusal> {
        let id = updated.id;
        let Some(index) = self.data.people.iter().position(|p| p.id == id) else {
            return Err(Refusal::NotFound);
        };
        check_email(&updated.email)?;
        if self.email_taken(&updated.email, Some(id)) {
            return Err(Refusal::DuplicateEmail);
        }
        if self.role(updated.role).is_none() {
            return Err(Refusal::Invalid(format!(
                "role {} does not exist",
                updated.role
            )));
        }
        if let Some(groups) = groups {
            self.check_groups(groups)?;
            for g in &mut self.data.groups {
                let wanted = g.everyone || groups.contains(&g.id);
                let has = g.assigned.contains(&id);
                if wanted && !has {
                    g.assigned.push(id);
                } else if !wanted && has {
                    g.assigned.retain(|p| *p != id);
                }
            }
        }
        updated.created_at = self.data.people[index].created_at.clone();
        updated.updated_at = self.clock.stamp();
        self.data.people[index] = updated;
        Ok(())
    }

    /// Deletes a person and removes them from every project (`assigned`, `manager`) and group.
    pub fn delete_person(&mut self, id: u64) -> Result<(), Refusal> {
        let Some(person) = self.person(id) else {
            return Err(Refusal::NotFound);
        };
        if self.role(person.role).is_some_and(RoleData::is_owner) {
            return Err(Refusal::Forbidden(
                "the account owner cannot be deleted".to_string(),
            ));
        }
        self.data.people.retain(|p| p.id != id);
        for g in &mut self.data.groups {
            g.assigned.retain(|p| *p != id);
        }
        let mut touched = Vec::new();
        for (i, pr) in self.data.projects.iter_mut().enumerate() {
            let before = pr.assigned.len();
            pr.assigned.retain(|p| *p != id);
            let was_manager = pr.manager == Some(id);
            if was_manager {
                pr.manager = None;
            }
            if was_manager || before != pr.assigned.len() {
                touched.push(i);
            }
        }
        for i in touched {
            self.data.projects[i].modified_at = self.clock.stamp();
        }
        Ok(())
    }

    fn check_groups(&self, groups: &[u64]) -> Result<(), Refusal> {
        match groups
            .iter()
            .find(|g| !self.data.groups.iter().any(|x| x.id == **g))
        {
            Some(g) => Err(Refusal::Invalid(format!("group {g} does not exist"))),
            None => Ok(()),
        }
    }

    fn check_people(&self, ids: &[u64]) -> Result<(), Refusal> {
        match ids.iter().find(|id| self.person(**id).is_none()) {
            Some(id) => Err(Refusal::Invalid(format!("person {id} does not exist"))),
            None => Ok(()),
        }
    }

    /// Adds a project.
    pub fn create_project(&mut self, mut project: ProjectData) -> Result<u64, Refusal> {
        self.check_people(&project.assigned)?;
        if let Some(m) = project.manager {
            self.check_people(&[m])?;
        }
        project.assigned = dedup(project.assigned);
        project.id = Self::next_id(self.data.projects.iter().map(|p| p.id));
        let stamp = self.clock.stamp();
        project.created_at = stamp.clone();
        project.modified_at = stamp;
        let id = project.id;
        self.data.projects.push(project);
        Ok(id)
    }

    /// Replaces a project's stored fields with `updated` (already merged by the route).
    pub fn update_project(&mut self, mut updated: ProjectData) -> Result<(), Refusal> {
        let Some(index) = self.data.projects.iter().position(|p| p.id == updated.id) else {
            return Err(Refusal::NotFound);
        };
        self.check_people(&updated.assigned)?;
        if let Some(m) = updated.manager {
            self.check_people(&[m])?;
        }
        updated.assigned = dedup(updated.assigned);
        updated.created_at = self.data.projects[index].created_at.clone();
        updated.modified_at = self.clock.stamp();
        self.data.projects[index] = updated;
        Ok(())
    }

    pub fn delete_project(&mut self, id: u64) -> Result<(), Refusal> {
        let before = self.data.projects.len();
        self.data.projects.retain(|p| p.id != id);
        if before == self.data.projects.len() {
            return Err(Refusal::NotFound);
        }
        Ok(())
    }
}

impl LiveAccount {
    /// Adds a group (v3 `POST /groups`).
    pub fn create_group(&mut self, mut group: GroupData) -> Result<u64, Refusal> {
        self.check_people(&group.assigned)?;
        group.assigned = dedup(group.assigned);
        group.id = Self::next_id(self.data.groups.iter().map(|g| g.id));
        let id = group.id;
        self.data.groups.push(group);
        Ok(id)
    }

    /// Replaces a group's stored fields (already merged by the route).
    pub fn update_group(&mut self, mut group: GroupData) -> Result<(), Refusal> {
        let Some(index) = self.data.groups.iter().position(|g| g.id == group.id) else {
            return Err(Refusal::NotFound);
        };
        self.check_people(&group.assigned)?;
        group.assigned = dedup(group.assigned);
        group.everyone = self.data.groups[index].everyone;
        self.data.groups[index] = group;
        Ok(())
    }

    /// Deletes a group; "All people" cannot be deleted.
    pub fn delete_group(&mut self, id: u64) -> Result<(), Refusal> {
        match self.group(id) {
            None => Err(Refusal::NotFound),
            Some(g) if g.everyone => Err(Refusal::Forbidden(format!(
                "{:?} is built in and cannot be deleted",
                g.name
            ))),
            Some(_) => {
                self.data.groups.retain(|g| g.id != id);
                Ok(())
            }
        }
    }
}

fn check_email(email: &str) -> Result<(), Refusal> {
    let trimmed = email.trim();
    match trimmed.split_once('@') {
        Some((local, domain)) if !local.is_empty() && !domain.is_empty() => Ok(()),
        _ => Err(Refusal::Invalid(format!("email {email:?} is not valid"))),
    }
}

fn dedup(mut ids: Vec<u64>) -> Vec<u64> {
    let mut seen = HashSet::with_capacity(ids.len());
    ids.retain(|id| seen.insert(*id));
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_clock_stamps_whole_seconds_and_never_goes_back() {
        let mut clock = WriteClock::default();
        let stamps: Vec<String> = (0..1000).map(|_| clock.stamp()).collect();
        for pair in stamps.windows(2) {
            assert!(pair[0] <= pair[1], "{} then {}", pair[0], pair[1]);
        }
        assert!(
            stamps
                .iter()
                .all(|s| s.len() == 25 && s.ends_with("+00:00")),
            "{stamps:?}"
        );
        // 1000 stamps take far less than 1000 seconds: some repeat, as on ProofHub.
        assert!(stamps.windows(2).any(|p| p[0] == p[1]));
    }
}
