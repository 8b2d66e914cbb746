//! One access-log line per request: method, path, status, milliseconds, request id (and the
//! function and the gateway's reason when there is one), as text or JSON lines.

use serde_json::json;
use std::io::Write;
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
    let ms = e.elapsed.as_secs_f64() * 1000.0;
    match format {
        LogFormat::Text => {
            let mut s = format!(
                "{} {} {} {ms:.1} ms {}",
                e.method, e.path, e.status, e.request_id
            );
            if let Some(f) = e.function {
                s.push_str(&format!(" fn={f}"));
            }
            if let Some(n) = e.note {
                s.push_str(&format!(" ({n})"));
            }
            s
        }
        LogFormat::Json => json!({
            "type": "access",
            "method": e.method,
            "path": e.path,
            "status": e.status,
            "ms": (ms * 1000.0).round() / 1000.0,
            "requestId": e.request_id,
            "function": e.function,
            "note": e.note,
        })
        .to_string(),
    }
}

/// Writes `e` to stderr (through [`emit`]).
pub fn write(format: LogFormat, e: &Entry) {
    emit(line(format, e));
}

/// Queues one line for stderr. A single writer thread drains the queue into a buffer and
/// flushes whenever the queue runs dry, so a busy emulator makes one write per batch instead
/// of one per request, and request tasks never block on the terminal.
pub fn emit(line: String) {
    use std::sync::OnceLock;
    use std::sync::mpsc::{Sender, channel};
    static QUEUE: OnceLock<Option<Sender<String>>> = OnceLock::new();
    let queue = QUEUE.get_or_init(|| {
        let (tx, rx) = channel::<String>();
        std::thread::Builder::new()
            .name("slsc-log".into())
            .spawn(move || {
                let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stderr());
                while let Ok(first) = rx.recv() {
                    let _ = writeln!(out, "{first}");
                    while let Ok(more) = rx.try_recv() {
                        let _ = writeln!(out, "{more}");
                    }
                    let _ = out.flush();
                }
            })
            .ok()
            .map(|_| tx)
    });
    let unsent = match queue {
        Some(tx) => tx.send(line).err().map(|e| e.0),
        None => Some(line),
    };
    if let Some(line) = unsent {
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }
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
