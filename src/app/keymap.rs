//! The keymap: key → command per context, each with its description and whether it writes to
//! the account (and whether that write is dangerous). The `?` overlay and the hint bar are
//! generated from this one table, so they cannot drift from what the keys do.
//!
//! Keys are looked up in the active contexts from the innermost out (an overlay, the text
//! input, the focused pane, the view, then global), and the first binding wins. In read-only
//! mode bindings that write are left out of hints and help, and pressing one says why.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Everywhere, even while typing.
    Always,
    /// Everywhere outside overlays and text inputs.
    Global,
    /// Any list or pane that has a selection.
    Lists,
    /// The People view (list or card).
    People,
    /// The People list.
    PeopleList,
    /// The Projects view.
    Projects,
    /// The Projects list.
    ProjectsList,
    /// The selected person's card (their memberships).
    PersonCard,
    /// The selected project's member list.
    ProjectMembers,
    /// Typing a filter after `/`.
    FilterInput,
    /// The help overlay.
    Help,
}

impl Context {
    /// The heading of this context's section in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Context::Always | Context::Global => "anywhere",
            Context::Lists => "lists",
            Context::People => "people",
            Context::PeopleList => "people list",
            Context::Projects => "projects",
            Context::ProjectsList => "projects list",
            Context::PersonCard => "person card",
            Context::ProjectMembers => "project members",
            Context::FilterInput => "while filtering",
            Context::Help => "this help",
        }
    }
}

/// What a key does. Writes (issue: writes) add their own variants here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    Help,
    ShowPeople,
    ShowProjects,
    NextPane,
    PrevPane,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    /// Open the selection in the next pane (or follow a membership to the other view).
    Open,
    /// Leave the pane, clear the filter, or go back along the breadcrumbs.
    Back,
    StartFilter,
    /// Keep the typed filter and go back to the list.
    AcceptFilter,
    /// Clear the typed filter (or, in help, close it).
    CancelFilter,
    DeleteChar,
    NextSort,
    ReverseSort,
    NextQuickFilter,
    Reload,
    CopyEmail,
    CloseHelp,
}

/// One key combination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Chord {
    pub const fn plain(code: KeyCode) -> Chord {
        Chord {
            code,
            mods: KeyModifiers::NONE,
        }
    }
    pub const fn ch(c: char) -> Chord {
        Chord::plain(KeyCode::Char(c))
    }
    pub const fn ctrl(c: char) -> Chord {
        Chord {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    /// The chord a key event stands for: Shift is part of the character already
    /// (`G`, `?`), so it is dropped for characters and Shift-Tab.
    pub fn of(key: &KeyEvent) -> Chord {
        let mut mods =
            key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if matches!(key.code, KeyCode::Char(_) | KeyCode::BackTab) {
            mods.remove(KeyModifiers::SHIFT);
        }
        Chord {
            code: key.code,
            mods,
        }
    }

    /// How the chord is written in help and hints.
    pub fn label(&self) -> String {
        let key = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("C-{key}")
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("M-{key}")
        } else {
            key
        }
    }
}

/// One line of the keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Chord],
    pub context: Context,
    pub command: Command,
    /// What it does, for the help overlay.
    pub desc: &'static str,
    /// A short label for the hint bar; `None` keeps it out of the hint bar.
    pub hint: Option<&'static str>,
    /// Sends a change to the account (left out in read-only mode).
    pub writes: bool,
    /// The change cannot be undone from here (asks for a typed confirmation).
    pub dangerous: bool,
}

impl Binding {
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(Chord::label)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

const fn read(
    keys: &'static [Chord],
    context: Context,
    command: Command,
    desc: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        keys,
        context,
        command,
        desc,
        hint,
        writes: false,
        dangerous: false,
    }
}

use Command as C;
use Context as X;

