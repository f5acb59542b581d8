//! Every place that sends invites says how many people get an email: `sync apply --yes`
//! prints it before anything is sent, and the count is the number of invites ProofHub then
//! emails (the simulator's outbox), in both profiles.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::command;
use crate::support::per_profile;

use proofhub_tui::sim::data::AccountData;

use crate::support::live;

per_profile! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sync_apply_yes_says_how_many_get_an_invitation_email(profile) {
        let sim = live::start(profile, AccountData::demo()).await;
        let home = tempfile::tempdir().expect("tempdir");
        let src = home.path().join("people.csv");
        std::fs::write(
            &src,
            "email,name\nnew.one@acme.example,New One\nnew.two@acme.example,New Two\n",
        )
        .expect("csv");
        let plan = home.path().join("plan.json");
        let out = command(&sim.base_url(), sim.token(), home.path())
            .args(["sync", "plan", "--source"])
            .arg(&src)
            .arg("--out")
            .arg(&plan)
            .output()
            .expect("plan runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = command(&sim.base_url(), sim.token(), home.path())
            .args(["sync", "apply", "--yes"])
            .arg(&plan)
            .output()
            .expect("apply runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{profile}: {stderr}");
        assert!(
            stderr.contains("2 people get an invitation email from ProofHub at once"),
            "{profile}: {stderr}"
        );
        assert_eq!(sim.outbox().len(), 2, "{profile}: and 2 were emailed");
    }
}
