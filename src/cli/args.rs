//! The command line: every subcommand and flag in one place (clap derive).
//!
//! `main.rs` parses this and dispatches; each subcommand's work lives in its own module.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::profile::{Profile, ProfileChoice};

const EXAMPLES: &str = "\
Examples:
  Try it on a built-in simulated account (no token, no network):
    proofhub-tui demo
    proofhub-tui demo --profile guide
  Store a token for https://acme.proofhub.com in the OS keyring, then work:
    proofhub-tui login --account acme
    proofhub-tui --account acme
    proofhub-tui --account acme --read-only
    proofhub-tui export --format csv --out people.csv
  A simulator for scripts, and the console on it:
    proofhub-tui sim --profile v3 --port 8080
    PROOFHUB_TOKEN=demo-token proofhub-tui \\
      --base-url http://127.0.0.1:8080/api/v3

Token: PROOFHUB_TOKEN, else the OS keyring entry of the account. Never a
command-line argument.

The account options may stand before the subcommand or after it (after wins).";

/// Every environment variable the program reads, and what it does (`--help`, README).
pub const ENVIRONMENT: &[(&str, &str)] = &[
    ("PROOFHUB_TOKEN", "the API token; wins over the keyring"),
    ("PROOFHUB_BASE_URL", "the base URL, as --base-url"),
    ("PROOFHUB_ACCOUNT", "the account name, as --account"),
    (
        "PROOFHUB_TUI_HOME",
        "one directory for config, data, cache and logs",
    ),
    (
        "PROOFHUB_TUI_KEYRING",
        "the token store: auto, secret-service or keyutils",
    ),
    (
        "PROOFHUB_TUI_LOG",
        "log level for the log file (e.g. info); no log if unset",
    ),
    (
        "NO_COLOR",
        "any value: no colours, emphasis by modifiers only",
    ),
];

/// The examples, the environment variables, then the exit-code table
/// (`crate::cli::exit::CODES`).
fn after_help() -> String {
    let width = ENVIRONMENT
        .iter()
        .map(|(name, _)| name.len())
        .max()
        .unwrap_or(0);
    let env: Vec<String> = ENVIRONMENT
        .iter()
        .map(|(name, what)| format!("  {name:<width$}  {what}"))
        .collect();
    format!(
        "{EXAMPLES}\n\nEnvironment:\n{}\n\nExit codes (the same in every subcommand):\n{}",
        env.join("\n"),
        crate::cli::exit::help_table()
    )
}

/// The heading the account options stand under, at the top and in each subcommand that
/// takes them.
const ACCOUNT_OPTIONS: &str = "Account options";

/// A terminal console for ProofHub account administrators.
// Help is wrapped at 80 columns at most, however wide the terminal: it reads best there.
#[derive(Debug, Parser)]
#[command(
    name = "proofhub-tui",
    version,
    about,
    after_help = after_help(),
    max_term_width = 80
)]
pub struct Cli {
    #[command(flatten)]
    pub target: Target,

    /// Offer and send no write at all (browse and audit only).
    #[arg(long, help_heading = ACCOUNT_OPTIONS)]
    pub read_only: bool,

    /// Neither show the stored snapshot at start nor save one (config: snapshot.enabled = false).
    #[arg(long, help_heading = ACCOUNT_OPTIONS)]
    pub no_snapshot: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Which account to talk to; taken by the console, login, logout, info, export and sync.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args)]
#[command(next_help_heading = ACCOUNT_OPTIONS)]
pub struct Target {
    /// Account name: https://NAME.proofhub.com/api/v3 (default: PROOFHUB_ACCOUNT, else the configured one).
    // The doc line is also `--help` text, where a bare URL reads best.
    #[allow(rustdoc::bare_urls)]
    #[arg(long, value_name = "NAME", env = "PROOFHUB_ACCOUNT", hide_env = true)]
    pub account: Option<String>,

    /// Any base URL, e.g. a simulator's; plain http only for loopback addresses.
    #[arg(long, value_name = "URL", env = "PROOFHUB_BASE_URL", hide_env = true)]
    pub base_url: Option<String>,

    /// API profile: detect it (auto), or fix it (config: api).
    // `--api` was this flag's first name; scripts may still use it.
    #[arg(long = "profile", alias = "api", value_enum, value_name = "PROFILE")]
    pub api: Option<ProfileChoice>,

    /// Config file to use instead of the default one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The longest wait for the server's rate limit (Retry-After) before a command stops with a
    /// message (default 300; config: max_wait).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub max_wait: Option<u64>,
}

