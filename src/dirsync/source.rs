//! The sync source: a CSV of the people the account should hold.
//!
//! Format (README "Directory sync"): a header row, then one person per row. Column names are
//! matched case-insensitively; unknown columns are ignored, so the CSV `export --format csv`
//! writes (v3: `id,name,first_name,last_name,email,role,title,status,last_active,projects`;
//! guide: `id,name,email,role,status,last_active,projects`) is a valid source as it is.
//!
//! Cells hold the data exactly: the one thing removed is export's spreadsheet guard (a leading
//! `'` before `=`, `+`, `-`, `@`, a tab, a carriage return or `'`, see
//! [`crate::model::sanitize::data`]), then surrounding spaces. Control characters are kept (the
//! account may hold them; the review shows them escaped), so an export plans nothing.
//!
//! - `email` (required): the key; matched case-insensitively and trimmed.
//! - `name`, or `first_name` and `last_name`: the person's name.
//! - `title` (v3 accounts only), `role` (an account role's name).
//! - `projects`: project titles separated by `;`; a trailing ` (role)` (export's project role)
//!   is accepted and ignored.
//!
//! An empty `name`/`title`/`role` cell leaves that field as the account has it; an empty
//! `projects` cell (with the column present) means "member of no project". Without a column the
//! field is not managed at all. Every bad row is reported with its line number.

use std::collections::HashMap;
use std::fmt;

/// A person's name as the source gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceName {
    /// No name given: leave the name alone.
    Unset,
    Full(String),
    Parts {
        first: String,
        last: String,
    },
}

/// One row of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    /// The line the row starts on (1 = the header).
    pub line: u64,
    /// Trimmed, case as written.
    pub email: String,
    pub name: SourceName,
    /// `None`: not managed for this row.
    pub title: Option<String>,
    pub role: Option<String>,
    /// `None`: the file has no `projects` column. Each entry is a title as written (trimmed,
    /// any ` (role)` suffix kept; the planner resolves it).
    pub projects: Option<Vec<String>>,
}

/// The whole source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub rows: Vec<SourceRow>,
    /// The file has a `projects` column (membership is managed).
    pub has_projects: bool,
    /// The file has a `title` column.
    pub has_title: bool,
}

/// One problem with the source, with the line it is on (0: the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}

/// A cell's value: export's spreadsheet guard removed, surrounding spaces trimmed.
fn clean(cell: &str) -> String {
    crate::model::sanitize::data::csv_value(cell)
        .trim()
        .to_string()
}

fn plausible_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && !e.chars().any(char::is_whitespace)
}

/// Splits a `projects` cell at `;`, dropping empty entries.
pub fn split_projects(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A problem with the file as a whole.
pub(super) fn file_error(message: String) -> Vec<RowError> {
    vec![RowError { line: 0, message }]
}

/// A file's columns by normalised name (`First Name` → `first_name`).
pub(super) type Columns = HashMap<String, usize>;

/// A reader over CSV `text` (a leading byte-order mark dropped, rows of any length) and its
/// columns.
pub(super) fn open(text: &str) -> Result<(csv::Reader<&[u8]>, Columns), Vec<RowError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| file_error(format!("cannot read the header row: {e}")))?
        .clone();
    let col = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().to_lowercase().replace([' ', '-'], "_"), i))
        .collect();
    Ok((reader, col))
}

