//! A list of records with lookups by id (and by one more key, such as a person's email) through
//! maps built once.
//!
//! [`Records`] reads like the `Vec` it wraps (it derefs to one), so the account's `people` and
//! `projects` stay plain lists for every reader. The maps are built on the first lookup and kept
//! in step by [`Records::upsert`]; any other change, which can only go through `&mut` (the
//! `DerefMut` to the `Vec`, or `retain`), drops them, and the next lookup builds them again. So a
//! lookup can never answer from a map older than the list.
//!
//! Each position also has a [`Records::stamp`] that changes whenever the record there may have
//! changed, so a reader can cache what it derives from a record (a sort key) and know when to
//! derive it again.
//!
//! Where ids repeat (a server should not send that), the first record wins, as a linear `find`
//! would; the same holds for the second key.

use std::hash::{BuildHasher, Hash, RandomState};
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use hashbrown::HashTable;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What a [`Records`] list needs to know about its records.
pub trait Record {
    type Id: Copy + Eq + Hash;
    fn id(&self) -> Self::Id;
    /// A second lookup key, normalised (a person's email: trimmed, ASCII lower case); `None`
    /// for records without one.
    fn alt_key(&self) -> Option<String> {
        None
    }
    /// Whether [`Record::alt_key`] is `key` (normalised); a record may tell without building
    /// its key, as a lookup asks once per hit.
    fn alt_key_is(&self, key: &str) -> bool {
        self.alt_key().as_deref() == Some(key)
    }
    /// `fold_hash` of [`Record::alt_key`]; a record may compute it without building its key,
    /// as the maps ask whenever they grow.
    fn alt_key_hash(&self, hasher: &RandomState) -> Option<u64> {
        self.alt_key().map(|k| fold_hash(hasher, &k))
    }
}

/// The hash the maps file a second key under: of `key` trimmed and in ASCII lower case, made
/// without building that string (so a lookup by an email as a source spells it allocates
/// nothing). Keys that differ otherwise only share a slot; [`Record::alt_key_is`] tells them
/// apart.
pub(crate) fn fold_hash(hasher: &RandomState, key: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = hasher.build_hasher();
    let mut buf = [0u8; 64];
    for chunk in key.trim().as_bytes().chunks(buf.len()) {
        let out = buf.get_mut(..chunk.len()).unwrap_or_default();
        for (o, b) in out.iter_mut().zip(chunk) {
            *o = b.to_ascii_lowercase();
        }
        h.write(out);
    }
    h.write_u8(0xff);
    h.finish()
}

/// The maps: positions only (`u32`), in tables hashed by the record's id and by its second
/// key, each entry checked against the record it names. No copy of an id or an email is kept,
/// and a second key whose hash another key shares is told apart by comparing the keys
/// (5 bytes an entry and slot, where a `HashMap<u64, usize>` took 17: 3 MB less at 100,000
/// people for the two maps).
struct Maps<Id> {
    by_id: HashTable<u32>,
    by_alt: HashTable<u32>,
    hasher: RandomState,
    id: PhantomData<Id>,
}

impl<Id: Copy + Eq + Hash> Maps<Id> {
    fn build<T: Record<Id = Id>>(items: &[T]) -> Self {
        let mut maps = Maps {
            by_id: HashTable::with_capacity(items.len()),
            by_alt: HashTable::with_capacity(items.len()),
            hasher: RandomState::new(),
            id: PhantomData,
        };
        for (pos, item) in items.iter().enumerate() {
            maps.add(pos, item, items);
        }
        maps
    }

