//! `proofhub-tui export`: the full load written out as CSV or JSON, no TUI.
//!
//! CSV has one row per person: `id,name,email,role,status,last_active,projects`, where
//! `projects` lists the person's projects as `Title (project role)` (the role only where the
//! profile has one, i.e. guide), joined with `"; "`, in project-id order. JSON holds `people`
//! (each with their projects and, v3, their title), `projects` (each with its members), `roles`
//! and `groups`; `changes BEFORE AFTER` compares two such files.
//! `--fields a,b,c` picks the columns (CSV) or the person keys (JSON, then only `profile` and
//! `people`) from [`Field`]; docs/CLI-JSON.md is the schema. `--access-review` writes the
//! access review instead ([`crate::dirsync::access_review`]).
//!
//! v3 rows also carry `first_name`, `last_name` and `title`, so a sync from the export keeps the
//! name split and the title exactly as they are.
//!
//! Server text is untrusted, and a data file holds the data: files and pipes get every value
//! exactly, in the data form of [`crate::model::sanitize::data`] (JSON escapes every dangerous
//! character as `\uXXXX`; a CSV cell a spreadsheet would run as a formula gets a leading `'` that
//! the sync source strips), so an export used as a sync source plans nothing. CSV on a terminal
//! is shown in the terminal form instead (escape sequences made visible). Progress
//! ([`crate::cli::progress`]) goes to stderr only when stderr is a terminal and not `--quiet`. A `--out` file is written owner-only and atomically.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::Path;

use tokio::sync::{mpsc, watch};

use crate::api::net_events::NetEvent;
use crate::api::{ApiError, CancelToken, Client, ClientConfig, LoadEvent, LoadProgress};
use crate::cli::args::{ExportArgs, ExportFormat, Target};
use crate::cli::exit::CommandError;
pub use crate::cli::export_fields::Field;
use crate::cli::progress::{self, Show};
use crate::model::account::{Account, Person};
use crate::model::sanitize;

/// Runs `export`.
pub fn run(target: &Target, args: &ExportArgs) -> Result<(), CommandError> {
    let resolved = crate::local::target::resolve(target)?;
    // The configured request budget and wait, if any (`resolve` does not carry them).
    let located = crate::local::target::Settings::load(target)?.locate(target)?;
    let mut cfg = ClientConfig::new(resolved.base_url, resolved.token);
    cfg.profile = resolved.profile;
    cfg.token_fix = Some(resolved.token_fix);
    crate::cli::client_settings::apply(&located, &mut cfg);
    let client = Client::new(cfg).map_err(api_failure)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CommandError::Failed(format!("cannot start the async runtime: {e}")))?;
    let account = runtime.block_on(load(&client, Show::from_quiet(args.quiet)))?;
    let form = if args.out.is_none() && std::io::stdout().is_terminal() {
        CsvForm::Terminal
    } else {
        CsvForm::Data
    };
    let write = |out: &mut dyn Write| match args.format {
        _ if args.access_review => {
            crate::dirsync::access_review::write_csv(&account, form, out).map(|_| ())
        }
        ExportFormat::Csv => write_csv(&account, form, &args.fields, out),
        ExportFormat::Json if args.fields.is_empty() => write_json(&account, out),
        ExportFormat::Json => write_json_fields(&account, &args.fields, out),
    };
    match &args.out {
        Some(path) => crate::local::private_file::write_atomic_with(path, write)
            .map_err(|e| CommandError::Failed(format!("cannot write {}: {e}", path.display()))),
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out)
                .and_then(|()| out.flush())
                .map_err(|e| CommandError::Failed(format!("cannot write the export: {e}")))
        }
    }
}

/// How a client error ends a command: bad URLs are usage errors, a refused token and an
/// unreachable server have their own exit codes, the rest are failures.
pub(crate) fn api_failure(e: ApiError) -> CommandError {
    match e {
        ApiError::InsecureUrl { .. } | ApiError::InvalidUrl { .. } => {
            CommandError::Usage(e.to_string())
        }
        other => CommandError::from_failure(other.kind(), other.to_string()),
    }
}

