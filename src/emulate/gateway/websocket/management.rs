//! The connection management API (`apigateway-how-to-call-websocket-api-connections.html`,
//! the `apigatewaymanagementapi` service model) at AWS's URL shape,
//! `/<stage>/@connections/{connectionId}` on the WebSocket API's port, so the AWS CLI
//! (`aws apigatewaymanagementapi post-to-connection --endpoint-url http://127.0.0.1:3001/dev`)
//! and the SDKs work unchanged: POST sends its body to the client (a text frame when it is
//! UTF-8, else a binary one; over 128 KB is 413 `PayloadTooLargeException`), GET answers
//! `{connectedAt, identity{sourceIp, userAgent}, lastActiveAt}` (ISO 8601), DELETE closes
//! the connection (204). An unknown or closed connection is 410 `GoneException`; a client
//! that does not read what is queued for it makes POST 429 `LimitExceededException`.
//! Requests are not checked for a SigV4 signature (any credentials work).

use super::WebsocketApi;
use super::connections::{Outbound, SendRefused};
use crate::emulate::gateway::proxy_response::Reply;
use bytes::Bytes;
use serde_json::json;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

/// The close code and reason a DeleteConnection closes with (AWS does not document them).
pub const DELETED: (u16, &str) = (1000, "");

fn reply(status: u16, error: Option<&str>, body: String, request_id: &str) -> Reply {
    let mut headers = vec![
        ("Content-Type".to_string(), "application/json".to_string()),
        ("x-amzn-RequestId".to_string(), request_id.to_string()),
    ];
    if let Some(e) = error {
        headers.push(("x-amzn-ErrorType".to_string(), e.to_string()));
    }
    Reply {
        status,
        headers,
        body: Bytes::from(body),
    }
}

fn error(status: u16, kind: &str, message: &str, request_id: &str) -> Reply {
    let body = json!({ "message": message }).to_string();
    reply(status, Some(kind), body, request_id)
}

/// Answers `method` on connection `id`; `body` is `None` when it was over the 128 KB limit.
pub fn answer(api: &WebsocketApi, method: &str, id: &str, body: Option<Bytes>) -> Reply {
    let request_id = crate::common::ids::uuid_v4();
    let gone = || error(410, "GoneException", "Gone", &request_id);
    if !matches!(method, "POST" | "GET" | "DELETE") {
        return error(403, "ForbiddenException", "Forbidden", &request_id);
    }
    let Some(conn) = api.connections.get(id) else {
        return gone();
    };
    match method {
        "POST" => {
            let Some(data) = body else {
                return error(
                    413,
                    "PayloadTooLargeException",
                    "Request entity too large",
                    &request_id,
                );
            };
            let frame = match Utf8Bytes::try_from(data.clone()) {
                Ok(text) => Message::Text(text),
                Err(_) => Message::Binary(data),
            };
            match conn.send(Outbound::Frame(frame)) {
                Ok(()) => reply(200, None, String::new(), &request_id),
                Err(SendRefused::Gone) => gone(),
                Err(SendRefused::Full) => error(
                    429,
                    "LimitExceededException",
                    "the client side buffer is full",
                    &request_id,
                ),
            }
        }
        "GET" => {
            let f = &conn.facts;
            let mut identity = serde_json::Map::new();
            identity.insert("sourceIp".into(), f.source_ip.clone().into());
            identity.insert(
                "userAgent".into(),
                f.user_agent.clone().unwrap_or_default().into(),
            );
            let body = json!({
                "connectedAt": crate::common::time::iso8601(f.connected_at),
                "identity": identity,
                "lastActiveAt": crate::common::time::iso8601(conn.last_active()),
            });
            reply(200, None, body.to_string(), &request_id)
        }
        _ => match conn.send(Outbound::Close(DELETED.0, DELETED.1.to_string())) {
            Ok(()) => {
                // gone for every later call at once, though the close frame is still on its way
                api.connections.remove(id);
                reply(204, None, String::new(), &request_id)
            }
            Err(SendRefused::Gone) => gone(),
            Err(SendRefused::Full) => error(
                429,
                "LimitExceededException",
                "the client side buffer is full",
                &request_id,
            ),
        },
    }
}
