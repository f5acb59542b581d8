//! The requests `doctor` sends, in order of what matters most (a run cut short by the budget or
//! a 429 still answers the first rows), and what each one answered. At most 12 GETs:
//!
//! 1. people page 1, as the client asks for it (both paging pairs, 100 per page);
//! 2. only if that page was short: the page after it, to tell a page cap from a small account;
//! 3. / 4. a one-record page with only `X-API-KEY`, then only `Authorization: Bearer`;
//! 5. the same with a key no account has (how a refusal looks);
//! 6. the same without a User-Agent;
//! 7. a person id no account has;
//! 8. projects page 1; 9. the first project's `/people`; 10. `/roles`;
//! 11. / 12. `start=1&limit=2` alone, then `page=2&per_page=2` alone (which pair is read).
//!
//! A refused token ends the plan after request 1. Nothing here judges: `doctor_rows.rs` turns the [`Observed`] answers into rows.

use serde_json::Value;

use super::doctor_probe::{Auth, Probe, Seen};
use crate::api::page_query::{PAGE_SIZE, page_query};

/// A person id no account has (below 2^53, so no client rounds it).
const NO_SUCH_ID: u64 = 9_007_199_254_740_881;

/// Every answer the plan got; `None` where the request was not sent (probe stopped, or not
/// needed).
#[derive(Debug, Default)]
pub struct Observed {
    pub people: Option<Seen>,
    pub next_page: Option<Seen>,
    pub api_key_only: Option<Seen>,
    pub bearer_only: Option<Seen>,
    pub wrong_key: Option<Seen>,
    pub no_user_agent: Option<Seen>,
    pub unknown_id: Option<Seen>,
    pub projects: Option<Seen>,
    pub project_people: Option<Seen>,
    pub roles: Option<Seen>,
    pub start_limit: Option<Seen>,
    pub page_per_page: Option<Seen>,
}

impl Observed {
    /// People page 1's records (empty if it did not come back as a list).
    pub fn first_people(&self) -> &[Value] {
        self.people
            .as_ref()
            .and_then(Seen::list)
            .map_or(&[], Vec::as_slice)
    }

    pub fn first_projects(&self) -> &[Value] {
        self.projects
            .as_ref()
            .and_then(Seen::list)
            .map_or(&[], Vec::as_slice)
    }
}

fn one_record() -> Vec<(&'static str, String)> {
    page_query(0, 1)
}

/// Runs the plan; stops early (leaving `None`s) when the probe stops.
pub async fn observe(probe: &mut Probe) -> Observed {
    let mut seen = Observed {
        people: probe
            .get("people", &page_query(0, PAGE_SIZE), Auth::Both, true)
            .await,
        ..Observed::default()
    };
    if seen.people.as_ref().is_some_and(Seen::refused_key) {
        // The token is refused: nothing more to learn with it.
        return seen;
    }
    let n = seen.first_people().len();
    if n > 0 && n < PAGE_SIZE {
        // Page 2 at this page's size in both dialects: a capped server gives the next records.
        let query = vec![
            ("start", n.to_string()),
            ("limit", PAGE_SIZE.to_string()),
            ("page", "2".to_string()),
            ("per_page", n.to_string()),
        ];
        seen.next_page = probe.get("people", &query, Auth::Both, true).await;
    }
    seen.api_key_only = probe
        .get("people", &one_record(), Auth::ApiKeyOnly, true)
        .await;
    seen.bearer_only = probe
        .get("people", &one_record(), Auth::BearerOnly, true)
        .await;
    seen.wrong_key = probe
        .get("people", &one_record(), Auth::WrongKey, true)
        .await;
    seen.no_user_agent = probe.get("people", &one_record(), Auth::Both, false).await;
    seen.unknown_id = probe
        .get(&format!("people/{NO_SUCH_ID}"), &[], Auth::Both, true)
        .await;
    seen.projects = probe
        .get("projects", &page_query(0, PAGE_SIZE), Auth::Both, true)
        .await;
    let first_project = seen
        .first_projects()
        .first()
        .and_then(|p| p.get("id"))
        .and_then(|id| match id {
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) => {
                Some(s.clone())
            }
            _ => None,
        });
    if let Some(id) = first_project {
        seen.project_people = probe
            .get(&format!("projects/{id}/people"), &[], Auth::Both, true)
            .await;
    }
    seen.roles = probe.get("roles", &[], Auth::Both, true).await;
    if seen.first_people().len() >= 4 {
        let start_limit = vec![("start", "1".to_string()), ("limit", "2".to_string())];
        seen.start_limit = probe.get("people", &start_limit, Auth::Both, true).await;
        let page_per = vec![("page", "2".to_string()), ("per_page", "2".to_string())];
        seen.page_per_page = probe.get("people", &page_per, Auth::Both, true).await;
    }
    seen
}
