//! Staged invites: a batch of invitations built in the console, checked together, and sent only
//! once the admin has seen the whole batch and how many emails it sends.
//!
//! The admin types (or pastes) one line per person, `name, email, role, project; project`; role
//! and projects may be left out (the least-privileged default role, no projects). Every row is
//! checked as the batch changes ([`StagedBatch::checks`]): the email's form, the same email
//! twice in the batch or already in the account (ignoring case), a role or project the account
//! does not have. [`StagedBatch::review`] turns the rows that pass into one confirmation,
//! [`ConfirmStaged`], which lists the refused rows beside the count of emails; confirming sends
//! one [`WriteOp::InviteInto`] per ready row (the invite, then its project adds). Nothing is sent
//! before that confirmation.

use crate::model::account::{Account, RoleRef};
use crate::model::changes::NewPerson;
use crate::model::profile::Profile;
use crate::model::restore::{Restored, invitation_emails, invitations_sent};
use crate::model::tombstone::MembershipRef;

use super::super::keymap::{self, Binding, Chord, Command, Context, keys, read, write};
use super::super::text_line::TextLine;
use super::edit::role_options;
use super::fit::Dialog;
use super::invite::{least_privileged, new_email};
use super::job::WriteOp;
use super::offboard::Button;

/// How wide the confirmation gets.
pub const CONFIRM_WIDTH: u16 = 76;

/// What one line of the batch asks for, once it passes every check.
#[derive(Debug, Clone, PartialEq)]
pub struct Ready {
    pub new: NewPerson,
    /// The role's name as the admin will read it.
    pub role: String,
    pub projects: Vec<MembershipRef>,
}

/// The batch being built: its rows as typed, the line being typed, the selected row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StagedBatch {
    pub rows: Vec<String>,
    pub input: TextLine,
    /// `None`: the input line has the focus; `Some(i)`: row `i` is selected (Delete removes it).
    pub selected: Option<usize>,
    /// Why the last review was refused (no row ready).
    pub error: Option<String>,
}

/// The fields of one line: `name, email, role, project; project`.
fn fields(line: &str) -> (String, String, String, Vec<String>) {
    let mut parts = line.splitn(4, ',').map(str::trim);
    let name = parts.next().unwrap_or_default().to_string();
    let email = parts.next().unwrap_or_default().to_string();
    let role = parts.next().unwrap_or_default().to_string();
    let projects = parts
        .next()
        .unwrap_or_default()
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    (name, email, role, projects)
}

fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The role a line names, or the least-privileged default when it names none.
fn role(account: &Account, named: &str) -> Result<(Option<RoleRef>, String), String> {
    if named.is_empty() {
        return match account.profile {
            Some(Profile::Guide) => Ok((Some(RoleRef::Name("member".into())), "member".into())),
            _ => least_privileged(&account.roles)
                .map(|(r, _)| (Some(RoleRef::Id(r.id)), r.name.clone()))
                .ok_or_else(|| {
                    "every role of the account has admin rights: name one on the line".to_string()
                }),
        };
    }
    let (options, _) = role_options(account, &RoleRef::None);
    options
        .into_iter()
        .find(|(label, r)| *r != RoleRef::None && label.eq_ignore_ascii_case(named))
        .map(|(label, r)| (Some(r), label))
        .ok_or_else(|| {
            let (options, _) = role_options(account, &RoleRef::None);
            let names: Vec<String> = options
                .into_iter()
                .filter(|(_, r)| *r != RoleRef::None)
                .map(|(l, _)| l)
                .collect();
            format!("no role {named:?} (roles: {})", names.join(", "))
        })
}

/// The projects a line names, each by its title (ignoring case); a title two projects share is
/// refused rather than guessed.
fn projects(account: &Account, titles: &[String]) -> Result<Vec<MembershipRef>, String> {
    let mut out: Vec<MembershipRef> = Vec::new();
    for t in titles {
        let mut found = account
            .projects
            .iter()
            .filter(|p| p.title.trim().eq_ignore_ascii_case(t));
        let (Some(p), None) = (found.next(), found.next()) else {
            let n = account
                .projects
                .iter()
                .filter(|p| p.title.trim().eq_ignore_ascii_case(t))
                .count();
            return Err(if n == 0 {
                format!("no project {t:?}")
            } else {
                format!("{n} projects are titled {t:?}: add that person to one of them afterwards")
            });
        };
        if !out.iter().any(|m| m.project == p.id) {
            out.push(MembershipRef {
                project: p.id,
                title: p.title.clone(),
                project_role: None,
            });
        }
    }
    Ok(out)
}

