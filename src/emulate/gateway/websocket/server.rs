//! The WebSocket API's listener: HTTP/1.1 with upgrades (hyper), where `GET /<stage>` with
//! `Upgrade: websocket` is a connection ([`super::handshake`]) and
//! `/<stage>/@connections/{id}` the management API ([`super::management`]). A plain request
//! for the stage URL is 426 Upgrade Required; any other path is API Gateway's 403
//! `{"message":"Forbidden"}`. Header names reach `$connect` with the client's spelling
//! (as the REST API's do), tracked until the upgrade.

use super::WebsocketApi;
use super::handshake::{self, message_reply, wants_websocket};
use super::limits::MAX_POST;
use super::management;
use crate::emulate::gateway::access_log::{self, Entry};
use crate::emulate::gateway::header_case::{Recording, Tracker};
use crate::emulate::gateway::request::{Incoming, parse_query};
use crate::emulate::gateway::server::{original_headers, to_hyper};
use crate::emulate::routes::percent_decode;
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

/// Serves `api` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    api: Arc<WebsocketApi>,
    shutdown: impl Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    let bound = listener.local_addr().ok();
    loop {
        let (stream, peer) = tokio::select! {
            _ = &mut shutdown => return,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(_) => continue,
            },
        };
        let _ = stream.set_nodelay(true);
        let local = stream.local_addr().ok().or(bound);
        let api = api.clone();
        let source_ip: Arc<str> = peer.ip().to_canonical().to_string().into();
        tokio::spawn(async move {
            let (io, tracker) = Recording::new(stream);
            let service = hyper::service::service_fn(move |req| {
                let api = api.clone();
                let tracker = tracker.clone();
                let source_ip = source_ip.clone();
                async move { Ok::<_, Infallible>(answer(&api, req, &source_ip, local, &tracker).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(io), service)
                .with_upgrades()
                .await;
        });
    }
}

async fn answer(
    api: &Arc<WebsocketApi>,
    mut req: Request<HyperBody>,
    source_ip: &str,
    local: Option<std::net::SocketAddr>,
    tracker: &Mutex<Tracker>,
) -> Response<Full<Bytes>> {
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let stage_path = format!("/{}", api.stage);
    let headers = original_headers(&req, tracker);
    let local_port = local.map_or(0, |a| a.port());
    let incoming = Incoming {
        method: method.clone(),
        raw_path: path.clone(),
        path: path.clone(),
        raw_query: req.uri().query().unwrap_or("").to_string(),
        query: parse_query(req.uri().query().unwrap_or("")),
        headers,
        body: Bytes::new(),
        source_ip: source_ip.to_string(),
        local_port,
        request_id: String::new(),
        time: SystemTime::now(),
    };
    let on_stage = path == stage_path || path == format!("{stage_path}/");
    let connections = path
        .strip_prefix(&stage_path)
        .and_then(|p| p.strip_prefix("/@connections/"))
        .map(percent_decode)
        .filter(|id| !id.is_empty() && !id.contains('/'));
    let (response, status, function, note) = if on_stage && wants_websocket(&incoming) {
        // the host the client connected to, as AWS's domainName: `http://{domainName}/{stage}`
        // is then the @connections endpoint
        let domain = incoming
            .header("host")
            .map(String::from)
            .or_else(|| local.map(|a| format!("{}", a)))
            .unwrap_or_default();
        let on_upgrade = hyper::upgrade::on(&mut req);
        let a = handshake::answer(api, &incoming, on_upgrade, domain).await;
        if a.status == 101
            && let Ok(mut t) = tracker.lock()
        {
            t.stop();
        }
        (a.response, a.status, a.function, a.note)
    } else if on_stage && method == "GET" {
        let r = message_reply(426, "Upgrade Required");
        (
            to_hyper(r),
            426,
            None,
            Some("not a WebSocket upgrade".to_string()),
        )
    } else if let Some(id) = connections {
        let body = Limited::new(req.into_body(), MAX_POST)
            .collect()
            .await
            .ok()
            .map(|c| c.to_bytes());
        let reply = management::answer(api, &method, &id, body);
        let status = reply.status;
        (to_hyper(reply), status, None, None)
    } else {
        let r = message_reply(403, "Forbidden");
        (to_hyper(r), 403, None, None)
    };
    access_log::write(
        api.opts.log,
        &Entry {
            method: &method,
            path: &path,
            status,
            elapsed: started.elapsed(),
            request_id: "",
            function: function.as_deref(),
            note: note.as_deref(),
        },
    );
    response
}
