//! One membership change per project at a time, process-wide.
//!
//! v3 changes membership by PUTting a project's whole `assigned` list. Two adds racing on one
//! project (read, read, put, put) would lose the first. Every client in this process, clones or
//! not, takes the project's lock around read-modify-write-verify; the verify catches what another
//! process does (see docs/API.md).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

use crate::model::account::{GroupId, PersonId, ProjectId};

type Key = (String, &'static str, u64);

fn registry() -> &'static Mutex<HashMap<Key, Arc<AsyncMutex<()>>>> {
    static LOCKS: OnceLock<Mutex<HashMap<Key, Arc<AsyncMutex<()>>>>> = OnceLock::new();
    LOCKS.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Waits for, and holds, the lock of `project` on the account at `base_url`.
pub async fn lock_project(base_url: &str, project: ProjectId) -> OwnedMutexGuard<()> {
    lock(base_url, "project", project.0).await
}

/// Waits for, and holds, the lock of `group` (a v3 group's `assigned` list is PUT whole,
/// like a project's).
pub async fn lock_group(base_url: &str, group: GroupId) -> OwnedMutexGuard<()> {
    lock(base_url, "group", group.0).await
}

/// Waits for, and holds, the lock of `person` (two edits of one person from this process
/// would otherwise each pass the version check and the second would win).
pub async fn lock_person(base_url: &str, person: PersonId) -> OwnedMutexGuard<()> {
    lock(base_url, "person", person.0).await
}

async fn lock(base_url: &str, kind: &'static str, id: u64) -> OwnedMutexGuard<()> {
    let lock = {
        let mut map = registry()
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Drop entries nobody holds or waits for, so the map stays small.
        map.retain(|_, l| Arc::strong_count(l) > 1);
        Arc::clone(
            map.entry((base_url.to_string(), kind, id))
                .or_insert_with(|| Arc::new(AsyncMutex::new(()))),
        )
    };
    lock.lock_owned().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn the_second_change_waits_for_the_first() {
        let first = lock_project("https://a/", ProjectId(1)).await;
        let waiting = tokio::spawn(async {
            let _g = lock_project("https://a/", ProjectId(1)).await;
            tokio::time::Instant::now()
        });
        let other = lock_project("https://a/", ProjectId(2)).await;
        drop(other);
        tokio::time::sleep(Duration::from_secs(1)).await;
        let released = tokio::time::Instant::now();
        drop(first);
        let got = waiting.await.expect("task");
        assert!(got >= released);
    }
}