/// The default keymap (design/ux.md "Keys").
pub const BINDINGS: &[Binding] = &[
    read(&[Chord::ctrl('c')], X::Always, C::Quit, "quit", None),
    read(&[Chord::ch('q')], X::Global, C::Quit, "quit", Some("quit")),
    read(
        &[Chord::ch('?')],
        X::Global,
        C::Help,
        "this help (type to filter it)",
        Some("help"),
    ),
    read(
        &[Chord::ch('1')],
        X::Global,
        C::ShowPeople,
        "People view",
        None,
    ),
    read(
        &[Chord::ch('2')],
        X::Global,
        C::ShowProjects,
        "Projects view",
        None,
    ),
    read(
        &[Chord::plain(KeyCode::Tab)],
        X::Global,
        C::NextPane,
        "next pane",
        None,
    ),
    read(
        &[Chord::plain(KeyCode::BackTab)],
        X::Global,
        C::PrevPane,
        "previous pane",
        None,
    ),
    read(
        &[Chord::ch('r')],
        X::Global,
        C::Reload,
        "reload from the server",
        Some("reload"),
    ),
    read(
        &[Chord::ch('k'), Chord::plain(KeyCode::Up)],
        X::Lists,
        C::Up,
        "move up",
        None,
    ),
    read(
        &[Chord::ch('j'), Chord::plain(KeyCode::Down)],
        X::Lists,
        C::Down,
        "move down",
        None,
    ),
    read(
        &[Chord::ch('g'), Chord::plain(KeyCode::Home)],
        X::Lists,
        C::Top,
        "first row",
        None,
    ),
    read(
        &[Chord::ch('G'), Chord::plain(KeyCode::End)],
        X::Lists,
        C::Bottom,
        "last row",
        None,
    ),
    read(
        &[Chord::plain(KeyCode::PageUp)],
        X::Lists,
        C::PageUp,
        "page up",
        None,
    ),
    read(
        &[Chord::plain(KeyCode::PageDown)],
        X::Lists,
        C::PageDown,
        "page down",
        None,
    ),
    read(
        &[Chord::plain(KeyCode::Enter)],
        X::Lists,
        C::Open,
        "open the selection in the next pane",
        Some("open"),
    ),
    read(
        &[Chord::plain(KeyCode::Esc)],
        X::Lists,
        C::Back,
        "back: leave the pane, clear the filter, follow the breadcrumbs back",
        None,
    ),
    read(
        &[Chord::ch('/')],
        X::PeopleList,
        C::StartFilter,
        "fuzzy filter: name, email, username, title, company",
        Some("filter"),
    ),
    read(
        &[Chord::ch('s')],
        X::PeopleList,
        C::NextSort,
        "sort by the next column",
        Some("sort"),
    ),
    read(
        &[Chord::ch('S')],
        X::PeopleList,
        C::ReverseSort,
        "reverse the sort",
        None,
    ),
    read(
        &[Chord::ch('f')],
        X::PeopleList,
        C::NextQuickFilter,
        "quick filter: suspended, admins, in no project, never active",
        Some("quick filter"),
    ),
    read(
        &[Chord::ch('/')],
        X::ProjectsList,
        C::StartFilter,
        "fuzzy filter by title",
        Some("filter"),
    ),
    read(
        &[Chord::ch('s')],
        X::ProjectsList,
        C::NextSort,
        "sort by the next column",
        Some("sort"),
    ),
    read(
        &[Chord::ch('S')],
        X::ProjectsList,
        C::ReverseSort,
        "reverse the sort",
        None,
    ),
    read(
        &[Chord::ch('f')],
        X::ProjectsList,
        C::NextQuickFilter,
        "quick filter: active, archived, no members",
        Some("quick filter"),
    ),
    read(
        &[Chord::ch('y')],
        X::People,
        C::CopyEmail,
        "copy the email (OSC 52, works over SSH)",
        Some("copy email"),
    ),
    read(
        &[Chord::plain(KeyCode::Enter)],
        X::PersonCard,
        C::Open,
        "show the project",
        Some("go to project"),
    ),
    read(
        &[Chord::plain(KeyCode::Enter)],
        X::ProjectMembers,
        C::Open,
        "show the person",
        Some("go to person"),
    ),
    read(
        &[Chord::plain(KeyCode::Enter)],
        X::FilterInput,
        C::AcceptFilter,
        "keep the filter, back to the list",
        Some("keep"),
    ),
    read(
        &[Chord::plain(KeyCode::Esc)],
        X::FilterInput,
        C::CancelFilter,
        "clear the filter",
        Some("clear"),
    ),
    read(
        &[Chord::plain(KeyCode::Backspace)],
        X::FilterInput,
        C::DeleteChar,
        "delete a character",
        None,
    ),
    read(
        &[Chord::plain(KeyCode::Up)],
        X::FilterInput,
        C::Up,
        "move up",
        None,
    ),
    read(
        &[Chord::plain(KeyCode::Down)],
        X::FilterInput,
        C::Down,
        "move down",
        None,
    ),
    read(
        &[Chord::plain(KeyCode::Esc)],
        X::Help,
        C::CloseHelp,
        "clear the help filter, then close",
        Some("close"),
    ),
    read(
        &[Chord::ch('?')],
        X::Help,
        C::CloseHelp,
        "close (when the filter is empty)",
        None,
    ),
    read(
        &[Chord::plain(KeyCode::Backspace)],
        X::Help,
        C::DeleteChar,
        "delete a character",
        None,
    ),
    read(
        &[Chord::plain(KeyCode::Up)],
        X::Help,
        C::Up,
        "scroll up",
        None,
    ),
    read(
        &[Chord::plain(KeyCode::Down)],
        X::Help,
        C::Down,
        "scroll down",
        None,
    ),
];

