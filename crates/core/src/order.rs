//! Sorting compiled once. Each `slice::sort_by` on another element type or with another
//! comparison compiles the standard library's stable sort again (about 3.5 kB of wasm each, a
//! dozen times over in the app); these sort positions with one compiled routine and then move
//! the items into that order.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`, like `slice::sort_by`.
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        order
            .into_iter()
            .map(|i| slots[i].take().expect("each position once")),
    );
}

/// Sorts `items` stably by the key `key` gives each, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..len` in the order `compare` puts them, ties in their own order.
#[inline(never)]
fn sorted_positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library_and_keeps_ties_in_order() {
        let mut items: Vec<(u8, &str)> = vec![(3, "a"), (1, "b"), (3, "c"), (2, "d"), (1, "e")];
        let mut expected = items.clone();
        expected.sort_by_key(|item| item.0);
        sort_by_key(&mut items, |item| item.0);
        assert_eq!(items, expected);
        assert_eq!(items, [(1, "b"), (1, "e"), (2, "d"), (3, "a"), (3, "c")]);
        sort_by(&mut items, |a, b| b.1.cmp(a.1));
        assert_eq!(items.iter().map(|i| i.1).collect::<String>(), "edcba");
        let mut empty: Vec<String> = Vec::new();
        sort_by(&mut empty, Ord::cmp);
        assert!(empty.is_empty());
    }
}
