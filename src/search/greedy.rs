//! nucleo's greedy fuzzy score, for the case big pools are ranked in: an ASCII haystack and a
//! lower-case ASCII needle, ignoring case, without normalisation, nucleo's default
//! configuration. [`score`] gives exactly what `Matcher::fuzzy_match_greedy` gives there (the
//! test below compares the two over many haystacks), in fewer steps: the matched positions are
//! found 8 bytes at a time in a `u64` (forwards as nucleo's prefilter finds them, then
//! backwards for the latest start), and the score is summed over those positions (a gap of
//! `g` letters costs `g + 2`, and nucleo's per-letter penalties, saturating at zero, add up to
//! just that) instead of classifying every letter of the matched span.
//!
//! [`score_chars`] does the same for a haystack with other characters (a folded name in
//! Cyrillic or with a letter that folds to none, an email beside it) and a lower-case ASCII
//! needle: nucleo's own steps for that case, but with ASCII characters compared and classified
//! as bytes, where nucleo looks every character up in its case-folding table.

use nucleo_matcher::chars::{is_upper_case, to_lower_case};

/// nucleo's character classes, in its order (a word starts after anything below `Lower`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Whitespace,
    NonWord,
    Delimiter,
    Lower,
    Upper,
    /// A letter without case (CJK, say): never an ASCII byte.
    Letter,
    Number,
}

const fn class(b: u8) -> Class {
    match b {
        b'a'..=b'z' => Class::Lower,
        b'A'..=b'Z' => Class::Upper,
        b'0'..=b'9' => Class::Number,
        _ if b.is_ascii_whitespace() => Class::Whitespace,
        // `Config::DEFAULT`'s delimiters.
        b'/' | b',' | b':' | b';' | b'|' => Class::Delimiter,
        _ => Class::NonWord,
    }
}

// nucleo's scoring constants (`score.rs`) and `Config::DEFAULT`'s boundary bonuses.
const SCORE_MATCH: u16 = 16;
const BONUS_BOUNDARY: u16 = SCORE_MATCH / 2;
const BONUS_BOUNDARY_WHITE: u16 = BONUS_BOUNDARY + 2;
const BONUS_BOUNDARY_DELIMITER: u16 = BONUS_BOUNDARY + 1;
const BONUS_CAMEL123: u16 = BONUS_BOUNDARY - 3;
const BONUS_CONSECUTIVE: u16 = 4;
const PENALTY_GAP_START: u16 = 3;
const BONUS_FIRST_CHAR_MULTIPLIER: u16 = 2;

const fn bonus(prev: Class, class: Class) -> u16 {
    if class as u8 > Class::Delimiter as u8 {
        match prev {
            Class::Whitespace => return BONUS_BOUNDARY_WHITE,
            Class::Delimiter => return BONUS_BOUNDARY_DELIMITER,
            Class::NonWord => return BONUS_BOUNDARY,
            _ => {}
        }
    }
    match (prev, class) {
        (Class::Lower, Class::Upper) => BONUS_CAMEL123,
        (Class::Number, Class::Number) => 0,
        (_, Class::Number) => BONUS_CAMEL123,
        (_, Class::Whitespace) => BONUS_BOUNDARY_WHITE,
        (_, Class::NonWord) => BONUS_BOUNDARY,
        _ => 0,
    }
}

/// [`bonus`] of the byte at `at` after the one before it, looked up: its class's row in
/// a table of every pair of classes.
fn bonus_at(haystack: &[u8], at: usize) -> u16 {
    const CLASSES: [Class; 256] = {
        let mut t = [Class::NonWord; 256];
        let mut b = 0;
        while b < 256 {
            t[b] = class(b as u8);
            b += 1;
        }
        t
    };
    const BONUSES: [[u16; 7]; 7] = {
        let all = [
            Class::Whitespace,
            Class::NonWord,
            Class::Delimiter,
            Class::Lower,
            Class::Upper,
            Class::Letter,
            Class::Number,
        ];
        let mut t = [[0; 7]; 7];
        let mut p = 0;
        while p < 7 {
            let mut c = 0;
            while c < 7 {
                t[p][c] = bonus(all[p], all[c]);
                c += 1;
            }
            p += 1;
        }
        t
    };
    let prev = at
        .checked_sub(1)
        .map_or(Class::Whitespace, |i| CLASSES[usize::from(haystack[i])]);
    BONUSES[prev as usize][CLASSES[usize::from(haystack[at])] as usize]
}

