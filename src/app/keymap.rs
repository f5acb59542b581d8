//! The keymap: key → command per context, each with its description and whether it writes to
//! the account (and whether that write is dangerous). The `?` overlay and the hint bar are
//! generated from this one table, so they cannot drift from what the keys do.
//!
//! Keys are looked up in the active contexts from the innermost out (an overlay, the text
//! input, the focused pane, the view, then global), and the first binding wins. In read-only
//! mode bindings that write are left out of hints and help, and pressing one says why.

use std::borrow::Cow;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::text_line::Edit;

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
    /// Any text field (filter, help filter, forms, picker, typed email): the fixed editing keys,
    /// tried before the field's own context while a text field has the focus.
    TextInput,
    /// The edit form (`e`).
    EditForm,
    /// The invite form (`i`).
    InviteForm,
    /// The changed fields before saving an edit.
    EditReview,
    /// A save refused because the person changed on the server meanwhile.
    Conflict,
    /// The fuzzy picker that adds a membership.
    Picker,
    /// "Remove this membership?"
    ConfirmRemove,
    /// The offboarding review page.
    OffboardReview,
    /// Typing the email to enable Delete.
    TypedEmail,
    /// The journal's deleted people.
    Tombstones,
    /// "Recreate this person?"
    ConfirmRecreate,
    /// "A write is in flight; quit anyway?"
    ConfirmQuit,
    /// `sync review`, the plan review screen (its own program; see `dirsync::review`).
    SyncReview,
    /// The message log (see [`super::message_log`]).
    Messages,
    /// The command line after `:` (see `app::command_line`).
    CommandLine,
    /// The configured accounts, to switch to one (see `app::accounts`).
    AccountPicker,
    /// The audit overview (see `app::overview`).
    Overview,
    /// The Groups list (v3; see `app::groups`).
    GroupsList,
    /// The selected group's members.
    GroupMembers,
    /// The Changes view's list (see `app::changes`).
    ChangesList,
    /// "Suspend this person?" / "Reactivate this person?" (see `app::writes::suspend`).
    ConfirmSuspend,
    /// "Remove this person from the group?" (see `app::writes::group_members`).
    ConfirmGroupRemove,
    /// The batch of staged invites (`I`).
    StagedInvites,
    /// "Send these invitations?"
    ConfirmStaged,
    /// "Revoke the access of this person, keep the account?"
    ConfirmRevoke,
    /// "Restore the access a revocation removed?"
    ConfirmRestore,
    /// The bulk actions on the marked people (`B`).
    BulkMenu,
    /// "Remove the marked from this project?" / "Revoke the access of the marked?"
    BulkConfirm,
    /// The bulk offboarding's review page.
    BulkOffboardReview,
    /// Typing the count to enable a bulk Delete.
    TypedCount,
    /// What a bulk action did, item by item.
    BulkResult,
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
            Context::TextInput => "any text field",
            Context::EditForm => "edit form",
            Context::InviteForm => "invite form",
            Context::EditReview => "edit review",
            Context::Conflict => "edit conflict",
            Context::Picker => "project/person picker",
            Context::ConfirmRemove => "remove confirmation",
            Context::OffboardReview => "offboard review",
            Context::TypedEmail => "typed-email confirmation",
            Context::Tombstones => "deleted people",
            Context::ConfirmRecreate => "recreate confirmation",
            Context::ConfirmQuit => "quit while writing",
            Context::SyncReview => "sync review",
            Context::Messages => "message log",
            Context::CommandLine => "command line",
            Context::AccountPicker => "account picker",
            Context::Overview => "overview",
            Context::GroupsList => "groups list",
            Context::GroupMembers => "group members",
            Context::ChangesList => "changes",
            Context::ConfirmSuspend => "suspend confirmation",
            Context::ConfirmGroupRemove => "group remove confirmation",
            Context::StagedInvites => "staged invites",
            Context::ConfirmStaged => "send staged invites",
            Context::ConfirmRevoke => "revoke access confirmation",
            Context::ConfirmRestore => "restore access confirmation",
            Context::BulkMenu => "bulk actions",
            Context::BulkConfirm => "bulk confirmation",
            Context::BulkOffboardReview => "bulk offboard review",
            Context::TypedCount => "typed-count confirmation",
            Context::BulkResult => "bulk result",
        }
    }

    /// An overlay or modal: active only with [`Context::Always`], never with the views'
    /// contexts, so its keys may repeat theirs.
    pub fn exclusive(self) -> bool {
        !matches!(
            self,
            Context::Always
                | Context::Global
                | Context::Lists
                | Context::People
                | Context::PeopleList
                | Context::Projects
                | Context::ProjectsList
                | Context::PersonCard
                | Context::ProjectMembers
                | Context::Overview
                | Context::GroupsList
                | Context::GroupMembers
                | Context::ChangesList
        )
    }

    /// Typing goes to a text input here: a plain character is never rebound away from it.
    pub fn types(self) -> bool {
        matches!(
            self,
            Context::FilterInput
                | Context::Help
                | Context::EditForm
                | Context::InviteForm
                | Context::Picker
                | Context::TypedEmail
                | Context::TypedCount
                | Context::CommandLine
                | Context::StagedInvites
        )
    }
}

