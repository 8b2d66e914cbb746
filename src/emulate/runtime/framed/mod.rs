//! The lean exchange slsc's own bootstraps speak on a worker's pair of pipes instead of HTTP/1.1:
//! the same Runtime API (next job, response, error, init error; same checks, limits and
//! request-id tagging) as length-prefixed frames, served by a small loop.
//!
//! Every frame is `kind: u8`, `len: u32 LE`, then `len` bytes; strings inside are `u16 LE`
//! length + bytes.
//!
//! | kind | from    | payload                                                     |
//! |------|---------|-------------------------------------------------------------|
//! | `N`  | runtime | (empty) — ask for the next job                              |
//! | `R`  | runtime | request id, response body (rest)                            |
//! | `E`  | runtime | request id, error type, error body (rest)                   |
//! | `I`  | runtime | error type, error body (rest) — `init/error`                |
//! | `X`  | runtime | (empty) — replace this runtime after the invocation in flight |
//! | `H`  | runtime | request id, content type — a streamed response begins       |
//! | `S`  | runtime | request id, bytes (rest) — a chunk of the streamed response |
//! | `J`  | slsc    | deadline ms `u64 LE`, request id, function ARN, trace id, client context, event (rest) |
//! | `A`  | slsc    | (empty) — the init error was taken (the runtime exits after it)  |
//!
//! A streamed response (a handler wrapped in `awslambda.streamifyResponse`) is `H`, then `S`
//! chunks as the handler writes them, then `R` with an empty body at its end, or `E` when it
//! fails mid-stream. Responses and errors are not acknowledged. slsc closes its ends on a malformed frame, and
//! when the worker goes away while the runtime waits for a job.

use super::api::{self, ApiState, HandedOutJob, StreamPart};
use bytes::{Buf, Bytes, BytesMut};
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

const HEAD: usize = 5;
/// Largest frame read into memory; a larger response is refused as too large, unread.
#[cfg(not(test))]
const MAX_FRAME: usize = 64 * 1024 * 1024;
#[cfg(test)]
const MAX_FRAME: usize = 8 * 1024 * 1024;

/// A frame from the runtime.
#[derive(Debug, PartialEq, Eq)]
enum Frame {
    Next,
    Response { id: Bytes, body: Bytes },
    Error { id: Bytes, kind: Bytes, body: Bytes },
    InitError { kind: Bytes, body: Bytes },
    Retire,
    StreamHead { id: Bytes, content_type: Bytes },
    StreamChunk { id: Bytes, body: Bytes },
}

/// Serves one channel (the runtime's answers read from `io`, its jobs written to it) until
/// either side ends it.
pub async fn serve<IO>(mut io: IO, state: Arc<ApiState>)
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    let mut buf = BytesMut::with_capacity(16 * 1024);
    while let Some(frame) = read_frame(&mut io, &mut buf, &state).await {
        match frame {
            Frame::Next => {
                let Some(h) = api::take_job(&state).await else {
                    return;
                };
                let Some(out) = job_frame(&state.arn, &h) else {
                    return;
                };
                let written = if out.len() + h.job.payload.len() <= 64 * 1024 {
                    let mut all = out;
                    all.extend_from_slice(&h.job.payload);
                    io.write_all(&all).await
                } else {
                    match io.write_all(&out).await {
                        Ok(()) => io.write_all(&h.job.payload).await,
                        Err(e) => Err(e),
                    }
                };
                if written.is_err() {
                    return;
                }
            }
            Frame::Response { id, body } => {
                let _ = api::deliver_response(&state, text(&id), body.len(), Some(body));
            }
            Frame::Error { id, kind, body } => {
                let _ = api::deliver_error(&state, text(&id), kind_of(&kind), body);
            }
            Frame::StreamHead { id, content_type } => {
                let content_type = text(&content_type).to_string();
                api::forward_part(&state, text(&id), StreamPart::Head { content_type }).await;
            }
            Frame::StreamChunk { id, body } => {
                api::forward_part(&state, text(&id), StreamPart::Chunk(body)).await;
            }
            Frame::Retire => state
                .retire
                .store(true, std::sync::atomic::Ordering::Release),
            Frame::InitError { kind, body } => {
                let _ = api::deliver_init_error(&state, kind_of(&kind), body);
                if io.write_all(&[b'A', 0, 0, 0, 0]).await.is_err() {
                    return;
                }
            }
        }
    }
}

fn text(b: &Bytes) -> &str {
    std::str::from_utf8(b).unwrap_or("")
}

fn kind_of(b: &Bytes) -> Option<&str> {
    std::str::from_utf8(b).ok().filter(|s| !s.is_empty())
}

