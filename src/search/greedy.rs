//! nucleo's greedy fuzzy score, for the case big pools are ranked in: an ASCII haystack and a
//! lower-case ASCII needle, ignoring case, without normalisation, nucleo's default
//! configuration. [`score`] gives exactly what `Matcher::fuzzy_match_greedy` gives there (the
//! test below compares the two over many haystacks), in fewer steps: the matched positions are
//! found as nucleo's prefilter finds them (memchr), and the score is summed over those
//! positions (a gap of `g` letters costs `g + 2`, and nucleo's per-letter penalties, saturating
//! at zero, add up to just that) instead of classifying every letter of the matched span.
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

fn class(b: u8) -> Class {
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

fn bonus(prev: Class, class: Class) -> u16 {
    if class > Class::Delimiter {
        match prev {
            Class::Whitespace => return BONUS_BOUNDARY_WHITE,
            Class::Delimiter => return BONUS_BOUNDARY_DELIMITER,
            Class::NonWord => return BONUS_BOUNDARY,
            _ => {}
        }
    }
    if (prev == Class::Lower && class == Class::Upper)
        || (prev != Class::Number && class == Class::Number)
    {
        BONUS_CAMEL123
    } else if class == Class::Whitespace {
        BONUS_BOUNDARY_WHITE
    } else if class == Class::NonWord {
        BONUS_BOUNDARY
    } else {
        0
    }
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
fn folded(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        to_lower_case(c)
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

/// The position of the first byte of `haystack[from..to]` equal to `c` ignoring case (`c` is
/// not an upper-case letter): memchr's search, as nucleo's own prefilter does it.
fn find(haystack: &[u8], from: usize, to: usize, c: u8) -> Option<usize> {
    let within = haystack.get(from..to)?;
    let at = if c.is_ascii_lowercase() {
        memchr::memchr2(c, c.to_ascii_uppercase(), within)
    } else {
        memchr::memchr(c, within)
    };
    at.map(|i| from + i)
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
        let mut left = n;
        for at in (first..end).rev() {
            if haystack[at].to_ascii_lowercase() == needle[left - 1] {
                left -= 1;
                if left == 0 {
                    start = at;
                    break;
                }
            }
        }
    }
    // Scored forwards from `start`, matching greedily.
    let prev = start
        .checked_sub(1)
        .map_or(Class::Whitespace, |i| class(haystack[i]));
    let first_class = class(haystack[start]);
    let mut first_bonus = bonus(prev, first_class);
    let mut score = SCORE_MATCH + first_bonus * BONUS_FIRST_CHAR_MULTIPLIER;
    let mut at = start;
    for &c in &needle[1..] {
        let Some(next) = find(haystack, at + 1, end, c) else {
            // Cannot happen (the needle fits from `start`); nucleo would know.
            return Some((Greedy::Ask, 0));
        };
        let gap = (next - at - 1) as u16;
        let mut b = bonus(class(haystack[next - 1]), class(haystack[next]));
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
    let is = |c: char, b: u8| folded(c) == char::from(b);
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
            let want = nucleo(&mut m, &haystack, &needle);
            match score(haystack.as_bytes(), needle.as_bytes()) {
                Greedy::Ask => {}
                Greedy::Miss => assert_eq!(want, None, "{needle:?} in {haystack:?}"),
                Greedy::Score(s) => {
                    assert_eq!(want, Some(s), "{needle:?} in {haystack:?}");
                    compared += 1;
                }
            }
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

    #[test]
    fn leaves_to_nucleo_what_it_does_not_cover() {
        assert_eq!(score(b"ab", b"ab"), Greedy::Ask, "as long as the haystack");
        assert_eq!(score(b"abc", b"Ab"), Greedy::Ask, "upper case");
        assert_eq!(score(b"a", b"abc"), Greedy::Miss);
        assert_eq!(score(b"abc", b"zz"), Greedy::Miss);
    }
}
