//! The events a WebSocket API hands its functions, member for member as AWS documents them
//! (`apigateway/latest/developerguide/websocket-api-develop-routes.html`, the $connect and
//! $disconnect pages, and aws-lambda-go's `apigw-websocket-request-*` samples): a
//! `requestContext` shared by every event of a connection (routeKey, eventType, ids, times,
//! messageDirection `IN`, stage, connectedAt, identity, domainName, connectionId, apiId and the
//! $connect authorizer's context), the upgrade request's headers and query on CONNECT, the
//! close code and reason on DISCONNECT, the message body on MESSAGE.

use crate::common::ids::random_u64;
use crate::emulate::gateway::proxy_event::{forwarded_headers, header_maps, pairs_maps};
use crate::emulate::gateway::request::Incoming;
use crate::emulate::ids::clf_time;
use base64::Engine;
use serde_json::{Map, Value, json};
use std::time::{Duration, UNIX_EPOCH};

/// What stays the same across the events of one connection.
#[derive(Clone, Debug)]
pub struct ConnectionFacts {
    pub connection_id: String,
    /// Epoch milliseconds of the upgrade request.
    pub connected_at: u64,
    /// The host the client connected to (its `Host` header): `127.0.0.1:3001` locally, so
    /// `http://{domainName}/{stage}` is the @connections endpoint.
    pub domain_name: String,
    pub source_ip: String,
    pub user_agent: Option<String>,
    /// `requestContext.authorizer` (principalId, the context values, integrationLatency).
    pub authorizer: Option<Value>,
}

/// The API-wide part of `requestContext`.
#[derive(Clone, Copy, Debug)]
pub struct ApiFacts<'a> {
    pub api_id: &'a str,
    pub stage: &'a str,
}

/// The kind of an event (`eventType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    Connect,
    Message,
    Disconnect,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Connect => "CONNECT",
            EventType::Message => "MESSAGE",
            EventType::Disconnect => "DISCONNECT",
        }
    }
}

/// An id as API Gateway writes its WebSocket ids (`connectionId`, `requestId`, `messageId`):
/// 15 letters and digits and a trailing `=` (`L0SM9cOFvHcCIhw=`), never a character a URL
/// path would need to escape.
pub fn aws_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(16);
    let mut bits = random_u64();
    for i in 0..15 {
        if i == 10 {
            bits = random_u64();
        }
        out.push(char::from(ALPHABET[(bits % 62) as usize]));
        bits /= 62;
    }
    out.push('=');
    out
}

/// The stamps of one event.
#[derive(Clone, Debug)]
pub struct Stamp {
    pub request_id: String,
    /// Epoch milliseconds.
    pub time: u64,
}

impl Stamp {
    pub fn now() -> Stamp {
        Stamp {
            request_id: aws_id(),
            time: crate::common::time::now_millis(),
        }
    }
}

/// `requestContext` of an event. `extra` are the event type's own members (messageId,
/// disconnectStatusCode, disconnectReason), placed where AWS's samples place them.
pub fn request_context(
    api: ApiFacts,
    conn: &ConnectionFacts,
    route_key: &str,
    kind: EventType,
    stamp: &Stamp,
    extra: &[(&str, Value)],
) -> Value {
    let mut rc = Map::with_capacity(18);
    rc.insert("routeKey".into(), route_key.into());
    for (k, v) in extra.iter().filter(|(k, _)| *k != "disconnectReason") {
        rc.insert((*k).into(), v.clone());
    }
    rc.insert("eventType".into(), kind.as_str().into());
    rc.insert("extendedRequestId".into(), stamp.request_id.clone().into());
    rc.insert(
        "requestTime".into(),
        clf_time(UNIX_EPOCH + Duration::from_millis(stamp.time)).into(),
    );
    rc.insert("messageDirection".into(), "IN".into());
    for (k, v) in extra.iter().filter(|(k, _)| *k == "disconnectReason") {
        rc.insert((*k).into(), v.clone());
    }
    rc.insert("stage".into(), api.stage.into());
    rc.insert("connectedAt".into(), conn.connected_at.into());
    rc.insert("requestTimeEpoch".into(), stamp.time.into());
    let mut identity = Map::new();
    identity.insert("sourceIp".into(), conn.source_ip.clone().into());
    if let Some(ua) = &conn.user_agent {
        identity.insert("userAgent".into(), ua.clone().into());
    }
    rc.insert("identity".into(), Value::Object(identity));
    rc.insert("requestId".into(), stamp.request_id.clone().into());
    rc.insert("domainName".into(), conn.domain_name.clone().into());
    rc.insert("connectionId".into(), conn.connection_id.clone().into());
    rc.insert("apiId".into(), api.api_id.into());
    if let Some(a) = &conn.authorizer {
        rc.insert("authorizer".into(), a.clone());
    }
    Value::Object(rc)
}

