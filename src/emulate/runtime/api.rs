//! The Lambda Runtime API (`/2018-06-01/runtime/...`) one worker process talks to, served on its
//! own 127.0.0.1 port: `next` long-polls for the job the pool hands in, `response`/`error`
//! answer it, `init/error` reports a handler that could not be loaded.

use super::errors::{self, MAX_RESPONSE_BYTES};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use bytes::Bytes;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::{mpsc, oneshot};

/// One invocation handed to a worker.
pub struct Job {
    pub request_id: String,
    pub payload: Bytes,
    pub timeout: Duration,
}

/// How the runtime answered.
#[derive(Debug)]
pub enum Reply {
    Response(Bytes),
    Error(Bytes),
    InitError(Bytes),
    TooLarge,
}

/// The invocation a worker owes an answer for.
#[derive(Default)]
pub struct Inflight {
    pub request_id: Option<String>,
    pub reply: Option<oneshot::Sender<Reply>>,
    /// Told when `next` hands the job out.
    pub handed_out: Option<oneshot::Sender<Instant>>,
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
}

const BASE: &str = "/2018-06-01/runtime";

pub fn router(state: Arc<ApiState>) -> Router {
    Router::new()
        .route(&format!("{BASE}/invocation/next"), get(next))
        .route(
            &format!("{BASE}/invocation/{{id}}/response"),
            post(response),
        )
        .route(&format!("{BASE}/invocation/{{id}}/error"), post(error))
        .route(&format!("{BASE}/init/error"), post(init_error))
        .layer(DefaultBodyLimit::max(64 * 1024 * 1024))
        .with_state(state)
}

fn set_current(state: &ApiState, id: Option<String>) {
    if let Ok(mut c) = state.current.lock() {
        *c = id;
    }
}

fn json(status: StatusCode, body: Bytes) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

fn accepted() -> Response {
    json(
        StatusCode::ACCEPTED,
        Bytes::from_static(br#"{"status":"OK"}"#),
    )
}

fn invalid_request_id() -> Response {
    json(
        StatusCode::BAD_REQUEST,
        Bytes::from_static(
            br#"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#,
        ),
    )
}

async fn next(State(state): State<Arc<ApiState>>) -> Response {
    set_current(&state, None);
    let job = {
        let mut jobs = state.jobs.lock().await;
        jobs.recv().await
    };
    let Some(job) = job else {
        return json(
            StatusCode::INTERNAL_SERVER_ERROR,
            Bytes::from_static(
                br#"{"errorMessage":"shutting down","errorType":"ServiceUnavailable"}"#,
            ),
        );
    };
    let now = SystemTime::now();
    if let Ok(mut inf) = state.inflight.lock()
        && let Some(tx) = inf.handed_out.take()
    {
        let _ = tx.send(Instant::now());
    }
    set_current(&state, Some(job.request_id.clone()));
    let deadline = errors::epoch_ms(now) + job.timeout.as_millis() as u64;
    let mut headers = HeaderMap::new();
    let mut put = |name: &'static str, value: String| {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(name, v);
        }
    };
    put("lambda-runtime-aws-request-id", job.request_id);
    put("lambda-runtime-deadline-ms", deadline.to_string());
    put("lambda-runtime-invoked-function-arn", state.arn.clone());
    put("lambda-runtime-trace-id", errors::trace_id(now));
    put("content-type", "application/json".into());
    (StatusCode::OK, headers, job.payload).into_response()
}

/// Takes the answer slot of invocation `id`; `None` when that is not the invocation in flight.
fn take_reply(state: &ApiState, id: &str) -> Option<oneshot::Sender<Reply>> {
    let mut inf = state.inflight.lock().ok()?;
    if inf.request_id.as_deref() != Some(id) {
        return None;
    }
    inf.request_id = None;
    inf.reply.take()
}

async fn response(
    State(state): State<Arc<ApiState>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let Some(tx) = take_reply(&state, &id) else {
        return invalid_request_id();
    };
    if body.len() > MAX_RESPONSE_BYTES {
        let _ = tx.send(Reply::TooLarge);
        return json(
            StatusCode::PAYLOAD_TOO_LARGE,
            errors::request_entity_too_large(),
        );
    }
    let _ = tx.send(Reply::Response(body));
    accepted()
}

async fn error(
    State(state): State<Arc<ApiState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(tx) = take_reply(&state, &id) else {
        return invalid_request_id();
    };
    let _ = tx.send(Reply::Error(error_body(&headers, body)));
    accepted()
}

async fn init_error(
    State(state): State<Arc<ApiState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = error_body(&headers, body);
    if let Ok(mut inf) = state.inflight.lock() {
        match inf.reply.take() {
            Some(tx) => {
                inf.request_id = None;
                let _ = tx.send(Reply::InitError(body));
            }
            None => inf.init_error = Some(body),
        }
    }
    accepted()
}

/// The error JSON as posted; an empty or non-JSON body becomes
/// `{"errorType": <Lambda-Runtime-Function-Error-Type>, "errorMessage": ...}`.
fn error_body(headers: &HeaderMap, body: Bytes) -> Bytes {
    if serde_json::from_slice::<serde_json::Value>(&body).is_ok_and(|v| v.is_object()) {
        return body;
    }
    let kind = headers
        .get("lambda-runtime-function-error-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("Unhandled");
    errors::init_failure(kind, &String::from_utf8_lossy(&body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies() {
        let mut h = HeaderMap::new();
        let obj = Bytes::from_static(br#"{"errorType":"E","errorMessage":"m"}"#);
        assert_eq!(error_body(&h, obj.clone()), obj);
        assert_eq!(
            error_body(&h, Bytes::from_static(b"boom")),
            r#"{"errorType":"Unhandled","errorMessage":"boom"}"#
        );
        h.insert(
            "lambda-runtime-function-error-type",
            HeaderValue::from_static("Runtime.Custom"),
        );
        assert_eq!(
            error_body(&h, Bytes::new()),
            r#"{"errorType":"Runtime.Custom","errorMessage":""}"#
        );
    }
}
