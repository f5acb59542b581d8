//! [`Searcher`]: filters a list's candidates with a query and ranks the hits.
//!
//! Candidates come in the list's order (by name, say), which is not the order of the records
//! in the [`Index`]. Scoring them in that order would read the index's buffers at random, and
//! over 100,000 records a search is bound by memory traffic, not by matching. So the searcher
//! scores in index order, reading every buffer front to back, and then puts the hits back in
//! candidate order to rank them (best first, equal scores in candidate order). The mapping
//! between the two orders is built once per set of candidates.
//!
//! Typing on narrows: when the query extends the last one, only the last hits are scored, and a
//! hit keeps what its unchanged atoms scored (a record's score is the sum of its atoms'), so
//! "mary acm" → "mary acme" scores only "acme", and a query whose atoms did not change (a
//! trailing space) scores nothing. Kept parts are only reused at the same [`Effort`].
//!
//! Scoring runs on the calling thread: the console filters one list on each keystroke, and a
//! thread started per keystroke costs more than it saves when the other core is busy (and
//! nothing on one core).

use nucleo_matcher::{Config, Matcher, Utf32Str};

use nucleo_matcher::pattern::Atom;

use super::greedy::Ahead;
use super::{Effort, Index, PRECISE_UP_TO, Query, slice};

/// Filters candidates with a query; remembers its last hits to search only them next time.
#[derive(Clone)]
pub struct Searcher {
    /// nucleo matchers keep scratch memory: one, kept between searches.
    matcher: Matcher,
    /// The candidates of the last search, in both orders.
    order: Option<Order>,
    /// The last query and its hits.
    last: Option<Last>,
    /// Scratch for ranking, one slot per candidate: kept so that a keystroke does not
    /// allocate and fault in a fresh one.
    by_place: Vec<Option<u32>>,
}

/// One hit of a search: the record, the sum of what all its atoms but the last scored, its
/// score (all atoms), and where the greedy forward pass for the last atom ended in it (0 when
/// not known): 16 bytes, as before that was kept.
#[derive(Debug, Clone, Copy)]
struct Hit {
    record: u32,
    settled: u32,
    total: u32,
    ahead: u16,
}

impl Hit {
    fn fresh(record: usize) -> Option<Hit> {
        Some(Hit {
            record: u32::try_from(record).ok()?,
            settled: 0,
            total: 0,
            ahead: 0,
        })
    }
}

/// The last search, for the next one to narrow.
#[derive(Debug, Clone)]
struct Last {
    raw: String,
    atoms: Vec<Atom>,
    folded: bool,
    effort: Effort,
    /// In index order.
    hits: Vec<Hit>,
}

impl Last {
    /// How many of `query`'s leading atoms each hit's kept sums cover when `query` is scored
    /// over these hits at `effort`: all the old atoms (`Hit::total`), all but the last
    /// (`Hit::settled`) or none.
    fn kept(&self, query: &Query, effort: Effort) -> usize {
        let (atoms, folded) = query.atoms();
        if folded != self.folded || effort != self.effort || self.atoms.is_empty() {
            return 0;
        }
        let same = atoms
            .iter()
            .zip(&self.atoms)
            .take_while(|(a, b)| a == b)
            .count();
        if same == self.atoms.len() || same + 1 == self.atoms.len() {
            same
        } else {
            0
        }
    }

