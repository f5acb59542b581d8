//! docs/SIMULATOR.md's curl examples, run against the real `proofhub-tui sim` binary: each
//! command's output must be exactly what the document shows. Needs curl (skips without it,
//! fails under CI).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_proofhub-tui");

/// One `$ command` line of a docs/SIMULATOR.md console block and the output lines under it.
struct Example {
    command: String,
    output: String,
}

/// The `console` blocks of docs/SIMULATOR.md, before its "Account data format".
fn examples() -> Vec<Example> {
    let doc = include_str!("../../docs/SIMULATOR.md");
    let section = doc
        .split("\n## Account data format")
        .next()
        .expect("docs/SIMULATOR.md has examples");
    let mut out = Vec::new();
    for block in section.split("```console\n").skip(1) {
        let body = block.split("```").next().unwrap_or_default();
        for line in body.lines() {
            if let Some(cmd) = line.strip_prefix("$ ") {
                out.push(Example {
                    command: cmd.to_string(),
                    output: String::new(),
                });
            } else if let Some(last) = out.last_mut() {
                last.output.push_str(line);
                last.output.push('\n');
            }
        }
    }
    out
}

struct Server(std::process::Child, String);

impl Server {
    fn start(profile: &str) -> Server {
        let mut child = Command::new(BIN)
            .args(["sim", "--profile", profile])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("sim starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("base URL");
        let host = line
            .trim()
            .trim_start_matches("http://")
            .trim_end_matches("/api/v3")
            .to_string();
        Server(child, host)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
#[ignore = "needs curl"]
fn readme_curl_examples_answer_exactly_as_shown() {
    crate::support::need_tool("curl");
    let examples = examples();
    assert!(examples.len() >= 20, "found {} examples", examples.len());
    let v3 = Server::start("v3");
    let guide = Server::start("guide");
    for ex in &examples {
        let command = ex
            .command
            .replace("127.0.0.1:8080", &v3.1)
            .replace("127.0.0.1:8081", &guide.1);
        let out = Command::new("bash")
            .args(["-c", &command])
            .output()
            .expect("bash runs");
        let got = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            got, ex.output,
            "docs/SIMULATOR.md example:\n$ {}",
            ex.command
        );
    }
}
