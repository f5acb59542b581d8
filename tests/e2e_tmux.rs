//! End to end: the real binary in tmux against `proofhub-tui sim` (both profiles). Keys are
//! typed into a real terminal and the screen is read back with capture-pane; every wait is a
//! bounded poll for what a user would see, never a fixed sleep.

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_proofhub-tui");
const WAIT: Duration = Duration::from_secs(30);

/// `proofhub-tui sim` as a child process, killed on drop.
struct SimProcess {
    child: Child,
    base_url: String,
}

impl SimProcess {
    fn start(profile: &str) -> SimProcess {
        let mut child = Command::new(BIN)
            .args(["sim", "--profile", profile, "--rate", "25/0.2"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the simulator");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the base URL");
        SimProcess {
            child,
            base_url: line.trim().to_string(),
        }
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A tmux server on its own socket, killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    fn capture(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }

    fn capture_styled(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-e", "-t", "e2e"]).stdout)
            .into_owned()
    }

    fn display(&self, format: &str) -> String {
        String::from_utf8_lossy(&self.run(&["display", "-p", "-t", "e2e", format]).stdout)
            .trim()
            .to_string()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success(), "send-keys {keys:?}");
    }

    /// Types text literally (no key names).
    fn text(&self, text: &str) {
        assert!(
            self.run(&["send-keys", "-t", "e2e", "-l", text])
                .status
                .success(),
            "send-keys -l {text:?}"
        );
    }

    fn resize(&self, w: u16, h: u16) {
        let (w, h) = (w.to_string(), h.to_string());
        assert!(
            self.run(&["resize-window", "-t", "e2e", "-x", &w, "-y", &h])
                .status
                .success()
        );
    }

    /// Polls the screen until `pred` holds; fails with the last screen after [`WAIT`].
    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if pred(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!("timed out waiting for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn home(dir: &Path) -> PathBuf {
    let config = dir.join("config");
    std::fs::create_dir_all(&config).expect("config dir");
    // The client may pace as fast as the simulator's scaled window allows.
    std::fs::write(config.join("config.toml"), "pacing = \"25/0.2\"\n").expect("config");
    dir.to_path_buf()
}

/// Starts the console in a detached 80×24 tmux session. The pane outlives the program (the
/// shell prints its exit code and waits), so the terminal state after quitting can be read.
/// `test` names the tmux socket, one per test, so tests running side by side never share one.
fn console(test: &str, profile: &str, extra_env: &[&str]) -> (Tmux, SimProcess, tempfile::TempDir) {
    let sim = SimProcess::start(profile);
    let dir = tempfile::tempdir().expect("temp dir");
    let tmux = Tmux {
        socket: format!("phtui-e2e-{test}-{}", std::process::id()),
    };
    let home_env = format!("PROOFHUB_TUI_HOME={}", home(dir.path()).display());
    let shell = format!(
        "'{BIN}' --base-url '{}'; echo \"exit=$?\"; exec sleep 600",
        sim.base_url
    );
    let mut args = vec![
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "80",
        "-y",
        "24",
        "-e",
        "PROOFHUB_TOKEN=demo-token",
        "-e",
        &home_env,
        "-e",
        "TERM=xterm-256color",
    ];
    for e in extra_env {
        args.push("-e");
        args.push(e);
    }
    args.push(&shell);
    let out = tmux.run(&args);
    assert!(
        out.status.success(),
        "tmux: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (tmux, sim, dir)
}

fn walk_through(profile: &str) {
    if !support::require_tool("tmux", "the end-to-end test drives the console in tmux") {
        return;
    }
    let (tmux, _sim, _dir) = console(&format!("walk-{profile}"), profile, &[]);

    // The whole account arrives; the hostile name is visible as escaped text.
    let screen = tmux.wait_for("the account to load", |s| s.contains("loaded 250 people"));
    assert!(
        screen.contains("^[[31mEvil"),
        "hostile name shown escaped:\n{screen}"
    );
    assert_eq!(tmux.display("#{alternate_on}"), "1");

    // A misspelt fragment finds the person, best match first.
    tmux.text("/agnszka ptel");
    tmux.wait_for("the filter to find Agnieszka Patel", |s| {
        s.contains("┌ Agnieszka Patel") && s.contains("/ agnszka ptel")
    });
    tmux.keys(&["Enter", "Enter"]);
    let screen = tmux.wait_for("her memberships", |s| {
        s.contains("People › Agnieszka Patel") && s.contains("Projects (3)")
    });
    assert!(screen.contains("▶ Mobile app internal"), "{screen}");

    // Projects, then a project's members.
    tmux.text("2");
    tmux.wait_for("the Projects view", |s| s.contains("Projects 40/40"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the project's members", |s| {
        s.contains("Projects › ") && s.contains("Members (")
    });

    // Compact at 40×12, then back.
    tmux.resize(40, 12);
    let small = tmux.wait_for("the compact layout", |s| {
        s.lines().count() <= 12 && s.contains("Members (") && !s.contains("Projects › ")
    });
    assert!(small.lines().all(|l| l.chars().count() <= 40), "{small}");
    tmux.resize(80, 24);
    tmux.wait_for("the full layout again", |s| {
        s.contains("Projects › ") && s.contains("Members (")
    });

    // Quit: the shell's screen is back, the cursor shown.
    tmux.text("q");
    tmux.wait_for("the console to exit", |s| s.contains("exit=0"));
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "0",
        "alternate screen left"
    );
    assert_eq!(tmux.display("#{cursor_flag}"), "1", "cursor hidden");
}

#[test]
fn walk_through_v3() {
    walk_through("v3");
}

#[test]
fn walk_through_guide() {
    walk_through("guide");
}

#[test]
fn no_color_keeps_the_selection_visible() {
    if !support::require_tool("tmux", "the end-to-end test drives the console in tmux") {
        return;
    }
    let (tmux, _sim, _dir) = console("no-color", "v3", &["NO_COLOR=1"]);
    tmux.wait_for("the account to load", |s| s.contains("loaded 250 people"));
    let styled = tmux.capture_styled();
    let row = styled
        .lines()
        .find(|l| l.contains('▶'))
        .unwrap_or_else(|| panic!("no selected row:\n{styled}"));
    // Reverse video (SGR 7) reaches the terminal on the selected row, and no colour at all.
    assert!(
        sgr_params(row).contains(&7),
        "selection not reversed: {row:?}"
    );
    let colours: Vec<u16> = sgr_params(&styled)
        .into_iter()
        .filter(|p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
        .collect();
    assert!(colours.is_empty(), "colours under NO_COLOR: {colours:?}");
    tmux.text("q");
    tmux.wait_for("the console to exit", |s| s.contains("exit=0"));
}

/// Every parameter of every SGR sequence (`ESC [ … m`) in `text`.
fn sgr_params(text: &str) -> Vec<u16> {
    let mut out = Vec::new();
    for part in text.split("\u{1b}[").skip(1) {
        if let Some(end) = part.find(|c: char| !(c.is_ascii_digit() || c == ';')) {
            if part[end..].starts_with('m') {
                out.extend(part[..end].split(';').filter_map(|p| p.parse::<u16>().ok()));
            }
        }
    }
    out
}

#[test]
fn sigterm_restores_the_terminal() {
    if !support::require_tool("tmux", "the end-to-end test drives the console in tmux") {
        return;
    }
    let (tmux, _sim, _dir) = console("sigterm", "guide", &[]);
    tmux.wait_for("the console", |s| s.contains("People "));
    assert_eq!(tmux.display("#{alternate_on}"), "1");
    let shell = tmux.display("#{pane_pid}");
    let console_pid = child_of(&shell)
        .unwrap_or_else(|| panic!("no console process under the pane's shell {shell}"));
    assert!(
        Command::new("sh")
            .args(["-c", &format!("kill -TERM {console_pid}")])
            .status()
            .expect("kill")
            .success()
    );
    tmux.wait_for("the console to exit", |s| s.contains("exit=0"));
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "0",
        "alternate screen left"
    );
    assert_eq!(tmux.display("#{cursor_flag}"), "1", "cursor hidden");
}

/// The first process whose parent is `parent` (read from /proc, so no pgrep is needed).
fn child_of(parent: &str) -> Option<String> {
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid = entry.file_name().to_string_lossy().into_owned();
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // pid (comm) state ppid …; comm may hold spaces, so split after the last ')'.
            let ppid = stat.rsplit_once(')')?.1.split_whitespace().nth(1)?;
            (ppid == parent).then_some(pid)
        })
}
