//! Which project's member list guide's load reads next (guide has one member request per
//! project): the projects the caller wants first (what is on screen, selected first), then the
//! rest in list order, each project once.
//!
//! The caller may name projects before the project list has been read (a snapshot on screen
//! already knows them): such a wanted project's members are read at once, and once the list is
//! complete ([`Queue::listed`]) only listed projects are taken. `load` keeps what was read for
//! a project the list does not name out of the account.
//!
//! Bulk workers reserve a project before they wait for a request slot ([`Queue::reserve`]), so
//! a slot is only taken when a project is left for it; the priority worker takes only what no
//! reservation is waiting for ([`Queue::take_wanted`]).

use std::collections::HashSet;

use crate::model::account::ProjectId;

/// The projects whose member lists are still to fetch.
#[derive(Debug, Default)]
pub(super) struct Queue {
    /// The project list in its order; empty until it is complete.
    default_order: Vec<ProjectId>,
    cursor: usize,
    /// The listed projects, once the list is complete.
    known: Option<HashSet<ProjectId>>,
    taken: HashSet<ProjectId>,
    /// Listed projects taken so far.
    taken_listed: usize,
    /// Projects promised to bulk workers waiting for a slot.
    reserved: usize,
}

impl Queue {
    /// The project list is complete: from now on only these are taken, wanted ones first.
    pub(super) fn listed(&mut self, projects: &[ProjectId]) {
        let known: HashSet<ProjectId> = projects.iter().copied().collect();
        self.taken_listed = self.taken.iter().filter(|p| known.contains(p)).count();
        self.default_order = projects.to_vec();
        self.known = Some(known);
    }

    /// Whether `project` is in the complete project list.
    pub(super) fn is_listed(&self, project: ProjectId) -> bool {
        self.known.as_ref().is_some_and(|k| k.contains(&project))
    }

    /// Listed projects not taken and not promised to a bulk worker.
    fn free(&self) -> usize {
        self.known
            .as_ref()
            .map_or(0, HashSet::len)
            .saturating_sub(self.taken_listed + self.reserved)
    }

    /// Whether every listed project has been taken (false while the list is incomplete).
    pub(super) fn exhausted(&self) -> bool {
        self.known
            .as_ref()
            .is_some_and(|k| self.taken_listed >= k.len())
    }

    /// Promises a bulk worker a project, if one is left for it.
    pub(super) fn reserve(&mut self) -> bool {
        let left = self.known.is_some() && self.free() > 0;
        if left {
            self.reserved += 1;
        }
        left
    }

    fn eligible(&self, p: ProjectId) -> bool {
        !self.taken.contains(&p) && self.known.as_ref().is_none_or(|k| k.contains(&p))
    }

    fn take(&mut self, p: ProjectId) -> ProjectId {
        self.taken.insert(p);
        if self.is_listed(p) {
            self.taken_listed += 1;
        }
        p
    }

    /// Whether [`Queue::take_wanted`] would take something now.
    pub(super) fn has_wanted(&self, wanted: &[ProjectId]) -> bool {
        self.first_wanted(wanted).is_some()
    }

    fn first_wanted(&self, wanted: &[ProjectId]) -> Option<ProjectId> {
        wanted
            .iter()
            .copied()
            .find(|p| self.eligible(*p) && (!self.is_listed(*p) || self.free() > 0))
    }

    /// For the priority worker: the first wanted project not taken, unless every listed one
    /// left is promised to a bulk worker (which serves the wanted ones first itself).
    pub(super) fn take_wanted(&mut self, wanted: &[ProjectId]) -> Option<ProjectId> {
        let p = self.first_wanted(wanted)?;
        Some(self.take(p))
    }

    /// For a bulk worker holding a reservation: the first wanted project not taken, else the
    /// next in list order.
    pub(super) fn next(&mut self, wanted: &[ProjectId]) -> Option<ProjectId> {
        self.reserved = self.reserved.saturating_sub(1);
        let pick = wanted
            .iter()
            .copied()
            .find(|p| self.is_listed(*p) && !self.taken.contains(p))
            .or_else(|| {
                while let Some(p) = self.default_order.get(self.cursor).copied() {
                    self.cursor += 1;
                    if !self.taken.contains(&p) {
                        return Some(p);
                    }
                }
                None
            })?;
        Some(self.take(pick))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(range: std::ops::RangeInclusive<u64>) -> Vec<ProjectId> {
        range.map(ProjectId).collect()
    }

    fn bulk(q: &mut Queue, wanted: &[ProjectId]) -> Option<ProjectId> {
        if q.reserve() { q.next(wanted) } else { None }
    }

    #[test]
    fn the_queue_serves_the_wanted_projects_first_and_each_once() {
        let mut q = Queue::default();
        q.listed(&ids(1..=5));
        assert_eq!(
            bulk(&mut q, &[ProjectId(4), ProjectId(99)]),
            Some(ProjectId(4))
        );
        assert_eq!(bulk(&mut q, &[ProjectId(4)]), Some(ProjectId(1)));
        assert_eq!(bulk(&mut q, &[]), Some(ProjectId(2)));
        assert_eq!(bulk(&mut q, &[ProjectId(5)]), Some(ProjectId(5)));
        assert_eq!(bulk(&mut q, &[]), Some(ProjectId(3)));
        assert_eq!(bulk(&mut q, &[]), None);
        assert!(q.exhausted());
    }

    #[test]
    fn wanted_projects_are_taken_before_the_list_is_read_and_not_again_after() {
        let mut q = Queue::default();
        assert!(!q.reserve(), "no bulk work before the list is complete");
        assert!(!q.exhausted());
        assert_eq!(
            q.take_wanted(&[ProjectId(3), ProjectId(9)]),
            Some(ProjectId(3))
        );
        assert_eq!(
            q.take_wanted(&[ProjectId(3), ProjectId(9)]),
            Some(ProjectId(9))
        );
        assert_eq!(q.take_wanted(&[ProjectId(3)]), None);
        // 9 is not listed: it was read for nothing and stays out of the account.
        q.listed(&ids(1..=4));
        assert!(!q.is_listed(ProjectId(9)));
        let mut order = Vec::new();
        while let Some(p) = bulk(&mut q, &[]) {
            order.push(p);
        }
        assert_eq!(order, vec![ProjectId(1), ProjectId(2), ProjectId(4)]);
        assert!(q.exhausted());
    }

    #[test]
    fn the_priority_worker_leaves_what_bulk_workers_were_promised() {
        let mut q = Queue::default();
        q.listed(&ids(1..=2));
        assert!(q.reserve());
        assert!(q.reserve());
        assert!(!q.has_wanted(&[ProjectId(2)]), "both left are promised");
        assert_eq!(q.take_wanted(&[ProjectId(2)]), None);
        assert_eq!(q.next(&[ProjectId(2)]), Some(ProjectId(2)));
        assert_eq!(q.next(&[ProjectId(2)]), Some(ProjectId(1)));
        assert!(q.exhausted());
    }
}
