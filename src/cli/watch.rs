//! `proofhub-tui watch --every 15m`: the guide's polling strategy as a command.
//!
//! Each round loads the whole account at the paced rate (the client's pacing, as `export`),
//! compares it with the last good round (`cli::change_events`) and prints one JSON line per
//! change on stdout, flushed at the round's end. The first round compares with the account's
//! stored snapshot when there is one, else it is the baseline and prints nothing. After each good
//! round the account is saved as the snapshot (when the account keeps one; `--no-snapshot`
//! neither reads nor saves it), so `changes` and the console's next start see what `watch` saw.
//!
//! A failed round (a load that gave up: 502s, timeouts, a refused token) is one line on stderr
//! and prints no event; the next round still runs and compares with the last good one, so no
//! change is lost. Rounds start `--every` apart (a load longer than that starts the next round
//! at once). SIGTERM or SIGINT stops it between rounds, mid-load or mid-`--exec`, with exit 0,
//! unless no round has loaded the account yet and one failed: then with that failure's exit.
//! It only reads: the client sends no write.
//!
//! `--exec CMD` runs `sh -c CMD` after each round with changes, the round's JSON lines on its
//! stdin: the command is the admin's own argument, no event text ever reaches an argument or
//! the shell, `PROOFHUB_TOKEN` is taken out of its environment, and its output goes to stderr
//! (stdout stays the event stream). Its failure is reported on
//! stderr; the watch goes on.

use std::io::Write;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::api::Client;
use crate::app::preview;
use crate::cli::args::Target;
use crate::cli::change_events::{self, Stamp};
use crate::cli::changes_args::WatchArgs;
use crate::cli::exit::CommandError;
use crate::cli::progress::Show;
use crate::local::snapshot::SnapshotStore;
use crate::model::account::Account;

/// The async runtime of a headless command.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, CommandError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CommandError::Failed(format!("cannot start the async runtime: {e}")))
}

/// Runs `watch` until a signal stops it.
pub fn run(target: &Target, args: &WatchArgs, no_snapshot: bool) -> Result<(), CommandError> {
    let opened = crate::cli::changes::open_read_only(target, no_snapshot)?;
    let store = opened.snapshot.clone();
    runtime()?.block_on(Watch { args, store }.rounds(&opened.client))
}

struct Watch<'a> {
    args: &'a WatchArgs,
    store: Option<SnapshotStore>,
}

