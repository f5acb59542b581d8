//! The query for one list page, in both paging dialects at once (see [`super::paging`]); the
//! client's probe asks for a one-record page with it too.

/// Records per page: the maximum of both profiles.
pub const PAGE_SIZE: usize = 100;

/// The query for one page, in both dialects.
pub fn page_query(start: usize, limit: usize) -> Vec<(&'static str, String)> {
    let limit = limit.max(1);
    vec![
        ("start", start.to_string()),
        ("limit", limit.to_string()),
        ("page", (start / limit + 1).to_string()),
        ("per_page", limit.to_string()),
    ]
}
