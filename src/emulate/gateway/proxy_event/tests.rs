//! Tests of the proxy event's shape.

use super::*;
use crate::emulate::gateway::request::parse_query;
use bytes::Bytes;
use std::time::{Duration, UNIX_EPOCH};

fn incoming(body: &'static [u8], headers: &[(&str, &str)], query: &str) -> Incoming {
    Incoming {
        method: "POST".into(),
        raw_path: "/dev/users/a%20b".into(),
        path: "/users/a%20b".into(),
        raw_query: query.into(),
        query: parse_query(query),
        headers: headers
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        body: Bytes::from_static(body),
        source_ip: "127.0.0.1".into(),
        local_port: 3000,
        request_id: "c6af9ac6-7b61-41fd-a8e5-3b7e8c0e3f7d".into(),
        time: UNIX_EPOCH + Duration::from_millis(1_589_522_469_693),
    }
}

fn context<'a>(params: &'a [(String, String)], binary: &'a [String]) -> EventContext<'a> {
    EventContext {
        stage: "dev",
        resource_path: "/users/{id}",
        path_params: params,
        api_id: "abcdefghij",
        account_id: "123456789012",
        resource_id: "r3s0ur".into(),
        binary_media_types: binary,
        operation_name: None,
        api_key: None,
        api_key_id: None,
        authorizer: None,
    }
}

#[test]
fn event_fields_follow_payload_1_0() {
    let params = vec![("id".to_string(), "a b".to_string())];
    let req = incoming(
        b"{\"a\":1}",
        &[
            ("Host", "127.0.0.1:3000"),
            ("x-api-key", "k"),
            ("Accept", "a/b"),
            ("Accept", "c/d"),
            ("Content-Type", "application/json"),
            ("User-Agent", "curl/8"),
        ],
        "q=1&q=2&x=y%20z",
    );
    let e = build(&req, &context(&params, &[]));
    assert_eq!(e["resource"], "/users/{id}");
    assert_eq!(e["path"], "/users/a%20b");
    assert_eq!(e["httpMethod"], "POST");
    assert_eq!(e["headers"]["x-api-key"], "k");
    assert_eq!(e["headers"]["Accept"], "c/d");
    assert_eq!(e["multiValueHeaders"]["Accept"], json!(["a/b", "c/d"]));
    assert_eq!(e["headers"]["X-Forwarded-For"], "127.0.0.1");
    assert_eq!(e["headers"]["X-Forwarded-Port"], "3000");
    assert_eq!(e["headers"]["X-Forwarded-Proto"], "http");
    assert!(
        e["headers"]["X-Amzn-Trace-Id"]
            .as_str()
            .is_some_and(|t| t.starts_with("Root=1-5ebe3025-"))
    );
    assert_eq!(e["queryStringParameters"], json!({"q": "2", "x": "y z"}));
    assert_eq!(
        e["multiValueQueryStringParameters"],
        json!({"q": ["1", "2"], "x": ["y z"]})
    );
    assert_eq!(e["pathParameters"], json!({"id": "a b"}));
    assert_eq!(e["stageVariables"], Value::Null);
    assert_eq!(e["body"], "{\"a\":1}");
    assert_eq!(e["isBase64Encoded"], false);
    let rc = &e["requestContext"];
    assert_eq!(rc["path"], "/dev/users/a%20b");
    assert_eq!(rc["stage"], "dev");
    assert_eq!(rc["resourcePath"], "/users/{id}");
    assert_eq!(rc["httpMethod"], "POST");
    assert_eq!(rc["requestTime"], "15/May/2020:06:01:09 +0000");
    assert_eq!(rc["requestTimeEpoch"], 1_589_522_469_693u64);
    assert_eq!(rc["requestId"], "c6af9ac6-7b61-41fd-a8e5-3b7e8c0e3f7d");
    assert_eq!(rc["accountId"], "123456789012");
    assert_eq!(rc["apiId"], "abcdefghij");
    assert_eq!(rc["protocol"], "HTTP/1.1");
    assert_eq!(rc["domainName"], "127.0.0.1:3000");
    assert_eq!(rc["identity"]["sourceIp"], "127.0.0.1");
    assert_eq!(rc["identity"]["userAgent"], "curl/8");
    assert_eq!(rc["identity"]["apiKey"], Value::Null);
    assert!(rc.get("authorizer").is_none());
    let keys: Vec<&str> = e.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    // API Gateway's order, written out: the constant the code iterates must not be its own test
    assert_eq!(
        keys,
        [
            "resource",
            "path",
            "httpMethod",
            "headers",
            "multiValueHeaders",
            "queryStringParameters",
            "multiValueQueryStringParameters",
            "pathParameters",
            "stageVariables",
            "requestContext",
            "body",
            "isBase64Encoded",
        ]
    );
}

