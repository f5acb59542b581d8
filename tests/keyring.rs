//! Accounts end to end: the real binary's `login`, `info` and `logout` against the simulator,
//! through the real OS keyrings (a Secret Service on D-Bus, and the kernel keyring in a fresh
//! session), and what must never happen: a token stored after a refusal, or a token left in a
//! file, a log or a process argument list.
//!
//! Every run uses its own account label, so runs never see each other's entries, and logs out
//! at the end.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::live;
use crate::support::per_profile;

use crate::support;
use crate::support::tmux::Tmux;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::Sim;

const BIN: &str = env!("CARGO_BIN_EXE_proofhub-tui");

/// A simulator on 127.0.0.1, served by a runtime of its own while the test drives the binary.
struct RunningSim {
    base_url: String,
    token: String,
    _sim: Sim,
    _runtime: tokio::runtime::Runtime,
}

fn sim(profile: Profile) -> RunningSim {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let token = unique("tok-0000");
    let sim = runtime.block_on(live::sim(profile).token(&token).start());
    RunningSim {
        base_url: sim.base_url(),
        token,
        _sim: sim,
        _runtime: runtime,
    }
}

/// A name no other run uses.
fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{prefix}-{}-{nanos}", std::process::id())
}

/// A private home for one test: every directory of ours lives under it.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A home whose config scales the request window to 200 ms, so the client's retries against
    /// an address that never answers end in about a second instead of a minute.
    fn with_fast_retries() -> Home {
        let home = Home::new();
        let dir = home.root().join("app/config");
        std::fs::create_dir_all(&dir).expect("config dir");
        std::fs::write(dir.join("config.toml"), "pacing = \"25/0.2\"\n").expect("config");
        home
    }

    /// The binary with a clean environment pointing every directory into this home.
    fn command(&self, keyring: &str) -> Command {
        let mut cmd = Command::new(BIN);
        self.env(&mut cmd, keyring);
        cmd
    }

    /// A clean environment for any command: our variables unset, every directory in this home.
    fn env(&self, cmd: &mut Command, keyring: &str) {
        for var in Home::UNSET {
            cmd.env_remove(var);
        }
        cmd.envs(self.vars(keyring)).stdin(Stdio::null());
    }

    /// Our variables a test must not inherit (besides the keyring, which [`Home::vars`] sets).
    const UNSET: [&str; 3] = ["PROOFHUB_TOKEN", "PROOFHUB_BASE_URL", "PROOFHUB_TUI_LOG"];

    /// Every directory in this home, and the keyring to use.
    fn vars(&self, keyring: &str) -> Vec<(&'static str, String)> {
        let under = |p: &str| self.root().join(p).display().to_string();
        vec![
            ("PROOFHUB_TUI_HOME", under("app")),
            ("XDG_CONFIG_HOME", under("xdg/config")),
            ("XDG_DATA_HOME", under("xdg/data")),
            ("XDG_CACHE_HOME", under("xdg/cache")),
            ("XDG_STATE_HOME", under("xdg/state")),
            ("PROOFHUB_TUI_KEYRING", keyring.to_string()),
        ]
    }
}

fn run(mut cmd: Command) -> Output {
    cmd.output().expect("the binary runs")
}

/// Runs `login --token-stdin`, feeding the token on standard input only.
fn login_via_stdin(mut cmd: Command, token: &str) -> Output {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("login starts");
    assert_no_process_argv_holds(token);
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(format!("{token}\n").as_bytes())
        .expect("token written");
    child.wait_with_output().expect("login ends")
}

