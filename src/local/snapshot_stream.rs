//! The snapshot body's encryption as a stream, so neither a save nor a read ever holds the whole
//! body: RustCrypto's STREAM construction (`aead::stream`, the paper's big-endian flavour
//! `EncryptorBE32`/`DecryptorBE32`) over XChaCha20-Poly1305, in chunks of [`CHUNK`] bytes of
//! plain text, each followed by its 16-byte tag.
//!
//! Each chunk's nonce is the file's random 19-byte prefix ([`NONCE_LEN`]), the chunk's position
//! and a flag set on the last chunk only (the library builds it), so chunks cannot be reordered,
//! dropped, repeated or taken from another file, and a stream cut at a chunk boundary fails as
//! surely as one cut mid-chunk: its new last chunk was not sealed as the last. Every chunk is
//! also bound to the caller's associated data. Every chunk but the last is exactly
//! `CHUNK + TAG_LEN` bytes on disk, so the reader needs no lengths: a chunk that ends at the end
//! of the file is the last one.
//!
//! [`SealingWriter`] takes plain text through `Write` (an encoder writes into it) and writes
//! sealed chunks on; [`OpeningReader`] reads sealed chunks and gives plain text through `Read`
//! (a decoder reads from it), only ever text that passed its chunk's check.

use std::io::{self, BufRead, Read, Write};

use chacha20poly1305::XChaCha20Poly1305;
use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};

use super::snapshot_crypto::{SnapshotKey, TAG_LEN};

/// Bytes of plain text in every chunk but the last (which holds 0 to `CHUNK`).
pub const CHUNK: usize = 64 * 1024;
/// Bytes of the stream's random nonce prefix (XChaCha's 24 less STREAM's counter and flag).
pub const NONCE_LEN: usize = 19;

/// A new random nonce prefix for one stream.
pub fn new_nonce() -> Result<[u8; NONCE_LEN], String> {
    let mut nonce = [0u8; NONCE_LEN];
    super::snapshot_crypto::fill_random(&mut nonce)?;
    Ok(nonce)
}

/// Seals what is written to it, chunk by chunk, onto `out`. [`SealingWriter::finish`] seals the
/// last chunk: a writer dropped without it leaves a stream no reader accepts.
pub struct SealingWriter<W: Write> {
    sealer: Option<EncryptorBE32<XChaCha20Poly1305>>,
    aad: Vec<u8>,
    chunk: Vec<u8>,
    out: W,
}

impl<W: Write> SealingWriter<W> {
    pub fn new(key: &SnapshotKey, nonce: &[u8; NONCE_LEN], aad: Vec<u8>, out: W) -> Self {
        SealingWriter {
            sealer: Some(EncryptorBE32::from_aead(key.cipher(), nonce.into())),
            aad,
            chunk: Vec::with_capacity(CHUNK + TAG_LEN),
            out,
        }
    }

    /// Seals the chunk held so far as the last one and writes it; gives `out` back.
    pub fn finish(mut self) -> io::Result<W> {
        let sealer = self.sealer.take().ok_or_else(sealing_failed)?;
        sealer
            .encrypt_last_in_place(&self.aad, &mut self.chunk)
            .map_err(|_| sealing_failed())?;
        self.out.write_all(&self.chunk)?;
        Ok(self.out)
    }

    /// Seals the full chunk held as one that more follow, and writes it.
    fn seal_next(&mut self) -> io::Result<()> {
        let sealer = self.sealer.as_mut().ok_or_else(sealing_failed)?;
        sealer
            .encrypt_next_in_place(&self.aad, &mut self.chunk)
            .map_err(|_| sealing_failed())?;
        self.out.write_all(&self.chunk)?;
        self.chunk.clear();
        Ok(())
    }
}

fn sealing_failed() -> io::Error {
    io::Error::other("the snapshot could not be encrypted")
}

impl<W: Write> Write for SealingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        // A full chunk is sealed only once more text comes: the last one is sealed by `finish`.
        if self.chunk.len() == CHUNK {
            self.seal_next()?;
        }
        let n = buf.len().min(CHUNK - self.chunk.len());
        self.chunk.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The plain text of a stream [`SealingWriter`] wrote with this key, nonce and associated data,