/// The next whole frame; `None` at the end of the stream, on a truncated or malformed frame,
/// or a read error. A response too large to read is answered here (the invocation fails as
/// too large) and skipped.
async fn read_frame<IO>(io: &mut IO, buf: &mut BytesMut, state: &ApiState) -> Option<Frame>
where
    IO: AsyncRead + Unpin,
{
    loop {
        if let Some(&[kind, a, b, c, d]) = buf.get(..HEAD) {
            let len = u32::from_le_bytes([a, b, c, d]) as usize;
            if len > MAX_FRAME {
                if kind != b'R' {
                    return None;
                }
                skip_oversized(io, buf, len, state).await?;
                continue;
            }
            if buf.len() >= HEAD + len {
                let mut f = buf.split_to(HEAD + len);
                f.advance(HEAD);
                return decode(kind, f.freeze());
            }
            buf.reserve(HEAD + len - buf.len());
        } else if buf.capacity() - buf.len() < 4096 {
            buf.reserve(16 * 1024);
        }
        if io.read_buf(buf).await.ok()? == 0 {
            return None;
        }
    }
}

/// Reads the request id of an `R` frame of `len` bytes (its head is buffered), fails that
/// invocation as too large and drops the rest of the frame.
async fn skip_oversized<IO>(
    io: &mut IO,
    buf: &mut BytesMut,
    len: usize,
    state: &ApiState,
) -> Option<()>
where
    IO: AsyncRead + Unpin,
{
    let id_len = loop {
        if let Some(&[a, b]) = buf.get(HEAD..HEAD + 2) {
            let id_len = usize::from(u16::from_le_bytes([a, b]));
            if buf.len() >= HEAD + 2 + id_len {
                break id_len;
            }
        }
        buf.reserve(4096);
        if io.read_buf(buf).await.ok()? == 0 {
            return None;
        }
    };
    let id = buf.get(HEAD + 2..HEAD + 2 + id_len)?;
    let _ = api::deliver_response(
        state,
        std::str::from_utf8(id).unwrap_or(""),
        len - 2 - id_len,
        None,
    );
    let mut to_skip = HEAD + len;
    loop {
        let n = to_skip.min(buf.len());
        buf.advance(n);
        to_skip -= n;
        if to_skip == 0 {
            return Some(());
        }
        buf.reserve(64 * 1024);
        if io.read_buf(buf).await.ok()? == 0 {
            return None;
        }
    }
}

/// Splits a `u16 LE`-prefixed string off the front of `b`.
fn string(b: &mut Bytes) -> Option<Bytes> {
    let &[x, y] = b.get(..2)? else {
        return None;
    };
    let n = usize::from(u16::from_le_bytes([x, y]));
    if b.len() < 2 + n {
        return None;
    }
    b.advance(2);
    Some(b.split_to(n))
}

fn decode(kind: u8, mut p: Bytes) -> Option<Frame> {
    Some(match kind {
        b'N' if p.is_empty() => Frame::Next,
        b'X' if p.is_empty() => Frame::Retire,
        b'R' => Frame::Response {
            id: string(&mut p)?,
            body: p,
        },
        b'E' => Frame::Error {
            id: string(&mut p)?,
            kind: string(&mut p)?,
            body: p,
        },
        b'H' => Frame::StreamHead {
            id: string(&mut p)?,
            content_type: string(&mut p)?,
        },
        b'S' => Frame::StreamChunk {
            id: string(&mut p)?,
            body: p,
        },
        b'I' => Frame::InitError {
            kind: string(&mut p)?,
            body: p,
        },
        _ => return None,
    })
}

fn put_string(out: &mut Vec<u8>, s: &str) -> Option<()> {
    out.extend_from_slice(&u16::try_from(s.len()).ok()?.to_le_bytes());
    out.extend_from_slice(s.as_bytes());
    Some(())
}

/// The `J` frame of a handed-out job, without the event (which follows it).
fn job_frame(arn: &str, h: &HandedOutJob) -> Option<Vec<u8>> {
    let context = h.job.client_context.as_deref().unwrap_or("");
    let fields = 8 + 8 + h.job.request_id.len() + arn.len() + h.trace_id.len() + context.len();
    let len = u32::try_from(fields + h.job.payload.len()).ok()?;
    let mut out = Vec::with_capacity(HEAD + fields + h.job.payload.len().min(64 * 1024));
    out.push(b'J');
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&h.deadline_ms.to_le_bytes());
    put_string(&mut out, &h.job.request_id)?;
    put_string(&mut out, arn)?;
    put_string(&mut out, &h.trace_id)?;
    put_string(&mut out, context)?;
    Some(out)
}

#[cfg(test)]
mod tests;