/// Loads the whole account, showing progress per [`crate::cli::progress`].
pub(crate) async fn load(client: &Client, show: Show) -> Result<Account, CommandError> {
    let (_order_tx, order) = watch::channel(Vec::new());
    let (tx, mut rx) = mpsc::channel(64);
    let mut net = client.net_events();
    let pacer = client.clone();
    let progress = tokio::spawn(async move {
        let line = progress::Line::new(show);
        let mut last: Option<LoadProgress> = None;
        let mut rate_wait: Option<(std::time::Instant, std::time::Duration)> = None;
        let mut tick = tokio::time::interval(std::time::Duration::from_millis(500));
        loop {
            tokio::select! {
                event = rx.recv() => match event {
                    Some(LoadEvent::Progress(p)) => last = Some(p),
                    Some(_) => {}
                    None => break,
                },
                Ok(e) = net.recv() => match e {
                    NetEvent::RateLimited { wait, .. } => {
                        rate_wait = Some((std::time::Instant::now(), wait));
                    }
                    NetEvent::Recovered => rate_wait = None,
                    NetEvent::Retrying { .. } => {}
                },
                _ = tick.tick() => {}
            }
            let from_429 = rate_wait.and_then(|(at, wait)| wait.checked_sub(at.elapsed()));
            let wait = progress::wait_of(&pacer.pacing()).or(from_429.filter(|d| !d.is_zero()));
            if let Some(p) = &last {
                line.set(progress::load_line(p, wait));
            } else if let Some(w) = wait {
                line.set(progress::waiting(w));
            }
        }
        line.finish();
    });
    let result = client.load_account(order, tx, CancelToken::new()).await;
    let _ = progress.await;
    result.map_err(|e| api_failure(e).prefixed("loading the account failed: "))
}

/// Where CSV goes: a file or pipe holds the data; a terminal shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvForm {
    /// Every value exactly, formula cells guarded (reads back through the sync source).
    Data,
    /// Dangerous characters shown escaped, for a terminal.
    Terminal,
}

impl CsvForm {
    /// `value` as a cell of this form.
    pub fn cell(self, value: &str) -> String {
        self.cell_ref(value).into_owned()
    }

    /// [`CsvForm::cell`], borrowing `value` where the cell is the value itself.
    pub fn cell_ref(self, value: &str) -> Cow<'_, str> {
        let guarded = sanitize::data::csv_cell(value);
        match self {
            CsvForm::Data => guarded,
            CsvForm::Terminal => match sanitize::display(&guarded) {
                Cow::Borrowed(_) => guarded,
                Cow::Owned(shown) => Cow::Owned(shown),
            },
        }
    }
}

pub(super) fn status(p: &Person) -> &str {
    match p.status() {
        Some(s) if !s.trim().is_empty() => s,
        _ if p.suspended() => "suspended",
        _ => "active",
    }
}

/// The person's projects as `Title (role)`, joined with `"; "`, appended to `out`.
pub(super) fn write_projects_cell(account: &Account, p: &Person, out: &mut String) {
    for (i, (project, role)) in account.projects_of(p.id()).enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        match account.project(project) {
            Some(pr) => out.push_str(&pr.title),
            None => {
                let _ = write!(out, "project {project}");
            }
        }
        if let Some(role) = role {
            let _ = write!(out, " ({role})");
        }
    }
}

