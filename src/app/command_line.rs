//! The command line (`:`, as in k9s): every command of the keymap that works where it was
//! opened, by name, with its key and description, narrowed by a fuzzy match (nucleo, as the
//! lists' filter uses) on what is typed. Enter runs the selected command, Esc closes, and
//! `account NAME` switches to a configured account (`account` alone opens their picker).
//!
//! The text is a [`TextLine`], edited with the keys of every text field. Types and pure
//! functions only: `update` routes keys here and acts on the [`Outcome`].

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::keymap::{self, Binding, Command, Context, Keymap, Resolved};
use super::text_line::TextLine;

/// The open command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandLine {
    pub line: TextLine,
    /// The entry under the cursor, an index into [`CommandLine::entries`].
    pub selected: usize,
    /// The keymap contexts of the place it was opened from: their commands are listed.
    pub contexts: Vec<Context>,
}

/// One command the line can run, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The name it is typed (and rebound) by.
    pub name: &'static str,
    /// Its keys where the line was opened ("" when it has none).
    pub keys: String,
    pub desc: &'static str,
    pub command: Command,
}

/// What a key did to the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Close,
    /// Close, then run this command where the line was opened.
    Run(Command),
    /// Close, then switch to the configured account of this name.
    Account(String),
    /// The key quits (Ctrl-C): the caller does it.
    Quit,
}

/// The word that switches account: `account NAME`.
pub const ACCOUNT_WORD: &str = "account";

/// The command line's keys (the editing keys are every text field's).
pub fn bindings() -> Vec<Binding> {
    let x = Context::CommandLine;
    vec![
        keymap::read(
            keymap::keys::COLON,
            Context::Global,
            Command::CommandLine,
            "command line: run a command by name",
            None,
        ),
        keymap::read(
            keymap::keys::ENTER,
            x,
            Command::Confirm,
            "run the selected command",
            Some("run"),
        ),
        keymap::read(
            keymap::keys::ESC,
            x,
            Command::Cancel,
            "close",
            Some("close"),
        ),
        keymap::read(keymap::keys::UP, x, Command::Up, "previous command", None),
        keymap::read(keymap::keys::DOWN, x, Command::Down, "next command", None),
        keymap::help_typing(x),
    ]
}

impl CommandLine {
    pub fn new(contexts: Vec<Context>) -> CommandLine {
        CommandLine {
            contexts,
            ..CommandLine::default()
        }
    }

