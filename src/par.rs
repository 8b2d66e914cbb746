//! Work on two cores: [`join`] runs one closure on the calling thread and the other on a new
//! thread, [`map`] shares a list of items between two threads, and [`spawn`] starts a
//! background thread; each new thread starts on another core.
//!
//! Why not plain `std::thread::scope`: some kernels (this project's 2-core VM among them) queue
//! a new thread on its parent's core and move it only at the next load-balancing tick, about
//! 4 ms later, so a step of a few milliseconds split in two ran mostly on one core (measured: two
//! 2 ms halves took 3.9 ms, 2.3 ms when the new thread was asked onto the other core). The
//! parent therefore narrows the new thread's CPU set to the cores it is not on, which moves the
//! thread at once; the thread widens its set back to the parent's as soon as it runs, so the
//! scheduler stays free to move it later. Where the kernel cannot do either (and outside Linux),
//! the threads run wherever the scheduler puts them.

use std::io;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{Builder, JoinHandle};

/// `(a(), b())`, `b` on another thread (and core) meanwhile. A panic in either resumes here,
/// after both have finished.
pub fn join<RA, RB: Send>(a: impl FnOnce() -> RA, b: impl FnOnce() -> RB + Send) -> (RA, RB) {
    let mut b = Some(b);
    let slot = &mut b;
    // SAFETY: the thread borrows `slot` and whatever `b` borrows; `Joined` joins it before this
    // function returns or unwinds, so it never outlives them.
    let started = unsafe { start(Builder::new(), move || slot.take().map(|b| b())) };
    let mut joined = Joined(started.ok());
    let ra = a();
    let rb = joined.wait().flatten();
    // the thread ran `b` unless it could not be started
    match rb.or_else(|| b.take().map(|b| b())) {
        Some(rb) => (ra, rb),
        // `b` runs exactly once: either on the thread or just above
        None => unreachable!("join: the second closure ran neither on its thread nor here"),
    }
}

/// `f` over every item of `items`, on the calling thread and one more, results in the items'
/// order. The items are handed out one at a time to whichever thread asks next, so uneven items,
/// or a core busy with something else, leave neither thread waiting long for the other: pass
/// chunks of a few dozen small things rather than each thing.
pub fn map<I, R, F>(items: I, f: F) -> Vec<R>
where
    I: Iterator + Send,
    I::Item: Send,
    R: Send,
    F: Fn(I::Item) -> R + Sync,
{
    let queue = Mutex::new(items.enumerate());
    let work = || {
        let mut done = Vec::new();
        loop {
            // the lock is held only to take an item: `f` cannot poison it
            let next = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
            let Some((i, item)) = next else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let (mine, theirs) = join(work, work);
    merge_in_order(mine, theirs)
}

/// Two lists of `(index, result)`, each in increasing index order, merged into the results in
/// index order.
fn merge_in_order<R>(a: Vec<(usize, R)>, b: Vec<(usize, R)>) -> Vec<R> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some((i, _)), Some((j, _))) => i < j,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return out,
        };
        let next = if take_a { a.next() } else { b.next() };
        out.extend(next.map(|(_, r)| r));
    }
}

/// Joins the thread when dropped, so that it ends before what it borrows even if the calling
/// thread unwinds.
struct Joined<T>(Option<JoinHandle<T>>);

impl<T> Joined<T> {
    /// The thread's result (`None` when there was no thread); its panic resumed here.
    fn wait(&mut self) -> Option<T> {
        match self.0.take()?.join() {
            Ok(r) => Some(r),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

impl<T> Drop for Joined<T> {
    fn drop(&mut self) {
        if let Some(h) = self.0.take() {
            let _ = h.join();
        }
    }
}

/// A named background thread running `f`, started on another core.
pub fn spawn<T: Send + 'static>(
    name: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> io::Result<JoinHandle<T>> {
    // SAFETY: `f` and `T` are `'static`: the thread may outlive the caller.
    unsafe { start(Builder::new().name(name.to_owned()), f) }
}

/// Starts `f` on a new thread, asked onto a core other than the caller's.
///
/// # Safety
/// As [`Builder::spawn_unchecked`]: the thread must not outlive anything `f` or its result
/// borrows.
unsafe fn start<T: Send>(
    builder: Builder,
    f: impl FnOnce() -> T + Send,
) -> io::Result<JoinHandle<T>> {
    let cpus = CpuSet::of_this_thread();
    // the thread widens its CPU set only once it has been narrowed (not before: the narrowing
    // would then stick)
    let gate = Arc::new(Mutex::new(()));
    let held = gate.lock();
    let thread_gate = Arc::clone(&gate);
    let wide = cpus.clone();
    // SAFETY: the caller's promise
    let handle = unsafe {
        builder.spawn_unchecked(move || {
            drop(thread_gate.lock());
            if let Some(set) = &wide {
                set.apply_to_this_thread();
            }
            f()
        })
    }?;
    if let Some(elsewhere) = cpus.and_then(|c| c.without_current_cpu()) {
        elsewhere.apply_to(&handle);
    }
    drop(held);
    Ok(handle)
}

/// A thread's CPU affinity set.
#[cfg(target_os = "linux")]
#[derive(Clone)]
struct CpuSet(libc::cpu_set_t);

#[cfg(target_os = "linux")]
impl CpuSet {
    fn of_this_thread() -> Option<CpuSet> {
        // SAFETY: a zeroed `cpu_set_t` is an empty set; the kernel fills it
        unsafe {
            let mut set: libc::cpu_set_t = std::mem::zeroed();
            let ok = libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set);
            (ok == 0).then_some(CpuSet(set))
        }
    }

    /// This set without the core the calling thread runs on; `None` when that leaves no core.
    fn without_current_cpu(mut self) -> Option<CpuSet> {
        // SAFETY: plain calls on an owned set
        unsafe {
            let here = usize::try_from(libc::sched_getcpu()).ok()?;
            if here >= libc::CPU_SETSIZE as usize || !libc::CPU_ISSET(here, &self.0) {
                return None;
            }
            libc::CPU_CLR(here, &mut self.0);
            (libc::CPU_COUNT(&self.0) > 0).then_some(self)
        }
    }

    fn apply_to<T>(&self, thread: &JoinHandle<T>) {
        use std::os::unix::thread::JoinHandleExt;
        // SAFETY: the thread is alive (not joined yet); a failure leaves its set as it was
        unsafe {
            libc::pthread_setaffinity_np(
                thread.as_pthread_t(),
                std::mem::size_of::<libc::cpu_set_t>(),
                &self.0,
            );
        }
    }

    fn apply_to_this_thread(&self) {
        // SAFETY: a failure leaves the set as it was
        unsafe {
            libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &self.0);
        }
    }
}

/// Elsewhere the kernel offers no per-thread CPU sets that this module uses: threads start
/// wherever the scheduler puts them.
#[cfg(not(target_os = "linux"))]
#[derive(Clone)]
struct CpuSet;

#[cfg(not(target_os = "linux"))]
impl CpuSet {
    fn of_this_thread() -> Option<CpuSet> {
        None
    }

