//! One connection's life after the upgrade: frames from the client become messages routed by
//! the selection expression and handed to their functions (each in a task of its own, as AWS
//! invokes the integration per message, at most [`MAX_IN_FLIGHT`] at a time per connection so
//! a flooding client waits instead of queueing without bound); route responses and
//! @connections posts go out in order; the limits close it (1009 for a frame over 32 KB or a
//! message over 128 KB, 1001 after 10 idle minutes or 2 hours); and when it ends for any
//! reason (the client's close frame, the client just going away, a timeout, DeleteConnection)
//! it leaves the registry and `$disconnect` runs with the close code and reason.
//!
//! Error frames are AWS's: a message no route takes (no match and no `$default`) gets
//! `{"message": "Forbidden", "connectionId": ..., "requestId": ...}`, one whose function
//! fails `{"message": "Internal server error", ...}` and one whose function times out
//! `{"message": "Endpoint request timed out", ...}`.

use super::WebsocketApi;
use super::connections::{Connection, OUTBOUND_QUEUE, Outbound};
use super::events::{self, ApiFacts, Body, ConnectionFacts, Stamp};
use super::limits::{self, GOING_AWAY, TOO_BIG};
use crate::emulate::gateway::LambdaResult;
use crate::emulate::gateway::access_log::{self, Entry};
use base64::Engine;
use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use std::sync::Arc;
use std::time::Instant;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{Semaphore, mpsc};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::error::ProtocolError;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

/// Messages of one connection whose functions may run at once.
pub const MAX_IN_FLIGHT: usize = 64;

/// How long a frame may wait for a client that does not read before the connection is given
/// up as gone (AWS does not say; without a bound one stalled client would hold its
/// connection's task, and every limit it should meet, forever).
pub const WRITE_STALL: std::time::Duration = std::time::Duration::from_secs(30);

/// What AWS does with a binary frame from the client: "API Gateway WebSocket APIs don't
/// currently support binary frames in incoming message payloads ... rejects it and
/// disconnects the client with code 1003" (developer guide, binary media types for WebSocket
/// APIs).
pub const BINARY_REFUSED: (u16, &str) = (1003, "Unsupported data");
/// A text frame that is not UTF-8 (RFC 6455, 7.4.1).
pub const INVALID_PAYLOAD: (u16, &str) = (1007, "Invalid frame payload data");

/// The close code and reason when the client goes away without a close frame.
pub const ABNORMAL: (u16, &str) = (1006, "Connection closed abnormally");
/// When the client's close frame carries no code.
pub const NO_STATUS: (u16, &str) = (1005, "Client-side close frame status not set");

/// The tungstenite settings of AWS's limits.
pub fn config() -> WebSocketConfig {
    WebSocketConfig::default()
        .max_frame_size(Some(limits::MAX_FRAME))
        .max_message_size(Some(limits::MAX_MESSAGE))
}