/// What a key does. The write commands (`Edit` to `Tombstones`) open a write modal
/// ([`super::writes`]); they are flagged `writes` in the bindings, so read-only leaves them out.
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
    /// Open the message log (see [`super::message_log`]).
    Messages,
    /// Stop the running load; what arrived stays.
    CancelLoad,
    /// Turn mouse input on or off (see [`super::mouse`]).
    ToggleMouse,
    CloseHelp,
    /// An editing key in the focused text field (fixed keys, see [`super::text_line`]).
    TextEdit(Edit),
    /// Writes (see `app::writes`): each opens its form or confirmation.
    Edit,
    Invite,
    AddMember,
    RemoveMember,
    Offboard,
    /// The journal's tombstones, to recreate a deleted person.
    Tombstones,
    /// A batch of invites, checked together before any is sent.
    StagedInvites,
    /// Offboarding: pick the new manager of a project the person manages.
    PickSuccessor,
    /// Offboarding: remove every membership and group, keep the account.
    RevokeAccess,
    /// Modals (see `app::writes` and `dirsync::review`): Enter's job there (submit the form,
    /// save, press the focused button, pick the selection).
    Confirm,
    /// Esc's job in a modal: close it, or go back one step.
    Cancel,
    NextField,
    PrevField,
    PrevOption,
    NextOption,
    /// Flip a yes/no field (or step a choice).
    Toggle,
    /// Empty the focused text input.
    ClearInput,
    /// Move the focus to the other button.
    SwitchButton,
    /// After a conflict: send your change again on the fresh record.
    Reapply,
    /// After a conflict: keep the server's record.
    DropMine,
    /// `sync review`: tick or untick the item, all items of its kind, save the ticks.
    Tick,
    TickKind,
    Save,
    /// Open the command line (`:`): every command by name, fuzzy.
    CommandLine,
    /// The configured accounts, to switch to one.
    Accounts,
    /// The audit overview.
    ShowOverview,
    /// Write the access review of the loaded account to a file (see [`super::access_review`]).
    AccessReview,
    /// The Groups view (v3).
    ShowGroups,
    /// The Changes view: what the live load changed over the snapshot.
    ShowChanges,
    /// Suspend the selected person, or reactivate a suspended one (an assumed write).
    Suspend,
    /// Marks (see [`super::marks`]): flip the selected row's, mark every row shown, clear all.
    ToggleMark,
    MarkShown,
    ClearMarks,
    /// The bulk actions on the marked people (see `app::writes::bulk`).
    Bulk,
}

