//! `watch --every`: a duration as an admin writes it (`15m`, `1h30m`, `90s`, `2d`).
//!
//! A dozen lines of our own rather than a crate: only whole numbers of s, m, h and d are taken,
//! and the message for anything else says what is.

use std::time::Duration;

/// The shortest round interval: a round is at least one paced load, so shorter means back to back.
pub const MIN: Duration = Duration::from_secs(1);

/// The longest: a month is already rare for a poll.
pub const MAX: Duration = Duration::from_secs(30 * 86_400);

/// `"15m"` → 15 minutes; parts add up (`1h30m`); from [`MIN`] to [`MAX`].
pub fn parse(text: &str) -> Result<Duration, String> {
    let bad = || {
        format!(
            "`{text}` is not a duration: write whole numbers with s, m, h or d, e.g. 15m, 1h30m, 90s"
        )
    };
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return Err(bad()),
        };
        let n: u64 = digits.parse().map_err(|_| bad())?;
        digits.clear();
        total = n
            .checked_mul(unit)
            .and_then(|s| total.checked_add(s))
            .ok_or_else(bad)?;
    }
    if !digits.is_empty() || total == 0 && text.trim().is_empty() {
        return Err(bad());
    }
    let d = Duration::from_secs(total);
    if d < MIN {
        return Err(format!(
            "`{text}` is shorter than the shortest interval, 1s"
        ));
    }
    if d > MAX {
        return Err(format!("`{text}` is longer than the longest interval, 30d"));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_add_up_and_bad_text_says_what_is_taken() {
        assert_eq!(parse("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse("1d"), Ok(Duration::from_secs(86_400)));
        for bad in ["", "15", "m", "1.5h", "15 min", "-1s"] {
            assert!(parse(bad).unwrap_err().contains("not a duration"), "{bad}");
        }
        assert!(parse("0s").unwrap_err().contains("shortest"));
        assert!(parse("31d").unwrap_err().contains("longest"));
        assert!(
            parse("99999999999999999999d")
                .unwrap_err()
                .contains("not a duration")
        );
    }
}