impl Target {
    /// These options as given after a subcommand, filled in from the ones given before it.
    pub fn or(&self, before: &Target) -> Target {
        Target {
            account: self.account.clone().or_else(|| before.account.clone()),
            base_url: self.base_url.clone().or_else(|| before.base_url.clone()),
            api: self.api.or(before.api),
            config: self.config.clone().or_else(|| before.config.clone()),
            max_wait: self.max_wait.or(before.max_wait),
        }
    }

    /// The account options given on the command line (not from the environment), by flag.
    pub fn flags_given(&self) -> Vec<&'static str> {
        let from_flag = |value: Option<&String>, env: &str| {
            value.is_some_and(|v| std::env::var(env).ok().as_ref() != Some(v))
        };
        let mut given = Vec::new();
        if from_flag(self.account.as_ref(), "PROOFHUB_ACCOUNT") {
            given.push("--account");
        }
        if from_flag(self.base_url.as_ref(), "PROOFHUB_BASE_URL") {
            given.push("--base-url");
        }
        if self.api.is_some() {
            given.push("--profile");
        }
        if self.config.is_some() {
            given.push("--config");
        }
        if self.max_wait.is_some() {
            given.push("--max-wait");
        }
        given
    }
}

/// Only the config file: for the subcommands that read the config but talk to no account.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = ACCOUNT_OPTIONS)]
pub struct ConfigFile {
    /// Config file to use instead of the default one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl ConfigFile {
    /// This config file (else the one given before the subcommand) as a target.
    pub fn or(&self, before: &Target) -> Target {
        Target {
            config: self.config.clone().or_else(|| before.config.clone()),
            ..Target::default()
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The console on a built-in simulated account: no token, no network; the journal goes
    /// to a temp dir (under PROOFHUB_TUI_HOME when that is set).
    Demo(DemoArgs),
    /// Serve the ProofHub simulator on 127.0.0.1 for scripts and tests.
    Sim(SimArgs),
    /// Check a token against the account, then store it in the OS keyring.
    Login(LoginArgs),
    /// Remove the account's token from the OS keyring.
    Logout(AccountArgs),
    /// Config, data, cache, log and journal paths; where the token comes from; the detected profile.
    Info(InfoArgs),
    /// Write people with their roles and project memberships to CSV or JSON, no TUI.
    Export(ExportArgs),
    /// What changed since the stored snapshot (or between two JSON exports): people who joined
    /// or left, role, email, name and title changes, suspensions, memberships; then the live
    /// account becomes the snapshot (not with --dry-run).
    ///
    /// Exit 0 when compared; 7 when there was no snapshot to compare with (one is saved now,
    /// unless --dry-run); the usual codes for failures.
    Changes(crate::cli::changes_args::ChangesArgs),
    /// Load the account every --every, print each change as a JSON line on stdout; read only.
    ///
    /// The first round compares with the stored snapshot, else it is the baseline; each good
    /// round is saved as the snapshot. A failed round is reported on stderr and the next one
    /// runs. SIGTERM or SIGINT ends it with exit 0, or, when every round so far failed, with
    /// the last failure's code.
    Watch(crate::cli::changes_args::WatchArgs),
    /// Probe the account read-only (at most 15 GETs, no write, no e-mail) and report which of
    /// our API assumptions hold on it.
    Doctor(DoctorArgs),
    /// Keep the account in line with an external list: plan, review, apply.
    #[command(subcommand)]
    Sync(SyncCommand),
    /// The config file: write the commented example, print its path, or edit it.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a shell completion script (account names from the config as of now).
    ///
    /// bash: into ~/.local/share/bash-completion/completions/proofhub-tui;
    /// zsh: into a directory on `$fpath` as `_proofhub-tui`;
    /// fish: into ~/.config/fish/completions/proofhub-tui.fish.
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. into ~/.local/share/man/man1/proofhub-tui.1.
    Man,
}

#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
    #[command(flatten)]
    pub config: ConfigFile,
}

/// Just the account options.
#[derive(Debug, Clone, Args)]
pub struct AccountArgs {
    #[command(flatten)]
    pub target: Target,
}

#[derive(Debug, Clone, Args)]
pub struct InfoArgs {
    /// Print one JSON object instead of the table (schema: docs/CLI-JSON.md); same exit codes.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub target: Target,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ConfigCommand {
    /// Write the commented example config to the config path (never over an existing file).
    Init(ConfigFile),
    /// Print the path of the config file (`--config FILE`, else the default one).
    Path(ConfigFile),
    /// Open the config in $VISUAL or $EDITOR (writing the example first if there is none),
    /// then check it.
    Edit(ConfigFile),
}

impl ConfigCommand {
    pub fn config_file(&self) -> &ConfigFile {
        match self {
            ConfigCommand::Init(c) | ConfigCommand::Path(c) | ConfigCommand::Edit(c) => c,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Which API profile the built-in simulator plays.
    #[arg(long, value_enum, default_value_t = Profile::V3)]
    pub profile: Profile,
    /// Offer and send no write at all (browse and audit only).
    #[arg(long)]
    pub read_only: bool,
    /// The config's theme, keymap and read_only apply (its accounts do not).
    #[command(flatten)]
    pub config: ConfigFile,
}

#[derive(Debug, Clone, Args)]
pub struct SimArgs {
    /// Which API profile to play.
    #[arg(long, value_enum, default_value_t = Profile::V3)]
    pub profile: Profile,
    /// Port on 127.0.0.1 (0 = any free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Account data file (the format in docs/SIMULATOR.md); default: the built-in demo account.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["people", "projects"])]
    pub data: Option<PathBuf>,
    /// The API key the simulator accepts (a made-up one; default: "demo-token").
    #[arg(long, value_name = "T")]
    pub token: Option<String>,
    /// Rate limit as N/SECONDS (default: 25/10 for v3, 30/10 for guide).
    #[arg(long, value_name = "N/SECONDS")]
    pub rate: Option<String>,
    /// Added latency per request, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency: u64,
    /// Share of requests answered with 500/503, in percent.
    #[arg(long, value_name = "PCT", default_value_t = 0.0)]
    pub fail_rate: f64,
    /// Generate an account of this many people instead of loading data.
    #[arg(long, value_name = "N")]
    pub people: Option<usize>,
    /// Generate this many projects (with --people; default: one per 25 people).
    #[arg(long, value_name = "N", requires = "people")]
    pub projects: Option<usize>,
    /// Seed for the generator; the same seed gives the same account.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write the account data to FILE and exit instead of serving.
    #[arg(long, value_name = "FILE")]
    pub write_data: Option<PathBuf>,
    /// Quirk: give at most N records per list page (documented: 100).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=100))]
    pub page_cap: Option<u16>,
    /// Quirk: refuse `Authorization: Bearer`; the key must come as `X-API-KEY`.
    #[arg(long)]
    pub refuse_bearer: bool,
    /// Quirk: timestamps with microseconds instead of the docs' whole seconds.
    #[arg(long)]
    pub micro_stamps: bool,
    /// Quirk: accept a write of `suspended` (guide `status`) but leave it as it was, as an
    /// account whose API does not take the assumed suspend would.
    #[arg(long)]
    pub ignore_suspend: bool,
}

#[derive(Debug, Clone, Args)]
pub struct DoctorArgs {
    /// Print a bug report as JSON: counts and shapes only, no names, e-mails, ids or token.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub target: Target,
}

#[derive(Debug, Clone, Args)]
pub struct LoginArgs {
    /// Read the token as one line from standard input instead of prompting.
    #[arg(long)]
    pub token_stdin: bool,
    #[command(flatten)]
    pub target: Target,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One row per person, memberships in one cell.
    Csv,
    /// One object per person, memberships as a list.
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The file format (CSV with a header row, or JSON).
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// Write here instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Only these person fields, in this order: CSV columns, or JSON keys (the JSON then holds
    /// only `profile` and `people`; docs/CLI-JSON.md).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FIELD,...")]
    pub fields: Vec<crate::cli::export::Field>,
    /// An access review instead (CSV): one row per person × project with the account role,
    /// project role, manager flag and last active, and empty `decision` and `reviewer`
    /// columns. Rows marked `revoke` become a plan with `sync plan --access-review FILE`.
    #[arg(long, conflicts_with_all = ["fields", "format"])]
    pub access_review: bool,
    /// No progress line and no chatter on stderr; errors still show.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub target: Target,
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Compare a CSV of people with the live account and write a plan.
    Plan(SyncPlanArgs),
    /// Review a plan in the console: untick items, see the cost, save the selection.
    Review(SyncReviewArgs),
    /// Apply a plan: re-check each item, write, record each outcome; resumable.
    ///
    /// Exit 0 only when every ticked item is done; 1 when some failed, wait for an invite
    /// that failed, or did not run (the same apply again retries them); 3 when the rest is
    /// done but some were skipped for drift (the admin must look; a new plan is needed); 6
    /// when the delete fuse tripped and nothing was applied.
    Apply(SyncApplyArgs),
}

impl SyncCommand {
    pub fn target(&self) -> &Target {
        match self {
            SyncCommand::Plan(a) => &a.target,
            SyncCommand::Review(a) => &a.target,
            SyncCommand::Apply(a) => &a.target,
        }
    }
}

#[derive(Debug, Clone, Args)]
#[command(group(clap::ArgGroup::new("input").required(true).args(["source", "access_review"])))]
pub struct SyncPlanArgs {
    /// The CSV of people the account should hold (format: README, "Directory sync").
    #[arg(long, value_name = "FILE")]
    pub source: Option<PathBuf>,
    /// Plan the revocations of an access review (`export --access-review`, decisions filled
    /// in): each row marked `revoke` removes that person from that project; nothing else.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["add_only", "allow_delete", "no_delete"])]
    pub access_review: Option<PathBuf>,
    /// Write the plan here (default: standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Only invites and membership adds: change and remove nothing.
    #[arg(long, conflicts_with = "allow_delete")]
    pub add_only: bool,
    /// Plan deletes of people the source does not list (never without this flag).
    #[arg(long, visible_alias = "delete")]
    pub allow_delete: bool,
    /// Plan no deletes (the default; for scripts that want to say so).
    #[arg(long, conflicts_with = "allow_delete")]
    pub no_delete: bool,
    /// Print the summary as one JSON object instead of text (needs --out; docs/CLI-JSON.md).
    #[arg(long, requires = "out")]
    pub json: bool,
    /// No progress line and no chatter on stderr; errors still show.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub target: Target,
}

#[derive(Debug, Clone, Args)]
pub struct SyncReviewArgs {
    /// The plan file `sync plan` wrote; the review saves the selection back into it.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
    #[command(flatten)]
    pub target: Target,
}

#[derive(Debug, Clone, Args)]
pub struct SyncApplyArgs {
    /// The plan file `sync plan` wrote (and `sync review` may have narrowed).
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
    /// Apply without asking (scheduled runs); deletes only within the fuse.
    #[arg(long)]
    pub yes: bool,
    /// The delete fuse: refuse more deletes than this.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub max_deletes: usize,
    /// The delete fuse: refuse deleting more than this percentage of the account's people.
    #[arg(long, value_name = "PCT", default_value_t = 10.0)]
    pub max_delete_share: f64,
    /// The per-item results CSV (default: the plan's path with `.results.csv` appended,
    /// e.g. plan.json.results.csv).
    #[arg(long, value_name = "FILE")]
    pub results: Option<PathBuf>,
    /// Print the outcome as one JSON object on stdout (docs/CLI-JSON.md); the per-item lines
    /// stay on stderr.
    #[arg(long)]
    pub json: bool,
    /// Refuse to write (as the console's --read-only): the apply stops before sending anything.
    #[arg(long, help_heading = ACCOUNT_OPTIONS)]
    pub read_only: bool,
    /// No progress line and no chatter on stderr; errors still show.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub target: Target,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_flags_work_after_a_subcommand() {
        let cli = Cli::try_parse_from([
            "proofhub-tui",
            "export",
            "--base-url",
            "http://127.0.0.1:1/api/v3",
            "--format",
            "json",
        ])
        .expect("parses");
        assert!(matches!(
            cli.command,
            Some(Command::Export(ExportArgs {
                format: ExportFormat::Json,
                ..
            }))
        ));
        let Some(Command::Export(args)) = cli.command else {
            panic!("export");
        };
        assert_eq!(
            args.target.or(&cli.target).base_url.as_deref(),
            Some("http://127.0.0.1:1/api/v3")
        );
    }

    #[test]
    fn options_before_the_subcommand_count_and_after_it_win() {
        let cli = Cli::try_parse_from([
            "proofhub-tui",
            "--account",
            "before",
            "--config",
            "/tmp/c.toml",
            "info",
            "--account",
            "after",
        ])
        .expect("parses");
        let Some(Command::Info(args)) = cli.command else {
            panic!("info");
        };
        let target = args.target.or(&cli.target);
        assert_eq!(target.account.as_deref(), Some("after"));
        assert_eq!(target.config, Some(PathBuf::from("/tmp/c.toml")));
    }

    #[test]
    fn the_profile_flag_keeps_its_old_name_as_an_alias() {
        for flag in ["--profile", "--api"] {
            let cli = Cli::try_parse_from(["proofhub-tui", flag, "guide"]).expect("parses");
            assert_eq!(cli.target.api, Some(ProfileChoice::Guide));
        }
    }

    #[test]
    fn there_is_no_token_flag() {
        assert!(Cli::try_parse_from(["proofhub-tui", "--token", "secret"]).is_err());
        assert!(Cli::try_parse_from(["proofhub-tui", "login", "--token", "secret"]).is_err());
    }
}