/// No process on the machine (ours included) carries the token in its argument list.
fn assert_no_process_argv_holds(token: &str) {
    if token.is_empty() {
        return;
    }
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return; // not Linux: nothing to scan
    };
    for p in procs.flatten() {
        if let Ok(cmdline) = std::fs::read(p.path().join("cmdline")) {
            let text = String::from_utf8_lossy(&cmdline);
            assert!(
                !text.contains(token),
                "process {:?} has the token in its arguments: {text}",
                p.file_name()
            );
        }
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs a `sh` script in a fresh kernel session keyring (`keyctl session -`), as an SSH login
/// gets one, with `$BIN` the binary and `vars` in the environment (the token travels there,
/// never as an argument). While it runs, every process's argument list is watched for `token`.
/// The tests that call it are `#[ignore = "needs keyctl"]`.
fn in_kernel_session(home: &Home, script: &str, vars: &[(&str, &str)], token: &str) -> String {
    support::need_tool("keyctl");
    let mut cmd = Command::new("keyctl");
    home.env(&mut cmd, KERNEL);
    cmd.args(["session", "-", "sh", "-c", script])
        .env("BIN", BIN)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let child = cmd.spawn().expect("keyctl runs");
    let pid = child.id();
    let watcher = std::thread::spawn(move || child.wait_with_output());
    while !watcher.is_finished() {
        assert_no_process_argv_holds(token);
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let out = watcher.join().expect("watcher").expect("script ends");
    let shown = text(&out);
    assert!(out.status.success(), "session {pid} failed:\n{shown}");
    shown
}

fn args(cmd: &mut Command, sub: &str, account: &str, base_url: &str) {
    cmd.args([sub, "--account", account, "--base-url", base_url]);
}

/// Every file under `dir` whose bytes contain `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read(&path)
                .is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
            {
                found.push(path);
            }
        }
    }
    found
}

/// The store the binary-level tests use when the store is not what they test: the kernel
/// keyring is there on every Linux machine, desktop or not.
const KERNEL: &str = "keyutils";

per_profile! {
    #[test]
    #[ignore = "needs keyctl"]
    fn login_with_a_wrong_token_says_so_and_stores_nothing(profile) {
        let sim = sim(profile);
        let home = Home::new();
        let account = unique("wrong");
        let script = r#"
            printf '%s\n' "$W" | "$BIN" login --account "$A" --base-url "$U" --token-stdin; echo "login=$?"
            "$BIN" logout --account "$A" --base-url "$U"; echo "logout=$?"
        "#;
        let vars = [
            ("W", "not-the-right-key"),
            ("A", account.as_str()),
            ("U", sim.base_url.as_str()),
        ];
        let shown = in_kernel_session(&home, script, &vars, "not-the-right-key");
        for expected in [
            // Exit 4: the account refused the token.
            "login=4",
            "refused",
            "nothing stored",
            "nothing to remove",
            "logout=0",
        ] {
            assert!(
                shown.contains(expected),
                "{profile}: missing {expected:?} in:\n{shown}"
            );
        }
        assert!(!shown.contains("not-the-right-key"), "{profile}: {shown}");
    }
}

/// A whole session (login, a client run, logout) with every log on, then a search for the
/// token everywhere it must not be: files under our directories, the log, argument lists.
#[test]
#[ignore = "needs keyctl"]
fn a_session_leaves_the_token_in_no_file_log_or_argument_list() {
    let sim = sim(Profile::V3);
    let home = Home::new();
    let account = unique("leak");
    let script = r#"
        printf '%s\n' "$T" | "$BIN" login --account "$A" --base-url "$U" --token-stdin; echo "login=$?"
        "$BIN" info --account "$A" --base-url "$U"; echo "info=$?"
        "$BIN" export --account "$A" --base-url "$U" --format json --out "$OUT"; echo "export=$?"
        "$BIN" logout --account "$A" --base-url "$U"; echo "logout=$?"
    "#;
    let export = home.root().join("people.json");
    let vars = [
        ("T", sim.token.as_str()),
        ("A", account.as_str()),
        ("U", sim.base_url.as_str()),
        ("OUT", export.to_str().expect("utf-8 temp path")),
        ("PROOFHUB_TUI_LOG", "trace,proofhub_tui=trace"),
    ];
    let shown = in_kernel_session(&home, script, &vars, &sim.token);
    for expected in [
        "login=0",
        "accepts the token",
        "info=0",
        "export=0",
        "removed",
        "logout=0",
    ] {
        assert!(
            shown.contains(expected),
            "missing {expected:?} in:\n{shown}"
        );
    }
    assert!(!shown.contains(&sim.token), "{shown}");

    let people = std::fs::read_to_string(&export).expect("export wrote the people");
    assert!(
        people.contains('@'),
        "the export holds people: {people:.200}"
    );

    let log = home.root().join("app/state/proofhub-tui.log");
    let log_text = std::fs::read_to_string(&log).expect("the session wrote a log");
    assert!(
        log_text.contains("token stored"),
        "the log has content: {log_text}"
    );
    assert!(
        log_text.contains("DEBUG") || log_text.contains("TRACE"),
        "{log_text}"
    );
    assert_eq!(
        files_containing(home.root(), &sim.token),
        Vec::<PathBuf>::new(),
        "no file under the config, data, cache and state directories holds the token"
    );
}