    /// How many letters of `query`'s last atom each hit's [`Hit::ahead`] covers when `query`
    /// is scored over these hits at `effort` (0: none): the old last atom's, where the query
    /// only typed more letters onto it and both rank greedily.
    fn ahead(&self, query: &Query, effort: Effort) -> usize {
        let (atoms, folded) = query.atoms();
        if folded != self.folded
            || effort != Effort::Quick
            || self.effort != Effort::Quick
            || atoms.len() != self.atoms.len()
        {
            return 0;
        }
        let (Some((new, same_new)), Some((old, same_old))) =
            (atoms.split_last(), self.atoms.split_last())
        else {
            return 0;
        };
        match (new.needle_text(), old.needle_text()) {
            (Utf32Str::Ascii(new), Utf32Str::Ascii(old))
                if same_new == same_old && new.len() > old.len() && new.starts_with(old) =>
            {
                old.len()
            }
            _ => 0,
        }
    }
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher")
            .field("last_query", &self.last.as_ref().map(|l| l.raw.as_str()))
            .finish()
    }
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher {
            matcher: Matcher::new(Config::DEFAULT),
            order: None,
            last: None,
            by_place: Vec::new(),
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

    /// The hits (in index order), best first, equal scores in candidate order. `by_place` is
    /// scratch kept between searches (one slot per candidate).
    fn best_first(&self, hits: &[Hit], by_place: &mut Vec<Option<u32>>) -> Vec<usize> {
        let place = |record: usize| self.place.get(record).map_or(Order::ABSENT, |at| *at);
        if hits.len().saturating_mul(8) >= self.candidates.len() {
            // Many hits: spread them over the candidates' places (reading `place` front to
            // back, as the hits are in index order) and rank them reading those in order.
            // How many hits have each score is counted while they are spread, so the places
            // are read once, to rank them (the counting sort of `best_first`, in one pass).
            by_place.clear();
            by_place.resize(self.candidates.len(), None);
            let most = hits.len().max(1 << 16);
            let mut counts: Option<Vec<usize>> = Some(Vec::new());
            for hit in hits {
                if let Some(slot) = by_place.get_mut(place(hit.record as usize) as usize) {
                    *slot = Some(hit.total);
                    let score = hit.total as usize;
                    if let Some(counts) = counts.as_mut().filter(|_| score <= most) {
                        if counts.len() <= score {
                            counts.resize(score + 1, 0);
                        }
                        counts[score] += 1;
                    } else {
                        counts = None;
                    }
                }
            }
            let scored = by_place
                .iter()
                .zip(&self.candidates)
                .filter_map(|(score, record)| score.map(|s| (*record, s)));
            match counts {
                Some(counts) => counted_best_first(scored, counts),
                None => best_first(scored, hits.len()),
            }
        } else {
            let mut keyed: Vec<(u32, usize, u32)> = hits
                .iter()
                .map(|h| (place(h.record as usize), h.record as usize, h.total))
                .collect();
            keyed.sort_unstable_by_key(|k| k.0);
            best_first(keyed.iter().map(|&(_, r, s)| (r, s)), keyed.len())
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
        let (atoms, folded) = query.atoms();
        let (pool, kept, ahead): (Vec<Hit>, usize, usize) = match self.last.take() {
            Some(last) if query.narrows(&last.raw) => {
                let effort = effort_for(last.hits.len());
                let kept = last.kept(query, effort);
                let kept_all = kept == last.atoms.len();
                let ahead = last.ahead(query, effort);
                let pool = last.hits.into_iter().map(|h| Hit {
                    total: match kept {
                        0 => 0,
                        _ if kept_all => h.total,
                        _ => h.settled,
                    },
                    ..h
                });
                (pool.collect(), kept, ahead)
            }
            _ => {
                let fresh = order
                    .by_index
                    .iter()
                    .filter_map(|&record| Hit::fresh(record));
                (fresh.collect(), 0, 0)
            }
        };
        let effort = effort_for(pool.len());
        let hits = score_all(index, query, pool, (kept, ahead), effort, &mut self.matcher);
        let ranked = order.best_first(&hits, &mut self.by_place);
        self.last = Some(Last {
            raw: query.raw.clone(),
            atoms: atoms.to_vec(),
            folded,
            effort,
            hits,
        });
        self.order = Some(order);
        ranked
    }

    /// How many records the last search looked at would be the pool for `query`
    /// (for tests and benchmarks: shows narrowing at work).
    pub fn pool_size(&self, query: &Query) -> Option<usize> {
        match &self.last {
            Some(last) if query.narrows(&last.raw) => Some(last.hits.len()),
            _ => None,
        }
    }
}

/// Ranks big pools quickly, small ones precisely.
fn effort_for(pool: usize) -> Effort {
    if pool > PRECISE_UP_TO {
        Effort::Quick
    } else {
        Effort::Precise
    }
}

/// Scores `pool` (in index order) in order: the hits. Each record's first `kept` atoms are
/// already scored, their sum in `Hit::total`; when `kept` covers every atom nothing changed
/// and the pool is the answer. Where `ahead` is not 0, each hit's `Hit::ahead` is where the
/// greedy forward pass for the first `ahead` letters of the last atom ended.
fn score_all(
    index: &Index,
    query: &Query,
    mut pool: Vec<Hit>,
    (kept, ahead): (usize, usize),
    effort: Effort,
    m: &mut Matcher,
) -> Vec<Hit> {
    let (atoms, folded) = query.atoms();
    let Some(last) = atoms.len().checked_sub(1) else {
        return pool;
    };
    if kept > last {
        return pool;
    }
    let mut scratch = Vec::new();
    pool.retain_mut(|hit| {
        let i = hit.record as usize;
        let Some(&ascii) = index.ascii.get(i) else {
            return false;
        };
        if !query.passes(ascii, || {
            index
                .wide
                .get(i)
                .map_or(&[], |w| slice(&index.wide_chars, *w))
        }) {
            return false;
        }
        let haystack = if folded {
            index.folded(i)
        } else {
            index.text(i, &mut scratch)
        };
        let Some(haystack) = haystack else {
            return false;
        };
        let mut sum = hit.total;
        for (at, atom) in atoms.iter().enumerate().skip(kept) {
            let mut from = Ahead::NONE;
            if at == last {
                hit.settled = sum;
                if ahead > 0 && hit.ahead > 0 {
                    from = Ahead {
                        letters: ahead,
                        end: usize::from(hit.ahead),
                    };
                }
            }
            let (score, reached) = query.rank_atom_after(atom, haystack, m, effort, from);
            let Some(s) = score else {
                return false;
            };
            sum += s;
            if at == last {
                hit.ahead = u16::try_from(reached.end).unwrap_or(0);
            }
        }
        hit.total = sum;
        true
    });
    pool
}

/// [`best_first`] of `scored`, given how many of them have each score (`counts[score]`):
/// one pass over `scored`.
fn counted_best_first<I>(scored: I, mut counts: Vec<usize>) -> Vec<usize>
where
    I: Iterator<Item = (usize, u32)>,
{
    // Each score's first slot: after every better score's hits.
    let mut len = 0;
    for count in counts.iter_mut().rev() {
        let n = *count;
        *count = len;
        len += n;
    }
    let mut out = vec![0usize; len];
    for (record, score) in scored {
        let slot = &mut counts[score as usize];
        out[*slot] = record;
        *slot += 1;
    }
    out
}

/// The hits' records, best score first, equal scores in their order in `scored` (`len` of
/// them; `scored` is read two or three times).
///
/// Scores are small integers (nucleo's are 16-bit per atom), so a counting sort does it in
/// two passes, stable by construction. Unusually spread scores fall back to sorting packed
/// (inverted score, position) integers, which gives the same order.
fn best_first<I>(scored: I, len: usize) -> Vec<usize>
where
    I: Iterator<Item = (usize, u32)> + Clone,
{
    let Some(max) = scored.clone().map(|h| h.1).max() else {
        return Vec::new();
    };
    if (max as usize) <= len.max(1 << 16) {
        let mut starts = vec![0usize; max as usize + 2];
        for (_, score) in scored.clone() {
            starts[(max - score) as usize + 1] += 1;
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut out = vec![0usize; starts[starts.len() - 1]];
        for (record, score) in scored {
            let slot = &mut starts[(max - score) as usize];
            out[*slot] = record;
            *slot += 1;
        }
        return out;
    }
    let scored: Vec<(usize, u32)> = scored.collect();
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
            assert_eq!(
                best_first(scored.iter().copied(), scored.len()),
                expected,
                "spread {spread}"
            );
        }
        assert!(best_first(std::iter::empty(), 0).is_empty());
        // Counted as they are spread: the same order.
        let scored: Vec<(usize, u32)> = (0..2_000usize)
            .map(|i| (7 * i, ((i as u32 * 7_919) % 301) / 3))
            .collect();
        let mut counts = vec![0; 101];
        for (_, s) in &scored {
            counts[*s as usize] += 1;
        }
        assert_eq!(
            counted_best_first(scored.iter().copied(), counts),
            best_first(scored.iter().copied(), scored.len())
        );
        assert!(counted_best_first(std::iter::empty(), Vec::new()).is_empty());
    }

    /// Each hit scored on its own in candidate order, then stably sorted by descending score:
    /// what [`Searcher::search`] must give, whatever order it reads the index in (pools
    /// here stay below [`PRECISE_UP_TO`], so both rank precisely).
    fn reference(index: &Index, query: &Query, candidates: &[usize]) -> Vec<usize> {
        ranked_at(index, query, candidates, Effort::Precise)
    }

    /// `candidates` (in their order) that `query` matches, each scored on its own with the
    /// whole query at `effort`, stably sorted by descending score.
    fn ranked_at(index: &Index, query: &Query, candidates: &[usize], effort: Effort) -> Vec<usize> {
        let mut m = Matcher::new(Config::DEFAULT);
        let mut scratch = Vec::new();
        let mut hits: Vec<(usize, u32)> = candidates
            .iter()
            .filter_map(|&c| {
                let haystack = if query.folded.is_some() {
                    index.folded(c)?
                } else {
                    index.text(c, &mut scratch)?
                };
                nucleo_score(query, haystack, &mut m, effort).map(|s| (c, s))
            })
            .collect();
        hits.sort_by_key(|h| std::cmp::Reverse(h.1));
        hits.into_iter().map(|h| h.0).collect()
    }

    /// The whole query's score from nucleo alone (none of `greedy.rs`, no kept parts): its
    /// greedy matcher per atom for a folded query at [`Effort::Quick`], else `Pattern::score`.
    fn nucleo_score(
        query: &Query,
        haystack: nucleo_matcher::Utf32Str<'_>,
        m: &mut Matcher,
        effort: Effort,
    ) -> Option<u32> {
        match (&query.folded, effort) {
            (Some(p), Effort::Quick) => {
                m.config.ignore_case = true;
                m.config.normalize = false;
                p.atoms.iter().try_fold(0u32, |sum, atom| {
                    m.fuzzy_match_greedy(haystack, atom.needle_text())
                        .map(|s| sum + u32::from(s))
                })
            }
            (Some(p), Effort::Precise) => p.score(haystack, m),
            (None, _) => query.pattern.score(haystack, m),
        }
    }

    /// Types `typed` one query after another into one searcher over `candidates`, and checks
    /// every step against nucleo alone: each record of the pool (the last hits when the query
    /// narrows the last one, else every candidate) scored on its own, stably sorted.
    fn types_as_nucleo_ranks(index: &Index, candidates: &[usize], typed: &[&str]) {
        let mut s = Searcher::default();
        let mut pool = candidates.to_vec();
        let mut last: Option<&str> = None;
        for &typed in typed {
            let q = Query::new(typed);
            if !last.is_some_and(|l| q.narrows(l)) {
                pool = candidates.to_vec();
            }
            // Ranked in candidate order (equal scores keep it), over the pool's records.
            let in_pool: std::collections::HashSet<usize> = pool.iter().copied().collect();
            let pooled: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|c| in_pool.contains(c))
                .collect();
            let expected = ranked_at(index, &q, &pooled, effort_for(pool.len()));
            assert_eq!(s.search(index, &q, candidates), expected, "query {typed:?}");
            // The same rows as a fresh search, whatever the order.
            let mut fresh = Searcher::default().search(index, &q, candidates);
            let mut got = expected.clone();
            fresh.sort_unstable();
            got.sort_unstable();
            assert_eq!(
                got, fresh,
                "query {typed:?}: other rows than a fresh search"
            );
            pool = expected;
            last = Some(typed);
        }
    }

    #[test]
    fn the_generators_people_rank_as_nucleo_ranks_them() {
        use crate::model::account::Person;
        let data = crate::sim::data::AccountData::generate(4_000, 10, 42);
        let people: Vec<Person> = data
            .people
            .iter()
            .map(|p| {
                crate::model::test_people::searchable(
                    p.id,
                    [Some(&p.first_name), Some(&p.last_name)],
                    &p.email,
                    [
                        p.username.as_deref(),
                        p.title.as_deref(),
                        p.company.as_deref(),
                    ],
                )
            })
            .collect();
        let index = Index::people(&people);
        // Not the index's order: a stride through it, as a sort by name would be.
        let candidates: Vec<usize> = (0..people.len()).map(|i| (i * 2_333) % 4_000).collect();
        let typed: Vec<String> = [
            "gmail",
            "mr jns",
            "mary acme",
            "acme gmbh",
            "Acme GmbH",
            "Mül",
            "zoë m",
            "дмит",
            "伟 li",
            "o.r@",
            "design acme 1",
        ]
        .iter()
        .flat_map(|q| {
            let chars: Vec<char> = q.chars().collect();
            (1..=chars.len()).map(move |k| chars[..k].iter().collect::<String>())
        })
        .collect();
        let typed: Vec<&str> = typed.iter().map(String::as_str).collect();
        types_as_nucleo_ranks(&index, &candidates, &typed);
    }

    #[test]
    fn narrowing_with_kept_atom_scores_ranks_as_scoring_every_atom_again() {
        use crate::model::account::Project;
        let words = [
            "anna", "Müller", "zoë", "MARIA", "jan", "łukasz", "acme", "mara", "Øst", "gmail",
        ];
        // Over PRECISE_UP_TO records: the first letters rank quickly, typing on precisely.
        let projects: Vec<Project> = (0..3_000u64)
            .map(|i| {
                let w = |k: u64| words[((i * k + k / 3) % words.len() as u64) as usize];
                Project::titled(i, &format!("{} {} {}.{}", w(7), w(3), w(11), i % 97))
            })
            .collect();
        let index = Index::projects(&projects);
        let candidates: Vec<usize> = (0..projects.len()).map(|i| (i * 1_013) % 3_000).collect();
        // What narrowing did before atoms kept their scores: every atom scored again over the
        // last hits (or over all candidates when the query does not extend the last one).
        let typed = [
            "m",
            "mu",
            "mul",
            "mul ",
            "mul a",
            "mul ac",
            "mul acm",
            "mul ac",
            "mul a",
            "mul",
            "mü",
            "mül",
            "mül z",
            "mül zo",
            "mül zoe",
            "a",
            "an",
            "an ",
            "an m",
            "an ma",
            "an mar",
            "an mari",
            "an mari ",
            "an mari g",
            "an mari gm",
            "an mari gm 4",
            "g",
            "gm",
            "gma",
            "gmai",
            "gmail",
            "gmail ",
            "gmail  ",
            "gmail j",
            "ø",
            "øs",
            "o",
            "os",
            "ost 1",
            "ost 12",
            "MAR",
            "MARI",
            "Mar",
            "ł",
            "łu",
            "łuk a",
            "łuk an",
            "\\",
            "a\\ m",
            "a\\ mu",
        ];
        types_as_nucleo_ranks(&index, &candidates, &typed);
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
