//! The HTTP API's payload 2.0 event written straight into a byte buffer: the same JSON, byte
//! for byte, as serializing [`event::build`](super::event::build) (pinned by the tests below
//! over random requests), without building a value tree first. The event is written on every
//! request an HTTP API route proxies, and a JWT authorizer's claims are copied as the text
//! made once per token. Payload 1.0 events, authorizer events and function URL events go
//! through the value tree, which stays the reference.

use super::event::{CallerContext, EventInput, body, lower_headers, request_id};
use crate::emulate::gateway::event_writer::{object, string};
use crate::emulate::ids;
use std::io::Write;

/// The 2.0 event of `input` (a route whose payload version is 2.0, not a function URL).
pub fn write_v2(input: &EventInput) -> Vec<u8> {
    let req = input.request;
    let mut o = Vec::with_capacity(1024 + req.body.len() * 4 / 3);
    // the headers are moved, not copied again: the cookie header's values become `cookies`
    let (cookie_headers, headers): (Vec<_>, Vec<_>) = lower_headers(req)
        .into_iter()
        .partition(|(k, _)| k == "cookie");
    let cookies: Vec<&str> = cookie_headers
        .iter()
        .flat_map(|(_, v)| v.split(';').map(str::trim).filter(|c| !c.is_empty()))
        .collect();
    o.extend_from_slice(b"{\"version\":\"2.0\",\"routeKey\":");
    string(&mut o, &input.route.route_key);
    o.extend_from_slice(b",\"rawPath\":");
    string(&mut o, &req.raw_path);
    o.extend_from_slice(b",\"rawQueryString\":");
    string(&mut o, &req.raw_query);
    if !cookies.is_empty() {
        o.extend_from_slice(b",\"cookies\":[");
        for (i, c) in cookies.iter().enumerate() {
            if i > 0 {
                o.push(b',');
            }
            string(&mut o, c);
        }
        o.push(b']');
    }
    o.extend_from_slice(b",\"headers\":");
    joined(&mut o, &headers);
    if !req.query.is_empty() {
        o.extend_from_slice(b",\"queryStringParameters\":");
        joined(&mut o, &req.query);
    }
    o.extend_from_slice(b",\"requestContext\":{\"accountId\":");
    string(&mut o, input.account_id);
    o.extend_from_slice(b",\"apiId\":");
    string(&mut o, input.api_id);
    if let Some(caller) = input.caller {
        o.extend_from_slice(b",\"authorizer\":");
        match caller {
            CallerContext::Jwt(token) => {
                o.extend_from_slice(b"{\"jwt\":");
                o.extend_from_slice(token.http_api().context_json.as_bytes());
                o.push(b'}');
            }
            CallerContext::Lambda(context) => {
                o.extend_from_slice(b"{\"lambda\":");
                let _ = serde_json::to_writer(&mut o, context);
                o.push(b'}');
            }
            CallerContext::Iam(identity) => {
                o.extend_from_slice(b"{\"iam\":");
                let _ = serde_json::to_writer(&mut o, identity);
                o.push(b'}');
            }
        }
    }
    let host = req.header("host").unwrap_or("localhost");
    o.extend_from_slice(b",\"domainName\":");
    string(&mut o, host);
    o.extend_from_slice(b",\"domainPrefix\":");
    string(&mut o, host.split(['.', ':']).next().unwrap_or(""));
    o.extend_from_slice(b",\"http\":{\"method\":");
    string(&mut o, &req.method);
    o.extend_from_slice(b",\"path\":");
    string(&mut o, &req.raw_path);
    o.extend_from_slice(b",\"protocol\":\"HTTP/1.1\",\"sourceIp\":");
    string(&mut o, &req.source_ip);
    o.extend_from_slice(b",\"userAgent\":");
    string(&mut o, req.header("user-agent").unwrap_or(""));
    o.extend_from_slice(b"},\"requestId\":");
    string(&mut o, &request_id(req));
    o.extend_from_slice(b",\"routeKey\":");
    string(&mut o, &input.route.route_key);
    o.extend_from_slice(b",\"stage\":\"$default\",\"time\":");
    string(&mut o, &ids::clf_time(req.time));
    let _ = write!(
        o,
        ",\"timeEpoch\":{}}}",
        crate::common::time::epoch_millis(req.time)
    );
    if !input.params.is_empty() {
        o.extend_from_slice(b",\"pathParameters\":");
        joined(&mut o, input.params);
    }
    let (body, base64) = body(req);
    if let Some(b) = body {
        o.extend_from_slice(b",\"body\":");
        string(&mut o, &b);
    }
    o.extend_from_slice(if base64 {
        b",\"isBase64Encoded\":true}"
    } else {
        b",\"isBase64Encoded\":false}"
    });
    o
}