/// nucleo's class of a haystack character (`Char::char_class` for `char`).
fn char_class(c: char) -> Class {
    if c.is_ascii() {
        return class(c as u8);
    }
    if c.is_lowercase() {
        Class::Lower
    } else if is_upper_case(c) {
        Class::Upper
    } else if c.is_numeric() {
        Class::Number
    } else if c.is_alphabetic() {
        Class::Letter
    } else if c.is_whitespace() {
        Class::Whitespace
    } else {
        Class::NonWord
    }
}

/// A haystack character as nucleo compares it with a needle letter while it finds the match,
/// ignoring case without normalisation (`Char::normalize`): every character case-folded.
#[cfg(test)]
fn folded(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        to_lower_case(c)
    }
}

/// Whether `folded(c)` is needle byte `b` (any ASCII byte but a capital), without looking up
/// characters beyond ASCII: only two of them fold into ASCII, the long s and the Kelvin sign
/// (a test checks every character).
fn folds_to(c: char, b: u8) -> bool {
    if c.is_ascii() {
        c.to_ascii_lowercase() == char::from(b)
    } else {
        matches!((c, b), ('\u{17f}', b's') | ('\u{212a}', b'k'))
    }
}

/// A haystack character's class, and the character as nucleo compares it while it scores
/// the match (`Char::char_class_and_normalize`): only upper-case characters case-folded.
fn class_and_folded(c: char) -> (char, Class) {
    if c.is_ascii() {
        return (c.to_ascii_lowercase(), class(c as u8));
    }
    let class = char_class(c);
    if class == Class::Upper {
        (to_lower_case(c), class)
    } else {
        (c, class)
    }
}

/// What the fast path makes of one haystack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Greedy {
    /// No match.
    Miss,
    Score(u16),
    /// A case this path does not cover (a needle as long as the haystack, which nucleo scores
    /// as an exact match, or a needle with anything but lower-case ASCII): ask nucleo.
    Ask,
}

/// Whether haystack byte `b` is needle byte `c` ignoring case (`c` is not an upper-case
/// letter).
#[inline]
fn same(b: u8, c: u8) -> bool {
    b | (u8::from(c.is_ascii_lowercase()) << 5) == c
}

/// The position of the first byte of `haystack[from..to]` equal to `c` ignoring case (`c` is
/// not an upper-case letter), looked for 8 bytes at a time in a `u64`.
#[inline]
fn find(haystack: &[u8], from: usize, to: usize, c: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let within = haystack.get(from..to)?;
    let fold = if c.is_ascii_lowercase() { 0x20 } else { 0 };
    let (chunks, rest) = within.as_chunks::<8>();
    let (fold8, want8) = (ONES * u64::from(fold), ONES * u64::from(c));
    for (k, chunk) in chunks.iter().enumerate() {
        let x = (u64::from_le_bytes(*chunk) | fold8) ^ want8;
        let zero = x.wrapping_sub(ONES) & !x & HIGHS;
        if zero != 0 {
            return Some(from + k * 8 + (zero.trailing_zeros() / 8) as usize);
        }
    }
    let base = from + chunks.len() * 8;
    rest.iter().position(|&b| b | fold == c).map(|i| base + i)
}

/// The position of the last byte of `haystack[from..to]` equal to `c` ignoring case (as
/// [`find`]), looked for 8 bytes at a time from the end.
#[inline]
fn rfind(haystack: &[u8], from: usize, to: usize, c: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOWS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let within = haystack.get(from..to)?;
    let fold = if c.is_ascii_lowercase() { 0x20 } else { 0 };
    let (rest, chunks) = within.as_rchunks::<8>();
    let (fold8, want8) = (ONES * u64::from(fold), ONES * u64::from(c));
    for (k, chunk) in chunks.iter().enumerate().rev() {
        let x = (u64::from_le_bytes(*chunk) | fold8) ^ want8;
        // The high bit of each byte of `x` that is 0, and of no other (no borrow between
        // bytes, unlike `find`'s test), so the highest one is the last match.
        let zero = !(((x & LOWS) + LOWS) | x | LOWS);
        if zero != 0 {
            return Some(from + rest.len() + k * 8 + (63 - zero.leading_zeros()) as usize / 8);
        }
    }
    rest.iter().rposition(|&b| b | fold == c).map(|i| from + i)
}

