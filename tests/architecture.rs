//! The layer rules of docs/ARCHITECTURE.md, checked on the source: a forbidden import fails
//! this test, naming the file, the line and the rule.
//!
//! Every path a file names is seen: `use` declarations (groups, renames, `self`, `pub use`) and
//! paths written out in code (`crate::api::Client::new()`, `std::fs::write`, `super::super::x`),
//! resolved against the file's place in the module tree (`crate::`, `super::`, `self::`, a child
//! module, or a name an earlier `use` brought in). Comments, strings and `#[cfg(test)]` modules
//! are blanked first: the rules are about what the program does.
//!
//! It also checks that the files of `app/`, `api/` and `sim/` import each other one way only (no
//! circle). A `pub use` re-export in a `mod.rs` is a facade, not an import, for that check.
// Tests may unwrap, expect and panic: a failure is the point (Cargo.toml [lints] denies them in src/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Who may not use what: files under `layer` may not name a path starting with any of
/// `forbidden`, unless it starts with one of `allowed`.
struct Rule {
    layer: &'static str,
    forbidden: &'static [&'static str],
    allowed: &'static [&'static str],
    why: &'static str,
}

const NO_IO: &[&str] = &[
    "crate::api",
    "crate::local",
    "crate::console",
    "crate::cli",
    "crate::dirsync",
    "crate::sim",
    "tokio",
    "reqwest",
    "axum",
    "directories",
    "keyring_core",
    "std::fs",
    "std::env",
    "std::net",
    "std::process",
];

const RULES: &[Rule] = &[
    Rule {
        layer: "app",
        forbidden: NO_IO,
        allowed: &[],
        why: "app/ is the pure core: no client, no local files, no runtime, no environment",
    },
    Rule {
        layer: "app",
        forbidden: &["crate::ui", "ratatui"],
        allowed: &[],
        why: "app/ does not draw",
    },
    Rule {
        layer: "ui",
        forbidden: NO_IO,
        allowed: &[],
        why: "ui/ draws the state and does no I/O",
    },
    Rule {
        layer: "api",
        forbidden: &[
            "crate::app",
            "crate::ui",
            "crate::console",
            "crate::cli",
            "crate::dirsync",
            "crate::local",
            "crate::sim",
            "ratatui",
            "crossterm",
        ],
        allowed: &[],
        why: "api/ is the client: it never draws and knows nothing of the console",
    },
    Rule {
        layer: "sim",
        forbidden: &[
            "crate::api",
            "crate::model",
            "crate::app",
            "crate::ui",
            "crate::console",
            "crate::local",
            "crate::search",
            "crate::dirsync",
        ],
        // `sim` takes its command line from `cli::args` (the shell hands it over).
        allowed: &["crate::model::profile"],
        why: "sim/ shares no code with the client (model::profile only)",
    },
    Rule {
        layer: "model",
        forbidden: &[
            "crate::api",
            "crate::app",
            "crate::ui",
            "crate::console",
            "crate::cli",
            "crate::dirsync",
            "crate::local",
            "crate::sim",
            "crate::search",
            "tokio",
            "std::fs",
        ],
        allowed: &[],
        why: "model/ is plain data every layer may use; it uses no layer and does no I/O",
    },
];

/// The folders whose files must not import each other in a circle.
const ACYCLIC: &[&str] = &["app", "api", "sim"];

#[test]
fn no_layer_uses_what_it_may_not() {
    none("forbidden imports", check(&crate_sources()));
}

#[test]
fn app_api_and_sim_import_one_way() {
    none("import circles", circles(&crate_sources()));
}

