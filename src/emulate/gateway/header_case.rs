//! Header names as the client wrote them.
//!
//! API Gateway hands the Lambda its request headers with their original spelling
//! (`x-api-key` stays `x-api-key`, `Content-Type` stays `Content-Type`), and handlers index
//! `event.headers` by exact name. hyper lower-cases names and keeps the original spelling
//! private, so the connection is wrapped in [`Recording`], which follows the HTTP/1.1 byte
//! stream as hyper reads it (heads, `Content-Length` and chunked bodies) and queues each
//! request's header names in order. The gateway takes them with [`Tracker::take`] as hyper
//! hands it the request; if anything looks off (a head too large, a confused stream) tracking
//! stops and the gateway falls back to canonical Title-Case names.

use std::collections::VecDeque;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

const MAX_HEAD: usize = 64 * 1024;

/// The header names of the requests read so far on one connection.
#[derive(Default)]
pub struct Tracker {
    /// The part of the HTTP message the next bytes belong to.
    reading: MessagePart,
    head: Vec<u8>,
    queue: VecDeque<Vec<String>>,
    broken: bool,
}

/// The part of an HTTP/1.1 message the tracker is reading; the numbers count the bytes left.
#[derive(Default)]
enum MessagePart {
    #[default]
    Head,
    Body(u64),
    ChunkSize(Vec<u8>),
    ChunkData(u64),
    ChunkDataEnd(u8),
    Trailers(Vec<u8>),
}

impl Tracker {
    /// The original names of the next request's headers, if they agree with `names` (the
    /// lower-cased names hyper parsed).
    pub fn take(&mut self, names: &[&str]) -> Option<Vec<String>> {
        let raw = self.queue.pop_front()?;
        let agrees = raw.len() == names.len()
            && raw
                .iter()
                .all(|r| names.iter().any(|n| n.eq_ignore_ascii_case(r)));
        agrees.then_some(raw)
    }

    /// Stops tracking: the connection no longer carries HTTP (it was upgraded to a WebSocket).
    pub fn stop(&mut self) {
        self.broken = true;
        self.queue.clear();
        self.head = Vec::new();
    }

    fn feed(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() && !self.broken {
            bytes = self.step(bytes);
        }
    }

    fn step<'a>(&mut self, bytes: &'a [u8]) -> &'a [u8] {
        match &mut self.reading {
            MessagePart::Head => {
                let before = self.head.len();
                self.head.extend_from_slice(bytes);
                let Some(end) = find_end(&self.head, before) else {
                    if self.head.len() > MAX_HEAD {
                        self.broken = true;
                    }
                    return &[];
                };
                let consumed = end - before;
                self.parse_head(end);
                self.head.clear();
                &bytes[consumed.min(bytes.len())..]
            }
            MessagePart::Body(n) => {
                let take = (*n).min(bytes.len() as u64) as usize;
                *n -= take as u64;
                if *n == 0 {
                    self.reading = MessagePart::Head;
                }
                &bytes[take..]
            }
            MessagePart::ChunkSize(line) => {
                let Some(nl) = bytes.iter().position(|b| *b == b'\n') else {
                    line.extend_from_slice(bytes);
                    if line.len() > 1024 {
                        self.broken = true;
                    }
                    return &[];
                };
                line.extend_from_slice(&bytes[..nl]);
                let text = String::from_utf8_lossy(line);
                let hex = text.split(';').next().unwrap_or("").trim();
                match u64::from_str_radix(hex, 16) {
                    Ok(0) => self.reading = MessagePart::Trailers(Vec::new()),
                    Ok(n) => self.reading = MessagePart::ChunkData(n),
                    Err(_) => self.broken = true,
                }
                &bytes[nl + 1..]
            }
            MessagePart::ChunkData(n) => {
                let take = (*n).min(bytes.len() as u64) as usize;
                *n -= take as u64;
                if *n == 0 {
                    self.reading = MessagePart::ChunkDataEnd(2);
                }
                &bytes[take..]
            }
            MessagePart::ChunkDataEnd(left) => {
                *left -= 1;
                if *left == 0 {
                    self.reading = MessagePart::ChunkSize(Vec::new());
                }
                &bytes[1..]
            }
            MessagePart::Trailers(line) => {
                let Some(nl) = bytes.iter().position(|b| *b == b'\n') else {
                    line.extend_from_slice(bytes);
                    if line.len() > MAX_HEAD {
                        self.broken = true;
                    }
                    return &[];
                };
                line.extend_from_slice(&bytes[..nl]);
                let blank = line.iter().all(|b| *b == b'\r');
                self.reading = if blank {
                    MessagePart::Head
                } else {
                    MessagePart::Trailers(Vec::new())
                };
                &bytes[nl + 1..]
            }
        }
    }

    /// Parses the head in `self.head[..end]`, queues its names and sets up reading the body.
    fn parse_head(&mut self, end: usize) {
        let text = String::from_utf8_lossy(&self.head[..end]);
        let mut lines = text.split('\n').map(|l| l.trim_end_matches('\r'));
        let _request_line = lines.next();
        let mut names = Vec::new();
        let mut length = 0u64;
        let mut chunked = false;
        for line in lines.filter(|l| !l.is_empty()) {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse().unwrap_or(0);
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.to_ascii_lowercase().contains("chunked");
            }
            if !names.iter().any(|n: &String| n.eq_ignore_ascii_case(name)) {
                names.push(name.to_string());
            }
        }
        self.queue.push_back(names);
        self.reading = if chunked {
            MessagePart::ChunkSize(Vec::new())
        } else if length > 0 {
            MessagePart::Body(length)
        } else {
            MessagePart::Head
        };
    }
}

