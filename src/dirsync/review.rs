//! The review screen for a sync plan: items grouped by kind with their field diffs, ticks,
//! totals, and the requests and time the ticked items take at the rate limit.
//!
//! Pure state ([`Review`]) and [`Review::update`] (a key in, an [`Effect`] out) are tested
//! without a terminal; [`render`] draws into any ratatui frame (tests use `TestBackend`);
//! [`run_terminal`] is the loop around them on the real terminal. Saving writes the plan back
//! with unticked items marked `"skip": true`.

use std::path::Path;

use crossterm::event::{self, Event, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph};

use super::cost;
use super::plan::{Change, Kind, Plan, summary_line};
use crate::api::Rate;
use crate::app::keymap::{self, Binding, Chord, Command, Context, Keymap, Resolved, keys, read};
use crate::cli::exit::CommandError;
use crate::model::restore::invitation_emails;

/// One line of the list: a kind's heading or an item (by index in the plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Heading(Kind),
    Item(usize),
}

/// What the loop must do after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    Save,
    Quit,
}

/// The review state.
#[derive(Debug, Clone)]
pub struct Review {
    plan: Plan,
    rate: Rate,
    rows: Vec<Row>,
    /// Index into `rows`; always on an item row when there is one.
    cursor: usize,
    dirty: bool,
    /// Asked to quit with unsaved ticks once already.
    quit_armed: bool,
    message: Option<String>,
    keys: Keymap,
    /// `?` pressed: the keys are listed instead of the items.
    help: bool,
}

const TICK: &[Chord] = &[Chord::ch(' ')];
const TICK_KIND: &[Chord] = &[Chord::ch('a')];
const SAVE: &[Chord] = &[Chord::ch('s')];
const QUIT: &[Chord] = &[Chord::ch('q')];

/// The review's keys (context [`Context::SyncReview`]), rebindable by name like the console's.
pub fn bindings() -> Vec<Binding> {
    let x = Context::SyncReview;
    vec![
        read(keys::UP_K, x, Command::Up, "move up", Some("move")),
        read(keys::DOWN_J, x, Command::Down, "move down", Some("move")),
        read(keys::PGUP, x, Command::PageUp, "up 10 items", None),
        read(keys::PGDN, x, Command::PageDown, "down 10 items", None),
        read(
            TICK,
            x,
            Command::Tick,
            "tick or untick the item",
            Some("tick"),
        ),
        read(
            TICK_KIND,
            x,
            Command::TickKind,
            "tick every item of its kind, or untick them all",
            Some("tick/untick kind"),
        ),
        read(
            SAVE,
            x,
            Command::Save,
            "save the ticks into the plan file (unticked: skip)",
            Some("save"),
        ),
        read(
            QUIT,
            x,
            Command::Quit,
            "leave (asks once when ticks are unsaved)",
            Some("quit"),
        ),
        read(
            keys::ESC,
            x,
            Command::Cancel,
            "leave (asks once when ticks are unsaved)",
            Some("quit"),
        ),
        keymap::help(x),
    ]
}

/// The review's keymap: its bindings and Ctrl-C, with the config's `[keymap]` applied.
pub fn keymap<'a>(overrides: impl IntoIterator<Item = (&'a str, &'a str)>) -> Keymap {
    let mut b: Vec<Binding> = keymap::BINDINGS
        .iter()
        .filter(|b| b.context == Context::Always)
        .cloned()
        .collect();
    b.extend(bindings());
    let mut km = Keymap::with_bindings(b, true);
    // Names of the console's keys are not this screen's: they are left out, not reported.
    let _ = km.apply_overrides(overrides);
    km
}

impl Review {
    pub fn new(plan: Plan, rate: Rate) -> Review {
        let mut rows = Vec::new();
        for kind in Kind::ALL {
            let items: Vec<usize> = plan
                .items
                .iter()
                .enumerate()
                .filter(|(_, i)| i.change.kind() == kind)
                .map(|(n, _)| n)
                .collect();
            if !items.is_empty() {
                rows.push(Row::Heading(kind));
                rows.extend(items.into_iter().map(Row::Item));
            }
        }
        let cursor = rows
            .iter()
            .position(|r| matches!(r, Row::Item(_)))
            .unwrap_or(0);
        Review {
            plan,
            rate,
            rows,
            cursor,
            dirty: false,
            quit_armed: false,
            message: None,
            keys: keymap([]),
            help: false,
        }
    }