impl Command {
    /// The name a user rebinds it by in the config's `[keymap]` table (shown in `?`).
    /// Text-input keys (Enter, Esc and Backspace while typing) are not rebindable.
    pub fn name(self) -> Option<&'static str> {
        Some(match self {
            Command::Quit => "quit",
            Command::Help => "help",
            Command::ShowPeople => "people",
            Command::ShowProjects => "projects",
            Command::NextPane => "next_pane",
            Command::PrevPane => "prev_pane",
            Command::Up => "up",
            Command::Down => "down",
            Command::Top => "top",
            Command::Bottom => "bottom",
            Command::PageUp => "page_up",
            Command::PageDown => "page_down",
            Command::Open => "open",
            Command::Back => "back",
            Command::StartFilter => "filter",
            Command::NextSort => "sort",
            Command::ReverseSort => "reverse_sort",
            Command::NextQuickFilter => "quick_filter",
            Command::Reload => "reload",
            Command::CopyEmail => "copy_email",
            Command::Messages => "messages",
            Command::CancelLoad => "cancel_load",
            Command::ToggleMouse => "mouse",
            Command::Edit => "edit",
            Command::Invite => "invite",
            Command::AddMember => "add_member",
            Command::RemoveMember => "remove_member",
            Command::Offboard => "offboard",
            Command::Tombstones => "tombstones",
            Command::StagedInvites => "staged_invites",
            Command::PickSuccessor => "successor",
            Command::RevokeAccess => "revoke_access",
            Command::Confirm => "confirm",
            Command::Cancel => "cancel",
            Command::NextField => "next_field",
            Command::PrevField => "prev_field",
            Command::PrevOption => "prev_option",
            Command::NextOption => "next_option",
            Command::Toggle => "toggle",
            Command::ClearInput => "clear_input",
            Command::SwitchButton => "switch_button",
            Command::Reapply => "reapply",
            Command::DropMine => "drop",
            Command::Tick => "tick",
            Command::TickKind => "tick_kind",
            Command::Save => "save",
            Command::CommandLine => "command_line",
            Command::Accounts => "accounts",
            Command::ShowOverview => "overview",
            Command::AccessReview => "access_review",
            Command::ShowGroups => "groups",
            Command::ShowChanges => "changes",
            Command::Suspend => "suspend",
            Command::ToggleMark => "mark",
            Command::MarkShown => "mark_shown",
            Command::ClearMarks => "clear_marks",
            Command::Bulk => "bulk",
            Command::AcceptFilter
            | Command::CancelFilter
            | Command::DeleteChar
            | Command::CloseHelp
            | Command::TextEdit(_) => return None,
        })
    }
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
    pub const fn mods(code: KeyCode, mods: KeyModifiers) -> Chord {
        Chord { code, mods }
    }
    pub const fn alt(c: char) -> Chord {
        Chord::mods(KeyCode::Char(c), KeyModifiers::ALT)
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

    /// A key that types a character into a text input (no Ctrl or Alt).
    pub fn types(&self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .mods
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
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

/// Key lists the modals' bindings share (a binding's keys are a `'static` slice).
pub mod keys {
    use super::Chord;
    use crossterm::event::KeyCode;

    pub const ENTER: &[Chord] = &[Chord::plain(KeyCode::Enter)];
    pub const ESC: &[Chord] = &[Chord::plain(KeyCode::Esc)];
    pub const ESC_BKSP: &[Chord] = &[Chord::plain(KeyCode::Esc), Chord::plain(KeyCode::Backspace)];
    pub const BKSP: &[Chord] = &[Chord::plain(KeyCode::Backspace)];
    pub const TAB_DOWN: &[Chord] = &[Chord::plain(KeyCode::Tab), Chord::plain(KeyCode::Down)];
    pub const BACKTAB_UP: &[Chord] = &[Chord::plain(KeyCode::BackTab), Chord::plain(KeyCode::Up)];
    pub const LEFT: &[Chord] = &[Chord::plain(KeyCode::Left)];
    pub const RIGHT: &[Chord] = &[Chord::plain(KeyCode::Right)];
    pub const UP: &[Chord] = &[Chord::plain(KeyCode::Up)];
    pub const DOWN: &[Chord] = &[Chord::plain(KeyCode::Down)];
    pub const UP_K: &[Chord] = &[Chord::plain(KeyCode::Up), Chord::ch('k')];
    pub const DOWN_J: &[Chord] = &[Chord::plain(KeyCode::Down), Chord::ch('j')];
    pub const PGUP: &[Chord] = &[Chord::plain(KeyCode::PageUp)];
    pub const PGDN: &[Chord] = &[Chord::plain(KeyCode::PageDown)];
    pub const SPACE: &[Chord] = &[Chord::ch(' ')];
    pub const CTRL_U: &[Chord] = &[Chord::ctrl('u')];
    pub const F1: &[Chord] = &[Chord::plain(KeyCode::F(1))];
    pub const QUESTION: &[Chord] = &[Chord::ch('?')];
    pub const COLON: &[Chord] = &[Chord::ch(':')];
    pub const CAP_A: &[Chord] = &[Chord::ch('A')];
    pub const THREE: &[Chord] = &[Chord::ch('3')];
    pub const FOUR: &[Chord] = &[Chord::ch('4')];
    /// The other button of a two-button confirmation.
    pub const SWITCH: &[Chord] = &[
        Chord::plain(KeyCode::Tab),
        Chord::plain(KeyCode::BackTab),
        Chord::plain(KeyCode::Left),
        Chord::plain(KeyCode::Right),
        Chord::ch('h'),
        Chord::ch('l'),
    ];
    /// [`SWITCH`] where letters type.
    /// (←/→ move the cursor there.)
    pub const SWITCH_TYPING: &[Chord] =
        &[Chord::plain(KeyCode::Tab), Chord::plain(KeyCode::BackTab)];
}

/// The keys of a two-button confirmation (Cancel focused first): switch, press, cancel, help.
/// `press` says what pressing the confirm button does.
pub fn buttons(
    ctx: Context,
    press: &'static str,
    cancel: &'static str,
    cancel_hint: &'static str,
    writes: bool,
) -> Vec<Binding> {
    let mut confirm = read(keys::ENTER, ctx, Command::Confirm, press, Some("press"));
    confirm.writes = writes;
    vec![
        read(
            keys::SWITCH,
            ctx,
            Command::SwitchButton,
            "focus the other button",
            Some("switch"),
        ),
        confirm,
        read(keys::ESC, ctx, Command::Cancel, cancel, Some(cancel_hint)),
        help(ctx),
    ]
}

/// F1 in a modal where `?` types: its keys.
pub fn help_typing(ctx: Context) -> Binding {
    read(
        keys::F1,
        ctx,
        Command::Help,
        "these keys (? types itself here)",
        Some("help"),
    )
}

/// `?` in a modal: its keys.
pub fn help(ctx: Context) -> Binding {
    read(
        keys::QUESTION,
        ctx,
        Command::Help,
        "these keys",
        Some("help"),
    )
}

/// One line of the keymap.
#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: Cow<'static, [Chord]>,
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

pub const fn read(
    keys: &'static [Chord],
    context: Context,
    command: Command,
    desc: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        keys: Cow::Borrowed(keys),
        context,
        command,
        desc,
        hint,
        writes: false,
        dangerous: false,
    }
}

pub const fn write(
    keys: &'static [Chord],
    context: Context,
    command: Command,
    desc: &'static str,
    hint: Option<&'static str>,
    dangerous: bool,
) -> Binding {
    Binding {
        keys: Cow::Borrowed(keys),
        context,
        command,
        desc,
        hint,
        writes: true,
        dangerous,
    }
}

use Command as C;
use Context as X;

/// The default keymap; README.md "The console" lists it, and `?` shows it with any rebinding.
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
        "quick filter: suspended, admins, in no project, never active, clients in projects",
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
        &[Chord::ch('y')],
        X::ProjectMembers,
        C::CopyEmail,
        "copy the selected member's email (OSC 52)",
        Some("copy email"),
    ),
    write(
        &[Chord::ch('e')],
        X::People,
        C::Edit,
        "edit the person (review before saving)",
        Some("edit"),
        false,
    ),
    write(
        &[Chord::ch('a')],
        X::People,
        C::AddMember,
        "add the person to a project (fuzzy picker)",
        Some("add"),
        false,
    ),
    write(
        &[Chord::ch('D')],
        X::People,
        C::Offboard,
        "offboard: review, then delete with the typed email",
        Some("delete"),
        true,
    ),
    write(
        &[Chord::ch('i')],
        X::People,
        C::Invite,
        "invite a new person (ProofHub emails them at once)",
        Some("invite"),
        false,
    ),
    write(
        &[Chord::ch('T')],
        X::People,
        C::Tombstones,
        "deleted people in the journal: recreate one (emails an invitation); revoked access: restore it",
        None,
        false,
    ),
    write(
        &[Chord::ch('a')],
        X::Projects,
        C::AddMember,
        "add a person to the project (fuzzy picker)",
        Some("add"),
        false,
    ),
    write(
        &[Chord::ch('x')],
        X::PersonCard,
        C::RemoveMember,
        "remove the person from the selected project (confirm)",
        Some("remove"),
        false,
    ),
    write(
        &[Chord::ch('x')],
        X::ProjectMembers,
        C::RemoveMember,
        "remove the selected member from the project (confirm)",
        Some("remove"),
        false,
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
    read(
        &[Chord::plain(KeyCode::PageUp)],
        X::Help,
        C::PageUp,
        "scroll up a page",
        None,
    ),
    read(
        &[Chord::plain(KeyCode::PageDown)],
        X::Help,
        C::PageDown,
        "scroll down a page",
        None,
    ),
    text(&[Chord::plain(KeyCode::Left)], Edit::Left, "cursor left"),
    text(&[Chord::plain(KeyCode::Right)], Edit::Right, "cursor right"),
    text(
        &[Chord::plain(KeyCode::Home), Chord::ctrl('a')],
        Edit::Home,
        "cursor to the start",
    ),
    text(
        &[Chord::plain(KeyCode::End), Chord::ctrl('e')],
        Edit::End,
        "cursor to the end",
    ),
    text(
        &[
            Chord::mods(KeyCode::Left, KeyModifiers::CONTROL),
            Chord::alt('b'),
        ],
        Edit::WordLeft,
        "cursor a word left",
    ),
    text(
        &[
            Chord::mods(KeyCode::Right, KeyModifiers::CONTROL),
            Chord::alt('f'),
        ],
        Edit::WordRight,
        "cursor a word right",
    ),
    text(
        &[Chord::plain(KeyCode::Backspace)],
        Edit::DeleteBack,
        "delete the character before the cursor",
    ),
    text(
        &[Chord::plain(KeyCode::Delete)],
        Edit::DeleteForward,
        "delete the character under the cursor",
    ),
    text(
        &[
            Chord::ctrl('w'),
            Chord::mods(KeyCode::Backspace, KeyModifiers::ALT),
        ],
        Edit::DeleteWordBack,
        "delete the word before the cursor",
    ),
    text(
        &[Chord::ctrl('u')],
        Edit::DeleteToStart,
        "delete to the start",
    ),
    text(&[Chord::ctrl('k')], Edit::DeleteToEnd, "delete to the end"),
];