/// `unsafe_code` is denied crate-wide (Cargo.toml `[lints]`); one file may allow it, for
/// mimalloc's option setter. Any other `unsafe`, or an `allow` of it, anywhere in `src/` fails.
#[test]
fn only_the_allocator_has_unsafe_code() {
    let mut found = Vec::new();
    for (path, text) in crate_sources() {
        let code = blank_comments_and_strings(&text);
        let unsafe_words = code
            .split(|c: char| !is_ident(c))
            .filter(|w| *w == "unsafe")
            .count()
            + code.matches("allow(unsafe_code)").count();
        if unsafe_words > 0 && path != "allocator.rs" {
            found.push(format!("{path}: {unsafe_words} `unsafe`"));
        }
    }
    none("unsafe code outside src/allocator.rs", found);
    let allocator =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/allocator.rs"))
            .expect("src/allocator.rs");
    let code = blank_comments_and_strings(&allocator);
    assert_eq!(
        code.matches("unsafe {").count(),
        2,
        "src/allocator.rs: two unsafe blocks, each with its SAFETY comment"
    );
    assert_eq!(allocator.matches("// SAFETY:").count(), 2);
}

fn crate_sources() -> Vec<(String, String)> {
    let files = read_sources(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").as_path());
    assert!(files.len() > 50, "the sources were found");
    files
}

fn none(what: &str, found: Vec<String>) {
    assert!(found.is_empty(), "{what}:\n{}", found.join("\n"));
}

/// The checker itself sees every form of import, and nothing in comments, strings or tests.
#[test]
fn the_checker_sees_every_form_of_a_forbidden_import() {
    let bad = [
        ("app/a.rs", "use crate::api::Client;"),
        (
            "app/a.rs",
            "use crate::{model::account::Account, api::{self, Client}};",
        ),
        ("app/a.rs", "pub(crate) use crate::local::journal as j;"),
        ("app/writes/b.rs", "use super::super::super::api::Client;"),
        (
            "app/writes/mod.rs",
            "fn f() { super::super::console::open(); }",
        ),
        (
            "app/a.rs",
            "fn f() { let c = crate :: api\n :: Client::new(); }",
        ),
        ("ui/a.rs", "fn f() { std::fs::read(\"x\"); }"),
        ("ui/a.rs", "use std::{fs, io};"),
        ("ui/a.rs", "use std::io;\nuse std::env as e;"),
        ("app/a.rs", "async fn f() { tokio::spawn(async {}); }"),
        ("api/a.rs", "use ratatui::Frame;"),
        ("api/a.rs", "fn f(s: &crate::app::State) {}"),
        ("sim/a.rs", "use crate::model::account::Person;"),
        (
            "sim/a.rs",
            "use crate::model::{profile::Profile, changes::Edit};",
        ),
        ("sim/a.rs", "use crate::api; fn f() { api::Client::new(); }"),
    ];
    for (path, text) in bad {
        let files = vec![(path.to_string(), text.to_string())];
        assert!(
            !check(&files).is_empty(),
            "missed a forbidden import in {path}: {text}"
        );
    }
    let fine = [
        (
            "app/a.rs",
            "/// Unlike crate::api, this is pure.\nuse crate::model::account::Account;",
        ),
        (
            "app/a.rs",
            "// std::fs::read\nfn f() { let s = \"crate::api::Client\"; let c = '\"'; }",
        ),
        (
            "app/a.rs",
            "/* use tokio; /* nested */ */ fn f<'a>(x: &'a str) {}",
        ),
        (
            "app/a.rs",
            "fn f() {}\n#[cfg(test)]\nmod tests {\n    use std::fs;\n}",
        ),
        (
            "ui/a.rs",
            "use crate::app::state::State;\nuse ratatui::Frame;",
        ),
        (
            "sim/a.rs",
            "use crate::model::profile::Profile;\nuse axum::Router;",
        ),
        (
            "api/a.rs",
            "use crate::model::account::Person;\nuse reqwest::Client;",
        ),
        ("app/a.rs", "fn f() { let r = r#\"crate::api\"#; }"),
    ];
    for (path, text) in fine {
        let files = vec![(path.to_string(), text.to_string())];
        assert_eq!(check(&files), Vec::<String>::new(), "{path}: {text}");
    }
    let circle = vec![
        ("app/a.rs".to_string(), "use super::b::X;".to_string()),
        (
            "app/b.rs".to_string(),
            "fn f() { crate::app::c::g(); }".to_string(),
        ),
        ("app/c.rs".to_string(), "use super::{a};".to_string()),
        ("app/d.rs".to_string(), "use super::a::Y;".to_string()),
    ];
    let found = circles(&circle);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("app/a.rs") && found[0].contains("app/c.rs"));
    assert!(!found[0].contains("app/d.rs"));
}

