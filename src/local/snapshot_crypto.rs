//! The snapshot's encryption, and nothing else: XChaCha20-Poly1305 from RustCrypto's
//! `chacha20poly1305` (an audited AEAD: one key encrypts and authenticates), a fresh random
//! 24-byte nonce per sealed part (XChaCha's long nonce makes random nonces safe for any number
//! of saves), and associated data that the caller binds to the account. A flipped byte
//! anywhere, a cut-off part or other associated data all fail [`open`] the same way:
//! authentication. [`seal_with`] and [`open`] seal one part whole (the snapshot's preview);
//! the account, too large for that, is sealed in chunks by `local::snapshot_stream` with the
//! same cipher and key.
//!
//! The key is 32 random bytes ([`SnapshotKey::generate`], from the OS through `ring`'s
//! `SystemRandom`, which the TLS stack already builds); `local::snapshot` keeps it in the
//! keyring or in a key file, as base64 text ([`SnapshotKey::to_text`]).

use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadInPlace, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

/// Bytes of a key.
pub const KEY_LEN: usize = 32;
/// Bytes of the nonce written before the ciphertext.
pub const NONCE_LEN: usize = 24;
/// Bytes of the authentication tag after the ciphertext.
pub const TAG_LEN: usize = 16;

/// A snapshot key. Its `Debug` never shows the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct SnapshotKey([u8; KEY_LEN]);

impl std::fmt::Debug for SnapshotKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SnapshotKey(…)")
    }
}

impl SnapshotKey {
    /// A new random key from the operating system's generator.
    pub fn generate() -> Result<SnapshotKey, String> {
        let mut bytes = [0u8; KEY_LEN];
        fill_random(&mut bytes)?;
        Ok(SnapshotKey(bytes))
    }

    /// The cipher under this key (for [`super::snapshot_stream`]).
    pub(super) fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new((&self.0).into())
    }

    /// The key as stored: base64 text.
    pub fn to_text(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.0)
    }

    /// A stored key; `None` when the text is not 32 bytes of base64.
    pub fn from_text(text: &str) -> Option<SnapshotKey> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .ok()?;
        <[u8; KEY_LEN]>::try_from(bytes.as_slice())
            .ok()
            .map(SnapshotKey)
    }
}

/// `out` filled from the operating system's generator.
pub(super) fn fill_random(out: &mut [u8]) -> Result<(), String> {
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), out)
        .map_err(|_| "the operating system gave no random bytes".to_string())
}

/// `nonce || ciphertext || tag` of `plain`, bound to `aad`.
#[cfg(test)]
pub fn seal(key: &SnapshotKey, aad: &[u8], plain: &[u8]) -> Result<Vec<u8>, String> {
    seal_with(key, aad, |out| {
        out.extend_from_slice(plain);
        Ok(())
    })
}

/// `nonce || ciphertext || tag` of the plain text `write` appends to the buffer it is given,
/// bound to `aad`. The text is encrypted where it was written: one buffer of its size, not
/// three (text, ciphertext, and the two joined).
pub fn seal_with(
    key: &SnapshotKey,
    aad: &[u8],
    write: impl FnOnce(&mut Vec<u8>) -> Result<(), String>,
) -> Result<Vec<u8>, String> {
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut nonce)?;
    let mut out = nonce.to_vec();
    write(&mut out)?;
    out.reserve_exact(TAG_LEN);
    let plain = out.get_mut(NONCE_LEN..).unwrap_or_default();
    let tag = key
        .cipher()
        .encrypt_in_place_detached(XNonce::from_slice(&nonce), aad, plain)
        .map_err(|_| "the snapshot could not be encrypted".to_string())?;
    out.extend_from_slice(&tag);
    Ok(out)
}

/// The plain text of what [`seal_with`] made with this key and `aad`; `None` when anything differs
/// (another key, other associated data, a changed or missing byte).
pub fn open(key: &SnapshotKey, aad: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < NONCE_LEN + TAG_LEN {
        return None;
    }
    let (nonce, body) = sealed.split_at(NONCE_LEN);
    key.cipher()
        .decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad })
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_sealed_opens_with_the_same_key_and_data_only() {
        let key = SnapshotKey::generate().expect("key");
        let sealed = seal(&key, b"acme", b"people").expect("seal");
        assert_eq!(
            open(&key, b"acme", &sealed).as_deref(),
            Some(&b"people"[..])
        );
        assert_eq!(open(&key, b"other", &sealed), None, "other associated data");
        let other = SnapshotKey::generate().expect("key");
        assert_eq!(open(&other, b"acme", &sealed), None, "another key");
        for i in 0..sealed.len() {
            let mut flipped = sealed.clone();
            flipped[i] ^= 0x01;
            assert_eq!(open(&key, b"acme", &flipped), None, "byte {i} flipped");
        }
        for len in 0..sealed.len() {
            assert_eq!(open(&key, b"acme", &sealed[..len]), None, "cut to {len}");
        }
    }

    #[test]
    fn text_sealed_where_it_was_written_opens_like_any_other() {
        let key = SnapshotKey::generate().expect("key");
        for len in [0, 1, 15, 16, 17, 1000] {
            let plain = vec![b'p'; len];
            let sealed = seal_with(&key, b"acme", |out| {
                out.extend_from_slice(&plain);
                Ok(())
            })
            .expect("seal");
            assert_eq!(sealed.len(), NONCE_LEN + len + TAG_LEN);
            assert_eq!(open(&key, b"acme", &sealed), Some(plain), "{len} bytes");
        }
        let failed = seal_with(&key, b"", |_| Err("no text".to_string()));
        assert_eq!(failed, Err("no text".to_string()));
    }

    #[test]
    fn two_seals_of_the_same_text_differ_and_keys_round_trip_as_text() {
        let key = SnapshotKey::generate().expect("key");
        assert_ne!(
            seal(&key, b"", b"x").expect("seal"),
            seal(&key, b"", b"x").expect("seal")
        );
        assert_eq!(SnapshotKey::from_text(&key.to_text()), Some(key.clone()));
        assert_eq!(SnapshotKey::from_text("c2hvcnQ="), None);
        assert!(!format!("{key:?}").contains(&key.to_text()));
    }
}
