//! `invokeMode: RESPONSE_STREAM`: the function's response reaches the client as the handler
//! writes it (chunked transfer), as Lambda's `InvokeWithResponseStream` feeds a streaming URL.
//!
//! A streaming handler (`awslambda.streamifyResponse`) opens its stream with a content type:
//! the HTTP prelude's ([`super::prelude`]) gives the status and headers, any other is sent as
//! `content-type` with status 200. A handler that does not stream (any Python handler, a Node
//! handler not wrapped) answers once: its result goes out as it is, status 200,
//! `application/json`, not read as a 2.0 response (AWS streams "all response payloads" of a
//! `RESPONSE_STREAM` URL; the raw result as body is observed behaviour, not documented).
//!
//! AWS's limits: 200 MB per streamed response (AWS's documentation, raised from 20 MB), the
//! first 6 MB at full speed and the rest at most 2 MB/s. A failure before the head is a 502
//! (as for buffered URLs); a failure mid-stream, or a stream over 200 MB, cuts the response
//! off (the chunked body never ends), as the client of a real URL sees it.

use super::prelude;
use super::response::{Answer, function_error};
use crate::emulate::gateway::proxy_response::Reply;
use crate::emulate::gateway::{Lambda, LambdaResult};
use crate::emulate::runtime::{StreamPart, StreamSink};
use bytes::{Bytes, BytesMut};
use hyper::body::Frame;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// The largest streamed response.
pub const MAX_STREAMED: usize = 200 * 1024 * 1024;
/// The part of a response streamed at full speed.
pub const UNCAPPED: usize = 6 * 1024 * 1024;
/// The rate of the rest, in bytes per second.
pub const CAPPED_RATE: usize = 2 * 1024 * 1024;

/// A body frame, or the error that cuts the response off.
type BodyPart = Result<Frame<Bytes>, std::io::Error>;

/// Invokes `function` with its response streamed.
pub async fn invoke(lambda: Arc<dyn Lambda>, function: &str, payload: Bytes) -> Answer {
    let (tx, rx): (StreamSink, _) = mpsc::channel(16);
    let f = function.to_string();
    let inv = tokio::spawn(async move { lambda.invoke_streaming(&f, payload, tx).await });
    let mut source = Source {
        parts: rx,
        invocation: Some(inv),
        result: None,
    };
    let content_type = match source.head().await {
        Ok(ct) => ct,
        Err(LambdaResult::Ok(result)) => return unstreamed(result),
        Err(LambdaResult::Error { payload, kind }) => return function_error(&kind, &payload),
    };
    let (status, headers, rest) = if content_type == prelude::CONTENT_TYPE {
        match read_prelude(&mut source).await {
            Ok(p) => p,
            Err(answer) => return *answer,
        }
    } else {
        (
            200,
            vec![("content-type".to_string(), content_type)],
            Bytes::new(),
        )
    };
    let (body_tx, body_rx) = mpsc::channel(16);
    tokio::spawn(pump(source, rest, body_tx));
    Answer {
        reply: Reply {
            status,
            headers,
            body: Bytes::new(),
        },
        stream: Some(body_rx),
        note: None,
    }
}

/// The answer of a handler that did not stream.
fn unstreamed(result: Bytes) -> Answer {
    Answer::whole(Reply {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: result,
    })
}

/// The prelude's status and headers and the body bytes read past it.
async fn read_prelude(
    source: &mut Source,
) -> Result<(u16, Vec<(String, String)>, Bytes), Box<Answer>> {
    let malformed = |why: String| {
        Box::new(
            super::response::UrlError::BadGateway
                .answer(&format!("malformed response stream prelude: {why}")),
        )
    };
    let mut buf = BytesMut::new();
    loop {
        match source.next().await {
            Next::Chunk(b) => {
                buf.extend_from_slice(&b);
                if let Some(at) = prelude::find_delimiter(&buf) {
                    let (status, headers) = prelude::parse(&buf[..at]).map_err(malformed)?;
                    let rest = buf.split_off(at + prelude::DELIMITER.len()).freeze();
                    return Ok((status, headers, rest));
                }
                if buf.len() > prelude::MAX_PRELUDE {
                    return Err(malformed(format!(
                        "no delimiter in the first {} bytes",
                        prelude::MAX_PRELUDE
                    )));
                }
            }
            // nothing written: the runtime sends the prelude only before a first write
            Next::End(LambdaResult::Ok(_)) if buf.is_empty() => {
                return Err(Box::new(Answer::whole(Reply {
                    status: 200,
                    headers: Vec::new(),
                    body: Bytes::new(),
                })));
            }
            Next::End(LambdaResult::Ok(_)) => {
                return Err(malformed("the stream ended before the 8 NUL bytes".into()));
            }
            Next::End(LambdaResult::Error { payload, kind }) => {
                return Err(Box::new(function_error(&kind, &payload)));
            }
        }
    }
}

