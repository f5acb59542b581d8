//! docs/CLI-JSON.md is the schema of every machine-readable output: each table there is read
//! here and checked against real output (the binary against the simulator, both profiles):
//! every documented path is present with its documented type, and no undocumented key appears.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;

use proofhub_tui::model::profile::Profile;
use proofhub_tui::sim::Sim;

use crate::support::per_profile;
use crate::support::syncenv::text;

const DOC: &str = include_str!("../docs/CLI-JSON.md");

/// The `| path | type | … |` rows of the section whose heading contains `heading`.
fn schema(heading: &str) -> Vec<(String, String)> {
    let section = DOC
        .split("\n## ")
        .find(|s| s.lines().next().is_some_and(|h| h.contains(heading)))
        .unwrap_or_else(|| panic!("no section {heading:?} in docs/CLI-JSON.md"));
    section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            let path = cells[0]
                .trim_start_matches("| ")
                .trim_matches('`')
                .to_string();
            (path, cells[1].replace("\\|", "|"))
        })
        .collect()
}

fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Every value at `path` (`a.b[].c`): one per array element on the way.
fn at<'v>(root: &'v Value, path: &str) -> Vec<Option<&'v Value>> {
    let mut found = vec![Some(root)];
    for part in path.split('.') {
        let (key, each) = match part.strip_suffix("[]") {
            Some(k) => (k, true),
            None => (part, false),
        };
        let mut next = Vec::new();
        for v in found {
            // A null parent (an `object|null` section that is null) has no children to check.
            match v {
                Some(Value::Null) => {}
                Some(v) => {
                    let child = v.get(key);
                    if each {
                        if let Some(Value::Array(items)) = child {
                            next.extend(items.iter().map(Some));
                        } else {
                            next.push(None);
                        }
                    } else {
                        next.push(child);
                    }
                }
                None => next.push(None),
            }
        }
        found = next;
    }
    found
}

/// `doc` has every documented path with its type, and every key it has is documented.
fn matches_schema(doc: &Value, rows: &[(String, String)], what: &str) {
    for (path, ty) in rows {
        for v in at(doc, path) {
            let v = v.unwrap_or_else(|| panic!("{what}: {path} missing in {doc:#}"));
            let allowed: Vec<&str> = ty.split('|').collect();
            assert!(
                allowed.contains(&type_of(v)),
                "{what}: {path} is {} ({v}), documented {ty}",
                type_of(v)
            );
        }
    }
    // No undocumented keys: walk the object keys under documented objects.
    fn keys(v: &Value, prefix: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let p = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    out.push(p.clone());
                    keys(child, &p, out);
                }
            }
            Value::Array(items) => {
                for item in items {
                    keys(item, &format!("{prefix}[]"), out);
                }
            }
            _ => {}
        }
    }
    let mut present = Vec::new();
    keys(doc, "", &mut present);
    let documented: Vec<&str> = rows.iter().map(|(p, _)| p.as_str()).collect();
    for p in present {
        // Inside an array documented only as `array` (roles, groups, ids) the items are free.
        let under_opaque = documented.iter().any(|d| {
            p.starts_with(&format!("{d}[]"))
                && !documented.iter().any(|e| e.starts_with(&format!("{d}[].")))
        });
        assert!(
            documented.contains(&p.as_str()) || under_opaque,
            "{what}: {p} is not in docs/CLI-JSON.md"
        );
    }
}

/// A simulator served by a runtime of its own while the test drives the binary.
struct Running {
    sim: Sim,
    _runtime: tokio::runtime::Runtime,
}

fn running(profile: Profile) -> Running {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let sim = runtime.block_on(crate::support::syncenv::start(profile));
    Running {
        sim,
        _runtime: runtime,
    }
}

fn run(r: &Running, home: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let out = crate::support::command(&r.sim.base_url(), r.sim.token(), home)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some(),
        "{args:?} was killed: {}",
        text(&out)
    );
    if out.status.code() != Some(0) {
        eprintln!("{args:?}: {}", text(&out));
    }
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

per_profile! {
    #[test]
    fn info_json_matches_its_documented_schema(profile) {
        let r = running(profile);
        let home = tempfile::tempdir().unwrap();
        let (code, stdout) = run(&r, home.path(), &["info", "--json"]);
        assert_eq!(code, Some(0), "{stdout}");
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        matches_schema(&doc, &schema("`info --json`"), "info");
        assert_eq!(doc["token"]["source"], "env");
        assert_eq!(doc["profile"]["verdict"], "accepted");
        assert_eq!(doc["profile"]["detected"], profile.as_str());
        assert_eq!(doc["error"], Value::Null);
    }
}

