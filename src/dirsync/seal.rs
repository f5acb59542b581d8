//! The plan's seal: a plan is bound to what it was made for, and a hand edit is refused.
//!
//! Each part of a plan (its items without the review's skip marks, the base URL, the profile,
//! the options, the account's size, the account's identity, the header) gets an HMAC-SHA256
//! under a per-machine key; the plan's `id` is the HMAC of all of them. Nobody without the key
//! can recompute them, so an edited delete (another id, email and stamp), an edited
//! `people_in_account` or another account's URL is refused, and the part that changed is named.
//!
//! Why a per-machine key and not a plain hash: a plain hash can be recomputed by whoever edits
//! the file (the issue that brought this in did just that). The key is 32 random bytes in
//! `<data dir>/plan-key` (0600), made on first use; a plan is applied on the machine that made
//! it (a plan from elsewhere is refused as "not made on this machine": make it here).

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use ring::hmac;
use serde::Serialize;

/// The per-machine key plans are sealed with.
#[derive(Debug, Clone)]
pub struct PlanKey(hmac::Key);

impl PlanKey {
    /// A key from bytes (tests; [`PlanKey::load_or_create`] for the real one).
    pub fn from_bytes(bytes: &[u8]) -> PlanKey {
        PlanKey(hmac::Key::new(hmac::HMAC_SHA256, bytes))
    }

    /// The key in `dir/plan-key`, made (32 random bytes, 0600) if there is none. Two processes
    /// making it at once end up with the same one: the file appears whole, by a hard link, or
    /// not at all.
    pub fn load_or_create(dir: &Path) -> io::Result<PlanKey> {
        let path = dir.join("plan-key");
        match std::fs::read(&path) {
            Ok(bytes) if bytes.len() >= 32 => return Ok(PlanKey::from_bytes(&bytes)),
            Ok(_) => {
                return Err(io::Error::other(format!(
                    "{} is damaged (shorter than a key); move it away to make a new one (plans made with the old key then need remaking)",
                    path.display()
                )));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let mut bytes = [0u8; 32];
        ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes)
            .map_err(|_| io::Error::other("no random numbers from the system"))?;
        let tmp = dir.join(format!("plan-key.{}.tmp", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        {
            let mut f = crate::local::private_file::open_append(&tmp)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
        }
        let linked = std::fs::hard_link(&tmp, &path);
        let _ = std::fs::remove_file(&tmp);
        match linked {
            Ok(()) => Ok(PlanKey::from_bytes(&bytes)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                Ok(PlanKey::from_bytes(&std::fs::read(&path)?))
            }
            Err(e) => Err(e),
        }
    }

    /// The HMAC of one part: its name, a zero byte, then its compact JSON, fed to the HMAC as
    /// serde writes it (no copy of the text is kept).
    pub fn mac(&self, part: &str, value: &(impl Serialize + ?Sized)) -> String {
        let mut ctx = hmac::Context::with_key(&self.0);
        ctx.update(part.as_bytes());
        ctx.update(&[0]);
        // serde writes token by token; the HMAC takes them a block at a time.
        let mut w = io::BufWriter::with_capacity(8 * 1024, MacWriter(ctx));
        // The parts are strings, numbers and string-keyed maps: serializing them cannot fail.
        let _ = serde_json::to_writer(&mut w, value);
        // Writing to an HMAC does not fail: flushed, the buffer is empty.
        let _ = w.flush();
        let (MacWriter(ctx), _) = w.into_parts();
        hex(ctx.sign().as_ref())
    }

    /// The seal of each part, by part name.
    pub fn seal(&self, parts: &[(&'static str, serde_json::Value)]) -> BTreeMap<String, String> {
        parts
            .iter()
            .map(|(name, value)| (name.to_string(), self.mac(name, value)))
            .collect()
    }

    /// The id over all parts' seals.
    pub fn id(&self, seal: &BTreeMap<String, String>) -> String {
        let mac = self.mac("id", seal);
        mac[..32].to_string()
    }
}

/// Feeds what is written to an HMAC.
struct MacWriter(hmac::Context);

impl Write for MacWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_key_is_made_once_owner_only_and_read_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = PlanKey::load_or_create(dir.path()).expect("made");
        let b = PlanKey::load_or_create(dir.path()).expect("read");
        let parts = [("items", serde_json::json!([1, 2]))];
        assert_eq!(a.seal(&parts), b.seal(&parts));
        assert_ne!(PlanKey::from_bytes(b"other").seal(&parts), a.seal(&parts));
        let mode = std::fs::metadata(dir.path().join("plan-key"))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