/// A fixed editing key of every text field ([`Context::TextInput`]).
const fn text(keys: &'static [Chord], edit: Edit, desc: &'static str) -> Binding {
    read(keys, X::TextInput, C::TextEdit(edit), desc, None)
}

/// A key as the config writes it: `"D"`, `"ctrl-d"`, `"alt-x"`, `"enter"`, `"esc"`, `"tab"`,
/// `"shift-tab"`, `"space"`, `"up"`, `"pgdn"`, `"f5"`…
pub fn parse_key(spec: &str) -> Result<Chord, String> {
    let bad = || format!("{spec:?} is not a key (write e.g. \"D\", \"ctrl-d\", \"enter\", \"f5\")");
    let mut mods = KeyModifiers::NONE;
    let mut rest = spec.trim();
    loop {
        let lower = rest.to_ascii_lowercase();
        if let Some(r) = lower
            .strip_prefix("ctrl-")
            .or_else(|| lower.strip_prefix("c-"))
        {
            mods |= KeyModifiers::CONTROL;
            rest = &rest[rest.len() - r.len()..];
        } else if let Some(r) = lower
            .strip_prefix("alt-")
            .or_else(|| lower.strip_prefix("m-"))
        {
            mods |= KeyModifiers::ALT;
            rest = &rest[rest.len() - r.len()..];
        } else {
            break;
        }
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) => KeyCode::Char(c),
        _ => match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "delete" | "del" => KeyCode::Delete,
            f if f.starts_with('f') => match f[1..].parse::<u8>() {
                Ok(n @ 1..=12) => KeyCode::F(n),
                _ => return Err(bad()),
            },
            _ => return Err(bad()),
        },
    };
    Ok(Chord { code, mods })
}