/// One line checked on its own (form, account, role, projects).
fn check_line(account: &Account, line: &str) -> Result<Ready, String> {
    let (name, email, role_name, titles) = fields(line);
    if name.is_empty() {
        return Err("a name is needed: name, email, role, project; project".into());
    }
    if email.is_empty() {
        return Err("an email is needed after the name and a comma".into());
    }
    new_email(account, &email)?;
    let (role_ref, role_label) = role(account, &role_name)?;
    let projects = projects(account, &titles)?;
    let mut new = NewPerson::with_full_name(&name, &email);
    new.role = role_ref;
    if account.profile != Some(Profile::Guide) {
        new.send_invite = Some(true);
    }
    Ok(Ready {
        new,
        role: role_label,
        projects,
    })
}

impl StagedBatch {
    /// Adds the typed line (or each line of pasted text) as rows; blank lines are skipped.
    /// Terminals paste line ends as CR, LF or both.
    pub fn add_lines(&mut self, text: &str) {
        for line in text
            .split(['\r', '\n'])
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            self.rows.push(line.to_string());
        }
        self.error = None;
    }

    /// Enter: the typed line becomes a row; on a selected row, the row goes back to the input
    /// to be edited (the typed line, if any, becomes a row first).
    pub fn enter(&mut self) {
        let line = self.input.as_str().to_string();
        match self.selected.take().filter(|i| *i < self.rows.len()) {
            Some(i) => {
                let row = self.rows.remove(i);
                self.add_lines(&line);
                self.input = TextLine::new(&row);
            }
            None => {
                self.add_lines(&line);
                self.input.clear();
            }
        }
    }

    /// Pasted text: several lines become rows, one line goes into the input at the cursor.
    pub fn paste(&mut self, text: &str) {
        if text.contains(['\r', '\n']) {
            let mut all = self.input.as_str().to_string();
            all.push_str(text);
            self.input.clear();
            self.add_lines(&all);
        } else {
            self.input.insert_str(text);
        }
    }

    /// Removes the selected row.
    pub fn remove_selected(&mut self) {
        if let Some(i) = self.selected.filter(|i| *i < self.rows.len()) {
            self.rows.remove(i);
            self.selected = match self.rows.len() {
                0 => None,
                n => Some(i.min(n - 1)),
            };
        }
    }

    /// ↑/↓: through the rows and back to the input.
    pub fn move_by(&mut self, delta: isize) {
        let n = self.rows.len();
        self.selected = match (self.selected, delta < 0) {
            (None, true) if n > 0 => Some(n - 1),
            (None, _) => None,
            (Some(0), true) => Some(0),
            (Some(i), true) => Some(i - 1),
            (Some(i), false) if i + 1 >= n => None,
            (Some(i), false) => Some(i + 1),
        };
    }

    /// Every row checked, in order: on its own, then against the rows before it.
    pub fn checks(&self, account: &Account) -> Vec<Result<Ready, String>> {
        let mut seen: Vec<(String, usize)> = Vec::new();
        self.rows
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let (_, email, _, _) = fields(line);
                let key = email_key(&email);
                if let Some((_, first)) = seen.iter().find(|(k, _)| !key.is_empty() && *k == key) {
                    return Err(format!(
                        "same email as row {} (emails are compared ignoring case)",
                        first + 1
                    ));
                }
                seen.push((key, i));
                check_line(account, line)
            })
            .collect()
    }

    /// The line being typed, checked as it would be added (the rows count for duplicates).
    pub fn input_check(&self, account: &Account) -> Option<Result<Ready, String>> {
        let line = self.input.as_str().trim();
        if line.is_empty() {
            return None;
        }
        let key = email_key(&fields(line).1);
        if let Some(i) = self
            .rows
            .iter()
            .position(|r| !key.is_empty() && email_key(&fields(r).1) == key)
        {
            return Some(Err(format!(
                "same email as row {} (emails are compared ignoring case)",
                i + 1
            )));
        }
        Some(check_line(account, line))
    }

    /// The confirmation for the rows that pass; `Err` when none does.
    pub fn review(&self, account: &Account) -> Result<ConfirmStaged, String> {
        let mut ready = Vec::new();
        let mut refused = Vec::new();
        for (i, c) in self.checks(account).into_iter().enumerate() {
            match c {
                Ok(r) => ready.push(r),
                Err(why) => refused.push(Refused {
                    row: i + 1,
                    line: self.rows.get(i).cloned().unwrap_or_default(),
                    why,
                }),
            }
        }
        if self.rows.is_empty() {
            return Err("the batch is empty: type a line and press Enter, or paste lines".into());
        }
        if ready.is_empty() {
            return Err(format!(
                "no row is ready: {} refused (each says why)",
                refused.len()
            ));
        }
        Ok(ConfirmStaged {
            batch: self.clone(),
            ready,
            refused,
            focus: Button::Cancel,
        })
    }
}