/// Runs the connection on `io` (the upgraded socket) until it ends, then `$disconnect`.
pub async fn run<IO>(api: Arc<WebsocketApi>, io: IO, facts: ConnectionFacts)
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    let mut ws = WebSocketStream::from_raw_socket(io, Role::Server, Some(config())).await;
    let (tx, mut rx) = mpsc::channel(OUTBOUND_QUEUE);
    let conn = Arc::new(Connection::new(facts, tx));
    api.connections.insert(conn.clone());
    let connected = Instant::now();
    let mut last_active = connected;
    let in_flight = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    let (code, reason): (u16, String) = loop {
        let (deadline, _clock) = limits::next_close(api.opts.timeouts, connected, last_active);
        tokio::select! {
            out = rx.recv() => match out {
                Some(Outbound::Frame(m)) => {
                    last_active = Instant::now();
                    conn.touch(crate::common::time::now_millis());
                    let sent = tokio::time::timeout(WRITE_STALL, ws.send(m)).await;
                    if !matches!(sent, Ok(Ok(()))) {
                        break owned(ABNORMAL);
                    }
                }
                Some(Outbound::Close(code, reason)) => {
                    close(&mut ws, code, &reason).await;
                    break (code, reason);
                }
                None => break owned(GOING_AWAY),
            },
            _ = tokio::time::sleep_until(deadline.into()) => {
                close(&mut ws, GOING_AWAY.0, GOING_AWAY.1).await;
                break owned(GOING_AWAY);
            },
            // a message's function finished while all were busy: read again
            _ = in_flight.acquire(), if in_flight.available_permits() == 0 => {},
            frame = ws.next(), if in_flight.available_permits() > 0 => {
                let now = Instant::now();
                match frame {
                    None => break owned(ABNORMAL),
                    Some(Err(WsError::Capacity(_))) => {
                        close(&mut ws, TOO_BIG.0, TOO_BIG.1).await;
                        break owned(TOO_BIG);
                    }
                    // the TCP connection ended without a close frame: the client went away
                    Some(Err(WsError::Protocol(ProtocolError::ResetWithoutClosingHandshake))) => {
                        break owned(ABNORMAL);
                    }
                    Some(Err(WsError::Protocol(why))) => {
                        let reason = why.to_string();
                        close(&mut ws, 1002, &reason).await;
                        break (1002, reason);
                    }
                    Some(Err(WsError::Utf8(_))) => {
                        close(&mut ws, INVALID_PAYLOAD.0, INVALID_PAYLOAD.1).await;
                        break owned(INVALID_PAYLOAD);
                    }
                    Some(Err(_)) => break owned(ABNORMAL),
                    Some(Ok(Message::Close(frame))) => {
                        // tungstenite has queued the reply: flushing sends it
                        let _ = tokio::time::timeout(WRITE_STALL, SinkExt::close(&mut ws)).await;
                        break match frame {
                            Some(f) => (u16::from(f.code), f.reason.to_string()),
                            None => owned(NO_STATUS),
                        };
                    }
                    Some(Ok(Message::Text(text))) => {
                        last_active = now;
                        conn.touch(crate::common::time::now_millis());
                        let permit = in_flight.clone().try_acquire_owned().ok();
                        let (api, conn) = (api.clone(), conn.clone());
                        tokio::spawn(async move {
                            on_message(&api, &conn, Body::Text(text.as_str())).await;
                            drop(permit);
                        });
                    }
                    Some(Ok(Message::Binary(_))) => {
                        close(&mut ws, BINARY_REFUSED.0, BINARY_REFUSED.1).await;
                        break owned(BINARY_REFUSED);
                    }
                    Some(Ok(_)) => {
                        // pings (answered by tungstenite), pongs: traffic all the same
                        last_active = now;
                        conn.touch(crate::common::time::now_millis());
                    }
                }
            }
        }
    };
    api.connections.remove(&conn.facts.connection_id);
    // as on AWS, `$disconnect` runs once the connection is gone: its socket is let go first
    drop(ws);
    drop(rx);
    on_disconnect(&api, &conn.facts, code, &reason).await;
}

fn owned((code, reason): (u16, &str)) -> (u16, String) {
    (code, reason.to_string())
}

/// Sends a close frame (best effort: the client may be gone).
async fn close<S>(ws: &mut WebSocketStream<S>, code: u16, reason: &str)
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let frame = CloseFrame {
        code: CloseCode::from(code),
        reason: reason.into(),
    };
    let _ = tokio::time::timeout(WRITE_STALL, async {
        let _ = ws.send(Message::Close(Some(frame))).await;
        let _ = ws.flush().await;
    })
    .await;
}

/// AWS's error frame.
pub fn error_frame(message: &str, connection_id: &str, request_id: &str) -> Message {
    let v = serde_json::json!({
        "message": message,
        "connectionId": connection_id,
        "requestId": request_id,
    });
    Message::text(v.to_string())
}

/// What goes back to the client of a route with a route response: the `body` of a proxy
/// answer (binary when `isBase64Encoded`), or the whole answer when it is not one.
pub fn route_response(payload: &[u8]) -> Option<Message> {
    let Ok(v) = serde_json::from_slice::<Value>(payload) else {
        return Some(Message::text(String::from_utf8_lossy(payload).into_owned()));
    };
    match v {
        Value::Null => None,
        Value::String(s) => Some(Message::text(s)),
        Value::Object(ref o) if o.contains_key("statusCode") || o.contains_key("body") => {
            let encoded = o.get("isBase64Encoded").and_then(Value::as_bool) == Some(true);
            match o.get("body") {
                None | Some(Value::Null) => None,
                Some(Value::String(b)) if encoded => base64::engine::general_purpose::STANDARD
                    .decode(b)
                    .ok()
                    .map(|d| Message::binary(Bytes::from(d))),
                Some(Value::String(b)) => Some(Message::text(b.clone())),
                Some(other) => Some(Message::text(other.to_string())),
            }
        }
        other => Some(Message::text(other.to_string())),
    }
}

