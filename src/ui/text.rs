//! Turning server text into spans: sanitised (see [`crate::model::sanitize`]), with the matched
//! letters of a filter highlighted, and times shown relative to the state's "now".

use chrono::{DateTime, Utc};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::model::sanitize;

/// Server text as one span, control characters escaped.
pub fn server(text: &str, style: Style) -> Span<'static> {
    Span::styled(sanitize::display(text).into_owned(), style)
}

/// A text field's text with the cursor mark `▏` before character `cursor` (`None`: the field
/// has no focus, no mark). The mark sits in the text, so it shows under NO_COLOR and in a
/// captured screen alike.
pub fn with_cursor(
    text: &str,
    cursor: Option<usize>,
    style: Style,
    mark: Style,
) -> Vec<Span<'static>> {
    let Some(at) = cursor else {
        return vec![server(text, style)];
    };
    let split = text.char_indices().nth(at).map_or(text.len(), |(b, _)| b);
    let (before, after) = text.split_at(split);
    let mut spans = vec![server(before, style), Span::styled("▏", mark)];
    if !after.is_empty() {
        spans.push(server(after, style));
    }
    spans
}

/// Server text with the characters at `hits` (positions in the raw text) in `matched` style.
pub fn highlighted(text: &str, hits: &[u32], base: Style, matched: Style) -> Line<'static> {
    if hits.is_empty() {
        return Line::from(server(text, base));
    }
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_matched = false;
    for (c, src) in sanitize::display_mapped(text) {
        let m = hits.binary_search(&(src as u32)).is_ok();
        if m != run_matched && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_matched {
                    base.patch(matched)
                } else {
                    base
                },
            ));
        }
        run_matched = m;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(
            run,
            if run_matched {
                base.patch(matched)
            } else {
                base
            },
        ));
    }
    Line::from(spans)
}

/// "3 days ago" for an RFC 3339 time; the raw text (escaped) when it does not parse.
pub fn ago(now: DateTime<Utc>, when: Option<&str>) -> String {
    let Some(when) = when.map(str::trim).filter(|w| !w.is_empty()) else {
        return "never".into();
    };
    let Ok(t) = DateTime::parse_from_rfc3339(when) else {
        return sanitize::display(when).into_owned();
    };
    let secs = (now - t.with_timezone(&Utc)).num_seconds();
    if secs < 0 {
        return "just now".into();
    }
    let (n, unit) = match secs {
        0..60 => return "just now".into(),
        60..3600 => (secs / 60, "min"),
        3600..86_400 => (secs / 3600, "h"),
        86_400..2_592_000 => (secs / 86_400, "day"),
        2_592_000..31_536_000 => (secs / 2_592_000, "month"),
        _ => (secs / 31_536_000, "year"),
    };
    let plural = if n != 1 && unit != "min" && unit != "h" {
        "s"
    } else {
        ""
    };
    format!("{n} {unit}{plural} ago")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times() {
        let now = DateTime::parse_from_rfc3339("2026-11-27T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(ago(now, Some("2026-11-25T11:00:00Z")), "2 days ago");
        assert_eq!(ago(now, Some("2026-11-27T11:58:00Z")), "2 min ago");
        assert_eq!(ago(now, None), "never");
        assert_eq!(ago(now, Some("yesterday\u{1b}[2J")), "yesterday^[[2J");
    }

    #[test]
    fn highlight_lands_on_letters_after_escapes() {
        let line = highlighted("a\u{1b}bc", &[2], Style::new(), Style::new().bold());
        let parts: Vec<(String, bool)> = line
            .spans
            .iter()
            .map(|s| (s.content.to_string(), s.style == Style::new().bold()))
            .collect();
        assert_eq!(
            parts,
            vec![
                ("a^[".into(), false),
                ("b".into(), true),
                ("c".into(), false)
            ]
        );
    }
}
