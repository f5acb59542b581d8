//! `proofhub-tui` with no subcommand: the console on the account the command line and config
//! point at (`target::resolve`), loaded through the API client, run by [`crate::console::open`].

use crate::app::state::ColorMode;
use crate::cli::args::Cli;
use crate::cli::exit::CommandError;
use crate::console::switch::{Switcher, entries, open_target};
use crate::console::{Accounts, journal_path, open, tokio_runtime};
use crate::local::config::Theme;

/// NO_COLOR set and not empty (https://no-color.org) → modifiers only; else 16 colours.
pub(crate) fn colors_from_env() -> ColorMode {
    match std::env::var_os("NO_COLOR") {
        Some(v) if !v.is_empty() => ColorMode::Monochrome,
        _ => ColorMode::Ansi16,
    }
}

/// The config's theme, with NO_COLOR winning over it.
pub(crate) fn colors_for(theme: Theme) -> ColorMode {
    match (theme, colors_from_env()) {
        (Theme::Mono, _) | (_, ColorMode::Monochrome) => ColorMode::Monochrome,
        (Theme::Light, _) => ColorMode::Light,
        (Theme::Auto | Theme::Dark, env) => env,
    }
}

/// `proofhub-tui [--account NAME | --base-url URL] [--read-only]`.
pub fn run(cli: &Cli) -> Result<(), CommandError> {
    let settings = crate::local::target::Settings::load(&cli.target)?;
    let colors = colors_for(settings.config.theme);
    let opened = open_target(&cli.target, cli.read_only)?;
    let journal = journal_path()?;
    let accounts = (!settings.config.accounts.is_empty()).then(|| Accounts {
        entries: entries(&settings, cli.read_only),
        switcher: Switcher::new(&cli.target, cli.read_only),
    });
    tokio_runtime()?.block_on(open(
        opened.client,
        opened.label,
        opened.read_only,
        colors,
        &settings.config.keymap,
        journal,
        accounts,
    ))
}
