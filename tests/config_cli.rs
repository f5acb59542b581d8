//! The config file from the command line: `config init|path|edit`, the shipped example loaded
//! and its bindings in effect, a misnamed `[keymap]` action refused at load with the name
//! meant, and `demo` honouring the config's theme, keymap and read_only.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proofhub_tui::app::keymap::{Command as Action, Context, Resolved};
use proofhub_tui::cli::config_cmd::EXAMPLE;
use proofhub_tui::local::config::Config;

use crate::support::syncenv::text;
use crate::support::tmux::Tmux;

const BIN: &str = env!("CARGO_BIN_EXE_proofhub-tui");

fn command(home: &Path) -> Command {
    crate::support::clean_command(home)
}

#[test]
fn init_writes_the_commented_example_once_and_path_says_where() {
    let home = tempfile::tempdir().unwrap();
    let want = home.path().join("config/config.toml");

    let out = command(home.path())
        .args(["config", "path"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        want.display().to_string()
    );

    let out = command(home.path())
        .args(["config", "init"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&want).unwrap(), EXAMPLE);

    std::fs::write(&want, "theme = \"mono\"\n").unwrap();
    let out = command(home.path())
        .args(["config", "init"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("exists already"), "{}", text(&out));
    assert_eq!(
        std::fs::read_to_string(&want).unwrap(),
        "theme = \"mono\"\n",
        "never overwritten"
    );
}

#[test]
fn edit_opens_the_editor_and_checks_what_it_left() {
    let home = tempfile::tempdir().unwrap();
    let editor = home.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf '[keymap]\\ndelete = \"D\"\\n' > \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = command(home.path())
        .args(["config", "edit"])
        .env("EDITOR", &editor)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("did you mean `offboard`"),
        "{}",
        text(&out)
    );

    let out = command(home.path())
        .args(["config", "edit"])
        .env("EDITOR", "true")
        .output()
        .unwrap();
    // `true` leaves the broken file as it was: still refused.
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));

    let out = command(home.path())
        .args(["config", "edit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("$EDITOR"), "{}", text(&out));
}

#[test]
fn a_misnamed_action_fails_at_load_with_the_name_meant() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("bad.toml");
    std::fs::write(&config, "theme = \"dark\"\n\n[keymap]\ndelete = \"D\"\n").unwrap();
    for args in [vec!["info"], vec!["demo"], vec!["export"]] {
        let out = command(home.path())
            .args(&args)
            .arg("--config")
            .arg(&config)
            .output()
            .unwrap();
        let shown = text(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {shown}");
        assert!(
            shown.contains("did you mean `offboard`"),
            "{args:?}: {shown}"
        );
        assert!(shown.contains("line 4"), "{args:?}: {shown}");
    }
    std::fs::write(&config, "[keymap]\nquit = \"j\"\n").unwrap();
    let out = command(home.path())
        .arg("info")
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("already does"), "{}", text(&out));
}

#[test]
fn the_shipped_example_loads_and_its_bindings_take_effect() {
    let cfg = Config::parse(EXAMPLE, Path::new("config.example.toml")).expect("parses");
    proofhub_tui::cli::keymap_check::check(&cfg, Path::new("config.example.toml")).expect("checks");
    let mut km = proofhub_tui::app::state::default_keymap(false);
    let report = km.apply_overrides(cfg.keymap.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    assert!(
        report.errors.is_empty() && report.unknown.is_empty(),
        "{report:?}"
    );
    let press = |code, mods| KeyEvent::new(code, mods);
    assert_eq!(
        km.resolve(
            &[Context::People],
            &press(KeyCode::Char('X'), KeyModifiers::SHIFT)
        ),
        Resolved::Command(Action::Offboard)
    );
    assert_eq!(
        km.resolve(
            &[Context::Global],
            &press(KeyCode::Char('r'), KeyModifiers::CONTROL)
        ),
        Resolved::Command(Action::Reload)
    );
    assert_eq!(
        km.resolve(
            &[Context::People],
            &press(KeyCode::Char('D'), KeyModifiers::SHIFT)
        ),
        Resolved::Unbound,
        "D no longer offboards"
    );
}

#[test]
#[ignore = "needs tmux"]
fn demo_honours_the_configs_read_only_and_keymap() {
    crate::support::need_tool("tmux");
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/config.toml"),
        "read_only = true\ntheme = \"mono\"\n[keymap]\nhelp = \"f1\"\n",
    )
    .unwrap();
    let home_env = format!("PROOFHUB_TUI_HOME={}", home.path().display());
    let shell = format!("'{BIN}' demo; echo \"exit=$?\"; exec sleep 600");
    let tmux = Tmux::start(
        "cfgdemo",
        (100, 24),
        &["TERM=xterm-256color", &home_env],
        &shell,
    );
    let screen = tmux.wait_for("the demo loaded, read-only", |s| s.contains("read-only"));
    assert!(
        screen.contains("F1"),
        "the help key is F1 in the header:\n{screen}"
    );
    tmux.keys(&["q"]);
    tmux.wait_for("the demo exits 0", |s| s.contains("exit=0"));
}
