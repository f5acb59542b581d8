//! One person of the account, kept compact: the account holds up to 100,000 of them (and the
//! console keeps the whole account in memory), so a person is one small fixed record and one
//! heap block with all of their text.
//!
//! [`PersonFields`] is the open form: every field as an owned value. It builds a [`Person`]
//! (`Person::from`), a write or a test edits one ([`Person::to_fields`], change, build again),
//! and it is the form a person is saved in: `Person`'s serde goes through it, so export, the
//! journal, tombstones and snapshots read and write the same JSON as before the compact form.
//! Everyone else reads a person through its accessors ([`Person::email`], [`Person::name`], ...).
//!
//! Inside, the nine text fields (names, email, title, guide's username, company, phone and
//! status) are written one after another into one `Box<str>`, with the end of each as a `u32`
//! and a bit per field saying whether it is there at all (`None` and `Some("")` stay apart).
//! The three timestamps are a `Stamp` each: packed into 8 bytes where they have the common
//! RFC 3339 shape, else written after the other texts (`stamp.rs`); read back, they are the
//! text as sent either way, hence `Cow`. The role stays a [`RoleRef`] and the groups a boxed
//! slice (no allocation when empty).

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::account::{GroupId, PersonId, RoleRef};
use crate::model::profile::Profile;
use crate::model::stamp::Stamp;

/// Every field of a person as owned values: what builds a [`Person`] (`Person::from`), what a
/// write or a test edits before building a new one ([`Person::to_fields`]), and the form a
/// person is saved in (export, journal, tombstones, snapshots: `Person`'s serde goes through
/// it). Readers use [`Person`]'s accessors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonFields {
    pub id: PersonId,
    /// guide: the full name.
    pub name: Option<String>,
    /// v3: first and last name.
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: String,
    /// guide only.
    pub username: Option<String>,
    /// v3 only.
    pub title: Option<String>,
    /// guide only.
    pub company: Option<String>,
    /// guide only.
    pub phone: Option<String>,
    pub role: RoleRef,
    /// v3 `suspended`; in guide, true when `status` says the person is not active.
    pub suspended: bool,
    /// guide: the `status` string as sent ("active", "inactive", ...).
    pub status: Option<String>,
    /// RFC 3339 timestamps as the server sent them.
    pub last_active: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    /// v3: ids of the groups the person is in.
    pub groups: Vec<GroupId>,
}

impl PersonFields {
    /// A person with only an id and an email: no role, no groups, every other field absent.
    pub fn new(id: PersonId, email: impl Into<String>) -> PersonFields {
        PersonFields {
            id,
            name: None,
            first_name: None,
            last_name: None,
            email: email.into(),
            username: None,
            title: None,
            company: None,
            phone: None,
            role: RoleRef::None,
            suspended: false,
            status: None,
            last_active: None,
            created_at: None,
            updated_at: None,
            groups: Vec::new(),
        }
    }
}

/// The text fields, in the order they are written into [`Person::text`].
#[derive(Clone, Copy)]
enum Text {
    Name,
    FirstName,
    LastName,
    Email,
    Username,
    Title,
    Company,
    Phone,
    Status,
}

const TEXTS: usize = 9;

/// The timestamps, in [`Person::stamps`] order.
#[derive(Clone, Copy)]
enum When {
    LastActive,
    CreatedAt,
    UpdatedAt,
}

/// One person of the account. Read it through its accessors; build one from [`PersonFields`].
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "PersonFields", into = "PersonFields")]
pub struct Person {
    id: PersonId,
    /// Every text field, one after another in [`Text`] order.
    text: Box<str>,
    /// Where each text field ends in `text` (it starts where the one before ends).
    ends: [u32; TEXTS],
    /// Bit `1 << field` set where the field is present (`Some`, perhaps empty).
    present: u16,
    /// `last_active`, `created_at`, `updated_at`.
    stamps: [Stamp; 3],
    suspended: bool,
    role: RoleRef,
    groups: Box<[GroupId]>,
}

