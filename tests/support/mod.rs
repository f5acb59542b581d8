//! Shared helpers for integration tests.
#![allow(dead_code)]

/// Whether an outside tool a test needs is on PATH.
///
/// Where it is missing the test says so and skips, except under CI (`CI` set), where a missing
/// tool fails the run: CI installs every tool in `.ci/run`.
pub fn require_tool(tool: &str, why: &str) -> bool {
    let found = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool} >/dev/null 2>&1"))
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if found {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{tool} is required under CI ({why}); .ci/run should have installed it");
    }
    eprintln!("SKIPPED: {tool} is not installed ({why}); install it or run .ci/run");
    false
}
pub mod syncenv;
