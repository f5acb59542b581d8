//! A person's timestamp (`last_active`, `created_at`, `updated_at`) in 8 bytes.
//!
//! The server sends each as RFC 3339 text, 20 to 25 bytes, three per person: at 100,000 people
//! they were 60 % of the people's text. Where the text has the exact common shape
//! (`YYYY-MM-DDTHH:MM:SS` then `Z` or `±HH:MM`, digits where digits go) its digits are packed
//! into a `u64`, and [`Stamp::read`] writes the very same text back. Anything else (fractions
//! of a second, a space for the `T`, a lower-case `z`, garbage from a hostile server) stays
//! text in the person's text block, and the stamp says where. So what is read is always
//! exactly what was sent.

use std::borrow::Cow;

/// Absent, packed, or a place in the owner's text (the top two bits say which).
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Stamp(u64);

const KIND: u64 = 3 << 62;
const PACKED: u64 = 1 << 62;
const IN_TEXT: u64 = 2 << 62;
/// The widest start or length a text stamp can name (31 bits each).
const TEXT_MAX: u32 = (1 << 31) - 1;

/// Bit widths of the packed fields, lowest first: second, minute, hour, day, month, year,
/// then the zone: 0 `Z`, 1 `+`, 2 `-`, and its hours and minutes.
const WIDTHS: [u32; 9] = [6, 6, 5, 5, 4, 14, 2, 5, 6];

impl Stamp {
    pub(crate) const ABSENT: Stamp = Stamp(0);

    /// `text` packed, where its shape allows; `None` where it must stay text.
    pub(crate) fn pack(text: &str) -> Option<Stamp> {
        let b = text.as_bytes();
        let zone = match b.len() {
            20 if b[19] == b'Z' => None,
            25 if (b[19] == b'+' || b[19] == b'-') && b[22] == b':' => Some(b[19]),
            _ => return None,
        };
        if b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let num = |from: usize, to: usize| -> Option<u64> {
            b[from..to].iter().try_fold(0u64, |n, d| {
                d.is_ascii_digit().then(|| n * 10 + u64::from(d - b'0'))
            })
        };
        let (zone_kind, zone_h, zone_m) = match zone {
            None => (0, 0, 0),
            Some(sign) => (if sign == b'+' { 1 } else { 2 }, num(20, 22)?, num(23, 25)?),
        };
        let values = [
            num(17, 19)?,
            num(14, 16)?,
            num(11, 13)?,
            num(8, 10)?,
            num(5, 7)?,
            num(0, 4)?,
            zone_kind,
            zone_h,
            zone_m,
        ];
        let mut packed = 0u64;
        let mut shift = 0;
        for (value, width) in values.into_iter().zip(WIDTHS) {
            if value >> width != 0 {
                return None;
            }
            packed |= value << shift;
            shift += width;
        }
        Some(Stamp(PACKED | packed))
    }

    /// A stamp kept as `len` bytes of its owner's text from `start`; `None` past 2 GiB.
    pub(crate) fn in_text(start: usize, len: usize) -> Option<Stamp> {
        let start = u32::try_from(start).ok().filter(|s| *s <= TEXT_MAX)?;
        let len = u32::try_from(len).ok().filter(|l| *l <= TEXT_MAX)?;
        Some(Stamp(IN_TEXT | (u64::from(start) << 31) | u64::from(len)))
    }

    /// The text as it was sent; `text` is the owner's text block.
    pub(crate) fn read(self, text: &str) -> Option<Cow<'_, str>> {
        match self.0 & KIND {
            PACKED => Some(Cow::Owned(self.unpacked())),
            IN_TEXT => self.text_in(text).map(Cow::Borrowed),
            _ => None,
        }
    }

    /// A stamp kept as text: its place in the owner's text block.
    fn text_in(self, text: &str) -> Option<&str> {
        let start = ((self.0 >> 31) & u64::from(TEXT_MAX)) as usize;
        let len = (self.0 & u64::from(TEXT_MAX)) as usize;
        text.get(start..start + len)
    }

    /// [`Stamp::read`] without a heap string: a packed stamp is written into a small buffer
    /// the result carries.
    pub(crate) fn text(self, text: &str) -> Option<StampText<'_>> {
        match self.0 & KIND {
            PACKED => Some(StampText::Packed(self.unpacked_bytes())),
            IN_TEXT => self.text_in(text).map(StampText::Borrowed),
            _ => None,
        }
    }

    /// The packed text as bytes, the same as [`Stamp::unpacked`]: `len` bytes of `buf`.
    fn unpacked_bytes(self) -> PackedText {
        let mut values = [0u64; 9];
        let mut shift = 0;
        for (value, width) in values.iter_mut().zip(WIDTHS) {
            *value = (self.0 >> shift) & ((1 << width) - 1);
            shift += width;
        }
        let [sec, min, hour, day, month, year, zone, zone_h, zone_m] = values;
        let mut out = PackedText {
            buf: [0; 26],
            len: 0,
        };
        // `{year:04}`: at least four digits (the field holds up to 14 bits: five at most).
        if year >= 10_000 {
            out.digits(year / 10_000, 1);
        }
        out.digits(year % 10_000, 4);
        out.byte(b'-');
        out.digits(month, 2);
        out.byte(b'-');
        out.digits(day, 2);
        out.byte(b'T');
        out.digits(hour, 2);
        out.byte(b':');
        out.digits(min, 2);
        out.byte(b':');
        out.digits(sec, 2);
        match zone {
            0 => out.byte(b'Z'),
            z => {
                out.byte(if z == 1 { b'+' } else { b'-' });
                out.digits(zone_h, 2);
                out.byte(b':');
                out.digits(zone_m, 2);
            }
        }
        out
    }

    fn unpacked(self) -> String {
        let mut values = [0u64; 9];
        let mut shift = 0;
        for (value, width) in values.iter_mut().zip(WIDTHS) {
            *value = (self.0 >> shift) & ((1 << width) - 1);
            shift += width;
        }
        let [sec, min, hour, day, month, year, zone, zone_h, zone_m] = values;
        let mut out = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{min:02}:{sec:02}");
        match zone {
            0 => out.push('Z'),
            z => {
                out.push(if z == 1 { '+' } else { '-' });
                out.push_str(&format!("{zone_h:02}:{zone_m:02}"));
            }
        }
        out
    }
}