/// What a display name is made of ([`Person::display_name`]).
enum NameParts<'a> {
    One(&'a str),
    Two(&'a str, &'a str),
}

impl From<PersonFields> for Person {
    fn from(f: PersonFields) -> Self {
        let texts: [Option<&str>; TEXTS] = [
            f.name.as_deref(),
            f.first_name.as_deref(),
            f.last_name.as_deref(),
            Some(f.email.as_str()),
            f.username.as_deref(),
            f.title.as_deref(),
            f.company.as_deref(),
            f.phone.as_deref(),
            f.status.as_deref(),
        ];
        let whens = [
            f.last_active.as_deref(),
            f.created_at.as_deref(),
            f.updated_at.as_deref(),
        ];
        let packed = whens.map(|w| w.map(|w| (w, Stamp::pack(w))));
        let unpacked: usize = packed
            .iter()
            .flatten()
            .filter(|(_, p)| p.is_none())
            .map(|(w, _)| w.len())
            .sum();
        let mut text = String::with_capacity(
            texts.iter().flatten().map(|t| t.len()).sum::<usize>() + unpacked,
        );
        let mut ends = [0u32; TEXTS];
        let mut present = 0u16;
        for (i, t) in texts.iter().enumerate() {
            if let Some(t) = t {
                text.push_str(t);
                present |= 1 << i;
            }
            // A person's text is bounded by the response body cap, far below 4 GiB.
            ends[i] = u32::try_from(text.len()).unwrap_or(u32::MAX);
        }
        let stamps = packed.map(|w| match w {
            None => Stamp::ABSENT,
            Some((_, Some(stamp))) => stamp,
            Some((w, None)) => {
                let start = text.len();
                text.push_str(w);
                // Past 2 GiB of one person's text (beyond any body cap): kept as absent.
                Stamp::in_text(start, w.len()).unwrap_or(Stamp::ABSENT)
            }
        });
        Person {
            id: f.id,
            text: text.into_boxed_str(),
            ends,
            present,
            stamps,
            suspended: f.suspended,
            role: f.role,
            groups: f.groups.into_boxed_slice(),
        }
    }
}

impl From<Person> for PersonFields {
    fn from(p: Person) -> Self {
        p.to_fields()
    }
}

impl fmt::Debug for Person {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Person")
            .field("id", &self.id)
            .field("name", &self.name())
            .field("first_name", &self.first_name())
            .field("last_name", &self.last_name())
            .field("email", &self.email())
            .field("username", &self.username())
            .field("title", &self.title())
            .field("company", &self.company())
            .field("phone", &self.phone())
            .field("role", &self.role)
            .field("suspended", &self.suspended)
            .field("status", &self.status())
            .field("last_active", &self.last_active())
            .field("created_at", &self.created_at())
            .field("updated_at", &self.updated_at())
            .field("groups", &self.groups)
            .finish()
    }
}