/// The headers and query members of the upgrade request, as the CONNECT event and the
/// authorizer's event carry them: `headers` and `multiValueHeaders` with the forwarding
/// headers API Gateway adds, the query maps only when there is a query.
pub fn request_members(req: &Incoming) -> Vec<(&'static str, Value)> {
    let (headers, multi_headers) = header_maps(&forwarded_headers(req));
    let mut out = vec![("headers", headers), ("multiValueHeaders", multi_headers)];
    if !req.query.is_empty() {
        let (q, mq) = pairs_maps(&req.query);
        out.push(("queryStringParameters", q));
        out.push(("multiValueQueryStringParameters", mq));
    }
    out
}

/// The `$connect` event.
pub fn connect(api: ApiFacts, conn: &ConnectionFacts, req: &Incoming, stamp: &Stamp) -> Value {
    let mut out = Map::new();
    for (k, v) in request_members(req) {
        out.insert(k.into(), v);
    }
    out.insert(
        "requestContext".into(),
        request_context(api, conn, "$connect", EventType::Connect, stamp, &[]),
    );
    out.insert("isBase64Encoded".into(), false.into());
    Value::Object(out)
}

/// A message's body as the event carries it.
#[derive(Clone, Debug)]
pub enum Body<'a> {
    /// A text frame: the text as is.
    Text(&'a str),
    /// A binary frame: base64, with `isBase64Encoded: true`.
    Binary(&'a [u8]),
}

/// A message's event, routed to `route_key`.
pub fn message(
    api: ApiFacts,
    conn: &ConnectionFacts,
    route_key: &str,
    body: &Body,
    stamp: &Stamp,
    message_id: &str,
) -> Value {
    let rc = request_context(
        api,
        conn,
        route_key,
        EventType::Message,
        stamp,
        &[("messageId", message_id.into())],
    );
    let (body, encoded) = match body {
        Body::Text(t) => (Value::from(*t), false),
        Body::Binary(b) => (
            base64::engine::general_purpose::STANDARD.encode(b).into(),
            true,
        ),
    };
    json!({"requestContext": rc, "body": body, "isBase64Encoded": encoded})
}

/// The `$disconnect` event: the placeholder headers AWS sends (the upgrade request is long
/// gone), the close code and reason.
pub fn disconnect(
    api: ApiFacts,
    conn: &ConnectionFacts,
    code: u16,
    reason: &str,
    stamp: &Stamp,
) -> Value {
    let headers = vec![
        ("Host".to_string(), conn.domain_name.clone()),
        ("x-api-key".to_string(), String::new()),
        ("X-Forwarded-For".to_string(), String::new()),
        ("x-restapi".to_string(), String::new()),
    ];
    let (h, mh) = header_maps(&headers);
    let rc = request_context(
        api,
        conn,
        "$disconnect",
        EventType::Disconnect,
        stamp,
        &[
            ("disconnectStatusCode", code.into()),
            ("disconnectReason", reason.into()),
        ],
    );
    json!({"headers": h, "multiValueHeaders": mh, "requestContext": rc, "isBase64Encoded": false})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> ConnectionFacts {
        ConnectionFacts {
            connection_id: "L0SM9cOFvHcCIhw=".into(),
            connected_at: 1_707_502_303_419,
            domain_name: "127.0.0.1:3001".into(),
            source_ip: "127.0.0.1".into(),
            user_agent: Some("ws".into()),
            authorizer: Some(json!({"principalId": "me", "integrationLatency": 3})),
        }
    }

    const API: ApiFacts = ApiFacts {
        api_id: "abcd123456",
        stage: "dev",
    };

    fn keys(v: &Value) -> Vec<&str> {
        v.as_object().unwrap().keys().map(String::as_str).collect()
    }

    #[test]
    fn ids_look_like_aws_ids() {
        let a = aws_id();
        assert_eq!(a.len(), 16);
        assert!(a.ends_with('='));
        assert!(a[..15].bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_ne!(a, aws_id());
    }

    #[test]
    fn the_three_events_have_aws_members_in_order() {
        let stamp = Stamp {
            request_id: "MZ_2YGG3IAMFT6A=".into(),
            time: 1_707_502_303_420,
        };
        let req = Incoming {
            query: vec![("token".into(), "a".into()), ("token".into(), "b".into())],
            raw_query: "token=a&token=b".into(),
            ..crate::emulate::test_support::incoming("GET", "/dev", &[("Auth", "t")])
        };
        let c = connect(API, &conn(), &req, &stamp);
        assert_eq!(
            keys(&c),
            [
                "headers",
                "multiValueHeaders",
                "queryStringParameters",
                "multiValueQueryStringParameters",
                "requestContext",
                "isBase64Encoded"
            ]
        );
        assert_eq!(c["headers"]["Auth"], "t");
        assert_eq!(c["headers"]["X-Forwarded-Proto"], "http");
        assert_eq!(c["queryStringParameters"]["token"], "b");
        assert_eq!(
            c["multiValueQueryStringParameters"]["token"],
            json!(["a", "b"])
        );
        let rc = &c["requestContext"];
        assert_eq!(
            keys(rc),
            [
                "routeKey",
                "eventType",
                "extendedRequestId",
                "requestTime",
                "messageDirection",
                "stage",
                "connectedAt",
                "requestTimeEpoch",
                "identity",
                "requestId",
                "domainName",
                "connectionId",
                "apiId",
                "authorizer"
            ]
        );
        assert_eq!(rc["requestTime"], "09/Feb/2024:18:11:43 +0000");
        assert_eq!(rc["eventType"], "CONNECT");
        assert_eq!(
            rc["identity"],
            json!({"sourceIp": "127.0.0.1", "userAgent": "ws"})
        );

        let m = message(API, &conn(), "send", &Body::Text("{}"), &stamp, "MID=");
        assert_eq!(keys(&m), ["requestContext", "body", "isBase64Encoded"]);
        assert_eq!(
            keys(&m["requestContext"])[..3],
            ["routeKey", "messageId", "eventType"]
        );
        let b = message(
            API,
            &conn(),
            "$default",
            &Body::Binary(&[0, 255]),
            &stamp,
            "M=",
        );
        assert_eq!(
            (b["body"].as_str(), b["isBase64Encoded"].as_bool()),
            (Some("AP8="), Some(true))
        );

        let d = disconnect(
            API,
            &conn(),
            1005,
            "Client-side close frame status not set",
            &stamp,
        );
        assert_eq!(d["headers"]["Host"], "127.0.0.1:3001");
        assert_eq!(d["headers"]["x-api-key"], "");
        let rc = &d["requestContext"];
        assert_eq!(
            keys(rc)[..6],
            [
                "routeKey",
                "disconnectStatusCode",
                "eventType",
                "extendedRequestId",
                "requestTime",
                "messageDirection"
            ]
        );
        assert_eq!(keys(rc)[6], "disconnectReason");
        assert_eq!(rc["disconnectStatusCode"], 1005);
    }
}
