//! `--help` as a reader meets it: every subcommand's help fits 80 columns, describes every
//! argument, lists only the flags that subcommand acts on, and the top-level help names every
//! environment variable the program reads.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use clap::CommandFactory;

use crate::support::clean_command;
use crate::support::syncenv::text;

/// Every subcommand path (`["sync", "apply"]`), the top level first.
fn every_subcommand() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        for sub in cmd.get_subcommands() {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            walk(sub, p, out);
        }
    }
    let mut out = Vec::new();
    walk(
        &proofhub_tui::cli::args::Cli::command(),
        Vec::new(),
        &mut out,
    );
    out.retain(|p| !p.iter().any(|s| s == "help"));
    out
}

fn help(path: &[String], columns: &str) -> String {
    let home = tempfile::tempdir().unwrap();
    let out = clean_command(home.path())
        .args(path)
        .arg("--help")
        .env("COLUMNS", columns)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{path:?}: {}", text(&out));
    String::from_utf8(out.stdout).unwrap()
}

/// The long flags a help text lists.
fn flags(help: &str) -> Vec<String> {
    help.lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix("-h, ").unwrap_or(l);
            let l = l.strip_prefix("-V, ").unwrap_or(l);
            l.strip_prefix("--")
                .map(|rest| rest.split([' ', '=']).next().unwrap_or("").to_string())
        })
        .collect()
}

#[test]
fn every_help_fits_80_columns_however_wide_the_terminal() {
    for path in every_subcommand() {
        for columns in ["80", "200"] {
            let shown = help(&path, columns);
            for line in shown.lines() {
                assert!(
                    line.chars().count() <= 80,
                    "{path:?} at COLUMNS={columns}: {} columns: {line:?}",
                    line.chars().count()
                );
            }
        }
    }
}

#[test]
fn the_top_level_help_names_every_environment_variable() {
    let shown = help(&[], "80");
    let env = shown
        .split("Environment:\n")
        .nth(1)
        .expect("an Environment section");
    for var in [
        "PROOFHUB_TOKEN",
        "PROOFHUB_BASE_URL",
        "PROOFHUB_ACCOUNT",
        "PROOFHUB_TUI_HOME",
        "PROOFHUB_TUI_KEYRING",
        "PROOFHUB_TUI_LOG",
        "NO_COLOR",
    ] {
        assert!(
            env.lines().any(|l| l.trim_start().starts_with(var)),
            "{var} missing:\n{shown}"
        );
    }
}

#[test]
fn every_argument_and_value_is_described() {
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            if arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{path} {}", arg.get_id()));
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_about().is_none() && sub.get_name() != "help" {
                missing.push(format!("{path} {} (no about)", sub.get_name()));
            }
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    let mut cmd = proofhub_tui::cli::args::Cli::command();
    cmd.build();
    walk(&cmd, "proofhub-tui", &mut missing);
    assert!(missing.is_empty(), "undescribed: {missing:?}");
    // Positional arguments and formats say what they are in the help text too.
    let apply = help(&["sync".into(), "apply".into()], "80");
    assert!(apply.contains("<PLAN>\n          The plan file"), "{apply}");
    let export = help(&["export".into()], "80");
    assert!(export.contains("The file format"), "{export}");
}

const ACCOUNT_OPTIONS: [&str; 5] = ["account", "base-url", "profile", "config", "max-wait"];

#[test]
fn account_options_stand_under_their_own_heading_where_they_apply() {
    for sub in [vec!["export"], vec!["info"], vec!["sync", "plan"], vec![]] {
        let path: Vec<String> = sub.iter().map(ToString::to_string).collect();
        let shown = help(&path, "80");
        let (_, under) = shown
            .split_once("Account options:\n")
            .unwrap_or_else(|| panic!("{sub:?}: no Account options heading:\n{shown}"));
        let under = under.split("\n\n\n").next().unwrap_or(under);
        let listed = flags(under.split("Examples:").next().unwrap_or(under));
        for flag in ACCOUNT_OPTIONS {
            assert!(listed.iter().any(|f| f == flag), "{sub:?}: --{flag}");
        }
    }
}

#[test]
fn sim_and_demo_list_and_take_only_the_flags_they_act_on() {
    let sim = flags(&help(&["sim".into()], "80"));
    let demo = flags(&help(&["demo".into()], "80"));
    // sim's own --profile is the profile it plays, not the account option.
    for flag in ["account", "base-url", "config", "max-wait", "read-only"] {
        assert!(!sim.iter().any(|f| f == flag), "sim lists --{flag}");
    }
    let mut demo = demo;
    demo.sort();
    assert_eq!(demo, ["config", "help", "profile", "read-only"]);

    let home = tempfile::tempdir().unwrap();
    for args in [
        vec!["sim", "--account", "acme"],
        vec!["--account", "acme", "sim"],
        vec!["--read-only", "sim"],
        vec!["--base-url", "http://127.0.0.1:1/api/v3", "demo"],
        vec!["demo", "--max-wait", "5"],
    ] {
        let out = clean_command(home.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(
            text(&out).contains("--"),
            "{args:?} names the flag: {}",
            text(&out)
        );
    }
}

#[test]
fn one_name_for_the_profile_flag_and_the_old_one_still_parses() {
    let top = help(&[], "80");
    assert!(top.contains("--profile <PROFILE>"), "{top}");
    assert!(!top.contains("--api"), "{top}");
    let home = tempfile::tempdir().unwrap();
    for flag in ["--profile", "--api"] {
        let out = clean_command(home.path())
            .args([
                "info",
                "--base-url",
                "http://127.0.0.1:1/api/v3",
                flag,
                "guide",
            ])
            .env("PROOFHUB_TUI_KEYRING", "keyutils")
            .output()
            .unwrap();
        let shown = text(&out);
        let asked = shown.lines().find(|l| l.contains("profile asked"));
        assert!(
            asked.is_some_and(|l| l.trim_end().ends_with("guide")),
            "{flag}: {shown}"
        );
    }
}

#[test]
fn proofhub_account_names_the_account_as_the_flag_does() {
    let home = tempfile::tempdir().unwrap();
    let out = clean_command(home.path())
        .arg("info")
        .env("PROOFHUB_ACCOUNT", "acme")
        .env("PROOFHUB_TUI_KEYRING", "keyutils")
        .output()
        .unwrap();
    let shown = text(&out);
    assert!(
        shown.contains("https://acme.proofhub.com/api/v3"),
        "{shown}"
    );
    // The flag wins over the variable.
    let out = clean_command(home.path())
        .args(["info", "--account", "lab"])
        .env("PROOFHUB_ACCOUNT", "acme")
        .env("PROOFHUB_TUI_KEYRING", "keyutils")
        .output()
        .unwrap();
    assert!(text(&out).contains("https://lab.proofhub.com/api/v3"));
}
