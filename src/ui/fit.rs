//! Fitting text into cells: cutting a line to a width with an ellipsis (…) so a cut is never
//! silent, wrapping a line with a hanging indent, and sharing a row's width between columns
//! from what their content needs, most important column first.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// The ellipsis that marks cut text.
pub const ELLIPSIS: &str = "…";

/// `line` cut to `width` cells, its last cell an ellipsis when anything was cut.
pub fn cut(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let keep = width.saturating_sub(1);
    let mut used = 0;
    let mut spans = Vec::new();
    'spans: for span in line.spans {
        let mut text = String::new();
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > keep {
                if !text.is_empty() {
                    spans.push(Span::styled(text, span.style));
                }
                break 'spans;
            }
            used += w;
            text.push(c);
        }
        spans.push(Span::styled(text, span.style));
    }
    if width > 0 {
        spans.push(Span::raw(ELLIPSIS));
    }
    let mut out = Line::from(spans);
    out.alignment = line.alignment;
    out.style = line.style;
    out
}

/// Plain text cut to `width` cells with an ellipsis.
pub fn cut_str(text: &str, width: usize) -> String {
    cut(Line::from(text.to_string()), width).to_string()
}

/// `line` broken into rows of at most `width` cells, at spaces where it can and inside a word
/// only when the word alone is too long; rows after the first start with `indent` spaces.
/// Long values (an email, a list of groups) are wrapped, never cut.
pub fn wrap(line: Line<'static>, width: usize, indent: usize) -> Vec<Line<'static>> {
    if line.width() <= width || width <= indent + 1 {
        return vec![cut(line, width)];
    }
    let chars: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect();
    // Words: non-spaces with the spaces after them.
    let mut words: Vec<&[(char, Style)]> = Vec::new();
    let mut start = 0;
    for i in 1..=chars.len() {
        let ends = i == chars.len() || (chars[i - 1].0 == ' ' && chars[i].0 != ' ');
        if ends {
            words.push(&chars[start..i]);
            start = i;
        }
    }
    let w = |cs: &[(char, Style)]| {
        cs.iter()
            .map(|(c, _)| c.width().unwrap_or(0))
            .sum::<usize>()
    };
    let mut rows: Vec<Vec<(char, Style)>> = vec![Vec::new()];
    let mut used = 0;
    for word in words {
        let trimmed = word
            .iter()
            .rposition(|(c, _)| *c != ' ')
            .map_or(0, |p| p + 1);
        if used > indent && used + w(&word[..trimmed]) > width {
            rows.push(vec![(' ', Style::default()); indent]);
            used = indent;
        }
        for &(c, style) in word {
            let cw = c.width().unwrap_or(0);
            if used + cw > width {
                if c == ' ' {
                    continue;
                }
                rows.push(vec![(' ', Style::default()); indent]);
                used = indent;
            }
            used += cw;
            if let Some(row) = rows.last_mut() {
                row.push((c, style));
            }
        }
    }
    rows.into_iter().map(|row| styled_line(&row)).collect()
}

/// Characters back into spans, one per run of a style.
fn styled_line(chars: &[(char, Style)]) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    for &(c, style) in chars {
        match spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push(c),
            _ => spans.push(Span::styled(c.to_string(), style)),
        }
    }
    Line::from(spans)
}

/// A column's claim on a row: it is shown only with at least `min` cells, and wants `want`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    pub min: u16,
    pub want: u16,
}

/// Shares `space` cells between columns (`claims` in display order, `priority` giving the order
/// in which they are served, most important first), one cell between columns. Each column in
/// turn gets what it wants, or what is left when that is less; a column for which fewer than
/// its `min` cells are left is dropped (`None`). What is left at the end goes to the most
/// important column.
pub fn share(space: u16, claims: &[Claim], priority: &[usize]) -> Vec<Option<u16>> {
    let mut out: Vec<Option<u16>> = vec![None; claims.len()];
    let mut used: u16 = 0;
    for &i in priority {
        let Some(c) = claims.get(i) else { continue };
        // A column with nothing to show (the marks' while nothing is marked) takes no gap.
        if c.want == 0 {
            continue;
        }
        let gap = u16::from(used > 0);
        let left = space.saturating_sub(used + gap);
        if left >= c.min.max(1) {
            let w = c.want.min(left);
            used += gap + w;
            out[i] = Some(w);
        }
    }
    if let Some(&first) = priority.first()
        && let Some(Some(w)) = out.get(first).copied()
    {
        out[first] = Some(w + space.saturating_sub(used));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_marks_the_cut() {
        assert_eq!(cut_str("agnieszka.muller@acme.example", 10), "agnieszka…");
        assert_eq!(cut_str("short", 10), "short");
        assert_eq!(cut_str("exactly10!", 10), "exactly10!");
    }

    #[test]
    fn wrap_indents_the_rest() {
        let rows = wrap(Line::from("email    a.very.long@example.com"), 20, 9);
        let rows: Vec<String> = rows.iter().map(ToString::to_string).collect();
        assert_eq!(
            rows,
            vec!["email    a.very.long", "         @example.co", "         m"]
        );
        let rows = wrap(Line::from("status   active · seen 7 days ago"), 32, 9);
        let rows: Vec<String> = rows.iter().map(ToString::to_string).collect();
        assert_eq!(rows, vec!["status   active · seen 7 days ", "         ago"]);
    }

    #[test]
    fn name_first_then_the_rest_in_order() {
        let claims = [
            Claim { min: 8, want: 20 },
            Claim { min: 8, want: 30 },
            Claim { min: 4, want: 9 },
        ];
        // Everything fits: each gets what it wants, the rest to the first.
        assert_eq!(
            share(70, &claims, &[0, 1, 2]),
            vec![Some(29), Some(30), Some(9)]
        );
        // Tight: the name gets all it wants, the email what is left, the role nothing.
        assert_eq!(
            share(40, &claims, &[0, 1, 2]),
            vec![Some(20), Some(19), None]
        );
        assert_eq!(
            share(56, &claims, &[0, 1, 2]),
            vec![Some(20), Some(30), Some(4)]
        );
        // Too tight for the name's want: it takes what there is.
        assert_eq!(share(15, &claims, &[0, 1, 2]), vec![Some(15), None, None]);
    }
}
