//! Values made once and shared, the one way the crate does it: what a
//! hundred viewers of a meeting would each make alike (a card's document,
//! a follower's frame, the page's cells of a change) is made by the first
//! to ask, while the others asking for the same key meanwhile wait for it,
//! and taken by the rest. Kept: the latest few, the least recently used
//! going first. Keys are compared one by one: a memo holds a room's
//! handful (its sizes, a step or two), not a cache's thousands.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

struct Entry<K, V> {
    key: K,
    value: Arc<OnceLock<V>>,
    used: u64,
}

/// A memo of at most `kept` values.
pub struct Memo<K, V> {
    entries: Mutex<Vec<Entry<K, V>>>,
    kept: usize,
    clock: AtomicU64,
    made: AtomicU64,
    reused: AtomicU64,
}

impl<K: PartialEq, V: Clone> Memo<K, V> {
    /// An empty memo keeping at most `kept` values (at least one).
    pub fn new(kept: usize) -> Self {
        Self {
            entries: Mutex::new(Vec::new()),
            kept: kept.max(1),
            clock: AtomicU64::new(0),
            made: AtomicU64::new(0),
            reused: AtomicU64::new(0),
        }
    }

    /// The value for `key`: the one made already, or `make`'s (one caller
    /// makes it; others asking for the same key meanwhile wait for it).
    /// A panic in `make` leaves the value unmade for the next caller.
    pub fn get(&self, key: K, make: impl FnOnce() -> V) -> V {
        let now = self.clock.fetch_add(1, Ordering::Relaxed);
        // What is let go is dropped after the lock (a frame's cells, say).
        let mut gone = None;
        let cell = {
            let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            match entries.iter_mut().find(|e| e.key == key) {
                Some(e) => {
                    e.used = now;
                    Arc::clone(&e.value)
                }
                None => {
                    if entries.len() >= self.kept
                        && let Some(oldest) = entries.iter().enumerate().min_by_key(|(_, e)| e.used).map(|(i, _)| i)
                    {
                        gone = Some(entries.swap_remove(oldest));
                    }
                    let value = Arc::new(OnceLock::new());
                    entries.push(Entry { key, value: Arc::clone(&value), used: now });
                    value
                }
            }
        };
        drop(gone);
        let mut mine = false;
        let value = cell.get_or_init(|| {
            mine = true;
            self.made.fetch_add(1, Ordering::Relaxed);
            make()
        });
        if !mine {
            self.reused.fetch_add(1, Ordering::Relaxed);
        }
        value.clone()
    }

    /// Values made so far.
    pub fn made(&self) -> u64 {
        self.made.load(Ordering::Relaxed)
    }

    /// Values taken from one made for another caller.
    pub fn reused(&self) -> u64 {
        self.reused.load(Ordering::Relaxed)
    }

    /// Values kept now.
    pub fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_made_once_and_the_least_recently_used_goes_first() {
        let memo = Memo::new(2);
        assert_eq!(memo.get(1, || "one"), "one");
        assert_eq!(memo.get(1, || "again"), "one", "taken, not made again");
        assert_eq!(memo.get(2, || "two"), "two");
        assert_eq!(memo.get(1, || "again"), "one"); // 1 is now newer than 2
        assert_eq!(memo.get(3, || "three"), "three"); // 2 goes
        assert_eq!(memo.len(), 2);
        assert_eq!(memo.get(1, || "again"), "one", "kept");
        assert_eq!(memo.get(2, || "two again"), "two again", "let go, so made again");
        assert_eq!((memo.made(), memo.reused()), (4, 3));
    }

    #[test]
    fn callers_asking_at_once_wait_for_one_making() {
        let memo = Memo::new(4);
        let makers = AtomicU64::new(0);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    let v = memo.get("card", || {
                        makers.fetch_add(1, Ordering::Relaxed);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        42
                    });
                    assert_eq!(v, 42);
                });
            }
        });
        assert_eq!(makers.load(Ordering::Relaxed), 1);
        assert_eq!((memo.made(), memo.reused()), (1, 7));
    }

    #[test]
    fn a_panic_while_making_leaves_the_value_for_the_next_caller() {
        let memo = Memo::new(4);
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| memo.get(1, || -> u8 { panic!("boom") })));
        assert!(r.is_err());
        assert_eq!(memo.get(1, || 7), 7);
    }
}
