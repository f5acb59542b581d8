//! The event loop: terminal events and effect results in, actions through `update`, effects
//! out to tokio tasks, and a frame drawn only when something changed.
//!
//! Nothing ticks while idle: the loop sleeps on the terminal's event stream, the action channel
//! and the exit signals, so an idle console uses no CPU. Only while the request budget's window
//! still counts requests does it look at the budget once a second (so the status line's "used"
//! drains as the window slides), and it stops once the window is empty. Bursts (a pasted query, a page of people) are
//! applied together before one frame is drawn.
//!
//! Writes go through the same trait ([`Loader::write`]): each runs in its own task and answers
//! with `Action::WriteDone`; a quit while one runs is held by `update` until the user confirms.
//!
//! Loading is behind [`Loader`], implemented by the console over the API client; a load runs in
//! its own task, reports pieces as `Action::Loaded` and ends with `Action::LoadDone`, tagged
//! with its generation so a cancelled load's late answers are ignored.

use std::io::{self, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use crossterm::event::Event;
use futures_util::future::BoxFuture;
use futures_util::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::app::writes::job::{WriteDone, WriteFailure, WriteJob};
use crate::app::{Action, Budget, Effect, LoadMsg, State, update};
use crate::console::clipboard;
use crate::model::account::Account;
use crate::model::account::{PersonId, ProjectId};
use crate::model::failure::{FailureKind, LoadError, WriteError};
use crate::model::handover::Loaded;

/// Loads the whole account, reporting pieces as they arrive.
pub trait Loader: Send + Sync + 'static {
    /// `order`: the projects whose members matter first (what is on screen), changing while
    /// the load runs. Dropping the returned future stops the load.
    fn load(
        self: Arc<Self>,
        order: watch::Receiver<Vec<ProjectId>>,
        events: mpsc::Sender<LoadMsg>,
    ) -> BoxFuture<'static, Result<Loaded, LoadError>>;

    /// Runs one write (journal, then the client). Consoles without writes refuse them.
    fn write(self: Arc<Self>, job: WriteJob) -> BoxFuture<'static, WriteDone> {
        Box::pin(async move {
            WriteDone {
                id: job.id,
                result: Err(WriteFailure::Failed(WriteError::new(
                    FailureKind::Setup,
                    "this console cannot write",
                ))),
            }
        })
    }

    /// The request budget as it is now, for the status line; `None` when there is none.
    fn budget(&self) -> Option<Budget> {
        None
    }

    /// The loader of another configured account (`:account NAME`), and whether it is
    /// read-only; consoles with one account refuse.
    fn switch(
        self: Arc<Self>,
        account: String,
    ) -> BoxFuture<'static, Result<(Arc<Self>, bool), String>>
    where
        Self: Sized,
    {
        let _ = account;
        Box::pin(async { Err("this console has only the one account".to_string()) })
    }

    /// This account's stored snapshot (`Ok(None)`: none, or none kept); an `Err` says why a
    /// stored one was refused. Its preview goes to `on_preview` as soon as it is read, before
    /// the rest (not at all when there is none). Consoles without a snapshot store have none.
    fn read_snapshot(
        self: Arc<Self>,
        on_preview: OnPreview,
    ) -> BoxFuture<'static, Result<Option<Box<crate::model::snapshot::Snapshot>>, String>> {
        drop(on_preview);
        Box::pin(async { Ok(None) })
    }

    /// Saves a completely loaded account as this account's snapshot, its preview holding
    /// `rows` (a no-op without a store).
    fn save_snapshot(
        self: Arc<Self>,
        account: Arc<Account>,
        taken_at: chrono::DateTime<Utc>,
        rows: Vec<PersonId>,
    ) -> BoxFuture<'static, Result<(), String>> {
        let _ = (account, taken_at, rows);
        Box::pin(async { Ok(()) })
    }

    /// Writes the access review of `account` to a file (see `app::access_review`); consoles
    /// without a data directory refuse.
    fn access_review(
        self: Arc<Self>,
        account: Arc<Account>,
    ) -> BoxFuture<'static, Result<crate::app::action::FileWritten, String>> {
        let _ = account;
        Box::pin(async { Err("this console has no data directory to write it to".to_string()) })
    }

    /// Writes these people of `account` to a CSV file (the bulk menu's export); consoles
    /// without a data directory refuse.
    fn export_marked(
        self: Arc<Self>,
        account: Arc<Account>,
        people: Vec<crate::model::account::PersonId>,
    ) -> BoxFuture<'static, Result<crate::app::action::FileWritten, String>> {
        let _ = (account, people);
        Box::pin(async { Err("this console has no data directory to write it to".to_string()) })
    }

    /// The journal's tombstones, newest first.
    fn tombstones(
        self: Arc<Self>,
    ) -> BoxFuture<'static, Result<Vec<crate::model::tombstone::Entry>, LoadError>> {
        Box::pin(async { Ok(Vec::new()) })
    }
}