    /// Adds `item`, at `pos` of `items` (where the positions already mapped are; `item` itself
    /// may or may not be there yet). A position past `u32` is left out (caps keep lists far
    /// below that).
    fn add<T: Record<Id = Id>>(&mut self, pos: usize, item: &T, items: &[T]) {
        let Ok(at) = u32::try_from(pos) else {
            return;
        };
        let hasher = &self.hasher;
        let id_of = |p: u32| -> Option<Id> {
            if p == at {
                Some(item.id())
            } else {
                items.get(p as usize).map(Record::id)
            }
        };
        let id = item.id();
        let hash = hasher.hash_one(id);
        if self.by_id.find(hash, |&p| id_of(p) == Some(id)).is_none() {
            self.by_id
                .insert_unique(hash, at, |&p| id_of(p).map_or(0, |i| hasher.hash_one(i)));
        }
        if let Some(key) = item.alt_key() {
            let record = |p: u32| -> Option<&T> {
                if p == at {
                    Some(item)
                } else {
                    items.get(p as usize)
                }
            };
            let hash = fold_hash(hasher, &key);
            // The same key again: the first record keeps it.
            if self
                .by_alt
                .find(hash, |&p| record(p).is_some_and(|r| r.alt_key_is(&key)))
                .is_none()
            {
                self.by_alt.insert_unique(hash, at, |&p| {
                    record(p).and_then(|r| r.alt_key_hash(hasher)).unwrap_or(0)
                });
            }
        }
    }

    /// The position of the record with this id.
    fn id<T: Record<Id = Id>>(&self, id: Id, items: &[T]) -> Option<usize> {
        self.by_id
            .find(self.hasher.hash_one(id), |&p| {
                items.get(p as usize).map(Record::id) == Some(id)
            })
            .map(|&p| p as usize)
    }

    /// The position of the first record whose key is `key` (as [`Record::alt_key_is`] takes
    /// it): no key is built, neither `key`'s normal form nor a record's.
    fn alt<T: Record<Id = Id>>(&self, key: &str, items: &[T]) -> Option<usize> {
        self.by_alt
            .find(fold_hash(&self.hasher, key), |&p| {
                items.get(p as usize).is_some_and(|r| r.alt_key_is(key))
            })
            .map(|&p| p as usize)
    }
}

static EPOCHS: AtomicU32 = AtomicU32::new(0);

fn next_epoch() -> u32 {
    EPOCHS.fetch_add(1, Ordering::Relaxed)
}

/// A list of records, indexed by id and by [`Record::alt_key`].
pub struct Records<T: Record> {
    items: Vec<T>,
    /// Boxed: an account holds two lists and travels inside messages, so it stays small.
    maps: OnceLock<Box<Maps<T::Id>>>,
    /// Drawn anew by every change other than `upsert`, and for every new list, from one
    /// counter for all lists: all stamps change, and a list that replaces another (a reload)
    /// never repeats its stamps, even where it holds other records at the same positions.
    epoch: u32,
    /// Per position, bumped by `upsert`; empty or short after other changes (read as 0).
    versions: Vec<u32>,
}

impl<T: Record> Records<T> {
    pub fn new() -> Self {
        Records::from(Vec::new())
    }

    /// A value that changes whenever the record at `pos` may have changed.
    pub fn stamp(&self, pos: usize) -> u64 {
        (u64::from(self.epoch) << 32) | u64::from(self.versions.get(pos).copied().unwrap_or(0))
    }

    fn touched_all(&mut self) {
        self.maps.take();
        self.epoch = next_epoch();
        self.versions.clear();
    }

    fn maps(&self) -> &Maps<T::Id> {
        self.maps.get_or_init(|| Box::new(Maps::build(&self.items)))
    }

    /// Where the record with this id is in the list.
    pub fn position(&self, id: T::Id) -> Option<usize> {
        self.maps().id(id, &self.items)
    }

    /// The record with this id.
    pub fn by_id(&self, id: T::Id) -> Option<&T> {
        self.position(id).and_then(|pos| self.items.get(pos))
    }

    /// The first record whose [`Record::alt_key`] is `key`: normalised, or as the record's
    /// [`Record::alt_key_is`] accepts it (a person's email with any spaces around it and in any
    /// ASCII case).
    pub fn by_alt_key(&self, key: &str) -> Option<&T> {
        self.maps()
            .alt(key, &self.items)
            .and_then(|pos| self.items.get(pos))
    }

