//! Thread placement on Linux, and the only code of [`super`] that calls the kernel's per-thread
//! CPU sets (`sched_getaffinity`, `sched_setaffinity`, `sched_getcpu`, the `CPU_*` macros).

use libc::cpu_set_t;
use std::mem::size_of;

/// What a new thread needs from the thread that starts it to move off that thread's core.
#[derive(Clone, Copy)]
pub struct Placement {
    /// `None` when the kernel did not tell: the new thread then stays where it starts.
    caller: Option<Caller>,
}

/// The calling thread's CPU set and the core it was on.
#[derive(Clone, Copy)]
struct Caller {
    cpus: cpu_set_t,
    cpu: usize,
}

impl Placement {
    /// Taken on the thread that is about to start another.
    pub fn of_calling_thread() -> Placement {
        let caller = cpus_of_this_thread()
            .zip(current_cpu())
            .map(|(cpus, cpu)| Caller { cpus, cpu });
        Placement { caller }
    }

    /// The caller's step right after starting the thread: gives up its core for a moment, as
    /// a new thread queued behind it on that core would otherwise wait for the scheduler's next
    /// tick to run at all (and to move itself away).
    pub fn let_new_thread_start(&self) {
        if self.caller.is_some() {
            std::thread::yield_now();
        }
    }

    /// The new thread's first step: narrows its CPU set to the caller's other cores, which
    /// moves it there at once, then widens the set back to the caller's, so that the scheduler
    /// stays free to move it later. With no other core (or no word from the kernel) it stays.
    pub fn move_off_callers_core(self) {
        if let Some(caller) = self.caller
            && narrow_to_other_cores(&caller)
        {
            set_cpus_of_this_thread(&caller.cpus);
        }
    }
}

/// Narrows the calling thread's CPU set to `caller`'s set without `caller`'s core; `false`
/// when that leaves no core or the kernel refused (the set is then as it was).
fn narrow_to_other_cores(caller: &Caller) -> bool {
    without_cpu(caller.cpus, caller.cpu).is_some_and(|others| set_cpus_of_this_thread(&others))
}

/// The core the calling thread runs on (it may move at any time after).
fn current_cpu() -> Option<usize> {
    // SAFETY: takes no arguments and touches no memory of ours; -1 on failure
    let cpu = unsafe { libc::sched_getcpu() };
    usize::try_from(cpu).ok()
}

/// The calling thread's CPU set.
fn cpus_of_this_thread() -> Option<cpu_set_t> {
    let mut set = empty_set();
    // SAFETY: `set` is a live, writable `cpu_set_t` of exactly the size passed; pid 0 means the
    // calling thread
    let ok = unsafe { libc::sched_getaffinity(0, size_of::<cpu_set_t>(), &mut set) };
    (ok == 0).then_some(set)
}

/// Sets the calling thread's CPU set; `false` when the kernel refused (it is then as it was).
fn set_cpus_of_this_thread(set: &cpu_set_t) -> bool {
    // SAFETY: `set` is a live `cpu_set_t` of exactly the size passed, which the kernel only
    // reads; pid 0 means the calling thread
    unsafe { libc::sched_setaffinity(0, size_of::<cpu_set_t>(), set) == 0 }
}

/// `set` without `cpu`; `None` when `cpu` is not in it or no core would be left.
fn without_cpu(mut set: cpu_set_t, cpu: usize) -> Option<cpu_set_t> {
    if !has_cpu(&set, cpu) {
        return None;
    }
    // SAFETY: `has_cpu` checked that `cpu` is below `CPU_SETSIZE`, so the bit is inside `set`
    unsafe { libc::CPU_CLR(cpu, &mut set) };
    (cpu_count(&set) > 0).then_some(set)
}

fn has_cpu(set: &cpu_set_t, cpu: usize) -> bool {
    // SAFETY: `CPU_ISSET` reads the bit for `cpu` from `set`'s array, in bounds below
    // `CPU_SETSIZE`
    cpu < libc::CPU_SETSIZE as usize && unsafe { libc::CPU_ISSET(cpu, set) }
}

fn cpu_count(set: &cpu_set_t) -> i32 {
    // SAFETY: `CPU_COUNT` only counts the bits of `set`'s array
    unsafe { libc::CPU_COUNT(set) }
}

fn empty_set() -> cpu_set_t {
    // SAFETY: `cpu_set_t` is a plain array of integers, for which all zeroes is the empty set
    unsafe { std::mem::zeroed() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_of(cpus: &[usize]) -> cpu_set_t {
        let mut set = empty_set();
        for &cpu in cpus {
            // SAFETY: the test's cores are all below `CPU_SETSIZE`
            unsafe { libc::CPU_SET(cpu, &mut set) };
        }
        set
    }

    fn same(a: &cpu_set_t, b: &cpu_set_t) -> bool {
        // SAFETY: `CPU_EQUAL` only compares the two sets' arrays
        unsafe { libc::CPU_EQUAL(a, b) }
    }

    #[test]
    fn a_thread_moves_off_its_callers_core_and_gets_the_callers_set_back() {
        let Some(caller) = Placement::of_calling_thread().caller else {
            return;
        };
        if cpu_count(&caller.cpus) < 2 {
            return; // a single core: nowhere else to go
        }
        let (narrowed, cpu_while_narrowed, cpus_after) = std::thread::scope(|scope| {
            let thread = scope.spawn(move || {
                let narrowed = narrow_to_other_cores(&caller);
                let cpu = current_cpu();
                set_cpus_of_this_thread(&caller.cpus);
                (narrowed, cpu, cpus_of_this_thread())
            });
            thread.join().expect("the thread")
        });
        assert!(narrowed);
        // `sched_setaffinity` returns once the thread runs on a core of its new set
        assert!(cpu_while_narrowed.is_some_and(|cpu| cpu != caller.cpu));
        assert!(same(&caller.cpus, &cpus_after.expect("the set")));
    }

    #[test]
    fn the_new_thread_gets_the_callers_cpu_set_back() {
        let Some(before) = cpus_of_this_thread() else {
            return;
        };
        let (_, theirs) = crate::par::join(|| (), cpus_of_this_thread);
        assert!(same(&before, &theirs.expect("the thread's set")));
    }

    #[test]
    fn a_set_without_a_core_keeps_the_others() {
        let set = set_of(&[0, 3]);
        let without_0 = without_cpu(set, 0).expect("core 3 is left");
        assert!(same(&without_0, &set_of(&[3])));
        assert!(without_cpu(without_0, 3).is_none(), "no core left");
        assert!(without_cpu(set, 1).is_none(), "core 1 is not in the set");
        assert!(without_cpu(set, libc::CPU_SETSIZE as usize).is_none());
    }
}
