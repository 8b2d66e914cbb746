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
    accept(listener, shutdown, move |req, arrival| {
        let gateway = gateway.clone();
        let local = local.clone();
        async move {
            if let Some(local) = local.filter(|_| LocalApis::owns(req.uri().path())) {
                return answer_local(&local, &gateway, req, &arrival, log).await;
            }
            answer(&gateway, req, &arrival, log).await
        }
    })
    .await
}

/// Where a request came from: what the accept loop knows beyond hyper's view of it.
#[derive(Clone)]
pub struct Arrival {
    /// The client's address as text.
    pub source_ip: Arc<str>,
    /// The port the client connected to.
    pub local_port: u16,
    /// Whether the client is on this machine.
    pub loopback: bool,
    tracker: Arc<Mutex<Tracker>>,
}

impl Arrival {
    /// The request's headers, one entry per value, with the client's spelling when known.
    pub fn headers(&self, req: &Request<HyperBody>) -> Vec<(String, String)> {
        original_headers(req, &self.tracker)
    }

    /// Stops following the connection's HTTP header spelling: it was upgraded (a WebSocket).
    pub fn stop_tracking(&self) {
        if let Ok(mut t) = self.tracker.lock() {
            t.stop();
        }
    }

    /// What every door reads of a request before its body: a new request id, the time, the
    /// method, path (whole: a door with a stage narrows `path`), query and headers, and where
    /// it came from; the body is the door's to read, within its own limit ([`read_body`]).
    pub fn incoming(&self, req: &Request<HyperBody>) -> Incoming {
        let raw_path = req.uri().path().to_string();
        let raw_query = req.uri().query().unwrap_or("").to_string();
        Incoming {
            method: req.method().as_str().to_string(),
            path: raw_path.clone(),
            raw_path,
            query: parse_query(&raw_query),
            raw_query,
            headers: self.headers(req),
            body: Bytes::new(),
            source_ip: self.source_ip.to_string(),
            local_port: self.local_port,
            request_id: crate::common::ids::uuid_v4(),
            time: SystemTime::now(),
        }
    }
}

/// The HTTP/1.1 accept loop every door shares: each connection kept alive, with the client's
/// header spelling recorded, each request answered by `handler` (with any body type, so a door
/// can stream), until `shutdown` completes.
pub async fn accept<H, F, B>(listener: TcpListener, shutdown: impl Future<Output = ()>, handler: H)
where
    H: Fn(Request<HyperBody>, Arrival) -> F + Clone + Send + Sync + 'static,
    F: Future<Output = Response<B>> + Send + 'static,
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            _ = &mut shutdown => return,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // out of file descriptors (EMFILE) fails again at once: pause rather than spin,
                // and let the connections being served finish and free theirs
                Err(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let local_port = stream.local_addr().map(|a| a.port()).unwrap_or(0);
        let handler = handler.clone();
        tokio::spawn(async move {
            let (io, tracker) = Recording::new(stream);
            let arrival = Arrival {
                // the client's address as text, once per connection
                // an IPv4 client of a dual-stack listener as IPv4, as AWS would see it
                source_ip: peer.ip().to_canonical().to_string().into(),
                local_port,
                loopback: peer.ip().to_canonical().is_loopback(),
                tracker,
            };
            let service = hyper::service::service_fn(move |req| {
                let answer = handler(req, arrival.clone());
                async move { Ok::<_, Infallible>(answer.await) }
            });
            // upgrades are for the WebSocket API's door; the others answer them as their
            // service does, and hyper then keeps the connection as HTTP
            let _ = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(io), service)
                .with_upgrades()
                .await;
        });
    }
}

/// The request's body, or `None` when it is over `max` bytes (by its Content-Length, before
/// reading it, or as it arrives).
pub async fn read_body(req: Request<HyperBody>, max: usize) -> Option<Bytes> {
    let too_large = req
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok())
        .is_some_and(|n| n > max);
    if too_large {
        return None;
    }
    Limited::new(req.into_body(), max)
        .collect()
        .await
        .ok()
        .map(|c| c.to_bytes())
}

async fn answer(
    gateway: &Gateway,
    req: Request<HyperBody>,
    arrival: &Arrival,
    log: LogFormat,
) -> Response<Full<Bytes>> {
    let started = Instant::now();
    let mut incoming = arrival.incoming(&req);
    let (method, raw_path) = (incoming.method.clone(), incoming.raw_path.clone());
    let request_id = incoming.request_id.clone();
    let dispatch = gateway.dispatch(&method, &raw_path);
    let body = read_body(req, gateway.opts.max_body).await;
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
            incoming.body = body;
            if let Dispatch::Rest(path) = &dispatch {
                incoming.path = path.clone();
            }
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
    arrival: &Arrival,
    log: LogFormat,
) -> Response<Full<Bytes>> {
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let headers = arrival.headers(&req);
    let loopback = arrival.loopback;
    let body = read_body(req, gateway.opts.max_body).await;
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
    with_head(reply.status, &reply.headers, Full::new(reply.body)).unwrap_or_else(|| {
        let mut r = Response::new(Full::new(Bytes::from_static(
            b"{\"message\":\"Internal server error\"}",
        )));
        *r.status_mut() = hyper::StatusCode::BAD_GATEWAY;
        r
    })
}

/// `body` with `status` and `headers`; `None` when one of them cannot be written (a handler's
/// header value with a newline), for the door to answer its own error instead.
pub fn with_head<B>(status: u16, headers: &[(String, String)], body: B) -> Option<Response<B>> {
    let mut builder = Response::builder().status(status);
    for (k, v) in headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    builder.body(body).ok()
}
