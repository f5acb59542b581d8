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
//!   It reads the index in its own order and ranks the hits in candidate order (`searcher.rs`).
//!   Pools too big to rank precisely are ranked by nucleo's greedy score, which `greedy.rs`
//!   computes faster for lower-case ASCII needles (the same numbers), going on from where the
//!   last keystroke's forward pass ended when a letter is typed onto the last word.
//! - [`highlight`] gives the matched letters of one field of one record, for the rows on screen.

use std::cell::RefCell;
use std::fmt;
use std::ops::Range;

use nucleo_matcher::chars::{normalize, to_lower_case};
use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

use crate::model::account::{Person, Project};

mod greedy;
mod searcher;
use greedy::{Ahead, Greedy};
pub use searcher::Searcher;

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
    /// that is lower-case without diacritics, where it gives the same hits as smart matching
    /// on `text`. `None` where folding would only lower the case (ASCII text, most records):
    /// such a query then matches `text` ignoring case, exactly as smart case does.
    folded: Option<Utf32String>,
    /// (field, character range in `text`)
    fields: Vec<(Field, Range<u32>)>,
    /// Every character a query character could be compared with: a cheap pre-check.
    present: CharSet,
}

/// The characters of a haystack in every form nucleo may compare them in (as is, lower-cased,
/// normalised, both), so that "the query has a character this set lacks" proves no match.
#[derive(Debug, Clone, Default)]
struct CharSet {
    ascii: u128,
    /// Sorted, without repeats.
    wide: Box<[char]>,
}

impl CharSet {
    fn of(text: &str) -> CharSet {
        let mut ascii = 0u128;
        let mut wide = Vec::new();
        for h in text.chars() {
            let n = normalize(h);
            for c in [
                h,
                to_lower_case(h),
                n,
                to_lower_case(n),
                normalize(to_lower_case(h)),
            ] {
                if c.is_ascii() {
                    ascii |= 1u128 << (c as u32);
                } else {
                    wide.push(c);
                }
            }
        }
        wide.sort_unstable();
        wide.dedup();
        CharSet {
            ascii,
            wide: wide.into_boxed_slice(),
        }
    }
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
            folded: (!joined
                .chars()
                .all(|c| c.is_ascii() || (fold(c) == c && to_lower_case(c) == c)))
            .then(|| utf32(joined.chars().map(fold))),
            fields,
            present: CharSet::of(&joined),
        }
    }
}

/// How a haystack is stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Form {
    /// ASCII, in the byte buffer: read as is.
    #[default]
    Ascii,
    /// Other text, one `char` per character in the char buffer: read as is.
    Chars,
    /// Other text as UTF-8 in the byte buffer, decoded when read: a third to a quarter of
    /// [`Form::Chars`]'s size, for the text that is read only by queries with capitals or
    /// accents (and to highlight the rows on screen), not by the common lower-case query.
    Utf8,
}

/// Where one haystack lies in the index's buffers (`len` counts bytes for [`Form::Utf8`]).
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    len: u32,
    form: Form,
}

/// Pre-converted haystacks, one per record, in the order of the account's list.
///
/// Stored column by column in a few contiguous buffers rather than one allocation per record:
/// a search over 100,000 records is bound by memory traffic, so the pre-check reads only
/// the packed presence masks, and the records that pass it read their folded haystack
/// from one buffer.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Per record: the ASCII part of its [`CharSet`].
    ascii: Vec<u128>,
    /// Per record: its non-ASCII characters (sorted, without repeats) in `wide_chars`.
    wide: Vec<(u32, u32)>,
    wide_chars: Vec<char>,
    /// Per record: `Entry::folded` in `bytes` or `chars`; the same span as `text` where the
    /// record has no folded copy.
    folded: Vec<Span>,
    /// Per record: `Entry::text` in `bytes` or `chars`: as UTF-8 where the record has a
    /// folded copy (which the common query reads instead).
    text: Vec<Span>,
    /// ASCII haystacks, folded or not, and the UTF-8 texts.
    bytes: Vec<u8>,
    /// Non-ASCII haystacks, folded or not.
    chars: Vec<char>,
    /// Per record: how many characters each field ([`PERSON_FIELDS`] order; a project's title
    /// in [`Field::Title`]'s place) has in the haystack, 0 for a field left out. The haystack
    /// joins the non-empty fields in that order with one space, so the lengths give every
    /// field's range (20 bytes a record, where a list of ranges took about 50).
    field_lens: Vec<[u32; FIELDS]>,
}

