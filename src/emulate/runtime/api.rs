//! The Lambda Runtime API (`/2018-06-01/runtime/...`) one worker process talks to, served on its
//! own 127.0.0.1 port (slsc's own bootstraps speak the same API in frames on a pair of pipes,
//! see [`super::framed`]): `next` long-polls for the job the pool hands in, `response`/`error`
//! answer it, `init/error` reports a handler that could not be loaded. Plain hyper: four
//! routes, matched by hand, keep the per-invocation cost low.

use super::errors::{self, MAX_RESPONSE_BYTES};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{mpsc, oneshot};

/// One invocation handed to a worker.
pub struct Job {
    pub request_id: String,
    pub payload: Bytes,
    pub timeout: Duration,
    /// The caller's client context (JSON text), as `Lambda-Runtime-Client-Context` carries it.
    pub client_context: Option<String>,
}

/// How the runtime answered.
#[derive(Debug)]
pub enum Reply {
    Response(Bytes),
    Error(Bytes),
    InitError(Bytes),
    TooLarge,
}

/// A part of a streamed response, in the order the runtime wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StreamPart {
    /// The stream's content type (`setContentType`, else `application/octet-stream`): comes
    /// first, once, before any chunk.
    Head { content_type: String },
    /// Bytes as the handler wrote them.
    Chunk(Bytes),
}

/// Where the parts of a streamed response go, as they come; the response's end is the
/// invocation's answer (an empty response, or an error mid-stream).
pub type StreamSink = mpsc::Sender<StreamPart>;

/// The invocation a worker owes an answer for.
#[derive(Default)]
pub struct Inflight {
    pub request_id: Option<String>,
    pub reply: Option<oneshot::Sender<Reply>>,
    /// Where a streamed response goes (an invocation through a `RESPONSE_STREAM` URL).
    pub stream: Option<StreamSink>,
    /// A streamed response with no sink waiting for it (a streaming handler invoked as usual):
    /// collected here and answered whole, as Lambda's `Invoke` does (`None`: nothing streamed).
    pub collected: Option<bytes::BytesMut>,
    /// When `next` handed the job out (the function timeout counts from then).
    pub handed_out: Option<Instant>,
    /// An `init/error` posted before any job was waiting.
    pub init_error: Option<Bytes>,
}

/// Shared by the API handlers of one worker and the pool.
pub struct ApiState {
    pub jobs: tokio::sync::Mutex<mpsc::Receiver<Job>>,
    pub inflight: Mutex<Inflight>,
    pub arn: String,
    /// The request the worker is busy with, to tag its output lines.
    pub current: Arc<Mutex<Option<String>>>,
    /// Set once the runtime first asks for a job (its init phase is over).
    pub ready: tokio::sync::watch::Sender<bool>,
    /// The runtime asked to be replaced after its invocation in flight.
    pub retire: std::sync::atomic::AtomicBool,
}

const BASE: &str = "/2018-06-01/runtime";

/// Largest request body the API reads (a response over Lambda's 6 MB is refused after reading).
const MAX_BODY: usize = 64 * 1024 * 1024;

/// Serves the API on one accepted connection until the runtime closes it.
pub async fn serve_connection<IO>(io: IO, state: Arc<ApiState>)
where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |req| {
        let state = state.clone();
        async move { Ok::<_, Infallible>(route(&state, req).await) }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .pipeline_flush(true)
        .serve_connection(TokioIo::new(io), service)
        .await;
}

/// Accepts connections on `listener` and serves each.
pub async fn serve_tcp(listener: tokio::net::TcpListener, state: Arc<ApiState>) {
    while let Ok((stream, _)) = listener.accept().await {
        let _ = stream.set_nodelay(true);
        tokio::spawn(serve_connection(stream, state.clone()));
    }
}

