//! The terminal guard: raw mode, the alternate screen and bracketed paste on entry, and the
//! terminal restored on every way out — drop (quit or error), panic (a hook restores first,
//! then runs the previous hook so the message is readable), and SIGTERM/SIGHUP (the runtime
//! ends its loop and the guard drops).
//!
//! NO_COLOR is honoured by our own theme (modifiers only, every colour `Reset`, so no colour
//! command is ever sent). Colour output is also forced on in crossterm: under NO_COLOR,
//! crossterm 0.29 turns a colour command into an empty SGR, a full reset that wipes bold and
//! reverse and made other apps' selections vanish (dua-cli#238); forcing it on means a colour
//! command can never become such a reset.

use std::io::{self, Stdout, Write};
use std::sync::Once;

use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Owns the terminal while the console runs.
pub struct TerminalGuard {
    terminal: Term,
}

static HOOK: Once = Once::new();

fn install_panic_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = restore();
            previous(info);
        }));
    });
}

/// Puts the terminal back as the shell expects it. Safe to call more than once.
pub fn restore() -> io::Result<()> {
    let raw = disable_raw_mode();
    let mut out = io::stdout();
    let screen = execute!(
        out,
        DisableBracketedPaste,
        // Harmless when the mouse was never captured (`mouse = true` or the mouse key).
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
    raw.and(screen)
}

impl TerminalGuard {
    pub fn enter() -> io::Result<TerminalGuard> {
        install_panic_hook();
        crossterm::style::force_color_output(true);
        enable_raw_mode()?;
        let mut out = io::stdout();
        if let Err(e) = execute!(
            out,
            EnterAlternateScreen,
            EnableBracketedPaste,
            cursor::Hide
        ) {
            let _ = restore();
            return Err(e);
        }
        match Terminal::new(CrosstermBackend::new(out)) {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(e) => {
                let _ = restore();
                Err(e)
            }
        }
    }

    pub fn terminal(&mut self) -> &mut Term {
        &mut self.terminal
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        if let Err(e) = restore() {
            tracing::warn!("could not restore the terminal: {e}");
        }
    }
}
