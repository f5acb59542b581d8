//! Fuzzy filtering of people and projects, with the positions of the matched letters.
//!
//! Built on `nucleo-matcher` (the matcher of the helix editor): a query is split on white space
//! into atoms that must all match (so "mary acme" finds Mary at Acme), matching is smart-case
//! (lower-case queries ignore case) and folds diacritics ("mul" finds Müller).
//!
//! - [`Index`] holds one pre-converted haystack per record, built once per load: for people the
//!   name, email, username, title and company joined by spaces, for projects the title. Each
//!   field's place in the haystack is kept so matches can be highlighted per column.
//! - [`Searcher`] filters a candidate list (already in the current sort order) and orders the
//!   hits best first; equal scores keep the candidate order, so results never jump around.
//!   When a query extends the previous one ("jan" → "jane"), only the previous hits are searched.
//! - [`highlight`] gives the matched letters of one field of one record, for the rows on screen.

use std::cell::RefCell;
use std::fmt;
use std::ops::Range;

use nucleo_matcher::chars::{normalize, to_lower_case};
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

use crate::account::{Person, Project};

/// A searchable field of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Email,
    Username,
    Title,
    Company,
}

const PERSON_FIELDS: [Field; 5] = [
    Field::Name,
    Field::Email,
    Field::Username,
    Field::Title,
    Field::Company,
];

#[derive(Debug, Clone)]
struct Entry {
    text: Utf32String,
    /// `text` lower-cased and with diacritics folded, character for character: most names
    /// become ASCII, which nucleo matches several times faster. Used for the common query
    /// that is lower-case without diacritics, where it gives the same answer as smart
    /// matching on `text`.
    folded: Utf32String,
    /// (field, character range in `text`)
    fields: Vec<(Field, Range<u32>)>,
}

/// One haystack char for one source char (nucleo's `From<&str>` takes graphemes, which would
/// shift highlight positions after a combining mark).
fn utf32(chars: impl Iterator<Item = char>) -> Utf32String {
    let chars: Vec<char> = chars.collect();
    if chars.iter().all(char::is_ascii) {
        Utf32String::Ascii(chars.into_iter().collect::<String>().into_boxed_str())
    } else {
        Utf32String::Unicode(chars.into_boxed_slice())
    }
}

fn fold(c: char) -> char {
    to_lower_case(normalize(c))
}

impl Entry {
    fn new(parts: &[(Field, &str)]) -> Entry {
        let mut joined = String::new();
        let mut fields = Vec::with_capacity(parts.len());
        let mut at = 0u32;
        for (field, value) in parts {
            if value.is_empty() {
                continue;
            }
            if !joined.is_empty() {
                joined.push(' ');
                at += 1;
            }
            let len = value.chars().count() as u32;
            joined.push_str(value);
            fields.push((*field, at..at + len));
            at += len;
        }
        Entry {
            text: utf32(joined.chars()),
            folded: utf32(joined.chars().map(fold)),
            fields,
        }
    }
}

/// Pre-converted haystacks, one per record, in the order of the account's list.
#[derive(Debug, Clone, Default)]
pub struct Index {
    entries: Vec<Entry>,
}

impl Index {
    /// People: name, email, username, title, company.
    pub fn people(people: &[Person]) -> Index {
        Index {
            entries: people
                .iter()
                .map(|p| {
                    let name = p.display_name();
                    let values = [
                        name.as_str(),
                        p.email.as_str(),
                        p.username.as_deref().unwrap_or(""),
                        p.title.as_deref().unwrap_or(""),
                        p.company.as_deref().unwrap_or(""),
                    ];
                    let parts: Vec<(Field, &str)> =
                        PERSON_FIELDS.iter().copied().zip(values).collect();
                    Entry::new(&parts)
                })
                .collect(),
        }
    }

    /// Projects: the title.
    pub fn projects(projects: &[Project]) -> Index {
        Index {
            entries: projects
                .iter()
                .map(|p| Entry::new(&[(Field::Title, p.title.as_str())]))
                .collect(),
        }
    }

    /// Sets the haystack of the person at `pos` (appends when `pos` is one past the end).
    pub fn set_person(&mut self, pos: usize, person: &Person) {
        let entry = Index::people(std::slice::from_ref(person))
            .entries
            .remove(0);
        self.set(pos, entry);
    }

    /// Sets the haystack of the project at `pos` (appends when `pos` is one past the end).
    pub fn set_project(&mut self, pos: usize, project: &Project) {
        let entry = Entry::new(&[(Field::Title, project.title.as_str())]);
        self.set(pos, entry);
    }

