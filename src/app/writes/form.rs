//! A small form model shared by the edit and invite forms: text fields, a choice (the role)
//! and a toggle (v3's `send_invite`), one focused at a time, with the value each started from.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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
    pub value: String,
    /// The value when the form opened (what "changed" is measured against).
    pub original: String,
    pub kind: FieldKind,
}

impl Field {
    pub fn text(key: &'static str, label: &'static str, value: &str) -> Field {
        Field {
            key,
            label,
            value: value.to_string(),
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
            FieldKind::Text | FieldKind::Email => self.value.clone(),
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
            _ => self.value.trim() != self.original.trim(),
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

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    /// Handled inside the form (typing, moving).
    Handled,
    Submit,
    Cancel,
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
            .map(|f| f.value.trim().to_string())
            .unwrap_or_default()
    }

    pub fn key(&mut self, key: KeyEvent) -> FormKey {
        let n = self.fields.len().max(1);
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let Some(field) = self.fields.get_mut(self.focus) else {
            return FormKey::Ignored;
        };
        match key.code {
            KeyCode::Esc => return FormKey::Cancel,
            KeyCode::Enter => return FormKey::Submit,
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % n,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + n - 1) % n,
            KeyCode::Char('u') if ctrl => {
                if matches!(field.kind, FieldKind::Text | FieldKind::Email) {
                    field.value.clear();
                }
            }
            KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')
                if matches!(
                    field.kind,
                    FieldKind::Choice { .. } | FieldKind::Toggle { .. }
                ) =>
            {
                match &mut field.kind {
                    FieldKind::Choice {
                        options, selected, ..
                    } => {
                        let len = options.len().max(1);
                        *selected = if key.code == KeyCode::Left {
                            (*selected + len - 1) % len
                        } else {
                            (*selected + 1) % len
                        };
                    }
                    FieldKind::Toggle { on } => *on = !*on,
                    _ => {}
                }
            }
            KeyCode::Backspace => {
                field.value.pop();
            }
            KeyCode::Char(c)
                if !ctrl
                    && !key.modifiers.contains(KeyModifiers::ALT)
                    && !c.is_control()
                    && matches!(field.kind, FieldKind::Text | FieldKind::Email) =>
            {
                field.value.push(c);
            }
            _ => return FormKey::Ignored,
        }
        self.error = None;
        FormKey::Handled
    }

    /// Pasted text into the focused text field (control characters dropped).
    pub fn paste(&mut self, text: &str) {
        if let Some(f) = self.fields.get_mut(self.focus)
            && matches!(f.kind, FieldKind::Text | FieldKind::Email)
        {
            f.value.extend(text.chars().filter(|c| !c.is_control()));
        }
    }
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