const FIELDS: usize = PERSON_FIELDS.len();

/// `field`'s place in [`PERSON_FIELDS`].
fn slot(field: Field) -> usize {
    match field {
        Field::Name => 0,
        Field::Email => 1,
        Field::Username => 2,
        Field::Title => 3,
        Field::Company => 4,
    }
}

/// Appends `items` to `buffer`; the (start, length) where they went. Buffers stay far below
/// 4 GiB (an account's names and emails); past that a record would be left empty rather
/// than misplaced.
fn append<T: Copy>(buffer: &mut Vec<T>, items: &[T]) -> (u32, u32) {
    match (u32::try_from(buffer.len()), u32::try_from(items.len())) {
        (Ok(start), Ok(len)) if start.checked_add(len).is_some() => {
            buffer.extend_from_slice(items);
            (start, len)
        }
        _ => (0, 0),
    }
}

fn slice<T>(buffer: &[T], (start, len): (u32, u32)) -> &[T] {
    let start = start as usize;
    buffer.get(start..start + len as usize).unwrap_or(&[])
}

impl Index {
    /// People: name, email, username, title, company.
    pub fn people(people: &[Person]) -> Index {
        let mut index = Index::with_records(people.len());
        for p in people {
            index.set(index.len(), &Index::person_entry(p));
        }
        index.shrunk()
    }

    fn with_records(n: usize) -> Index {
        Index {
            ascii: Vec::with_capacity(n),
            wide: Vec::with_capacity(n),
            folded: Vec::with_capacity(n),
            text: Vec::with_capacity(n),
            field_lens: Vec::with_capacity(n),
            ..Index::default()
        }
    }

    /// Without the spare capacity the buffers grew with: a whole account's index is kept
    /// for the whole session.
    fn shrunk(mut self) -> Index {
        self.shrink_to_fit();
        self
    }

    /// Drops the spare capacity an index grown record by record (a load's pages) holds.
    pub fn shrink_to_fit(&mut self) {
        self.ascii.shrink_to_fit();
        self.wide.shrink_to_fit();
        self.folded.shrink_to_fit();
        self.text.shrink_to_fit();
        self.field_lens.shrink_to_fit();
        self.wide_chars.shrink_to_fit();
        self.bytes.shrink_to_fit();
        self.chars.shrink_to_fit();
    }

    fn person_entry(p: &Person) -> Entry {
        let name = p.display_name();
        let values = [
            name.as_str(),
            p.email(),
            p.username().unwrap_or(""),
            p.title().unwrap_or(""),
            p.company().unwrap_or(""),
        ];
        let parts: Vec<(Field, &str)> = PERSON_FIELDS.iter().copied().zip(values).collect();
        Entry::new(&parts)
    }

    /// Projects: the title.
    pub fn projects(projects: &[Project]) -> Index {
        let mut index = Index::with_records(projects.len());
        for p in projects {
            index.set(
                index.len(),
                &Entry::new(&[(Field::Title, p.title.as_str())]),
            );
        }
        index.shrunk()
    }

