//! Logs: `tracing` to a file in the state directory, only when `PROOFHUB_TUI_LOG` asks.
//!
//! `PROOFHUB_TUI_LOG=debug` (or `info`, `trace`, …) logs this crate at that level and other
//! crates at warnings; a full filter such as `proofhub_tui=debug,reqwest=debug` is taken as is.
//! Nothing goes to the terminal (the console owns it), and the `log` crate is not bridged, so
//! libraries that log with it (keyring stores among them) cannot write here. The token cannot
//! appear: [`crate::model::token::Token`] prints as `Token(<redacted>)` and nothing logs `expose()`.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

use crate::local::paths::Paths;

/// The environment variable that turns logging on and sets its level.
pub const LOG_ENV: &str = "PROOFHUB_TUI_LOG";

/// Starts logging to `paths.log_file()` when `PROOFHUB_TUI_LOG` is set; returns the file then.
pub fn init(paths: &Paths) -> Result<Option<PathBuf>, String> {
    let Some(spec) = std::env::var(LOG_ENV).ok().filter(|s| !s.trim().is_empty()) else {
        return Ok(None);
    };
    let filter = filter(&spec)?;
    let path = paths.log_file();
    let file =
        open_log(&path).map_err(|e| format!("cannot open the log file {}: {e}", path.display()))?;
    tracing::subscriber::set_global_default(subscriber(filter, Mutex::new(file)))
        .map_err(|e| format!("logging already started: {e}"))?;
    Ok(Some(path))
}

/// The filter for a `PROOFHUB_TUI_LOG` value.
pub fn filter(spec: &str) -> Result<EnvFilter, String> {
    let spec = spec.trim();
    let bare_level = ["off", "error", "warn", "info", "debug", "trace"]
        .iter()
        .any(|l| spec.eq_ignore_ascii_case(l));
    let directives = if bare_level {
        format!("warn,proofhub_tui={}", spec.to_ascii_lowercase())
    } else {
        spec.to_string()
    };
    EnvFilter::try_new(&directives).map_err(|e| {
        format!("{LOG_ENV}={spec:?} is not a log level or filter ({e}); try {LOG_ENV}=debug")
    })
}

/// The subscriber: plain text lines, no colour codes, to `writer`.
pub fn subscriber<W>(filter: EnvFilter, writer: W) -> impl tracing::Subscriber + Send + Sync
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(writer)
        .finish()
}

fn open_log(path: &Path) -> std::io::Result<File> {
    crate::local::private_file::open_append(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// A writer tests can read back.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| std::io::Error::other("poisoned"))?
                .extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Captured;
        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8_lossy(&self.0.lock().expect("not poisoned")).into_owned()
        }
    }

    #[test]
    fn bare_levels_are_for_this_crate_and_bad_filters_are_explained() {
        assert!(filter("debug").is_ok());
        assert!(filter("proofhub_tui=trace,hyper=info").is_ok());
        let err = filter("proofhub_tui=loud").map(|_| ()).unwrap_err();
        assert!(
            err.contains("PROOFHUB_TUI_LOG") && err.contains("debug"),
            "{err}"
        );
    }

    #[test]
    fn debug_logs_of_a_token_lookup_never_hold_the_token() {
        let out = Captured::default();
        let sub = subscriber(filter("trace").expect("filter"), out.clone());
        let secret = "tok-5ecret-never-logged";
        tracing::subscriber::with_default(sub, || {
            let store: Arc<keyring_core::CredentialStore> =
                keyring_core::mock::Store::new().expect("mock");
            let keyring = crate::local::secrets::Keyring::with_store(
                crate::local::secrets::StoreKind::Mock,
                store,
            );
            let token = crate::model::token::Token::new(secret).expect("token");
            keyring.set("acme", &token).expect("set");
            let back = keyring.get("acme").expect("get");
            let resolved = crate::local::target::Resolved {
                label: "acme".into(),
                base_url: "https://acme.proofhub.com/api/v3".into(),
                token: back.expect("stored"),
                profile: crate::model::profile::ProfileChoice::Auto,
                token_fix: String::new(),
            };
            tracing::debug!(?resolved, ?keyring, "resolved account");
            tracing::info!(token = ?resolved.token, "field form");
        });
        let text = out.text();
        assert!(text.contains("resolved account"), "logging worked: {text}");
        assert!(text.contains("Token(<redacted>)"), "{text}");
        assert!(!text.contains(secret), "{text}");
        assert!(
            !text.contains('\u{1b}'),
            "no colour codes in the file: {text}"
        );
    }

    #[test]
    fn the_log_file_is_private() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("state/proofhub-tui.log");
        open_log(&path).expect("opens");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .expect("exists")
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "mode {mode:o}");
        }
    }
}
