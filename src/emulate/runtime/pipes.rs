//! The pair of pipes slsc's Node.js runtime reaches the Runtime API through: jobs go down one,
//! answers come up the other, in the framed exchange (see [`super::framed`]). A pipe costs
//! the kernel less CPU per message than a Unix socket.
//!
//! The runtime finds its ends at file descriptors 3 (jobs, to read) and 4 (answers, to write),
//! named by `SLSC_RUNTIME_API_FDS=3,4`.

use super::api::ApiState;
use super::framed;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::Arc;

/// Where the runtime finds its ends, as `SLSC_RUNTIME_API_FDS` says it.
pub const FDS: &str = "3,4";

/// The runtime's ends, placed at descriptors 3 and 4 of the child.
pub struct ChildEnds {
    jobs: OwnedFd,
    answers: OwnedFd,
}

/// A pipe whose two ends are closed on exec, (read end, write end): `std::io::pipe` marks them
/// so, and only the runtime they are installed into gets copies that stay open. Where the
/// platform has no `pipe2` (macOS), std marks them just after creating them, so a worker spawned
/// by another thread in that instant may inherit them; it then only delays the end-of-file the
/// emulator sees when this worker exits until that other worker exits too.
fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let (read, write) = io::pipe()?;
    Ok((read.into(), write.into()))
}

/// Opens both pipes and serves the emulator's ends with the framed exchange (until the
/// runtime's ends are closed, or the worker goes away); the runtime's ends are returned.
/// Must be called within the tokio runtime.
pub fn open(state: Arc<ApiState>) -> io::Result<ChildEnds> {
    let (jobs_child, jobs_ours) = pipe()?;
    let (answers_ours, answers_child) = pipe()?;
    let reader = tokio::net::unix::pipe::Receiver::from_owned_fd(answers_ours)?;
    let writer = tokio::net::unix::pipe::Sender::from_owned_fd(jobs_ours)?;
    tokio::spawn(framed::serve(tokio::io::join(reader, writer), state));
    Ok(ChildEnds {
        jobs: jobs_child,
        answers: answers_child,
    })
}

impl ChildEnds {
    /// Makes `cmd` start its process with these ends at descriptors 3 and 4 (kept open
    /// across exec), and name them in `SLSC_RUNTIME_API_FDS`.
    pub fn install(&self, cmd: &mut tokio::process::Command) {
        let jobs = self.jobs.as_raw_fd();
        let answers = self.answers.as_raw_fd();
        cmd.env("SLSC_RUNTIME_API_FDS", FDS);
        // SAFETY: `pre_exec` requires the closure to be safe to run in the forked child,
        // between fork and exec, where only async-signal-safe code may run. It captures two
        // plain integers, allocates nothing and takes no lock; it calls only fcntl and dup2
        // (async-signal-safe, POSIX, on every Unix) and reads errno on failure. The
        // descriptors are open in the child: fork copied the parent's table, and the caller
        // keeps `self` (which owns them) until `spawn` has returned.
        unsafe {
            cmd.pre_exec(move || {
                // the answers end must not be overwritten by placing the jobs end at 3 (the
                // copy, above 4, is closed on exec)
                let answers = if answers == 3 {
                    checked(libc::fcntl(answers, libc::F_DUPFD_CLOEXEC, 5))?
                } else {
                    answers
                };
                for (from, to) in [(jobs, 3), (answers, 4)] {
                    checked(libc::dup2(from, to))?;
                    // dup2 onto itself keeps close-on-exec: clear it either way
                    checked(libc::fcntl(to, libc::F_SETFD, 0))?;
                }
                Ok(())
            });
        }
    }
}

fn checked(r: libc::c_int) -> io::Result<libc::c_int> {
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r)
    }
}
