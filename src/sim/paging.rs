//! List paging per profile. v3: `start` (0-based offset) and `limit` (default 100, at most 100;
//! more is clamped); `page`/`per_page` are unknown there and ignored. guide: `page` (1-based) and
//! `per_page` (default 25, at most 100); `start`/`limit` ignored. Unparsable values count as
//! absent; values below the minimum are raised to it. The `page_cap` quirk lowers both maxima.

use crate::model::profile::Profile;

/// The value of a query parameter (no percent-decoding: only numbers are read).
pub fn query_param<'a>(query: Option<&'a str>, name: &str) -> Option<&'a str> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn number(query: Option<&str>, name: &str) -> Option<u64> {
    query_param(query, name).and_then(|v| v.trim().parse().ok())
}

/// The slice of `items` the query asks for.
pub fn page<'a, T>(items: &'a [T], profile: Profile, query: Option<&str>, cap: usize) -> &'a [T] {
    let cap = cap.max(1) as u64;
    let (offset, len) = match profile {
        Profile::V3 => {
            let start = number(query, "start").unwrap_or(0);
            let limit = number(query, "limit")
                .filter(|l| *l > 0)
                .unwrap_or(100)
                .min(cap);
            (start, limit)
        }
        Profile::Guide => {
            let page = number(query, "page").unwrap_or(1).max(1);
            let per_page = number(query, "per_page")
                .filter(|l| *l > 0)
                .unwrap_or(25)
                .min(cap);
            ((page - 1).saturating_mul(per_page), per_page)
        }
    };
    let from = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(items.len());
    let to = from.saturating_add(len as usize).min(items.len());
    &items[from..to]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v3_ignores_page_and_guide_ignores_start() {
        let items: Vec<u32> = (0..300).collect();
        assert_eq!(
            page(&items, Profile::V3, Some("page=2&per_page=10"), 100).len(),
            100
        );
        assert_eq!(
            page(&items, Profile::V3, Some("start=250&limit=500"), 100),
            &items[250..]
        );
        assert_eq!(
            page(&items, Profile::Guide, Some("start=250&limit=5"), 100),
            &items[..25]
        );
        assert_eq!(
            page(&items, Profile::Guide, Some("page=3&per_page=100"), 100),
            &items[200..]
        );
        assert!(page(&items, Profile::Guide, Some("page=99"), 100).is_empty());
        assert_eq!(
            page(&items, Profile::V3, Some("start=0&limit=100"), 50).len(),
            50
        );
        assert_eq!(
            page(&items, Profile::Guide, Some("page=2&per_page=100"), 50),
            &items[50..100]
        );
    }
}
