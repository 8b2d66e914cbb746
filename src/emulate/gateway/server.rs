//! The HTTP/1.1 listener: accepts connections on the loopback, turns hyper's requests into
//! [`Incoming`] (original header spelling, the body read up to the 10 MB limit, stage split
//! off), hands them to the REST API or the HTTP API as [`Gateway::dispatch`] decides, and
//! writes one access-log line per request.

use super::access_log::{self, Entry, LogFormat};
use super::header_case::{Recording, Tracker, title_case};
use super::http_api::response::HttpApiError;
use super::request::{Incoming, parse_query};
use super::responses::GatewayError;
use super::{Dispatch, Gateway, error_reply};
use crate::emulate::local_api::{LocalApis, LocalRequest};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming as HyperBody;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime};
use tokio::net::TcpListener;

/// Serves `gateway` (and `local`'s Invoke and admin APIs, when given) on `listener` until
/// `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    gateway: Arc<Gateway>,
    local: Option<Arc<LocalApis>>,
    log: LogFormat,
    shutdown: impl Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            _ = &mut shutdown => return,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(_) => continue,
            },
        };
        let _ = stream.set_nodelay(true);
        let local_port = stream.local_addr().map(|a| a.port()).unwrap_or(0);
        let gateway = gateway.clone();
        let local = local.clone();
        // the client's address as text, once per connection
        let source_ip: Arc<str> = peer.ip().to_string().into();
        tokio::spawn(async move {
            let (io, tracker) = Recording::new(stream);
            let loopback = peer.ip().to_canonical().is_loopback();
            let service = hyper::service::service_fn(move |req| {
                let gateway = gateway.clone();
                let tracker = tracker.clone();
                let source_ip = source_ip.clone();
                let local = local.clone();
                async move {
                    if let Some(local) = local.filter(|_| LocalApis::owns(req.uri().path())) {
                        return Ok::<_, Infallible>(
                            answer_local(&local, &gateway, req, &tracker, loopback, log).await,
                        );
                    }
                    Ok::<_, Infallible>(
                        answer(&gateway, req, &source_ip, local_port, &tracker, log).await,
                    )
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(io), service)
                .await;
        });
    }
}

async fn answer(
    gateway: &Gateway,
    req: Request<HyperBody>,
    source_ip: &str,
    local_port: u16,
    tracker: &Mutex<Tracker>,
    log: LogFormat,
) -> Response<Full<Bytes>> {
    let started = Instant::now();
    let request_id = crate::common::ids::uuid_v4();
    let method = req.method().as_str().to_string();
    let raw_path = req.uri().path().to_string();
    let raw_query = req.uri().query().unwrap_or("").to_string();
    let headers = original_headers(&req, tracker);
    let dispatch = gateway.dispatch(&method, &raw_path);
    let too_large = req
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok())
        .is_some_and(|n| n > gateway.opts.max_body);
    let body = if too_large {
        None
    } else {
        Limited::new(req.into_body(), gateway.opts.max_body)
            .collect()
            .await
            .ok()
            .map(|c| c.to_bytes())
    };
    let (reply, function, note) = match (dispatch, body) {
        (Dispatch::HttpApi, None) => (
            {
                let mut r = HttpApiError::RequestTooLarge.reply();
                let id = crate::emulate::ids::extended_request_id(&request_id);
                r.headers.push(("apigw-requestid".into(), id));
                r
            },
            None,
            Some("request body over 10 MB".to_string()),
        ),
        (_, None) => (
            error_reply(GatewayError::RequestTooLarge, None),
            None,
            Some("request body over 10 MB".to_string()),
        ),
        (Dispatch::OffStage, Some(_)) => (
            error_reply(GatewayError::MissingAuthenticationToken, None),
            None,
            Some(format!("not under the stage /{}", gateway.service.stage)),
        ),
        (dispatch, Some(body)) => {
            let incoming = Incoming {
                method: method.clone(),
                raw_path: raw_path.clone(),
                path: match &dispatch {
                    Dispatch::Rest(path) => path.clone(),
                    _ => raw_path.clone(),
                },
                query: parse_query(&raw_query),
                raw_query,
                headers,
                body,
                source_ip: source_ip.to_string(),
                local_port,
                request_id: request_id.clone(),
                time: SystemTime::now(),
            };
            let out = match dispatch {
                Dispatch::HttpApi => gateway.handle_http_api(incoming).await,
                _ => gateway.handle(incoming).await,
            };
            (out.reply, out.function, out.note)
        }
    };
    access_log::write(
        log,
        &Entry {
            method: &method,
            path: &raw_path,
            status: reply.status,
            elapsed: started.elapsed(),
            request_id: &request_id,
            function: function.as_deref(),
            note: note.as_deref(),
        },
    );
    to_hyper(reply)
}