#[test]
fn empty_parts_are_null_and_binary_bodies_base64() {
    let req = incoming(b"\x89PNG\x00", &[("Content-Type", "image/png")], "");
    let binary = vec!["image/*".to_string()];
    let e = build(&req, &context(&[], &binary));
    assert_eq!(e["queryStringParameters"], Value::Null);
    assert_eq!(e["multiValueQueryStringParameters"], Value::Null);
    assert_eq!(e["pathParameters"], Value::Null);
    assert_eq!(e["body"], "iVBORwA=");
    assert_eq!(e["isBase64Encoded"], true);

    let e = build(&req, &context(&[], &[]));
    assert_eq!(e["isBase64Encoded"], false, "not a binary media type");

    let empty = incoming(b"", &[], "");
    let e = build(&empty, &context(&[], &binary));
    assert_eq!(e["body"], Value::Null);
    assert_eq!(e["isBase64Encoded"], false);
}

#[test]
fn forwarded_for_appends_to_a_client_chain() {
    let req = incoming(b"", &[("X-Forwarded-For", "10.0.0.1")], "");
    let h = forwarded_headers(&req);
    assert!(h.contains(&("X-Forwarded-For".into(), "10.0.0.1, 127.0.0.1".into())));
}

/// The directly written event is byte for byte the serialized value tree, over requests that
/// exercise every branch: repeated and differently cased headers, repeated query parameters,
/// escapes, text, binary and invalid UTF-8 bodies, path parameters, API keys, operation name and
/// an authorizer context.
#[test]
fn written_event_equals_the_serialized_tree() {
    let params = vec![
        ("id".to_string(), "a b".to_string()),
        ("id".to_string(), "second".to_string()),
        ("rest".to_string(), "x/\"y\"".to_string()),
    ];
    let binary = vec!["image/png".to_string()];
    let bodies: [&'static [u8]; 4] = [b"", b"{\"a\":\"\\u00e9\\n\"}", b"\xff\xfe raw", b"\x89PNG"];
    let header_sets: [&[(&str, &str)]; 3] = [
        &[],
        &[
            ("Host", "abc.execute-api.local:3000"),
            ("User-Agent", "curl/8 \"q\""),
            (
                "X-Amzn-Trace-Id",
                "Root=1-5f000000-000000000000000000000000",
            ),
            ("accept", "a"),
            ("Accept", "b"),
            ("accept", "c"),
        ],
        &[
            ("Content-Type", "image/png"),
            ("X-Amzn-Trace-Id", "Root=1"),
            ("X-Tab", "a\tb\u{1}"),
        ],
    ];
    let queries = ["", "a=1&a=2&b=%22x%22&c", "k=%E2%9C%93"];
    let authorizers = [
        None,
        Some(serde_json::json!({"principalId": "u", "n": 1, "nested": {"x": [1, "2"]}})),
    ];
    let mut cases = 0;
    for body in bodies {
        for headers in header_sets {
            for query in queries {
                for (i, auth) in authorizers.iter().enumerate() {
                    let req = incoming(body, headers, query);
                    let mut cx = context(if i == 0 { &[] } else { &params }, &binary);
                    if i == 1 {
                        cx.operation_name = Some("getUser");
                        cx.api_key = Some("k\"ey");
                        cx.api_key_id = Some("id1");
                    }
                    cx.authorizer = auth.clone();
                    let hs = forwarded_headers(&req);
                    let tree = serde_json::to_vec(&build_with(&req, &cx, &hs)).unwrap();
                    let direct = crate::emulate::gateway::event_writer::write(&req, &cx, &hs);
                    assert_eq!(
                        String::from_utf8_lossy(&direct),
                        String::from_utf8_lossy(&tree),
                        "body {body:?} headers {headers:?} query {query:?} case {i}"
                    );
                    cases += 1;
                }
            }
        }
    }
    assert_eq!(cases, 72);
}