/// What a key press resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Command(Command),
    /// A write key pressed in read-only mode: say why nothing happens.
    ReadOnly(&'static str),
    /// No binding: a character goes to the focused input, anything else is ignored.
    Unbound,
}

/// The keymap in use: the defaults, minus writes in read-only mode.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
    read_only: bool,
}

impl Keymap {
    pub fn new(read_only: bool) -> Keymap {
        Keymap::with_bindings(BINDINGS.to_vec(), read_only)
    }

    pub fn with_bindings(bindings: Vec<Binding>, read_only: bool) -> Keymap {
        Keymap {
            bindings,
            read_only,
        }
    }

    fn usable(&self, b: &Binding) -> bool {
        !(self.read_only && b.writes)
    }

    /// The command for `key` in the active contexts (innermost first).
    pub fn resolve(&self, contexts: &[Context], key: &KeyEvent) -> Resolved {
        let chord = Chord::of(key);
        for ctx in contexts {
            if let Some(b) = self
                .bindings
                .iter()
                .find(|b| b.context == *ctx && b.keys.contains(&chord))
            {
                if !self.usable(b) {
                    return Resolved::ReadOnly(b.desc);
                }
                return Resolved::Command(b.command);
            }
        }
        Resolved::Unbound
    }

    /// Bindings shown in the hint bar for these contexts, innermost first, one per command.
    pub fn hints(&self, contexts: &[Context]) -> Vec<(String, &'static str)> {
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for ctx in contexts {
            for b in self.bindings.iter().filter(|b| b.context == *ctx) {
                if let Some(h) = b.hint
                    && self.usable(b)
                    && !seen.contains(&b.command)
                {
                    seen.push(b.command);
                    out.push((b.keys_label(), h));
                }
            }
        }
        out
    }

    /// Every usable binding whose keys, description or context match `filter` (case-insensitive
    /// substring), in keymap order: what the help overlay lists.
    pub fn help_entries(&self, filter: &str) -> Vec<&Binding> {
        let f = filter.trim().to_lowercase();
        self.bindings
            .iter()
            .filter(|b| self.usable(b))
            .filter(|b| {
                f.is_empty()
                    || b.desc.to_lowercase().contains(&f)
                    || b.keys_label().to_lowercase().contains(&f)
                    || b.context.title().contains(&f)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn innermost_context_wins_and_shift_is_part_of_the_character() {
        let km = Keymap::new(false);
        let enter = key(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(
            km.resolve(&[X::PersonCard, X::Lists], &enter),
            Resolved::Command(C::Open)
        );
        assert_eq!(
            km.resolve(&[X::FilterInput, X::Always], &enter),
            Resolved::Command(C::AcceptFilter)
        );
        let big_g = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            km.resolve(&[X::Lists], &big_g),
            Resolved::Command(C::Bottom)
        );
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(
            km.resolve(&[X::FilterInput, X::Always], &q),
            Resolved::Unbound
        );
    }

    #[test]
    fn read_only_hides_writes_and_says_why() {
        const D: &[Chord] = &[Chord::ch('D')];
        let write = Binding {
            keys: D,
            context: X::People,
            command: C::Reload,
            desc: "delete the person",
            hint: Some("delete"),
            writes: true,
            dangerous: true,
        };
        let mut bindings = BINDINGS.to_vec();
        bindings.push(write);
        let rw = Keymap::with_bindings(bindings.clone(), false);
        let ro = Keymap::with_bindings(bindings, true);
        let d = key(KeyCode::Char('D'), KeyModifiers::SHIFT);
        assert_eq!(rw.resolve(&[X::People], &d), Resolved::Command(C::Reload));
        assert_eq!(
            ro.resolve(&[X::People], &d),
            Resolved::ReadOnly("delete the person")
        );
        assert!(rw.hints(&[X::People]).iter().any(|(_, h)| *h == "delete"));
        assert!(!ro.hints(&[X::People]).iter().any(|(_, h)| *h == "delete"));
        assert!(ro.help_entries("delete").iter().all(|b| !b.writes));
    }

    #[test]
    fn every_binding_is_described_and_no_key_is_bound_twice_in_a_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            assert!(!a.desc.is_empty());
            for b in &BINDINGS[i + 1..] {
                if a.context == b.context {
                    assert!(
                        !a.keys.iter().any(|k| b.keys.contains(k)),
                        "{:?} bound twice in {:?}",
                        a.keys,
                        a.context
                    );
                }
            }
        }
    }
}