async fn route(state: &ApiState, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let Some(rest) = req.uri().path().strip_prefix(BASE) else {
        return not_found();
    };
    enum ApiCall {
        Next,
        Response(String),
        Error(String),
        InitError,
    }
    let call = match (req.method(), rest) {
        (&Method::GET, "/invocation/next") => ApiCall::Next,
        (&Method::POST, "/init/error") => ApiCall::InitError,
        (&Method::POST, r) => match r.strip_prefix("/invocation/") {
            Some(t) => match (t.strip_suffix("/response"), t.strip_suffix("/error")) {
                (Some(id), _) if !id.contains('/') => ApiCall::Response(id.to_string()),
                (_, Some(id)) if !id.contains('/') => ApiCall::Error(id.to_string()),
                _ => return not_found(),
            },
            None => return not_found(),
        },
        _ => return not_found(),
    };
    if let ApiCall::Next = call {
        return next(state).await;
    }
    if let ApiCall::Response(id) = &call
        && is_streaming(req.headers())
    {
        return streamed(state, id, req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(body) = Limited::new(body, MAX_BODY)
        .collect()
        .await
        .map(|c| c.to_bytes())
    else {
        return json(
            StatusCode::PAYLOAD_TOO_LARGE,
            errors::request_entity_too_large(),
        );
    };
    ack_response(match call {
        ApiCall::Response(id) => deliver_response(state, &id, body.len(), Some(body)),
        ApiCall::Error(id) => deliver_error(state, &id, error_type(&parts.headers), body),
        _ => deliver_init_error(state, error_type(&parts.headers), body),
    })
}

/// `Lambda-Runtime-Function-Response-Mode: streaming`: the response comes as it is written.
fn is_streaming(headers: &HeaderMap) -> bool {
    headers
        .get("lambda-runtime-function-response-mode")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"streaming"))
}

/// A streamed response (chunked, as Lambda's runtimes send it): each body frame is handed on
/// as it arrives; an error mid-stream comes as the `Lambda-Runtime-Function-Error-Type` and
/// `-Error-Body` (base64) trailers and fails the invocation.
async fn streamed(state: &ApiState, id: &str, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or(DEFAULT_STREAM_CONTENT_TYPE)
        .to_string();
    forward_part(state, id, StreamPart::Head { content_type }).await;
    let mut body = req.into_body();
    let mut trailers = None;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return ack_response(deliver_error(
                state,
                id,
                Some("Runtime.StreamError"),
                Bytes::from_static(b"the response stream broke off"),
            ));
        };
        match frame.into_data() {
            Ok(data) => forward_part(state, id, StreamPart::Chunk(data)).await,
            Err(frame) => trailers = frame.into_trailers().ok(),
        }
    }
    let failed = trailers.as_ref().and_then(|t| {
        let kind = t.get("lambda-runtime-function-error-type")?.to_str().ok()?;
        let body = t
            .get("lambda-runtime-function-error-body")
            .and_then(|v| {
                use base64::Engine;
                base64::engine::general_purpose::STANDARD
                    .decode(v.as_bytes())
                    .ok()
            })
            .unwrap_or_default();
        Some((kind.to_string(), Bytes::from(body)))
    });
    ack_response(match failed {
        Some((kind, body)) => deliver_error(state, id, Some(&kind), body),
        None => deliver_response(state, id, 0, Some(Bytes::new())),
    })
}

/// The content type of a stream the handler gave none.
pub const DEFAULT_STREAM_CONTENT_TYPE: &str = "application/octet-stream";

fn set_current(state: &ApiState, id: Option<String>) {
    if let Ok(mut c) = state.current.lock() {
        *c = id;
    }
}

fn json(status: StatusCode, body: Bytes) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(body));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

