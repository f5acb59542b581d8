//! `proofhub-tui config init|path|edit`: the config file for people who installed with
//! `cargo install` and never saw `assets/config.example.toml`. `init` writes the commented
//! example (built into the binary) to the config path and never overwrites a file; `path`
//! prints where the file is read from; `edit` opens it in `$VISUAL`/`$EDITOR` (writing the
//! example first when there is none) and checks it afterwards.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::args::{ConfigCommand, Target};
use crate::cli::exit::CommandError;
use crate::local::config::Config;
use crate::local::paths::Paths;

/// The commented example config, as shipped.
pub const EXAMPLE: &str = include_str!("../../assets/config.example.toml");

pub fn run(target: &Target, cmd: &ConfigCommand) -> Result<(), CommandError> {
    let path = config_path(target)?;
    match cmd {
        ConfigCommand::Path(_) => {
            println!("{}", path.display());
            Ok(())
        }
        ConfigCommand::Init(_) => {
            init(&path)?;
            println!(
                "wrote {}; edit it, then `proofhub-tui info` checks it",
                path.display()
            );
            Ok(())
        }
        ConfigCommand::Edit(_) => edit(&path),
    }
}

/// `--config FILE`, else the default config file.
fn config_path(target: &Target) -> Result<PathBuf, CommandError> {
    match &target.config {
        Some(p) => Ok(p.clone()),
        None => Paths::discover()
            .map(|p| p.config_file())
            .map_err(|e| CommandError::Failed(e.to_string())),
    }
}

/// Writes the example to `path`; a file already there is left alone and is an error.
fn init(path: &Path) -> Result<(), CommandError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| CommandError::Failed(format!("cannot create {}: {e}", dir.display())))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => CommandError::Usage(format!(
                "{} exists already and was left as it is; `proofhub-tui config edit` opens it",
                path.display()
            )),
            _ => CommandError::Failed(format!("cannot write {}: {e}", path.display())),
        })?;
    file.write_all(EXAMPLE.as_bytes())
        .map_err(|e| CommandError::Failed(format!("cannot write {}: {e}", path.display())))
}

fn edit(path: &Path) -> Result<(), CommandError> {
    if !path.exists() {
        init(path)?;
    }
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .find(|v| !v.is_empty())
        .ok_or_else(|| {
            CommandError::Usage(format!(
                "set $EDITOR (or $VISUAL) to open {}, or edit it with any editor",
                path.display()
            ))
        })?;
    // Like git: the variable may hold arguments ("code --wait"), so a shell reads it.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{} \"$@\"", editor.to_string_lossy()))
        .arg("sh")
        .arg(path)
        .status()
        .map_err(|e| CommandError::Failed(format!("cannot start the editor: {e}")))?;
    if !status.success() {
        return Err(CommandError::Failed(format!(
            "the editor exited with {status}; {} is as it left it",
            path.display()
        )));
    }
    let config = Config::load(path, true).map_err(|e| CommandError::Usage(e.to_string()))?;
    crate::cli::keymap_check::check(&config, path).map_err(CommandError::Usage)?;
    println!("{} is valid", path.display());
    Ok(())
}
