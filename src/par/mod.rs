//! Work on two cores: [`join`] runs one closure on the calling thread and the other on a new
//! thread, [`map`] shares a list of items between two threads, and [`spawn`] starts a
//! background thread; each new thread starts on another core.
//!
//! Why not plain threads: some kernels (virtual machines with few cores among them) queue a new thread
//! on its parent's core and move it only at the next load-balancing tick, so a step of a few
//! milliseconds split in two ran mostly on one core. The first thing each new thread does is
//! therefore to move itself off the core its parent was on, then to let the scheduler move it
//! freely again; its parent yields its core once right after starting it, so that this first
//! step runs at once (`linux.rs`). Where the kernel offers no per-thread CPU sets (outside
//! Linux), the threads run wherever the scheduler puts them.

use std::io;
use std::panic::resume_unwind;
use std::sync::{Mutex, PoisonError};
use std::thread::{Builder, JoinHandle};

#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "linux")]
use linux::Placement;

#[cfg(not(target_os = "linux"))]
mod portable;
#[cfg(not(target_os = "linux"))]
use portable::Placement;

#[cfg(test)]
mod tests;

/// `(a(), b())`, `b` on another thread (and core) meanwhile. A panic in either resumes here,
/// after both have finished.
pub fn join<RA, RB: Send>(a: impl FnOnce() -> RA, b: impl FnOnce() -> RB + Send) -> (RA, RB) {
    let placement = Placement::of_calling_thread();
    // `b` stays reachable after the scope: it runs here when no thread could be started
    let mut b = Some(b);
    let (ra, rb) = std::thread::scope(|scope| {
        let slot = &mut b;
        let helper = Builder::new().spawn_scoped(scope, move || {
            placement.move_off_callers_core();
            slot.take().map(|b| b())
        });
        placement.let_new_thread_start();
        let ra = a();
        // a panic in `a` skips this join: the scope then joins the thread before it unwinds
        let rb = match helper {
            Ok(thread) => thread.join().unwrap_or_else(|panic| resume_unwind(panic)),
            Err(_) => None,
        };
        (ra, rb)
    });
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

/// A named background thread running `f`, started on another core.
pub fn spawn<T: Send + 'static>(
    name: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> io::Result<JoinHandle<T>> {
    let placement = Placement::of_calling_thread();
    let thread = Builder::new().name(name.to_owned()).spawn(move || {
        placement.move_off_callers_core();
        f()
    })?;
    placement.let_new_thread_start();
    Ok(thread)
}
