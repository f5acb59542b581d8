//! nucleo's greedy fuzzy score, for the case big pools are ranked in: an ASCII haystack and a
//! lower-case ASCII needle, ignoring case, without normalisation, nucleo's default
//! configuration. [`score`] gives exactly what `Matcher::fuzzy_match_greedy` gives there (the
//! test below compares the two over many haystacks), in fewer steps: the matched positions are
//! found as nucleo's prefilter finds them (memchr), and the score is summed over those
//! positions (a gap of `g` letters costs `g + 2`, and nucleo's per-letter penalties, saturating
//! at zero, add up to just that) instead of classifying every letter of the matched span.

/// nucleo's character classes, in its order (a word starts after anything below `Lower`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Whitespace,
    NonWord,
    Delimiter,
    Lower,
    Upper,
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

/// `Matcher::fuzzy_match_greedy` of `needle` in `haystack` (see the module documentation).
pub(super) fn score(haystack: &[u8], needle: &[u8]) -> Greedy {
    let n = needle.len();
    if n > haystack.len() {
        return Greedy::Miss;
    }
    if n == 0 {
        return Greedy::Score(0);
    }
    if n == haystack.len()
        || !needle
            .iter()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return Greedy::Ask;
    }
    // nucleo's prefilter: the first needle letter among the first `len - n + 1` bytes, then
    // each next letter after the one before.
    let Some(first) = find(haystack, 0, haystack.len() - n + 1, needle[0]) else {
        return Greedy::Miss;
    };
    let mut end = first + 1;
    for &c in &needle[1..] {
        match find(haystack, end, haystack.len(), c) {
            Some(at) => end = at + 1,
            None => return Greedy::Miss,
        }
    }
    // Then matched backwards from there: the latest start of the needle before `end`.
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
            return Greedy::Ask;
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
    Greedy::Score(score)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nucleo_matcher::{Config, Matcher, Utf32Str};

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
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
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
    fn leaves_to_nucleo_what_it_does_not_cover() {
        assert_eq!(score(b"ab", b"ab"), Greedy::Ask, "as long as the haystack");
        assert_eq!(score(b"abc", b"Ab"), Greedy::Ask, "upper case");
        assert_eq!(score(b"a", b"abc"), Greedy::Miss);
        assert_eq!(score(b"abc", b"zz"), Greedy::Miss);
    }
}