fn not_found() -> Response<Full<Bytes>> {
    json(
        StatusCode::NOT_FOUND,
        Bytes::from_static(br#"{"errorMessage":"Not found","errorType":"NotFound"}"#),
    )
}

fn accepted() -> Response<Full<Bytes>> {
    json(
        StatusCode::ACCEPTED,
        Bytes::from_static(br#"{"status":"OK"}"#),
    )
}

fn invalid_request_id() -> Response<Full<Bytes>> {
    json(
        StatusCode::BAD_REQUEST,
        Bytes::from_static(
            br#"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#,
        ),
    )
}

/// A job as the runtime receives it: the deadline and trace id are stamped when it is handed out.
pub struct HandedOutJob {
    pub job: Job,
    pub deadline_ms: u64,
    pub trace_id: String,
}

/// Waits for the next job (`None`: the worker is going away), tells the pool it was taken and
/// tags the worker's output with its request id.
pub async fn take_job(state: &ApiState) -> Option<HandedOutJob> {
    set_current(state, None);
    if !*state.ready.borrow() {
        state.ready.send_replace(true);
    }
    let job = {
        let mut jobs = state.jobs.lock().await;
        jobs.recv().await
    }?;
    let now = SystemTime::now();
    if let Ok(mut inf) = state.inflight.lock() {
        inf.handed_out = Some(Instant::now());
    }
    set_current(state, Some(job.request_id.clone()));
    Some(HandedOutJob {
        deadline_ms: crate::common::time::epoch_millis(now) + job.timeout.as_millis() as u64,
        trace_id: errors::trace_id(now),
        job,
    })
}

async fn next(state: &ApiState) -> Response<Full<Bytes>> {
    let Some(h) = take_job(state).await else {
        return json(
            StatusCode::INTERNAL_SERVER_ERROR,
            Bytes::from_static(
                br#"{"errorMessage":"shutting down","errorType":"ServiceUnavailable"}"#,
            ),
        );
    };
    let mut r = json(StatusCode::OK, h.job.payload);
    let headers: &mut HeaderMap = r.headers_mut();
    let mut put = |name: &'static str, value: String| {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(name, v);
        }
    };
    put("lambda-runtime-aws-request-id", h.job.request_id);
    put("lambda-runtime-deadline-ms", h.deadline_ms.to_string());
    put("lambda-runtime-invoked-function-arn", state.arn.clone());
    put("lambda-runtime-trace-id", h.trace_id);
    if let Some(c) = h.job.client_context {
        put("lambda-runtime-client-context", c);
    }
    r
}

/// The answer slot of the invocation in flight, and what it streamed with no sink to read it.
type Taken = (oneshot::Sender<Reply>, Option<bytes::BytesMut>);

/// Takes the answer slot of invocation `id` (and ends its stream); `None` when that is not the
/// invocation in flight.
fn take_reply(state: &ApiState, id: &str) -> Option<Taken> {
    let mut inf = state.inflight.lock().ok()?;
    if inf.request_id.as_deref() != Some(id) {
        return None;
    }
    inf.request_id = None;
    inf.stream = None;
    let collected = inf.collected.take();
    Some((inf.reply.take()?, collected))
}

/// Takes a part of the streamed response of invocation `id`: the sink to hand it to, or
/// `None` when it was collected here (no sink), too large to collect, or not for the
/// invocation in flight.
pub fn stream_part(
    state: &ApiState,
    id: &str,
    part: StreamPart,
) -> Option<(StreamSink, StreamPart)> {
    let mut inf = state.inflight.lock().ok()?;
    if inf.request_id.as_deref() != Some(id) {
        return None;
    }
    if let Some(sink) = &inf.stream {
        return Some((sink.clone(), part));
    }
    let collected = inf.collected.get_or_insert_with(bytes::BytesMut::new);
    if let StreamPart::Chunk(b) = part {
        // one byte over the limit is enough to refuse the response at its end
        let room = (MAX_RESPONSE_BYTES + 1).saturating_sub(collected.len());
        collected.extend_from_slice(&b[..b.len().min(room)]);
    }
    None
}

