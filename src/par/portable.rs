//! Thread placement where the kernel offers no per-thread CPU sets that [`super`] uses: new
//! threads start wherever the scheduler puts them.

/// Nothing to remember about the calling thread.
#[derive(Clone, Copy)]
pub struct Placement;

impl Placement {
    pub fn of_calling_thread() -> Placement {
        Placement
    }

    pub fn let_new_thread_start(&self) {}

    pub fn move_off_callers_core(self) {}
}
