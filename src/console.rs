//! `proofhub-tui` with no subcommand: the console on the account the command line and config
//! point at (`target::resolve`), loaded through the API client, run by [`crate::runtime`] in a
//! terminal guarded by [`crate::tui`].
//!
//! [`ApiLoader`] is the seam between the client and the runtime: it runs
//! `Client::load_account` and turns each `LoadEvent` into the app's `LoadMsg`, adding the request
//! budget from the client's pacing to each progress report.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::Utc;
use crossterm::event::EventStream;
use futures_util::future::BoxFuture;
use tokio::sync::{mpsc, watch};

use crate::account::{Account, ProjectId};
use crate::api::{CancelToken, Client, ClientConfig, LoadEvent, LoadStage, PacingSnapshot, Rate};
use crate::app::state::{ColorMode, State, Status, StatusKind};
use crate::app::writes::job::{WriteDone, WriteJob};
use crate::app::{Budget, LoadMsg, Progress};
use crate::cli::Cli;
use crate::config::{KeySpec, Theme};
use crate::exit::CommandError;
use crate::export::api_failure;
use crate::journal;
use crate::runtime::{self, Loader};
use crate::tui::TerminalGuard;
use crate::write_runner::WriteRunner;

/// Loads the account through the API client.
pub struct ApiLoader {
    pub client: Client,
}

/// Cancels the client's load when the runtime drops the load's future (reload, quit).
struct CancelOnDrop(CancelToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

fn stage_name(stage: LoadStage) -> &'static str {
    match stage {
        LoadStage::People => "people",
        LoadStage::Projects => "projects",
        LoadStage::Roles => "roles",
        LoadStage::Groups => "groups",
        LoadStage::Members => "members",
        LoadStage::Done => "done",
    }
}

/// The app's view of one client event.
pub fn to_msg(event: LoadEvent, pacing: &PacingSnapshot) -> LoadMsg {
    match event {
        LoadEvent::Profile(p) => LoadMsg::Profile(p),
        LoadEvent::Roles(r) => LoadMsg::Roles(r),
        LoadEvent::Groups(g) => LoadMsg::Groups(g),
        LoadEvent::People(p) => LoadMsg::People(p),
        LoadEvent::Projects(p) => LoadMsg::Projects(p),
        LoadEvent::Members { project, members } => LoadMsg::Members {
            project,
            members: members
                .into_iter()
                .map(|m| (m.person, m.project_role))
                .collect(),
        },
        LoadEvent::Progress(p) => LoadMsg::Progress(Progress {
            stage: stage_name(p.stage).to_string(),
            done: p.done as u64,
            total: p.total.map(|t| t as u64),
            budget: Some(Budget {
                used: u32::try_from(pacing.used).unwrap_or(u32::MAX),
                limit: u32::try_from(pacing.limit).unwrap_or(u32::MAX),
                window: pacing.window,
            }),
            eta: p.eta,
        }),
    }
}

impl Loader for ApiLoader {
    fn load(
        self: Arc<Self>,
        order: watch::Receiver<Vec<ProjectId>>,
        events: mpsc::Sender<LoadMsg>,
    ) -> BoxFuture<'static, Result<Account, String>> {
        Box::pin(async move {
            let cancel = CancelToken::new();
            let _stop = CancelOnDrop(cancel.clone());
            let (tx, mut rx) = mpsc::channel::<LoadEvent>(64);
            let client = &self.client;
            let forward = async {
                while let Some(event) = rx.recv().await {
                    if events.send(to_msg(event, &client.pacing())).await.is_err() {
                        break;
                    }
                }
            };
            let (result, ()) =
                tokio::join!(client.load_account(order, tx, cancel.clone()), forward);
            result.map_err(|e| e.to_string())
        })
    }
}

/// The console's loader and writer: loads through [`ApiLoader`], writes through a
/// [`WriteRunner`] (journal first, then the client).
pub struct ApiConsole {
    pub loader: Arc<ApiLoader>,
    pub writes: Arc<WriteRunner>,
}

