use super::*;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Waits until `ready()` holds; panics after a generous deadline, so that a broken `join`
/// fails the test rather than hanging it.
fn wait_until(what: &str, ready: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ready() {
        assert!(Instant::now() < deadline, "waited too long for {what}");
        std::thread::yield_now();
    }
}

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
    let panicking = AtomicBool::new(false);
    let finished = AtomicUsize::new(0);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        join(
            || {
                panicking.store(true, Ordering::SeqCst);
                panic!("here")
            },
            || {
                wait_until("the caller's panic", || panicking.load(Ordering::SeqCst));
                // simulated work that outlasts the caller's unwinding, were it not waited for
                std::thread::sleep(Duration::from_millis(20));
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
        // simulated uneven work, so that the threads interleave (the assertions below hold
        // however the items end up shared)
        if c[0] % 3 == 0 {
            std::thread::sleep(Duration::from_micros(200));
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
    let (caller_took_one, helper_took_one) = (AtomicBool::new(false), AtomicBool::new(false));
    let out = map(0..64, |_| {
        let me = std::thread::current().id();
        // each thread holds its first item until the other has taken one too
        let (mine, theirs) = if me == here {
            (&caller_took_one, &helper_took_one)
        } else {
            (&helper_took_one, &caller_took_one)
        };
        mine.store(true, Ordering::SeqCst);
        wait_until("the other thread's first item", || {
            theirs.load(Ordering::SeqCst)
        });
        me
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
