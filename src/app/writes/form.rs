//! A small form model shared by the edit and invite forms: text fields, a choice (the role)
//! and a toggle (v3's `send_invite`), one focused at a time, with the value each started from.

use crate::app::keymap::{Binding, Command, Context, keys, read, write};
use crate::app::text_line::{Edit, TextLine};
use crate::model::account::RoleRef;

#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    Text,
    /// Text that must look like an email address.
    Email,
    /// One of `options` (label, value); ←/→ change it.
    Choice {
        options: Vec<(String, RoleRef)>,
        selected: usize,
        original: usize,
    },
    /// Yes/no; Space flips it.
    Toggle {
        on: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The record's key ("first_name", "email", ...).
    pub key: &'static str,
    pub label: &'static str,
    pub value: TextLine,
    /// The value when the form opened (what "changed" is measured against).
    pub original: String,
    pub kind: FieldKind,
}

impl Field {
    pub fn text(key: &'static str, label: &'static str, value: &str) -> Field {
        Field {
            key,
            label,
            value: TextLine::new(value),
            original: value.to_string(),
            kind: if key == "email" {
                FieldKind::Email
            } else {
                FieldKind::Text
            },
        }
    }

    /// What the field shows: the text, or the chosen option's label, or yes/no.
    pub fn shown(&self) -> String {
        match &self.kind {
            FieldKind::Text | FieldKind::Email => self.value.as_str().to_string(),
            FieldKind::Choice {
                options, selected, ..
            } => options
                .get(*selected)
                .map(|(l, _)| l.clone())
                .unwrap_or_default(),
            FieldKind::Toggle { on } => if *on { "yes" } else { "no" }.to_string(),
        }
    }

    /// The shown value before any change.
    pub fn shown_original(&self) -> String {
        match &self.kind {
            FieldKind::Choice {
                options, original, ..
            } => options
                .get(*original)
                .map(|(l, _)| l.clone())
                .unwrap_or_default(),
            _ => self.original.clone(),
        }
    }

    pub fn changed(&self) -> bool {
        match &self.kind {
            FieldKind::Choice {
                selected, original, ..
            } => selected != original,
            _ => self.value.as_str().trim() != self.original.trim(),
        }
    }

    pub fn role(&self) -> Option<RoleRef> {
        match &self.kind {
            FieldKind::Choice {
                options, selected, ..
            } => options.get(*selected).map(|(_, r)| r.clone()),
            _ => None,
        }
    }
}

