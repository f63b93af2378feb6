//! Gathering a list page after page. Offset paging while instances are
//! created or deleted can hand the same instance out on two pages; the
//! console shows it once, with what the later page said.

use std::collections::HashMap;

/// Items gathered page by page, one per id, in the order first seen.
#[derive(Debug, Clone)]
pub struct Gathered<T> {
    items: Vec<T>,
    at: HashMap<String, usize>,
}

impl<T> Default for Gathered<T> {
    fn default() -> Self {
        Gathered {
            items: Vec::new(),
            at: HashMap::new(),
        }
    }
}

impl<T> Gathered<T> {
    /// Adds `item`; an id already gathered is replaced in place.
    pub fn add(&mut self, id: &str, item: T) {
        match self.at.get(id) {
            Some(&i) => self.items[i] = item,
            None => {
                self.at.insert(id.to_string(), self.items.len());
                self.items.push(item);
            }
        }
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
    fn an_item_on_two_pages_is_kept_once_with_the_later_value() {
        let mut g = Gathered::default();
        // Page 1: a b c; an instance created meanwhile shifts c onto page 2.
        for (id, v) in [("a", 1), ("b", 1), ("c", 1), ("c", 2), ("d", 1)] {
            g.add(id, (id, v));
        }
        assert_eq!(g.items(), &[("a", 1), ("b", 1), ("c", 2), ("d", 1)]);
        assert_eq!(g.len(), 4);
    }
}
