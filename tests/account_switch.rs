//! Several accounts (#12 point 6), end to end: the real binary in tmux with a config naming two
//! simulators on 127.0.0.1 (alpha: v3 with the demo account; beta: guide with a generated
//! account of 30 people), the token from `PROOFHUB_TOKEN`. `PROOFHUB_ACCOUNT` picks the first
//! one over `default_account`; `:account NAME` and the `A` picker switch, and the header and the
//! data follow. A write in flight (a PUT the simulator holds, `hold_method`) makes the switch
//! ask first; answered no, the console stays and the write completes (the core's side of the
//! question: tests/command_line.rs).
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use crate::support;
use crate::support::tmux::{BIN, SimProcess, Tmux, WAIT};

fn header(screen: &str) -> &str {
    screen.lines().next().unwrap_or_default()
}

/// The two simulators, the home naming them, and the console started in tmux at 80×24 with
/// `env` added (`PROOFHUB_ACCOUNT=...`).
struct TwoAccounts {
    alpha: SimProcess,
    beta: SimProcess,
    _home: tempfile::TempDir,
    tmux: Tmux,
}

fn two_accounts(name: &str, env: &[&str]) -> TwoAccounts {
    support::need_tool("tmux");
    let alpha = SimProcess::start("v3");
    let beta = SimProcess::start_with(
        "guide",
        &["--people", "30", "--projects", "6", "--seed", "7"],
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let config = home.join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!(
            "pacing = \"25/0.2\"\ndefault_account = \"alpha\"\n\
             [accounts.alpha]\nbase_url = \"{}\"\napi = \"v3\"\n\
             [accounts.beta]\nbase_url = \"{}\"\napi = \"guide\"\n",
            alpha.base_url, beta.base_url
        ),
    )
    .unwrap();
    let home_env = format!("PROOFHUB_TUI_HOME={}", home.display());
    let mut session = vec![
        "PROOFHUB_TOKEN=demo-token",
        &home_env,
        "TERM=xterm-256color",
    ];
    session.extend_from_slice(env);
    let tmux = Tmux::start(
        name,
        (80, 24),
        &session,
        &format!("'{BIN}'; echo \"exit=$?\"; exec sleep 600"),
    );
    TwoAccounts {
        alpha,
        beta,
        _home: dir,
        tmux,
    }
}

#[test]
#[ignore = "needs tmux"]
fn account_switches_between_a_v3_and_a_guide_simulator() {
    let TwoAccounts {
        alpha,
        beta,
        tmux,
        _home,
    } = two_accounts("account-switch", &["PROOFHUB_ACCOUNT=beta"]);

    let screen = tmux.wait_for("beta (PROOFHUB_ACCOUNT) to load", |s| {
        header(s).contains("beta · guide") && s.contains("loaded 30 people")
    });
    assert!(!screen.contains("250"), "{screen}");

    tmux.text(":account alpha");
    tmux.wait_for("the command line to show the switch", |s| {
        s.contains("switches to the account alpha")
    });
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("alpha to load in place of beta", |s| {
        header(s).contains("alpha · v3") && s.contains("loaded 250 people")
    });
    assert!(!header(&screen).contains("beta"), "{screen}");
    assert!(
        !screen.contains("30 people"),
        "nothing of beta stays:\n{screen}"
    );

    // The picker lists both with their profiles; the open one is marked.
    tmux.text("A");
    let screen = tmux.wait_for("the account picker", |s| s.contains("alpha (open)"));
    assert!(
        screen.contains("guide, token from PROOFHUB_TOKEN"),
        "{screen}"
    );
    tmux.keys(&["Down", "Enter"]);
    tmux.wait_for("beta again", |s| {
        header(s).contains("beta · guide") && s.contains("loaded 30 people")
    });

    // The overview counts beta's people.
    tmux.text("3");
    let screen = tmux.wait_for("the overview", |s| s.contains("Audit: beta, 30 people"));
    assert!(screen.contains("clients in projects"), "{screen}");

    tmux.text("q");
    tmux.wait_for("a clean exit", |s| s.contains("exit=0"));
    // Both simulators were asked: the data came from each in turn.
    for sim in [&alpha, &beta] {
        let requests = sim.control("requests");
        assert!(
            requests.as_array().is_some_and(|r| !r.is_empty()),
            "{requests}"
        );
    }
}

