//! The allocator the binary uses: mimalloc, told to give freed memory back
//! to the system soon.
//!
//! Why not the system's: a load parses files on several threads and
//! validates on one. glibc's malloc keeps what each parsing thread frees in
//! that thread's arena, where validation never reuses it, so a load's peak
//! held every file's raw structs beside the whole dataset (248 MB at 100k
//! entities); handing it back with `malloc_trim` cost a third more time.
//! mimalloc gives freed pages back by itself, after a delay. Measured on
//! `check` at 100k entities (README, "At scale"), in one sweep of
//! interleaved runs: 10 ms peaked at 132-142 MB, 6-10% slower than glibc;
//! 50 ms at 150-168 MB in the same time; 100 ms at 169-186 MB; mimalloc's
//! default (1 s) kept nearly all of it.

/// mimalloc's `mi_option_purge_delay`: milliseconds before freed memory is
/// given back (1000 in this version). The binding names only some options,
/// so the number comes from the C header's list, and a test checks it by its
/// default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory waits before it goes back: long enough that a
/// parsing thread reuses what it freed for the next file, short enough that
/// what validation frees does not pile up.
const GIVE_BACK_AFTER_MS: std::ffi::c_long = 10;

/// The allocator to install with `#[global_allocator]` (built without
/// transparent huge pages: a partly used 2 MiB page counts whole).
pub type Allocator = mimalloc::MiMalloc;

/// Makes freed memory go back to the system soon. Call it first in `main`.
pub fn give_back_soon() {
    // SAFETY: sets one of mimalloc's options to a value its header allows;
    // no pointers are involved.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, GIVE_BACK_AFTER_MS) }
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
