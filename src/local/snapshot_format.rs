//! The snapshot file's layout (format 2), written and read in one pass, never whole in memory:
//!
//! ```text
//! MAGIC "proofhub-snap-2\n" | header length (u32 LE) | header (JSON: account binding, taken_at)
//! | stream nonce (19 bytes)
//! | preview length (u32 LE) | preview: nonce (24) | ciphertext | tag (16)
//! | body: the account's JSON as a STREAM of 64 KiB chunks, each ciphertext | tag (16)
//! ```
//!
//! The first three fields are the *head*: read before anything is decrypted, to say which
//! account a refused file belongs to and when it was taken (`info`). The **preview** (what the
//! console's first frame shows, [`Preview`]) is sealed on its own by
//! [`snapshot_crypto`](super::snapshot_crypto), so a reader opens it from a bounded read and hands
//! it on before it reads the body. The **body** is sealed as a stream by
//! [`snapshot_stream`](super::snapshot_stream): the encoder writes into the encrypting writer
//! and the decoder reads from the decrypting reader, 64 KiB at a time.
//!
//! What binds the parts (associated data): the preview is sealed with the head and the stream
//! nonce, the body's every chunk with the head, the stream nonce and the preview's tag, each
//! with its section's label. So a head edited to claim another account or time, a preview or a
//! body taken from another snapshot of the same account (same key), or sections moved between
//! files all fail their check; as the preview is bound to this file's stream nonce, a preview
//! from another file is refused before it is shown.

use std::io::{self, BufRead, BufReader, Read, Write};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::snapshot::Binding;
use super::snapshot_crypto::{self, NONCE_LEN as SEAL_NONCE_LEN, SnapshotKey, TAG_LEN};
use super::snapshot_stream::{self, CHUNK, NONCE_LEN, OpeningReader, SealingWriter};
use crate::model::account::Account;
use crate::model::snapshot::Preview;

/// The first bytes of every snapshot file of this format.
pub(super) const MAGIC: &[u8; 16] = b"proofhub-snap-2\n";
/// The first bytes of a format-1 file (one sealed JSON body: the preview not apart).
const MAGIC_1: &[u8; 16] = b"proofhub-snap-1\n";
/// The longest header a reader accepts.
const MAX_HEADER: usize = 64 * 1024;
/// The longest sealed preview a reader accepts (the first screen of rows is far less).
const MAX_PREVIEW: usize = 16 * 1024 * 1024;
/// The preview section's label in its associated data.
const PREVIEW_LABEL: &[u8] = b"preview";
/// The body's label in its chunks' associated data.
const BODY_LABEL: &[u8] = b"body";
/// The reader's buffer over the whole file: two sealed chunks.
pub(super) const READ_BUFFER: usize = 2 * (CHUNK + TAG_LEN);

/// Which account the file is and when it was taken.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Header {
    #[serde(flatten)]
    pub binding: Binding,
    pub taken_at: DateTime<Utc>,
}

/// The head as read: its bytes (associated data of what follows) and what it says.
pub(super) struct Head {
    bytes: Vec<u8>,
    pub header: Header,
}

/// Why a file was not read; the store words it with the file's path.
#[derive(Debug)]
pub(super) enum Refused {
    /// Not a snapshot file at all, or one a later version wrote.
    NotASnapshot,
    /// A snapshot in format 1, which this version no longer reads.
    OlderFormat,
    /// A check failed: changed, cut short, another key or another file's part.
    Tampered,
    /// The file could not be read.
    Read(io::Error),
}

