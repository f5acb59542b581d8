//! The command line: every subcommand and flag in one place (clap derive).
//!
//! `main.rs` parses this and dispatches; each subcommand's work lives in its own module.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::profile::{Profile, ProfileChoice};

const EXAMPLES: &str = "\
Examples:
  proofhub-tui demo                      try it on a built-in simulated account (no token, no network)
  proofhub-tui demo --profile guide      the same account, served the way the vendor guide describes
  proofhub-tui login --account acme      store a token for https://acme.proofhub.com in the OS keyring
  proofhub-tui --account acme            open the console on that account
  proofhub-tui --account acme --read-only
  proofhub-tui export --format csv --out people.csv
  proofhub-tui sim --profile v3 --port 8080
  PROOFHUB_TOKEN=... proofhub-tui --base-url http://127.0.0.1:8080/api/v3

Token: PROOFHUB_TOKEN, else the OS keyring entry of the account. Never a command-line argument.";

/// The examples, then the exit-code table (`crate::cli::exit::CODES`).
fn after_help() -> String {
    format!(
        "{EXAMPLES}\n\nExit codes (the same in every subcommand):\n{}",
        crate::cli::exit::help_table()
    )
}

/// A terminal console for ProofHub account administrators.
#[derive(Debug, Parser)]
#[command(name = "proofhub-tui", version, about, after_help = after_help())]
pub struct Cli {
    #[command(flatten)]
    pub target: Target,

    /// Offer and send no write at all (browse and audit only).
    #[arg(long, global = true)]
    pub read_only: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Which account to talk to; shared by the console, login, logout, info and export.
#[derive(Debug, Clone, Default, Args)]
pub struct Target {
    /// Account name: https://NAME.proofhub.com/api/v3 (default: PROOFHUB_ACCOUNT, else the configured one).
    // The doc line is also `--help` text, where a bare URL reads best.
    #[allow(rustdoc::bare_urls)]
    #[arg(long, global = true, value_name = "NAME", env = "PROOFHUB_ACCOUNT")]
    pub account: Option<String>,

    /// Any base URL, e.g. a simulator's; plain http only for loopback addresses.
    #[arg(long, global = true, value_name = "URL", env = "PROOFHUB_BASE_URL")]
    pub base_url: Option<String>,

    /// API profile: detect it (auto), or fix it.
    #[arg(long, global = true, value_enum, value_name = "PROFILE")]
    pub api: Option<ProfileChoice>,

    /// Config file to use instead of the default one.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The longest wait for the server's rate limit (Retry-After) before a command stops with a
    /// message (default 300; config: max_wait).
    #[arg(long, global = true, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub max_wait: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The console on a built-in simulated account: no token, no network, nothing written outside a temp dir.
    Demo(DemoArgs),
    /// Serve the ProofHub simulator on 127.0.0.1 for scripts and tests.
    Sim(SimArgs),
    /// Check a token against the account, then store it in the OS keyring.
    Login(LoginArgs),
    /// Remove the account's token from the OS keyring.
    Logout,
    /// Config, data, cache, log and journal paths; where the token comes from; the detected profile.
    Info,
    /// Write people with their roles and project memberships to CSV or JSON, no TUI.
    Export(ExportArgs),
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
    /// bash: `proofhub-tui completions bash > ~/.local/share/bash-completion/completions/proofhub-tui`;
    /// zsh: into a directory on `$fpath` as `_proofhub-tui`;
    /// fish: `> ~/.config/fish/completions/proofhub-tui.fish`.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `proofhub-tui man > ~/.local/share/man/man1/proofhub-tui.1`.
    Man,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ConfigCommand {
    /// Write the commented example config to the config path (never over an existing file).
    Init,
    /// Print the path of the config file (`--config FILE`, else the default one).
    Path,
    /// Open the config in $VISUAL or $EDITOR (writing the example first if there is none),
    /// then check it.
    Edit,
}

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Which API profile the built-in simulator plays.
    #[arg(long, value_enum, default_value_t = Profile::V3)]
    pub profile: Profile,
}

#[derive(Debug, Clone, Args)]
pub struct SimArgs {
    /// Which API profile to play.
    #[arg(long, value_enum, default_value_t = Profile::V3)]
    pub profile: Profile,
    /// Port on 127.0.0.1 (0 = any free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Account data file (the format in README.md); default: the built-in demo account.
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
}

#[derive(Debug, Clone, Args)]
pub struct DoctorArgs {
    /// Print a bug report as JSON: counts and shapes only, no names, e-mails, ids or token.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct LoginArgs {
    /// Read the token as one line from standard input instead of prompting.
    #[arg(long)]
    pub token_stdin: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// Write here instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Compare a CSV of people with the live account and write a plan.
    Plan(SyncPlanArgs),
    /// Review a plan in the console: untick items, see the cost, save the selection.
    Review { plan: PathBuf },
    /// Apply a plan: re-check each item, write, record each outcome; resumable.
    ///
    /// Exit 0 only when every ticked item is done; 1 when some failed, wait for an invite
    /// that failed, or did not run (the same apply again retries them); 3 when the rest is
    /// done but some were skipped for drift (the admin must look; a new plan is needed); 6
    /// when the delete fuse tripped and nothing was applied.
    Apply(SyncApplyArgs),
}

#[derive(Debug, Clone, Args)]
pub struct SyncPlanArgs {
    /// The CSV of people the account should hold (format: README, "Directory sync").
    #[arg(long, value_name = "FILE")]
    pub source: PathBuf,
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
}

#[derive(Debug, Clone, Args)]
pub struct SyncApplyArgs {
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
    /// The per-item results CSV (default: PLAN.results.csv).
    #[arg(long, value_name = "FILE")]
    pub results: Option<PathBuf>,
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
        assert_eq!(
            cli.target.base_url.as_deref(),
            Some("http://127.0.0.1:1/api/v3")
        );
        assert!(matches!(
            cli.command,
            Some(Command::Export(ExportArgs {
                format: ExportFormat::Json,
                ..
            }))
        ));
    }

    #[test]
    fn there_is_no_token_flag() {
        assert!(Cli::try_parse_from(["proofhub-tui", "--token", "secret"]).is_err());
        assert!(Cli::try_parse_from(["proofhub-tui", "login", "--token", "secret"]).is_err());
    }
}