/// A packed stamp's text, in place (at most 26 bytes: a five-digit year and a zone).
#[derive(Clone, Copy)]
pub(crate) struct PackedText {
    buf: [u8; 26],
    len: u8,
}

impl PackedText {
    fn byte(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(usize::from(self.len)) {
            *slot = b;
            self.len += 1;
        }
    }

    /// `n` as exactly `width` decimal digits (`n` below 10^width).
    fn digits(&mut self, n: u64, width: u32) {
        for i in (0..width).rev() {
            self.byte(b'0' + ((n / 10u64.pow(i)) % 10) as u8);
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(self.buf.get(..usize::from(self.len)).unwrap_or_default())
            .unwrap_or_default()
    }
}

/// A stamp's text as [`Stamp::text`] reads it: borrowed from the owner's text, or a packed
/// stamp's digits in place.
#[derive(Clone, Copy)]
pub(crate) enum StampText<'a> {
    Borrowed(&'a str),
    Packed(PackedText),
}

impl StampText<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            StampText::Borrowed(s) => s,
            StampText::Packed(p) => p.as_str(),
        }
    }
}

impl serde::Serialize for StampText<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> Option<String> {
        Stamp::pack(text).and_then(|s| s.read("").map(Cow::into_owned))
    }

    #[test]
    fn the_common_shapes_pack_and_read_back_byte_for_byte() {
        for text in [
            "2026-07-20T18:47:12+00:00",
            "2020-12-08T16:39:21Z",
            "1999-01-01T00:00:00-05:30",
            "9999-12-31T23:59:59+14:00",
            "0000-00-00T00:00:00Z",
            "2026-02-31T25:61:63-31:59",
        ] {
            assert_eq!(round_trip(text).as_deref(), Some(text), "{text}");
        }
    }

    #[test]
    fn a_stamp_in_place_is_its_text() {
        for text in [
            "2024-01-02T03:04:05Z",
            "0000-00-00T00:00:00Z",
            "9999-12-31T23:59:59+14:00",
            "2026-12-02T14:30:34-09:30",
            "1999-09-09T09:09:09+00:00",
        ] {
            let stamp = Stamp::pack(text).expect("packs");
            assert_eq!(
                stamp.text("").map(|t| t.as_str().to_string()).as_deref(),
                Some(text)
            );
        }
        // Every field at its widest, beyond what text can pack: as `read` writes it.
        let widest = Stamp(PACKED | ((1 << 53) - 1));
        assert_eq!(
            widest.text("").map(|t| t.as_str().to_string()),
            widest.read("").map(Cow::into_owned)
        );
        let in_text = Stamp::in_text(2, 5).expect("fits");
        assert_eq!(
            in_text
                .text("ab12345cd")
                .map(|t| t.as_str().to_string())
                .as_deref(),
            Some("12345")
        );
        assert!(Stamp::ABSENT.text("x").is_none());
    }

    #[test]
    fn anything_else_is_left_as_text() {
        for text in [
            "",
            "2026-07-20T18:47:12.123Z",
            "2026-07-20 18:47:12+00:00",
            "2026-07-20T18:47:12z",
            "2026-07-20T18:47:12+0000",
            "2026-7-20T18:47:12+00:00x",
            "2026-16-20T18:47:12Z",
            "2026-07-20T18:47:1xZ",
            "١٢٣٤-07-20T18:47:12Z",
            "never",
        ] {
            assert!(Stamp::pack(text).is_none(), "{text}");
        }
    }

    #[test]
    fn a_text_stamp_reads_its_place_and_absent_reads_none() {
        let owner = "Annanever";
        let s = Stamp::in_text(4, 5).unwrap_or_default();
        assert_eq!(s.read(owner).as_deref(), Some("never"));
        assert_eq!(
            Stamp::in_text(4, 0).and_then(|s| s.read(owner)).as_deref(),
            Some("")
        );
        assert_eq!(Stamp::ABSENT.read(owner), None);
        assert!(Stamp::in_text(1 << 31, 1).is_none());
    }
}