/// Hands a streamed part on (a sink whose reader is gone takes nothing more).
pub async fn forward_part(state: &ApiState, id: &str, part: StreamPart) {
    if let Some((sink, part)) = stream_part(state, id, part) {
        let _ = sink.send(part).await;
    }
}

/// How the API took an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ack {
    Accepted,
    /// Not the invocation in flight.
    InvalidRequestId,
    /// A response over Lambda's 6 MB (the invocation fails with `ResponseTooLarge`).
    TooLarge,
}

fn ack_response(ack: Ack) -> Response<Full<Bytes>> {
    match ack {
        Ack::Accepted => accepted(),
        Ack::InvalidRequestId => invalid_request_id(),
        Ack::TooLarge => json(
            StatusCode::PAYLOAD_TOO_LARGE,
            errors::request_entity_too_large(),
        ),
    }
}

/// Delivers the response of invocation `id`, `body_len` bytes long (`body` is `None` when it
/// was too large to be read).
pub fn deliver_response(
    state: &ApiState,
    id: &str,
    mut body_len: usize,
    mut body: Option<Bytes>,
) -> Ack {
    let Some((tx, collected)) = take_reply(state, id) else {
        return Ack::InvalidRequestId;
    };
    // a stream nobody was reading: its bytes are the response
    if let Some(c) = collected {
        body_len += c.len();
        body = body.map(|b| {
            let mut all = c;
            all.extend_from_slice(&b);
            all.freeze()
        });
    }
    match body {
        Some(body) if body_len <= MAX_RESPONSE_BYTES => {
            let _ = tx.send(Reply::Response(body));
            Ack::Accepted
        }
        _ => {
            let _ = tx.send(Reply::TooLarge);
            Ack::TooLarge
        }
    }
}

/// Delivers the error of invocation `id`; `kind` is the `Lambda-Runtime-Function-Error-Type`.
pub fn deliver_error(state: &ApiState, id: &str, kind: Option<&str>, body: Bytes) -> Ack {
    let Some((tx, _)) = take_reply(state, id) else {
        return Ack::InvalidRequestId;
    };
    let _ = tx.send(Reply::Error(error_body(kind, body)));
    Ack::Accepted
}

/// Delivers an `init/error`: fails the invocation waiting for this worker, or the next one.
pub fn deliver_init_error(state: &ApiState, kind: Option<&str>, body: Bytes) -> Ack {
    let body = error_body(kind, body);
    if let Ok(mut inf) = state.inflight.lock() {
        match inf.reply.take() {
            Some(tx) => {
                inf.request_id = None;
                let _ = tx.send(Reply::InitError(body));
            }
            None => inf.init_error = Some(body),
        }
    }
    Ack::Accepted
}

fn error_type(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("lambda-runtime-function-error-type")
        .and_then(|v| v.to_str().ok())
}

/// The error JSON as posted; an empty or non-JSON body becomes
/// `{"errorType": <kind or "Unhandled">, "errorMessage": ...}`.
fn error_body(kind: Option<&str>, body: Bytes) -> Bytes {
    if serde_json::from_slice::<serde_json::Value>(&body).is_ok_and(|v| v.is_object()) {
        return body;
    }
    errors::init_failure(kind.unwrap_or("Unhandled"), &String::from_utf8_lossy(&body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies() {
        let mut h = HeaderMap::new();
        let obj = Bytes::from_static(br#"{"errorType":"E","errorMessage":"m"}"#);
        assert_eq!(error_body(error_type(&h), obj.clone()), obj);
        assert_eq!(
            error_body(error_type(&h), Bytes::from_static(b"boom")),
            r#"{"errorType":"Unhandled","errorMessage":"boom"}"#
        );
        h.insert(
            "lambda-runtime-function-error-type",
            HeaderValue::from_static("Runtime.Custom"),
        );
        assert_eq!(
            error_body(error_type(&h), Bytes::new()),
            r#"{"errorType":"Runtime.Custom","errorMessage":""}"#
        );
    }
}
