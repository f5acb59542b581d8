//! [`Searcher`]: filters a list's candidates with a query and ranks the hits.
//!
//! Candidates come in the list's order (by name, say), which is not the order of the records
//! in the [`Index`]. Scoring them in that order would read the index's buffers at random, and
//! over 100,000 records a search is bound by memory traffic, not by matching. So the searcher
//! scores in index order, reading every buffer front to back, and then puts the hits back in
//! candidate order to rank them (best first, equal scores in candidate order). The mapping
//! between the two orders is built once per set of candidates.
//!
//! Scoring runs on the calling thread: the console filters one list on each keystroke, and a
//! thread started per keystroke costs more than it saves when the other core is busy (and
//! nothing on one core).

use nucleo_matcher::{Config, Matcher};

use super::{Effort, Index, PRECISE_UP_TO, Query, slice};

/// Filters candidates with a query; remembers its last hits to search only them next time.
#[derive(Clone)]
pub struct Searcher {
    /// nucleo matchers keep scratch memory: one, kept between searches.
    matcher: Matcher,
    /// The candidates of the last search, in both orders.
    order: Option<Order>,
    /// The last query and its hits, in index order.
    last: Option<(String, Vec<usize>)>,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher")
            .field("last_query", &self.last.as_ref().map(|l| l.0.as_str()))
            .finish()
    }
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher {
            matcher: Matcher::new(Config::DEFAULT),
            order: None,
            last: None,
        }
    }
}

/// One set of candidates, as given (the list's order) and in index order.
#[derive(Debug, Clone)]
struct Order {
    /// The candidates as given.
    candidates: Vec<usize>,
    /// How many records the index held when this was built.
    records: usize,
    /// Per record of the index: its place among the candidates, [`Order::ABSENT`] if none.
    place: Vec<u32>,
    /// The candidates in index order.
    by_index: Vec<usize>,
}

impl Order {
    const ABSENT: u32 = u32::MAX;

    fn new(index: &Index, candidates: &[usize]) -> Order {
        let records = index.len();
        let mut place = vec![Order::ABSENT; records];
        for (at, &record) in candidates.iter().enumerate() {
            if let (Some(slot), Ok(at)) = (place.get_mut(record), u32::try_from(at)) {
                *slot = at;
            }
        }
        let by_index = place
            .iter()
            .enumerate()
            .filter(|(_, at)| **at != Order::ABSENT)
            .map(|(record, _)| record)
            .collect();
        Order {
            candidates: candidates.to_vec(),
            records,
            place,
            by_index,
        }
    }

    fn fits(&self, index: &Index, candidates: &[usize]) -> bool {
        self.records == index.len() && self.candidates == candidates
    }

    /// `scored` (in index order) rearranged into candidate order.
    fn in_candidate_order(&self, scored: &[(usize, u32)]) -> Vec<(usize, u32)> {
        let place = |record: usize| self.place.get(record).map_or(Order::ABSENT, |at| *at);
        if scored.len().saturating_mul(8) >= self.candidates.len() {
            // Many hits: spread them over the candidates' places and read those in order.
            let mut by_place: Vec<Option<u32>> = vec![None; self.candidates.len()];
            for &(record, score) in scored {
                if let Some(slot) = by_place.get_mut(place(record) as usize) {
                    *slot = Some(score);
                }
            }
            by_place
                .iter()
                .zip(&self.candidates)
                .filter_map(|(score, record)| score.map(|s| (*record, s)))
                .collect()
        } else {
            let mut keyed: Vec<(u32, usize, u32)> = scored
                .iter()
                .map(|&(record, score)| (place(record), record, score))
                .collect();
            keyed.sort_unstable_by_key(|k| k.0);
            keyed.into_iter().map(|(_, r, s)| (r, s)).collect()
        }
    }
}

impl Searcher {
    /// Forgets the last hits: the candidates changed (new data, another quick filter or sort).
    pub fn invalidate(&mut self) {
        self.last = None;
        self.order = None;
    }

    /// The candidates matching `query`, best first; equal scores keep candidate order.
    /// `candidates` are indexes into `index`, in the current sort order.
    pub fn search(&mut self, index: &Index, query: &Query, candidates: &[usize]) -> Vec<usize> {
        if query.is_empty() {
            self.last = None;
            return candidates.to_vec();
        }
        let order = match self.order.take() {
            Some(order) if order.fits(index, candidates) => order,
            _ => {
                self.last = None;
                Order::new(index, candidates)
            }
        };
        let narrowed: Option<Vec<usize>> = match self.last.take() {
            Some((old, hits)) if query.narrows(&old) => Some(hits),
            _ => None,
        };
        let pool: &[usize] = narrowed.as_deref().unwrap_or(&order.by_index);
        let scored = score_all(index, query, pool, &mut self.matcher);
        let ranked = best_first(&order.in_candidate_order(&scored));
        self.last = Some((
            query.raw.clone(),
            scored.into_iter().map(|(i, _)| i).collect(),
        ));
        self.order = Some(order);
        ranked
    }