macro_rules! text_accessors {
    ($($(#[$doc:meta])* $field:ident = $which:ident),* $(,)?) => {
        $(
            $(#[$doc])*
            pub fn $field(&self) -> Option<&str> {
                self.text(Text::$which)
            }
        )*
    };
}

/// Read access to a person's fields.
impl Person {
    text_accessors!(
        /// guide: the full name.
        name = Name,
        /// v3: first name.
        first_name = FirstName,
        /// v3: last name.
        last_name = LastName,
        /// guide only.
        username = Username,
        /// v3 only.
        title = Title,
        /// guide only.
        company = Company,
        /// guide only.
        phone = Phone,
        /// guide: the `status` string as sent.
        status = Status,
    );

    /// RFC 3339, as the server sent it.
    pub fn last_active(&self) -> Option<Cow<'_, str>> {
        self.when(When::LastActive)
    }

    /// RFC 3339, as the server sent it.
    pub fn created_at(&self) -> Option<Cow<'_, str>> {
        self.when(When::CreatedAt)
    }

    /// RFC 3339, as the server sent it.
    pub fn updated_at(&self) -> Option<Cow<'_, str>> {
        self.when(When::UpdatedAt)
    }

    /// [`Person::last_active`], [`Person::created_at`] and [`Person::updated_at`] without a
    /// heap string (an export writes three a person).
    pub(crate) fn stamp_texts(&self) -> [Option<super::stamp::StampText<'_>>; 3] {
        self.stamps.map(|s| s.text(&self.text))
    }

    fn when(&self, which: When) -> Option<Cow<'_, str>> {
        self.stamps.get(which as usize)?.read(&self.text)
    }

    fn text(&self, which: Text) -> Option<&str> {
        let i = which as usize;
        if self.present & (1 << i) == 0 {
            return None;
        }
        let start = match i.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(0);
        self.text.get(start as usize..end as usize)
    }

    pub fn id(&self) -> PersonId {
        self.id
    }

    pub fn email(&self) -> &str {
        self.text(Text::Email).unwrap_or_default()
    }

    pub fn role(&self) -> &RoleRef {
        &self.role
    }

    pub fn suspended(&self) -> bool {
        self.suspended
    }

    /// v3: the groups the person is in.
    pub fn groups(&self) -> &[GroupId] {
        &self.groups
    }

    /// The person's fields as owned values, to edit and build a new [`Person`] from.
    pub fn to_fields(&self) -> PersonFields {
        let own = |t: Text| self.text(t).map(str::to_string);
        PersonFields {
            id: self.id,
            name: own(Text::Name),
            first_name: own(Text::FirstName),
            last_name: own(Text::LastName),
            email: self.email().to_string(),
            username: own(Text::Username),
            title: own(Text::Title),
            company: own(Text::Company),
            phone: own(Text::Phone),
            role: self.role.clone(),
            suspended: self.suspended,
            status: own(Text::Status),
            last_active: self.last_active().map(Cow::into_owned),
            created_at: self.created_at().map(Cow::into_owned),
            updated_at: self.updated_at().map(Cow::into_owned),
            groups: self.groups.to_vec(),
        }
    }

    /// The bytes this person holds on the heap beyond its own size, each block counted as
    /// glibc's malloc holds it (the benches' memory breakdown).
    pub fn heap_bytes(&self) -> usize {
        malloc_block(self.text.len())
            + malloc_block(std::mem::size_of_val(&*self.groups))
            + match &self.role {
                RoleRef::Name(n) => malloc_block(n.capacity()),
                _ => 0,
            }
    }

    /// One display name: `name`, else `first_name last_name`, else the email.
    pub fn display_name(&self) -> String {
        self.display_name_ref().into_owned()
    }

    /// [`Person::display_name`], borrowed from the person where it is one field as it stands
    /// (the name, one of the parts, or the email): built only from both parts.
    pub fn display_name_ref(&self) -> Cow<'_, str> {
        match self.name_parts() {
            NameParts::One(one) => Cow::Borrowed(one),
            NameParts::Two(first, last) => Cow::Owned(format!("{first} {last}")),
        }
    }

    /// [`Person::display_name`], appended to `out` (an export row builds no string per cell).
    pub fn write_display_name(&self, out: &mut String) {
        match self.name_parts() {
            NameParts::One(one) => out.push_str(one),
            NameParts::Two(first, last) => {
                out.push_str(first);
                out.push(' ');
                out.push_str(last);
            }
        }
    }

    /// The one rule of the display name: the name, else the name's parts joined by a space,
    /// else the email; each trimmed, an empty one as absent.
    fn name_parts(&self) -> NameParts<'_> {
        fn part(t: Option<&str>) -> Option<&str> {
            t.map(str::trim).filter(|s| !s.is_empty())
        }
        if let Some(name) = part(self.name()) {
            return NameParts::One(name);
        }
        match (part(self.first_name()), part(self.last_name())) {
            (Some(first), Some(last)) => NameParts::Two(first, last),
            (Some(one), None) | (None, Some(one)) => NameParts::One(one),
            (None, None) => NameParts::One(self.email()),
        }
    }

    /// Whether this person has never been active, as far as the server says: v3 reports
    /// `last_active` (null until the first sign-in); guide does not report activity at all, so
    /// there a missing value means "unknown", not "never".
    pub fn never_active(&self, profile: Option<Profile>) -> bool {
        let missing = self.last_active().is_none_or(|s| s.trim().is_empty());
        missing && profile != Some(Profile::Guide)
    }
}

