//! The one tmux driver of the tests: a dedicated tmux server (`-L` socket, no user config) per
//! test with one detached session, its environment (the token too) passed with
//! `new-session -e` (never argv), keys and literal text sent, and bounded polling of
//! capture-pane. [`Tmux::console`] starts the console against a `proofhub-tui sim` child process
//! ([`SimProcess`], whose control endpoints are read over HTTP); [`Tmux::start`] runs any shell
//! line (sync review, typed login). Used by tests/e2e_*.rs, tests/sync.rs and tests/keyring.rs.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_proofhub-tui");
pub const WAIT: Duration = Duration::from_secs(30);

/// `proofhub-tui sim` as a child process, killed on drop.
pub struct SimProcess {
    child: Child,
    pub base_url: String,
}

impl SimProcess {
    pub fn start(profile: &str) -> SimProcess {
        SimProcess::start_with(profile, &[])
    }

    /// [`SimProcess::start`] with more `sim` arguments (`--people 30 --seed 7`; a `--rate`
    /// there replaces the scaled default).
    pub fn start_with(profile: &str, args: &[&str]) -> SimProcess {
        let rate: &[&str] = if args.contains(&"--rate") {
            &[]
        } else {
            &["--rate", "25/0.2"]
        };
        let mut child = Command::new(BIN)
            .args(["sim", "--profile", profile])
            .args(rate)
            .args(args)
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

    /// `PUT /__sim/faults` with `faults` (JSON text; `{}` clears them).
    pub fn set_faults(&self, faults: &str) {
        let answer = self.request(reqwest::Method::PUT, "faults", Some(faults.to_string()));
        assert!(answer.is_object(), "faults refused: {answer}");
    }

    /// `GET /__sim/<what>` as JSON (requests, outbox, state).
    pub fn control(&self, what: &str) -> serde_json::Value {
        self.request(reqwest::Method::GET, what, None)
    }

    fn request(
        &self,
        method: reqwest::Method,
        what: &str,
        body: Option<String>,
    ) -> serde_json::Value {
        let root = self
            .base_url
            .split("/api/")
            .next()
            .unwrap_or(&self.base_url)
            .to_string();
        let url = format!("{root}/__sim/{what}");
        let _ = rustls::crypto::ring::default_provider().install_default();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let mut request = reqwest::Client::new().request(method, &url);
            if let Some(body) = body {
                request = request.body(body);
            }
            request
                .send()
                .await
                .expect("control endpoint answers")
                .json::<serde_json::Value>()
                .await
                .expect("control endpoint JSON")
        })
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The one session each test's server runs.
const SESSION: &str = "e2e";

/// A tmux server on its own socket, killed on drop.
pub struct Tmux {
    pub socket: String,
}

impl Tmux {
    /// Starts a server on the socket `phtui-NAME-PID` with one detached `width`×`height`
    /// session running `shell` under `sh -c`, with `env` (`NAME=value`) added to the
    /// session's environment.
    pub fn start(name: &str, (width, height): (u16, u16), env: &[&str], shell: &str) -> Tmux {
        let tmux = Tmux {
            socket: format!("phtui-{name}-{}", std::process::id()),
        };
        let (width, height) = (width.to_string(), height.to_string());
        let mut session = vec![
            "new-session",
            "-d",
            "-s",
            SESSION,
            "-x",
            &width,
            "-y",
            &height,
        ];
        for e in env {
            session.extend(["-e", e]);
        }
        session.push(shell);
        let out = tmux.run(&session);
        assert!(
            out.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmux
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(["-f", "/dev/null"])
            .args(args)
            .output()
            .expect("run tmux")
    }

    pub fn capture(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", SESSION]).stdout)
            .into_owned()
    }

    /// The screen with its SGR escape sequences (`capture-pane -e`).
    pub fn capture_styled(&self) -> String {
        String::from_utf8_lossy(
            &self
                .run(&["capture-pane", "-p", "-e", "-t", SESSION])
                .stdout,
        )
        .into_owned()
    }

    /// A tmux format read from the pane, e.g. `#{alternate_on}`.
    pub fn display(&self, format: &str) -> String {
        String::from_utf8_lossy(&self.run(&["display", "-p", "-t", SESSION, format]).stdout)
            .trim()
            .to_string()
    }

    pub fn resize(&self, w: u16, h: u16) {
        let (w, h) = (w.to_string(), h.to_string());
        assert!(
            self.run(&["resize-window", "-t", SESSION, "-x", &w, "-y", &h])
                .status
                .success()
        );
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", SESSION];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success(), "send-keys {keys:?}");
    }

    /// Types text literally (no key names).
    pub fn text(&self, text: &str) {
        assert!(
            self.run(&["send-keys", "-t", SESSION, "-l", text])
                .status
                .success(),
            "send-keys -l {text:?}"
        );
    }

    /// Types `line` literally, then Enter.
    pub fn line(&self, line: &str) {
        self.text(line);
        self.keys(&["Enter"]);
    }

    /// Polls the screen until it shows `needle`; fails with the last screen after [`WAIT`].
    pub fn wait_for_text(&self, needle: &str) -> String {
        self.wait_for(&format!("{needle:?}"), |s| s.contains(needle))
    }

    /// Polls the screen until `pred` holds; fails with the last screen after [`WAIT`].
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
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

    /// Starts `proofhub-tui --base-url URL ARGS...` in a detached 80×24 session named `e2e`,
    /// with `PROOFHUB_TUI_HOME=home` and the simulator's token in the environment. The pane
    /// outlives the program and shows its exit code.
    pub fn console(name: &str, sim: &SimProcess, home: &Path, args: &[&str]) -> Tmux {
        Tmux::console_with_env(name, sim, home, args, &[])
    }

    /// [`Tmux::console`] with more `NAME=value` variables in the session's environment.
    pub fn console_with_env(
        name: &str,
        sim: &SimProcess,
        home: &Path,
        args: &[&str],
        env: &[&str],
    ) -> Tmux {
        let config = home.join("config");
        std::fs::create_dir_all(&config).expect("config dir");
        std::fs::write(config.join("config.toml"), "pacing = \"25/0.2\"\n").expect("config");
        let home_env = format!("PROOFHUB_TUI_HOME={}", home.display());
        let shell = format!(
            "'{BIN}' --base-url '{}' {}; echo \"exit=$?\"; exec sleep 600",
            sim.base_url,
            args.join(" ")
        );
        let mut session_env = vec![
            "PROOFHUB_TOKEN=demo-token",
            &home_env,
            "TERM=xterm-256color",
        ];
        session_env.extend_from_slice(env);
        Tmux::start(name, (80, 24), &session_env, &shell)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// The SGR parameters (`ESC [ … m`) in force where `needle` starts, on the first line of
/// `styled` that holds it: every parameter since the last reset (`0` or an empty sequence).
pub fn style_before(styled: &str, needle: &str) -> Vec<u16> {
    let line = styled
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{styled}"));
    let head = &line[..line.find(needle).unwrap_or(0)];
    let mut active = Vec::new();
    for part in head.split("\u{1b}[").skip(1) {
        let Some(end) = part.find('m') else {
            continue;
        };
        let params: Vec<u16> = part[..end]
            .split(';')
            .filter_map(|p| p.parse::<u16>().ok())
            .collect();
        if params.is_empty() || params.contains(&0) {
            active.clear();
            active.extend(params.into_iter().skip_while(|p| *p != 0).skip(1));
        } else {
            active.extend(params);
        }
    }
    active
}
