//! Gathering a list page after page. Offset paging while instances are
//! created or deleted can hand the same instance out on two pages; the
//! console shows it once, with what the later page said.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The index's keys are already hashes (FNV-1a of the id): hashing them
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

/// Items gathered page by page, one per id, in the order first seen. The
/// index is keyed by a hash of the id, not a copy of it: 10,000 ids would
/// otherwise be copied once more while a list loads.
#[derive(Debug, Clone)]
pub struct Gathered<T> {
    items: Vec<T>,
    at: HashMap<u64, usize, BuildHasherDefault<Prehashed>>,
    id_of: fn(&T) -> &str,
}

/// FNV-1a, 64 bits.
fn hash_of(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl<T> Gathered<T> {
    /// Nothing gathered yet; `id_of` reads an item's id.
    pub fn new(id_of: fn(&T) -> &str) -> Self {
        Gathered {
            items: Vec::new(),
            at: HashMap::default(),
            id_of,
        }
    }

    /// Adds `item`; an id already gathered is replaced in place. (Two ids
    /// whose hashes collide are both kept.)
    pub fn add(&mut self, item: T) {
        let key = hash_of((self.id_of)(&item));
        match self.at.get(&key) {
            Some(&i) if (self.id_of)(&self.items[i]) == (self.id_of)(&item) => self.items[i] = item,
            Some(_) => self.items.push(item),
            None => {
                self.at.insert(key, self.items.len());
                self.items.push(item);
            }
        }
    }

    /// The item gathered with this id, if any.
    pub fn get(&self, id: &str) -> Option<&T> {
        let i = *self.at.get(&hash_of(id))?;
        let item = self.items.get(i)?;
        ((self.id_of)(item) == id).then_some(item)
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
    fn ids_hash_as_fnv_1a_publishes() {
        // Test vectors from the FNV reference (Fowler, Noll, Vo).
        assert_eq!(hash_of(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash_of("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash_of("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn an_item_on_two_pages_is_kept_once_with_the_later_value() {
        let mut g: Gathered<(&str, i32)> = Gathered::new(|item| item.0);
        // Page 1: a b c; an instance created meanwhile shifts c onto page 2.
        for item in [("a", 1), ("b", 1), ("c", 1), ("c", 2), ("d", 1)] {
            g.add(item);
        }
        assert_eq!(g.items(), &[("a", 1), ("b", 1), ("c", 2), ("d", 1)]);
        assert_eq!(g.len(), 4);
        assert_eq!(g.get("c"), Some(&("c", 2)));
        assert_eq!(g.get("e"), None);
    }
}