/// Where [`Loader::read_snapshot`] hands the snapshot's preview, from the reading thread.
pub type OnPreview = Box<dyn FnOnce(crate::model::snapshot::Preview) + Send + 'static>;

/// Where the loop writes raw escape sequences (OSC 52): the terminal's own output.
pub trait RawOut {
    fn write_raw(&mut self, bytes: &[u8]) -> io::Result<()>;
}

impl<B: Backend + Write> RawOut for Terminal<B> {
    fn write_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        let out = self.backend_mut();
        out.write_all(bytes)?;
        Write::flush(out)
    }
}

/// How long queued actions may be applied before a frame is drawn and input is read again.
const FRAME_BUDGET: Duration = Duration::from_millis(16);

/// How often the budget is looked at while its window counts requests.
const BUDGET_TICK: Duration = Duration::from_secs(1);

struct Running {
    generation: u64,
    task: JoinHandle<()>,
}

/// Runs the console until the user quits, the event stream ends or a signal arrives.
pub async fn run<B, L, S>(
    terminal: &mut Terminal<B>,
    mut state: State,
    mut loader: Arc<L>,
    mut events: S,
) -> io::Result<()>
where
    B: Backend + Write,
    L: Loader,
    S: Stream<Item = io::Result<Event>> + Unpin,
{
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let (order_tx, order_rx) = watch::channel(Vec::<ProjectId>::new());
    // A switched-to account's loader, built off the loop (the keyring may block).
    let (switch_tx, mut switch_rx) = mpsc::unbounded_channel::<(Arc<L>, String, bool)>();
    let mut running: Option<Running> = None;
    // Snapshot saves under way: a quit waits for them, so the next start finds the snapshot.
    let mut saves: Vec<JoinHandle<()>> = Vec::new();
    let mut signals = Signals::new()?;

    let size = terminal
        .size()
        .map_err(|e| io::Error::other(e.to_string()))?;
    let mut pending = vec![
        Action::Clock(Utc::now()),
        Action::Resize {
            width: size.width,
            height: size.height,
        },
        Action::Start,
    ];
    let mut batch = Instant::now();
    let mut first_frame = true;
    loop {
        // A snapshot's preview is drawn before anything after it is applied (the whole
        // snapshot may be right behind it, and putting that in place takes a while).
        let mut frame_now = false;
        let mut queue = std::mem::take(&mut pending).into_iter();
        for action in queue.by_ref() {
            frame_now = matches!(action, Action::SnapshotPreview(_));
            let whole = matches!(action, Action::SnapshotRead(_));
            let effects = update(&mut state, action);
            if whole {
                tracing::debug!("console: the whole snapshot in place");
            }
            for effect in effects {
                match effect {
                    Effect::Load { generation } => {
                        if let Some(old) = running.take() {
                            old.task.abort();
                        }
                        // A new load starts from no hint (never another load's or account's
                        // projects); `update` sends what is on screen right after.
                        order_tx.send_replace(Vec::new());
                        running = Some(Running {
                            generation,
                            task: spawn_load(
                                loader.clone(),
                                order_rx.clone(),
                                tx.clone(),
                                generation,
                            ),
                        });
                    }
                    Effect::CancelLoad { generation } => {
                        if running.as_ref().is_some_and(|r| r.generation == generation)
                            && let Some(r) = running.take()
                        {
                            r.task.abort();
                        }
                    }
                    Effect::Prioritize(ids) => {
                        order_tx.send_replace(ids);
                    }
                    Effect::Copy(text) => {
                        let result = clipboard::osc52(&text).and_then(|seq| {
                            terminal
                                .write_raw(seq.as_bytes())
                                .map_err(|e| e.to_string())
                        });
                        let _ = tx.send(Action::CopyDone(result));
                    }
                    Effect::Write(job) => {
                        let (loader, tx) = (loader.clone(), tx.clone());
                        tokio::spawn(async move {
                            let _ = tx.send(Action::WriteDone(Box::new(loader.write(*job).await)));
                        });
                    }
                    Effect::Mouse(on) => {
                        let seq = if on {
                            ansi(crossterm::event::EnableMouseCapture)
                        } else {
                            ansi(crossterm::event::DisableMouseCapture)
                        };
                        // A terminal that cannot take it simply sends no mouse events.
                        let _ = terminal.write_raw(seq.as_bytes());
                    }
                    Effect::SwitchAccount(name) => {
                        let (loader, tx, done) = (loader.clone(), tx.clone(), switch_tx.clone());
                        tokio::spawn(async move {
                            match loader.switch(name.clone()).await {
                                Ok((next, read_only)) => {
                                    let _ = done.send((next, name, read_only));
                                }
                                Err(message) => {
                                    let _ = tx.send(Action::SwitchFailed { name, message });
                                }
                            }
                        });
                    }
                    Effect::ReadSnapshot => {
                        let (loader, tx) = (loader.clone(), tx.clone());
                        let early = tx.clone();
                        let on_preview: OnPreview = Box::new(move |preview| {
                            tracing::debug!("snapshot: preview read");
                            let _ = early.send(Action::SnapshotPreview(Box::new(preview)));
                        });
                        tokio::spawn(async move {
                            let read = loader.read_snapshot(on_preview).await;
                            tracing::debug!("snapshot: read whole");
                            let _ = tx.send(Action::SnapshotRead(read));
                        });
                    }
                    Effect::SaveSnapshot {
                        account,
                        taken_at,
                        rows,
                    } => {
                        let (loader, tx) = (loader.clone(), tx.clone());
                        saves.retain(|s| !s.is_finished());
                        saves.push(tokio::spawn(async move {
                            let result = loader.save_snapshot(account, taken_at, rows).await;
                            let _ = tx.send(Action::SnapshotSaved(result));
                        }));
                    }
                    Effect::AccessReview => {
                        let (loader, tx) = (loader.clone(), tx.clone());
                        let account = state.account.clone();
                        tokio::spawn(async move {
                            let done = loader.access_review(account).await;
                            let _ = tx.send(Action::AccessReviewDone(done));
                        });
                    }
                    Effect::ExportMarked(people) => {
                        let (loader, tx) = (loader.clone(), tx.clone());
                        let account = state.account.clone();
                        tokio::spawn(async move {
                            let done = loader.export_marked(account, people).await;
                            let _ = tx.send(Action::MarkedExported(done));
                        });
                    }
                    Effect::ReadTombstones => {
                        let (loader, tx) = (loader.clone(), tx.clone());
                        tokio::spawn(async move {
                            let _ = tx.send(Action::Tombstones(loader.tombstones().await));
                        });
                    }
                }
            }
            if frame_now {
                break;
            }
        }
        pending.extend(queue);
        if state.quit {
            break;
        }
        if frame_now && state.dirty {
            draw(terminal, &mut state)?;
            tracing::debug!("console: the snapshot's preview drawn");
            continue;
        }
        // What is already waiting goes in before the next frame, for up to a frame's time:
        // a flood of load results can neither cause a frame per result nor starve the
        // screen and the keyboard.
        if batch.elapsed() < FRAME_BUDGET {
            while pending.len() < 256
                && let Ok(a) = rx.try_recv()
            {
                pending.push(a);
            }
            if !pending.is_empty() {
                continue;
            }
        }
        if let Some(b) = loader.budget()
            && state.network.budget != Some(b)
        {
            pending.push(Action::Budget(b));
            continue;
        }
        if state.dirty {
            draw(terminal, &mut state)?;
            if first_frame {
                first_frame = false;
                tracing::debug!("console: first frame drawn");
            }
        }
        let counting = state.network.budget.is_some_and(|b| b.used > 0);
        tokio::select! {
            () = tokio::time::sleep(BUDGET_TICK), if counting => {}
            ev = events.next() => match ev {
                Some(Ok(ev)) => {
                    pending.push(Action::Clock(Utc::now()));
                    // The size as it is now, before any key acts on it: a resize event can
                    // come late (or not at all under some multiplexers), and a dialog's
                    // confirm button acts only when it fits the real screen.
                    if let Ok(size) = terminal.size()
                        && (size.width, size.height) != (state.width, state.height)
                    {
                        pending.push(Action::Resize {
                            width: size.width,
                            height: size.height,
                        });
                    }
                    if let Some(a) = from_terminal(ev, &state) {
                        pending.push(a);
                    }
                }
                Some(Err(e)) => return Err(e),
                None => break,
            },
            Some(a) = rx.recv() => pending.push(a),
            Some((next, name, read_only)) = switch_rx.recv() => {
                if let Some(r) = running.take() {
                    r.task.abort();
                }
                loader = next;
                pending.push(Action::AccountSwitched { name, read_only });
            }
            () = signals.recv() => break,
        }
        batch = Instant::now();
    }
    if let Some(r) = running.take() {
        r.task.abort();
    }
    for save in saves {
        let _ = save.await;
    }
    Ok(())
}

