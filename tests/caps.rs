// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

//! The caps (`[limits]` in the config): a hostile server that claims unbounded people (pages
//! that never end) or sends a body that never ends makes `export` stop with an error naming the
//! cap and how to raise it, within bounded memory (the child process's peak RSS, VmHWM, read
//! from /proc while it runs), never an out-of-memory or a hang. Both profiles.
//!
//! The server here is a hostile one written for the test (axum on 127.0.0.1), not a mock of
//! our client: it speaks each profile's shapes and nothing else.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Request, StatusCode};
use axum::response::Response;
use futures_util::stream;
use proofhub_tui::sim::Profile;

/// What the hostile server does with `/people`.
#[derive(Clone, Copy)]
enum Hostile {
    /// Every page is full of people never seen before: the list never ends.
    EndlessPeople,
    /// The answer's body never ends.
    EndlessBody,
}

fn query_number(query: &str, key: &str) -> Option<u64> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == key).then(|| v.parse().ok()).flatten()
    })
}

fn person(profile: Profile, id: u64) -> String {
    match profile {
        Profile::V3 => format!(
            r#"{{"id":{id},"first_name":"P{id}","last_name":"X","email":"p{id}@example.com","role":{{"id":1,"name":"Staff"}}}}"#
        ),
        Profile::Guide => {
            format!(r#"{{"id":{id},"name":"P{id} X","email":"p{id}@example.com","role":"member"}}"#)
        }
    }
}

fn answer(profile: Profile, mode: Hostile, req: &Request<Body>) -> Response {
    let path = req.uri().path();
    let query = req.uri().query().unwrap_or("");
    let body = if !path.ends_with("/people") || path.contains("/projects/") {
        Body::from("[]")
    } else {
        match mode {
            Hostile::EndlessPeople => {
                let start = query_number(query, "start").unwrap_or(0);
                let people: Vec<String> = (start + 1..=start + 100)
                    .map(|id| person(profile, id))
                    .collect();
                Body::from(format!("[{}]", people.join(",")))
            }
            Hostile::EndlessBody => {
                let first = stream::once(async { Ok::<_, std::io::Error>(Bytes::from("[")) });
                let chunk = Bytes::from(format!("{},", person(profile, 1)).repeat(512));
                let rest = stream::repeat_with(move || Ok(chunk.clone()));
                Body::from_stream(futures_util::StreamExt::chain(first, rest))
            }
        }
    };
    let mut resp = Response::new(body);
    *resp.status_mut() = StatusCode::OK;
    let headers = resp.headers_mut();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    if profile == Profile::Guide {
        headers.insert("x-ratelimit-limit", HeaderValue::from_static("1000"));
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("999"));
    }
    resp
}

/// Starts the hostile server; its base URL.
async fn serve(profile: Profile, mode: Hostile) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new()
        .fallback(move |req: Request<Body>| async move { answer(profile, mode, &req) });
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}/api/v3")
}

/// How a child run ended.
struct Ended {
    success: bool,
    stderr: String,
    /// The child's peak resident set, in kB.
    peak_kb: u64,
}

fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `export --format json` against `base` with `config` in a fresh home, watching the
/// child's peak memory until it exits. A child still running after two minutes is a hang.
fn export(base: &str, profile: Profile, config: &str, home: &Path) -> Ended {
    std::fs::create_dir_all(home.join("config")).unwrap();
    std::fs::write(home.join("config/config.toml"), config).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_proofhub-tui"))
        .args(["--base-url", base, "--api", profile.as_str()])
        .args(["export", "--format", "json"])
        .env("PROOFHUB_TOKEN", "hostile-test-token")
        .env("PROOFHUB_TUI_HOME", home)
        .env_remove("PROOFHUB_BASE_URL")
        .env_remove("PROOFHUB_TUI_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let pid = child.id();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut peak_kb = 0;
    let status = loop {
        if let Some(kb) = vm_hwm_kb(pid) {
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("export did not end against a hostile server (peak {peak_kb} kB): a hang");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    Ended {
        success: status.success(),
        stderr,
        peak_kb,
    }
}

/// Well under what holding the hostile answers would take (an endless list or body grows
/// without end; at a million people the console once held 2.2 GB).
const MEMORY_BOUND_KB: u64 = 200 * 1024;

async fn ends_with_cap(mode: Hostile, limits: &str, key: &str) {
    for profile in Profile::ALL {
        let base = serve(profile, mode).await;
        let home = tempfile::tempdir().unwrap();
        let config = format!("pacing = \"1000/1\"\n\n[limits]\n{limits}\n");
        let path = home.path().to_path_buf();
        let ended = tokio::task::spawn_blocking(move || export(&base, profile, &config, &path))
            .await
            .unwrap();
        assert!(
            !ended.success,
            "{profile}: export succeeded against an endless server"
        );
        assert!(
            ended.stderr.contains("cap") && ended.stderr.contains(&format!("`{key}`")),
            "{profile}: the error names the cap and its setting: {}",
            ended.stderr
        );
        assert!(
            ended.stderr.contains("[limits]"),
            "{profile}: the error says where to raise it: {}",
            ended.stderr
        );
        assert!(
            ended.peak_kb > 0 && ended.peak_kb < MEMORY_BOUND_KB,
            "{profile}: peak memory {} kB",
            ended.peak_kb
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_claiming_unbounded_people_ends_at_the_people_cap() {
    ends_with_cap(Hostile::EndlessPeople, "people = 20000", "people").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_that_never_ends_ends_at_the_pages_cap() {
    ends_with_cap(
        Hostile::EndlessPeople,
        "pages_per_list = 50",
        "pages_per_list",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_never_ends_ends_at_the_body_cap() {
    ends_with_cap(Hostile::EndlessBody, "body_mb = 4", "body_mb").await;
}