/// The head of the file `r` reads (its first bytes only).
pub(super) fn read_head(r: &mut impl Read) -> Result<Head, Refused> {
    let mut magic = [0u8; 16];
    r.read_exact(&mut magic)
        .map_err(|e| cut_is(e, Refused::NotASnapshot))?;
    if &magic == MAGIC_1 {
        return Err(Refused::OlderFormat);
    }
    if &magic != MAGIC {
        return Err(Refused::NotASnapshot);
    }
    let len = read_len(r, MAX_HEADER)?;
    let mut bytes = Vec::with_capacity(MAGIC.len() + 4 + len);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(
        &u32::try_from(len)
            .map_err(|_| Refused::Tampered)?
            .to_le_bytes(),
    );
    bytes.resize(MAGIC.len() + 4 + len, 0);
    r.read_exact(&mut bytes[MAGIC.len() + 4..])
        .map_err(|e| cut_is(e, Refused::Tampered))?;
    let header =
        serde_json::from_slice(&bytes[MAGIC.len() + 4..]).map_err(|_| Refused::Tampered)?;
    Ok(Head { bytes, header })
}

/// The rest of the file after `head`: opens the preview and hands it to `on_preview`, then
/// decodes the body chunk by chunk. A preview that fails its check is not handed on.
pub(super) fn read_rest(
    mut r: impl BufRead,
    key: &SnapshotKey,
    head: &Head,
    on_preview: impl FnOnce(Preview),
) -> Result<Account, Refused> {
    let mut nonce = [0u8; NONCE_LEN];
    r.read_exact(&mut nonce)
        .map_err(|e| cut_is(e, Refused::Tampered))?;
    let len = read_len(&mut r, MAX_PREVIEW)?;
    if len < SEAL_NONCE_LEN + TAG_LEN {
        return Err(Refused::Tampered);
    }
    let mut sealed = vec![0u8; len];
    r.read_exact(&mut sealed)
        .map_err(|e| cut_is(e, Refused::Tampered))?;
    let plain = snapshot_crypto::open(key, &preview_aad(&head.bytes, &nonce), &sealed)
        .ok_or(Refused::Tampered)?;
    let preview: Preview = serde_json::from_slice(&plain).map_err(|_| Refused::NotASnapshot)?;
    drop(plain);
    on_preview(preview);

    let mut body = OpeningReader::new(
        key,
        &nonce,
        body_aad(&head.bytes, &nonce, tag_of(&sealed)),
        r,
    );
    let decoded: Result<Account, _> =
        serde_json::from_reader(BufReader::with_capacity(CHUNK, &mut body));
    let account = match decoded {
        Ok(a) => a,
        Err(_) if body.refused() => return Err(Refused::Tampered),
        Err(e) if e.is_io() => return Err(Refused::Read(e.into())),
        Err(_) => return Err(Refused::NotASnapshot),
    };
    body.finish().map_err(|e| {
        if body.refused() {
            Refused::Tampered
        } else {
            Refused::Read(e)
        }
    })?;
    Ok(account)
}

/// Writes the whole file to `out`: the head, the sealed preview, then the account encoded
/// straight into the sealing stream (no copy of its text is held beyond one chunk).
pub(super) fn write(
    out: &mut dyn Write,
    key: &SnapshotKey,
    header: &Header,
    preview: &Preview,
    account: &Account,
) -> io::Result<()> {
    let json = serde_json::to_vec(header).map_err(io::Error::other)?;
    let len = u32::try_from(json.len())
        .ok()
        .filter(|_| json.len() <= MAX_HEADER)
        .ok_or_else(|| io::Error::other("the snapshot's header is too long"))?;
    let mut head = Vec::with_capacity(MAGIC.len() + 4 + json.len());
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&len.to_le_bytes());
    head.extend_from_slice(&json);
    let nonce = snapshot_stream::new_nonce().map_err(io::Error::other)?;
    let sealed = snapshot_crypto::seal_with(key, &preview_aad(&head, &nonce), |out| {
        serde_json::to_writer(out, preview).map_err(|e| e.to_string())
    })
    .map_err(io::Error::other)?;
    let sealed_len = u32::try_from(sealed.len())
        .ok()
        .filter(|_| sealed.len() <= MAX_PREVIEW)
        .ok_or_else(|| io::Error::other("the snapshot's preview is too large"))?;
    out.write_all(&head)?;
    out.write_all(&nonce)?;
    out.write_all(&sealed_len.to_le_bytes())?;
    out.write_all(&sealed)?;
    let mut body = SealingWriter::new(key, &nonce, body_aad(&head, &nonce, tag_of(&sealed)), out);
    serde_json::to_writer(&mut body, account).map_err(io::Error::from)?;
    body.finish()?;
    Ok(())
}