/// How far nucleo's first, forward pass got in one haystack: its first `letters` needle
/// letters found in order, each at its earliest place after the one before, the last just
/// before `end`. A needle that extends that one by more letters is found by going on from
/// `end` (the forward pass does not depend on what follows), so typing "dm" → "dmt" looks
/// for the "t" alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Ahead {
    pub(super) letters: usize,
    pub(super) end: usize,
}

impl Ahead {
    /// Nothing known: the forward pass starts from the haystack's start.
    pub(super) const NONE: Ahead = Ahead { letters: 0, end: 0 };

    /// Where to go on for `needle` in a haystack of `len`: the letters left and the place
    /// after the last one found, or `None` for a fresh start.
    fn resume(self, n: usize, len: usize) -> Option<(usize, usize)> {
        (self.letters > 0 && self.letters < n && self.end >= self.letters && self.end <= len)
            .then_some((self.letters, self.end))
    }
}

/// `Matcher::fuzzy_match_greedy` of `needle` in `haystack` (see the module documentation).
#[cfg(test)]
pub(super) fn score(haystack: &[u8], needle: &[u8]) -> Greedy {
    score_after(haystack, needle, Ahead::NONE).0
}

/// [`score`], going on from where the forward pass for a prefix of `needle` ended in this
/// haystack (`from`, [`Ahead::NONE`] if not known); also where the forward pass for the whole
/// needle ends, for the next letter typed ([`Ahead::NONE`] unless it was scored here).
pub(super) fn score_after(haystack: &[u8], needle: &[u8], from: Ahead) -> (Greedy, Ahead) {
    reached(needle, score_ascii(haystack, needle, from))
}

/// A search's answer for `needle` and where its forward pass ended (0: it did not run) as
/// the score and the [`Ahead`] for the next letter typed.
fn reached(needle: &[u8], found: Option<(Greedy, usize)>) -> (Greedy, Ahead) {
    match found {
        Some((score, end)) => (
            score,
            Ahead {
                letters: needle.len(),
                end,
            },
        ),
        None => (Greedy::Miss, Ahead::NONE),
    }
}

/// What needs no search (as [`score_ascii`] and [`chars`] answer): a needle longer than the
/// haystack misses, an empty one scores 0, and nucleo is asked about one as long as the
/// haystack (an exact match) or with anything but lower-case ASCII. `None`: search.
#[allow(
    clippy::option_option,
    reason = "no match, or a settled answer, or go on searching"
)]
fn settled(len: usize, needle: &[u8]) -> Option<Option<(Greedy, usize)>> {
    let n = needle.len();
    if n > len {
        Some(None)
    } else if n == 0 {
        Some(Some((Greedy::Score(0), 0)))
    } else if n == len
        || !needle
            .iter()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        Some(Some((Greedy::Ask, 0)))
    } else {
        None
    }
}

/// [`score_after`]'s work: `None` for no match, else the score (or [`Greedy::Ask`]) and where
/// the forward pass ended (0 when it did not run).
fn score_ascii(haystack: &[u8], needle: &[u8], from: Ahead) -> Option<(Greedy, usize)> {
    let n = needle.len();
    if let Some(settled) = settled(haystack.len(), needle) {
        return settled;
    }
    // nucleo's prefilter: the first needle letter among the first `len - n + 1` bytes, then
    // each next letter after the one before (or the letters not yet found, from where the
    // pass for the first ones ended: a match found so starts early enough).
    let (first, mut end, found) = match from.resume(n, haystack.len()) {
        Some((letters, end)) => (0, end, letters),
        None => {
            let first = find(haystack, 0, haystack.len() - n + 1, needle[0])?;
            (first, first + 1, 1)
        }
    };
    for &c in &needle[found..] {
        end = find(haystack, end, haystack.len(), c)? + 1;
    }
    // Then matched backwards from there: the latest start of the needle before `end` (and
    // not before `first`, where the needle's first letter is first found).
    let mut start = first;
    if end - first != n {
        let mut to = end;
        for &c in needle.iter().rev() {
            if to > first && same(haystack[to - 1], c) {
                to -= 1;
                continue;
            }
            let Some(at) = rfind(haystack, first, to, c) else {
                // Cannot happen (the forward pass found the needle from `first`).
                return Some((Greedy::Ask, 0));
            };
            to = at;
        }
        start = to;
    }
    // Scored forwards from `start`, matching greedily.
    let mut first_bonus = bonus_at(haystack, start);
    let mut score = SCORE_MATCH + first_bonus * BONUS_FIRST_CHAR_MULTIPLIER;
    let mut at = start;
    for &c in &needle[1..] {
        let next = if haystack.get(at + 1).is_some_and(|&b| same(b, c)) {
            at + 1
        } else {
            let Some(next) = find(haystack, at + 1, end, c) else {
                // Cannot happen (the needle fits from `start`); nucleo would know.
                return Some((Greedy::Ask, 0));
            };
            next
        };
        let gap = (next - at - 1) as u16;
        let mut b = bonus_at(haystack, next);
        if gap == 0 {
            if b >= BONUS_BOUNDARY && b > first_bonus {
                first_bonus = b;
            }
            b = b.max(first_bonus).max(BONUS_CONSECUTIVE);
        } else {
            score = score.saturating_sub(gap.saturating_add(PENALTY_GAP_START - 1));
            first_bonus = b;
        }
        score = score.wrapping_add(SCORE_MATCH + b);
        at = next;
    }
    Some((Greedy::Score(score), end))
}

