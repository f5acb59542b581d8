//! Reading a whole list page by page.
//!
//! Every list request carries both paging dialects, `start`/`limit` (v3, 0-based offset) and
//! `page`/`per_page` (guide, 1-based), at the client's page size: 100, the largest both allow,
//! unless the config's `[limits] page_size` says the account caps pages lower (`doctor` finds
//! out). A server reads the pair it knows and ignores the other (v3 ignores unknown parameters).
//! The list ends at the first page shorter than the page size (an empty one included), so an
//! account of exactly size·k records costs one extra, empty page: nothing in either profile
//! says how many there are.
//!
//! A page whose records were *all* read before means the server ignored both dialects and
//! would answer the same page forever: that ends the list with [`ApiError::Paging`]. A page
//! that repeats only some records (someone added a record while we read, shifting offsets)
//! is kept, without the repeats. A list longer than the pages cap
//! ([`super::Limits::pages_per_list`]) ends with [`ApiError::OverCap`].

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

use super::cancel::CancelToken;
use super::client::{Call, Client};
use super::error::{ApiError, clean_server_text};
use super::limits::Cap;
use super::pacing::{Permit, Priority};
use super::page_query::{PAGE_SIZE, page_query};
use super::types::id_of;

/// Walks one list. Call [`Pager::next_page`] until it returns `None`.
#[derive(Debug)]
pub struct Pager {
    path: String,
    priority: Priority,
    start: usize,
    page: u32,
    seen: HashSet<u64>,
    finished: bool,
    /// The page size the pages were asked for (the client's), kept from the last fetch.
    size: AtomicUsize,
}

impl Pager {
    pub fn new(path: impl Into<String>, priority: Priority) -> Pager {
        Pager {
            path: path.into(),
            priority,
            start: 0,
            page: 0,
            seen: HashSet::new(),
            finished: false,
            size: AtomicUsize::new(PAGE_SIZE),
        }
    }

    pub fn finished(&self) -> bool {
        self.finished
    }

    /// Where the next page starts (0-based offset).
    pub fn next_start(&self) -> usize {
        self.start
    }

    /// The next page's records, or `None` after the last page.
    pub async fn next_page(
        &mut self,
        client: &Client,
        permit: Option<Permit>,
        cancel: Option<&CancelToken>,
    ) -> Result<Option<Vec<Value>>, ApiError> {
        if self.finished {
            return Ok(None);
        }
        let items = self.fetch(client, self.start, permit, cancel).await?;
        self.accept(items).map(Some)
    }

    /// Reads the page at offset `start`, without taking it in (see [`Pager::accept`]); pages
    /// known to exist can be read ahead this way.
    pub fn fetch(
        &self,
        client: &Client,
        start: usize,
        permit: Option<Permit>,
        cancel: Option<&CancelToken>,
    ) -> impl Future<Output = Result<Vec<Value>, ApiError>> + use<> {
        let client = client.clone();
        let path = self.path.clone();
        let mut call = Call::get(path.clone(), self.priority);
        let size = client.page_size();
        self.size.store(size, Ordering::Relaxed);
        call.query = page_query(start, size);
        let cancel = cancel.cloned();
        let max_pages = client.inner.limits.pages_per_list;
        async move {
            // A list that never ends (a hostile server) stops at the pages cap.
            ApiError::over_cap(Cap::Pages, (start / size + 1) as u64, u64::from(max_pages))?;
            let reply = client.execute(call, permit, cancel.as_ref()).await?;
            match reply.body {
                Some(Value::Array(items)) => Ok(items),
                None => Ok(Vec::new()),
                Some(other) => Err(ApiError::BadResponse {
                    what: format!("something other than a list for /{path}"),
                    snippet: clean_server_text(&other.to_string()),
                }),
            }
        }
    }

    /// Takes in the next page (pages must come in order): returns its records not seen
    /// before, notes whether it was the last, and fails if it only repeats records.
    pub fn accept(&mut self, items: Vec<Value>) -> Result<Vec<Value>, ApiError> {
        self.page += 1;
        let received = items.len();
        if received < self.size.load(Ordering::Relaxed) {
            self.finished = true;
        }
        self.start += received;
        let mut fresh = Vec::with_capacity(received);
        let mut repeated = 0usize;
        for item in items {
            match id_of(&item) {
                Some(id) if !self.seen.insert(id) => repeated += 1,
                _ => fresh.push(item),
            }
        }
        if received > 0 && repeated == received {
            self.finished = true;
            return Err(ApiError::Paging {
                path: format!("/{}", self.path),
                page: self.page,
            });
        }
        if repeated > 0 {
            tracing::warn!(path = %self.path, repeated, "a page repeated records (the list changed while loading)");
        }
        Ok(fresh)
    }

    /// Every remaining record.
    pub async fn all(
        mut self,
        client: &Client,
        cancel: Option<&CancelToken>,
    ) -> Result<Vec<Value>, ApiError> {
        let mut out = Vec::new();
        while let Some(page) = self.next_page(client, None, cancel).await? {
            out.extend(page);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_dialects_describe_the_same_page() {
        let q = page_query(200, 100);
        assert_eq!(
            q,
            vec![
                ("start", "200".to_string()),
                ("limit", "100".to_string()),
                ("page", "3".to_string()),
                ("per_page", "100".to_string()),
            ]
        );
    }
}
