//! The services behind the runtime's [`Loader`] trait for a real account.
//!
//! [`ApiLoader`] is the seam between the client and the runtime: it runs
//! `Client::load_account` and turns each `LoadEvent` into the app's `LoadMsg`, adding the request
//! budget from the client's pacing to each progress report. [`ApiConsole`] adds writes through a
//! [`WriteRunner`] (journal first, then the client).

use std::path::PathBuf;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use tokio::sync::{broadcast, mpsc, watch};

use crate::api::{CancelToken, Client, LoadEvent, LoadStage, PacingSnapshot};
use crate::app::writes::job::{WriteDone, WriteJob};
use crate::app::{Budget, LoadMsg, Progress};
use crate::console::runtime::{Loader, OnPreview};
use crate::console::switch::Switcher;
use crate::console::write_runner::WriteRunner;
use crate::local::snapshot::SnapshotStore;
use crate::model::account::{Account, PersonId, ProjectId};
use crate::model::failure::LoadError;
use crate::model::handover::Loaded;
use crate::model::snapshot::{Preview, Snapshot};
use chrono::{DateTime, Utc};

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

/// The app's view of the client's budget.
pub fn budget_of(pacing: &PacingSnapshot) -> Budget {
    // A wait only when our own pacing holds a request back: the budget is spent and no 429 is
    // the reason (that one the retry loop reports with the server's words).
    let spent = pacing.used >= pacing.limit && pacing.blocked_for.is_none();
    // Said in whole seconds by the status line (`app::network_status`).
    let wait = (spent && !pacing.next_free_in.is_zero()).then_some(pacing.next_free_in);
    Budget {
        used: u32::try_from(pacing.used).unwrap_or(u32::MAX),
        limit: u32::try_from(pacing.limit).unwrap_or(u32::MAX),
        window: pacing.window,
        wait,
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
            at_least: p.at_least.map(|t| t as u64),
            budget: Some(budget_of(pacing)),
            eta: p.eta,
        }),
    }
}

impl Loader for ApiLoader {
    fn load(
        self: Arc<Self>,
        order: watch::Receiver<Vec<ProjectId>>,
        events: mpsc::Sender<LoadMsg>,
    ) -> BoxFuture<'static, Result<Loaded, LoadError>> {
        Box::pin(async move {
            let cancel = CancelToken::new();
            let _stop = CancelOnDrop(cancel.clone());
            let (tx, mut rx) = mpsc::channel::<LoadEvent>(64);
            let client = &self.client;
            let mut net = client.net_events();
            let mut net_open = true;
            let forward = async {
                loop {
                    let msg = tokio::select! {
                        event = rx.recv() => match event {
                            Some(event) => to_msg(event, &client.pacing()),
                            None => break,
                        },
                        note = net.recv(), if net_open => match note {
                            Ok(note) => LoadMsg::Net(note),
                            // Missed reports are old ones; the next one is current.
                            Err(broadcast::error::RecvError::Lagged(_)) => continue,
                            // The people pages still have to get through.
                            Err(broadcast::error::RecvError::Closed) => {
                                net_open = false;
                                continue;
                            }
                        },
                    };
                    if events.send(msg).await.is_err() {
                        break;
                    }
                }
            };
            // The core keeps the people pages it is sent, so the client keeps no copy of them.
            let (result, ()) = tokio::join!(
                client.load_account_streamed(order, tx, cancel.clone()),
                forward
            );
            result.map(Loaded::Rest).map_err(|e| e.to_load_error())
        })
    }
}

/// The console's loader and writer: loads through [`ApiLoader`], writes through a
/// [`WriteRunner`] (journal first, then the client), and switches account through a
/// [`Switcher`] when the config names other accounts.
pub struct ApiConsole {
    pub loader: Arc<ApiLoader>,
    pub writes: Arc<WriteRunner>,
    journal: PathBuf,
    switcher: Option<Switcher>,
    /// Where this account's snapshot is kept, if it is.
    snapshot: Option<Arc<SnapshotStore>>,
}

impl ApiConsole {
    /// The console on `client`, journaling writes to `journal`.
    pub fn new(client: Client, journal: PathBuf) -> ApiConsole {
        ApiConsole {
            loader: Arc::new(ApiLoader {
                client: client.clone(),
            }),
            writes: Arc::new(WriteRunner::new(client, journal.clone())),
            journal,
            switcher: None,
            snapshot: None,
        }
    }

