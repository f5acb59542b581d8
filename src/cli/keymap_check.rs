//! The config's `[keymap]` checked when a command loads it: every name must be an action of the
//! console or of the sync review (else "did you mean …"), every key a key, and no key one that
//! another action already has. A config that fails is a usage error naming the line, so a
//! typo never silently leaves the default in place.

use std::path::Path;

use crate::app::keymap::Keymap;
use crate::local::config::Config;

/// Checks `config.keymap` against both keymaps; the first problem as one message.
pub fn check(config: &Config, path: &Path) -> Result<(), String> {
    if config.keymap.is_empty() {
        return Ok(());
    }
    let mut console = crate::app::state::default_keymap(false);
    let review = crate::dirsync::review::keymap(std::iter::empty());
    let at = |name: &str| {
        config
            .keymap_at
            .get(name)
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    for name in config.keymap.keys() {
        if !(console.has_name(name) || review.has_name(name)) {
            let hint = suggestion(name, &console, &review).map_or_else(
                || "; the `?` overlay in the console lists them".to_string(),
                |n| format!("; did you mean `{n}`?"),
            );
            return Err(format!(
                "config file {}{}: [keymap] {name:?}: no action has this name{hint}",
                path.display(),
                at(name)
            ));
        }
    }
    let entries = || config.keymap.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let mut review_only = crate::dirsync::review::keymap(std::iter::empty());
    let mut problems = console.apply_overrides(entries()).errors;
    problems.extend(review_only.apply_overrides(entries()).errors);
    match problems.into_iter().next() {
        None => Ok(()),
        Some(problem) => {
            // "keymap: NAME: …": the entry the problem is about, for its line.
            let name = problem
                .strip_prefix("keymap: ")
                .and_then(|p| p.split_once(':'))
                .map(|(n, _)| n.to_string())
                .unwrap_or_default();
            Err(format!(
                "config file {}{}: {problem}",
                path.display(),
                at(&name)
            ))
        }
    }
}

fn suggestion(name: &str, console: &Keymap, review: &Keymap) -> Option<&'static str> {
    console
        .suggest_name(name)
        .or_else(|| review.suggest_name(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_text(text: &str) -> Result<(), String> {
        let path = Path::new("/home/u/.config/proofhub-tui/config.toml");
        let config = Config::parse(text, path).map_err(|e| e.to_string())?;
        check(&config, path)
    }

    #[test]
    fn the_shipped_example_passes() {
        check_text(include_str!("../../assets/config.example.toml"))
            .unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn an_unknown_name_is_refused_with_the_name_meant_and_its_line() {
        let err = check_text("theme = \"dark\"\n[keymap]\ndelete = \"D\"\n").expect_err("refused");
        assert!(err.contains("did you mean `offboard`"), "{err}");
        assert!(err.contains("line 3, column 1"), "{err}");
    }

    #[test]
    fn a_key_another_action_has_is_refused_where_it_is_written() {
        let err = check_text("[keymap]\nreload = \"r\"\nquit = \"j\"\n").expect_err("refused");
        assert!(err.contains("j already does \"move down\""), "{err}");
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn review_only_names_are_accepted() {
        check_text("[keymap]\ntick = \"t\"\n").unwrap_or_else(|e| panic!("{e}"));
    }
}
