//! The upgrade request and `$connect` (`apigateway-websocket-api-route-keys-connect-
//! disconnect.html`): the upgrade stays pending while the authorizer and the `$connect`
//! function run, and is refused if either says no. A refused authorization answers 401, 403
//! or 500 (see [`super::authorizer`]); a `$connect` function answering a non-2xx
//! `statusCode` refuses with that status, one that fails 502 and one that does not answer
//! within the integration timeout 504 (the statuses clients report from AWS; the page
//! itself only says the connection fails). An answer without `statusCode` connects: the
//! docs are silent, and only a failing integration is said to refuse. A
//! `Sec-WebSocket-Protocol` header in the function's answer is passed on in the 101, which
//! is how an AWS `$connect` handler picks a subprotocol.

use super::WebsocketApi;
use super::connection;
use super::events::{self, ApiFacts, ConnectionFacts, Stamp};
use crate::emulate::gateway::LambdaResult;
use crate::emulate::gateway::proxy_response::Reply;
use crate::emulate::gateway::request::Incoming;
use bytes::Bytes;
use http_body_util::Full;
use hyper::Response;
use hyper::upgrade::OnUpgrade;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use std::sync::Arc;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;

/// What the upgrade request came to.
pub struct Answer {
    pub response: Response<Full<Bytes>>,
    pub status: u16,
    pub function: Option<String>,
    pub note: Option<String>,
}

/// Whether `req` asks for a WebSocket (an `Upgrade: websocket` header).
pub fn wants_websocket(req: &Incoming) -> bool {
    req.header("upgrade")
        .is_some_and(|u| u.trim().eq_ignore_ascii_case("websocket"))
}

/// A JSON `{"message": ...}` reply.
pub fn message_reply(status: u16, message: &str) -> Reply {
    Reply {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: Bytes::from(serde_json::json!({ "message": message }).to_string()),
    }
}

fn refuse(status: u16, message: &str, function: Option<String>, note: String) -> Answer {
    Answer {
        response: crate::emulate::gateway::server::to_hyper(message_reply(status, message)),
        status,
        function,
        note: Some(note),
    }
}

/// What the `$connect` function's answer means.
#[derive(Debug, PartialEq, Eq)]
pub enum ConnectVerdict {
    /// Connect, with the subprotocol the function chose.
    Accept(Option<String>),
    /// Refuse with the status and body the function chose.
    Refuse(u16, String),
    /// Refuse: the integration failed (API Gateway's status and message).
    Fail(u16, &'static str),
}

/// Reads the `$connect` function's result.
pub fn connect_verdict(result: Option<&LambdaResult>) -> ConnectVerdict {
    let payload = match result {
        None => return ConnectVerdict::Fail(504, "Endpoint request timed out"),
        Some(LambdaResult::Error { .. }) => {
            return ConnectVerdict::Fail(502, "Internal server error");
        }
        Some(LambdaResult::Ok(p)) => p,
    };
    let Ok(Value::Object(answer)) = serde_json::from_slice::<Value>(payload) else {
        return ConnectVerdict::Accept(None);
    };
    let protocol = answer
        .get("headers")
        .and_then(Value::as_object)
        .and_then(|h| {
            h.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("sec-websocket-protocol"))
        })
        .and_then(|(_, v)| v.as_str())
        .map(String::from);
    let status = match answer.get("statusCode") {
        None | Some(Value::Null) => return ConnectVerdict::Accept(protocol),
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        Some(_) => None,
    };
    match status {
        Some(200..=299) => ConnectVerdict::Accept(protocol),
        Some(s @ 300..=599) => {
            let body = match answer.get("body") {
                Some(Value::String(b)) => b.clone(),
                _ => String::new(),
            };
            ConnectVerdict::Refuse(s as u16, body)
        }
        // a status no HTTP response can carry: the integration's answer is unusable
        _ => ConnectVerdict::Fail(502, "Internal server error"),
    }
}