/// A row left out of the batch, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    /// 1-based, as shown.
    pub row: usize,
    pub line: String,
    pub why: String,
}

/// "Send 10 invitations?": the whole batch, the emails it sends, the rows left out.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmStaged {
    /// The batch to go back to (Esc).
    pub batch: StagedBatch,
    pub ready: Vec<Ready>,
    pub refused: Vec<Refused>,
    pub focus: Button,
}

impl ConfirmStaged {
    /// How many invitation emails ProofHub sends at once.
    pub fn emails(&self) -> usize {
        self.ready
            .iter()
            .filter(|r| r.new.send_invite != Some(false))
            .count()
    }

    /// The project adds that follow the invites.
    pub fn memberships(&self) -> usize {
        self.ready.iter().map(|r| r.projects.len()).sum()
    }

    /// The sentence every place that sends invites uses, then what follows the invites.
    pub fn summary(&self) -> Vec<String> {
        let n = self.memberships();
        vec![
            format!("{}.", capitalised(&invitation_emails(self.emails()))),
            match n {
                0 => "No project adds follow.".to_string(),
                1 => "Then 1 project add follows.".to_string(),
                n => format!("Then {n} project adds follow, each after its invite."),
            },
        ]
    }

    /// "Send 10 invitations?"
    pub fn question(&self) -> String {
        match self.ready.len() {
            1 => "Send 1 invitation?".to_string(),
            n => format!("Send {n} invitations?"),
        }
    }

    /// The label of the confirm button.
    pub fn button(&self) -> String {
        format!("Send {}", self.ready.len())
    }

    /// The people listed in the confirmation (the rest are counted).
    pub const LISTED: usize = 8;

    /// One line per ready person, as listed: "Ann One <ann@acme.io>, Normal User, 2 projects".
    pub fn ready_lines(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .ready
            .iter()
            .take(Self::LISTED)
            .map(|r| {
                let projects = match r.projects.len() {
                    0 => String::new(),
                    1 => format!(", {}", r.projects[0].title),
                    n => format!(", {n} projects"),
                };
                format!(
                    "{} <{}>, {}{projects}",
                    r.new.full_name(),
                    r.new.email,
                    r.role
                )
            })
            .collect();
        if self.ready.len() > Self::LISTED {
            v.push(format!("… and {} more", self.ready.len() - Self::LISTED));
        }
        v
    }

    /// One line per refused row, as listed (the first few; the batch marks all of them).
    pub fn refused_lines(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .refused
            .iter()
            .take(Self::LISTED / 2)
            .map(|r| format!("row {}: {}", r.row, r.why))
            .collect();
        if self.refused.len() > Self::LISTED / 2 {
            v.push(format!(
                "… and {} more, each marked in the batch (Esc)",
                self.refused.len() - Self::LISTED / 2
            ));
        }
        v
    }