impl Watch<'_> {
    fn note(&self, text: &str) {
        if !self.args.quiet {
            eprintln!("watch: {text}");
        }
    }

    async fn rounds(self, client: &Client) -> Result<(), CommandError> {
        let mut stop = Stop::new()?;
        let mut last = self.stored();
        let mut round: u64 = 0;
        // The last round's failure while no round has loaded the account yet.
        let mut failing: Option<CommandError> = None;
        let mut loaded_once = false;
        loop {
            round += 1;
            let started = Instant::now();
            let show = Show::from_quiet(self.args.quiet);
            let loaded = tokio::select! {
                r = crate::cli::export::load(client, show) => r,
                () = stop.wait() => return self.stopped(round, "mid-load", failing),
            };
            match loaded {
                Err(e) => {
                    eprintln!(
                        "watch: round {round} failed: {e}; the next round compares with the last good one"
                    );
                    if !loaded_once {
                        failing = Some(e);
                    }
                }
                Ok(account) => {
                    loaded_once = true;
                    failing = None;
                    let at = Utc::now();
                    match &last {
                        None => self.note(&format!(
                            "round {round}: the baseline ({} people, {} projects); changes are printed from the next round on",
                            account.people.len(),
                            account.projects.len()
                        )),
                        Some((before, since)) => {
                            let stamp = Stamp {
                                since: Some(*since),
                                at,
                                round: Some(round),
                            };
                            let lines: String = change_events::events(before, &account)
                                .iter()
                                .map(|e| e.json_line(&stamp) + "\n")
                                .collect();
                            emit(&lines)?;
                            let n = lines.lines().count();
                            self.note(&format!("round {round}: {n} changes"));
                            if n > 0
                                && let Some(cmd) = &self.args.exec
                                && self.exec(cmd, round, lines, &mut stop).await
                            {
                                return self.stopped(round, "mid-exec", None);
                            }
                        }
                    }
                    self.save(&account, at).await;
                    last = Some((account, at));
                }
            }
            let next = tokio::time::Instant::from_std(started + self.args.every);
            tokio::select! {
                () = tokio::time::sleep_until(next) => {}
                () = stop.wait() => return self.stopped(round, "between rounds", failing),
            }
        }
    }

    /// The signal's end: exit 0, unless every round so far failed (`failing`: the last one's
    /// error), when nothing was watched and the exit says so with that round's error.
    fn stopped(
        &self,
        round: u64,
        when: &str,
        failing: Option<CommandError>,
    ) -> Result<(), CommandError> {
        self.note(&format!("stopped by a signal {when} (round {round})"));
        match failing {
            None => Ok(()),
            Some(e) => Err(e.prefixed(
                "watch stopped by a signal before any round loaded the account; the last round failed: ",
            )),
        }
    }

    /// The stored snapshot, if the account keeps one and it opens.
    fn stored(&self) -> Option<(Account, DateTime<Utc>)> {
        let store = self.store.as_ref()?;
        match store.read() {
            Ok(Some(s)) => {
                self.note(&format!(
                    "the first round compares with the snapshot of {}",
                    change_events::time(s.taken_at)
                ));
                Some((s.account, s.taken_at))
            }
            Ok(None) => None,
            Err(e) => {
                eprintln!("watch: {e}; the first round is the baseline");
                None
            }
        }
    }

    async fn save(&self, account: &Account, at: DateTime<Utc>) {
        let Some(store) = &self.store else { return };
        let (store, account) = (store.clone(), account.clone());
        let saved = tokio::task::spawn_blocking(move || {
            store.save(&account, at, &preview::of(&account, at))
        })
        .await;
        match saved {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("watch: {e}"),
            Err(e) => eprintln!("watch: cannot save the snapshot: {e}"),
        }
    }

    /// Runs `--exec` with `lines` on its stdin; true when a signal came first (the command is
    /// then killed).
    async fn exec(&self, cmd: &str, round: u64, lines: String, stop: &mut Stop) -> bool {
        let mut child = match spawn(cmd) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("watch: round {round}: cannot run --exec: {e}");
                return false;
            }
        };
        if let Some(mut stdin) = child.stdin.take() {
            // A command that does not read its input must not hold the watch up.
            std::thread::spawn(move || {
                let _ = stdin.write_all(lines.as_bytes());
            });
        }
        loop {
            match child.try_wait() {
                Ok(Some(status)) if status.success() => return false,
                Ok(Some(status)) => {
                    eprintln!("watch: round {round}: --exec ended with {status}");
                    return false;
                }
                Ok(None) => {}
                Err(e) => {
                    eprintln!("watch: round {round}: --exec: {e}");
                    return false;
                }
            }
            tokio::select! {
                () = tokio::time::sleep(Duration::from_millis(50)) => {}
                () = stop.wait() => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return true;
                }
            }
        }
    }
}

/// `sh -c CMD`, stdin piped, its output on our stderr (stdout is the event stream), the token
/// out of its environment.
fn spawn(cmd: &str) -> std::io::Result<Child> {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .env_remove(crate::local::secrets::TOKEN_ENV)
        .stdin(Stdio::piped())
        .stdout(Stdio::from(std::io::stderr()))
        .spawn()
}

/// The round's lines on stdout, at once.
fn emit(lines: &str) -> Result<(), CommandError> {
    let mut out = std::io::stdout().lock();
    out.write_all(lines.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| CommandError::Failed(format!("cannot write the changes: {e}")))
}

/// SIGTERM and SIGINT, listened to from the start.
struct Stop {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
}

impl Stop {
    fn new() -> Result<Stop, CommandError> {
        let failed =
            |e: std::io::Error| CommandError::Failed(format!("cannot listen for signals: {e}"));
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Stop {
                term: signal(SignalKind::terminate()).map_err(failed)?,
                int: signal(SignalKind::interrupt()).map_err(failed)?,
            })
        }
        #[cfg(not(unix))]
        {
            let _ = failed;
            Ok(Stop {})
        }
    }

    async fn wait(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.int.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