    /// The commands that match what is typed, best first (all of them, in keymap order, when
    /// nothing is typed).
    pub fn entries(&self, keys: &Keymap) -> Vec<Entry> {
        let all = commands(keys, &self.contexts);
        // Names are matched with their `_` as spaces, so a name typed as listed matches too.
        let query = self.line.as_str().trim().replace('_', " ");
        if query.is_empty() {
            return all;
        }
        let pattern = Pattern::parse(&query, CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buf = Vec::new();
        let mut scored: Vec<(u32, Entry)> = all
            .into_iter()
            .filter_map(|e| {
                // A match in the name counts double: `projects` before a description that
                // mentions projects.
                let name = e.name.replace('_', " ");
                let by_name = pattern
                    .score(Utf32Str::new(&name, &mut buf), &mut matcher)
                    .map(|s| s.saturating_mul(2));
                let hay = format!("{name} {}", e.desc);
                let by_all = pattern.score(Utf32Str::new(&hay, &mut buf), &mut matcher);
                Some((by_name.max(by_all)?, e))
            })
            .collect();
        scored.sort_by_key(|e| std::cmp::Reverse(e.0));
        scored.into_iter().map(|(_, e)| e).collect()
    }

    /// `account NAME` typed: the name.
    pub fn account_name(&self) -> Option<&str> {
        let text = self.line.as_str().trim_start();
        let rest = text.strip_prefix(ACCOUNT_WORD)?;
        let name = rest.strip_prefix(char::is_whitespace)?.trim();
        (!name.is_empty()).then_some(name)
    }

    /// A key for the line.
    pub fn on_key(&mut self, keys: &Keymap, key: &KeyEvent) -> Outcome {
        if let Some(edit) = keys.text_edit(key) {
            self.line.apply(edit);
            self.selected = 0;
            return Outcome::Stay;
        }
        match keys.resolve(&[Context::CommandLine, Context::Always], key) {
            Resolved::Command(Command::Quit) => Outcome::Quit,
            Resolved::Command(Command::Cancel) => Outcome::Close,
            Resolved::Command(Command::Confirm) => self.chosen(keys),
            Resolved::Command(Command::Up) => {
                self.selected = self.selected.saturating_sub(1);
                Outcome::Stay
            }
            Resolved::Command(Command::Down) => {
                let last = self.entries(keys).len().saturating_sub(1);
                self.selected = (self.selected + 1).min(last);
                Outcome::Stay
            }
            _ => {
                if let KeyCode::Char(c) = key.code
                    && !key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                {
                    self.type_str(&c.to_string());
                }
                Outcome::Stay
            }
        }
    }

    /// Text typed or pasted at the cursor (control characters dropped).
    pub fn type_str(&mut self, text: &str) {
        for c in text.chars().filter(|c| !c.is_control()) {
            self.line.insert(c);
        }
        self.selected = 0;
    }

    /// What Enter does: switch account, or run the selected command.
    fn chosen(&self, keys: &Keymap) -> Outcome {
        if let Some(name) = self.account_name() {
            return Outcome::Account(name.to_string());
        }
        if self.line.as_str().trim() == ACCOUNT_WORD {
            return Outcome::Run(Command::Accounts);
        }
        match self.entries(keys).get(self.selected) {
            Some(e) => Outcome::Run(e.command),
            None => Outcome::Stay,
        }
    }
}

/// Every named command bound in `contexts` (innermost first), once, with its key there.
fn commands(keys: &Keymap, contexts: &[Context]) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for ctx in contexts {
        for b in keys.bindings().iter().filter(|b| b.context == *ctx) {
            let Some(name) = b.command.name() else {
                continue;
            };
            if b.command == Command::CommandLine
                || !keys.allows(b)
                || out.iter().any(|e| e.command == b.command)
            {
                continue;
            }
            out.push(Entry {
                name,
                keys: b.keys_label(),
                desc: b.desc,
                command: b.command,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    fn views() -> Vec<Context> {
        vec![
            Context::PeopleList,
            Context::Lists,
            Context::People,
            Context::Global,
            Context::Always,
        ]
    }

    fn keymap() -> Keymap {
        crate::app::state::default_keymap(false)
    }

    fn typed(cl: &mut CommandLine, keys: &Keymap, text: &str) {
        for c in text.chars() {
            cl.on_key(keys, &KeyEvent::from(KeyCode::Char(c)));
        }
    }

    #[test]
    fn lists_the_places_commands_with_their_keys_and_narrows_fuzzily() {
        let keys = keymap();
        let mut cl = CommandLine::new(views());
        let all = cl.entries(&keys);
        let tomb = all
            .iter()
            .find(|e| e.name == "tombstones")
            .expect("a rare command is listed");
        assert_eq!(tomb.keys, "T");
        assert!(all.iter().all(|e| e.command != Command::CommandLine));
        typed(&mut cl, &keys, "tombst");
        assert_eq!(cl.entries(&keys)[0].name, "tombstones");
        assert_eq!(
            cl.on_key(&keys, &KeyEvent::from(KeyCode::Enter)),
            Outcome::Run(Command::Tombstones)
        );
    }

    #[test]
    fn read_only_leaves_writes_out() {
        let keys = crate::app::state::default_keymap(true);
        let cl = CommandLine::new(views());
        assert!(cl.entries(&keys).iter().all(|e| e.name != "edit"));
    }

    #[test]
    fn account_name_switches_and_the_cursor_edits_it() {
        let keys = keymap();
        let mut cl = CommandLine::new(views());
        typed(&mut cl, &keys, "account lbb");
        cl.on_key(&keys, &KeyEvent::from(KeyCode::Left));
        cl.on_key(&keys, &KeyEvent::from(KeyCode::Backspace));
        typed(&mut cl, &keys, "a");
        assert_eq!(
            cl.on_key(&keys, &KeyEvent::from(KeyCode::Enter)),
            Outcome::Account("lab".into())
        );
        let mut alone = CommandLine::new(views());
        typed(&mut alone, &keys, "account");
        assert_eq!(
            alone.on_key(&keys, &KeyEvent::from(KeyCode::Enter)),
            Outcome::Run(Command::Accounts)
        );
    }
}