    /// Lines of free text, one record each (the Changes view's rows), searched as one field.
    pub fn lines<'a>(lines: impl ExactSizeIterator<Item = &'a str>) -> Index {
        let mut index = Index::with_records(lines.len());
        for line in lines {
            index.set(index.len(), &Entry::new(&[(Field::Name, line)]));
        }
        index.shrunk()
    }

    /// Sets the haystack of the person at `pos` (appends when `pos` is one past the end).
    pub fn set_person(&mut self, pos: usize, person: &Person) {
        self.set(pos, &Index::person_entry(person));
    }

    /// Sets the haystack of the project at `pos` (appends when `pos` is one past the end).
    pub fn set_project(&mut self, pos: usize, project: &Project) {
        self.set(pos, &Entry::new(&[(Field::Title, project.title.as_str())]));
    }

    /// Stores `entry` at `pos`, or appends it when `pos` is past the end. A replaced record's
    /// old text stays in the buffers unreferenced (edits are one record at a time; a reload
    /// builds a fresh index).
    fn set(&mut self, pos: usize, entry: &Entry) {
        let ascii = entry.present.ascii;
        let wide = append(&mut self.wide_chars, &entry.present.wide);
        let (text, folded) = match &entry.folded {
            Some(f) => (self.store_utf8(&entry.text), self.store(f)),
            None => {
                let text = self.store(&entry.text);
                (text, text)
            }
        };
        let mut fields = [0u32; FIELDS];
        for (field, range) in &entry.fields {
            fields[slot(*field)] = range.end - range.start;
        }
        if pos < self.ascii.len() {
            self.ascii[pos] = ascii;
            self.wide[pos] = wide;
            self.folded[pos] = folded;
            self.text[pos] = text;
            self.field_lens[pos] = fields;
        } else {
            self.ascii.push(ascii);
            self.wide.push(wide);
            self.folded.push(folded);
            self.text.push(text);
            self.field_lens.push(fields);
        }
    }

    fn store(&mut self, haystack: &Utf32String) -> Span {
        let ((start, len), form) = match haystack {
            Utf32String::Ascii(s) => (append(&mut self.bytes, s.as_bytes()), Form::Ascii),
            Utf32String::Unicode(c) => (append(&mut self.chars, c), Form::Chars),
        };
        Span { start, len, form }
    }

    /// Stores a haystack that is read only off the common path: non-ASCII text as UTF-8.
    fn store_utf8(&mut self, haystack: &Utf32String) -> Span {
        match haystack {
            Utf32String::Ascii(_) => self.store(haystack),
            Utf32String::Unicode(c) => {
                let text: String = c.iter().collect();
                let (start, len) = append(&mut self.bytes, text.as_bytes());
                Span {
                    start,
                    len,
                    form: Form::Utf8,
                }
            }
        }
    }

    /// A haystack as nucleo reads it; a UTF-8 one is decoded into `scratch`.
    fn haystack<'a>(&'a self, span: Span, scratch: &'a mut Vec<char>) -> Utf32Str<'a> {
        match span.form {
            Form::Ascii => Utf32Str::Ascii(slice(&self.bytes, (span.start, span.len))),
            Form::Chars => Utf32Str::Unicode(slice(&self.chars, (span.start, span.len))),
            Form::Utf8 => {
                scratch.clear();
                let bytes = slice(&self.bytes, (span.start, span.len));
                scratch.extend(String::from_utf8_lossy(bytes).chars());
                Utf32Str::Unicode(scratch)
            }
        }
    }

    /// Record `i`'s text (decoded into `scratch` where it is kept as UTF-8).
    fn text<'a>(&'a self, i: usize, scratch: &'a mut Vec<char>) -> Option<Utf32Str<'a>> {
        Some(self.haystack(*self.text.get(i)?, scratch))
    }

    /// Record `i`'s folded haystack (never UTF-8: this is the common query's path).
    fn folded(&self, i: usize) -> Option<Utf32Str<'_>> {
        let span = *self.folded.get(i)?;
        Some(match span.form {
            Form::Chars => Utf32Str::Unicode(slice(&self.chars, (span.start, span.len))),
            Form::Ascii | Form::Utf8 => Utf32Str::Ascii(slice(&self.bytes, (span.start, span.len))),
        })
    }

    /// Where `field` lies in record `i`'s haystack, in characters; `None` where it is empty.
    fn field_range(&self, i: usize, field: Field) -> Option<Range<u32>> {
        let lens = self.field_lens.get(i)?;
        let mut at = 0u32;
        for (k, len) in lens.iter().enumerate() {
            if *len == 0 {
                continue;
            }
            if at > 0 {
                at += 1;
            }
            if k == slot(field) {
                return Some(at..at + len);
            }
            at += len;
        }
        None
    }

    pub fn len(&self) -> usize {
        self.ascii.len()
    }

    /// The bytes its buffers hold on the heap (for the scale benchmark's memory budget).
    pub fn heap_bytes(&self) -> usize {
        fn bytes<T>(v: &Vec<T>) -> usize {
            v.capacity() * std::mem::size_of::<T>()
        }
        bytes(&self.ascii)
            + bytes(&self.wide)
            + bytes(&self.wide_chars)
            + bytes(&self.folded)
            + bytes(&self.text)
            + bytes(&self.bytes)
            + bytes(&self.chars)
            + bytes(&self.field_lens)
    }

    pub fn is_empty(&self) -> bool {
        self.ascii.is_empty()
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
    /// Characters every match must contain in some form: each one of an atom's needle
    /// (white space separates atoms; a backslash may escape, so neither is required).
    /// The ASCII ones as a mask like [`CharSet::ascii`], the others sorted.
    required_ascii: u128,
    required_wide: Vec<char>,
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
                CaseMatching::Ignore,
                Normalization::Never,
                AtomKind::Fuzzy,
            )
        });
        let mut required: Vec<char> = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\\')
            .collect();
        required.sort_unstable();
        required.dedup();
        let required_ascii = required
            .iter()
            .filter(|c| c.is_ascii())
            .fold(0u128, |mask, c| mask | 1u128 << (*c as u32));
        let required_wide = required.iter().copied().filter(|c| !c.is_ascii()).collect();
        Query {
            raw: raw.to_string(),
            required_ascii,
            required_wide,
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

    /// Scores one record; `None` when it does not match. `Effort::Quick` ranks folded queries
    /// with nucleo's greedy matcher (same hits, cheaper and rougher ranking).
    #[cfg(test)]
    fn score(&self, entry: &Entry, matcher: &mut Matcher, effort: Effort) -> Option<u32> {
        if !self.passes(entry.present.ascii, || &entry.present.wide) {
            return None;
        }
        let haystack = if self.folded.is_some() {
            entry.folded.as_ref().unwrap_or(&entry.text).slice(..)
        } else {
            entry.text.slice(..)
        };
        self.rank(haystack, matcher, effort)
    }

    /// The pre-check: whether a record with this [`CharSet`] (its ASCII mask, and its other
    /// characters, fetched only when the query has some) has every required character.
    fn passes<'a>(&self, ascii: u128, wide: impl FnOnce() -> &'a [char]) -> bool {
        if ascii & self.required_ascii != self.required_ascii {
            return false;
        }
        if self.required_wide.is_empty() {
            return true;
        }
        let wide = wide();
        self.required_wide
            .iter()
            .all(|c| wide.binary_search(c).is_ok())
    }

    /// Scores a record that passed the pre-check, given its folded haystack for a folded
    /// query and its text otherwise: the sum of [`Query::rank_atom`] over the atoms.
    #[cfg(test)]
    fn rank(&self, haystack: Utf32Str<'_>, matcher: &mut Matcher, effort: Effort) -> Option<u32> {
        let (atoms, _) = self.atoms();
        atoms.iter().try_fold(0u32, |sum, atom| {
            self.rank_atom(atom, haystack, matcher, effort)
                .map(|s| sum + s)
        })
    }

    /// The atoms [`Query::rank`] scores, and whether they are the folded ones (matched
    /// against the folded haystacks).
    fn atoms(&self) -> (&[Atom], bool) {
        match &self.folded {
            Some(p) => (&p.atoms, true),
            None => (&self.pattern.atoms, false),
        }
    }

    /// One atom's part of [`Query::rank`]: a record's score is the sum over the atoms (`None`
    /// when one does not match), as `Pattern::score` sums it, so a part already known for a
    /// record can be kept. `Effort::Quick` ranks folded queries with nucleo's greedy matcher
    /// (same hits, cheaper and rougher ranking), computed by `greedy.rs` for ASCII needles.
    #[cfg(test)]
    fn rank_atom(
        &self,
        atom: &Atom,
        haystack: Utf32Str<'_>,
        matcher: &mut Matcher,
        effort: Effort,
    ) -> Option<u32> {
        self.rank_atom_after(atom, haystack, matcher, effort, Ahead::NONE)
            .0
    }

    /// [`Query::rank_atom`], given where the greedy forward pass for a prefix of the atom's
    /// needle ended in this haystack ([`Ahead::NONE`] if not known); also where it ends for
    /// the whole needle, where `greedy.rs` scored it ([`Ahead::NONE`] otherwise).
    fn rank_atom_after(
        &self,
        atom: &Atom,
        haystack: Utf32Str<'_>,
        matcher: &mut Matcher,
        effort: Effort,
        from: Ahead,
    ) -> (Option<u32>, Ahead) {
        if self.folded.is_some() && effort == Effort::Quick {
            let (fast, ahead) = match (haystack, atom.needle_text()) {
                (Utf32Str::Ascii(h), Utf32Str::Ascii(n)) => greedy::score_after(h, n, from),
                (Utf32Str::Unicode(h), Utf32Str::Ascii(n)) => greedy::score_chars_after(h, n, from),
                (_, Utf32Str::Unicode(_)) => (Greedy::Ask, Ahead::NONE),
            };
            match fast {
                Greedy::Miss => return (None, ahead),
                Greedy::Score(s) => return (Some(u32::from(s)), ahead),
                Greedy::Ask => {}
            }
            // The folded pattern ignores case and never normalises: set that here, as
            // `Atom::score` would.
            matcher.config.ignore_case = true;
            matcher.config.normalize = false;
            let score = matcher.fuzzy_match_greedy(haystack, atom.needle_text());
            (score.map(u32::from), Ahead::NONE)
        } else {
            (atom.score(haystack, matcher).map(u32::from), Ahead::NONE)
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

/// How carefully hits are ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effort {
    /// nucleo's optimal alignment: the best ranking.
    Precise,
    /// nucleo's greedy alignment, for pools so large (the first letters typed over a large
    /// account) that latency matters more than the order among thousands of hits. The set of
    /// hits is the same; typing on narrows the pool and brings back
    /// [`Effort::Precise`].
    Quick,
}

/// Pools larger than this are ranked with [`Effort::Quick`]: with more hits than a few screens
/// hold, the user types on rather than reads down, and the pool soon shrinks below it.
const PRECISE_UP_TO: usize = 2_000;

thread_local! {
    static HIGHLIGHTER: RefCell<Matcher> = RefCell::new(Matcher::new(Config::DEFAULT));
}

/// The matched letters of `field` of record `item`, as character positions within that field's
/// text, sorted and unique. Empty when nothing in that field matched.
pub fn highlight(index: &Index, item: usize, query: &Query, field: Field) -> Vec<u32> {
    let mut scratch = Vec::new();
    let Some(text) = index.text(item, &mut scratch) else {
        return Vec::new();
    };
    let Some(range) = index.field_range(item, field) else {
        return Vec::new();
    };
    if query.is_empty() {
        return Vec::new();
    }
    let mut indices = Vec::new();
    HIGHLIGHTER.with(|m| {
        let mut m = m.borrow_mut();
        let _ = query.pattern.indices(text, &mut m, &mut indices);
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

    #[test]
    fn pre_check_and_quick_ranking_find_exactly_the_hits_of_nucleo() {
        let haystacks = [
            "Zoë Müller zoe.mueller@acme.example",
            "Łukasz Żółć lukasz@example.pl",
            "Oğuz Yılmaz oguz@firma.com.tr",
            "ÅSA ÖBERG asa.oberg@SVENSKA.se",
            "李 小龙 li@example.cn",
            "\u{1b}[31mEvil\u{1b}[0m evil@hostile.example",
            "İlker Işık ilker@örnek.tr",
            "Straße Weiß strasse@example.de",
            "back\\slash user@example.com",
            "Mary McDonald mary.McDonald@Example.COM MaryMcD",
        ];
        let queries = [
            "mul",
            "Mül",
            "müll",
            "zoe",
            "ZOË",
            "luk",
            "łuk",
            "zolc",
            "żółć",
            "oğ",
            "og",
            "yilm",
            "ılm",
            "ISIK",
            "ışık",
            "işık",
            "asa ob",
            "åsa",
            "ÅS",
            "李",
            "小龙 li",
            "evil",
            "[31",
            "ß",
            "weis",
            "weiß",
            "ss",
            "\\s",
            "k\\ s",
            "acme mul",
            "e x a",
            "q",
            "İl",
            "il",
            "mcd",
            "marymcd",
            "MaryM",
            "ma mc",
        ];
        let mut matcher = Matcher::new(Config::DEFAULT);
        for h in haystacks {
            let entry = Entry::new(&[(Field::Name, h)]);
            for q in queries {
                let query = Query::new(q);
                let plain = match &query.folded {
                    Some(p) => {
                        let folded = entry.folded.as_ref().unwrap_or(&entry.text);
                        let score = p.score(folded.slice(..), &mut matcher);
                        if entry.folded.is_none() {
                            // Without a folded copy the score is exactly smart case's.
                            assert_eq!(
                                score,
                                query.pattern.score(entry.text.slice(..), &mut matcher),
                                "query {q:?} on {h:?}"
                            );
                        }
                        score
                    }
                    None => query.pattern.score(entry.text.slice(..), &mut matcher),
                };
                assert_eq!(
                    query.score(&entry, &mut matcher, Effort::Precise),
                    plain,
                    "query {q:?} on {h:?}"
                );
                assert_eq!(
                    query.score(&entry, &mut matcher, Effort::Quick).is_some(),
                    plain.is_some(),
                    "quick ranking finds other hits: query {q:?} on {h:?}"
                );
            }
        }
    }

    #[test]
    fn the_packed_index_finds_what_each_record_alone_finds() {
        let titles = [
            "Zoë Müller",
            "Łukasz Żółć",
            "Oğuz Yılmaz",
            "ÅSA ÖBERG",
            "李 小龙",
            "İlker Işık",
            "Straße Weiß",
            "plain ascii title",
        ];
        let projects: Vec<Project> = (0..titles.len())
            .map(|i| Project::titled(i as u64, titles[i]))
            .collect();
        let mut index = Index::projects(&projects);
        // A replaced record is found by its new title only.
        index.set_project(7, &Project::titled(7, "Zoë Łukasz"));
        let titles = [&titles[..7], &["Zoë Łukasz"]].concat();
        let mut matcher = Matcher::new(Config::DEFAULT);
        let all: Vec<usize> = (0..titles.len()).collect();
        for q in [
            "zoe", "ZOË", "łuk", "zolc", "oğ", "og", "ılm", "ISIK", "işık", "åsa", "李", "ß",
            "weis", "plain", "z l",
        ] {
            let query = Query::new(q);
            let alone: Vec<usize> = titles
                .iter()
                .enumerate()
                .filter(|(_, t)| {
                    let entry = Entry::new(&[(Field::Title, t)]);
                    query.score(&entry, &mut matcher, Effort::Precise).is_some()
                })
                .map(|(i, _)| i)
                .collect();
            let mut found = Searcher::default().search(&index, &query, &all);
            found.sort_unstable();
            assert_eq!(found, alone, "query {q:?}");
        }
        assert_eq!(
            highlight(&index, 7, &Query::new("łuk"), Field::Title),
            vec![4, 5, 6]
        );
        // "Zoë Müller" has a folded copy, so its text is kept as UTF-8: a query with a capital
        // reads (and highlights) it decoded, character for character.
        assert_eq!(index.text[0].form, Form::Utf8);
        assert_eq!(index.text[4].form, Form::Chars, "李 小龙 folds to itself");
        assert_eq!(
            highlight(&index, 0, &Query::new("Mü"), Field::Title),
            vec![4, 5]
        );
    }

    fn person(id: u64, first: &str, last: &str, email: &str, company: Option<&str>) -> Person {
        crate::model::test_people::searchable(
            id,
            [Some(first), Some(last)],
            email,
            [None, None, company],
        )
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

    #[test]
    fn field_ranges_come_back_from_the_lengths_with_any_fields_left_out() {
        let words = ["", "Zoë", "de la Cruz", "李小龙", "a"];
        let mut index = Index::default();
        let mut entries = Vec::new();
        // Every combination of 5 fields, each empty or one of the words.
        for combo in 0..5usize.pow(5) {
            let mut n = combo;
            let values: Vec<&str> = (0..5)
                .map(|_| {
                    let w = words[n % 5];
                    n /= 5;
                    w
                })
                .collect();
            let parts: Vec<(Field, &str)> = PERSON_FIELDS.iter().copied().zip(values).collect();
            let entry = Entry::new(&parts);
            index.set(index.len(), &entry);
            entries.push(entry);
        }
        for (i, entry) in entries.iter().enumerate() {
            for field in PERSON_FIELDS {
                let want = entry
                    .fields
                    .iter()
                    .find(|(f, _)| *f == field)
                    .map(|(_, r)| r.clone());
                assert_eq!(index.field_range(i, field), want, "record {i}, {field:?}");
            }
        }
    }
}