    /// Replaces the record with the same id, or appends it; the maps follow.
    pub fn upsert(&mut self, item: T) {
        self.versions.resize(self.items.len(), 0);
        self.maps();
        let Some(maps) = self.maps.get_mut() else {
            return;
        };
        match maps.id(item.id(), &self.items) {
            Some(pos) => {
                let Some(slot) = self.items.get_mut(pos) else {
                    return;
                };
                let same_key = slot.alt_key() == item.alt_key();
                *slot = item;
                if let Some(v) = self.versions.get_mut(pos) {
                    *v = v.wrapping_add(1);
                }
                if !same_key {
                    // Another record may share the old key; the maps are built again when asked.
                    self.maps.take();
                }
            }
            None => {
                let pos = self.items.len();
                maps.add(pos, &item, &self.items);
                self.items.push(item);
                self.versions.push(0);
            }
        }
    }

    /// Keeps only the records `keep` says yes to.
    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        self.touched_all();
        self.items.retain(keep);
    }

    /// The list itself, for a change these methods do not offer (the maps are built again).
    pub fn as_mut_vec(&mut self) -> &mut Vec<T> {
        self.touched_all();
        &mut self.items
    }

    pub fn into_vec(self) -> Vec<T> {
        self.items
    }
}

impl<T: Record> Default for Records<T> {
    fn default() -> Self {
        Records::new()
    }
}

impl<T: Record> Deref for Records<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.items
    }
}

impl<T: Record> DerefMut for Records<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        self.as_mut_vec()
    }
}

impl<T: Record + Clone> Clone for Records<T> {
    fn clone(&self) -> Self {
        Records::from(self.items.clone())
    }
}

impl<T: Record + PartialEq> PartialEq for Records<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl<T: Record + PartialEq> PartialEq<Vec<T>> for Records<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        &self.items == other
    }
}

impl<T: Record + std::fmt::Debug> std::fmt::Debug for Records<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.items.fmt(f)
    }
}

impl<T: Record> From<Vec<T>> for Records<T> {
    fn from(items: Vec<T>) -> Self {
        Records {
            items,
            maps: OnceLock::new(),
            epoch: next_epoch(),
            versions: Vec::new(),
        }
    }
}

impl<T: Record> FromIterator<T> for Records<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Records::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<T: Record> IntoIterator for Records<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T: Record> IntoIterator for &'a Records<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<'a, T: Record> IntoIterator for &'a mut Records<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_mut_vec().iter_mut()
    }
}

impl<T: Record> Extend<T> for Records<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for item in iter {
            self.upsert_or_push(item);
        }
    }
}

impl<T: Record> Records<T> {
    /// `Vec::extend` appends even a repeated id; so does this, keeping the first in the maps.
    fn upsert_or_push(&mut self, item: T) {
        let pos = self.items.len();
        if let Some(maps) = self.maps.get_mut() {
            maps.add(pos, &item, &self.items);
        }
        self.items.push(item);
        self.versions.resize(self.items.len(), 0);
    }
}

impl<T: Record + Serialize> Serialize for Records<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(s)
    }
}

