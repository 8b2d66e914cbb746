//! Tests of the request path with functions faked in Rust (the real runtimes are exercised
//! end to end in `tests/emulate_*.rs`).

use super::*;
use crate::emulate::gateway::request::parse_query;
use crate::emulate::test_support::service;
use std::time::SystemTime;

/// A fake Lambda: answers by function key, optionally after a delay; records the events.
struct Fake {
    events: std::sync::Mutex<Vec<serde_json::Value>>,
    delay: Duration,
    answer: fn(&str) -> LambdaResult,
}

impl Lambda for Fake {
    fn invoke<'a>(&'a self, function: &'a str, payload: Bytes) -> BoxFuture<'a, LambdaResult> {
        Box::pin(async move {
            if let Ok(v) = serde_json::from_slice(&payload) {
                self.events.lock().unwrap().push(v);
            }
            tokio::time::sleep(self.delay).await;
            (self.answer)(function)
        })
    }
}

const YAML: &str = r#"
service: gw
provider: { name: aws, runtime: nodejs20.x }
functions:
  ok: { handler: h.ok, events: [ { http: GET ok }, { http: { path: 'items/{id}', method: post, operationId: postItem } } ] }
  bad: { handler: h.bad, events: [ { http: GET bad } ] }
  throws: { handler: h.t, events: [ { http: GET throws } ] }
  slow: { handler: h.s, events: [ { http: GET slow } ] }
"#;

fn answers(function: &str) -> LambdaResult {
    let ok = |s: &str| LambdaResult::Ok(Bytes::from(s.to_string()));
    match function {
        "ok" | "slow" => ok(r#"{"statusCode":200,"body":"fine","headers":{"X-From":"fn"}}"#),
        "bad" => ok(r#"{"status":200,"body":"wrong shape"}"#),
        _ => LambdaResult::Error {
            payload: Bytes::from_static(br#"{"errorMessage":"boom","errorType":"Error"}"#),
            kind: "Handled".into(),
        },
    }
}

fn gateway(delay: Duration, timeout: Duration) -> (Gateway, Arc<Fake>) {
    let fake = Arc::new(Fake {
        events: Default::default(),
        delay,
        answer: answers,
    });
    let opts = Options {
        integration_timeout: timeout,
        ..Options::default()
    };
    (
        Gateway::new(Arc::new(service(YAML)), fake.clone(), opts),
        fake,
    )
}

fn get(gw: &Gateway, method: &str, raw: &str) -> Incoming {
    let (path, query) = raw.split_once('?').unwrap_or((raw, ""));
    Incoming {
        method: method.into(),
        raw_path: path.into(),
        path: gw.strip_stage(path).unwrap().to_string(),
        raw_query: query.into(),
        query: parse_query(query),
        headers: vec![("Host".into(), "localhost:3000".into())],
        body: Bytes::new(),
        source_ip: "127.0.0.1".into(),
        local_port: 3000,
        request_id: "req-1".into(),
        time: SystemTime::now(),
    }
}

#[tokio::test]
async fn answers_like_api_gateway() {
    let (gw, fake) = gateway(Duration::ZERO, Duration::from_secs(5));
    let cases: &[(&str, &str, u16, &str)] = &[
        ("GET", "/dev/ok", 200, "fine"),
        ("GET", "/dev/ok/", 200, "fine"),
        (
            "GET",
            "/dev/nope",
            403,
            r#"{"message":"Missing Authentication Token"}"#,
        ),
        (
            "DELETE",
            "/dev/ok",
            403,
            r#"{"message":"Missing Authentication Token"}"#,
        ),
        (
            "GET",
            "/dev/bad",
            502,
            r#"{"message":"Internal server error"}"#,
        ),
        (
            "GET",
            "/dev/throws",
            502,
            r#"{"message":"Internal server error"}"#,
        ),
    ];
    for (method, path, status, body) in cases {
        let out = gw.handle(get(&gw, method, path)).await;
        assert_eq!(out.reply.status, *status, "{method} {path}");
        assert_eq!(out.reply.body, body.as_bytes(), "{method} {path}");
        assert_eq!(out.reply.header("x-amzn-RequestId"), Some("req-1"));
        if *status >= 400 {
            assert!(out.reply.header("x-amzn-ErrorType").is_some());
        }
    }
    let out = gw.handle(get(&gw, "GET", "/dev/ok")).await;
    assert_eq!(out.reply.header("X-From"), Some("fn"));
    assert_eq!(out.function.as_deref(), Some("ok"));
    assert_eq!(
        fake.events.lock().unwrap().len(),
        5,
        "no call for unknown routes"
    );
}

#[tokio::test]
async fn the_event_carries_route_and_operation() {
    let (gw, fake) = gateway(Duration::ZERO, Duration::from_secs(5));
    gw.handle(get(&gw, "POST", "/dev/items/42?x=1")).await;
    let events = fake.events.lock().unwrap();
    let e = &events[0];
    assert_eq!(e["resource"], "/items/{id}");
    assert_eq!(e["path"], "/items/42");
    assert_eq!(e["pathParameters"]["id"], "42");
    assert_eq!(e["queryStringParameters"]["x"], "1");
    assert_eq!(e["requestContext"]["operationName"], "postItem");
    assert_eq!(e["requestContext"]["path"], "/dev/items/42");
    assert_eq!(e["requestContext"]["apiId"], gw.api_id);
}

#[tokio::test]
async fn a_slow_integration_gets_504() {
    let (gw, _) = gateway(Duration::from_millis(300), Duration::from_millis(50));
    let out = gw.handle(get(&gw, "GET", "/dev/slow")).await;
    assert_eq!(out.reply.status, 504);
    assert_eq!(
        out.reply.body,
        r#"{"message":"Endpoint request timed out"}"#
    );
}

#[test]
fn stage_prefix_rules() {
    let (mut gw, _) = gateway(Duration::ZERO, Duration::from_secs(1));
    assert_eq!(gw.strip_stage("/dev"), Some("/"));
    assert_eq!(gw.strip_stage("/dev/a"), Some("/a"));
    assert_eq!(gw.strip_stage("/devx/a"), None);
    assert_eq!(gw.strip_stage("/prod/a"), None);
    assert_eq!(gw.url_prefix(), "/dev");
    gw.opts.stage_prefix = false;
    assert_eq!(gw.strip_stage("/a"), Some("/a"));
    assert_eq!(gw.url_prefix(), "");
}