#[test]
fn info_names_every_path_and_the_token_source_but_never_the_token() {
    let home = Home::with_fast_retries();
    let mut cmd = home.command(KERNEL);
    cmd.args(["info", "--base-url", "http://127.0.0.1:9/api/v3"])
        .env("PROOFHUB_TOKEN", "env-token-value-123");
    let out = run(cmd);
    let shown = text(&out);
    // Exit 5: the account is not reachable, so the token is unchecked.
    assert_eq!(out.status.code(), Some(5), "{shown}");
    let app = home.root().join("app");
    for expected in [
        format!("{}", app.join("config/config.toml").display()),
        format!("{}", app.join("data/journal.jsonl").display()),
        format!("{}", app.join("cache").display()),
        format!("{}", app.join("state/proofhub-tui.log").display()),
        "PROOFHUB_TOKEN (wins over the keyring)".to_string(),
        "kernel keyutils session keyring".to_string(),
        "gone after a reboot".to_string(),
        "not reachable".to_string(),
    ] {
        assert!(
            shown.contains(&expected),
            "missing {expected:?} in:\n{shown}"
        );
    }
    assert!(!shown.contains("env-token-value-123"), "{shown}");
}

#[test]
fn info_without_an_account_still_shows_the_paths() {
    let home = Home::new();
    let out = run({
        let mut cmd = home.command(KERNEL);
        cmd.arg("info");
        cmd
    });
    let shown = text(&out);
    // Exit 2: no account is named, so there is no token to check.
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(shown.contains("journal.jsonl"), "{shown}");
    assert!(shown.contains("no account given"), "{shown}");
}

#[test]
fn a_broken_config_is_reported_with_file_and_line() {
    let home = Home::new();
    let config = home.root().join("bad.toml");
    std::fs::write(
        &config,
        "default_account = \"acme\"\n[accounts.acme]\ncolour = 1\n",
    )
    .expect("write config");
    for sub in ["info", "logout"] {
        let mut cmd = home.command(KERNEL);
        cmd.arg(sub).arg("--config").arg(&config);
        let out = run(cmd);
        let shown = text(&out);
        assert_eq!(out.status.code(), Some(2), "{sub}: {shown}");
        assert!(
            shown.contains(&format!("config file {}, line 3", config.display())),
            "{sub}: {shown}"
        );
        assert!(shown.contains("colour"), "{sub}: {shown}");
    }
}

#[test]
fn the_only_token_flag_is_the_simulators_made_up_key() {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: String, found: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            let long = arg.get_long().unwrap_or_default();
            if long.contains("token") && long != "token-stdin" {
                found.push(format!("{path} --{long}"));
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, format!("{path} {}", sub.get_name()), found);
        }
    }
    let mut found = Vec::new();
    walk(
        &proofhub_tui::cli::args::Cli::command(),
        "proofhub-tui".into(),
        &mut found,
    );
    assert_eq!(found, vec!["proofhub-tui sim --token".to_string()]);
}

#[test]
fn login_refuses_an_empty_token_and_an_unreachable_account() {
    let home = Home::with_fast_retries();
    let mut cmd = home.command(KERNEL);
    args(&mut cmd, "login", "x", "http://127.0.0.1:9/api/v3");
    cmd.arg("--token-stdin");
    let out = login_via_stdin(cmd, "");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("no token given"), "{}", text(&out));

    let mut cmd = home.command(KERNEL);
    args(&mut cmd, "login", "x", "http://127.0.0.1:9/api/v3");
    cmd.arg("--token-stdin");
    let out = login_via_stdin(cmd, "some-token");
    // Exit 5: the server could not be reached.
    assert_eq!(out.status.code(), Some(5), "{}", text(&out));
    assert!(
        text(&out).contains("cannot check the token") && text(&out).contains("nothing stored"),
        "{}",
        text(&out)
    );
}

#[test]
fn login_without_a_terminal_points_to_token_stdin() {
    let home = Home::new();
    let mut cmd = home.command(KERNEL);
    args(&mut cmd, "login", "x", "http://127.0.0.1:9/api/v3");
    let out = run(cmd);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--token-stdin"), "{}", text(&out));
}