    /// How many records the last search looked at would be the pool for `query`
    /// (for tests and benchmarks: shows narrowing at work).
    pub fn pool_size(&self, query: &Query) -> Option<usize> {
        match &self.last {
            Some((old, hits)) if query.narrows(old) => Some(hits.len()),
            _ => None,
        }
    }
}

/// Scores `pool` (records in index order) in order: the hits and their scores.
fn score_all(index: &Index, query: &Query, pool: &[usize], m: &mut Matcher) -> Vec<(usize, u32)> {
    let effort = if pool.len() > PRECISE_UP_TO {
        Effort::Quick
    } else {
        Effort::Precise
    };
    let folded = query.folded.is_some();
    let mut scratch = Vec::new();
    pool.iter()
        .filter_map(|&i| {
            let ascii = *index.ascii.get(i)?;
            if !query.passes(ascii, || {
                index
                    .wide
                    .get(i)
                    .map_or(&[], |w| slice(&index.wide_chars, *w))
            }) {
                return None;
            }
            let haystack = if folded {
                index.folded(i)?
            } else {
                index.text(i, &mut scratch)?
            };
            query.rank(haystack, m, effort).map(|s| (i, s))
        })
        .collect()
}

/// The hits' records, best score first, equal scores in their order in `scored`.
///
/// Scores are small integers (nucleo's are 16-bit per atom), so a counting sort does it in
/// two passes, stable by construction. Unusually spread scores fall back to sorting packed
/// (inverted score, position) integers, which gives the same order.
fn best_first(scored: &[(usize, u32)]) -> Vec<usize> {
    let Some(max) = scored.iter().map(|h| h.1).max() else {
        return Vec::new();
    };
    if (max as usize) <= scored.len().max(1 << 16) {
        let mut starts = vec![0usize; max as usize + 2];
        for (_, score) in scored {
            starts[(max - score) as usize + 1] += 1;
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut out = vec![0usize; scored.len()];
        for (record, score) in scored {
            let slot = &mut starts[(max - score) as usize];
            out[*slot] = *record;
            *slot += 1;
        }
        return out;
    }
    let mut keys: Vec<u64> = scored
        .iter()
        .enumerate()
        .map(|(pos, (_, score))| (u64::from(u32::MAX - score) << 32) | pos as u64)
        .collect();
    keys.sort_unstable();
    keys.iter()
        .map(|k| scored[(k & u64::from(u32::MAX)) as usize].0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_first_orders_like_a_stable_sort_by_descending_score() {
        // Small scores take the counting sort, one huge score the packed-integer sort.
        for spread in [40u32, 3_000_000] {
            let scored: Vec<(usize, u32)> = (0..500usize)
                .map(|i| (1000 + i, ((i as u32 * 7_919) % 41) * (spread / 40)))
                .collect();
            let mut expected = scored.clone();
            expected.sort_by_key(|h| std::cmp::Reverse(h.1));
            let expected: Vec<usize> = expected.into_iter().map(|h| h.0).collect();
            assert_eq!(best_first(&scored), expected, "spread {spread}");
        }
        assert!(best_first(&[]).is_empty());
    }

    /// Each hit scored on its own in candidate order, then stably sorted by descending score:
    /// what [`Searcher::search`] must give, whatever order it reads the index in (pools
    /// here stay below [`PRECISE_UP_TO`], so both rank precisely).
    fn reference(index: &Index, query: &Query, candidates: &[usize]) -> Vec<usize> {
        let mut m = Matcher::new(Config::DEFAULT);
        let mut hits: Vec<(usize, u32)> = candidates
            .iter()
            .filter_map(|&c| score_all(index, query, &[c], &mut m).pop())
            .collect();
        hits.sort_by_key(|h| std::cmp::Reverse(h.1));
        hits.into_iter().map(|h| h.0).collect()
    }

    #[test]
    fn hits_rank_in_candidate_order_whatever_the_index_order() {
        use crate::model::account::Project;
        let words = [
            "anna", "maria", "jan", "ana", "mara", "nora", "amanda", "jonas",
        ];
        let projects: Vec<Project> = (0..600u64)
            .map(|i| {
                let a = words[(i as usize * 7) % words.len()];
                let b = words[(i as usize * 3 + 1) % words.len()];
                Project::titled(i, &format!("{a} {b} {}", i % 13))
            })
            .collect();
        let index = Index::projects(&projects);
        // The list's order: a shuffle of the index, and a quick filter keeping two in three.
        let mut candidates: Vec<usize> = (0..projects.len()).map(|i| (i * 389) % 600).collect();
        candidates.retain(|c| c % 3 != 1);
        let mut s = Searcher::default();
        // Few hits take one way back to candidate order, many hits the other; typing on narrows.
        for typed in [
            "a", "an", "ann", "anna", "anna m", "anna ma", "j", "jo", "jonas 1",
        ] {
            let q = Query::new(typed);
            assert_eq!(
                s.search(&index, &q, &candidates),
                reference(&index, &q, &candidates),
                "query {typed:?}"
            );
        }
        // Other candidates (another sort) without an invalidate: still their order.
        candidates.reverse();
        let q = Query::new("jonas 12");
        assert_eq!(
            s.search(&index, &q, &candidates),
            reference(&index, &q, &candidates)
        );
    }
}
