//! The review screen for a sync plan: items grouped by kind with their field diffs, ticks,
//! totals, and the requests and time the ticked items take at the rate limit.
//!
//! Pure state ([`Review`]) and [`Review::update`] (a key in, an [`Effect`] out) are tested
//! without a terminal; [`render`] draws into any ratatui frame (tests use `TestBackend`);
//! [`run_terminal`] is the loop around them on the real terminal. Saving writes the plan back
//! with unticked items marked `"skip": true`.

use std::path::Path;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph};

use super::cost;
use super::plan::{Change, Kind, Plan, summary_line};
use crate::api::Rate;
use crate::exit::CommandError;

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
        }
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
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => self.move_by(1),
            KeyCode::Up | KeyCode::Char('k') => self.move_by(-1),
            KeyCode::PageDown => (0..10).for_each(|_| self.move_by(1)),
            KeyCode::PageUp => (0..10).for_each(|_| self.move_by(-1)),
            KeyCode::Char(' ') => {
                if let Some(i) = self.selected() {
                    self.toggle(i);
                }
            }
            KeyCode::Char('a') => self.toggle_kind(),
            KeyCode::Char('s') => return Effect::Save,
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return Effect::Quit;
            }
            KeyCode::Char('q') | KeyCode::Esc => {
                if !self.dirty || quit_was_armed {
                    return Effect::Quit;
                }
                self.quit_armed = true;
                self.message = Some(
                    "unsaved ticks: press s to save, or q again to leave without saving".into(),
                );
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
        Span::raw("  "),
        Span::styled(format!("{mark}{head}"), style),
    ])];
    if let Change::Update { fields, .. } = change {
        for f in fields {
            lines.push(Line::from(format!(
                "        {}: {:?} → {:?}",
                f.field, f.before, f.after
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
        Paragraph::new(format!(
            "sync plan review — {} ({}, from {})",
            state.plan.base_url, state.plan.profile, state.plan.source
        ))
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
    let mut list_state = ListState::default().with_selected(selected_row);
    frame.render_stateful_widget(
        List::new(items).block(Block::bordered().title(" items ")),
        list_area,
        &mut list_state,
    );

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
        Some(m) => m.clone(),
        None => String::new(),
    }));
    lines.push(Line::styled(
        "↑↓ move  space tick  a tick/untick kind  s save  q quit",
        Style::default().add_modifier(Modifier::DIM),
    ));
    frame.render_widget(Paragraph::new(lines), footer);
}

/// Runs the review on the real terminal until the admin quits; `s` writes the plan back to
/// `path`. ratatui's `init` installs the panic hook that restores the terminal.
pub fn run_terminal(mut state: Review, path: &Path) -> Result<(), CommandError> {
    let mut terminal = ratatui::init();
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
                    let r = crate::export::write_file(path, text.as_bytes())
                        .map(|()| path.display().to_string())
                        .map_err(|e| e.to_string());
                    state.saved(r);
                }
            }
        }
    })();
    ratatui::restore();
    result
}