/// Sends the body on to the client as it comes, at AWS's rates, then ends it (or cuts it off
/// when the function failed or the stream outgrew its limit).
async fn pump(mut source: Source, first: Bytes, out: mpsc::Sender<BodyPart>) {
    let mut pace = Pace::default();
    let mut pending = (!first.is_empty()).then_some(first);
    loop {
        let chunk = match pending.take() {
            Some(b) => b,
            None => match source.next().await {
                Next::Chunk(b) => b,
                Next::End(LambdaResult::Ok(_)) => return,
                Next::End(LambdaResult::Error { .. }) => {
                    let _ = out.send(Err(cut("the function failed mid-stream"))).await;
                    return;
                }
            },
        };
        if chunk.is_empty() {
            continue;
        }
        match pace.admit(chunk.len()) {
            None => {
                let _ = out
                    .send(Err(cut("the streamed response is over 200 MB")))
                    .await;
                return;
            }
            Some(wait) if !wait.is_zero() => tokio::time::sleep(wait).await,
            Some(_) => {}
        }
        if out.send(Ok(Frame::data(chunk))).await.is_err() {
            // the client left; the function runs on, as on AWS
            return;
        }
    }
}

fn cut(why: &str) -> std::io::Error {
    std::io::Error::other(why.to_string())
}

/// The bandwidth limit: the first 6 MB free, the rest at 2 MB/s from where it began.
#[derive(Default)]
struct Pace {
    sent: usize,
    capped_since: Option<std::time::Instant>,
}

impl Pace {
    /// How long to wait before sending `len` more bytes; `None` past the 200 MB limit.
    fn admit(&mut self, len: usize) -> Option<Duration> {
        self.sent = self.sent.checked_add(len)?;
        if self.sent > MAX_STREAMED {
            return None;
        }
        if self.sent <= UNCAPPED {
            return Some(Duration::ZERO);
        }
        let since = *self
            .capped_since
            .get_or_insert_with(std::time::Instant::now);
        let due = Duration::from_secs_f64((self.sent - UNCAPPED) as f64 / CAPPED_RATE as f64);
        Some(due.saturating_sub(since.elapsed()))
    }
}

/// The parts of one streamed invocation and its result.
struct Source {
    parts: mpsc::Receiver<StreamPart>,
    /// Until it finished.
    invocation: Option<JoinHandle<LambdaResult>>,
    result: Option<LambdaResult>,
}

enum Next {
    Chunk(Bytes),
    End(LambdaResult),
}

impl Source {
    /// The stream's content type, or the invocation's result when it ended without streaming.
    async fn head(&mut self) -> Result<String, LambdaResult> {
        loop {
            match self.part().await {
                Some(StreamPart::Head { content_type }) => return Ok(content_type),
                Some(StreamPart::Chunk(_)) => {}
                None => return Err(self.take_result()),
            }
        }
    }

    /// The next chunk, or the invocation's result once every chunk was taken.
    async fn next(&mut self) -> Next {
        loop {
            match self.part().await {
                Some(StreamPart::Chunk(b)) => return Next::Chunk(b),
                Some(StreamPart::Head { .. }) => {}
                None => return Next::End(self.take_result()),
            }
        }
    }

    fn take_result(&mut self) -> LambdaResult {
        self.result.take().unwrap_or_else(|| LambdaResult::Error {
            payload: Bytes::from_static(b"{\"errorMessage\":\"the stream ended twice\"}"),
            kind: "Crashed".into(),
        })
    }

    /// The next part; `None` once the invocation ended and its parts were all taken (they are
    /// all sent before the invocation's answer, so none is lost).
    async fn part(&mut self) -> Option<StreamPart> {
        loop {
            let Some(inv) = self.invocation.as_mut() else {
                return self.parts.try_recv().ok();
            };
            let ended = tokio::select! {
                biased;
                part = self.parts.recv() => match part {
                    Some(p) => return Some(p),
                    None => None,
                },
                r = &mut *inv => Some(r),
            };
            let r = match ended {
                Some(r) => r,
                // every sink is gone: the invocation is about to answer
                None => inv.await,
            };
            self.finish(r);
        }
    }

    fn finish(&mut self, r: Result<LambdaResult, tokio::task::JoinError>) {
        self.invocation = None;
        self.result = Some(r.unwrap_or_else(|e| LambdaResult::Error {
            payload: Bytes::from(format!(
                "{{\"errorMessage\":\"the invocation task failed: {e}\"}}"
            )),
            kind: "Crashed".into(),
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_6_mb_are_free_and_the_rest_paced_up_to_200_mb() {
        let mut p = Pace::default();
        assert_eq!(p.admit(UNCAPPED), Some(Duration::ZERO));
        let wait = p.admit(CAPPED_RATE).unwrap();
        assert!(wait > Duration::from_millis(900) && wait <= Duration::from_secs(1));
        let mut p = Pace::default();
        assert!(p.admit(MAX_STREAMED).is_some());
        assert_eq!(p.admit(1), None);
    }
}