    /// The review with these keys (the config's) instead of the defaults.
    pub fn with_keys(mut self, keys: Keymap) -> Review {
        self.keys = keys;
        self
    }

    fn key(&self, c: Command) -> String {
        self.keys.key_for(&[Context::SyncReview], c)
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// The plan item under the cursor.
    pub fn selected(&self) -> Option<usize> {
        match self.rows.get(self.cursor) {
            Some(Row::Item(i)) => Some(*i),
            _ => None,
        }
    }

    fn move_by(&mut self, delta: isize) {
        let mut at = self.cursor as isize;
        loop {
            at += delta;
            if at < 0 || at >= self.rows.len() as isize {
                return;
            }
            if matches!(self.rows[at as usize], Row::Item(_)) {
                self.cursor = at as usize;
                return;
            }
        }
    }

    fn toggle(&mut self, index: usize) {
        if let Some(item) = self.plan.items.get_mut(index) {
            item.skip = !item.skip;
            self.dirty = true;
        }
    }

    /// Ticks every item of the cursor's kind, or unticks them all if all are ticked.
    fn toggle_kind(&mut self) {
        let Some(i) = self.selected() else { return };
        let kind = self.plan.items[i].change.kind();
        let all_ticked = self
            .plan
            .items
            .iter()
            .filter(|it| it.change.kind() == kind)
            .all(|it| !it.skip);
        for it in self
            .plan
            .items
            .iter_mut()
            .filter(|it| it.change.kind() == kind)
        {
            it.skip = all_ticked;
        }
        self.dirty = true;
    }

    /// Handles one key.
    pub fn update(&mut self, key: KeyEvent) -> Effect {
        if key.kind == KeyEventKind::Release {
            return Effect::None;
        }
        let quit_was_armed = std::mem::take(&mut self.quit_armed);
        self.message = None;
        let resolved = self
            .keys
            .resolve(&[Context::SyncReview, Context::Always], &key);
        let help_was_open = std::mem::take(&mut self.help);
        let Resolved::Command(command) = resolved else {
            return Effect::None;
        };
        if help_was_open && command != Command::Quit {
            return Effect::None;
        }
        match command {
            Command::Down => self.move_by(1),
            Command::Up => self.move_by(-1),
            Command::PageDown => (0..10).for_each(|_| self.move_by(1)),
            Command::PageUp => (0..10).for_each(|_| self.move_by(-1)),
            Command::Tick => {
                if let Some(i) = self.selected() {
                    self.toggle(i);
                }
            }
            Command::TickKind => self.toggle_kind(),
            Command::Save => return Effect::Save,
            Command::Help => self.help = true,
            Command::Quit if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return Effect::Quit;
            }
            Command::Quit | Command::Cancel => {
                if !self.dirty || quit_was_armed {
                    return Effect::Quit;
                }
                self.quit_armed = true;
                self.message = Some(format!(
                    "unsaved ticks: press {} to save, or {} again to leave without saving",
                    self.key(Command::Save),
                    self.key(command)
                ));
            }
            _ => {}
        }
        Effect::None
    }

    /// The loop saved the plan (or failed to).
    pub fn saved(&mut self, result: Result<String, String>) {
        match result {
            Ok(where_) => {
                self.dirty = false;
                self.message = Some(format!("saved to {where_}; unticked items are marked skip"));
            }
            Err(e) => self.message = Some(format!("not saved: {e}")),
        }
    }
}

/// Plan text came from the server and a CSV: never let a control character reach the terminal.
fn safe(text: &str) -> String {
    crate::model::sanitize::display(text).into_owned()
}