/// Levenshtein distance between two short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// What [`Keymap::apply_overrides`] could not use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverrideReport {
    /// Names no action of this version has (perhaps one a later version adds).
    pub unknown: Vec<String>,
    /// Entries that are wrong: a key that is not one, or a key another action already has.
    pub errors: Vec<String>,
}

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
    /// The views' keys only ([`BINDINGS`]); the console uses `app::state::default_keymap` (every modal's keys too).
    pub fn new(read_only: bool) -> Keymap {
        Keymap::with_bindings(BINDINGS.to_vec(), read_only)
    }

    pub fn with_bindings(bindings: Vec<Binding>, read_only: bool) -> Keymap {
        Keymap {
            bindings,
            read_only,
        }
    }

    /// Rebinds commands by name, as the config's `[keymap]` table asks (`name = "key"`). Each
    /// named command gets that one key wherever it is bound: in the views and in every modal
    /// that has it (`cancel` is Esc in all of them). Two exceptions: Ctrl-C keeps quitting, and
    /// a plain character is not taken from a text input (the edit form keeps typing `x` when
    /// `switch_button = "x"`). Entries that cannot be used leave the defaults in place and are
    /// reported.
    pub fn apply_overrides<'a>(
        &mut self,
        overrides: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> OverrideReport {
        let mut report = OverrideReport::default();
        let problems = &mut report.errors;
        for (name, spec) in overrides {
            let command = self
                .bindings
                .iter()
                .map(|b| b.command)
                .find(|c| c.name() == Some(name));
            let Some(command) = command else {
                report.unknown.push(name.to_string());
                continue;
            };
            let chord = match parse_key(spec) {
                Ok(c) => c,
                Err(e) => {
                    problems.push(format!("keymap: {name}: {e}"));
                    continue;
                }
            };
            let typed = chord.types();
            let rebound = |b: &Binding| {
                b.command == command
                    && b.context != Context::Always
                    && !(typed && b.context.types())
            };
            // A modal is active only with Always; the views' contexts can all be active at
            // once (a list, its view, global), so there a key must be free across them.
            let together = |a: Context, b: Context| a == b || !a.exclusive() && !b.exclusive();
            let taken = self.bindings.iter().find(|b| {
                b.command != command
                    && b.keys.contains(&chord)
                    && self
                        .bindings
                        .iter()
                        .any(|o| rebound(o) && together(o.context, b.context))
            });
            if let Some(other) = taken {
                problems.push(format!(
                    "keymap: {name}: {} already does \"{}\"",
                    chord.label(),
                    other.desc
                ));
                continue;
            }
            for b in self.bindings.iter_mut().filter(|b| rebound(b)) {
                b.keys = Cow::Owned(vec![chord]);
            }
        }
        report
    }

    /// Every binding, in keymap order (the command line lists them).
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Whether `binding` can be used here (not a write in read-only mode).
    pub fn allows(&self, binding: &Binding) -> bool {
        self.usable(binding)
    }

    /// The same keys (rebindings kept) for an account that is, or is not, read-only.
    pub fn for_read_only(&self, read_only: bool) -> Keymap {
        Keymap {
            bindings: self.bindings.clone(),
            read_only,
        }
    }

    /// Whether some binding here can be rebound by `name` (`[keymap]` in the config).
    pub fn has_name(&self, name: &str) -> bool {
        self.bindings.iter().any(|b| b.command.name() == Some(name))
    }

    /// The rebindable name a user most likely meant by `name`: the command whose hint reads
    /// `name` (`delete` is shown for `offboard`), else the nearest name by spelling.
    pub fn suggest_name(&self, name: &str) -> Option<&'static str> {
        let wanted = name.trim().to_lowercase().replace('-', "_");
        let named = || {
            self.bindings
                .iter()
                .filter_map(|b| b.command.name().map(|n| (b, n)))
        };
        if let Some((_, n)) = named().find(|(b, n)| *n == wanted || b.hint == Some(wanted.as_str()))
        {
            return Some(n);
        }
        named()
            .map(|(_, n)| (edit_distance(&wanted, n), n))
            .filter(|(d, n)| *d <= 2.max(n.len() / 3))
            .min_by_key(|(d, _)| *d)
            .map(|(_, n)| n)
    }

    fn usable(&self, b: &Binding) -> bool {
        !(self.read_only && b.writes)
    }

    /// The command for `key` in the active contexts (innermost first).
    /// The editing step `key` is in a focused text field, if it is one ([`Context::TextInput`]);
    /// callers try it before the field's own context.
    pub fn text_edit(&self, key: &KeyEvent) -> Option<Edit> {
        match self.resolve(&[Context::TextInput], key) {
            Resolved::Command(Command::TextEdit(e)) => Some(e),
            _ => None,
        }
    }

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

    /// Bindings shown in the hint bar for these contexts, innermost first, one entry per hint
    /// label: bindings of one context that share a label are shown together (`↑↓/kj scroll`).
    pub fn hints(&self, contexts: &[Context]) -> Vec<(String, &'static str)> {
        self.hints_except(contexts, &[])
    }

    /// [`Keymap::hints`] without the `skip`ped commands (a key the modal has no use for now).
    pub fn hints_except(
        &self,
        contexts: &[Context],
        skip: &[Command],
    ) -> Vec<(String, &'static str)> {
        let mut seen = Vec::new();
        let mut out: Vec<(Context, Vec<&Binding>, &'static str)> = Vec::new();
        for ctx in contexts {
            for b in self.bindings.iter().filter(|b| b.context == *ctx) {
                let Some(h) = b.hint else { continue };
                if !self.usable(b) || seen.contains(&b.command) || skip.contains(&b.command) {
                    continue;
                }
                seen.push(b.command);
                match out.iter_mut().find(|(c, _, label)| c == ctx && *label == h) {
                    Some((_, group, _)) => group.push(b),
                    None => out.push((*ctx, vec![b], h)),
                }
            }
        }
        out.into_iter()
            .map(|(_, group, label)| (group_label(&group), label))
            .collect()
    }

    /// How the key of `command` is written, for a message that tells the user to press it
    /// ("press r to reload"): its first key in the first of `contexts` that binds it.
    pub fn key_for(&self, contexts: &[Context], command: Command) -> String {
        contexts
            .iter()
            .find_map(|ctx| {
                self.bindings
                    .iter()
                    .find(|b| b.context == *ctx && b.command == command)
            })
            .and_then(|b| b.keys.first())
            .map_or_else(|| "?".to_string(), Chord::label)
    }

    /// The key of a views' command (outside modals), for messages: see [`Keymap::key_for`].
    pub fn key_of(&self, command: Command) -> String {
        self.key_for(
            &[
                Context::Global,
                Context::Lists,
                Context::People,
                Context::PeopleList,
                Context::Projects,
                Context::ProjectsList,
                Context::PersonCard,
                Context::ProjectMembers,
            ],
            command,
        )
    }

    /// Every usable binding whose keys, description or context match `filter` (case-insensitive
    /// substring), in keymap order: what the help overlay lists. `scope` is the modal the
    /// overlay was opened from (its keys and Ctrl-C), or `None` for the views (every context
    /// that is not a modal).
    pub fn help_entries(&self, filter: &str, scope: Option<Context>) -> Vec<&Binding> {
        let f = filter.trim().to_lowercase();
        self.bindings
            .iter()
            .filter(|b| self.usable(b))
            .filter(|b| match scope {
                Some(ctx) => {
                    b.context == ctx
                        || b.context == Context::Always
                        || (b.context == Context::TextInput && ctx.types())
                }
                None => {
                    !b.context.exclusive()
                        || matches!(
                            b.context,
                            Context::FilterInput | Context::Help | Context::TextInput
                        )
                }
            })
            .filter(|b| {
                f.is_empty()
                    || b.desc.to_lowercase().contains(&f)
                    || b.keys_label().to_lowercase().contains(&f)
                    || b.command.name().is_some_and(|n| n.contains(&f))
                    || b.context.title().contains(&f)
            })
            .collect()
    }
}