/// Every `.rs` file under `root`, as (path relative to `root` with `/`, text).
fn read_sources(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src/") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).expect("under src/");
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&path).expect("read source")));
            }
        }
    }
    out.sort();
    out
}

/// The module path of a file: `app/writes/mod.rs` → `["app", "writes"]`.
fn module_of(path: &str) -> Vec<String> {
    let stem = path.trim_end_matches(".rs");
    let mut segs: Vec<String> = stem.split('/').map(str::to_string).collect();
    if matches!(
        segs.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        segs.pop();
    }
    segs
}

/// One path a file names, resolved: `crate::…` for this crate, else as written (`std::fs::…`).
struct Ref {
    path: String,
    line: usize,
    /// A `pub use` (a re-export).
    reexport: bool,
}

fn check(files: &[(String, String)]) -> Vec<String> {
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(p, _)| module_of(p)).collect();
    let mut out = Vec::new();
    for (path, text) in files {
        let module = module_of(path);
        let Some(layer) = module.first() else {
            continue;
        };
        for r in refs(&module, text, &modules) {
            for rule in RULES.iter().filter(|r| r.layer == layer) {
                let hit = |prefixes: &[&str]| prefixes.iter().any(|p| starts_with(&r.path, p));
                if hit(rule.forbidden) && !hit(rule.allowed) {
                    out.push(format!(
                        "src/{path}:{}: uses `{}`: {}",
                        r.line, r.path, rule.why
                    ));
                }
            }
        }
    }
    out
}

fn starts_with(path: &str, prefix: &str) -> bool {
    path == prefix || path.starts_with(&format!("{prefix}::"))
}

/// The circles among the files of [`ACYCLIC`]'s folders, each as "a.rs → b.rs → a.rs".
fn circles(files: &[(String, String)]) -> Vec<String> {
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(p, _)| module_of(p)).collect();
    let file_of: BTreeMap<Vec<String>, String> = files
        .iter()
        .map(|(p, _)| (module_of(p), p.clone()))
        .collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (path, text) in files {
        let module = module_of(path);
        if !module
            .first()
            .is_some_and(|l| ACYCLIC.contains(&l.as_str()))
        {
            continue;
        }
        let to = edges.entry(module.clone()).or_default();
        for r in refs(&module, text, &modules) {
            if r.reexport {
                continue;
            }
            let Some(rest) = r.path.strip_prefix("crate::") else {
                continue;
            };
            let segs: Vec<String> = rest.split("::").map(str::to_string).collect();
            let target = (1..=segs.len())
                .rev()
                .map(|n| segs[..n].to_vec())
                .find(|m| modules.contains(m));
            if let Some(t) = target
                && t != module
                && t.first() == module.first()
            {
                to.insert(t);
            }
        }
    }
    strongly_connected(&edges)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| {
            let mut names: Vec<&str> = c
                .iter()
                .map(|m| file_of.get(m).map_or("?", String::as_str))
                .collect();
            names.sort();
            names.join(", ")
        })
        .collect()
}

