//! One access-log line per request: method, path, status, milliseconds, request id (and the
//! function and the gateway's reason when there is one), as text or JSON lines.

use serde_json::json;
use std::io::Write;
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// One finished request.
pub struct Entry<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub status: u16,
    pub elapsed: Duration,
    pub request_id: &'a str,
    pub function: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// The line for `e` (no trailing newline).
pub fn line(format: LogFormat, e: &Entry) -> String {
    match format {
        LogFormat::Text => {
            let mut s = String::with_capacity(96);
            text_line(&mut s, e);
            s
        }
        LogFormat::Json => {
            let ms = e.elapsed.as_secs_f64() * 1000.0;
            json!({
                "type": "access",
                "method": e.method,
                "path": e.path,
                "status": e.status,
                "ms": (ms * 1000.0).round() / 1000.0,
                "requestId": e.request_id,
                "function": e.function,
                "note": e.note,
            })
            .to_string()
        }
    }
}

/// Appends the text form of `e` to `out`.
fn text_line(out: &mut String, e: &Entry) {
    use std::fmt::Write as _;
    let ms = e.elapsed.as_secs_f64() * 1000.0;
    let _ = write!(
        out,
        "{} {} {} {ms:.1} ms {}",
        e.method, e.path, e.status, e.request_id
    );
    if let Some(f) = e.function {
        let _ = write!(out, " fn={f}");
    }
    if let Some(n) = e.note {
        let _ = write!(out, " ({n})");
    }
}

/// Writes `e` to stderr (through the shared log buffer).
pub fn write(format: LogFormat, e: &Entry) {
    match format {
        LogFormat::Text => append(|buf| text_line(buf, e)),
        LogFormat::Json => emit(line(format, e)),
    }
}

/// Queues one line for stderr.
pub fn emit(line: String) {
    append(|buf| buf.push_str(&line));
}

/// How long the writer lets lines gather after writing a batch: under load the log costs one
/// write per window instead of one wake-up and one write per request.
const BATCH_WINDOW: Duration = Duration::from_millis(5);

/// The lines not yet written, and whether the writer thread sleeps waiting for them.
struct Sink {
    pending: Mutex<(String, bool)>,
    wake: Condvar,
}

fn sink() -> Option<&'static Sink> {
    static SINK: OnceLock<Option<&'static Sink>> = OnceLock::new();
    *SINK.get_or_init(|| {
        let sink: &'static Sink = Box::leak(Box::new(Sink {
            pending: Mutex::new((String::new(), false)),
            wake: Condvar::new(),
        }));
        std::thread::Builder::new()
            .name("slsc-log".into())
            .spawn(move || writer(sink))
            .ok()
            .map(|_| sink)
    })
}

/// The writer thread: waits for lines, writes what gathered, pauses for a batch window.
fn writer(sink: &'static Sink) {
    let mut batch = String::new();
    loop {
        {
            let Ok(mut guard) = sink.pending.lock() else {
                return;
            };
            while guard.0.is_empty() {
                guard.1 = true;
                guard = match sink.wake.wait(guard) {
                    Ok(g) => g,
                    Err(_) => return,
                };
            }
            guard.1 = false;
            std::mem::swap(&mut guard.0, &mut batch);
        }
        let _ = std::io::stderr().lock().write_all(batch.as_bytes());
        batch.clear();
        std::thread::sleep(BATCH_WINDOW);
    }
}

/// Appends one line (what `fill` writes, then a newline) for the writer thread; the thread is
/// woken only when it sleeps waiting, so a busy emulator pays no wake-up per line. Request
/// tasks never block on the terminal. Without a writer thread the line is written at once.
fn append(fill: impl FnOnce(&mut String)) {
    let Some(sink) = sink() else {
        let mut s = String::new();
        fill(&mut s);
        let _ = writeln!(std::io::stderr().lock(), "{s}");
        return;
    };
    let Ok(mut guard) = sink.pending.lock() else {
        return;
    };
    fill(&mut guard.0);
    guard.0.push('\n');
    let sleeping = std::mem::replace(&mut guard.1, false);
    drop(guard);
    if sleeping {
        sink.wake.notify_one();
    }
}

/// Writes every queued line now (before the process exits).
pub fn flush() {
    let Some(sink) = sink() else { return };
    let pending = match sink.pending.lock() {
        Ok(mut g) => std::mem::take(&mut g.0),
        Err(_) => return,
    };
    let _ = std::io::stderr().lock().write_all(pending.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_json_lines() {
        let e = Entry {
            method: "GET",
            path: "/dev/users/1",
            status: 502,
            elapsed: Duration::from_micros(1_250),
            request_id: "rid",
            function: Some("users"),
            note: Some("Lambda error"),
        };
        assert_eq!(
            line(LogFormat::Text, &e),
            "GET /dev/users/1 502 1.2 ms rid fn=users (Lambda error)"
        );
        let v: serde_json::Value = serde_json::from_str(&line(LogFormat::Json, &e)).unwrap();
        assert_eq!(v["status"], 502);
        assert_eq!(v["ms"], 1.25);
        assert_eq!(v["requestId"], "rid");
        assert_eq!(v["function"], "users");
    }
}