/// What an allocation of `size` bytes takes in glibc's malloc: 8 bytes of header, 16-byte
/// chunks, at least 32 (nothing for 0: no allocation).
fn malloc_block(size: usize) -> usize {
    if size == 0 {
        0
    } else {
        (size + 8).div_ceil(16).max(2) * 16
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::RoleId;

    fn fields() -> PersonFields {
        PersonFields {
            id: PersonId(7),
            name: None,
            first_name: Some("Anna".into()),
            last_name: Some(String::new()),
            email: "anna@x.io".into(),
            username: None,
            title: Some("Chef ☕".into()),
            company: None,
            phone: Some("+49 1".into()),
            role: RoleRef::Id(RoleId(3)),
            suspended: true,
            status: None,
            last_active: Some("2026-11-01T00:00:00+00:00".into()),
            created_at: None,
            updated_at: Some("2026-11-02T00:00:00Z".into()),
            groups: vec![GroupId(1), GroupId(2)],
        }
    }

    #[test]
    fn every_field_comes_back_as_it_went_in_and_none_stays_apart_from_empty() {
        let p = Person::from(fields());
        assert_eq!(p.to_fields(), fields());
        assert_eq!(p.name(), None);
        assert_eq!(p.last_name(), Some(""));
        assert_eq!(p.title(), Some("Chef ☕"));
        assert_eq!(p.email(), "anna@x.io");
        assert_eq!(p.groups(), &[GroupId(1), GroupId(2)]);
        let mut f = fields();
        f.name = Some(String::new());
        f.email = String::new();
        f.groups.clear();
        let q = Person::from(f.clone());
        assert_eq!(q.to_fields(), f);
        assert_ne!(q, p);
    }

    #[test]
    fn a_person_saves_as_the_json_of_its_fields() {
        let p = Person::from(fields());
        let json = serde_json::to_string(&p).unwrap_or_default();
        assert_eq!(json, serde_json::to_string(&fields()).unwrap_or_default());
        let back: Person = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, p);
    }

    #[test]
    fn a_person_is_one_small_record_and_one_block_of_text() {
        let p = Person::from(fields());
        assert!(std::mem::size_of::<Person>() <= 128);
        // the text (26 bytes: the timestamps are packed, 68 with them as text) in one block,
        // the two group ids in another
        assert_eq!(p.heap_bytes(), 48 + 32);
    }

    #[test]
    fn timestamps_of_any_shape_come_back_as_sent() {
        for stamp in [
            "2026-11-01T00:00:00+00:00",
            "2026-11-01T00:00:00.5Z",
            "yesterday",
            "",
        ] {
            let mut f = fields();
            f.last_active = Some(stamp.into());
            f.created_at = Some(format!("{stamp} "));
            f.updated_at = None;
            let p = Person::from(f.clone());
            assert_eq!(p.last_active().as_deref(), Some(stamp));
            assert_eq!(
                p.created_at().as_deref(),
                Some(format!("{stamp} ").as_str())
            );
            assert_eq!(p.updated_at(), None);
            assert_eq!(p.title(), Some("Chef ☕"), "the other texts stay in place");
            assert_eq!(p.to_fields(), f);
        }
    }
}