/// `Matcher::fuzzy_match_greedy` of `needle` in a haystack of `char`s, as nucleo computes it
/// (`prefilter_non_ascii`, `fuzzy_match_greedy_`, `calculate_score`) with `Config::DEFAULT`,
/// ignoring case, without normalisation, for a lower-case ASCII needle.
#[cfg(test)]
pub(super) fn score_chars(haystack: &[char], needle: &[u8]) -> Greedy {
    score_chars_after(haystack, needle, Ahead::NONE).0
}

/// [`score_chars`], going on from `from` as [`score_after`] does.
pub(super) fn score_chars_after(haystack: &[char], needle: &[u8], from: Ahead) -> (Greedy, Ahead) {
    reached(needle, chars(haystack, needle, from))
}

/// [`score_chars_after`]'s work, as [`score_ascii`] is [`score_after`]'s.
fn chars(haystack: &[char], needle: &[u8], from: Ahead) -> Option<(Greedy, usize)> {
    let n = needle.len();
    if let Some(settled) = settled(haystack.len(), needle) {
        return settled;
    }
    let is = folds_to;
    // The first needle letter among the first `len - n + 1` characters, then the others in
    // order after it (or the letters not yet found, from where `from` ended): the match ends
    // after the last.
    let (mut start, mut end, found) = match from.resume(n, haystack.len()) {
        Some((letters, end)) => (0, end, letters),
        None => {
            let first = haystack[..haystack.len() - n + 1]
                .iter()
                .position(|&c| is(c, needle[0]))?;
            (first, first + 1, 1)
        }
    };
    if found < n {
        let mut k = found;
        let at = haystack[end..].iter().position(|&c| {
            if is(c, needle[k]) {
                k += 1;
            }
            k == n
        })?;
        end += at + 1;
    }
    // Matched backwards from there: the latest start of the needle before `end`.
    let mut left = n;
    for (i, &c) in haystack[start..end].iter().enumerate().rev() {
        if is(c, needle[left - 1]) {
            left -= 1;
            if left == 0 {
                start += i;
                break;
            }
        }
    }
    // Scored forwards from `start`, matching greedily, each letter between paying its gap.
    let mut prev = start
        .checked_sub(1)
        .map_or(Class::Whitespace, |i| char_class(haystack[i]));
    let first_class = char_class(haystack[start]);
    let mut first_bonus = bonus(prev, first_class);
    let mut score = SCORE_MATCH + first_bonus * BONUS_FIRST_CHAR_MULTIPLIER;
    prev = first_class;
    let mut next = 1.min(n - 1);
    let mut in_gap = false;
    let mut consecutive = true;
    for &c in &haystack[start + 1..end] {
        let (c, class) = class_and_folded(c);
        if c == char::from(needle[next]) {
            let mut b = bonus(prev, class);
            if consecutive {
                if b >= BONUS_BOUNDARY && b > first_bonus {
                    first_bonus = b;
                }
                b = b.max(first_bonus).max(BONUS_CONSECUTIVE);
            } else {
                first_bonus = b;
            }
            score = score.wrapping_add(SCORE_MATCH + b);
            in_gap = false;
            consecutive = true;
            next = (next + 1).min(n - 1);
        } else {
            let penalty = if in_gap { 1 } else { PENALTY_GAP_START };
            score = score.saturating_sub(penalty);
            in_gap = true;
            consecutive = false;
        }
        prev = class;
    }
    Some((Greedy::Score(score), end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use nucleo_matcher::{Config, Matcher, Utf32Str};

    /// A reproducible stream of numbers below the one asked for (xorshift from `seed`).
    fn numbers(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        }
    }

    fn nucleo(m: &mut Matcher, haystack: &str, needle: &str) -> Option<u16> {
        m.config.ignore_case = true;
        m.config.normalize = false;
        m.fuzzy_match_greedy(
            Utf32Str::Ascii(haystack.as_bytes()),
            Utf32Str::Ascii(needle.as_bytes()),
        )
    }

    /// Our score of `needle` in `haystack` is nucleo's greedy one; `true` when there was a
    /// score to compare (not left to nucleo).
    fn agrees_with_nucleo(m: &mut Matcher, haystack: &str, needle: &str) -> bool {
        let want = nucleo(m, haystack, needle);
        match score(haystack.as_bytes(), needle.as_bytes()) {
            Greedy::Ask => false,
            Greedy::Miss => {
                assert_eq!(want, None, "{needle:?} in {haystack:?}");
                false
            }
            Greedy::Score(s) => {
                assert_eq!(want, Some(s), "{needle:?} in {haystack:?}");
                true
            }
        }
    }

    #[test]
    fn scores_exactly_as_nucleos_greedy_matcher() {
        let mut m = Matcher::new(Config::DEFAULT);
        // Every character class, repeated letters, camel case and digits.
        let alphabet = b"aaabbmmMMgGiilLoO  ..@@--__//,,::;;||0019xXyYzZ\t";
        let mut next = numbers(0x9e37_79b9_7f4a_7c15u64);
        let mut compared = 0;
        for _ in 0..20_000 {
            let len = 1 + next(40);
            let haystack: String = (0..len)
                .map(|_| alphabet[next(alphabet.len())] as char)
                .collect();
            // Needles from the haystack (so most match) and from the alphabet.
            let nlen = 1 + next(6);
            let needle: String = (0..nlen)
                .map(|_| {
                    let b = if next(3) == 0 {
                        alphabet[next(alphabet.len())]
                    } else {
                        haystack.as_bytes()[next(len)]
                    };
                    b.to_ascii_lowercase() as char
                })
                .collect();
            compared += usize::from(agrees_with_nucleo(&mut m, &haystack, &needle));
        }
        assert!(compared > 5_000, "only {compared} scores compared");
        for (haystack, needle) in [
            ("Mary McDonald mary.mcdonald@gmail.com", "mcd"),
            ("Mary McDonald mary.mcdonald@gmail.com", "gmail"),
            ("Dmitri Ivanov dmitri.ivanov@gmail.com divanov Acme", "dmtr"),
            ("Dmitri Ivanov dmitri.ivanov@gmail.com divanov Acme", "g"),
            ("a", "a"),
            ("ab", "ab"),
        ] {
            let got = match score(haystack.as_bytes(), needle.as_bytes()) {
                Greedy::Score(s) => Some(s),
                Greedy::Miss => None,
                Greedy::Ask => nucleo(&mut m, haystack, needle),
            };
            assert_eq!(
                got,
                nucleo(&mut m, haystack, needle),
                "{needle:?} in {haystack:?}"
            );
        }
    }

    #[test]
    fn scores_haystacks_of_chars_exactly_as_nucleos_greedy_matcher() {
        let mut m = Matcher::new(Config::DEFAULT);
        m.config.ignore_case = true;
        m.config.normalize = false;
        // ASCII of every class, and characters nucleo folds or classifies apart: capitals with
        // and without a lower-case letter, letters that fold to ASCII (the Kelvin sign, long s),
        // lower-case letters that fold (final sigma), uncased letters, other digits, other
        // white space, combining marks, title case.
        let alphabet: Vec<char> =
            "aabmmMgGiIlo .@-_/,:;|09xXzZ\tßſ\u{212a}İıΣσςДдЖ李伟٣Ⅻ①\u{a0}\u{2028}éÉ\u{301}ǅñÑłŁ"
                .chars()
                .collect();
        let needles = b"abmgilokxzs09 .@-_/,:;|";
        let mut next = numbers(0x2545_f491_4f6c_dd1du64);
        let mut compared = 0;
        for _ in 0..40_000 {
            let len = 1 + next(40);
            let haystack: Vec<char> = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let nlen = 1 + next(5);
            let needle: Vec<u8> = (0..nlen)
                .map(|_| {
                    let c = haystack[next(len)];
                    match u8::try_from(c) {
                        Ok(b) if next(5) != 0 && b.is_ascii() => b.to_ascii_lowercase(),
                        _ => needles[next(needles.len())],
                    }
                })
                .collect();
            let want = m.fuzzy_match_greedy(Utf32Str::Unicode(&haystack), Utf32Str::Ascii(&needle));
            let shown = || {
                let h: String = haystack.iter().collect();
                format!("{:?} in {h:?}", String::from_utf8_lossy(&needle))
            };
            match score_chars(&haystack, &needle) {
                Greedy::Ask => {}
                Greedy::Miss => assert_eq!(want, None, "{}", shown()),
                Greedy::Score(s) => {
                    assert_eq!(want, Some(s), "{}", shown());
                    compared += 1;
                }
            }
        }
        assert!(compared > 5_000, "only {compared} scores compared");
    }

    #[test]
    fn going_on_from_a_prefixs_forward_pass_scores_as_starting_afresh() {
        // Typing a needle letter by letter, each step going on from the one before, gives
        // what scoring the whole needle from the start gives, in ASCII and in `char`s.
        let alphabet: Vec<char> = "aabmmMgGiIlo .@-_/,:;|09xXДдſ\u{212a}李éÉ"
            .chars()
            .collect();
        let mut next = numbers(0x853c_49e6_748f_ea9bu64);
        let mut resumed = 0;
        for round in 0..20_000 {
            let ascii = round % 2 == 0;
            let len = 1 + next(40);
            let haystack: Vec<char> = (0..len)
                .map(|_| {
                    loop {
                        let c = alphabet[next(alphabet.len())];
                        if c.is_ascii() || !ascii {
                            break c;
                        }
                    }
                })
                .collect();
            let text: String = haystack.iter().collect();
            let needle: Vec<u8> = (0..1 + next(6))
                .map(|_| match u8::try_from(haystack[next(len)]) {
                    Ok(b) if b.is_ascii() && next(5) != 0 => b.to_ascii_lowercase(),
                    _ => b"abmgilo .@09"[next(12)],
                })
                .collect();
            let after = |n: &[u8], from: Ahead| {
                if ascii {
                    score_after(text.as_bytes(), n, from)
                } else {
                    score_chars_after(&haystack, n, from)
                }
            };
            let mut from = Ahead::NONE;
            for k in 1..=needle.len() {
                let typed = after(&needle[..k], from);
                assert_eq!(
                    typed,
                    after(&needle[..k], Ahead::NONE),
                    "{:?} in {text:?} after {from:?}",
                    String::from_utf8_lossy(&needle[..k])
                );
                if from.letters > 0 && matches!(typed.0, Greedy::Score(_)) {
                    resumed += 1;
                }
                from = typed.1;
            }
        }
        assert!(
            resumed > 2_000,
            "only {resumed} scores went on from a prefix"
        );
    }

    /// The first (or last) place in `haystack[from..to]` of `c` ignoring case, a byte at a
    /// time: what [`find`] and [`rfind`] must give.
    fn by_bytes(haystack: &[u8], from: usize, to: usize, c: u8, last: bool) -> Option<usize> {
        let mut at = (from..to).filter(|&i| haystack[i].to_ascii_lowercase() == c);
        if last { at.next_back() } else { at.next() }
    }

    #[test]
    fn finds_bytes_8_at_a_time_as_a_byte_loop_does() {
        // Every start and end within 0..=24 bytes (every alignment, every length from 0 to 24,
        // so every remainder and chunk boundary), over haystacks with the wanted byte in
        // either case at random places, or nowhere, and bytes that differ from it by case bits
        // only ('@' and '`', '[' and '{') or above ASCII.
        let mut next = numbers(0x5851_f42d_4c95_7f2du64);
        let alphabet = b"aAbBzZ@`[{ .09\x80\xc1\xe1\xff";
        let wanted = b"abz@`[{ .09";
        let mut found = 0;
        for round in 0..3_000 {
            let len = next(25);
            let c = wanted[next(wanted.len())];
            let mut haystack: Vec<u8> = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            if round % 3 == 0 {
                // Only other bytes, but for one match at a chunk boundary (7, 8, 15, 16) if any.
                for b in &mut haystack {
                    if b.to_ascii_lowercase() == c {
                        *b = b'q';
                    }
                }
                let at = [7, 8, 15, 16][next(4)];
                if at < len && next(2) == 0 {
                    haystack[at] = if next(2) == 0 {
                        c
                    } else {
                        c.to_ascii_uppercase()
                    };
                }
            }
            for from in 0..=len {
                for to in from..=len {
                    for last in [false, true] {
                        let want = by_bytes(&haystack, from, to, c, last);
                        let got = if last {
                            rfind(&haystack, from, to, c)
                        } else {
                            find(&haystack, from, to, c)
                        };
                        assert_eq!(
                            got, want,
                            "{c:?} in {haystack:?}[{from}..{to}], last {last}"
                        );
                        found += usize::from(want.is_some());
                    }
                }
            }
        }
        assert!(found > 50_000, "only {found} bytes found");
        // Every ASCII byte but the capitals, in every place of 0 to 17 bytes.
        for c in (0u8..128).filter(|c| !c.is_ascii_uppercase()) {
            for len in 0..=17 {
                for at in 0..len {
                    for (other, b) in [(b'q', c), (b'q', c.to_ascii_uppercase()), (c ^ 0x20, c)] {
                        if other.to_ascii_lowercase() == c {
                            continue;
                        }
                        let mut haystack = vec![other; len];
                        haystack[at] = b;
                        for last in [false, true] {
                            let got = if last {
                                rfind(&haystack, 0, len, c)
                            } else {
                                find(&haystack, 0, len, c)
                            };
                            assert_eq!(
                                got,
                                by_bytes(&haystack, 0, len, c, last),
                                "{c} at {at} of {len}"
                            );
                        }
                    }
                }
            }
        }
        assert_eq!(
            find(b"abc", 2, 1, b'a'),
            None,
            "an empty range past its end"
        );
        assert_eq!(rfind(b"abc", 0, 4, b'a'), None, "a range past the haystack");
    }

    #[test]
    fn scores_generated_like_haystacks_exactly_as_nucleos_greedy_matcher() {
        // Long haystacks like the people index's (names, emails, titles, companies), so that
        // the forward pass, the backward pass and the score cross many 8-byte chunks.
        let mut m = Matcher::new(Config::DEFAULT);
        let words = [
            "Dmitri",
            "dmitri",
            "Ivanov",
            "van der Berg",
            "gmail.com",
            "acme.example",
            "Acme",
            "Studio",
            "GmbH",
            "QA Engineer",
            "d.m@x",
            "Data Analyst",
            "o'brien",
            "Mia2",
            "user.17",
            "McDonald",
            "mary",
        ];
        let needles = [
            "d", "dm", "dmt", "dmtr", "dmitri", "g", "gm", "gmail", "acme", "van", "mcd", "a",
            "ac", "@", ".", "2", "user.1", "mia",
        ];
        let mut next = numbers(0x1405_7b7e_f767_814fu64);
        let mut compared = 0;
        for _ in 0..20_000 {
            let haystack = (0..1 + next(10))
                .map(|_| words[next(words.len())])
                .collect::<Vec<_>>()
                .join(" ");
            let needle = needles[next(needles.len())];
            compared += usize::from(agrees_with_nucleo(&mut m, &haystack, needle));
        }
        assert!(compared > 10_000, "only {compared} scores compared");
    }

    #[test]
    fn only_the_long_s_and_the_kelvin_sign_fold_into_ascii() {
        // `folds_to` against `folded` for every character and every needle byte.
        let needle_bytes: Vec<u8> = (0u8..128).filter(|b| !b.is_ascii_uppercase()).collect();
        let mut into_ascii = Vec::new();
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let f = folded(c);
            if !c.is_ascii() && f.is_ascii() {
                into_ascii.push(c);
            }
            for &b in &needle_bytes {
                assert_eq!(folds_to(c, b), f == char::from(b), "{c:?} and {b}");
            }
        }
        assert_eq!(into_ascii, ['\u{17f}', '\u{212a}']);
    }

    #[test]
    fn leaves_to_nucleo_what_it_does_not_cover() {
        assert_eq!(score(b"ab", b"ab"), Greedy::Ask, "as long as the haystack");
        assert_eq!(score(b"abc", b"Ab"), Greedy::Ask, "upper case");
        assert_eq!(score(b"a", b"abc"), Greedy::Miss);
        assert_eq!(score(b"abc", b"zz"), Greedy::Miss);
    }
}