/// The keys of bindings that share a hint, compactly: the bindings' first keys, then their
/// second keys, and so on, runs of one-character keys run together: `↑↓/kj`, `Tab/←→/hl`.
fn group_label(group: &[&Binding]) -> String {
    let depth = group.iter().map(|b| b.keys.len()).max().unwrap_or(0);
    let mut labels = Vec::new();
    for i in 0..depth {
        for b in group {
            if let Some(k) = b.keys.get(i) {
                labels.push(k.label());
            }
        }
    }
    // One-character keys of one kind run together: arrows with arrows, letters with letters.
    let kind = |l: &str| {
        let mut cs = l.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) => Some(c.is_alphanumeric()),
            _ => None,
        }
    };
    // Shift-Tab goes with Tab without saying so (the `?` overlay lists it).
    if labels.iter().any(|l| l == "Tab") {
        labels.retain(|l| l != "S-Tab");
    }
    let mut out = String::new();
    let mut previous = None;
    for l in labels {
        let k = kind(&l);
        if !out.is_empty() && (k.is_none() || k != previous) {
            out.push('/');
        }
        out.push_str(&l);
        previous = k;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn every_editing_key_of_a_text_field_is_its_edit() {
        let km = Keymap::new(false);
        let (none, ctrl, alt) = (KeyModifiers::NONE, KeyModifiers::CONTROL, KeyModifiers::ALT);
        let cases = [
            (KeyCode::Left, none, Edit::Left),
            (KeyCode::Right, none, Edit::Right),
            (KeyCode::Home, none, Edit::Home),
            (KeyCode::Char('a'), ctrl, Edit::Home),
            (KeyCode::End, none, Edit::End),
            (KeyCode::Char('e'), ctrl, Edit::End),
            (KeyCode::Left, ctrl, Edit::WordLeft),
            (KeyCode::Char('b'), alt, Edit::WordLeft),
            (KeyCode::Right, ctrl, Edit::WordRight),
            (KeyCode::Char('f'), alt, Edit::WordRight),
            (KeyCode::Backspace, none, Edit::DeleteBack),
            (KeyCode::Delete, none, Edit::DeleteForward),
            (KeyCode::Char('w'), ctrl, Edit::DeleteWordBack),
            (KeyCode::Backspace, alt, Edit::DeleteWordBack),
            (KeyCode::Char('u'), ctrl, Edit::DeleteToStart),
            (KeyCode::Char('k'), ctrl, Edit::DeleteToEnd),
        ];
        for (code, mods, edit) in cases {
            assert_eq!(
                km.text_edit(&key(code, mods)),
                Some(edit),
                "{code:?} {mods:?}"
            );
        }
        // Typing, Enter, Esc, Tab and ↑/↓ stay the field's own.
        for code in [
            KeyCode::Char('a'),
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::Up,
        ] {
            assert_eq!(km.text_edit(&key(code, none)), None, "{code:?}");
        }
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
        let rw = Keymap::new(false);
        let ro = Keymap::new(true);
        let d = key(KeyCode::Char('D'), KeyModifiers::SHIFT);
        assert_eq!(rw.resolve(&[X::People], &d), Resolved::Command(C::Offboard));
        assert_eq!(
            ro.resolve(&[X::People], &d),
            Resolved::ReadOnly("offboard: review, then delete with the typed email")
        );
        for ctx in [X::People, X::PersonCard, X::ProjectMembers, X::Projects] {
            let hints: Vec<&str> = ro.hints(&[ctx]).into_iter().map(|(_, h)| h).collect();
            for w in ["edit", "delete", "add", "remove", "invite"] {
                assert!(!hints.contains(&w), "{w} in read-only hints of {ctx:?}");
            }
        }
        assert!(rw.hints(&[X::People]).iter().any(|(_, h)| *h == "delete"));
        assert!(ro.help_entries("", None).iter().all(|b| !b.writes));
        assert!(rw.help_entries("delete", None).iter().any(|b| b.dangerous));
    }

    #[test]
    fn config_overrides_rebind_by_name_and_report_what_they_cannot() {
        let mut km = Keymap::new(false);
        let report = km.apply_overrides([
            ("reload", "ctrl-r"),
            ("quit", "j"),
            ("delete", "D"),
            ("sort", "hyper-x"),
        ]);
        assert_eq!(report.unknown, ["delete"]);
        let problems = report.errors;
        let ctrl_r = key(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(
            km.resolve(&[X::Global], &ctrl_r),
            Resolved::Command(C::Reload)
        );
        let r = key(KeyCode::Char('r'), KeyModifiers::NONE);
        assert_eq!(km.resolve(&[X::Global], &r), Resolved::Unbound);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains("j already does \"move down\""),
            "{problems:?}"
        );
        assert!(problems[1].contains("not a key"));
        assert_eq!(parse_key("F5"), Ok(Chord::plain(KeyCode::F(5))));
        assert_eq!(parse_key("ctrl-d"), Ok(Chord::ctrl('d')));
        assert_eq!(parse_key("shift-tab"), Ok(Chord::plain(KeyCode::BackTab)));
    }

    #[test]
    fn a_misnamed_action_gets_the_name_it_was_shown_as_or_spelt_like() {
        let km = Keymap::new(false);
        assert_eq!(km.suggest_name("delete"), Some("offboard"));
        assert_eq!(km.suggest_name("relaod"), Some("reload"));
        assert_eq!(km.suggest_name("copy-email"), Some("copy_email"));
        assert_eq!(km.suggest_name("zzzzzzzz"), None);
        assert!(km.has_name("offboard") && !km.has_name("delete"));
    }

    #[test]
    fn every_binding_is_described_and_no_key_is_bound_twice_in_a_context() {
        let mut all = BINDINGS.to_vec();
        all.extend(crate::app::writes::bindings());
        for (i, a) in all.iter().enumerate() {
            assert!(!a.desc.is_empty());
            for b in &all[i + 1..] {
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