async fn on_message(api: &WebsocketApi, conn: &Connection, body: Body<'_>) {
    let started = Instant::now();
    let stamp = Stamp::now();
    let text = match body {
        Body::Text(t) => Some(t),
        Body::Binary(_) => None,
    };
    let facts = &conn.facts;
    let Some(route) = api.select(text) else {
        let _ = conn.send(Outbound::Frame(error_frame(
            "Forbidden",
            &facts.connection_id,
            &stamp.request_id,
        )));
        log(
            api,
            "MESSAGE",
            "-",
            403,
            started,
            &stamp,
            None,
            Some("no route and no $default"),
        );
        return;
    };
    let message_id = events::aws_id();
    let api_facts = ApiFacts {
        api_id: &api.api_id,
        stage: &api.stage,
    };
    let event = events::message(api_facts, facts, &route.key, &body, &stamp, &message_id);
    let payload = Bytes::from(serde_json::to_vec(&event).unwrap_or_default());
    let result = api.invoke(&route.function, payload).await;
    let (status, failure) = match &result {
        Some(LambdaResult::Ok(p)) => {
            match route_response(p).filter(|_| route.responds) {
                // a frame the client could not take either: the integration's failure
                Some(frame) if frame.len() > limits::MAX_MESSAGE => {
                    (502, Some("Internal server error"))
                }
                Some(frame) => {
                    let _ = conn.send(Outbound::Frame(frame));
                    (200, None)
                }
                None => (200, None),
            }
        }
        Some(LambdaResult::Error { .. }) => (500, Some("Internal server error")),
        None => (504, Some("Endpoint request timed out")),
    };
    if let Some(message) = failure {
        let frame = error_frame(message, &facts.connection_id, &stamp.request_id);
        let _ = conn.send(Outbound::Frame(frame));
    }
    log(
        api,
        "MESSAGE",
        &route.key,
        status,
        started,
        &stamp,
        Some(&route.function),
        failure,
    );
}

async fn on_disconnect(api: &WebsocketApi, facts: &ConnectionFacts, code: u16, reason: &str) {
    let started = Instant::now();
    let stamp = Stamp::now();
    let note = format!("{code} {reason}");
    let Some(route) = api.route("$disconnect") else {
        log(
            api,
            "DISCONNECT",
            "-",
            200,
            started,
            &stamp,
            None,
            Some(&note),
        );
        return;
    };
    let api_facts = ApiFacts {
        api_id: &api.api_id,
        stage: &api.stage,
    };
    let event = events::disconnect(api_facts, facts, code, reason, &stamp);
    let payload = Bytes::from(serde_json::to_vec(&event).unwrap_or_default());
    // best effort, as on AWS: nothing reaches the client any more
    let status = match api.invoke(&route.function, payload).await {
        Some(LambdaResult::Ok(_)) => 200,
        Some(LambdaResult::Error { .. }) => 500,
        None => 504,
    };
    log(
        api,
        "DISCONNECT",
        "$disconnect",
        status,
        started,
        &stamp,
        Some(&route.function),
        Some(&note),
    );
}

/// One access-log line for a WebSocket event.
#[allow(clippy::too_many_arguments)]
pub fn log(
    api: &WebsocketApi,
    kind: &str,
    route: &str,
    status: u16,
    started: Instant,
    stamp: &Stamp,
    function: Option<&str>,
    note: Option<&str>,
) {
    access_log::write(
        api.opts.log,
        &Entry {
            method: kind,
            path: route,
            status,
            elapsed: started.elapsed(),
            request_id: &stamp.request_id,
            function,
            note,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(m: Option<Message>) -> Option<String> {
        m.map(|m| match m {
            Message::Text(t) => format!("text:{}", t.as_str()),
            Message::Binary(b) => format!("binary:{:?}", b.as_ref()),
            other => format!("{other:?}"),
        })
    }

    #[test]
    fn route_responses_are_the_proxy_answer_body() {
        let cases: &[(&str, Option<&str>)] = &[
            (r#"{"statusCode":200,"body":"hi"}"#, Some("text:hi")),
            (r#"{"statusCode":200}"#, None),
            (
                r#"{"body":"AAE=","isBase64Encoded":true}"#,
                Some("binary:[0, 1]"),
            ),
            (r#"{"body":{"a":1}}"#, Some(r#"text:{"a":1}"#)),
            (r#"{"other":1}"#, Some(r#"text:{"other":1}"#)),
            (r#""plain""#, Some("text:plain")),
            ("42", Some("text:42")),
            ("null", None),
            ("not json", Some("text:not json")),
        ];
        for (payload, want) in cases {
            assert_eq!(
                text(route_response(payload.as_bytes())).as_deref(),
                *want,
                "{payload}"
            );
        }
    }

    #[test]
    fn error_frames_are_aws_json() {
        let Message::Text(t) = error_frame("Forbidden", "c=", "r=") else {
            panic!()
        };
        assert_eq!(
            t.as_str(),
            r#"{"message":"Forbidden","connectionId":"c=","requestId":"r="}"#
        );
    }
}
