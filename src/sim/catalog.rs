//! The v3 lists every account has and the simulator does not keep in its data file: project
//! categories, project statuses and languages, with the docs' own example values.
//!
//! - `GET /categories` is sections/categories.md's example: "Marketing Projects" (65707070) and
//!   the default "Uncategorized" (65707071). A project without a category shows the default.
//! - `GET /projectstatus` has no example in the docs: the fields are the ones they name (`id`,
//!   `title`, `is_default`, `created_at`, `updated_at`, and `position` from issue #2); the
//!   titles and ids 1..=3 (the statuses the generator gives projects) are *assumed*.
//! - `GET /languages` is sections/languages.md's example.

use serde_json::{Value, json};

/// (id, name, default) as sections/categories.md shows them.
pub const CATEGORIES: &[(u64, &str, bool)] = &[
    (65_707_070, "Marketing Projects", false),
    (65_707_071, "Uncategorized", true),
];

/// (id, title, is_default): *assumed*, see the module docs.
pub const PROJECT_STATUSES: &[(u64, &str, bool)] = &[
    (1, "Active", true),
    (2, "On hold", false),
    (3, "Completed", false),
];

/// The stamp every built-in status carries (whole seconds, as the docs write stamps).
const BUILT_IN_STAMP: &str = "2016-06-24T12:18:26+00:00";

/// (language, title) as sections/languages.md shows them.
pub const LANGUAGES: &[(&str, &str)] = &[
    ("en", "English"),
    ("fr", "French"),
    ("de", "German"),
    ("pl", "Polish"),
    ("pt", "Portuguese"),
    ("es", "Spanish"),
];

/// The category a project without one shows: the default ("Uncategorized").
pub fn default_category() -> u64 {
    CATEGORIES
        .iter()
        .find(|(_, _, default)| *default)
        .map_or(65_707_071, |(id, _, _)| *id)
}

fn category(entry: &(u64, &str, bool)) -> Value {
    let (id, name, default) = entry;
    json!({"id": id, "name": name, "default": default})
}

pub fn categories() -> Value {
    Value::Array(CATEGORIES.iter().map(category).collect())
}

/// `GET /categories/{id}`; `None` for an id that names none.
pub fn category_by_id(id: &str) -> Option<Value> {
    let id: u64 = id.parse().ok()?;
    CATEGORIES.iter().find(|(i, _, _)| *i == id).map(category)
}

fn status(position: usize, entry: &(u64, &str, bool)) -> Value {
    let (id, title, is_default) = entry;
    json!({
        "id": id,
        "title": title,
        "is_default": is_default,
        "position": position + 1,
        "created_at": BUILT_IN_STAMP,
        "updated_at": BUILT_IN_STAMP,
    })
}

pub fn project_statuses() -> Value {
    Value::Array(
        PROJECT_STATUSES
            .iter()
            .enumerate()
            .map(|(i, s)| status(i, s))
            .collect(),
    )
}

/// `GET /projectstatus/{id}`; `None` for an id that names none.
pub fn project_status_by_id(id: &str) -> Option<Value> {
    let id: u64 = id.parse().ok()?;
    PROJECT_STATUSES
        .iter()
        .enumerate()
        .find(|(_, (i, _, _))| *i == id)
        .map(|(pos, s)| status(pos, s))
}

pub fn languages() -> Value {
    Value::Array(
        LANGUAGES
            .iter()
            .map(|(code, title)| json!({"language": code, "title": title}))
            .collect(),
    )
}