fn item_text(change: &Change, ticked: bool, selected: bool) -> Text<'static> {
    let mark = if ticked { "[x] " } else { "[ ] " };
    let style = if selected {
        Style::default().add_modifier(Modifier::REVERSED)
    } else if ticked {
        Style::default()
    } else {
        Style::default().add_modifier(Modifier::DIM)
    };
    let head = match change {
        Change::Invite {
            email,
            first_name,
            last_name,
            role,
        } => format!(
            "{email}  {first_name} {last_name}{}",
            role.as_deref()
                .map(|r| format!(", {r}"))
                .unwrap_or_default()
        ),
        Change::Update { email, .. } => email.clone(),
        Change::AddMember {
            email,
            project_title,
            ..
        } => format!("{email}  + {project_title}"),
        Change::RemoveMember {
            email,
            project_title,
            ..
        } => format!("{email}  - {project_title}"),
        Change::Delete {
            email,
            name,
            role,
            projects,
            ..
        } => format!(
            "{email}  {name}, {}, {} project{}",
            role.as_deref().unwrap_or("no role"),
            projects.len(),
            if projects.len() == 1 { "" } else { "s" }
        ),
    };
    let mut lines = vec![Line::from(vec![
        Span::raw(if selected { "> " } else { "  " }),
        Span::styled(format!("{mark}{}", safe(&head)), style),
    ])];
    if let Change::Update { fields, .. } = change {
        for f in fields {
            lines.push(Line::from(format!(
                "        {}: \"{}\" → \"{}\"",
                f.field,
                safe(&f.before),
                safe(&f.after)
            )));
        }
    }
    Text::from(lines)
}

/// Draws the review into the frame.
pub fn render(state: &Review, frame: &mut Frame) {
    let [title, list_area, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(4),
    ])
    .areas(frame.area());
    frame.render_widget(
        Paragraph::new(safe(&format!(
            "sync plan review — {} ({}, from {})",
            state.plan.base_url, state.plan.profile, state.plan.source
        )))
        .style(Style::default().add_modifier(Modifier::BOLD)),
        title,
    );

    let counts_all = state.plan.counts(false);
    let counts = state.plan.counts(true);
    let mut items = Vec::new();
    let mut selected_row = None;
    for (n, row) in state.rows.iter().enumerate() {
        match row {
            Row::Heading(kind) => items.push(ListItem::new(Line::styled(
                format!(
                    "{} ({} of {} ticked)",
                    kind.plural(),
                    counts.get(kind).copied().unwrap_or(0),
                    counts_all.get(kind).copied().unwrap_or(0)
                ),
                Style::default().add_modifier(Modifier::BOLD),
            ))),
            Row::Item(i) => {
                let item = &state.plan.items[*i];
                if n == state.cursor {
                    selected_row = Some(items.len());
                }
                items.push(ListItem::new(item_text(
                    &item.change,
                    !item.skip,
                    n == state.cursor,
                )));
            }
        }
    }
    if items.is_empty() {
        items.push(ListItem::new(
            "nothing to do: the account already matches the source",
        ));
    }
    if state.help {
        let lines: Vec<Line> = state
            .keys
            .help_entries("", Some(Context::SyncReview))
            .into_iter()
            .map(|b| Line::from(format!("  {:<12} {}", b.keys_label(), b.desc)))
            .collect();
        frame.render_widget(
            Paragraph::new(lines).block(Block::bordered().title(" keys (any key closes) ")),
            list_area,
        );
    } else {
        let mut list_state = ListState::default().with_selected(selected_row);
        frame.render_stateful_widget(
            List::new(items).block(Block::bordered().title(" items ")),
            list_area,
            &mut list_state,
        );
    }

    let est = cost::estimate(&state.plan, state.rate);
    let mut lines = vec![
        Line::from(format!("ticked: {}", summary_line(&counts))),
        Line::from(format!(
            "apply: about {} requests, {} at {} per {} s",
            est.requests,
            cost::human(est.time),
            state.rate.requests,
            state.rate.window.as_secs_f64()
        )),
    ];
    lines.push(Line::from(match &state.message {
        Some(m) => safe(m),
        // Invites email people the moment they are sent.
        None => format!(
            "on apply, {}",
            invitation_emails(counts.get(&Kind::Invite).copied().unwrap_or(0))
        ),
    }));
    let hints = state
        .keys
        .hints(&[Context::SyncReview])
        .into_iter()
        .map(|(k, l)| format!("{k} {l}"))
        .collect::<Vec<_>>()
        .join("  ");
    lines.push(Line::styled(
        hints,
        Style::default().add_modifier(Modifier::DIM),
    ));
    frame.render_widget(Paragraph::new(lines), footer);
}

