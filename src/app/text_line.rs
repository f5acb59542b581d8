//! One line of typed text with a cursor, edited like a shell line: every text field (the list
//! filter, the help filter, the forms, the picker, the typed-email box) holds one.
//!
//! The editing keys are fixed (they are listed in `?` under "any text field", see
//! [`super::keymap`]): ←/→, Home/End, Ctrl-A/Ctrl-E, Ctrl-←/→ and Alt-b/Alt-f by word,
//! Backspace, Delete, Ctrl-W (word before), Ctrl-U (to the start), Ctrl-K (to the end).
//! A paste goes in at the cursor. No crate fit: tui-input's default features pull a ratatui of
//! its own choosing, and the line is ~150 lines with its tests.

use unicode_width::UnicodeWidthChar;

/// One editing step on a [`TextLine`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edit {
    Left,
    Right,
    Home,
    End,
    WordLeft,
    WordRight,
    /// Backspace: the character before the cursor.
    DeleteBack,
    /// Delete: the character under the cursor.
    DeleteForward,
    /// Ctrl-W: the word before the cursor (and the spaces after it).
    DeleteWordBack,
    /// Ctrl-U: everything before the cursor.
    DeleteToStart,
    /// Ctrl-K: everything from the cursor on.
    DeleteToEnd,
}

/// Text and a cursor between characters (0 = before the first, `len` = after the last), as a
/// character index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextLine {
    text: String,
    cursor: usize,
}

impl TextLine {
    /// `text` with the cursor at its end (control characters dropped).
    pub fn new(text: &str) -> Self {
        let text: String = text.chars().filter(|c| !c.is_control()).collect();
        let cursor = text.chars().count();
        Self { text, cursor }
    }

    /// `text` with the cursor at character `cursor` (or the end, if the text is shorter): for a
    /// field whose text lives elsewhere (a list's query) and only the cursor here.
    pub fn at(text: &str, cursor: usize) -> Self {
        let mut line = Self::new(text);
        line.cursor = cursor.min(line.cursor);
        line
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The cursor as a character index.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The text before the cursor.
    pub fn before_cursor(&self) -> &str {
        &self.text[..self.byte(self.cursor)]
    }

    /// The text from the cursor on.
    pub fn after_cursor(&self) -> &str {
        &self.text[self.byte(self.cursor)..]
    }

    /// Columns the text before the cursor takes on screen.
    pub fn cursor_width(&self) -> usize {
        self.before_cursor()
            .chars()
            .map(|c| c.width().unwrap_or(0))
            .sum()
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// A typed character at the cursor (control characters dropped).
    pub fn insert(&mut self, c: char) {
        if !c.is_control() {
            let at = self.byte(self.cursor);
            self.text.insert(at, c);
            self.cursor += 1;
        }
    }

    /// Pasted text at the cursor (control characters, line breaks included, dropped).
    pub fn insert_str(&mut self, text: &str) {
        text.chars().for_each(|c| self.insert(c));
    }

    pub fn apply(&mut self, edit: Edit) {
        let chars: Vec<char> = self.text.chars().collect();
        let len = chars.len();
        let cur = self.cursor.min(len);
        let back = |mut i: usize, word: &dyn Fn(char) -> bool| {
            while i > 0 && !word(chars[i - 1]) {
                i -= 1;
            }
            while i > 0 && word(chars[i - 1]) {
                i -= 1;
            }
            i
        };
        match edit {
            Edit::Left => self.cursor = cur.saturating_sub(1),
            Edit::Right => self.cursor = (cur + 1).min(len),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = len,
            Edit::WordLeft => self.cursor = back(cur, &is_word),
            Edit::WordRight => {
                let mut i = cur;
                while i < len && !is_word(chars[i]) {
                    i += 1;
                }
                while i < len && is_word(chars[i]) {
                    i += 1;
                }
                self.cursor = i;
            }
            Edit::DeleteBack if cur > 0 => self.delete(cur - 1, cur),
            Edit::DeleteForward if cur < len => self.delete(cur, cur + 1),
            Edit::DeleteBack | Edit::DeleteForward => {}
            // As a shell does: back over spaces, then over the word before them.
            Edit::DeleteWordBack => self.delete(back(cur, &|c| !c.is_whitespace()), cur),
            Edit::DeleteToStart => self.delete(0, cur),
            Edit::DeleteToEnd => self.delete(cur, len),
        }
    }

    /// Removes characters `from..to`; the cursor goes to `from`.
    fn delete(&mut self, from: usize, to: usize) {
        let range = self.byte(from)..self.byte(to);
        self.text.replace_range(range, "");
        self.cursor = from;
    }

    /// The byte offset of character `i` (the end for `i` past it).
    fn byte(&self, i: usize) -> usize {
        self.text
            .char_indices()
            .nth(i)
            .map_or(self.text.len(), |(b, _)| b)
    }
}

/// Word jumps stop at punctuation too, so they land inside an email ("ada|.lovelace|@acme").
fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, cursor: usize) -> TextLine {
        TextLine::at(text, cursor)
    }