    /// "Not sent: 2 rows are refused" (or nothing when every row is ready).
    pub fn refused_heading(&self) -> Option<String> {
        match self.refused.len() {
            0 => None,
            1 => Some("Not sent: 1 row is refused (Esc goes back to fix it):".into()),
            n => Some(format!(
                "Not sent: {n} rows are refused (Esc goes back to fix them):"
            )),
        }
    }

    /// The dialog as plain text, every line as the ui draws it, to tell whether it fits.
    pub fn dialog(&self) -> Dialog {
        let mut lines = self.summary();
        lines.extend(self.ready_lines());
        if let Some(h) = self.refused_heading() {
            lines.push(h);
            lines.extend(self.refused_lines());
        }
        lines.push(String::new());
        lines.push(format!("  [ Cancel ]   [ {} ]", self.button()));
        Dialog {
            lines,
            max_width: CONFIRM_WIDTH,
        }
    }

    /// One write per ready row.
    pub fn ops(&self) -> Vec<WriteOp> {
        self.ready
            .iter()
            .map(|r| WriteOp::InviteInto {
                new: r.new.clone(),
                projects: r.projects.clone(),
            })
            .collect()
    }
}

/// What one staged invite did: "invited Ann One <ann@acme.io> (ProofHub emailed 1 invitation),
/// added to Website; NOT added to Design (it no longer exists)".
pub fn outcome(done: &Restored) -> String {
    let mut s = format!(
        "invited {} <{}> ({})",
        done.person.display_name(),
        done.person.email().trim(),
        invitations_sent(done.emailed)
    );
    if !done.restored.is_empty() {
        s.push_str(&format!(", added to {}", done.restored.join(", ")));
    }
    if !done.missed.is_empty() {
        let parts: Vec<String> = done
            .missed
            .iter()
            .map(|m| format!("{} ({})", m.what, m.why))
            .collect();
        s.push_str(&format!("; NOT added: {}", parts.join("; ")));
    }
    s
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

const STAGE: &[Chord] = &[Chord::ch('I')];
/// Delete removes the selected row (Backspace edits the line).
const REMOVE_ROW: &[Chord] = &[Chord::plain(crossterm::event::KeyCode::Delete)];
const REVIEW: &[Chord] = &[
    Chord::plain(crossterm::event::KeyCode::Tab),
    Chord::ctrl('s'),
];

/// The keys of the batch and of its confirmation, and the one that opens it.
pub fn bindings() -> Vec<Binding> {
    let b = Context::StagedInvites;
    let mut v = vec![
        write(
            STAGE,
            Context::People,
            Command::StagedInvites,
            "staged invites: a batch checked together, sent only on confirmation",
            None,
            false,
        ),
        read(
            keys::ENTER,
            b,
            Command::Confirm,
            "add the typed line to the batch (on a row: edit it)",
            Some("add"),
        ),
        read(
            REVIEW,
            b,
            Command::Save,
            "review the batch before anything is sent",
            Some("review"),
        ),
        read(keys::UP, b, Command::Up, "select a row", Some("rows")),
        read(
            keys::DOWN,
            b,
            Command::Down,
            "select the next row, or the input",
            None,
        ),
        read(
            REMOVE_ROW,
            b,
            Command::RemoveMember,
            "remove the selected row",
            Some("remove row"),
        ),
        read(
            keys::BKSP,
            b,
            Command::DeleteChar,
            "delete a character",
            None,
        ),
        read(
            keys::CTRL_U,
            b,
            Command::ClearInput,
            "clear the typed line",
            None,
        ),
        read(
            keys::ESC,
            b,
            Command::Cancel,
            "close: nothing is sent",
            Some("close"),
        ),
        keymap::help_typing(b),
    ];
    v.extend(keymap::buttons(
        Context::ConfirmStaged,
        "press the focused button (Send emails the invitations at once)",
        "back to the batch",
        "back",
        true,
    ));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::{Person, PersonFields, PersonId, Project, Role, RoleId};

    // `PersonFields` is a real type of its own once people are stored compactly (#18).
    #[allow(clippy::useless_conversion)]
    fn account(profile: Profile) -> Account {
        let mut a = Account::new(Some(profile));
        a.roles = vec![
            Role {
                id: RoleId(1),
                name: "Owner".into(),
                default: true,
            },
            Role {
                id: RoleId(3),
                name: "Normal User".into(),
                default: true,
            },
        ];
        a.upsert_person(Person::from(PersonFields {
            name: Some("Jane Doe".into()),
            ..PersonFields::new(PersonId(7), "Jane@Acme.io")
        }));
        a.upsert_project(Project::titled(10, "Website"));
        a.upsert_project(Project::titled(11, "Twins"));
        a.upsert_project(Project::titled(12, "twins"));
        a
    }

    fn batch(lines: &[&str]) -> StagedBatch {
        let mut b = StagedBatch::default();
        b.add_lines(&lines.join("\n"));
        b
    }

    #[test]
    fn each_refusal_says_why_and_the_first_of_two_same_emails_stays() {
        let a = account(Profile::V3);
        let b = batch(&[
            "Ann One, ann@acme.io",
            "Bob Two, bob@acme.io, normal user, website",
            "Ann Again, ANN@acme.io",
            "No Email, not-an-email",
            "Jane Twice, jane@acme.io",
            "Role Less, role@acme.io, Boss",
            "Twin Seeker, twin@acme.io, , Twins",
            "Lost, lost@acme.io, , Nowhere",
            ", nameless@acme.io",
        ]);
        let c = b.checks(&a);
        assert!(c[0].is_ok() && c[1].is_ok());
        let why = |i: usize| c[i].clone().err().unwrap_or_default();
        assert!(why(2).contains("same email as row 1"), "{}", why(2));
        assert!(why(3).contains("is not an email address"), "{}", why(3));
        assert!(why(4).contains("Jane Doe already has"), "{}", why(4));
        assert!(why(5).contains("no role \"Boss\""), "{}", why(5));
        assert!(why(6).contains("2 projects are titled"), "{}", why(6));
        assert!(why(7).contains("no project \"Nowhere\""), "{}", why(7));
        assert!(why(8).contains("a name is needed"), "{}", why(8));
        let bob = c[1].clone().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(bob.new.role, Some(RoleRef::Id(RoleId(3))));
        assert_eq!(bob.projects.len(), 1);
        let ann = c[0].clone().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            ann.role, "Normal User",
            "no role named: the least-privileged"
        );
    }

    #[test]
    fn the_review_sends_only_the_ready_rows_and_counts_the_emails() {
        let a = account(Profile::Guide);
        let b = batch(&[
            "Ann One, ann@acme.io, member, Website",
            "Ann Again, Ann@Acme.io",
            "Cy Three, cy@acme.io, client",
        ]);
        let r = b.review(&a).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.ready.len(), 2);
        assert_eq!(r.refused.len(), 1);
        assert_eq!(r.refused[0].row, 2);
        assert_eq!(r.emails(), 2);
        assert_eq!(r.memberships(), 1);
        assert_eq!(r.ops().len(), 2);
        assert!(r.summary()[0].starts_with("2 people get an invitation email"));
        assert_eq!(r.button(), "Send 2");
        assert!(StagedBatch::default().review(&a).is_err(), "empty batch");
        assert!(batch(&["x"]).review(&a).is_err(), "nothing ready");
    }

    #[test]
    fn typing_checks_the_line_against_the_rows_and_paste_adds_rows() {
        let a = account(Profile::V3);
        let mut b = batch(&["Ann One, ann@acme.io"]);
        b.input.insert_str("Ann Two, ANN@acme.io");
        let c = b.input_check(&a);
        assert!(
            matches!(c, Some(Err(ref e)) if e.contains("row 1")),
            "{c:?}"
        );
        b.input.clear();
        b.paste("Bo B, bo@acme.io\r\nCy C, cy@acme.io\r");
        assert_eq!(b.rows.len(), 3);
        b.move_by(-1);
        assert_eq!(b.selected, Some(2));
        b.remove_selected();
        assert_eq!(b.rows.len(), 2);
        b.move_by(1);
        assert_eq!(b.selected, None, "down from the last row: the input");
    }
}
