//! Loading the whole account as a stream of events, so the console can show data as it arrives.
//!
//! Order of work:
//! 1. the first page of people (it also tells v3 from guide when the profile is `auto`);
//! 2. then, side by side: the remaining people pages, the project pages and
//!    - v3: roles and groups; memberships come free with each project's `assigned` list
//!      (or, for a project record without it, from each person's `projects` list);
//!    - guide: one `GET /projects/{id}/people` per project, in the order the caller asks
//!      through the `order` channel (visible and selected projects first), re-read each time a
//!      request slot is free, so a new selection is served next.
//!
//! Everything is background priority, guide's member lists one step lower ([`Priority::Bulk`])
//! so the people pages keep flowing beside them: an interactive write always gets the next
//! free slot, a waiting people page the next after that. The account's people and projects are
//! capped ([`super::Limits`]): a server claiming more ends the load with a clear error.
//! Cancelling stops at the next request boundary with [`ApiError::Cancelled`].

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::FuturesOrdered;
use tokio::sync::{mpsc, watch};

use super::cancel::CancelToken;
use super::client::Client;
use super::error::ApiError;
use super::limits::Cap;
use super::member_order::Queue;
use super::pacing::Priority;
use super::paging::Pager;
use super::types;
use crate::model::account::{
    Account, Group, Membership, Person, PersonId, Project, ProjectId, Role,
};
use crate::model::handover::AccountRest;
use crate::model::profile::Profile;

/// What the loader reports while it works.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadEvent {
    /// The profile in use (once known).
    Profile(Profile),
    Roles(Vec<Role>),
    Groups(Vec<Group>),
    /// One more page of people.
    People(Vec<Person>),
    /// One more page of projects.
    Projects(Vec<Project>),
    /// A project's whole member list.
    Members {
        project: ProjectId,
        members: Vec<Membership>,
    },
    Progress(LoadProgress),
}

/// What is being loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadStage {
    People,
    Projects,
    Roles,
    Groups,
    Members,
    Done,
}

/// How far loading is.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadProgress {
    pub stage: LoadStage,
    /// Records (people, projects) or projects' member lists loaded in this stage.
    pub done: usize,
    /// `None` while unknown (lists say how long they are only at their last page).
    pub total: Option<usize>,
    /// While the total is unknown, how many there are at least (people: those named by
    /// groups and member lists, such as v3's "All people" group).
    pub at_least: Option<usize>,
    /// Requests sent by this load so far (retries included).
    pub requests: u64,
    /// Time left at the pacing budget, where the remaining work is known.
    pub eta: Option<Duration>,
}

struct Loader<'a> {
    client: &'a Client,
    events: mpsc::Sender<LoadEvent>,
    cancel: CancelToken,
    sent_before: u64,
    /// Distinct people named by groups and member lists so far: the account has at least
    /// this many (`bound`), which lets the people pages be read ahead.
    known_people: Mutex<HashSet<PersonId>>,
    bound: watch::Sender<usize>,
    /// Whether the people are kept for the account returned at the end ([`Client::load_account`]),
    /// or only sent as pages, their ids kept ([`Client::load_account_streamed`]).
    keep_people: bool,
}

/// What the people pages brought: the people (or, streaming, only their ids), and each
/// `projects` list a record carried.
#[derive(Default)]
struct PeopleRun {
    people: Vec<Person>,
    ids: Vec<PersonId>,
    /// (project, person) for each project in each person's v3 `projects` list, in the
    /// people's order: one flat list, not a list per person (100,000 small allocations).
    projects: Vec<(ProjectId, PersonId)>,
}

/// People pages read ahead at most at once.
const READ_AHEAD: usize = 6;

