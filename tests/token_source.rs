//! A refused token's error names where the token came from and what fixes it: with
//! `PROOFHUB_TOKEN` set, logging in again does not help, so the message says to change or unset
//! the variable (the real binary against the simulator, in both profiles).
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::live;
use crate::support::per_profile;

use proofhub_tui::sim::Sim;
use proofhub_tui::sim::data::AccountData;

async fn export_with_token(sim: &Sim, token: &str) -> std::process::Output {
    let home = tempfile::tempdir().expect("tempdir");
    let args = vec![
        "export".to_string(),
        "--base-url".into(),
        sim.base_url(),
        "--format".into(),
        "csv".into(),
        "--out".into(),
        home.path().join("people.csv").display().to_string(),
    ];
    let token = token.to_string();
    let home_path = home.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_proofhub-tui"))
            .args(&args)
            .env("PROOFHUB_TOKEN", token)
            .env("PROOFHUB_TUI_HOME", home_path)
            .env_remove("PROOFHUB_BASE_URL")
            .output()
            .expect("the binary runs")
    })
    .await
    .expect("join");
    drop(home);
    out
}

per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_refused_environment_token_says_to_change_or_unset_the_variable(profile) {
        let sim = live::start(profile, AccountData::generate(5, 1, 1)).await;
        let out = export_with_token(&sim, "not-the-token").await;
        let err = String::from_utf8_lossy(&out.stderr);
        // Exit 4: a refused token.
        assert_eq!(out.status.code(), Some(4), "{profile}: {err}");
        assert!(err.contains("token was refused"), "{profile}: {err}");
        assert!(
            err.contains("PROOFHUB_TOKEN"),
            "{profile}: names the variable: {err}"
        );
        assert!(
            err.contains("unset it"),
            "{profile}: says what fixes it: {err}"
        );
        assert!(
            err.contains("`login` does not help while it is set"),
            "{profile}: {err}"
        );
        assert!(
            !err.contains("log in again"),
            "{profile}: misleading advice: {err}"
        );
        // The right token works, so the message above came from the refusal alone.
        let ok = export_with_token(&sim, sim.token()).await;
        assert!(
            ok.status.success(),
            "{profile}: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
        sim.shutdown().await;
    }
}
