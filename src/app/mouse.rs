//! Mouse input, opt-in (`mouse = true` in the config, or the `mouse` key): what a click or the
//! wheel means to the core. The runtime finds what is under the pointer (`ui::hit`, which knows
//! where it drew) and sends a [`Pointer`]; `update` acts on it only while the mouse is on.
//! While a modal is open, only its buttons take clicks.
//!
//! Off by default: a program that captures the mouse takes the terminal's own text selection
//! away (most terminals give it back while Shift is held). Nothing needs the mouse.

use super::keymap::{Binding, Chord, Command, Context, read};
use super::writes::offboard::Button;

/// What is under the pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The `n`th row of the list as shown (0 = the first row of the visible rows, after scrolling
    /// is taken into account by the caller: an index into the list's rows).
    ListRow(usize),
    /// The list pane, not on a row.
    List,
    /// The detail pane (card, members).
    Detail,
    /// A button of the open modal: a click does what its keys do (Tab to it, Enter), so a
    /// disabled button stays disabled.
    Button(Button),
}

/// A mouse event the core reacts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pointer {
    /// A left click.
    Click(Target),
    /// The wheel: negative up, positive down, in rows.
    Wheel(i8),
}

/// Rows the wheel moves per notch.
pub const WHEEL_ROWS: isize = 3;

/// The key that turns the mouse on and off.
pub fn bindings() -> Vec<Binding> {
    BINDINGS.to_vec()
}

const BINDINGS: &[Binding] = &[read(
    &[Chord::ch('M')],
    Context::Global,
    Command::ToggleMouse,
    "mouse on/off: click selects, the wheel scrolls (while on, Shift-drag selects text)",
    None,
)];