/// Answers a request for the Invoke or admin API, with its access-log line.
async fn answer_local(
    local: &LocalApis,
    gateway: &Gateway,
    req: Request<HyperBody>,
    tracker: &Mutex<Tracker>,
    loopback: bool,
    log: LogFormat,
) -> Response<Full<Bytes>> {
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let headers = original_headers(&req, tracker);
    let body = Limited::new(req.into_body(), gateway.opts.max_body)
        .collect()
        .await
        .ok()
        .map(|c| c.to_bytes());
    let reply = match body {
        Some(body) => {
            let request = LocalRequest {
                method: &method,
                path: &path,
                query: &query,
                headers: &headers,
                body,
                loopback,
            };
            local.answer(&request).await
        }
        None => super::super::local_api::admin::problem(
            413,
            "RequestTooLargeException",
            "the request body is over 10 MB",
        ),
    };
    let request_id = reply
        .header("x-amzn-RequestId")
        .map(str::to_string)
        .unwrap_or_default();
    access_log::write(
        log,
        &Entry {
            method: &method,
            path: &path,
            status: reply.status,
            elapsed: started.elapsed(),
            request_id: &request_id,
            function: None,
            note: None,
        },
    );
    to_hyper(reply)
}

/// The request's headers, one entry per value, with the client's spelling when known.
pub fn original_headers(
    req: &Request<HyperBody>,
    tracker: &Mutex<Tracker>,
) -> Vec<(String, String)> {
    let names: Vec<&str> = req.headers().keys().map(|k| k.as_str()).collect();
    let raw = tracker.lock().ok().and_then(|mut t| t.take(&names));
    let mut out = Vec::with_capacity(req.headers().len());
    // hyper's names and the recorded ones come in the same order: the i-th usually matches
    let mut index = 0;
    let mut current: Option<(&str, String)> = None;
    for (name, value) in req.headers() {
        let name = name.as_str();
        let spelled = match &current {
            Some((n, s)) if *n == name => s.clone(),
            _ => {
                let s = raw
                    .as_ref()
                    .and_then(|r| {
                        r.get(index)
                            .filter(|n| n.eq_ignore_ascii_case(name))
                            .or_else(|| r.iter().find(|n| n.eq_ignore_ascii_case(name)))
                            .cloned()
                    })
                    .unwrap_or_else(|| title_case(name));
                index += 1;
                current = Some((name, s.clone()));
                s
            }
        };
        let value = match std::str::from_utf8(value.as_bytes()) {
            Ok(v) => v.to_string(),
            Err(_) => String::from_utf8_lossy(value.as_bytes()).into_owned(),
        };
        out.push((spelled, value));
    }
    out
}

/// `reply` as hyper's response (a 502 when a header cannot be written).
pub fn to_hyper(reply: super::proxy_response::Reply) -> Response<Full<Bytes>> {
    let mut builder = Response::builder().status(reply.status);
    for (k, v) in &reply.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    builder.body(Full::new(reply.body)).unwrap_or_else(|_| {
        let mut r = Response::new(Full::new(Bytes::from_static(
            b"{\"message\":\"Internal server error\"}",
        )));
        *r.status_mut() = hyper::StatusCode::BAD_GATEWAY;
        r
    })
}
