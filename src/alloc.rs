//! mimalloc's settings for the `slsc` binary (and the benchmarks that measure it).
//!
//! By default mimalloc purges freed memory back to the kernel 10 ms after it becomes unused.
//! A one-shot command (compile, validate, deploy) frees and reuses tens of MiB within its
//! run: each purge is a `madvise` call, and reusing the purged memory faults it in and zeroes
//! it again, so for a large service the kernel's share of the run rivals the compiler's
//! (BENCHMARKS.md). The long-running emulator gives memory back as usual.

use std::sync::atomic::{AtomicI64, Ordering};

/// mimalloc's `mi_option_purge_delay` (position 15 in `mi_option_t`, mimalloc v3's
/// `include/mimalloc.h`): milliseconds before freed memory is purged; `-1` never purges.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// The purge delay in force before [`keep_freed_memory`] (mimalloc's default, 10 ms, unless
/// `MIMALLOC_PURGE_DELAY` set another), which [`return_freed_memory`] restores.
static EARLIER_PURGE_DELAY: AtomicI64 = AtomicI64::new(10);

/// Freed memory stays with the process until it exits: for commands that run once.
pub fn keep_freed_memory() {
    // SAFETY: mi_option_get and mi_option_set read and store an option's value; options may
    // be read and set at any time.
    let earlier = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
    #[allow(clippy::useless_conversion)] // `c_long` is `i32` on Windows
    EARLIER_PURGE_DELAY.store(i64::from(earlier), Ordering::Relaxed);
    // SAFETY: mi_option_set stores an option's value; any option may be set at any time, and
    // -1 is a valid purge delay (never purge).
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

/// Freed memory goes back to the kernel as it did before [`keep_freed_memory`]: for the
/// emulator, which runs for hours.
pub fn return_freed_memory() {
    let earlier = EARLIER_PURGE_DELAY.load(Ordering::Relaxed);
    let earlier = std::ffi::c_long::try_from(earlier).unwrap_or(10);
    // SAFETY: mi_option_set stores an option's value; any option may be set at any time, and
    // the value is one mimalloc itself held for this option.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, earlier) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn purge_delay() -> i64 {
        // SAFETY: reads an option's value.
        #[allow(clippy::useless_conversion)] // `c_long` is `i32` on Windows
        i64::from(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) })
    }

    #[test]
    fn the_emulator_gets_back_the_purge_delay_in_force_before() {
        let before = purge_delay();
        keep_freed_memory();
        assert_eq!(purge_delay(), -1);
        return_freed_memory();
        assert_eq!(purge_delay(), before);
        assert_ne!(before, -1, "mimalloc's default purges");
    }

    /// [`PURGE_DELAY`] is a bare number (the `libmimalloc-sys` crate names no constant for it):
    /// a process started with `MIMALLOC_PURGE_DELAY` set, which mimalloc reads into exactly that
    /// option, must see the value there. With any other number this fails.
    #[test]
    fn purge_delay_is_the_option_mimalloc_reads_as_purge_delay() {
        const NAME: &str = "alloc::tests::purge_delay_is_the_option_mimalloc_reads_as_purge_delay";
        if std::env::var_os("SLSC_ALLOC_TEST_CHILD").is_some() {
            assert_eq!(purge_delay(), 4321);
            println!("child saw the purge delay");
            return;
        }
        let exe = std::env::current_exe().expect("the test binary");
        let out = std::process::Command::new(exe)
            .args([NAME, "--exact", "--nocapture", "--test-threads=1"])
            .env("SLSC_ALLOC_TEST_CHILD", "1")
            .env("MIMALLOC_PURGE_DELAY", "4321")
            .output()
            .expect("run the test binary");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("child saw the purge delay"), "{stdout}");
    }
}