    fn set(&mut self, pos: usize, entry: Entry) {
        match self.entries.get_mut(pos) {
            Some(slot) => *slot = entry,
            None => self.entries.push(entry),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A parsed query: white-space separated fuzzy atoms, all of which must match.
#[derive(Clone)]
pub struct Query {
    raw: String,
    /// Smart case and smart normalisation, against the original text.
    pattern: Pattern,
    /// The query is already folded (lower-case, no diacritics): match the folded haystacks.
    folded: Option<Pattern>,
}

impl fmt::Debug for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Query").field(&self.raw).finish()
    }
}

impl Query {
    pub fn new(raw: &str) -> Query {
        // Plain fuzzy atoms: no fzf operators, so that typing more can only narrow.
        let folded = raw.chars().all(|c| fold(c) == c).then(|| {
            Pattern::new(
                raw,
                CaseMatching::Respect,
                Normalization::Never,
                AtomKind::Fuzzy,
            )
        });
        Query {
            raw: raw.to_string(),
            pattern: Pattern::new(
                raw,
                CaseMatching::Smart,
                Normalization::Smart,
                AtomKind::Fuzzy,
            ),
            folded,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }

    fn score(&self, entry: &Entry, matcher: &mut Matcher) -> Option<u32> {
        match &self.folded {
            Some(p) => p.score(entry.folded.slice(..), matcher),
            None => self.pattern.score(entry.text.slice(..), matcher),
        }
    }

    /// True when the query has no atom (empty or only spaces): everything matches.
    pub fn is_empty(&self) -> bool {
        self.pattern.atoms.is_empty()
    }

    /// Whether every record matching `self` also matches `older`, judged from the text:
    /// `self` is `older` with more typed at the end. (A trailing backslash could escape a
    /// space typed next and merge two atoms, so it disqualifies.)
    pub fn narrows(&self, older: &str) -> bool {
        self.raw.starts_with(older) && !older.ends_with('\\')
    }
}

/// Filters candidates with a query; remembers its last hits to search only them next time.
#[derive(Clone)]
pub struct Searcher {
    /// One matcher per thread that scores (nucleo matchers keep scratch memory).
    matchers: Vec<Matcher>,
    /// The last query and its hits in candidate order.
    last: Option<(String, Vec<usize>)>,
}

impl fmt::Debug for Searcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Searcher")
            .field("last_query", &self.last.as_ref().map(|l| l.0.as_str()))
            .finish()
    }
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher {
            matchers: vec![Matcher::new(Config::DEFAULT)],
            last: None,
        }
    }
}

impl Searcher {
    /// Forgets the last hits: the candidates changed (new data, another quick filter or sort).
    pub fn invalidate(&mut self) {
        self.last = None;
    }

    /// The candidates matching `query`, best first; equal scores keep candidate order.
    /// `candidates` are indexes into `index`, in the current sort order.
    pub fn search(&mut self, index: &Index, query: &Query, candidates: &[usize]) -> Vec<usize> {
        if query.is_empty() {
            self.last = None;
            return candidates.to_vec();
        }
        let narrowed: Option<Vec<usize>> = match self.last.take() {
            Some((old, hits)) if query.narrows(&old) => Some(hits),
            _ => None,
        };
        let pool: &[usize] = narrowed.as_deref().unwrap_or(candidates);
        let mut scored = self.score_all(index, query, pool);
        self.last = Some((query.raw.clone(), scored.iter().map(|(i, _)| *i).collect()));
        // sort_by is stable: equal scores keep candidate order.
        scored.sort_by_key(|h| std::cmp::Reverse(h.1));
        scored.into_iter().map(|(i, _)| i).collect()
    }

    /// Scores `pool` in order, on several threads when it is large (each thread takes one
    /// contiguous chunk, so the result keeps the pool's order).
    fn score_all(&mut self, index: &Index, query: &Query, pool: &[usize]) -> Vec<(usize, u32)> {
        fn chunk(
            index: &Index,
            query: &Query,
            pool: &[usize],
            m: &mut Matcher,
        ) -> Vec<(usize, u32)> {
            pool.iter()
                .filter_map(|&i| {
                    let entry = index.entries.get(i)?;
                    query.score(entry, m).map(|s| (i, s))
                })
                .collect()
        }
        let threads = if pool.len() >= PARALLEL_FROM {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS))
        } else {
            1
        };
        while self.matchers.len() < threads {
            self.matchers.push(Matcher::new(Config::DEFAULT));
        }
        if threads == 1 {
            return chunk(index, query, pool, &mut self.matchers[0]);
        }
        let size = pool.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = pool
                .chunks(size)
                .zip(self.matchers.iter_mut())
                .map(|(part, m)| scope.spawn(move || chunk(index, query, part, m)))
                .collect();
            let mut out = Vec::new();
            for h in handles {
                // A scoring thread cannot panic short of a bug in the matcher; if it did,
                // its part is simply left out rather than taking the console down.
                if let Ok(part) = h.join() {
                    out.extend(part);
                }
            }
            out
        })
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