/// login → token read back (by `info`, which uses it to detect the profile) → logout, through
/// a real Secret Service on the D-Bus session bus.
#[test]
#[ignore = "needs a D-Bus session with an unlocked gnome-keyring, and secret-tool"]
fn secret_service_holds_the_token_from_login_to_logout() {
    for tool in ["dbus-daemon", "gnome-keyring-daemon", "secret-tool"] {
        support::need_tool(tool);
    }
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset): run the tests in dbus-run-session \
         with gnome-keyring unlocked, as .ci/run does"
    );
    let sim = sim(Profile::V3);
    let home = Home::new();
    let account = unique("ss");
    let lookup = || {
        Command::new("secret-tool")
            .args(["lookup", "service", "proofhub-tui", "username", &account])
            .output()
            .expect("secret-tool runs")
    };

    let mut cmd = home.command("secret-service");
    args(&mut cmd, "login", &account, &sim.base_url);
    cmd.arg("--token-stdin");
    let out = login_via_stdin(cmd, &sim.token);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Secret Service"), "{}", text(&out));
    assert_eq!(
        String::from_utf8_lossy(&lookup().stdout).trim(),
        sim.token,
        "the Secret Service itself holds the token"
    );

    let mut cmd = home.command("secret-service");
    args(&mut cmd, "info", &account, &sim.base_url);
    let out = run(cmd);
    let shown = text(&out);
    assert!(out.status.success(), "{shown}");
    assert!(shown.contains("keyring: Secret Service"), "{shown}");
    assert!(
        shown.contains("v3 (the account accepts the token)"),
        "{shown}"
    );
    assert!(!shown.contains(&sim.token), "{shown}");

    let mut cmd = home.command("secret-service");
    args(&mut cmd, "logout", &account, &sim.base_url);
    let out = run(cmd);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("removed"), "{}", text(&out));
    assert!(
        lookup().stdout.is_empty(),
        "the entry is gone from the Secret Service"
    );
}

/// The same round trip in a fresh kernel session keyring, as over SSH without a desktop.
#[test]
#[ignore = "needs keyctl"]
fn kernel_keyring_holds_the_token_from_login_to_logout() {
    let sim = sim(Profile::Guide);
    let home = Home::new();
    let account = unique("ku");
    let script = r#"
        printf '%s\n' "$T" | "$BIN" login --account "$A" --base-url "$U" --token-stdin; echo "login=$?"
        keyctl search @s user "keyring:$A@proofhub-tui" >/dev/null 2>&1; echo "in-kernel=$?"
        "$BIN" info --account "$A" --base-url "$U"; echo "info=$?"
        "$BIN" logout --account "$A" --base-url "$U"; echo "logout=$?"
        keyctl search @s user "keyring:$A@proofhub-tui" >/dev/null 2>&1; echo "in-kernel-after=$?"
        "$BIN" info --account "$A" --base-url "$U"; echo "info-after=$?"
        printf '%s\n' "$T" | "$BIN" login --base-url "$U" --token-stdin; echo "login-by-url=$?"
        keyctl search @s user "keyring:$U@proofhub-tui" >/dev/null 2>&1; echo "url-in-kernel=$?"
        "$BIN" logout --base-url "$U"; echo "logout-by-url=$?"
    "#;
    let vars = [
        ("T", sim.token.as_str()),
        ("A", account.as_str()),
        ("U", sim.base_url.as_str()),
    ];
    let shown = in_kernel_session(&home, script, &vars, &sim.token);
    for expected in [
        "login=0",
        "in-kernel=0",
        "stored in the kernel keyutils session keyring",
        "gone after a reboot",
        "keyring: kernel keyutils session keyring",
        "guide (the account accepts the token)",
        "info=0",
        "removed",
        "logout=0",
        "in-kernel-after=1",
        "none: run `proofhub-tui login --account",
        // Exit 4: after logout there is no token (info says so, and how to get one).
        "info-after=4",
        "login-by-url=0",
        "url-in-kernel=0",
        "logout-by-url=0",
    ] {
        assert!(
            shown.contains(expected),
            "missing {expected:?} in:\n{shown}"
        );
    }
    assert!(!shown.contains(&sim.token), "{shown}");
}