    #[test]
    fn moves_by_character_and_to_the_ends() {
        let mut t = TextLine::new("abc");
        assert_eq!(t.cursor(), 3);
        t.apply(Edit::Left);
        assert_eq!(t.cursor(), 2);
        t.apply(Edit::Right);
        t.apply(Edit::Right);
        assert_eq!(t.cursor(), 3, "Right stops at the end");
        t.apply(Edit::Home);
        assert_eq!(t.cursor(), 0);
        t.apply(Edit::Left);
        assert_eq!(t.cursor(), 0, "Left stops at the start");
        t.apply(Edit::End);
        assert_eq!(t.cursor(), 3);
    }

    #[test]
    fn typing_and_pasting_go_in_at_the_cursor() {
        let mut t = at("ad@x.com", 1);
        t.insert('d');
        assert_eq!(t.as_str(), "add@x.com");
        t.apply(Edit::Home);
        t.insert_str("a\nb\x1b");
        assert_eq!(t.as_str(), "abadd@x.com", "control characters are dropped");
        assert_eq!(t.cursor(), 2);
    }

    #[test]
    fn word_jumps_stop_at_punctuation() {
        let mut t = TextLine::new("ada.lovelace@acme.example");
        t.apply(Edit::WordLeft);
        assert_eq!(t.before_cursor(), "ada.lovelace@acme.");
        t.apply(Edit::WordLeft);
        t.apply(Edit::WordLeft);
        assert_eq!(t.before_cursor(), "ada.");
        t.apply(Edit::WordRight);
        assert_eq!(t.before_cursor(), "ada.lovelace");
        t.apply(Edit::Home);
        t.apply(Edit::WordRight);
        assert_eq!(t.before_cursor(), "ada");
    }

    #[test]
    fn backspace_and_delete_take_the_character_before_and_under() {
        let mut t = at("abcd", 2);
        t.apply(Edit::DeleteBack);
        assert_eq!((t.as_str(), t.cursor()), ("acd", 1));
        t.apply(Edit::DeleteForward);
        assert_eq!((t.as_str(), t.cursor()), ("ad", 1));
        t.apply(Edit::End);
        t.apply(Edit::DeleteForward);
        assert_eq!(t.as_str(), "ad", "Delete at the end does nothing");
        t.apply(Edit::Home);
        t.apply(Edit::DeleteBack);
        assert_eq!(t.as_str(), "ad", "Backspace at the start does nothing");
    }

    #[test]
    fn ctrl_w_deletes_the_word_before_like_a_shell() {
        let mut t = TextLine::new("ada lovelace  ");
        t.apply(Edit::DeleteWordBack);
        assert_eq!(t.as_str(), "ada ");
        t.apply(Edit::DeleteWordBack);
        assert_eq!(t.as_str(), "");
        let mut t = at("one two three", 7);
        t.apply(Edit::DeleteWordBack);
        assert_eq!((t.as_str(), t.cursor()), ("one  three", 4));
    }

    #[test]
    fn ctrl_u_and_ctrl_k_delete_to_the_start_and_the_end() {
        let mut t = at("hello world", 5);
        t.apply(Edit::DeleteToStart);
        assert_eq!((t.as_str(), t.cursor()), (" world", 0));
        let mut t = at("hello world", 5);
        t.apply(Edit::DeleteToEnd);
        assert_eq!((t.as_str(), t.cursor()), ("hello", 5));
    }

    #[test]
    fn the_cursor_column_counts_wide_characters_twice() {
        let t = at("日本x", 2);
        assert_eq!(t.cursor_width(), 4);
    }
}