/// Answers the upgrade request `req`: runs the authorizer and `$connect`, then switches
/// protocols (the connection's loop starts once hyper hands over the socket) or refuses.
pub async fn answer(
    api: &Arc<WebsocketApi>,
    req: &Incoming,
    on_upgrade: OnUpgrade,
    domain_name: String,
) -> Answer {
    let key = req.header("sec-websocket-key").map(str::trim).unwrap_or("");
    if key.is_empty() {
        return refuse(
            400,
            "Bad Request",
            None,
            "the upgrade request has no Sec-WebSocket-Key".into(),
        );
    }
    if req.header("sec-websocket-version").map(str::trim) != Some("13") {
        let mut a = refuse(
            426,
            "Upgrade Required",
            None,
            "WebSocket version 13 only".into(),
        );
        a.response.headers_mut().insert(
            "Sec-WebSocket-Version",
            hyper::header::HeaderValue::from_static("13"),
        );
        return a;
    }
    let stamp = Stamp::now();
    let mut facts = ConnectionFacts {
        connection_id: events::aws_id(),
        connected_at: stamp.time,
        domain_name,
        source_ip: req.source_ip.clone(),
        user_agent: req.header("user-agent").map(String::from),
        authorizer: None,
    };
    if let Some(a) = &api.authorizer {
        match a.authorize(api, req, &facts, &stamp).await {
            Ok(context) => facts.authorizer = Some(context),
            Err(refusal) => {
                return refuse(
                    refusal.status(),
                    refusal.message(),
                    Some(a.function.clone()),
                    refusal.why().to_string(),
                );
            }
        }
    }
    let mut protocol = None;
    let mut function = None;
    if let Some(route) = api.route("$connect") {
        function = Some(route.function.clone());
        let api_facts = ApiFacts {
            api_id: &api.api_id,
            stage: &api.stage,
        };
        let event = events::connect(api_facts, &facts, req, &stamp);
        let payload = Bytes::from(serde_json::to_vec(&event).unwrap_or_default());
        let result = api.invoke(&route.function, payload).await;
        match connect_verdict(result.as_ref()) {
            ConnectVerdict::Accept(p) => protocol = p,
            ConnectVerdict::Refuse(status, body) => {
                let reply = Reply {
                    status,
                    headers: Vec::new(),
                    body: Bytes::from(body),
                };
                return Answer {
                    response: crate::emulate::gateway::server::to_hyper(reply),
                    status,
                    function,
                    note: Some(format!("$connect answered {status}")),
                };
            }
            ConnectVerdict::Fail(status, message) => {
                let note = format!("$connect failed: {message}");
                return refuse(status, message, function, note);
            }
        }
    }
    let api = api.clone();
    tokio::spawn(async move {
        if let Ok(upgraded) = on_upgrade.await {
            connection::run(api, TokioIo::new(upgraded), facts).await;
        }
    });
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = hyper::StatusCode::SWITCHING_PROTOCOLS;
    let headers = response.headers_mut();
    headers.insert(
        hyper::header::UPGRADE,
        hyper::header::HeaderValue::from_static("websocket"),
    );
    headers.insert(
        hyper::header::CONNECTION,
        hyper::header::HeaderValue::from_static("Upgrade"),
    );
    if let Ok(v) = hyper::header::HeaderValue::from_str(&derive_accept_key(key.as_bytes())) {
        headers.insert(hyper::header::SEC_WEBSOCKET_ACCEPT, v);
    }
    if let Some(v) = protocol.and_then(|p| hyper::header::HeaderValue::from_str(&p).ok()) {
        headers.insert(hyper::header::SEC_WEBSOCKET_PROTOCOL, v);
    }
    Answer {
        response,
        status: 101,
        function,
        note: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(v: &str) -> LambdaResult {
        LambdaResult::Ok(Bytes::from(v.to_string()))
    }

    #[test]
    fn connect_answers_decide_the_upgrade() {
        let cases: Vec<(Option<LambdaResult>, ConnectVerdict)> = vec![
            (
                Some(ok(r#"{"statusCode":200}"#)),
                ConnectVerdict::Accept(None),
            ),
            (
                Some(ok(r#"{"statusCode":"204"}"#)),
                ConnectVerdict::Accept(None),
            ),
            (Some(ok("null")), ConnectVerdict::Accept(None)),
            (Some(ok("not json")), ConnectVerdict::Accept(None)),
            (Some(ok("{}")), ConnectVerdict::Accept(None)),
            (
                Some(ok(
                    r#"{"statusCode":200,"headers":{"sec-websocket-protocol":"chat"}}"#,
                )),
                ConnectVerdict::Accept(Some("chat".into())),
            ),
            (
                Some(ok(r#"{"statusCode":401,"body":"no"}"#)),
                ConnectVerdict::Refuse(401, "no".into()),
            ),
            (
                Some(ok(r#"{"statusCode":"abc"}"#)),
                ConnectVerdict::Fail(502, "Internal server error"),
            ),
            (
                Some(ok(r#"{"statusCode":1000}"#)),
                ConnectVerdict::Fail(502, "Internal server error"),
            ),
            (
                Some(LambdaResult::Error {
                    payload: Bytes::new(),
                    kind: "Handled".into(),
                }),
                ConnectVerdict::Fail(502, "Internal server error"),
            ),
            (
                None,
                ConnectVerdict::Fail(504, "Endpoint request timed out"),
            ),
        ];
        for (result, want) in cases {
            assert_eq!(connect_verdict(result.as_ref()), want, "{result:?}");
        }
    }
}