fn preview_aad(head: &[u8], nonce: &[u8; NONCE_LEN]) -> Vec<u8> {
    [head, nonce, PREVIEW_LABEL].concat()
}

fn body_aad(head: &[u8], nonce: &[u8; NONCE_LEN], preview_tag: &[u8]) -> Vec<u8> {
    [head, nonce, preview_tag, BODY_LABEL].concat()
}

fn tag_of(sealed: &[u8]) -> &[u8] {
    &sealed[sealed.len().saturating_sub(TAG_LEN)..]
}

/// A length field, refused past `max`.
fn read_len(r: &mut impl Read, max: usize) -> Result<usize, Refused> {
    let mut len = [0u8; 4];
    r.read_exact(&mut len)
        .map_err(|e| cut_is(e, Refused::Tampered))?;
    usize::try_from(u32::from_le_bytes(len))
        .ok()
        .filter(|l| *l <= max)
        .ok_or(Refused::Tampered)
}

/// A file that ends early is `cut`; any other failure to read is a read error.
fn cut_is(e: io::Error, cut: Refused) -> Refused {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        cut
    } else {
        Refused::Read(e)
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::local::paths::Paths;
    use crate::local::snapshot::{KeyHome, SnapshotError, SnapshotStore};
    use crate::model::account::{PersonId, Project, ProjectId};
    use crate::model::test_people::person;

    const STEP: usize = CHUNK + TAG_LEN;

    /// Enough people for a body of several chunks.
    fn account() -> Account {
        let mut a = Account::default();
        for id in 1..=2500 {
            a.upsert_person(person(id, &format!("p{id}@example.com"), "Person"));
        }
        a.upsert_project(Project::titled(10, "Apollo"));
        a.set_members(ProjectId(10), [(PersonId(1), None), (PersonId(2), None)]);
        a
    }

    fn taken() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-01-02T03:04:05Z")
            .expect("time")
            .with_timezone(&Utc)
    }

    fn preview(a: &Account, first: &[u64]) -> Preview {
        let ids: Vec<PersonId> = first.iter().map(|i| PersonId(*i)).collect();
        Preview::of(a, &ids, taken())
    }

    fn store(dir: &tempfile::TempDir) -> SnapshotStore {
        let binding = Binding {
            account: "acme".into(),
            base_url: "http://127.0.0.1:9/api/v3".into(),
            profile: "auto".into(),
        };
        SnapshotStore::new(&Paths::under(dir.path()), binding, KeyHome::File)
    }

    /// A store with a snapshot of [`account`] saved (preview: person 1), and its bytes.
    fn saved() -> (tempfile::TempDir, SnapshotStore, Account, Vec<u8>) {
        let dir = tempfile::tempdir().expect("dir");
        let s = store(&dir);
        let a = account();
        s.save(&a, taken(), &preview(&a, &[1])).expect("save");
        let bytes = std::fs::read(s.path()).expect("bytes");
        (dir, s, a, bytes)
    }

    /// Where the file's sections end: the head, the stream nonce, the preview section.
    struct Layout {
        head: usize,
        nonce: usize,
        preview: usize,
    }

    fn layout(bytes: &[u8]) -> Layout {
        let len =
            |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes")) as usize;
        let head = MAGIC.len() + 4 + len(MAGIC.len());
        let nonce = head + NONCE_LEN;
        let preview = nonce + 4 + len(nonce);
        Layout {
            head,
            nonce,
            preview,
        }
    }

    /// `read_with` on `bytes` as the file: the outcome and the previews handed over.
    fn opened(
        store: &SnapshotStore,
        bytes: &[u8],
    ) -> (Result<Account, SnapshotError>, Vec<Preview>) {
        std::fs::write(store.path(), bytes).expect("write");
        let mut shown = Vec::new();
        let read = store.read_with(|p| shown.push(p));
        (read.map(|s| s.expect("a file").account), shown)
    }

    fn tampered(r: &Result<Account, SnapshotError>) -> bool {
        matches!(r, Err(SnapshotError::Tampered { .. }))
    }

    #[test]
    fn the_preview_is_handed_over_once_then_the_account_reads_back_whole() {
        let dir = tempfile::tempdir().expect("dir");
        let s = store(&dir);
        let a = account();
        let p = preview(&a, &[2, 1]);
        s.save(&a, taken(), &p).expect("save");
        let bytes = std::fs::read(s.path()).expect("bytes");
        assert!(
            bytes.len() > layout(&bytes).preview + 3 * STEP,
            "the body spans several chunks"
        );
        let calls = Cell::new(0);
        let snap = s
            .read_with(|got| {
                calls.set(calls.get() + 1);
                assert_eq!(got, p);
            })
            .expect("read")
            .expect("a snapshot");
        assert_eq!(calls.get(), 1);
        assert_eq!(snap.account, a);
        assert_eq!(snap.taken_at, taken());
    }

    #[test]
    fn the_preview_opens_before_the_body_is_read_so_a_cut_body_still_shows_it() {
        let dir = tempfile::tempdir().expect("dir");
        let s = store(&dir);
        let a = account();
        let p = preview(&a, &[1]);
        s.save(&a, taken(), &p).expect("save");
        let bytes = std::fs::read(s.path()).expect("bytes");
        // Nothing of the body left: only a reader that opens the preview first can show it.
        let (read, shown) = opened(&s, &bytes[..layout(&bytes).preview]);
        assert!(tampered(&read), "{read:?}");
        assert_eq!(shown, vec![p]);
    }

    #[test]
    fn a_flipped_byte_in_the_head_or_the_preview_is_refused_and_nothing_is_shown() {
        let (_dir, s, _, good) = saved();
        let at = layout(&good);
        // The file up to its body and one chunk of it: the reader stops before the body, and
        // writing the whole file for each byte would take long.
        let front = &good[..at.preview + STEP];
        for i in 0..at.preview {
            let mut bad = front.to_vec();
            bad[i] ^= 0x01;
            let (read, shown) = opened(&s, &bad);
            assert!(read.is_err(), "byte {i}");
            assert!(shown.is_empty(), "byte {i}: no preview shown");
            if i >= MAGIC.len() + 4 + 2 {
                // Past the magic and the length: the check fails, whichever part it is (a
                // header that no longer parses, or claims another time, another account).
                assert!(
                    tampered(&read) || matches!(read, Err(SnapshotError::OtherAccount { .. })),
                    "byte {i}: {read:?}"
                );
            }
        }
        // The time the head claims, edited: the head is authenticated with the rest.
        let digit = at.head - 3;
        let mut bad = good.clone();
        bad[digit] ^= 0x01;
        assert!(tampered(&opened(&s, &bad).0));
        assert!(at.nonce < at.preview);
    }

    #[test]
    fn a_flipped_byte_in_any_body_chunk_or_the_last_tag_is_refused() {
        let (_dir, s, _, good) = saved();
        let body = layout(&good).preview;
        let mut at: Vec<usize> = (body..good.len()).step_by(STEP).map(|c| c + 5).collect();
        at.extend([good.len() - TAG_LEN, good.len() - 1]);
        for i in at {
            let mut bad = good.clone();
            bad[i] ^= 0x01;
            let (read, shown) = opened(&s, &bad);
            assert!(tampered(&read), "byte {i}: {read:?}");
            assert_eq!(shown.len(), 1, "the preview itself was good");
        }
    }

    #[test]
    fn a_file_cut_at_any_chunk_boundary_or_inside_a_chunk_is_refused() {
        let (_dir, s, a, good) = saved();
        let at = layout(&good);
        let mut cuts: Vec<usize> = (at.preview..good.len()).step_by(STEP).collect();
        cuts.extend((at.preview..good.len()).step_by(STEP).map(|c| c + STEP / 2));
        cuts.extend([
            at.head - 1,
            at.head,
            at.nonce,
            at.preview - 1,
            good.len() - 1,
        ]);
        for cut in cuts.into_iter().filter(|c| *c < good.len()) {
            let (read, _) = opened(&s, &good[..cut]);
            assert!(tampered(&read), "cut to {cut}: {read:?}");
        }
        let (read, _) = opened(&s, &good[..10]);
        assert!(
            matches!(read, Err(SnapshotError::Format { .. })),
            "{read:?}"
        );
        let (read, _) = opened(&s, &good);
        assert_eq!(read.expect("the whole file"), a);
    }

    #[test]
    fn a_preview_or_body_from_another_save_of_the_same_account_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let s = store(&dir);
        let a = account();
        // Two saves with the same key and the same head (same account, same time).
        s.save(&a, taken(), &preview(&a, &[1])).expect("save");
        let one = std::fs::read(s.path()).expect("bytes");
        s.save(&a, taken(), &preview(&a, &[2])).expect("save");
        let two = std::fs::read(s.path()).expect("bytes");
        let (l1, l2) = (layout(&one), layout(&two));
        assert_eq!(one[..l1.head], two[..l2.head], "the same head");

        // The other save's preview section alone: bound to the other stream nonce.
        let swapped = [
            &one[..l1.nonce],
            &two[l2.nonce..l2.preview],
            &one[l1.preview..],
        ]
        .concat();
        let (read, shown) = opened(&s, &swapped);
        assert!(tampered(&read), "{read:?}");
        assert!(shown.is_empty(), "a preview from another file is not shown");

        // Its stream nonce and preview together: the preview opens, this body does not.
        let swapped = [
            &one[..l1.head],
            &two[l2.head..l2.preview],
            &one[l1.preview..],
        ]
        .concat();
        let (read, shown) = opened(&s, &swapped);
        assert!(tampered(&read), "{read:?}");
        assert_eq!(shown.len(), 1);

        // The other save's body under this preview.
        let swapped = [&one[..l1.preview], &two[l2.preview..]].concat();
        assert!(tampered(&opened(&s, &swapped).0));
    }

    #[test]
    fn a_format_1_file_is_refused_as_older_and_the_next_save_replaces_it() {
        let dir = tempfile::tempdir().expect("dir");
        let s = store(&dir);
        let a = account();
        s.save(&a, taken(), &preview(&a, &[1])).expect("a key");
        let old = [MAGIC_1.as_slice(), &[40, 0, 0, 0], &[b' '; 200]].concat();
        let (read, shown) = opened(&s, &old);
        let e = read.expect_err("refused");
        assert!(matches!(e, SnapshotError::OlderFormat { .. }), "{e}");
        let says = e.to_string();
        assert!(says.starts_with("snapshot refused: "), "{says}");
        assert!(
            says.contains("older format") && says.contains("the next save replaces it"),
            "{says}"
        );
        assert!(shown.is_empty());
        s.save(&a, taken(), &preview(&a, &[1])).expect("save");
        assert_eq!(s.read().expect("read").expect("a snapshot").account, a);
    }

    #[test]
    fn when_it_was_taken_is_read_from_the_head_alone() {
        let (_dir, s, _, bytes) = saved();
        std::fs::write(s.path(), &bytes[..layout(&bytes).head]).expect("write");
        assert_eq!(s.taken_at(), Some(taken()));
        std::fs::write(s.path(), &bytes[..layout(&bytes).head - 1]).expect("write");
        assert_eq!(s.taken_at(), None);
    }
}