/// Runs the review on the real terminal until the admin quits; `s` writes the plan back to
/// `path`. The crate's [`crate::console::terminal::TerminalGuard`] restores the terminal on every way out.
pub fn run_terminal(mut state: Review, path: &Path) -> Result<(), CommandError> {
    let mut guard = crate::console::terminal::TerminalGuard::enter()
        .map_err(|e| CommandError::Failed(format!("cannot take over the terminal: {e}")))?;
    let terminal = guard.terminal();
    let result = (|| -> Result<(), CommandError> {
        loop {
            terminal
                .draw(|f| render(&state, f))
                .map_err(|e| CommandError::Failed(format!("cannot draw: {e}")))?;
            let ev = event::read()
                .map_err(|e| CommandError::Failed(format!("cannot read the keyboard: {e}")))?;
            let Event::Key(key) = ev else { continue };
            match state.update(key) {
                Effect::None => {}
                Effect::Quit => return Ok(()),
                Effect::Save => {
                    let text = state.plan().to_json();
                    let r = crate::cli::export::write_file(path, text.as_bytes())
                        .map(|()| path.display().to_string())
                        .map_err(|e| e.to_string());
                    state.saved(r);
                }
            }
        }
    })();
    drop(guard);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dirsync::Field;
    use crate::dirsync::plan::{FieldChange, Item, PLAN_FORMAT, PlanOptions};
    use crate::model::account::{PersonId, ProjectId};
    use crate::model::profile::Profile;
    use crossterm::event::{KeyCode, KeyModifiers};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn plan() -> Plan {
        let changes = vec![
            Change::Invite {
                email: "new.hire@acme.example".into(),
                first_name: "New".into(),
                last_name: "Hire".into(),
                role: Some("Admin".into()),
            },
            Change::Update {
                person: PersonId(11),
                email: "ann@acme.example".into(),
                stamp: Some("2026-01-01T00:00:00Z".into()),
                fields: vec![
                    FieldChange {
                        field: Field::Title,
                        before: "Designer".into(),
                        after: "Lead \u{1b}[31mDesigner".into(),
                    },
                    FieldChange {
                        field: Field::Role,
                        before: "Normal User".into(),
                        after: "Admin".into(),
                    },
                ],
            },
            Change::AddMember {
                project: ProjectId(5),
                project_title: "Website".into(),
                email: "new.hire@acme.example".into(),
                person: None,
            },
            Change::RemoveMember {
                project: ProjectId(6),
                project_title: "Archive".into(),
                email: "ann@acme.example".into(),
                person: PersonId(11),
            },
            Change::Delete {
                person: PersonId(12),
                email: "bob@acme.example".into(),
                name: "Bob Gone".into(),
                stamp: Some("2025-01-01T00:00:00Z".into()),
                role: Some("Client".into()),
                projects: vec!["Website".into()],
            },
        ];
        let items: Vec<Item> = changes
            .into_iter()
            .map(|change| Item {
                key: change.key(),
                skip: false,
                change,
            })
            .collect();
        let mut plan = Plan {
            format: PLAN_FORMAT,
            id: String::new(),
            created_at: "2026-01-01T00:00:00Z".into(),
            base_url: "http://127.0.0.1:9/api/v3".into(),
            profile: Profile::V3,
            source: "people.csv".into(),
            options: PlanOptions {
                add_only: false,
                allow_delete: true,
            },
            people_in_account: 250,
            projects_in_account: 40,
            account: Default::default(),
            items,
            seal: Default::default(),
        };
        plan.seal_with(&crate::dirsync::seal::PlanKey::from_bytes(b"test key"));
        plan
    }

    fn review() -> Review {
        Review::new(plan(), Rate::PROOFHUB)
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn draw(state: &Review) -> Terminal<TestBackend> {
        let mut t = Terminal::new(TestBackend::new(84, 22)).expect("terminal");
        t.draw(|f| render(state, f)).expect("draw");
        t
    }

    #[test]
    fn groups_by_kind_with_diffs_totals_and_the_cost_at_the_rate_limit() {
        let t = draw(&review());
        let screen = t.backend().to_string();
        assert!(
            !screen.contains('\u{1b}'),
            "no escape sequence from plan text"
        );
        insta::assert_snapshot!(t.backend());
    }

    #[test]
    fn unticking_updates_the_totals_and_the_estimate() {
        let mut r = review();
        // The cursor starts on the first item and skips headings.
        assert_eq!(r.selected(), Some(0));
        assert_eq!(r.update(key(KeyCode::Down)), Effect::None);
        assert_eq!(r.selected(), Some(1));
        r.update(key(KeyCode::Char(' ')));
        assert!(r.plan().items[1].skip);
        for _ in 0..10 {
            r.update(key(KeyCode::Down));
        }
        assert_eq!(r.selected(), Some(4), "stops on the last item");
        r.update(key(KeyCode::Char(' ')));
        let before = crate::dirsync::cost::estimate(&plan(), Rate::PROOFHUB).requests;
        let after = crate::dirsync::cost::estimate(r.plan(), Rate::PROOFHUB).requests;
        assert_eq!(
            before - after,
            6,
            "an update and a delete cost 3 requests each"
        );
        insta::assert_snapshot!(draw(&r).backend());
    }

    #[test]
    fn quitting_with_unsaved_ticks_asks_once_and_saving_marks_skips() {
        let mut r = review();
        r.update(key(KeyCode::Char(' ')));
        assert_eq!(r.update(key(KeyCode::Char('q'))), Effect::None);
        assert!(draw(&r).backend().to_string().contains("q again"));
        assert_eq!(r.update(key(KeyCode::Char('s'))), Effect::Save);
        let text = r.plan().to_json();
        r.saved(Ok("plan.json".into()));
        assert!(!r.is_dirty());
        assert_eq!(r.update(key(KeyCode::Char('q'))), Effect::Quit);
        let saved = Plan::from_json(&text).expect("a saved plan still reads");
        assert!(saved.items[0].skip);
        assert_eq!(saved.items.iter().filter(|i| i.skip).count(), 1);
        assert_eq!(
            saved.id,
            plan().id,
            "ticks do not change the plan's identity"
        );
    }

    #[test]
    fn a_kind_can_be_unticked_and_ticked_at_once() {
        let mut r = review();
        r.update(key(KeyCode::Char('a')));
        assert!(r.plan().items[0].skip);
        assert!(!r.plan().items[1].skip, "only the invites");
        r.update(key(KeyCode::Char('a')));
        assert!(!r.plan().items[0].skip);
    }

    #[test]
    fn keys_come_from_the_keymap_and_rebind_by_name() {
        let mut r = review().with_keys(keymap([("save", "w"), ("tick", "t"), ("reload", "x")]));
        let text = draw(&r).backend().to_string();
        assert!(text.contains("w save"), "{text}");
        assert!(text.contains("↑↓/kj move"), "{text}");
        assert_eq!(r.update(key(KeyCode::Char('s'))), Effect::None);
        r.update(key(KeyCode::Char('t')));
        assert!(r.is_dirty());
        assert_eq!(r.update(key(KeyCode::Char('q'))), Effect::None);
        let text = draw(&r).backend().to_string();
        assert!(text.contains("press w to save, or q again"), "{text}");
        assert_eq!(r.update(key(KeyCode::Char('w'))), Effect::Save);
        // `?` lists the keys; the next key closes the list.
        r.update(key(KeyCode::Char('?')));
        assert!(
            draw(&r)
                .backend()
                .to_string()
                .contains("tick every item of its kind")
        );
        r.update(key(KeyCode::Char('j')));
        assert!(draw(&r).backend().to_string().contains(" items "));
    }
}
