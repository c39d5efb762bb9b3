//! The allocator the binary uses: mimalloc, told when to give freed memory
//! back to the system.
//!
//! Why not the system's: a load parses files on several threads and
//! validates on one. glibc's malloc keeps what each parsing thread frees in
//! that thread's arena, where validation never reuses it, so a load's peak
//! held every file's raw structs beside the whole dataset (248 MB at 100k
//! entities); handing it back with `malloc_trim` cost a third more time.
//!
//! When: mimalloc gives freed pages back by itself after a delay, and every
//! page given back and touched again costs the kernel a page fault. `check`
//! at 100k entities, one parse per file (each run's minor faults, system
//! time and peak, on a loaded machine, interleaved): a 10 ms delay gave
//! 153,000 faults, 0.39 s in the kernel and a 130-133 MB peak; 30 ms
//! 139,000-145,000 faults, 0.32-0.40 s, 130-142 MB; 100 ms 111,000-122,000,
//! 0.23-0.38 s, 138-156 MB; 250 ms 88,000-110,000, 0.20-0.31 s, 143-159 MB;
//! 1 s 72,000, 0.16 s, 161 MB. Fewer faults cost memory the 150 MB budget
//! does not have: 30 ms, the longest delay that stayed under it in every
//! run; and the loader gives back what is free at the end of each pass
//! ([`give_back_now`]: the parse's trees and texts, then the raw structs),
//! which without it peaked 10-15 MB higher.
//!
//! While files are parsed, each read by the thread that parses it, the
//! delay is longer ([`keep_freed_while`]): a thread's next file reuses the
//! pages its last file's text and tree freed. `check` at 100k, two runs
//! each on a loaded machine (minor faults, system time, peak): 30 ms
//! throughout 92,000-96,000, 0.26-0.28 s, 140-142 MB; 250 ms while parsing
//! 63,000-67,000, 0.18-0.23 s, 132-140 MB; 1 s 54,000-56,000, 0.13 s,
//! 145-146 MB (too near the budget). `MIMALLOC_PURGE_DELAY` set in the
//! environment wins.

/// mimalloc's `mi_option_purge_delay`: milliseconds before freed memory is
/// given back (1000 in this version). The binding names only some options,
/// so the number comes from the C header's list, and a test checks it by its
/// default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory waits before it goes back: long enough that a
/// parsing thread mostly reuses what it freed for the next file, short
/// enough that what validation frees does not pile up.
const GIVE_BACK_AFTER_MS: std::ffi::c_long = 30;

/// The allocator to install with `#[global_allocator]` (built without
/// transparent huge pages: a partly used 2 MiB page counts whole).
pub type Allocator = mimalloc::MiMalloc;

/// Makes freed memory go back to the system soon. Call it first in `main`.
/// mimalloc's own `MIMALLOC_PURGE_DELAY`, when set, wins.
pub fn give_back_soon() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: sets one of mimalloc's options to a value its header allows;
    // no pointers are involved.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, GIVE_BACK_AFTER_MS) }
}

/// How long freed memory waits while files are parsed: a parsing thread
/// reuses the pages one file freed (its text, its tree) for the next
/// file, instead of giving them back and faulting them in again.
const WHILE_PARSING_MS: std::ffi::c_long = 250;

/// Runs `work` (the parse of many files) with freed memory kept for
/// [`WHILE_PARSING_MS`], then gives back what is free. Loads at once (a
/// live reload beside another) share it: the first sets the delay, the
/// last puts back what it was, also when `work` panics. mimalloc's own
/// `MIMALLOC_PURGE_DELAY`, when set, wins.
pub fn keep_freed_while<R>(work: impl FnOnce() -> R) -> R {
    use std::sync::{Mutex, PoisonError};
    /// Parses running, and the delay before the first of them: one lock, so
    /// a parse ending as another starts never takes the other's setting
    /// for the one to put back.
    static PARSING: Mutex<(usize, std::ffi::c_long)> = Mutex::new((0, 0));
    let ours = std::env::var_os("MIMALLOC_PURGE_DELAY").is_none();
    /// Puts the delay back when the last parse ends, and gives back what is free.
    struct Done(bool);
    impl Drop for Done {
        fn drop(&mut self) {
            {
                let mut parsing = PARSING.lock().unwrap_or_else(PoisonError::into_inner);
                parsing.0 -= 1;
                if parsing.0 == 0 && self.0 {
                    // SAFETY: sets one of mimalloc's options back to the value
                    // it had; no pointers are involved.
                    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, parsing.1) }
                }
            }
            give_back_now();
        }
    }
    {
        let mut parsing = PARSING.lock().unwrap_or_else(PoisonError::into_inner);
        if parsing.0 == 0 && ours {
            // SAFETY: reads and sets one of mimalloc's options, to a value its
            // header allows; no pointers are involved.
            unsafe {
                parsing.1 = libmimalloc_sys::mi_option_get(PURGE_DELAY);
                libmimalloc_sys::mi_option_set(PURGE_DELAY, WHILE_PARSING_MS.max(parsing.1));
            }
        }
        parsing.0 += 1;
    }
    let _done = Done(ours);
    work()
}

/// Gives back now what is free, at the end of a pass that freed much
/// (harmless when mimalloc is not the allocator: its heaps are empty).
pub fn give_back_now() {
    // SAFETY: asks mimalloc to free what it holds unused; no pointers.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_option_set_is_the_purge_delay() {
        // SAFETY: reads an option; no pointers.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(delay, 1000, "mimalloc's default purge delay: the number names another option");
    }
}
