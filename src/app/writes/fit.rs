//! Whether a destructive dialog fits the terminal whole: its text, the input and both
//! buttons. The ui sizes every dialog box with [`rows`], and draws a destructive dialog only
//! when [`Dialog::fits`]; otherwise it shows how big the terminal must be. `update` asks the
//! same question before acting on a confirm button, so nothing is done from a button the
//! admin cannot see (a terminal shrunk while the dialog was open disables it until it shows).

/// Columns a dialog box loses to its borders and padding.
pub const FRAME_COLUMNS: u16 = 4;
/// Rows a dialog box loses to its borders.
pub const FRAME_ROWS: u16 = 2;

/// Rows `text` takes when wrapped at word boundaries into `inner` columns (a word longer than
/// a row is broken), as the dialog box wraps it.
pub fn rows(text: &str, inner: u16) -> u16 {
    let inner = usize::from(inner.max(1));
    let mut rows = 1usize;
    let mut col = 0usize;
    for word in text.split_inclusive(' ') {
        let w = word.chars().count();
        let visible = word.trim_end_matches(' ').chars().count();
        if col > 0 && col + visible > inner {
            rows += 1;
            col = 0;
        }
        if w > inner && col == 0 {
            rows += (w - 1) / inner;
            col = w % inner;
        } else {
            col += w;
        }
    }
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// A destructive dialog as plain text: every line, in order, and how wide it may get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dialog {
    pub lines: Vec<String>,
    pub max_width: u16,
}

impl Dialog {
    /// The box's height on a terminal `width` wide.
    pub fn height(&self, width: u16) -> u16 {
        let inner = self
            .max_width
            .min(width)
            .saturating_sub(FRAME_COLUMNS)
            .max(1);
        self.lines
            .iter()
            .map(|l| rows(l, inner))
            .fold(FRAME_ROWS, u16::saturating_add)
    }

    /// Whether all of it shows on a `width`×`height` terminal, the buttons (the last line)
    /// on one row.
    pub fn fits(&self, width: u16, height: u16) -> bool {
        let inner = self.max_width.min(width).saturating_sub(FRAME_COLUMNS);
        let buttons = self
            .lines
            .last()
            .map_or(0, |l| l.trim_end().chars().count());
        usize::from(inner) >= buttons.max(1) && self.height(width) <= height
    }

    /// The smallest terminal that shows all of it: full width, and the rows it then needs.
    pub fn needs(&self) -> (u16, u16) {
        (self.max_width, self.height(self.max_width))
    }

    /// "Delete needs a 66×9 terminal (this one is 40×12)": the refusal's headline.
    pub fn refusal(&self, what: &str, width: u16, height: u16) -> String {
        let (w, h) = self.needs();
        format!("{what} needs a {w}×{h} terminal (this one is {width}×{height})")
    }
}

/// The refusal's second sentence.
pub const REFUSAL_WHY: &str =
    "so that its text, input and both buttons show: enlarge it, or Esc cancels";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_wrap_at_words_and_break_long_ones() {
        assert_eq!(rows("", 10), 1);
        assert_eq!(rows("abc def", 10), 1);
        assert_eq!(rows("abcde fghij", 10), 2);
        assert_eq!(rows("abcdefghijklmnopqrstuvwxy", 10), 3);
    }

    #[test]
    fn a_dialog_fits_only_when_every_line_shows() {
        let d = Dialog {
            lines: vec!["one two three four".into(), "[ Cancel ] [ Delete ]".into()],
            max_width: 30,
        };
        assert!(d.fits(30, 4));
        assert!(!d.fits(30, 3));
        assert!(!d.fits(12, 4), "wrapped, it needs more rows");
        assert!(!d.fits(24, 10), "the buttons would wrap");
        assert_eq!(d.needs(), (30, 4));
    }
}