    /// The same, keeping the account's snapshot in `store` (none: no snapshot is kept).
    pub fn with_snapshot(self, store: Option<SnapshotStore>) -> ApiConsole {
        ApiConsole {
            snapshot: store.map(Arc::new),
            ..self
        }
    }

    /// The same, able to switch to the other configured accounts. One journal serves every
    /// account (its records name the account), so a switch keeps it.
    pub fn switchable(client: Client, journal: PathBuf, switcher: Switcher) -> ApiConsole {
        ApiConsole {
            switcher: Some(switcher),
            ..ApiConsole::new(client, journal)
        }
    }

    /// The data directory: where the journal is, and the files the console writes beside it.
    fn data_dir(&self) -> PathBuf {
        self.journal
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default()
    }
}

impl Loader for ApiConsole {
    fn load(
        self: Arc<Self>,
        order: watch::Receiver<Vec<ProjectId>>,
        events: mpsc::Sender<LoadMsg>,
    ) -> BoxFuture<'static, Result<Loaded, LoadError>> {
        self.loader.clone().load(order, events)
    }

    fn switch(
        self: Arc<Self>,
        account: String,
    ) -> BoxFuture<'static, Result<(Arc<Self>, bool), String>> {
        Box::pin(async move {
            let Some(switcher) = self.switcher.clone() else {
                return Err("this console has only the one account".to_string());
            };
            let opening = switcher.clone();
            let opened = tokio::task::spawn_blocking(move || opening.open(&account))
                .await
                .map_err(|e| e.to_string())??;
            let next = ApiConsole::switchable(opened.client, self.journal.clone(), switcher)
                .with_snapshot(opened.snapshot);
            Ok((Arc::new(next), opened.read_only))
        })
    }

    fn read_snapshot(
        self: Arc<Self>,
        on_preview: OnPreview,
    ) -> BoxFuture<'static, Result<Option<Box<Snapshot>>, String>> {
        Box::pin(async move {
            let Some(store) = self.snapshot.clone() else {
                return Ok(None);
            };
            tokio::task::spawn_blocking(move || store.read_with(on_preview))
                .await
                .map_err(|e| e.to_string())?
                .map(|s| s.map(Box::new))
                .map_err(|e| e.to_string())
        })
    }

    fn save_snapshot(
        self: Arc<Self>,
        account: Arc<Account>,
        taken_at: DateTime<Utc>,
        rows: Vec<PersonId>,
    ) -> BoxFuture<'static, Result<(), String>> {
        Box::pin(async move {
            let Some(store) = self.snapshot.clone() else {
                return Ok(());
            };
            tokio::task::spawn_blocking(move || {
                store.save(&account, taken_at, &Preview::of(&account, &rows, taken_at))
            })
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())
        })
    }

    fn write(self: Arc<Self>, job: WriteJob) -> BoxFuture<'static, WriteDone> {
        Box::pin(self.writes.clone().run(job))
    }

    fn tombstones(
        self: Arc<Self>,
    ) -> BoxFuture<'static, Result<Vec<crate::model::tombstone::Entry>, LoadError>> {
        Box::pin(async move { self.writes.tombstones() })
    }

    /// Into the data directory, beside the journal, as the access review.
    fn export_marked(
        self: Arc<Self>,
        account: Arc<Account>,
        people: Vec<crate::model::account::PersonId>,
    ) -> BoxFuture<'static, Result<crate::app::action::FileWritten, String>> {
        let dir = self.data_dir();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                super::marked_export::write(&dir, &account, &people, chrono::Utc::now())
            })
            .await
            .map_err(|e| e.to_string())?
        })
    }

    /// Into the data directory, beside the journal.
    fn access_review(
        self: Arc<Self>,
        account: Arc<Account>,
    ) -> BoxFuture<'static, Result<crate::app::action::FileWritten, String>> {
        let dir = self.data_dir();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                super::access_review::write(&dir, &account, chrono::Utc::now())
            })
            .await
            .map_err(|e| e.to_string())?
        })
    }

    fn budget(&self) -> Option<Budget> {
        Some(budget_of(&self.loader.client.pacing()))
    }
}