    fn without_current_cpu(self) -> Option<CpuSet> {
        None
    }

    fn apply_to<T>(&self, _thread: &JoinHandle<T>) {}

    fn apply_to_this_thread(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn join_returns_both_results_and_runs_each_closure_once() {
        let runs = AtomicUsize::new(0);
        let data = [1, 2, 3];
        let (a, b) = join(
            || {
                runs.fetch_add(1, Ordering::SeqCst);
                data.iter().sum::<i32>()
            },
            || {
                runs.fetch_add(10, Ordering::SeqCst);
                data.len()
            },
        );
        assert_eq!((a, b), (6, 3));
        assert_eq!(runs.load(Ordering::SeqCst), 11);
    }

    #[test]
    fn the_second_closure_runs_on_another_thread() {
        let here = std::thread::current().id();
        let (_, there) = join(|| (), || std::thread::current().id());
        assert_ne!(here, there);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn the_new_thread_gets_the_callers_cpu_set_back() {
        let Some(before) = CpuSet::of_this_thread() else {
            return;
        };
        let (_, theirs) = join(|| (), CpuSet::of_this_thread);
        let theirs = theirs.expect("the thread's set");
        // SAFETY: comparing two owned sets
        assert!(unsafe { libc::CPU_EQUAL(&before.0, &theirs.0) });
    }

    #[test]
    fn a_panic_on_the_thread_resumes_in_the_caller_after_both_end() {
        let finished = AtomicUsize::new(0);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            join(
                || {
                    finished.fetch_add(1, Ordering::SeqCst);
                },
                || panic!("on the thread"),
            )
        }));
        let panic = result.expect_err("the thread's panic resumes");
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"on the thread"));
        assert_eq!(finished.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_panic_on_the_caller_waits_for_the_thread_it_lends_to() {
        let finished = AtomicUsize::new(0);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            join(
                || panic!("here"),
                || {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    finished.fetch_add(1, Ordering::SeqCst);
                },
            )
        }));
        assert!(result.is_err());
        // the thread had finished (it borrows `finished`) before the panic left `join`
        assert_eq!(finished.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn map_keeps_the_items_order_and_runs_each_once() {
        let calls = AtomicUsize::new(0);
        let items: Vec<usize> = (0..1000).collect();
        let out = map(items.chunks(7), |c| {
            calls.fetch_add(1, Ordering::SeqCst);
            // uneven work, so that the threads interleave
            if c[0] % 3 == 0 {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            c.iter().map(|x| x * 2).collect::<Vec<_>>()
        });
        assert_eq!(calls.load(Ordering::SeqCst), items.chunks(7).count());
        let flat: Vec<usize> = out.into_iter().flatten().collect();
        assert_eq!(flat, items.iter().map(|x| x * 2).collect::<Vec<_>>());
    }

    #[test]
    fn map_shares_the_items_between_two_threads() {
        let here = std::thread::current().id();
        let out = map(0..64, |_| {
            std::thread::sleep(std::time::Duration::from_millis(1));
            std::thread::current().id()
        });
        assert!(out.contains(&here));
        assert!(out.iter().any(|t| *t != here));
    }

    #[test]
    fn map_of_nothing_is_empty() {
        assert!(map(std::iter::empty::<u8>(), |x| x).is_empty());
    }

    #[test]
    fn merging_interleaved_results_restores_the_order() {
        let a = vec![(0, 'a'), (2, 'c'), (3, 'd'), (6, 'g')];
        let b = vec![(1, 'b'), (4, 'e'), (5, 'f')];
        assert_eq!(merge_in_order(a, b), "abcdefg".chars().collect::<Vec<_>>());
    }

    #[test]
    fn spawn_runs_in_the_background_under_its_name() {
        let h = spawn("bg", || std::thread::current().name().map(str::to_owned)).expect("spawn");
        assert_eq!(h.join().expect("join").as_deref(), Some("bg"));
    }
}
