//! The limits AWS applies to a WebSocket connection (`apigateway/latest/developerguide/
//! limits.html`, "Amazon API Gateway quotas for configuring and running a WebSocket API"):
//! 32 KB frames, 128 KB messages (larger closes the connection with 1009), a connection
//! closed after 10 minutes without traffic and after 2 hours in any case (both with 1001
//! `Going away`), and 128 KB of data per @connections POST (413 beyond). [`next_close`] says
//! which of the two clocks runs out first; the connection loop sleeps until then.

use std::time::{Duration, Instant};

/// The largest frame payload a client may send.
pub const MAX_FRAME: usize = 32 * 1024;
/// The largest message (the frames of one message together).
pub const MAX_MESSAGE: usize = 128 * 1024;
/// The largest `Data` of one PostToConnection.
pub const MAX_POST: usize = 128 * 1024;
/// A connection without traffic for this long is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(10 * 60);
/// No connection lives longer.
pub const MAX_DURATION: Duration = Duration::from_secs(2 * 60 * 60);

/// The close code and reason of both timeouts.
pub const GOING_AWAY: (u16, &str) = (1001, "Going away");
/// The close code and reason of an over-long message or frame.
pub const TOO_BIG: (u16, &str) = (1009, "Message too big");

/// Why a connection is closed by the clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    Idle,
    Duration,
}

/// The timeouts of a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    pub idle: Duration,
    pub max_duration: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            idle: IDLE_TIMEOUT,
            max_duration: MAX_DURATION,
        }
    }
}

/// When a connection opened at `connected` and last active at `last_active` is closed, and
/// by which clock (the earlier; the maximum duration on a tie, as it cannot be put off).
pub fn next_close(t: Timeouts, connected: Instant, last_active: Instant) -> (Instant, Clock) {
    let idle = last_active + t.idle;
    let end = connected + t.max_duration;
    if end <= idle {
        (end, Clock::Duration)
    } else {
        (idle, Clock::Idle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earlier_clock_closes_the_connection() {
        let t = Timeouts::default();
        let start = Instant::now();
        let min = |m: u64| Duration::from_secs(m * 60);
        // (last activity after the start, closing time after the start, clock)
        let cases = [
            (min(0), min(10), Clock::Idle),
            (min(5), min(15), Clock::Idle),
            (min(109), min(119), Clock::Idle),
            (min(110), min(120), Clock::Duration),
            (min(115), min(120), Clock::Duration),
        ];
        for (active, at, clock) in cases {
            assert_eq!(
                next_close(t, start, start + active),
                (start + at, clock),
                "{active:?}"
            );
        }
    }

    #[test]
    fn aws_figures() {
        assert_eq!(
            (MAX_FRAME, MAX_MESSAGE, MAX_POST),
            (32_768, 131_072, 131_072)
        );
        assert_eq!(Timeouts::default().idle.as_secs(), 600);
        assert_eq!(Timeouts::default().max_duration.as_secs(), 7200);
    }
}