/// Tarjan's strongly connected components.
fn strongly_connected(
    edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
) -> Vec<Vec<Vec<String>>> {
    struct T<'a> {
        edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<Vec<String>, usize>,
        low: BTreeMap<Vec<String>, usize>,
        stack: Vec<Vec<String>>,
        on: BTreeSet<Vec<String>>,
        out: Vec<Vec<Vec<String>>>,
    }
    fn visit(t: &mut T<'_>, v: &Vec<String>) {
        let i = t.index.len();
        t.index.insert(v.clone(), i);
        t.low.insert(v.clone(), i);
        t.stack.push(v.clone());
        t.on.insert(v.clone());
        let next: Vec<Vec<String>> = t.edges.get(v).into_iter().flatten().cloned().collect();
        for w in next {
            if !t.index.contains_key(&w) {
                visit(t, &w);
                let lw = t.low[&w];
                let lv = t.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if t.on.contains(&w) {
                let iw = t.index[&w];
                let lv = t.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(&w);
                let done = &w == v;
                comp.push(w);
                if done {
                    break;
                }
            }
            t.out.push(comp);
        }
    }
    let mut t = T {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    t.out
}

/// Every path `text` names, resolved for a file of `module`.
fn refs(module: &[String], text: &str, modules: &BTreeSet<Vec<String>>) -> Vec<Ref> {
    let code = drop_test_modules(&blank_comments_and_strings(text));
    let line_at = |offset: usize| code[..offset].matches('\n').count() + 1;
    let mut out = Vec::new();
    // `use` declarations, then blanked so the code scan does not see them twice.
    let mut rest = code.clone();
    let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut at = 0;
    while let Some(found) = find_word(&code[at..], "use") {
        let start = at + found;
        let Some(len) = code[start..].find(';') else {
            break;
        };
        let end = start + len;
        let before = code[..start].trim_end();
        let reexport = before.ends_with("pub") || before.ends_with(')') && before.contains("pub(");
        let decl = code[start + 3..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace(" ::", "::")
            .replace(":: ", "::")
            .replace("{ ", "{")
            .replace(" }", "}")
            .replace(" ,", ",")
            .replace(", ", ",");
        for (path, alias) in expand(&decl) {
            let resolved = resolve(module, &path, modules, &aliases);
            if let Some(name) = alias {
                aliases.insert(name, resolved.clone());
            }
            out.push(Ref {
                path: resolved.join("::"),
                line: line_at(start),
                reexport,
            });
        }
        rest.replace_range(start..end, &" ".repeat(end - start));
        at = end;
    }
    // Paths written out in code: `a::b::c`, spaces around `::` allowed.
    let chars: Vec<(usize, char)> = rest.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (off, c) = chars[i];
        let prev_ident = i > 0 && is_ident(chars[i - 1].1);
        if !(c.is_alphabetic() || c == '_') || prev_ident {
            i += 1;
            continue;
        }
        let mut segs = Vec::new();
        let mut j = i;
        loop {
            let s = j;
            while j < chars.len() && is_ident(chars[j].1) {
                j += 1;
            }
            segs.push(chars[s..j].iter().map(|(_, c)| c).collect::<String>());
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            if k + 1 < chars.len() && chars[k].1 == ':' && chars[k + 1].1 == ':' {
                k += 2;
                while k < chars.len() && chars[k].1.is_whitespace() {
                    k += 1;
                }
                if k < chars.len() && (chars[k].1.is_alphabetic() || chars[k].1 == '_') {
                    j = k;
                    continue;
                }
            }
            break;
        }
        // A leading `::` (`::std::fs`) changes nothing here.
        if segs.len() > 1 {
            let path = segs.join("::");
            out.push(Ref {
                path: resolve(module, &path, modules, &aliases).join("::"),
                line: line_at(off),
                reexport: false,
            });
        }
        i = j.max(i + 1);
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The offset of `word` standing alone in `text`.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        if !before.is_some_and(is_ident) && !after.is_some_and(is_ident) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// `crate::{a::{self, B}, c as d}` → `crate::a`, `crate::a::B`, `crate::c` (alias `d`); each
/// with the name it brings into scope.
fn expand(decl: &str) -> Vec<(String, Option<String>)> {
    let decl = decl.trim_start_matches("::");
    let Some(open) = decl.find('{') else {
        let (path, alias) = match decl.split_once(" as ") {
            Some((p, a)) => (p.to_string(), Some(a.to_string())),
            None => (decl.to_string(), None),
        };
        let path = path.trim_end_matches("::self").to_string();
        let name = alias.or_else(|| path.rsplit("::").next().map(str::to_string));
        return vec![(path, name.filter(|n| n != "*"))];
    };
    let prefix = &decl[..open];
    let inner = decl[open + 1..]
        .strip_suffix('}')
        .unwrap_or(&decl[open + 1..]);
    let mut parts = Vec::new();
    let (mut depth, mut cur) = (0, String::new());
    for c in inner.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth == 0 {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    parts.push(cur);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| {
            let full = if p == "self" {
                prefix.trim_end_matches("::").to_string()
            } else {
                format!("{prefix}{p}")
            };
            expand(&full)
        })
        .collect()
}

/// A path as named in a file of `module`, made absolute: `crate::…`, or an outside crate's.
fn resolve(
    module: &[String],
    path: &str,
    modules: &BTreeSet<Vec<String>>,
    aliases: &BTreeMap<String, Vec<String>>,
) -> Vec<String> {
    let segs: Vec<String> = path
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let Some(first) = segs.first() else {
        return Vec::new();
    };
    let mut base: Vec<String>;
    let mut rest = segs.as_slice();
    match first.as_str() {
        "crate" => {
            base = Vec::new();
            rest = &segs[1..];
        }
        "super" | "self" => {
            base = module.to_vec();
            while let Some(s) = rest.first() {
                match s.as_str() {
                    "super" => {
                        base.pop();
                    }
                    "self" => {}
                    _ => break,
                }
                rest = &rest[1..];
            }
        }
        _ => {
            let mut child = module.to_vec();
            child.push(first.clone());
            if modules.contains(&child) {
                base = module.to_vec();
            } else if let Some(full) = aliases.get(first) {
                let mut out = full.clone();
                out.extend(segs[1..].iter().cloned());
                return out;
            } else {
                return segs;
            }
        }
    }
    let mut out = vec!["crate".to_string()];
    out.append(&mut base);
    out.extend(rest.iter().cloned());
    out
}

/// Comments and the insides of string and char literals as spaces (line breaks kept).
fn blank_comments_and_strings(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |ch: char| if ch == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < c.len() {
        let prev_ident = i > 0 && is_ident(c[i - 1]);
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
        } else if !prev_ident && (c[i] == 'r' || (c[i] == 'b' && c.get(i + 1) == Some(&'r'))) && {
            let mut k = i + if c[i] == 'b' { 2 } else { 1 };
            while c.get(k) == Some(&'#') {
                k += 1;
            }
            c.get(k) == Some(&'"')
        } {
            // Raw string: r#"…"#.
            let mut k = i + if c[i] == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while c[k] == '#' {
                hashes += 1;
                k += 1;
            }
            out.extend(std::iter::repeat_n(' ', k + 1 - i));
            i = k + 1;
            while i < c.len() {
                if c[i] == '"' && (1..=hashes).all(|h| c.get(i + h) == Some(&'#')) {
                    out.extend(std::iter::repeat_n(' ', hashes + 1));
                    i += hashes + 1;
                    break;
                }
                out.push(blank(c[i]));
                i += 1;
            }
        } else if c[i] == '"' {
            out.push(' ');
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < c.len() {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c[i] == '\'' && c.get(i + 1) == Some(&'\\') {
            // An escaped char literal: '\n', '\'', '\u{1F600}'.
            out.push_str("  ");
            i += 2;
            while i < c.len() && c[i] != '\'' {
                out.push(' ');
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else if c[i] == '\'' && c.get(i + 2) == Some(&'\'') {
            out.push_str("   ");
            i += 3;
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// `#[cfg(test)] mod … { … }` blocks as spaces (line breaks kept).
fn drop_test_modules(code: &str) -> String {
    let mut out = code.to_string();
    let mut from = 0;
    while let Some(i) = out[from..].find("#[cfg(test)]") {
        let at = from + i;
        let after = out[at + 12..].trim_start();
        from = at + 12;
        if !after.starts_with("mod ") && !after.starts_with("pub mod ") {
            continue;
        }
        let Some(open) = out[at..].find('{').map(|o| at + o) else {
            break;
        };
        let mut depth = 0;
        let mut end = out.len();
        for (k, ch) in out[open..].char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        let blanked: String = out[at..end]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        out.replace_range(at..end, &blanked);
        from = end;
    }
    out
}