/// `{name: "v1,v2"}`: each distinct name in order of first appearance, its values joined with
/// commas.
fn joined(o: &mut Vec<u8>, pairs: &[(String, String)]) {
    object(o, pairs, |o, pairs, name| {
        let mut values = pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
        match (values.next(), values.next()) {
            (Some(only), None) => string(o, only),
            (first, second) => {
                let mut all: Vec<&str> = first
                    .into_iter()
                    .chain(second)
                    .map(String::as_str)
                    .collect();
                all.extend(values.map(String::as_str));
                string(o, &all.join(","));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulate::gateway::auth::authorizer::jwt::VerifiedToken;
    use crate::emulate::gateway::http_api::event::build;
    use crate::emulate::gateway::request::Incoming;
    use crate::ir::HttpRoute;
    use proptest::prelude::*;
    use serde_json::{Value, json};
    use std::sync::Arc;

    fn route(key: &str) -> HttpRoute {
        let svc = crate::pipeline::service_from_yaml(&format!(
            "service: s\nprovider: {{ name: aws, runtime: nodejs20.x }}\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - httpApi: '{key}'\n"
        ));
        svc.http_api.routes[0].clone()
    }

    fn name() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "Host",
            "host",
            "Cookie",
            "cookie",
            "Accept",
            "X-Tab\t",
            "x-q\"uote",
            "User-Agent",
            "Content-Type",
            "X-Forwarded-For",
            "ümlaut",
        ])
        .prop_map(String::from)
    }

    fn text() -> impl Strategy<Value = String> {
        prop::string::string_regex("[ -~\\t\\n\"\\\\é;=,]{0,12}").unwrap()
    }

    fn caller(kind: u8) -> Option<CallerContext> {
        let claims = |v: Value| v.as_object().cloned().unwrap_or_default();
        match kind {
            1 => Some(CallerContext::Jwt(Arc::new(VerifiedToken::with_claims(
                claims(
                    json!({"sub": "u\"1", "exp": 4_000_000_000u64, "scp": ["a", "b"], "n": {"x": 1}}),
                ),
            )))),
            2 => Some(CallerContext::Lambda(claims(json!({"who": "x", "n": 2})))),
            3 => Some(CallerContext::Iam(claims(
                json!({"accessKey": null, "userId": "U"}),
            ))),
            _ => None,
        }
    }

    proptest! {
        /// The writer's bytes are the value tree's, serialized, for any request.
        #[test]
        fn written_as_the_value_tree_serializes(
            headers in prop::collection::vec((name(), text()), 0..6),
            query in prop::collection::vec((text(), text()), 0..4),
            params in prop::collection::vec((text(), text()), 0..3),
            body in prop::collection::vec(any::<u8>(), 0..8),
            content_type in prop::sample::select(vec!["", "application/json", "image/png", "text/plain; charset=utf-8"]),
            raw_query in text(),
            kind in 0u8..4,
            key in prop::sample::select(vec!["GET /items/{id}", "*", "ANY /{proxy+}"]),
        ) {
            let mut headers = headers;
            // a request without one gets a random trace id: the two events must share it
            headers.push(("X-Amzn-Trace-Id".into(), "Root=1-6553f100-0123456789abcdef01234567".into()));
            if !content_type.is_empty() {
                headers.push(("Content-Type".into(), content_type.to_string()));
            }
            let req = Incoming {
                method: "POST".into(),
                raw_path: "/items/a%20b".into(),
                path: "/items/a%20b".into(),
                raw_query,
                query,
                headers,
                body: body.into(),
                source_ip: "127.0.0.1".into(),
                local_port: 3000,
                request_id: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef".into(),
                time: std::time::UNIX_EPOCH + std::time::Duration::from_millis(1_700_000_000_123),
            };
            let route = route(key);
            let caller = caller(kind);
            let input = EventInput {
                request: &req,
                route: &route,
                params: &params,
                api_id: "abc123",
                account_id: "123456789012",
                caller: caller.as_ref(),
                function_url_domain: None,
            };
            let reference = serde_json::to_vec(&build(&input)).unwrap();
            let written = write_v2(&input);
            prop_assert_eq!(
                String::from_utf8_lossy(&written),
                String::from_utf8_lossy(&reference)
            );
        }
    }
}
