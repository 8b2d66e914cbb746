//! Starts `slsc emulate` on a free loopback port for end-to-end tests and talks HTTP/1.1 to it
//! with a small blocking client (one connection per request, so tests see exactly what the
//! server wrote).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running emulator; killed on drop.
pub struct Emulator {
    child: Child,
    pub addr: String,
    /// What it printed on stdout up to `listening on` (routes, start-up notes).
    pub banner: String,
    /// Everything it wrote to stdout after the banner and to stderr.
    pub log: Arc<Mutex<String>>,
    /// The threads copying its stdout and stderr into `log`.
    readers: Vec<std::thread::JoinHandle<()>>,
}

impl Emulator {
    /// `slsc -c <dir>/serverless.yml emulate --port 0 <extra>`; waits for `listening on`.
    pub fn start(dir: &Path, extra: &[&str]) -> Emulator {
        Emulator::start_with_env(dir, extra, &[])
    }

    /// [`Emulator::start`] with more environment variables.
    pub fn start_with_env(dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> Emulator {
        let mut child = Command::new(env!("CARGO_BIN_EXE_slsc"))
            .envs(env.iter().copied())
            .arg("-c")
            .arg(dir.join("serverless.yml"))
            .args(["--color", "never", "emulate", "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start slsc emulate");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("stderr");
        let err_log = log.clone();
        let err_reader = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut l = err_log.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut banner = String::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        let addr = loop {
            let mut line = String::new();
            if stdout.read_line(&mut line).unwrap_or(0) == 0 || Instant::now() > deadline {
                let _ = child.kill();
                panic!("emulator did not start:\n{banner}\n{}", log.lock().unwrap());
            }
            banner.push_str(&line);
            if let Some(a) = line.trim().strip_prefix("listening on http://") {
                break a.to_string();
            }
        };
        let out_log = log.clone();
        let out_reader = std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                let mut l = out_log.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        Emulator {
            child,
            addr,
            banner,
            log,
            readers: vec![err_reader, out_reader],
        }
    }

    /// Stops it as Ctrl-C would (SIGTERM), waits for it to exit, and returns all it wrote
    /// after the banner: nothing more can come.
    pub fn stop(mut self) -> String {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(
            sent.is_ok_and(|s| s.success()),
            "cannot signal the emulator"
        );
        self.child.wait().expect("the emulator exits");
        for reader in self.readers.drain(..) {
            reader.join().expect("the output was read");
        }
        self.log_text()
    }

    /// The first `ws://` URL of the banner (the WebSocket API's).
    pub fn websocket_url(&self) -> String {
        let at = self
            .banner
            .find("ws://")
            .expect("a WebSocket URL in the banner");
        self.banner[at..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string()
    }

    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[], b"")
    }

    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        request(&self.addr, method, path, headers, body)
    }

    /// The log so far.
    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits until the log contains `needle` (or panics after `secs`).
    pub fn wait_for_log(&self, needle: &str, secs: u64) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while !self.log_text().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "no `{needle}` in log:\n{}",
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Calls `attempt` until it gives a value, a few milliseconds apart; panics naming `what` when
/// none comes within a deadline far beyond what any machine needs.
pub fn poll<T>(what: &str, mut attempt: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(v) = attempt() {
            return v;
        }
        assert!(Instant::now() < deadline, "never happened: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response as read off the wire.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    /// The status line's text (`OK`).
    pub reason: String,
    /// Names lower-cased, in order, repeated names kept.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// One request on a fresh connection (`Connection: close`).
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).ok();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || matches!(method, "POST" | "PUT" | "PATCH") {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).expect("write head");
    // a refused body (413) may close the connection early: ignore write errors
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse(&raw)
}

fn parse(raw: &[u8]) -> Response {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..end]);
    let mut lines = head.split("\r\n");
    let mut status_line = lines.next().unwrap_or("").splitn(3, ' ').skip(1);
    let status = status_line
        .next()
        .and_then(|c| c.parse().ok())
        .expect("status");
    let reason = status_line.next().unwrap_or("").to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        reason,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(nl) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = usize::from_str_radix(String::from_utf8_lossy(&b[..nl]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[nl + 2..nl + 2 + size]);
        b = &b[nl + 2 + size + 2..];
    }
}