/// read from `src` chunk by chunk. A chunk that fails its check (changed, moved, cut short, the
/// stream ended early, other associated data) ends the reading with an `InvalidData` error, and
/// [`OpeningReader::refused`] tells it from a failure to read.
pub struct OpeningReader<R: BufRead> {
    opener: Option<DecryptorBE32<XChaCha20Poly1305>>,
    aad: Vec<u8>,
    src: R,
    chunk: Vec<u8>,
    /// How much of `chunk` (plain text once opened) was handed out.
    given: usize,
    refused: bool,
}

impl<R: BufRead> OpeningReader<R> {
    pub fn new(key: &SnapshotKey, nonce: &[u8; NONCE_LEN], aad: Vec<u8>, src: R) -> Self {
        OpeningReader {
            opener: Some(DecryptorBE32::from_aead(key.cipher(), nonce.into())),
            aad,
            src,
            chunk: Vec::with_capacity(CHUNK + TAG_LEN),
            given: 0,
            refused: false,
        }
    }

    /// Whether a chunk failed its check (rather than the file failing to read).
    pub fn refused(&self) -> bool {
        self.refused
    }

    /// Reads and checks whatever the reader has not yet (a decoder may stop before the end):
    /// `Ok` only when the last chunk opened, so the whole stream is what was sealed.
    pub fn finish(&mut self) -> io::Result<()> {
        let mut sink = [0u8; 4096];
        while self.read(&mut sink)? > 0 {}
        Ok(())
    }

    /// Opens the next chunk into `chunk`; leaves it empty after the last one.
    fn open_next(&mut self) -> io::Result<()> {
        self.chunk.clear();
        self.given = 0;
        let Some(opener) = self.opener.as_mut() else {
            return Ok(());
        };
        (&mut self.src)
            .take((CHUNK + TAG_LEN) as u64)
            .read_to_end(&mut self.chunk)?;
        let last = self.src.fill_buf()?.is_empty();
        let opened = if !last {
            opener.decrypt_next_in_place(&self.aad, &mut self.chunk)
        } else if let Some(opener) = self.opener.take() {
            opener.decrypt_last_in_place(&self.aad, &mut self.chunk)
        } else {
            Ok(())
        };
        if opened.is_err() {
            self.chunk.clear();
            self.opener = None;
            self.refused = true;
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "a chunk of the snapshot failed its integrity check",
            ));
        }
        Ok(())
    }
}

