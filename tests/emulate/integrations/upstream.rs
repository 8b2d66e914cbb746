//! A tiny HTTP/1.1 upstream server for the `http` / `http-proxy` end-to-end tests.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// `/slow` requests are held until [`release_slow`] (or a minute at most).
static SLOW_GATE: (Mutex<bool>, Condvar) = (Mutex::new(false), Condvar::new());
/// `/slow` requests answered so far.
static SLOW_ANSWERED: AtomicUsize = AtomicUsize::new(0);

/// Lets every `/slow` request, held or to come, be answered.
pub fn release_slow() {
    *SLOW_GATE.0.lock().unwrap() = true;
    SLOW_GATE.1.notify_all();
}

/// How many `/slow` requests were answered.
pub fn slow_answered() -> usize {
    SLOW_ANSWERED.load(Ordering::SeqCst)
}

/// A tiny HTTP/1.1 upstream that answers every request with a JSON echo of it: `/slow` once
/// released (see [`release_slow`]), paths containing `missing` with 404, POSTs with 201, the
/// rest with 200; always with `X-Up: yes`.
pub fn upstream() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            std::thread::spawn(move || serve(stream));
        }
    });
    addr
}

fn serve(stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let target = parts.next().unwrap_or("").to_string();
        let mut headers = serde_json::Map::new();
        let mut length = 0;
        loop {
            let mut h = String::new();
            reader.read_line(&mut h).unwrap();
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            let (k, v) = h.split_once(':').unwrap();
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_string());
            if k == "content-length" {
                length = v.parse().unwrap();
            }
            headers.insert(k, Value::String(v));
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        if path == "/slow" {
            let released = SLOW_GATE.0.lock().unwrap();
            let _held = SLOW_GATE
                .1
                .wait_timeout_while(released, Duration::from_secs(60), |r| !*r)
                .unwrap();
        }
        let status = if path.contains("missing") {
            "404 Not Found"
        } else if method == "POST" {
            "201 Created"
        } else {
            "200 OK"
        };
        let echo = json!({
            "method": method,
            "path": path,
            "query": query,
            "headers": headers,
            "body": String::from_utf8_lossy(&body),
        })
        .to_string();
        let reply = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nX-Up: yes\r\nContent-Length: {}\r\n\r\n{echo}",
            echo.len()
        );
        let written = (&stream).write_all(reply.as_bytes());
        if path == "/slow" {
            SLOW_ANSWERED.fetch_add(1, Ordering::SeqCst);
        }
        if written.is_err() {
            return;
        }
    }
}