/// The index just past the `\r\n\r\n` (or `\n\n`) closing a head, searching from `from`
/// (the first one starting at or after `from - 3`), found line feed by line feed.
fn find_end(buf: &[u8], from: usize) -> Option<usize> {
    let start = from.saturating_sub(3);
    let mut at = start;
    loop {
        let p = at + buf.get(at..)?.iter().position(|b| *b == b'\n')?;
        if p > start && buf.get(p - 1) == Some(&b'\r') && buf.get(p + 1..p + 3) == Some(b"\r\n") {
            return Some(p + 3);
        }
        if buf.get(p + 1) == Some(&b'\n') {
            return Some(p + 2);
        }
        at = p + 1;
    }
}

/// A connection whose reads are also fed to a [`Tracker`].
pub struct Recording<IO> {
    inner: IO,
    tracker: Arc<Mutex<Tracker>>,
}

impl<IO> Recording<IO> {
    pub fn new(inner: IO) -> (Self, Arc<Mutex<Tracker>>) {
        let tracker = Arc::new(Mutex::new(Tracker::default()));
        (
            Recording {
                inner,
                tracker: tracker.clone(),
            },
            tracker,
        )
    }
}

impl<IO: AsyncRead + Unpin> AsyncRead for Recording<IO> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = &poll
            && let Ok(mut t) = self.tracker.lock()
        {
            t.feed(&buf.filled()[before..]);
        }
        poll
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for Recording<IO> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// `content-type` → `Content-Type`: the fallback spelling.
pub fn title_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        out.push(if upper { c.to_ascii_uppercase() } else { c });
        upper = c == '-';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fed(chunks: &[&[u8]]) -> Tracker {
        let mut t = Tracker::default();
        for c in chunks {
            t.feed(c);
        }
        t
    }

    #[test]
    fn names_keep_their_spelling_across_pipelined_requests_and_bodies() {
        let stream = b"POST /a HTTP/1.1\r\nHost: x\r\nx-api-key: k\r\nContent-Length: 5\r\n\r\nhelloGET /b HTTP/1.1\r\nhost: y\r\nX-Custom: 1\r\nX-CUSTOM: 2\r\n\r\n";
        // every split point must give the same result
        for cut in 0..stream.len() {
            let mut t = fed(&[&stream[..cut], &stream[cut..]]);
            assert_eq!(
                t.take(&["host", "x-api-key", "content-length"]),
                Some(vec![
                    "Host".into(),
                    "x-api-key".into(),
                    "Content-Length".into()
                ]),
                "cut at {cut}"
            );
            assert_eq!(
                t.take(&["host", "x-custom"]),
                Some(vec!["host".into(), "X-Custom".into()])
            );
            assert_eq!(t.take(&[]), None);
        }
    }

    #[test]
    fn chunked_bodies_with_trailers_are_skipped() {
        let stream = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n3\r\nabc\r\n0\r\nTrailer-A: x\r\n\r\nGET / HTTP/1.1\r\nAccept: */*\r\n\r\n";
        for cut in 0..stream.len() {
            let mut t = fed(&[&stream[..cut], &stream[cut..]]);
            assert!(t.take(&["transfer-encoding"]).is_some(), "cut {cut}");
            assert_eq!(
                t.take(&["accept"]),
                Some(vec!["Accept".into()]),
                "cut {cut}"
            );
        }
    }

    #[test]
    fn disagreement_and_oversized_heads_fall_back() {
        let mut t = fed(&[b"GET / HTTP/1.1\r\nA: 1\r\n\r\n"]);
        assert_eq!(t.take(&["b"]), None);
        let mut big = b"GET / HTTP/1.1\r\nA: ".to_vec();
        big.extend(std::iter::repeat_n(b'x', MAX_HEAD + 10));
        let mut t = fed(&[&big, b"\r\n\r\n"]);
        assert!(t.broken);
        assert_eq!(t.take(&["a"]), None);
    }

    /// The plain scan `find_end` replaced: the same answer on every input.
    fn find_end_bytewise(buf: &[u8], from: usize) -> Option<usize> {
        (from.saturating_sub(3)..buf.len()).find_map(|i| {
            if buf[i..].starts_with(b"\r\n\r\n") {
                Some(i + 4)
            } else if buf[i..].starts_with(b"\n\n") {
                Some(i + 2)
            } else {
                None
            }
        })
    }

    proptest::proptest! {
        #[test]
        fn find_end_agrees_with_a_bytewise_scan(
            buf in proptest::collection::vec(proptest::sample::select(vec![b'\r', b'\n', b'a']), 0..24),
            from in 0usize..28,
        ) {
            proptest::prop_assert_eq!(find_end(&buf, from), find_end_bytewise(&buf, from));
        }
    }

    #[test]
    fn title_case_fallback() {
        assert_eq!(title_case("content-type"), "Content-Type");
        assert_eq!(title_case("x-api-key"), "X-Api-Key");
        assert_eq!(title_case("accept"), "Accept");
    }
}