impl Loader<'_> {
    async fn emit(&self, e: LoadEvent) {
        // Nobody listening is fine for a whole load: the account is also returned at the end.
        let _ = self.events.send(e).await;
    }

    async fn progress(
        &self,
        stage: LoadStage,
        done: usize,
        total: Option<usize>,
        eta: Option<Duration>,
    ) {
        let requests = self.client.pacing().sent.saturating_sub(self.sent_before);
        self.emit(LoadEvent::Progress(LoadProgress {
            stage,
            done,
            total,
            at_least: None,
            requests,
            eta,
        }))
        .await;
    }

    /// People's progress: once groups or member lists name more people than have arrived,
    /// a lower bound of the total, and the time its remaining pages take at the budget.
    async fn people_progress(&self, done: usize, total: Option<usize>) {
        let known = *self.bound.borrow();
        let at_least = (total.is_none() && known > done).then_some(known);
        let page = self.client.page_size().max(1);
        let eta = at_least.map(|n| self.client.inner.pacer.eta((n - done).div_ceil(page)));
        let requests = self.client.pacing().sent.saturating_sub(self.sent_before);
        self.emit(LoadEvent::Progress(LoadProgress {
            stage: LoadStage::People,
            done,
            total,
            at_least,
            requests,
            eta,
        }))
        .await;
    }

    /// People pages after the first; returns every person, and the `projects` list of those
    /// whose record has one (kept apart, so the people become the account's list as they are).
    ///
    /// Pages are read one after the other, except that pages known to exist are read ahead:
    /// when groups and project member lists (read side by side) name `n` distinct people, the
    /// account has at least `n`, so every page starting at or below `n` is needed anyway and is
    /// requested without waiting for the one before. That costs no extra request unless a
    /// group or project names someone `/people` does not list.
    async fn people(
        &self,
        mut pager: Pager,
        first: Vec<serde_json::Value>,
    ) -> Result<PeopleRun, ApiError> {
        let mut out = PeopleRun::default();
        let mut bound = self.bound.subscribe();
        let mut ahead = FuturesOrdered::new();
        let mut next_fetch = pager.next_start();
        let mut items = first;
        loop {
            let mut people = Vec::with_capacity(items.len());
            ApiError::over_cap(
                Cap::People,
                (out.ids.len() + items.len()) as u64,
                self.client.inner.limits.people as u64,
            )?;
            for v in &items {
                let p = types::person(v)?;
                if let Some(list) = types::person_projects(v) {
                    out.projects
                        .extend(list.into_iter().map(|project| (project, p.id())));
                }
                out.ids.push(p.id());
                if self.keep_people {
                    out.people.push(p.clone());
                }
                people.push(p);
            }
            if !people.is_empty() {
                self.emit(LoadEvent::People(people)).await;
            }
            let total = pager.finished().then_some(out.ids.len());
            self.people_progress(out.ids.len(), total).await;
            if pager.finished() {
                return Ok(out);
            }
            items = loop {
                if ahead.is_empty() {
                    next_fetch = pager.next_start();
                    ahead.push_back(pager.fetch(self.client, next_fetch, None, Some(&self.cancel)));
                    next_fetch += self.client.page_size();
                }
                while ahead.len() < READ_AHEAD && next_fetch <= *bound.borrow_and_update() {
                    ahead.push_back(pager.fetch(self.client, next_fetch, None, Some(&self.cancel)));
                    next_fetch += self.client.page_size();
                }
                tokio::select! {
                    biased;
                    page = ahead.next() => {
                        if let Some(page) = page {
                            break pager.accept(page?)?;
                        }
                    }
                    // More people known: maybe more pages to read ahead.
                    Ok(()) = bound.changed() => {}
                }
            };
        }
    }

    /// Notes people known to exist (from groups and member lists), for reading ahead.
    fn learn_people(&self, ids: impl IntoIterator<Item = PersonId>) {
        let mut known = lock(&self.known_people);
        let before = known.len();
        known.extend(ids);
        if known.len() != before {
            self.bound.send_replace(known.len());
        }
    }

    /// Project pages; returns each project with its v3 `assigned` list (if it has one).
    async fn projects(
        &self,
        profile: Profile,
    ) -> Result<Vec<(Project, Option<Vec<PersonId>>)>, ApiError> {
        let mut pager = Pager::new("projects", Priority::Background);
        let mut out = Vec::new();
        while let Some(items) = pager
            .next_page(self.client, None, Some(&self.cancel))
            .await?
        {
            ApiError::over_cap(
                Cap::Projects,
                (out.len() + items.len()) as u64,
                self.client.inner.limits.projects as u64,
            )?;
            let mut page = Vec::with_capacity(items.len());
            let mut members = Vec::new();
            for v in &items {
                let p = types::project(v)?;
                let assigned = (profile == Profile::V3)
                    .then(|| types::assigned(v))
                    .flatten();
                if let Some(ids) = &assigned {
                    members.push((p.id, ids.clone()));
                    self.learn_people(ids.iter().copied());
                }
                out.push((p.clone(), assigned));
                page.push(p);
            }
            if !page.is_empty() {
                self.emit(LoadEvent::Projects(page)).await;
            }
            for (project, ids) in members {
                self.emit(LoadEvent::Members {
                    project,
                    members: ids
                        .into_iter()
                        .map(|person| Membership {
                            project,
                            person,
                            project_role: None,
                        })
                        .collect(),
                })
                .await;
            }
            let total = pager.finished().then_some(out.len());
            self.progress(LoadStage::Projects, out.len(), total, None)
                .await;
        }
        Ok(out)
    }

    async fn roles(&self) -> Result<Vec<Role>, ApiError> {
        let items = Pager::new("roles", Priority::Background)
            .all(self.client, Some(&self.cancel))
            .await?;
        let roles = types::all(&items, types::role)?;
        self.emit(LoadEvent::Roles(roles.clone())).await;
        self.progress(LoadStage::Roles, roles.len(), Some(roles.len()), None)
            .await;
        Ok(roles)
    }

    async fn groups(&self) -> Result<Vec<Group>, ApiError> {
        let items = Pager::new("groups", Priority::Background)
            .all(self.client, Some(&self.cancel))
            .await?;
        let groups = types::all(&items, types::group)?;
        self.learn_people(groups.iter().flat_map(|g| g.members.iter().copied()));
        self.emit(LoadEvent::Groups(groups.clone())).await;
        self.progress(LoadStage::Groups, groups.len(), Some(groups.len()), None)
            .await;
        Ok(groups)
    }

    /// One project's member list, read with `permit`: sent as it arrives and kept in `work`;
    /// `None` for a project deleted since the project list was read.
    async fn project_members(
        &self,
        project: ProjectId,
        permit: super::pacing::Permit,
        priority: Priority,
        work: &MemberWork,
    ) -> Result<(), ApiError> {
        let fetched = async {
            let mut pager = Pager::new(format!("projects/{project}/people"), priority);
            let mut members = Vec::new();
            let mut slot = Some(permit);
            while let Some(items) = pager
                .next_page(self.client, slot.take(), Some(&self.cancel))
                .await?
            {
                for v in &items {
                    members.push(types::member(project, v)?);
                }
            }
            Ok::<_, ApiError>(members)
        };
        match fetched.await {
            Ok(members) => {
                self.learn_people(members.iter().map(|m| m.person));
                self.emit(LoadEvent::Members {
                    project,
                    members: members.clone(),
                })
                .await;
                lock(&work.results).insert(project, Some(members));
            }
            // Deleted since the project list was read: not part of the account.
            Err(ApiError::NotFound { .. }) => {
                tracing::warn!(%project, "project vanished while loading");
                lock(&work.results).insert(project, None);
            }
            Err(e) => return Err(e),
        }
        let n = work.done.fetch_add(1, Ordering::SeqCst) + 1;
        let total = *work.total.borrow();
        let eta = total.map(|t| self.client.inner.pacer.eta(t.saturating_sub(n)));
        self.progress(LoadStage::Members, n, total, eta).await;
        Ok(())
    }

    /// guide: the member lists the caller wants (what is on screen), each as soon as it is
    /// named, even before the project list is complete (a snapshot on screen knows its
    /// projects), at people pages' priority rather than bulk's; ends when every listed
    /// project is taken.
    async fn wanted_members(
        &self,
        mut order: watch::Receiver<Vec<ProjectId>>,
        work: &MemberWork,
    ) -> Result<(), ApiError> {
        let mut finished = work.finished.subscribe();
        loop {
            let wanted = order.borrow_and_update().clone();
            let ready = {
                let q = lock(&work.queue);
                if q.exhausted() || *finished.borrow_and_update() {
                    return Ok(());
                }
                q.has_wanted(&wanted)
            };
            if !ready {
                tokio::select! {
                    changed = order.changed() => {
                        if changed.is_err() {
                            // Nobody can name a project any more: the bulk workers do the rest.
                            return Ok(());
                        }
                    }
                    _ = finished.changed() => return Ok(()),
                    () = self.cancel.cancelled() => return Err(ApiError::Cancelled),
                }
                continue;
            }
            let permit = self
                .client
                .inner
                .pacer
                .acquire(Priority::Background, Some(&self.cancel))
                .await?;
            let wanted = order.borrow().clone();
            // Taken meanwhile: the slot goes back unused.
            let Some(project) = lock(&work.queue).take_wanted(&wanted) else {
                continue;
            };
            self.project_members(project, permit, Priority::Background, work)
                .await?;
        }
    }

    /// guide: every listed project's member list not taken yet, in the caller's order,
    /// `workers` at a time.
    async fn guide_members(
        &self,
        order: &watch::Receiver<Vec<ProjectId>>,
        work: &MemberWork,
    ) -> Result<(), ApiError> {
        let left = {
            let q = lock(&work.queue);
            usize::from(!q.exhausted())
        };
        let workers = self.client.inner.pacer.limit().clamp(1, 16) * left;
        let worker = || async {
            // A reservation is a promise that a project is left for whoever holds it, so a
            // worker only asks for a request slot when it will use it.
            while lock(&work.queue).reserve() {
                let permit = self
                    .client
                    .inner
                    .pacer
                    .acquire(Priority::Bulk, Some(&self.cancel))
                    .await?;
                let wanted = order.borrow().clone();
                let Some(project) = lock(&work.queue).next(&wanted) else {
                    return Ok(());
                };
                self.project_members(project, permit, Priority::Bulk, work)
                    .await?;
            }
            Ok::<(), ApiError>(())
        };
        let runs: Vec<_> = (0..workers).map(|_| worker()).collect();
        futures_util::future::try_join_all(runs).await?;
        Ok(())
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// guide's member lists being read: the queue, what was read, and how far it is.
#[derive(Default)]
struct MemberWork {
    queue: Mutex<Queue>,
    results: Mutex<BTreeMap<ProjectId, Option<Vec<Membership>>>>,
    done: AtomicUsize,
    /// How many projects are listed, once the list is complete.
    total: watch::Sender<Option<usize>>,
    /// Set when the bulk workers are through: the priority worker stops waiting.
    finished: watch::Sender<bool>,
}

impl Client {
    /// Loads people, projects, roles, groups and memberships, reporting each part through
    /// `events` as it arrives. `order` names the projects whose members matter first (guide
    /// fetches members one project at a time); change it while loading to re-prioritise.
    pub async fn load_account(
        &self,
        order: watch::Receiver<Vec<ProjectId>>,
        events: mpsc::Sender<LoadEvent>,
        cancel: CancelToken,
    ) -> Result<Account, ApiError> {
        let (account, _) = self.load(order, events, cancel, true).await?;
        Ok(account)
    }

    /// The same, keeping no copy of the people: they are only sent, as
    /// [`LoadEvent::People`] pages, and the end hands over the rest of the account with their
    /// ids in order (the console's core keeps the pages, so the people are in memory once).
    /// The receiver of `events` must take every page.
    pub async fn load_account_streamed(
        &self,
        order: watch::Receiver<Vec<ProjectId>>,
        events: mpsc::Sender<LoadEvent>,
        cancel: CancelToken,
    ) -> Result<AccountRest, ApiError> {
        let (account, people) = self.load(order, events, cancel, false).await?;
        Ok(AccountRest::new(account, people))
    }

    async fn load(
        &self,
        order: watch::Receiver<Vec<ProjectId>>,
        events: mpsc::Sender<LoadEvent>,
        cancel: CancelToken,
        keep_people: bool,
    ) -> Result<(Account, Vec<PersonId>), ApiError> {
        let loader = Loader {
            client: self,
            events,
            cancel,
            sent_before: self.pacing().sent,
            known_people: Mutex::new(HashSet::new()),
            bound: watch::channel(0).0,
            keep_people,
        };
        let known_before = self.profile();
        if let Some(p) = known_before {
            loader.emit(LoadEvent::Profile(p)).await;
        }
        let mut pager = Pager::new("people", Priority::Background);
        let first = pager
            .next_page(self, None, Some(&loader.cancel))
            .await?
            .unwrap_or_default();
        // The first answer settled the profile (else this asks once more).
        let profile = self.detect_profile().await?;
        if known_before.is_none() {
            loader.emit(LoadEvent::Profile(profile)).await;
        }

        let people_run = loader.people(pager, first);
        let (mut people, projects, roles, groups, guide_members) = match profile {
            Profile::V3 => {
                let (people, projects, roles, groups) = tokio::try_join!(
                    people_run,
                    loader.projects(profile),
                    loader.roles(),
                    loader.groups()
                )?;
                (people, projects, roles, groups, None)
            }
            Profile::Guide => {
                let work = MemberWork::default();
                let projects_then_members = async {
                    let projects = loader.projects(profile).await?;
                    let ids: Vec<ProjectId> = projects.iter().map(|(p, _)| p.id).collect();
                    lock(&work.queue).listed(&ids);
                    work.total.send_replace(Some(ids.len()));
                    loader.guide_members(&order, &work).await?;
                    work.finished.send_replace(true);
                    Ok::<_, ApiError>(projects)
                };
                let (people, projects, ()) = tokio::try_join!(
                    people_run,
                    projects_then_members,
                    loader.wanted_members(order.clone(), &work)
                )?;
                let members = {
                    let q = lock(&work.queue);
                    let mut all = std::mem::take(&mut *lock(&work.results));
                    // Read early for a project the list turned out not to name.
                    all.retain(|p, _| q.is_listed(*p));
                    all
                };
                (people, projects, Vec::new(), Vec::new(), Some(members))
            }
        };

        let mut account = Account::new(Some(profile));
        account.roles = roles;
        account.groups = groups;
        // v3 projects without `assigned`: rebuild from the people's `projects` lists.
        let mut from_people: BTreeMap<ProjectId, Vec<PersonId>> = BTreeMap::new();
        for (project, person) in std::mem::take(&mut people.projects) {
            from_people.entry(project).or_default().push(person);
        }
        // Paging already dropped repeats, so every id is there once.
        account.people = people.people.into();
        account.projects = projects
            .iter()
            .map(|(project, _)| project.clone())
            .collect();
        let mut rebuilt = Vec::new();
        for (project, assigned) in projects {
            let id = project.id;
            if profile == Profile::V3 {
                match assigned {
                    Some(ids) => account.set_members(id, ids.into_iter().map(|p| (p, None))),
                    None => {
                        let ids = from_people.remove(&id).unwrap_or_default();
                        rebuilt.push((id, ids.clone()));
                        account.set_members(id, ids.into_iter().map(|p| (p, None)));
                    }
                }
            }
        }
        for (project, ids) in rebuilt {
            let members = ids
                .into_iter()
                .map(|person| Membership {
                    project,
                    person,
                    project_role: None,
                })
                .collect();
            loader.emit(LoadEvent::Members { project, members }).await;
        }
        if let Some(members) = guide_members {
            for (project, list) in members {
                match list {
                    Some(list) => account.set_members(
                        project,
                        list.into_iter().map(|m| (m.person, m.project_role)),
                    ),
                    None => account.projects.retain(|p| p.id != project),
                }
            }
        }
        let people_count = people.ids.len();
        loader
            .progress(
                LoadStage::Done,
                people_count,
                Some(people_count),
                Some(Duration::ZERO),
            )
            .await;
        Ok((account, people.ids))
    }
}
