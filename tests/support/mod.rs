//! Shared helpers for integration tests.
//!
//! Tests that drive an outside tool (tmux, curl, keyctl, a D-Bus session with gnome-keyring) are
//! `#[ignore = "needs <tool>"]`: a plain `cargo test` lists them as ignored, and
//! `cargo test -- --include-ignored` (what `.ci/run` runs) runs them. Such a test starts with
//! [`need_tool`], so a run that asked for it fails where the tool is missing instead of passing
//! without having tested anything.
#![allow(dead_code)]

/// Fails the test unless `tool` is on PATH.
pub fn need_tool(tool: &str) {
    let found = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool} >/dev/null 2>&1"))
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found,
        "{tool} is not installed: this test is #[ignore]d by default and was asked for \
         (--include-ignored); install {tool} or run .ci/run, which installs it"
    );
}

/// One test per API profile, so a failure names the profile: `name::v3` and `name::guide`.
///
/// ```ignore
/// per_profile! {
///     #[tokio::test]
///     async fn export_then_plan_is_empty(profile) { /* `profile: Profile` */ }
/// }
/// ```
///
/// The attributes (`#[tokio::test(...)]`, `#[test]`, `#[ignore = ...]`) go on both generated
/// tests; the body sees the enclosing module's items (`use super::*`).
macro_rules! per_profile {
    ($(#[$meta:meta])* async fn $name:ident($profile:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn each($profile: ::proofhub_tui::model::profile::Profile) $body

            $(#[$meta])*
            async fn v3() {
                each(::proofhub_tui::model::profile::Profile::V3).await
            }

            $(#[$meta])*
            async fn guide() {
                each(::proofhub_tui::model::profile::Profile::Guide).await
            }
        }
    };
    ($(#[$meta:meta])* fn $name:ident($profile:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            fn each($profile: ::proofhub_tui::model::profile::Profile) $body

            $(#[$meta])*
            fn v3() {
                each(::proofhub_tui::model::profile::Profile::V3)
            }

            $(#[$meta])*
            fn guide() {
                each(::proofhub_tui::model::profile::Profile::Guide)
            }
        }
    };
}
pub(crate) use per_profile;

pub mod live;
pub mod syncenv;
pub mod tmux;

/// The binary with none of our environment variables (nor `VISUAL`/`EDITOR`) inherited from
/// the test run, every directory under `home` (`PROOFHUB_TUI_HOME`), and no standard input.
pub fn clean_command(home: &std::path::Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_proofhub-tui"));
    for var in [
        "PROOFHUB_TOKEN",
        "PROOFHUB_BASE_URL",
        "PROOFHUB_ACCOUNT",
        "PROOFHUB_TUI_LOG",
        "PROOFHUB_TUI_KEYRING",
        "VISUAL",
        "EDITOR",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("PROOFHUB_TUI_HOME", home)
        .stdin(std::process::Stdio::null());
    cmd
}

/// The real binary against the simulator at `sim_url`, with `token` in the environment (never
/// argv), `home` as its PROOFHUB_TUI_HOME, a config there that paces at the test rate, nothing
/// else from the caller's environment but PATH, and no stdin.
pub fn command(sim_url: &str, token: &str, home: &std::path::Path) -> std::process::Command {
    let config = home.join("config.toml");
    std::fs::write(&config, "pacing = \"25/0.2\"\n").expect("config");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_proofhub-tui"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("PROOFHUB_TOKEN", token)
        .env("PROOFHUB_TUI_HOME", home)
        .arg("--base-url")
        .arg(sim_url)
        .arg("--config")
        .arg(&config)
        .stdin(std::process::Stdio::null());
    cmd
}