/// Two accounts from the config side by side: the default one needs no flag, logging out of
/// one keeps the other.
#[test]
#[ignore = "needs keyctl"]
fn configured_accounts_live_side_by_side_and_the_default_needs_no_flag() {
    let sim = sim(Profile::V3);
    let home = Home::new();
    let (lab, other) = (unique("lab"), unique("other"));
    let dir = home.root().join("app/config");
    std::fs::create_dir_all(&dir).expect("config dir");
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "default_account = \"{lab}\"\n[accounts.\"{lab}\"]\nbase_url = \"{u}\"\n[accounts.\"{other}\"]\nbase_url = \"{u}\"\n",
            u = sim.base_url
        ),
    )
    .expect("config");
    let script = r#"
        printf '%s\n' "$T" | "$BIN" login --token-stdin; echo "login-default=$?"
        printf '%s\n' "$T" | "$BIN" login --account "$O" --token-stdin; echo "login-other=$?"
        "$BIN" logout --account "$O"; echo "logout-other=$?"
        "$BIN" info; echo "info-default=$?"
        "$BIN" info --account "$O"; echo "info-other=$?"
        "$BIN" logout; echo "logout-default=$?"
    "#;
    let vars = [("T", sim.token.as_str()), ("O", other.as_str())];
    let shown = in_kernel_session(&home, script, &vars, &sim.token);
    for expected in [
        format!("Token for {lab} accepted"),
        "login-default=0".into(),
        format!("Token for {other} accepted"),
        format!("Token for {other} removed"),
        format!("(service proofhub-tui, user {lab})"),
        "v3 (the account accepts the token)".into(),
        format!("none: run `proofhub-tui login --account {other}`"),
        format!("Token for {lab} removed"),
        "logout-default=0".into(),
    ] {
        assert!(
            shown.contains(&expected),
            "missing {expected:?} in:\n{shown}"
        );
    }
}

/// Over SSH without a desktop there is no Secret Service: `auto` uses the kernel keyring and
/// says why.
#[test]
fn auto_falls_back_to_the_kernel_keyring_without_a_secret_service() {
    let home = Home::new();
    let mut cmd = home.command("auto");
    cmd.args(["info", "--account", "acme"])
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .env("XDG_RUNTIME_DIR", home.root());
    let out = run(cmd);
    let shown = text(&out);
    // Exit 4: the paths and the store are shown, but there is no token.
    assert_eq!(out.status.code(), Some(4), "{shown}");
    assert!(
        shown.contains("kernel keyutils session keyring (auto: no Secret Service answered"),
        "{shown}"
    );
    assert!(shown.contains("gone after a reboot"), "{shown}");
}

/// Typed at a real terminal (tmux), the token is not echoed, and login stores it.
#[test]
#[ignore = "needs tmux and keyctl"]
fn a_typed_token_is_not_echoed() {
    support::need_tool("tmux");
    support::need_tool("keyctl");
    let sim = sim(Profile::V3);
    let home = Home::new();
    let account = unique("typed");
    // The session's environment is this home's (the variables the test must not inherit are
    // unset by the shell line, since `-e` can only set).
    let mut env: Vec<String> = home
        .vars(KERNEL)
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    env.extend([
        format!("BIN={BIN}"),
        format!("A={account}"),
        format!("U={}", sim.base_url),
    ]);
    let env: Vec<&str> = env.iter().map(String::as_str).collect();
    let script = format!(
        r#"unset {}; keyctl session - sh -c '"$BIN" login --account "$A" --base-url "$U"; echo "login=$?"; "$BIN" logout --account "$A" --base-url "$U"; echo "logout=$?"; sleep 60'"#,
        Home::UNSET.join(" ")
    );
    let tmux = Tmux::start("typed", (120, 20), &env, &script);
    tmux.wait_for_text("typing is not shown");
    tmux.line(&sim.token);
    let shown = tmux.wait_for_text("logout=");
    assert!(shown.contains("login=0"), "{shown}");
    assert!(
        shown.contains(&format!("Token for {account} accepted")),
        "{shown}"
    );
    assert!(shown.contains("logout=0"), "{shown}");
    assert!(
        !shown.contains(&sim.token),
        "the typed token was echoed:\n{shown}"
    );
}
