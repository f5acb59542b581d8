//! What `doctor` found, and its two forms: the table for a person (with what it saw, and for a
//! contradicted assumption what the tool does differently) and `--json` for a bug report.
//!
//! The JSON holds counts and shapes only: every [`Finding::saw`] is built from numbers, HTTP
//! statuses, error codes and field names, never from a record's values, so no name, e-mail,
//! id or token can reach it. Role names, the one piece of account text worth showing, live in
//! [`Finding::detail`], which only the terminal form prints (cleaned for the terminal).

use serde::Serialize;
use serde_json::json;

use crate::model::profile::Profile;
use crate::model::sanitize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Held,
    Contradicted,
    Unknown,
}

impl Verdict {
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Held => "held",
            Verdict::Contradicted => "contradicted",
            Verdict::Unknown => "unknown",
        }
    }
}

/// One row: an assumption of ours, what the account showed, and the verdict.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// A stable key for scripts: `auth`, `page_cap`, ...
    pub topic: &'static str,
    /// The row's name for a person.
    #[serde(skip)]
    pub title: &'static str,
    /// What we assume, for the profile detected.
    pub assumed: String,
    /// What it saw: counts and shapes only.
    pub saw: String,
    pub verdict: Verdict,
    /// For a contradicted assumption: what the tool does differently.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub differently: Option<String>,
    /// Account text for the terminal only (role names); never in `--json`.
    #[serde(skip)]
    pub detail: Option<String>,
}

impl Finding {
    pub fn new(topic: &'static str, title: &'static str, assumed: impl Into<String>) -> Finding {
        Finding {
            topic,
            title,
            assumed: assumed.into(),
            saw: String::new(),
            verdict: Verdict::Unknown,
            differently: None,
            detail: None,
        }
    }

    pub fn held(mut self, saw: impl Into<String>) -> Finding {
        self.saw = saw.into();
        self.verdict = Verdict::Held;
        self
    }

    pub fn contradicted(
        mut self,
        saw: impl Into<String>,
        differently: impl Into<String>,
    ) -> Finding {
        self.saw = saw.into();
        self.verdict = Verdict::Contradicted;
        self.differently = Some(differently.into());
        self
    }

    pub fn unknown(mut self, saw: impl Into<String>) -> Finding {
        self.saw = saw.into();
        self.verdict = Verdict::Unknown;
        self
    }

    pub fn with_detail(mut self, detail: Option<String>) -> Finding {
        self.detail = detail;
        self
    }
}

/// A whole run.
#[derive(Debug, Clone)]
pub struct Report {
    pub profile: Option<Profile>,
    pub findings: Vec<Finding>,
    pub requests: usize,
    pub budget: usize,
    /// Why probing ended early, in words; `None` when the plan ran through.
    pub stopped: Option<String>,
}

impl Report {
    pub fn count(&self, verdict: Verdict) -> usize {
        self.findings
            .iter()
            .filter(|f| f.verdict == verdict)
            .count()
    }

    /// The table for a person; `target` is the base URL shown in the heading.
    pub fn text(&self, target: &str) -> String {
        let mut out = String::new();
        let profile = self
            .profile
            .map_or("not detected".to_string(), |p| p.to_string());
        out.push_str(&format!(
            "proofhub-tui doctor: {} (profile {profile}); {} of at most {} requests, all GET, nothing changed\n",
            sanitize::display(target),
            self.requests,
            self.budget
        ));
        if let Some(why) = &self.stopped {
            out.push_str(&format!("stopped early: {why}\n"));
        }
        let title_width = self
            .findings
            .iter()
            .map(|f| f.title.len())
            .max()
            .unwrap_or(0);
        out.push_str("\nWhat it saw\n");
        for f in &self.findings {
            out.push_str(&format!("  {:<title_width$}  {}\n", f.title, f.saw));
            if let Some(detail) = &f.detail {
                out.push_str(&format!(
                    "  {:<title_width$}  {}\n",
                    "",
                    sanitize::display(detail)
                ));
            }
        }
        out.push_str("\nOur assumptions\n");
        for f in &self.findings {
            out.push_str(&format!(
                "  {:<12}  {:<title_width$}  {}\n",
                f.verdict.word(),
                f.title,
                f.assumed
            ));
            if let Some(d) = &f.differently {
                out.push_str(&format!("  {:<12}  {:<title_width$}  → {d}\n", "", ""));
            }
        }
        out.push_str(&format!(
            "\n{} held, {} contradicted, {} unknown\n",
            self.count(Verdict::Held),
            self.count(Verdict::Contradicted),
            self.count(Verdict::Unknown)
        ));
        out
    }

    /// The `--json` form: counts and shapes only (see the module docs).
    pub fn json(&self) -> serde_json::Value {
        json!({
            "tool": format!("proofhub-tui {}", env!("CARGO_PKG_VERSION")),
            "profile": self.profile.map(|p| p.to_string()),
            "requests": self.requests,
            "budget": self.budget,
            "stopped": self.stopped,
            "held": self.count(Verdict::Held),
            "contradicted": self.count(Verdict::Contradicted),
            "unknown": self.count(Verdict::Unknown),
            "findings": self.findings,
        })
    }
}