/// The PUTs `sim` has seen, each with its status (0 while unanswered).
fn puts(sim: &SimProcess) -> Vec<u64> {
    let requests = sim.control("requests");
    requests
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["method"] == "PUT")
        .map(|r| r["status"].as_u64().unwrap())
        .collect()
}

#[test]
#[ignore = "needs tmux"]
fn a_write_in_flight_asks_before_the_switch_and_no_keeps_the_account() {
    let TwoAccounts {
        alpha,
        beta,
        tmux,
        _home,
    } = two_accounts("account-switch-write", &[]);
    tmux.wait_for("alpha (default_account) to load", |s| {
        header(s).contains("alpha · v3") && s.contains("loaded 250 people")
    });

    // Alpha holds every PUT: the edit below stays in flight until the test lets it go.
    alpha.set_faults(r#"{"hold_method":"PUT"}"#);
    tmux.text("e");
    tmux.wait_for_text("Edit ");
    tmux.keys(&["Tab", "Tab", "C-u"]);
    tmux.text("Held Title");
    tmux.keys(&["Enter"]);
    tmux.wait_for_text("→ Held Title");
    tmux.keys(&["Enter"]);
    let start = Instant::now();
    while puts(&alpha) != [0] {
        assert!(
            start.elapsed() < WAIT,
            "the PUT never arrived: {:?}",
            puts(&alpha)
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }

    tmux.text(":account beta");
    tmux.wait_for("the command line to show the switch", |s| {
        s.contains("switches to the account beta")
    });
    tmux.keys(&["Enter"]);
    // Drawn whole (a capture can land mid-frame): the question names beta.
    tmux.wait_for("the question", |s| {
        s.contains("Switch account?")
            && s.contains("A write is in flight")
            && s.contains("Switch to beta anyway?")
            && s.contains("[ Switch ]")
    });
    // No: Cancel has the focus.
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the question closed", |s| !s.contains("Switch account?"));
    assert!(header(&screen).contains("alpha · v3"), "{screen}");
    assert!(!header(&screen).contains("beta"), "{screen}");
    assert_eq!(puts(&alpha), [0], "the write is still in flight");
    let beta_asked = beta.control("requests");
    assert_eq!(beta_asked.as_array().map(Vec::len), Some(0), "{beta_asked}");

    // Let it go: the write completes on alpha, in this console.
    alpha.set_faults("{}");
    tmux.wait_for_text("saved ");
    assert_eq!(puts(&alpha), [200]);
    let state = alpha.control("state");
    let titled = state["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["title"] == "Held Title")
        .count();
    assert_eq!(titled, 1, "the edit reached alpha");

    // Nothing in flight now: the switch goes without a question.
    tmux.text(":account beta");
    tmux.wait_for("the command line to show the switch", |s| {
        s.contains("switches to the account beta")
    });
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("beta in place of alpha", |s| {
        header(s).contains("beta · guide") && s.contains("loaded 30 people")
    });
    assert!(!screen.contains("Switch account?"), "{screen}");
    tmux.text("q");
    tmux.wait_for("a clean exit", |s| s.contains("exit=0"));
}

#[test]
fn proofhub_account_selects_the_account_over_default_account() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "default_account = \"alpha\"\n[accounts.alpha]\nbase_url = \"http://127.0.0.1:9/api/v3\"\n\
         [accounts.beta]\nbase_url = \"http://127.0.0.1:10/api/v3\"\n",
    )
    .unwrap();
    let info = |env: Option<&str>| {
        let mut cmd = support::clean_command(dir.path());
        cmd.arg("info");
        if let Some(name) = env {
            cmd.env("PROOFHUB_ACCOUNT", name);
        }
        let out = cmd.output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let account_row = |text: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with("account"))
            .map_or_else(
                || panic!("no account row:\n{text}"),
                |l| l.trim().to_string(),
            )
    };
    assert!(account_row(&info(None)).ends_with("alpha"));
    let beta = info(Some("beta"));
    assert!(account_row(&beta).ends_with("beta"), "{beta}");
    assert!(beta.contains("127.0.0.1:10"), "{beta}");
}