/// Pools at least this large are scored on several threads.
const PARALLEL_FROM: usize = 16_384;
const MAX_THREADS: usize = 4;

thread_local! {
    static HIGHLIGHTER: RefCell<Matcher> = RefCell::new(Matcher::new(Config::DEFAULT));
}

/// The matched letters of `field` of record `item`, as character positions within that field's
/// text, sorted and unique. Empty when nothing in that field matched.
pub fn highlight(index: &Index, item: usize, query: &Query, field: Field) -> Vec<u32> {
    let Some(entry) = index.entries.get(item) else {
        return Vec::new();
    };
    let Some((_, range)) = entry.fields.iter().find(|(f, _)| *f == field) else {
        return Vec::new();
    };
    if query.is_empty() {
        return Vec::new();
    }
    let mut indices = Vec::new();
    HIGHLIGHTER.with(|m| {
        let mut m = m.borrow_mut();
        let _ = query
            .pattern
            .indices(entry.text.slice(..), &mut m, &mut indices);
    });
    indices.sort_unstable();
    indices.dedup();
    indices
        .into_iter()
        .filter(|i| range.contains(i))
        .map(|i| i - range.start)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{PersonId, RoleRef};

    fn person(id: u64, first: &str, last: &str, email: &str, company: Option<&str>) -> Person {
        Person {
            id: PersonId(id),
            name: None,
            first_name: Some(first.into()),
            last_name: Some(last.into()),
            email: email.into(),
            username: None,
            title: None,
            company: company.map(str::to_string),
            phone: None,
            role: RoleRef::None,
            suspended: false,
            status: None,
            last_active: None,
            created_at: None,
            updated_at: None,
            groups: vec![],
            raw: Default::default(),
        }
    }

    fn people() -> Vec<Person> {
        vec![
            person(1, "Anna", "Müller", "anna@acme.io", Some("Acme")),
            person(2, "Mary", "Smith", "mary@globex.io", Some("Globex")),
            person(3, "Mary", "Jones", "mjones@acme.io", Some("Acme")),
            person(4, "Jan", "Kowalski", "jan.k@acme.io", None),
        ]
    }

    fn names(p: &[Person], hits: &[usize]) -> Vec<String> {
        hits.iter().map(|i| p[*i].display_name()).collect()
    }

    #[test]
    fn diacritics_fold_and_words_are_anded() {
        let p = people();
        let index = Index::people(&p);
        let mut s = Searcher::default();
        let all: Vec<usize> = (0..p.len()).collect();
        assert_eq!(
            names(&p, &s.search(&index, &Query::new("mul"), &all)),
            ["Anna Müller"]
        );
        assert_eq!(
            names(&p, &s.search(&index, &Query::new("mary acme"), &all)),
            ["Mary Jones"]
        );
    }

    #[test]
    fn narrowing_searches_only_previous_hits() {
        let p = people();
        let index = Index::people(&p);
        let mut s = Searcher::default();
        let all: Vec<usize> = (0..p.len()).collect();
        let first = s.search(&index, &Query::new("ma"), &all);
        assert_eq!(s.pool_size(&Query::new("mar")), Some(first.len()));
        assert_eq!(s.pool_size(&Query::new("x")), None);
        let narrowed = s.search(&index, &Query::new("mary"), &all);
        let mut fresh = Searcher::default();
        assert_eq!(narrowed, fresh.search(&index, &Query::new("mary"), &all));
    }

    #[test]
    fn equal_scores_keep_candidate_order() {
        let p = people();
        let index = Index::people(&p);
        let mut s = Searcher::default();
        let hits = s.search(&index, &Query::new("mary"), &[2, 1]);
        assert_eq!(hits, vec![2, 1]);
        s.invalidate();
        let hits = s.search(&index, &Query::new("mary"), &[1, 2]);
        assert_eq!(hits, vec![1, 2]);
    }

    #[test]
    fn highlight_is_per_field() {
        let p = people();
        let index = Index::people(&p);
        let q = Query::new("mül");
        assert_eq!(highlight(&index, 0, &q, Field::Name), vec![5, 6, 7]);
        assert!(highlight(&index, 0, &q, Field::Email).is_empty());
        let q = Query::new("mjones");
        assert_eq!(
            highlight(&index, 2, &q, Field::Email),
            vec![0, 1, 2, 3, 4, 5]
        );
        assert!(highlight(&index, 2, &q, Field::Name).is_empty());
    }
}
