//! The message log: every status-line message of this run, with the time it appeared, so a
//! message cut to fit the status line (or replaced by the next one) can still be read whole.
//!
//! `update` records a message whenever the status line's message changes
//! ([`MessageLog::push`]); the log keeps the last [`CAPACITY`] of them. The overlay that shows
//! them ([`MessagesView`], opened with the `messages` command) lists them newest first.

use std::collections::VecDeque;

use chrono::{DateTime, Utc};

use crossterm::event::KeyCode;

use super::keymap::{Binding, Chord, Command, Context, keys, read};

/// How many messages the log keeps; older ones are dropped first.
pub const CAPACITY: usize = 500;

/// One message and when it appeared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub at: DateTime<Utc>,
    /// An error (else information).
    pub error: bool,
    pub text: String,
}

/// This run's messages, oldest first in memory, at most [`CAPACITY`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageLog {
    entries: VecDeque<Entry>,
}

impl MessageLog {
    /// Records a message that appeared at `at`.
    pub fn push(&mut self, at: DateTime<Utc>, error: bool, text: impl Into<String>) {
        if self.entries.len() == CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(Entry {
            at,
            error,
            text: text.into(),
        });
    }

    /// Newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().rev()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The message-log overlay: how far it is scrolled (in wrapped lines).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MessagesView {
    pub scroll: usize,
}

/// The key that opens the log, and the log's own keys.
pub fn bindings() -> Vec<Binding> {
    BINDINGS.to_vec()
}

const CTX: Context = Context::Messages;

const BINDINGS: &[Binding] = &[
    read(
        &[Chord::ch('m')],
        Context::Global,
        Command::Messages,
        "message log: this run's messages in full, newest first",
        Some("messages"),
    ),
    read(
        &[Chord::ch('c')],
        Context::Global,
        Command::CancelLoad,
        "cancel the load (what arrived stays)",
        None,
    ),
    read(keys::ESC, CTX, Command::Cancel, "close", Some("close")),
    read(&[Chord::ch('m')], CTX, Command::Messages, "close", None),
    read(keys::UP_K, CTX, Command::Up, "scroll up", None),
    read(keys::DOWN_J, CTX, Command::Down, "scroll down", None),
    read(keys::PGUP, CTX, Command::PageUp, "scroll up a page", None),
    read(
        keys::PGDN,
        CTX,
        Command::PageDown,
        "scroll down a page",
        None,
    ),
    read(
        &[Chord::ch('g'), Chord::plain(KeyCode::Home)],
        CTX,
        Command::Top,
        "newest message",
        None,
    ),
    read(
        &[Chord::ch('G'), Chord::plain(KeyCode::End)],
        CTX,
        Command::Bottom,
        "oldest message",
        None,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(s, 0).unwrap_or_default()
    }

    #[test]
    fn keeps_messages_newest_first_and_drops_the_oldest_past_capacity() {
        let mut log = MessageLog::default();
        log.push(at(1), false, "a");
        log.push(at(2), true, "b");
        let texts: Vec<_> = log.newest_first().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["b", "a"]);
        for i in 0..CAPACITY + 10 {
            log.push(at(10), false, format!("m{i}"));
        }
        assert_eq!(log.len(), CAPACITY);
        assert_eq!(
            log.newest_first().last().map(|e| e.text.clone()),
            Some("m10".to_string())
        );
    }
}
