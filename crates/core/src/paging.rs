//! Gathering a list page after page. Offset paging while instances are
//! created or deleted can hand the same instance out on two pages; the
//! console shows it once, with what the later page said. The same index
//! keeps a selection of instances one of each.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The index's keys are already hashes (FNV-1a of the key): hashing them
/// again, with the standard library's SipHash, would only cost code.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// What tells an item from every other: for an instance, its endpoint and
/// its id (the same id on two endpoints is two instances).
pub type Key<'a> = (&'a str, &'a str);

/// Items gathered page by page, one per key, in the order first seen. The
/// index is keyed by a hash of the key, not a copy of it: 10,000 ids would
/// otherwise be copied once more while a list loads.
#[derive(Debug, Clone)]
pub struct Gathered<T> {
    items: Vec<T>,
    at: HashMap<u64, usize, BuildHasherDefault<Prehashed>>,
    key_of: fn(&T) -> Key<'_>,
}

/// FNV-1a, 64 bits.
fn fnv(start: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(start, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// FNV-1a of the key's two strings with a zero byte between them (no
/// endpoint or id holds one).
fn hash_of((a, b): Key) -> u64 {
    fnv(
        fnv(fnv(0xcbf2_9ce4_8422_2325, a.as_bytes()), &[0]),
        b.as_bytes(),
    )
}

impl<T> Gathered<T> {
    /// Nothing gathered yet; `key_of` reads an item's key.
    pub fn new(key_of: fn(&T) -> Key<'_>) -> Self {
        Gathered {
            items: Vec::new(),
            at: HashMap::default(),
            key_of,
        }
    }

    /// Adds `item`; a key already gathered is replaced in place. (Two keys
    /// whose hashes collide are both kept.)
    pub fn add(&mut self, item: T) {
        let key = hash_of((self.key_of)(&item));
        match self.at.get(&key) {
            Some(&i) if (self.key_of)(&self.items[i]) == (self.key_of)(&item) => {
                self.items[i] = item
            }
            Some(_) => self.items.push(item),
            None => {
                self.at.insert(key, self.items.len());
                self.items.push(item);
            }
        }
    }

    /// The item gathered with this key, if any.
    pub fn get(&self, key: Key) -> Option<&T> {
        self.items.get(self.position(key)?)
    }

    /// Where the item with this key is in [`Gathered::items`], if anywhere.
    pub fn position(&self, key: Key) -> Option<usize> {
        let i = *self.at.get(&hash_of(key))?;
        let item = self.items.get(i)?;
        ((self.key_of)(item) == key).then_some(i)
    }

    pub fn items(&self) -> &[T] {
        &self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn into_items(self) -> Vec<T> {
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_hash_as_fnv_1a_publishes() {
        // Test vectors from the FNV reference (Fowler, Noll, Vo).
        const BASIS: u64 = 0xcbf2_9ce4_8422_2325;
        assert_eq!(fnv(BASIS, b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv(BASIS, b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv(BASIS, b"foobar"), 0x8594_4171_f739_67e8);
        // A key hashes as its strings joined by a zero byte.
        assert_eq!(hash_of(("foo", "bar")), fnv(BASIS, b"foo\0bar"));
        assert_ne!(hash_of(("a", "bc")), hash_of(("ab", "c")));
    }

    #[test]
    fn the_same_id_on_two_endpoints_is_two_items() {
        let mut g: Gathered<(&str, &str, i32)> = Gathered::new(|item| (item.0, item.1));
        for item in [("ma", "x", 1), ("dsw", "x", 1), ("ma", "x", 2)] {
            g.add(item);
        }
        assert_eq!(g.items(), &[("ma", "x", 2), ("dsw", "x", 1)]);
        assert_eq!(g.get(("dsw", "x")), Some(&("dsw", "x", 1)));
        assert_eq!(g.position(("dsw", "x")), Some(1));
        assert_eq!(g.get(("scnet", "x")), None);
    }

    #[test]
    fn an_item_on_two_pages_is_kept_once_with_the_later_value() {
        let mut g: Gathered<(&str, i32)> = Gathered::new(|item| ("", item.0));
        // Page 1: a b c; an instance created meanwhile shifts c onto page 2.
        for item in [("a", 1), ("b", 1), ("c", 1), ("c", 2), ("d", 1)] {
            g.add(item);
        }
        assert_eq!(g.items(), &[("a", 1), ("b", 1), ("c", 2), ("d", 1)]);
        assert_eq!(g.len(), 4);
        assert_eq!(g.get(("", "c")), Some(&("c", 2)));
        assert_eq!(g.get(("", "e")), None);
    }
}