impl<R: BufRead> Read for OpeningReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.refused {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "the snapshot failed its integrity check",
            ));
        }
        while self.given == self.chunk.len() {
            if self.opener.is_none() {
                return Ok(0);
            }
            self.open_next()?;
        }
        let n = buf.len().min(self.chunk.len() - self.given);
        buf[..n].copy_from_slice(&self.chunk[self.given..self.given + n]);
        self.given += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed(key: &SnapshotKey, nonce: &[u8; NONCE_LEN], plain: &[u8]) -> Vec<u8> {
        let mut w = SealingWriter::new(key, nonce, b"acme".to_vec(), Vec::new());
        // In uneven pieces, as an encoder writes.
        for piece in plain.chunks(1000) {
            w.write_all(piece).expect("write");
        }
        w.finish().expect("finish")
    }

    fn opened(key: &SnapshotKey, nonce: &[u8; NONCE_LEN], aad: &[u8], s: &[u8]) -> Option<Vec<u8>> {
        let mut r = OpeningReader::new(key, nonce, aad.to_vec(), s);
        let mut out = Vec::new();
        match r.read_to_end(&mut out) {
            Ok(_) => Some(out),
            Err(e) => {
                assert!(r.refused(), "{e}");
                assert_eq!(e.kind(), io::ErrorKind::InvalidData);
                None
            }
        }
    }

    fn text(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i % 251) as u8).collect()
    }

    #[test]
    fn a_stream_of_any_length_opens_to_its_text_in_whole_chunks() {
        let key = SnapshotKey::generate().expect("key");
        let nonce = new_nonce().expect("nonce");
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 5] {
            let plain = text(len);
            let s = sealed(&key, &nonce, &plain);
            let chunks = len.div_ceil(CHUNK).max(1);
            assert_eq!(s.len(), len + chunks * TAG_LEN, "{len} bytes");
            assert_eq!(
                opened(&key, &nonce, b"acme", &s),
                Some(plain),
                "{len} bytes"
            );
        }
    }

    #[test]
    fn another_key_nonce_or_associated_data_does_not_open() {
        let key = SnapshotKey::generate().expect("key");
        let nonce = new_nonce().expect("nonce");
        let s = sealed(&key, &nonce, &text(CHUNK + 10));
        let other_key = SnapshotKey::generate().expect("key");
        assert_eq!(opened(&other_key, &nonce, b"acme", &s), None);
        let other_nonce = new_nonce().expect("nonce");
        assert_eq!(opened(&key, &other_nonce, b"acme", &s), None);
        assert_eq!(opened(&key, &nonce, b"acmf", &s), None);
    }

    #[test]
    fn a_flipped_byte_in_any_chunk_or_tag_is_refused() {
        let key = SnapshotKey::generate().expect("key");
        let nonce = new_nonce().expect("nonce");
        let s = sealed(&key, &nonce, &text(2 * CHUNK + 100));
        let step = CHUNK + TAG_LEN;
        // The first byte, one inside and the last tag byte of each chunk.
        let mut at: Vec<usize> = (0..3).flat_map(|c| [c * step, c * step + 7]).collect();
        at.extend([step - 1, 2 * step - 1, s.len() - 1, s.len() - TAG_LEN]);
        for i in at {
            let mut bad = s.clone();
            bad[i] ^= 0x01;
            assert_eq!(opened(&key, &nonce, b"acme", &bad), None, "byte {i}");
        }
    }

    #[test]
    fn a_stream_cut_at_a_chunk_boundary_or_inside_a_chunk_is_refused() {
        let key = SnapshotKey::generate().expect("key");
        let nonce = new_nonce().expect("nonce");
        for len in [3 * CHUNK, 3 * CHUNK + 100] {
            let s = sealed(&key, &nonce, &text(len));
            let step = CHUNK + TAG_LEN;
            for cut in [
                0,
                1,
                TAG_LEN,
                step - 1,
                step,
                step + 1,
                2 * step,
                3 * step,
                s.len() - 1,
            ] {
                if cut >= s.len() {
                    continue;
                }
                assert_eq!(
                    opened(&key, &nonce, b"acme", &s[..cut]),
                    None,
                    "{len} bytes cut to {cut}"
                );
            }
        }
    }

    #[test]
    fn chunks_reordered_dropped_or_repeated_are_refused() {
        let key = SnapshotKey::generate().expect("key");
        let nonce = new_nonce().expect("nonce");
        let s = sealed(&key, &nonce, &text(3 * CHUNK + 100));
        let step = CHUNK + TAG_LEN;
        let c = |i: usize| &s[i * step..((i + 1) * step).min(s.len())];
        let swapped = [c(1), c(0), c(2), c(3)].concat();
        let dropped = [c(0), c(2), c(3)].concat();
        let repeated = [c(0), c(0), c(1), c(2), c(3)].concat();
        for (case, bad) in [
            ("swapped", swapped),
            ("dropped", dropped),
            ("repeated", repeated),
        ] {
            assert_eq!(opened(&key, &nonce, b"acme", &bad), None, "{case}");
        }
        assert_eq!(
            opened(&key, &nonce, b"acme", &[c(0), c(1), c(2), c(3)].concat()),
            Some(text(3 * CHUNK + 100))
        );
    }

    #[test]
    fn finish_checks_the_rest_a_reader_left() {
        let key = SnapshotKey::generate().expect("key");
        let nonce = new_nonce().expect("nonce");
        let mut s = sealed(&key, &nonce, &text(2 * CHUNK));
        let mut r = OpeningReader::new(&key, &nonce, b"acme".to_vec(), s.as_slice());
        r.read_exact(&mut [0u8; 10]).expect("the first bytes");
        r.finish().expect("the rest is good");
        s.pop();
        let mut r = OpeningReader::new(&key, &nonce, b"acme".to_vec(), s.as_slice());
        r.read_exact(&mut [0u8; 10]).expect("the first chunk opens");
        assert!(r.finish().is_err() && r.refused(), "the cut last chunk");
    }
}
