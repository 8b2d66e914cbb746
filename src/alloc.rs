//! mimalloc's settings for the `slsc` binary (and the benchmarks that measure it).
//!
//! By default mimalloc purges freed memory back to the kernel 10 ms after it becomes unused.
//! A one-shot command (compile, validate, deploy) frees and reuses tens of MiB within its
//! run: each purge is a `madvise` call, and reusing the purged memory faults it in and zeroes
//! it again. Compiling the generated 1,000-endpoint service made about 140 purges of 37 MiB
//! in all, and its system time was as large as its user time (BENCHMARKS.md). The long-running
//! emulator gives memory back as usual.

/// mimalloc's `mi_option_purge_delay` (position 15 in `mi_option_t`, mimalloc v3's
/// `include/mimalloc.h`): milliseconds before freed memory is purged; `-1` never purges.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's default purge delay (ms).
const DEFAULT_PURGE_DELAY_MS: std::ffi::c_long = 10;

/// Freed memory stays with the process until it exits: for commands that run once.
pub fn keep_freed_memory() {
    // SAFETY: mi_option_set only stores the value; options may be set at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

/// Freed memory goes back to the kernel after mimalloc's default delay: for the emulator,
/// which runs for hours.
pub fn return_freed_memory() {
    // SAFETY: as above.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, DEFAULT_PURGE_DELAY_MS) }
}
