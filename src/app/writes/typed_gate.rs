//! The typed gate of a delete's confirmation: the text box and the two buttons that
//! [`super::offboard::TypedEmail`] (type the person's email) and
//! [`super::offboard::TypedCount`] (type `delete N`) share. Delete is enabled only while the
//! text typed is the phrase (trimmed, case-insensitive), and focus never rests on a disabled
//! Delete, so Enter on an unfinished phrase presses Cancel.

use super::super::text_line::{Edit, TextLine};

/// The two buttons of a confirmation; Cancel is where focus starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Button {
    #[default]
    Cancel,
    Confirm,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypedGate {
    phrase: String,
    typed: TextLine,
    focus: Button,
}

impl TypedGate {
    /// A gate opened on `phrase`, Cancel focused. An empty phrase never matches.
    pub fn new(phrase: &str) -> TypedGate {
        TypedGate {
            phrase: phrase.trim().to_string(),
            typed: TextLine::default(),
            focus: Button::Cancel,
        }
    }

    pub fn typed(&self) -> &TextLine {
        &self.typed
    }
    pub fn focus(&self) -> Button {
        self.focus
    }

    /// The typed text is the phrase: Delete is enabled.
    pub fn matches(&self) -> bool {
        !self.phrase.is_empty()
            && self
                .typed
                .as_str()
                .trim()
                .eq_ignore_ascii_case(&self.phrase)
    }

    /// Delete is focused and enabled: the one state a confirmation may be made in.
    pub fn pressed(&self) -> bool {
        self.focus == Button::Confirm && self.matches()
    }

    pub fn push(&mut self, c: char) {
        self.typed.insert(c);
        self.settle();
    }
    /// An editing key in the box (Backspace among them).
    pub fn edit(&mut self, edit: Edit) {
        self.typed.apply(edit);
        self.settle();
    }
    pub fn clear(&mut self) {
        self.typed.clear();
        self.settle();
    }

    /// Tab / arrows: to Delete only while it is enabled; back to Cancel always.
    pub fn toggle_focus(&mut self) {
        self.focus = match self.focus {
            Button::Cancel if self.matches() => Button::Confirm,
            _ => Button::Cancel,
        };
    }

    fn settle(&mut self) {
        if !self.matches() {
            self.focus = Button::Cancel;
        }
    }
}
