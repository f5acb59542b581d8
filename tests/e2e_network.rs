//! End to end at 80×24 (#12 points 3 and 4): the real binary in tmux, pointed at a port nobody
//! listens on, says "connection refused" with the address at once (no minute of "loading…"),
//! and `m` opens the message log with the whole message.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::tmux::{BIN, Tmux};

#[test]
#[ignore = "needs tmux"]
fn a_closed_port_says_connection_refused_and_the_log_holds_the_whole_message() {
    support::need_tool("tmux");
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let home = tempfile::tempdir().unwrap();
    let home_env = format!("PROOFHUB_TUI_HOME={}", home.path().display());
    let shell =
        format!("'{BIN}' --base-url 'http://127.0.0.1:{port}'; echo \"exit=$?\"; exec sleep 600");
    let tmux = Tmux::start(
        "e2e-net-refused",
        (80, 24),
        &[
            "PROOFHUB_TOKEN=demo-token",
            &home_env,
            "TERM=xterm-256color",
        ],
        &shell,
    );
    let screen = tmux.wait_for("connection refused on the status line", |s| {
        s.lines()
            .last()
            .is_some_and(|l| l.contains("connection refused") || l.contains("m: all"))
    });
    let status = screen.lines().last().unwrap_or_default().to_string();
    assert!(status.contains("error: could not connect"), "{screen}");
    assert!(
        status.contains("m: all"),
        "the cut names the log key: {screen}"
    );
    assert!(screen.lines().all(|l| l.chars().count() <= 80), "{screen}");

    tmux.text("m");
    let log = tmux.wait_for("the message log", |s| s.contains("Messages ("));
    let joined: String = log
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        joined.contains(&format!("127.0.0.1:{port}")) && joined.contains("connection refused"),
        "{log}"
    );
    tmux.keys(&["Escape"]);
    tmux.text("q");
    tmux.wait_for("the console to exit", |s| s.contains("exit=0"));
}