/// What a command did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    /// Handled inside the form (typing, moving).
    Handled,
    Submit,
    Cancel,
    /// Nothing to do for the focused field (←/→ on a text field): a typed key goes in as text.
    Ignored,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    /// What is wrong with the input, shown under the fields.
    pub error: Option<String>,
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Form {
        Form {
            fields,
            focus: 0,
            error: None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn value(&self, key: &str) -> String {
        self.get(key)
            .map(|f| f.value.as_str().trim().to_string())
            .unwrap_or_default()
    }

    /// A keymap command (see [`bindings`]) for the focused field.
    pub fn command(&mut self, c: Command) -> FormKey {
        let n = self.fields.len().max(1);
        let Some(field) = self.fields.get_mut(self.focus) else {
            return FormKey::Ignored;
        };
        let text = matches!(field.kind, FieldKind::Text | FieldKind::Email);
        match (c, &mut field.kind) {
            (Command::Cancel, _) => return FormKey::Cancel,
            (Command::Confirm, _) => return FormKey::Submit,
            (Command::NextField, _) => self.focus = (self.focus + 1) % n,
            (Command::PrevField, _) => self.focus = (self.focus + n - 1) % n,
            (Command::ClearInput, _) if text => field.value.clear(),
            (Command::DeleteChar, _) if text => field.value.apply(Edit::DeleteBack),
            (
                Command::PrevOption | Command::NextOption | Command::Toggle,
                FieldKind::Choice {
                    options, selected, ..
                },
            ) => {
                let len = options.len().max(1);
                *selected = if c == Command::PrevOption {
                    (*selected + len - 1) % len
                } else {
                    (*selected + 1) % len
                };
            }
            (
                Command::PrevOption | Command::NextOption | Command::Toggle,
                FieldKind::Toggle { on },
            ) => *on = !*on,
            _ => return FormKey::Ignored,
        }
        self.error = None;
        FormKey::Handled
    }

    /// A typed character for the focused text field (control characters dropped).
    pub fn type_char(&mut self, c: char) -> FormKey {
        match self.fields.get_mut(self.focus) {
            Some(f) if !c.is_control() && matches!(f.kind, FieldKind::Text | FieldKind::Email) => {
                f.value.insert(c);
                self.error = None;
                FormKey::Handled
            }
            _ => FormKey::Ignored,
        }
    }

    /// An editing key for the focused field; `false` when it is not a text field (←/→ then
    /// choose an option).
    pub fn edit(&mut self, edit: Edit) -> bool {
        match self.fields.get_mut(self.focus) {
            Some(f) if matches!(f.kind, FieldKind::Text | FieldKind::Email) => {
                f.value.apply(edit);
                self.error = None;
                true
            }
            _ => false,
        }
    }

    /// Pasted text into the focused text field (control characters dropped).
    pub fn paste(&mut self, text: &str) {
        if let Some(f) = self.fields.get_mut(self.focus)
            && matches!(f.kind, FieldKind::Text | FieldKind::Email)
        {
            f.value.insert_str(text);
        }
    }
}

/// The keys of a form (the edit and invite forms): fields, choices, typing, and Enter, which
/// does `submit` (`writes`: it sends the change). F1 shows them, since `?` types.
pub fn bindings(
    ctx: Context,
    submit: &'static str,
    submit_hint: &'static str,
    writes: bool,
) -> Vec<Binding> {
    let confirm = if writes {
        write(
            keys::ENTER,
            ctx,
            Command::Confirm,
            submit,
            Some(submit_hint),
            false,
        )
    } else {
        read(
            keys::ENTER,
            ctx,
            Command::Confirm,
            submit,
            Some(submit_hint),
        )
    };
    vec![
        read(
            keys::TAB_DOWN,
            ctx,
            Command::NextField,
            "next field",
            Some("next"),
        ),
        read(
            keys::BACKTAB_UP,
            ctx,
            Command::PrevField,
            "previous field",
            None,
        ),
        read(
            keys::LEFT,
            ctx,
            Command::PrevOption,
            "the previous role",
            Some("role"),
        ),
        read(
            keys::RIGHT,
            ctx,
            Command::NextOption,
            "the next role",
            Some("role"),
        ),
        read(
            keys::SPACE,
            ctx,
            Command::Toggle,
            "flip a yes/no field, or the next role (a space in text)",
            Some("toggle"),
        ),
        confirm,
        read(
            keys::ESC,
            ctx,
            Command::Cancel,
            "cancel: nothing is sent",
            Some("cancel"),
        ),
        read(
            keys::CTRL_U,
            ctx,
            Command::ClearInput,
            "clear the field",
            None,
        ),
        read(
            keys::BKSP,
            ctx,
            Command::DeleteChar,
            "delete a character",
            None,
        ),
        crate::app::keymap::help_typing(ctx),
    ]
}

/// Whether `email` has the form of an address: one `@`, something before it, a dotted domain
/// after it, no spaces or control characters.
pub fn valid_email(email: &str) -> bool {
    let e = email.trim();
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_form() {
        for ok in ["a@b.co", " jane.doe+x@acme.io "] {
            assert!(valid_email(ok), "{ok}");
        }
        for bad in [
            "", "jane", "jane@", "@acme.io", "a@b", "a@@b.c", "a b@c.d", "a@b..c", "a@.b",
        ] {
            assert!(!valid_email(bad), "{bad}");
        }
    }
}