impl<'de, T: Record + Deserialize<'de>> Deserialize<'de> for Records<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<T>::deserialize(d).map(Records::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct R(u64, &'static str);

    impl Record for R {
        type Id = u64;
        fn id(&self) -> u64 {
            self.0
        }
        fn alt_key(&self) -> Option<String> {
            Some(self.1.to_string())
        }
    }

    #[test]
    fn every_way_of_changing_the_list_keeps_lookups_right() {
        let mut r: Records<R> = vec![R(1, "a"), R(2, "b")].into();
        assert_eq!(r.by_id(2), Some(&R(2, "b")));
        r.upsert(R(3, "c"));
        assert_eq!(r.position(3), Some(2));
        r.upsert(R(2, "z"));
        assert!(r.by_alt_key("b").is_none());
        assert_eq!(r.by_alt_key("z"), Some(&R(2, "z")));
        r.retain(|x| x.0 != 1);
        assert_eq!(r.position(3), Some(1));
        r.push(R(4, "d"));
        assert_eq!(r.by_alt_key("d"), Some(&R(4, "d")));
        r[0] = R(9, "y");
        assert!(r.by_id(2).is_none());
        assert_eq!(r.by_alt_key("y"), Some(&R(9, "y")));
        r.extend([R(5, "y")]);
        assert_eq!(
            r.by_alt_key("y").map(|x| x.0),
            Some(9),
            "the first keeps the key"
        );
        assert_eq!(r.by_id(5), Some(&R(5, "y")));
        for x in &mut r {
            x.0 += 100;
        }
        assert_eq!(r.by_id(105), Some(&R(105, "y")));
        assert!(r.by_id(5).is_none());
    }

    #[test]
    fn a_key_hashes_as_its_trimmed_lower_case_form_however_long() {
        let h = RandomState::new();
        let long = format!("{}@X.io", "AbC".repeat(50));
        assert_eq!(
            fold_hash(&h, &format!(" \t{long} ")),
            fold_hash(&h, &long.to_ascii_lowercase())
        );
        assert_eq!(fold_hash(&h, " Ann@X.io"), fold_hash(&h, "ann@x.io"));
        assert_ne!(fold_hash(&h, "ann@x.io"), fold_hash(&h, "ann@x.iox"));
    }

    #[test]
    fn a_stamp_changes_whenever_its_record_may_have() {
        let mut r: Records<R> = vec![R(1, "a"), R(2, "b")].into();
        let (s0, s1) = (r.stamp(0), r.stamp(1));
        r.upsert(R(3, "c"));
        assert_eq!(
            (r.stamp(0), r.stamp(1)),
            (s0, s1),
            "an append changes no other"
        );
        let s2 = r.stamp(2);
        r.upsert(R(2, "b"));
        assert_ne!(r.stamp(1), s1);
        assert_eq!((r.stamp(0), r.stamp(2)), (s0, s2));
        let before: Vec<u64> = (0..3).map(|p| r.stamp(p)).collect();
        r[0].1 = "z";
        assert!((0..3).all(|p| r.stamp(p) != before[p]));
        let before: Vec<u64> = (0..3).map(|p| r.stamp(p)).collect();
        r.retain(|x| x.0 != 1);
        assert!((0..2).all(|p| r.stamp(p) != before[p]));
        let other: Records<R> = vec![R(7, "q"), R(8, "r")].into();
        let fresh: Records<R> = vec![R(1, "a"), R(2, "b")].into();
        assert!(
            (0..2).all(|p| other.stamp(p) != fresh.stamp(p)),
            "a list replacing another repeats none of its stamps"
        );
    }

    #[test]
    fn thousands_of_keys_are_found_and_a_repeated_key_finds_its_first_record() {
        let keys: Vec<String> = (0..5000).map(|i| format!("k{i}")).collect();
        let mut items: Vec<R> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| R(i as u64, Box::leak(k.clone().into_boxed_str())))
            .collect();
        items.push(R(9999, "k17"));
        items.push(R(17, "other"));
        let mut r: Records<R> = items.into();
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(r.by_alt_key(k).map(|x| x.0), Some(i as u64), "{k}");
            assert_eq!(r.position(i as u64), Some(i), "id {i}");
        }
        assert_eq!(r.by_alt_key("other").map(|x| x.0), Some(17));
        assert_eq!(
            r.position(17),
            Some(17),
            "the first record with a repeated id"
        );
        assert_eq!(r.by_alt_key("nobody"), None);
        // Grown one by one (as a load's pages arrive), the maps answer the same.
        for i in 5000..9000u64 {
            r.upsert(R(i + 100_000, Box::leak(format!("n{i}").into_boxed_str())));
        }
        assert_eq!(r.by_alt_key("n8999").map(|x| x.0), Some(108_999));
        assert_eq!(r.by_alt_key("k4999").map(|x| x.0), Some(4999));
        assert_eq!(r.position(105_000), Some(5002));
    }
}