impl ApiConsole {
    /// The console on `client`, journaling writes to `journal`.
    pub fn new(client: Client, journal: PathBuf) -> ApiConsole {
        ApiConsole {
            loader: Arc::new(ApiLoader {
                client: client.clone(),
            }),
            writes: Arc::new(WriteRunner::new(client, journal)),
        }
    }
}

impl Loader for ApiConsole {
    fn load(
        self: Arc<Self>,
        order: watch::Receiver<Vec<ProjectId>>,
        events: mpsc::Sender<LoadMsg>,
    ) -> BoxFuture<'static, Result<Account, String>> {
        self.loader.clone().load(order, events)
    }

    fn write(self: Arc<Self>, job: WriteJob) -> BoxFuture<'static, WriteDone> {
        Box::pin(self.writes.clone().run(job))
    }

    fn tombstones(self: Arc<Self>) -> BoxFuture<'static, Result<Vec<journal::Entry>, String>> {
        Box::pin(async move { self.writes.tombstones() })
    }
}

/// The journal of this user's data directory (`proofhub-tui info` prints the same path).
pub fn journal_path() -> Result<PathBuf, CommandError> {
    crate::paths::Paths::discover()
        .map(|p| p.journal_file())
        .map_err(|e| CommandError::Failed(e.to_string()))
}

/// Runs the console on `client` until the user quits; the terminal is restored however it ends.
/// Writes are journaled to `journal`.
pub async fn open(
    client: Client,
    label: String,
    read_only: bool,
    colors: ColorMode,
    keymap: &BTreeMap<String, KeySpec>,
    journal: PathBuf,
) -> Result<(), CommandError> {
    let mut state = State::new(label, read_only, colors, Utc::now());
    let report = state
        .keymap
        .apply_overrides(keymap.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if !report.errors.is_empty() {
        state.status = Some(Status {
            kind: StatusKind::Error,
            text: report.errors.join("; "),
        });
    } else if !report.unknown.is_empty() {
        state.status = Some(Status {
            kind: StatusKind::Info,
            text: format!(
                "keymap: this version has no action named {} (? lists them)",
                report.unknown.join(", ")
            ),
        });
    }
    let mut guard = TerminalGuard::enter()
        .map_err(|e| CommandError::Failed(format!("cannot use this terminal: {e}")))?;
    let result = runtime::run(
        guard.terminal(),
        state,
        Arc::new(ApiConsole::new(client, journal)),
        EventStream::new(),
    )
    .await;
    drop(guard);
    result.map_err(|e| CommandError::Failed(format!("the console stopped: {e}")))
}

/// A multi-threaded tokio runtime for a command.
pub fn tokio_runtime() -> Result<tokio::runtime::Runtime, CommandError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CommandError::Failed(format!("cannot start the async runtime: {e}")))
}

/// `proofhub-tui [--account NAME | --base-url URL] [--read-only]`.
pub fn run(cli: &Cli) -> Result<(), CommandError> {
    let settings = crate::target::Settings::load(&cli.target)?;
    let located = settings.locate(&cli.target)?;
    let read_only = cli.read_only || located.read_only;
    let colors = match (settings.config.theme, ColorMode::from_env()) {
        (Theme::Mono, _) | (_, ColorMode::Monochrome) => ColorMode::Monochrome,
        (Theme::Light, _) => ColorMode::Light,
        (Theme::Auto | Theme::Dark, env) => env,
    };
    let resolved = crate::target::resolve(&cli.target)?;
    let mut cfg = ClientConfig::new(resolved.base_url, resolved.token);
    cfg.profile = resolved.profile;
    if let Some(p) = located.pacing {
        cfg.rate = Rate {
            requests: p.requests.get(),
            window: p.window,
        };
    }
    let client = Client::new(cfg).map_err(api_failure)?;
    let journal = journal_path()?;
    tokio_runtime()?.block_on(open(
        client,
        resolved.label,
        read_only,
        colors,
        &settings.config.keymap,
        journal,
    ))
}