#[test]
fn info_json_without_an_account_has_null_sections_and_the_error() {
    let home = tempfile::tempdir().unwrap();
    let out = crate::support::clean_command(home.path())
        .args(["info", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    matches_schema(&doc, &schema("`info --json`"), "info without an account");
    assert_eq!(doc["account"], Value::Null);
    assert!(doc["error"].as_str().unwrap().contains("no account given"));
}

per_profile! {
    #[test]
    fn export_json_matches_its_documented_schema(profile) {
        let r = running(profile);
        let home = tempfile::tempdir().unwrap();
        let (code, stdout) = run(&r, home.path(), &["export", "--format", "json"]);
        assert_eq!(code, Some(0));
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        matches_schema(&doc, &schema("`export --format json`"), "export");
        assert!(!doc["people"].as_array().unwrap().is_empty());
    }
}

per_profile! {
    #[test]
    fn export_fields_picks_the_columns_and_keys_in_order(profile) {
        let r = running(profile);
        let home = tempfile::tempdir().unwrap();
        let fields = schema("`export --fields");
        let all: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
        let list = all.join(",");

        let (code, csv) = run(&r, home.path(), &["export", "--fields", &list]);
        assert_eq!(code, Some(0));
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, all, "every documented field, in the order asked");
        assert!(reader.records().count() > 0);

        let (code, stdout) = run(
            &r,
            home.path(),
            &["export", "--format", "json", "--fields", "email,id,projects"],
        );
        assert_eq!(code, Some(0));
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(
            doc.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["profile", "people"]
        );
        for person in doc["people"].as_array().unwrap() {
            let keys: Vec<&String> = person.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["email", "id", "projects"]);
        }
        // Each field's JSON type is the one the table documents (the third column).
        let (_, stdout) = run(&r, home.path(), &["export", "--format", "json", "--fields", &list]);
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        let section = DOC
            .split("## `export --fields")
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .unwrap();
        for line in section.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = line.split(" | ").collect();
            let field = cells[0].trim_start_matches("| ").trim_matches('`');
            let json_ty = cells[2].trim_end_matches(" |").replace("\\|", "|");
            let json_ty = json_ty.split(" of ").next().unwrap().trim().to_string();
            for person in doc["people"].as_array().unwrap() {
                let ty = type_of(&person[field]);
                assert!(
                    json_ty.split('|').any(|t| t == ty),
                    "{field}: {ty}, documented {json_ty}"
                );
            }
        }
    }
}

#[test]
fn an_unknown_field_is_a_usage_error_naming_the_valid_ones() {
    let home = tempfile::tempdir().unwrap();
    let out = crate::support::clean_command(home.path())
        .args(["export", "--fields", "email,phone"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let shown = text(&out);
    assert!(
        shown.contains("phone") && shown.contains("last_active"),
        "{shown}"
    );
}

per_profile! {
    #[test]
    fn sync_plan_and_apply_json_match_their_documented_schemas(profile) {
        let r = running(profile);
        let home = tempfile::tempdir().unwrap();
        let export = home.path().join("people.csv");
        let (code, _) = run(&r, home.path(), &["export", "--out", export.to_str().unwrap()]);
        assert_eq!(code, Some(0));
        // The account as it is, plus one person more: a plan of one invite.
        let text = std::fs::read_to_string(&export).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header = reader.headers().unwrap().clone();
        let role = header.iter().position(|c| c == "role").unwrap();
        let model = reader
            .records()
            .map(Result::unwrap)
            .find(|r| !r[role].eq_ignore_ascii_case("owner"))
            .unwrap();
        let mut row: Vec<String> = model.iter().map(String::from).collect();
        for (i, column) in header.iter().enumerate() {
            match column {
                "id" | "projects" | "last_active" => row[i] = String::new(),
                "email" => row[i] = "json.schema@acme.example".into(),
                "name" => row[i] = "Json Schema".into(),
                "first_name" => row[i] = "Json".into(),
                "last_name" => row[i] = "Schema".into(),
                _ => {}
            }
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&row).unwrap();
        let extra = String::from_utf8(w.into_inner().unwrap()).unwrap();
        std::fs::write(&export, format!("{text}{extra}")).unwrap();

        let plan = home.path().join("plan.json");
        let (code, stdout) = run(
            &r,
            home.path(),
            &[
                "sync", "plan", "--source", export.to_str().unwrap(),
                "--out", plan.to_str().unwrap(), "--json",
            ],
        );
        assert_eq!(code, Some(0), "{stdout}");
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        matches_schema(&doc, &schema("`sync plan --json`"), "sync plan");
        assert_eq!(doc["items"]["invite"], 1, "{doc:#}");

        let (code, stdout) = run(
            &r,
            home.path(),
            &["sync", "apply", "--yes", "--json", plan.to_str().unwrap()],
        );
        assert_eq!(code, Some(0), "{stdout}");
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        matches_schema(&doc, &schema("`sync apply --json`"), "sync apply");
        assert_eq!(doc["outcomes"]["done"], 1, "{doc:#}");
        assert_eq!(doc["items"][0]["email"], "json.schema@acme.example");
        assert!(doc["results_file"].as_str().unwrap().ends_with("plan.json.results.csv"));
    }
}

#[test]
fn sync_plan_json_needs_an_out_file() {
    let home = tempfile::tempdir().unwrap();
    let out = crate::support::clean_command(home.path())
        .args(["sync", "plan", "--source", "x.csv", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--out"), "{}", text(&out));
}