/// One frame of the state as it is.
fn draw<B: Backend>(terminal: &mut Terminal<B>, state: &mut State) -> io::Result<()> {
    terminal
        .draw(|f| crate::ui::draw(f, state))
        .map_err(|e| io::Error::other(e.to_string()))?;
    state.dirty = false;
    Ok(())
}

fn spawn_load<L: Loader>(
    loader: Arc<L>,
    order: watch::Receiver<Vec<ProjectId>>,
    tx: mpsc::UnboundedSender<Action>,
    generation: u64,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let (ev_tx, mut ev_rx) = mpsc::channel::<LoadMsg>(64);
        let load = loader.load(order, ev_tx);
        let forward = async {
            while let Some(event) = ev_rx.recv().await {
                let _ = tx.send(Action::Loaded { generation, event });
            }
        };
        let (result, ()) = tokio::join!(load, forward);
        let _ = tx.send(Action::load_finished(generation, result));
    })
}

/// A crossterm command as the escape sequence it writes.
fn ansi(command: impl crossterm::Command) -> String {
    let mut out = String::new();
    let _ = command.write_ansi(&mut out);
    out
}

fn from_terminal(ev: Event, state: &State) -> Option<Action> {
    use crossterm::event::{MouseButton, MouseEventKind};

    use crate::app::mouse::Pointer;
    match ev {
        Event::Mouse(m) if state.mouse => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => crate::ui::hit::hit(state, m.column, m.row)
                .map(|t| Action::Pointer(Pointer::Click(t))),
            MouseEventKind::ScrollUp => Some(Action::Pointer(Pointer::Wheel(-1))),
            MouseEventKind::ScrollDown => Some(Action::Pointer(Pointer::Wheel(1))),
            _ => None,
        },
        Event::Key(k) => Some(Action::Key(k)),
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        Event::Paste(text) => Some(Action::Paste(text)),
        _ => None,
    }
}

/// SIGTERM and SIGHUP end the loop like `q` does, so the terminal guard restores the screen.
struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> io::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals {
                term: signal(SignalKind::terminate())?,
                hup: signal(SignalKind::hangup())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    async fn recv(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {},
            _ = self.hup.recv() => {},
        }
        #[cfg(not(unix))]
        std::future::pending::<()>().await
    }
}