/// Parses the CSV text. Returns every bad row (and file-level problem) at once.
pub fn parse(text: &str) -> Result<Source, Vec<RowError>> {
    let (mut reader, col) = open(text)?;
    let Some(&email_col) = col.get("email") else {
        return Err(file_error(
            "the header row has no `email` column (the columns: email, name or first_name/last_name, title, role, projects)"
                .into(),
        ));
    };
    let name_col = col.get("name").copied();
    let first_col = col.get("first_name").copied();
    let last_col = col.get("last_name").copied();
    let title_col = col.get("title").copied();
    let role_col = col.get("role").copied();
    let projects_col = col.get("projects").copied();

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                errors.push(RowError {
                    line,
                    message: format!("not readable as CSV: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).map(clean);
        let email = cell(Some(email_col)).unwrap_or_default();
        if email.is_empty() {
            errors.push(RowError {
                line,
                message: "no email (every row needs one)".into(),
            });
            continue;
        }
        if !plausible_email(&email) {
            errors.push(RowError {
                line,
                message: format!("{email:?} is not an email address"),
            });
            continue;
        }
        if let Some(first) = seen.insert(email.to_lowercase(), line) {
            errors.push(RowError {
                line,
                message: format!(
                    "{email} is already on line {first} (emails are compared ignoring case)"
                ),
            });
            continue;
        }
        let full = cell(name_col).filter(|s| !s.is_empty());
        let first = cell(first_col).filter(|s| !s.is_empty());
        let last = cell(last_col).filter(|s| !s.is_empty());
        let name = match (full, first, last) {
            (_, Some(first), last) => SourceName::Parts {
                first,
                last: last.unwrap_or_default(),
            },
            (_, None, Some(_)) => {
                errors.push(RowError {
                    line,
                    message: "a last_name without a first_name".into(),
                });
                continue;
            }
            (Some(full), None, None) => SourceName::Full(full),
            (None, None, None) => SourceName::Unset,
        };
        rows.push(SourceRow {
            line,
            email,
            name,
            title: cell(title_col).filter(|s| !s.is_empty()),
            role: cell(role_col).filter(|s| !s.is_empty()),
            projects: projects_col.map(|i| {
                record
                    .get(i)
                    .map(|c| split_projects(&clean(c)))
                    .unwrap_or_default()
            }),
        });
    }
    if errors.is_empty() && rows.is_empty() {
        errors.push(RowError {
            line: 0,
            message: "the source lists nobody; a sync from an empty list would remove everyone, so it is refused"
                .into(),
        });
    }
    if errors.is_empty() {
        Ok(Source {
            rows,
            has_projects: projects_col.is_some(),
            has_title: title_col.is_some(),
        })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let text = "email,name,role\n\
                    a@x.io,Ann,Admin\n\
                    ,No Mail,Admin\n\
                    not-an-email,Bad,Admin\n\
                    A@X.io,Dup,Admin\n\
                    b@x.io,\"Bob\nSmith\",Admin\n\
                    c@x.io,,\n";
        let errors = parse(text).unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5], "{errors:?}");
        assert!(
            errors[2].to_string().contains("already on line 2"),
            "{}",
            errors[2]
        );
        assert!(
            errors[1].to_string().starts_with("line 4: "),
            "{}",
            errors[1]
        );
    }

    #[test]
    fn export_columns_are_accepted_and_extra_ones_ignored() {
        let text = "id,name,email,role,status,last_active,projects\n\
                    1,Eve Red,eve@x.io,admin,active,,\"Web, site (manager); App (member)\"\n";
        let s = parse(text).expect("valid");
        assert!(s.has_projects && !s.has_title);
        assert_eq!(s.rows[0].name, SourceName::Full("Eve Red".into()));
        assert_eq!(
            s.rows[0].projects,
            Some(vec!["Web, site (manager)".into(), "App (member)".into()])
        );
    }

    #[test]
    fn guarded_cells_and_control_characters_read_back_as_the_data() {
        let text = "email,name,title\n'-eve@x.io,\"'=HYPERLINK(\"\"x\"\")\",Eve\u{1b}[31m\n\
                    bob@x.io,'Bob,\"a\nb\"\n";
        let s = parse(text).expect("valid");
        assert_eq!(s.rows[0].email, "-eve@x.io");
        assert_eq!(s.rows[0].name, SourceName::Full("=HYPERLINK(\"x\")".into()));
        assert_eq!(s.rows[0].title.as_deref(), Some("Eve\u{1b}[31m"));
        assert_eq!(s.rows[1].name, SourceName::Full("'Bob".into()));
        assert_eq!(s.rows[1].title.as_deref(), Some("a\nb"));
    }

    #[test]
    fn missing_email_column_and_empty_lists_are_refused() {
        assert!(
            parse("name\nAnn\n").unwrap_err()[0]
                .message
                .contains("no `email` column")
        );
        assert!(
            parse("email,name\n").unwrap_err()[0]
                .message
                .contains("lists nobody")
        );
        assert!(parse("").is_err());
    }

    #[test]
    fn first_and_last_name_win_over_name_and_empty_cells_are_unset() {
        let s = parse("Email,First Name,Last_Name,title\n a@x.io ,Ann,Lee,\nb@x.io,,,\n")
            .expect("valid");
        assert_eq!(s.rows[0].email, "a@x.io");
        assert_eq!(
            s.rows[0].name,
            SourceName::Parts {
                first: "Ann".into(),
                last: "Lee".into()
            }
        );
        assert_eq!(s.rows[0].title, None);
        assert_eq!(s.rows[1].name, SourceName::Unset);
        assert_eq!(s.rows[1].projects, None);
    }
}
