//! One stable sort for everything core orders by key.
//!
//! Each call of `slice::sort_by` with its own comparator compiles its own
//! copy of the standard library's sort; the console's wasm carries one copy
//! per call site. Core's orderings (JSON object keys, string maps) go
//! through [`sorted_indices`], one copy behind a `dyn` comparator.

use std::cmp::Ordering;

/// `0..n` ordered by `cmp`, equal elements in their original order.
pub fn sorted_indices(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// The positions of `keys` ordered by key, keeping only the last position of
/// each key (a key given twice keeps its last value, as a map would).
pub fn last_of_each_key(keys: &[&str]) -> Vec<usize> {
    let order = sorted_indices(keys.len(), &|a, b| keys[a].cmp(keys[b]));
    let mut out = Vec::with_capacity(order.len());
    for (i, &at) in order.iter().enumerate() {
        if order.get(i + 1).is_none_or(|&next| keys[next] != keys[at]) {
            out.push(at);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_last_wins() {
        let keys = ["b", "a", "c", "a", "b"];
        assert_eq!(
            sorted_indices(5, &|x, y| keys[x].cmp(keys[y])),
            [1, 3, 0, 4, 2]
        );
        assert_eq!(last_of_each_key(&keys), [3, 4, 2]);
        assert_eq!(last_of_each_key(&[]), Vec::<usize>::new());
    }
}
