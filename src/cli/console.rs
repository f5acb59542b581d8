//! `proofhub-tui` with no subcommand: the console on the account the command line and config
//! point at (`target::resolve`), loaded through the API client, run by [`crate::console::open`].

use crate::app::state::ColorMode;
use crate::cli::args::Cli;
use crate::cli::exit::CommandError;
use crate::console::switch::{Forced, Switcher, entries, open_target};
use crate::console::{Accounts, journal_path, open, tokio_runtime};
use crate::local::config::Theme;

/// NO_COLOR set and not empty (https://no-color.org) → modifiers only; else 16 colours.
pub(crate) fn colors_from_env() -> ColorMode {
    match std::env::var_os("NO_COLOR") {
        Some(v) if !v.is_empty() => ColorMode::Monochrome,
        _ => ColorMode::Ansi16,
    }
}

/// The config's theme, with NO_COLOR winning over it; `auto` asks the terminal for its
/// background (`COLORFGBG` first, then the OSC 11 query) and falls back to dark.
pub(crate) fn colors_for(theme: Theme) -> ColorMode {
    match (theme, colors_from_env()) {
        (Theme::Mono, _) | (_, ColorMode::Monochrome) => ColorMode::Monochrome,
        (Theme::Light, _) => ColorMode::Light,
        (Theme::Auto, env) => {
            let light = std::env::var("COLORFGBG")
                .ok()
                .and_then(|v| light_from_colorfgbg(&v))
                .or_else(crate::console::background::detect_light);
            if light == Some(true) {
                ColorMode::Light
            } else {
                env
            }
        }
        (Theme::Dark, env) => env,
    }
}

/// `COLORFGBG` ("15;0": foreground;background as ANSI colour numbers, set by rxvt, Konsole
/// and others): the background 7 or 9–15 is light, 0–6 and 8 dark.
fn light_from_colorfgbg(value: &str) -> Option<bool> {
    let bg: u8 = value.rsplit(';').next()?.trim().parse().ok()?;
    Some(bg == 7 || (9..=15).contains(&bg))
}

/// `proofhub-tui [--account NAME | --base-url URL] [--read-only] [--no-snapshot]`.
pub fn run(cli: &Cli) -> Result<(), CommandError> {
    // The steps to the first frame are logged (`benches/snapshot.rs` times them).
    tracing::debug!("console: starting");
    let settings = crate::local::target::Settings::load(&cli.target)?;
    let colors = colors_for(settings.config.theme);
    tracing::debug!("console: config read, colours chosen");
    let forced = Forced {
        read_only: cli.read_only,
        no_snapshot: cli.no_snapshot,
    };
    let opened = open_target(&cli.target, forced)?;
    tracing::debug!("console: account opened (config, token, client)");
    let journal = journal_path()?;
    let accounts = (!settings.config.accounts.is_empty()).then(|| Accounts {
        entries: entries(&settings, cli.read_only),
        switcher: Switcher::new(&cli.target, forced),
    });
    tokio_runtime()?.block_on(open(
        opened.client,
        opened.label,
        opened.read_only,
        colors,
        settings.config.mouse,
        &settings.config.keymap,
        journal,
        accounts,
        opened.snapshot,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colorfgbg_tells_light_from_dark() {
        assert_eq!(light_from_colorfgbg("0;15"), Some(true));
        assert_eq!(light_from_colorfgbg("15;0"), Some(false));
        assert_eq!(light_from_colorfgbg("15;default;8"), Some(false));
        assert_eq!(light_from_colorfgbg("0;7"), Some(true));
        assert_eq!(light_from_colorfgbg("nonsense"), None);
    }
}
