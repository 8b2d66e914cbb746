//! The emulator's recent log lines, kept in a bounded ring so that memory stays flat however
//! long it runs: what the admin API's `/__slsc/logs`, `slsc logs` and the Invoke API's
//! `X-Amz-Log-Type: Tail` read. Each line gets a level read from the runtimes' own formats
//! (Lambda's Node.js console format, Python's logging format) and a sequence number, which
//! followers (`slsc logs --tail`) wait past.

use super::runtime::{LogLine, Stream};
use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

/// Lines kept by default.
pub const DEFAULT_CAPACITY: usize = 10_000;
/// The longest line kept whole; longer ones are cut there (a handler printing megabytes must
/// not make the ring hold them 10,000 times).
pub const MAX_LINE_BYTES: usize = 16 * 1024;

/// How severe a line is, lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Debug,
    Info,
    Warn,
    Error,
}

impl Level {
    /// `debug`, `info`, `warn` or `error`.
    pub fn name(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }

    /// `debug`, `info`, `warn` (or `warning`), `error`, any case.
    pub fn parse(s: &str) -> Option<Level> {
        match s.to_ascii_lowercase().as_str() {
            "debug" | "trace" => Some(Level::Debug),
            "info" => Some(Level::Info),
            "warn" | "warning" => Some(Level::Warn),
            "error" | "fatal" | "critical" => Some(Level::Error),
            _ => None,
        }
    }
}

/// One kept line.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// Increases by one per line, from 1.
    pub seq: u64,
    /// When slsc read it, in milliseconds since the epoch.
    pub time: u64,
    /// The function's key (empty for notices about the whole service).
    pub function: String,
    pub request_id: Option<String>,
    pub level: Level,
    /// `stdout`, `stderr` or `notice` (said by slsc itself).
    pub stream: &'static str,
    /// The line as the handler wrote it.
    pub message: String,
}

/// Which lines a reader wants.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub function: Option<String>,
    pub request_id: Option<String>,
    /// At least this level.
    pub level: Option<Level>,
    /// At or after this time (milliseconds since the epoch).
    pub since: Option<u64>,
    /// Only lines after this sequence number.
    pub after: Option<u64>,
    /// At most this many: the latest ones.
    pub limit: Option<usize>,
}

impl Filter {
    fn admits(&self, e: &Entry) -> bool {
        self.function.as_ref().is_none_or(|f| *f == e.function)
            && self
                .request_id
                .as_ref()
                .is_none_or(|r| e.request_id.as_ref() == Some(r))
            && self.level.is_none_or(|l| e.level >= l)
            && self.since.is_none_or(|t| e.time >= t)
            && self.after.is_none_or(|s| e.seq > s)
    }
}

/// The ring.
pub struct LogRing {
    state: Mutex<RingState>,
    capacity: usize,
    /// Woken on every new line.
    added: tokio::sync::Notify,
}

struct RingState {
    lines: VecDeque<Entry>,
    next_seq: u64,
}

impl Default for LogRing {
    fn default() -> Self {
        LogRing::new(DEFAULT_CAPACITY)
    }
}

impl LogRing {
    pub fn new(capacity: usize) -> LogRing {
        LogRing {
            state: Mutex::new(RingState {
                lines: VecDeque::with_capacity(capacity.clamp(1, 1024)),
                next_seq: 1,
            }),
            capacity: capacity.max(1),
            added: tokio::sync::Notify::new(),
        }
    }

    /// Keeps `line` (the oldest line goes when the ring is full).
    pub fn push(&self, line: &LogLine) {
        let (level, stream) = match line.stream {
            Stream::Stdout => (level_of(&line.text).unwrap_or(Level::Info), "stdout"),
            Stream::Stderr => (level_of(&line.text).unwrap_or(Level::Error), "stderr"),
            Stream::Notice => (Level::Warn, "notice"),
        };
        let mut message = line.text.clone();
        if message.len() > MAX_LINE_BYTES {
            let mut cut = MAX_LINE_BYTES;
            while !message.is_char_boundary(cut) {
                cut -= 1;
            }
            message.truncate(cut);
            message.push('…');
        }
        let Ok(mut st) = self.state.lock() else {
            return;
        };
        let seq = st.next_seq;
        st.next_seq += 1;
        if st.lines.len() >= self.capacity {
            st.lines.pop_front();
        }
        st.lines.push_back(Entry {
            seq,
            time: crate::common::time::now_millis(),
            function: line.function.clone(),
            request_id: line.request_id.clone(),
            level,
            stream,
            message,
        });
        drop(st);
        self.added.notify_waiters();
    }

    /// The lines `filter` admits, oldest first (the latest `limit` of them).
    pub fn query(&self, filter: &Filter) -> Vec<Entry> {
        let Ok(st) = self.state.lock() else {
            return Vec::new();
        };
        let limit = filter.limit.unwrap_or(usize::MAX);
        let mut out: Vec<Entry> = st
            .lines
            .iter()
            .rev()
            .filter(|e| filter.admits(e))
            .take(limit)
            .cloned()
            .collect();
        out.reverse();
        out
    }

