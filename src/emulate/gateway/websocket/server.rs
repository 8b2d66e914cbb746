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
use crate::emulate::gateway::server::{Arrival, accept, read_body, to_hyper};
use crate::emulate::routes::percent_decode;
use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming as HyperBody;
use hyper::{Request, Response};
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;
use tokio::net::TcpListener;

/// Serves `api` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    api: Arc<WebsocketApi>,
    shutdown: impl Future<Output = ()>,
) {
    accept(listener, shutdown, move |req, arrival| {
        let api = api.clone();
        async move { answer(&api, req, &arrival).await }
    })
    .await
}

async fn answer(
    api: &Arc<WebsocketApi>,
    mut req: Request<HyperBody>,
    arrival: &Arrival,
) -> Response<Full<Bytes>> {
    let started = Instant::now();
    let mut incoming = arrival.incoming(&req);
    // the connection's id is the request's; AWS names none for a refused one
    incoming.request_id = String::new();
    let (method, path) = (incoming.method.clone(), incoming.raw_path.clone());
    let stage_path = format!("/{}", api.stage);
    let on_stage = path == stage_path || path == format!("{stage_path}/");
    let connections = path
        .strip_prefix(&stage_path)
        .and_then(|p| p.strip_prefix("/@connections/"))
        .map(percent_decode)
        .filter(|id| !id.is_empty() && !id.contains('/'));
    let (response, status, function, note) = if on_stage && wants_websocket(&incoming) {
        // the host the client connected to, as AWS's domainName: `http://{domainName}/{stage}`
        // is then the @connections endpoint
        let domain = domain_name(incoming.header("host"), arrival.local_port);
        let on_upgrade = hyper::upgrade::on(&mut req);
        let a = handshake::answer(api, &incoming, on_upgrade, domain).await;
        if a.status == 101 {
            arrival.stop_tracking();
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
        let body = read_body(req, MAX_POST).await;
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

/// The `domainName` of a connection's events: handlers build the @connections endpoint from
/// it (`http://{domainName}/{stage}`) and call it with the user's AWS credentials, so it is
/// the host the client named only when that is this machine's loopback, and the loopback with
/// the door's port otherwise (on AWS it is the API's own domain, never the client's choice).
pub fn domain_name(host: Option<&str>, port: u16) -> String {
    let loopback = host.is_some_and(|h| {
        let name = match h.rsplit_once(':') {
            Some((n, p)) if p.bytes().all(|b| b.is_ascii_digit()) && !n.ends_with(':') => n,
            _ => h,
        };
        let name = name.trim_start_matches('[').trim_end_matches(']');
        name.eq_ignore_ascii_case("localhost")
            || name
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.to_canonical().is_loopback())
    });
    match host {
        Some(h) if loopback => h.to_string(),
        _ => format!("127.0.0.1:{port}"),
    }
}

#[cfg(test)]
mod tests {
    use super::domain_name;

    #[test]
    fn only_a_loopback_host_becomes_the_domain_name() {
        assert_eq!(domain_name(Some("127.0.0.1:3001"), 3001), "127.0.0.1:3001");
        assert_eq!(domain_name(Some("localhost:3001"), 3001), "localhost:3001");
        assert_eq!(domain_name(Some("[::1]:3001"), 3001), "[::1]:3001");
        assert_eq!(
            domain_name(Some("evil.example:443"), 3001),
            "127.0.0.1:3001"
        );
        assert_eq!(domain_name(Some("10.0.0.5:3001"), 3001), "127.0.0.1:3001");
        assert_eq!(domain_name(None, 3001), "127.0.0.1:3001");
    }
}