/// One row per person, the profile's default columns.
pub fn to_csv(account: &Account, form: CsvForm) -> Result<String, CommandError> {
    let mut bytes = Vec::new();
    write_csv(account, form, &[], &mut bytes)
        .map_err(|e| CommandError::Failed(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| CommandError::Failed(format!("cannot write CSV: {e}")))
}

/// [`to_csv`], row by row into `out`: the `fields` given, else the profile's default columns.
pub fn write_csv(
    account: &Account,
    form: CsvForm,
    fields: &[Field],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write_csv_of(account, &mut account.people.iter(), form, fields, out)
}

/// [`write_csv`] of only `people` (of `account`), in their order; their rows as `write_csv`
/// writes them.
pub fn write_csv_of(
    account: &Account,
    people: &mut dyn Iterator<Item = &Person>,
    form: CsvForm,
    fields: &[Field],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let columns = if fields.is_empty() {
        Field::default_columns(account.profile)
    } else {
        fields
    };
    w.write_record(columns.iter().map(|c| c.name()))?;
    // One scratch cell for the whole export: a row costs no allocation of its own.
    let mut cell = String::new();
    for p in people {
        for c in columns {
            cell.clear();
            c.write_csv(account, p, &mut cell);
            w.write_field(form.cell_ref(&cell).as_bytes())?;
        }
        // No more fields: this ends the record (as `write_record` of the row's cells does).
        w.write_record(None::<&[u8]>)?;
    }
    w.flush()
}

/// People (with their projects), projects (with their members), roles and groups.
pub fn to_json(account: &Account) -> String {
    let mut bytes = Vec::new();
    match write_json(account, &mut bytes).map(|()| String::from_utf8(bytes)) {
        Ok(Ok(text)) => text,
        _ => "{}\n".into(),
    }
}

/// [`to_json`], serialized straight into `out` (`cli::export_json`).
pub fn write_json(account: &Account, out: &mut dyn Write) -> std::io::Result<()> {
    sanitize::data::write_json(out, &super::export_json::Document::of(account))
}

/// The `--fields` document: only the people, only those fields (`cli::export_fields`).
pub fn write_json_fields(
    account: &Account,
    fields: &[Field],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    sanitize::data::write_json(out, &super::export_fields::Selected { account, fields })
}

/// Writes a whole file owner-only and atomically ([`crate::local::private_file::write_atomic`]).
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CommandError> {
    crate::local::private_file::write_atomic(path, bytes)
        .map_err(|e| CommandError::Failed(format!("cannot write {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::profile::Profile;
    use serde_json::{Value, json};

    /// The document as the implementation before streaming built it (a `Value` tree): what the
    /// streamed export must equal byte for byte.
    fn to_json_tree(account: &Account) -> String {
        let people: Vec<Value> = account
            .people
            .iter()
            .map(|p| {
                let projects: Vec<Value> = account
                    .memberships_of(p.id())
                    .iter()
                    .map(|m| {
                        json!({
                            "id": m.project,
                            "title": account.project(m.project).map(|pr| pr.title.clone()),
                            "role": m.project_role,
                        })
                    })
                    .collect();
                json!({
                    "id": p.id(),
                    "name": p.display_name(),
                    "first_name": p.first_name(),
                    "last_name": p.last_name(),
                    "title": p.title(),
                    "email": p.email(),
                    "role": account.role_name(p),
                    "status": status(p),
                    "suspended": p.suspended(),
                    "last_active": p.last_active(),
                    "created_at": p.created_at(),
                    "updated_at": p.updated_at(),
                    "groups": account.groups_of(p.id()).iter().map(|g| g.id).collect::<Vec<_>>(),
                    "projects": projects,
                })
            })
            .collect();
        let projects: Vec<Value> = account
            .projects
            .iter()
            .map(|pr| {
                let members: Vec<Value> = account
                    .members_of(pr.id)
                    .iter()
                    .map(|m| {
                        let person = account.person(m.person);
                        json!({
                            "id": m.person,
                            "name": person.map(Person::display_name),
                            "email": person.map(|p| p.email().to_string()),
                            "role": m.project_role,
                        })
                    })
                    .collect();
                json!({
                    "id": pr.id,
                    "title": pr.title,
                    "description": pr.description,
                    "archived": pr.archived,
                    "manager": pr.manager,
                    "created_at": pr.created_at,
                    "modified_at": pr.modified_at,
                    "members": members,
                })
            })
            .collect();
        let doc = json!({
            "profile": account.profile.map(crate::model::profile::Profile::as_str),
            "people": people,
            "projects": projects,
            "roles": account.roles,
            "groups": account.groups,
        });
        sanitize::data::json(&doc).unwrap_or_else(|_| "{}\n".into())
    }

    use crate::model::account::{PersonFields, PersonId, Project, ProjectId, RoleRef};

    fn account() -> Account {
        let mut a = Account::new(Some(crate::model::profile::Profile::Guide));
        a.upsert_person(Person::from(PersonFields {
            id: PersonId(1),
            name: Some("Eve \u{1b}[31mRed".into()),
            first_name: None,
            last_name: None,
            email: "eve@x.io".into(),
            username: None,
            title: None,
            company: None,
            phone: None,
            role: RoleRef::Name("admin".into()),
            suspended: false,
            status: Some("active".into()),
            last_active: None,
            created_at: None,
            updated_at: None,
            groups: vec![],
        }));
        for (id, title) in [(10, "Web, site"), (11, "App")] {
            a.upsert_project(Project::titled(id, title));
        }
        a.set_members(ProjectId(10), [(PersonId(1), Some("manager".into()))]);
        a.set_members(ProjectId(11), [(PersonId(1), Some("member".into()))]);
        a
    }

    #[test]
    fn csv_row_lists_projects_with_roles_and_no_escape_sequences() {
        let text = to_csv(&account(), CsvForm::Terminal).expect("csv");
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][6], "Web, site (manager); App (member)");
        assert!(!text.contains('\u{1b}'));
        assert_eq!(&rows[0][3], "admin");
    }

    #[test]
    fn json_has_members_per_project() {
        let v: Value = serde_json::from_str(&to_json(&account())).expect("json");
        assert_eq!(v["projects"][0]["members"][0]["role"], "manager");
        assert_eq!(v["people"][0]["projects"].as_array().map(Vec::len), Some(2));
    }

    /// An account of every profile with hostile text everywhere the document carries text.
    fn hostile(profile: Profile) -> Account {
        use crate::model::account::{Group, GroupId, Role, RoleId};
        let evil = "x\u{1b}[31m\u{9b}\u{7f}\u{202e}\u{200b}\u{2028}\u{2029}\"q\\\n\t😀é";
        let mut a = account();
        a.profile = Some(profile);
        a.roles = vec![Role {
            id: RoleId(7),
            name: format!("role {evil}"),
            default: true,
        }];
        a.groups = vec![Group {
            id: GroupId(3),
            name: evil.into(),
            members: vec![PersonId(1), PersonId(99)],
        }];
        let mut p = a.person(PersonId(1)).expect("eve").to_fields();
        p.id = PersonId(2);
        p.name = None;
        p.first_name = Some(evil.into());
        p.last_name = Some(format!("=cmd {evil}"));
        p.email = format!("{evil}@x.io");
        p.role = RoleRef::Id(RoleId(7));
        p.status = None;
        p.suspended = true;
        p.last_active = Some(evil.into());
        p.groups = vec![GroupId(3), GroupId(4)];
        a.upsert_person(Person::from(p));
        let mut pr = Project::titled(12, evil);
        pr.description = Some(evil.into());
        pr.manager = Some(PersonId(2));
        pr.archived = true;
        a.upsert_project(pr);
        a.set_members(
            ProjectId(12),
            [(PersonId(2), Some(evil.into())), (PersonId(404), None)],
        );
        a.set_members(ProjectId(404), [(PersonId(2), None)]);
        a
    }

    #[test]
    fn the_streamed_json_is_byte_for_byte_the_document_built_as_a_tree() {
        for profile in [Profile::V3, Profile::Guide] {
            let a = hostile(profile);
            let streamed = to_json(&a);
            assert_eq!(streamed, to_json_tree(&a), "{profile:?}");
            assert!(!streamed.contains('\u{202e}'), "escaped as data");
            let v: Value = serde_json::from_str(&streamed).expect("valid JSON");
            assert_eq!(v["people"][1]["groups"], json!([3]), "groups that exist");
        }
        assert_eq!(
            to_json(&Account::default()),
            to_json_tree(&Account::default())
        );
    }

    #[test]
    fn an_export_file_is_written_whole_and_owner_only() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("out").join("export.json");
        let a = hostile(Profile::Guide);
        crate::local::private_file::write_atomic_with(&path, |w| write_json(&a, w))
            .expect("written");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            to_json_tree(&a)
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