    /// [`LogRing::query`], waiting up to `wait` for a first line when none is there yet.
    pub async fn query_wait(&self, filter: &Filter, wait: Duration) -> Vec<Entry> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            // registered before looking, so that a line added in between wakes it
            let added = self.added.notified();
            let found = self.query(filter);
            if !found.is_empty() || tokio::time::Instant::now() >= deadline {
                return found;
            }
            if tokio::time::timeout_at(deadline, added).await.is_err() {
                return self.query(filter);
            }
        }
    }

    /// The sequence number the next line gets.
    pub fn next_seq(&self) -> u64 {
        self.state.lock().map_or(0, |s| s.next_seq)
    }

    /// Lines kept now.
    pub fn len(&self) -> usize {
        self.state.lock().map_or(0, |s| s.lines.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The level a runtime wrote into `line`: Lambda's Node.js console format
/// (`<time>\t<request id>\t<LEVEL>\t<message>`), Python's logging format as Lambda's runtime
/// configures it (`[LEVEL]\t<time>\t<request id>\t<message>`), or a `[LEVEL] ...` prefix
/// (the Python runtime's error lines).
pub fn level_of(line: &str) -> Option<Level> {
    if let Some(rest) = line.strip_prefix('[') {
        let (name, _) = rest.split_once(']')?;
        return Level::parse(name);
    }
    let mut parts = line.splitn(4, '\t');
    let time = parts.next()?;
    let _id = parts.next()?;
    let level = parts.next()?;
    let looks_time = time.len() >= 20 && time.as_bytes().get(10) == Some(&b'T');
    if looks_time {
        Level::parse(level)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(function: &str, stream: Stream, text: &str) -> LogLine {
        LogLine {
            function: function.into(),
            request_id: Some("r1".into()),
            stream,
            text: text.into(),
        }
    }

    #[test]
    fn levels_come_from_the_runtimes_formats() {
        let id = "0b7d1f2e-3c4a-4b5d-8e6f-7a8b9c0d1e2f";
        let cases = [
            (
                format!("2024-01-02T03:04:05.678Z\t{id}\tWARN\tlow disk"),
                Some(Level::Warn),
            ),
            (
                format!("2024-01-02T03:04:05.678Z\t{id}\tDEBUG\tx"),
                Some(Level::Debug),
            ),
            (
                format!("2024-01-02T03:04:05.678Z\t{id}\tTRACE\tx"),
                Some(Level::Debug),
            ),
            (
                format!("[WARNING]\t2024-01-02T03:04:05.678Z\t{id}\tpy"),
                Some(Level::Warn),
            ),
            (
                format!("[CRITICAL]\t2024-01-02T03:04:05.678Z\t{id}\tpy"),
                Some(Level::Error),
            ),
            ("[ERROR] ValueError: bad".to_string(), Some(Level::Error)),
            ("plain text".to_string(), None),
            ("[not a level] x".to_string(), None),
            ("a\tb\tINFO\tc".to_string(), None),
        ];
        for (text, want) in cases {
            assert_eq!(level_of(&text), want, "{text}");
        }
    }

    #[test]
    fn the_ring_keeps_the_latest_lines_and_filters_them() {
        let ring = LogRing::new(3);
        ring.push(&line("a", Stream::Stdout, "one"));
        ring.push(&line("b", Stream::Stderr, "two"));
        ring.push(&line(
            "a",
            Stream::Stdout,
            "2024-01-02T03:04:05.678Z\tr1\tERROR\tthree",
        ));
        ring.push(&line("a", Stream::Notice, "four"));
        assert_eq!(ring.len(), 3, "the oldest line went");
        let all = ring.query(&Filter::default());
        let texts: Vec<&str> = all.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            texts,
            ["two", "2024-01-02T03:04:05.678Z\tr1\tERROR\tthree", "four"]
        );
        assert_eq!(all.iter().map(|e| e.seq).collect::<Vec<_>>(), [2, 3, 4]);
        let a_errors = ring.query(&Filter {
            function: Some("a".into()),
            level: Some(Level::Error),
            ..Filter::default()
        });
        assert_eq!(a_errors.len(), 1);
        assert_eq!(a_errors[0].level, Level::Error);
        let warn_up = ring.query(&Filter {
            level: Some(Level::Warn),
            ..Filter::default()
        });
        assert_eq!(
            warn_up.len(),
            3,
            "stderr counts as error, notices as warnings"
        );
        let last = ring.query(&Filter {
            limit: Some(1),
            ..Filter::default()
        });
        assert_eq!(last[0].message, "four");
        let after = ring.query(&Filter {
            after: Some(3),
            ..Filter::default()
        });
        assert_eq!(after.len(), 1);
    }

    #[test]
    fn long_lines_are_cut() {
        let ring = LogRing::new(2);
        ring.push(&line("a", Stream::Stdout, &"é".repeat(MAX_LINE_BYTES)));
        let e = &ring.query(&Filter::default())[0];
        assert!(e.message.len() <= MAX_LINE_BYTES + '…'.len_utf8());
        assert!(e.message.ends_with('…'));
    }

    #[tokio::test]
    async fn a_follower_wakes_for_the_next_line() {
        let ring = std::sync::Arc::new(LogRing::new(10));
        ring.push(&line("a", Stream::Stdout, "old"));
        let filter = Filter {
            after: Some(ring.next_seq() - 1),
            ..Filter::default()
        };
        let r = ring.clone();
        let waiter =
            tokio::spawn(async move { r.query_wait(&filter, Duration::from_secs(30)).await });
        tokio::task::yield_now().await;
        ring.push(&line("a", Stream::Stdout, "new"));
        let got = waiter.await.unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].message, "new");
    }
}
