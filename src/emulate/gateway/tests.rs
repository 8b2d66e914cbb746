//! Tests of the request path with functions faked in Rust (the real runtimes are exercised
//! end to end in `tests/emulate_*.rs`).

use super::*;
use crate::emulate::test_support::{FakeLambda, incoming, service};

const YAML: &str = r#"
service: gw
provider: { name: aws, runtime: nodejs20.x }
functions:
  ok: { handler: h.ok, events: [ { http: GET ok }, { http: { path: 'items/{id}', method: post, operationId: postItem } } ] }
  bad: { handler: h.bad, events: [ { http: GET bad } ] }
  throws: { handler: h.t, events: [ { http: GET throws } ] }
  slow: { handler: h.s, events: [ { http: GET slow } ] }
"#;

fn answers(function: &str, _: &serde_json::Value) -> LambdaResult {
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

fn gateway(delay: Duration, timeout: Duration) -> (Gateway, Arc<FakeLambda>) {
    let fake = FakeLambda::slow(answers, delay);
    let opts = Options {
        integration_timeout: timeout,
        ..Options::default()
    };
    (
        Gateway::new(Arc::new(service(YAML)), fake.clone(), opts),
        fake,
    )
}

fn get(method: &str, raw: &str) -> Incoming {
    incoming(method, raw, &[("Host", "localhost:3000")])
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
        let out = gw.handle(get(method, path)).await;
        assert_eq!(out.reply.status, *status, "{method} {path}");
        assert_eq!(out.reply.body, body.as_bytes(), "{method} {path}");
        assert_eq!(out.reply.header("x-amzn-RequestId"), Some("req-1"));
        if *status >= 400 {
            assert!(out.reply.header("x-amzn-ErrorType").is_some());
        }
    }
    let out = gw.handle(get("GET", "/dev/ok")).await;
    assert_eq!(out.reply.header("X-From"), Some("fn"));
    assert_eq!(out.function.as_deref(), Some("ok"));
    assert_eq!(fake.calls(), 5, "no call for unknown routes");
}

#[tokio::test]
async fn the_event_carries_route_and_operation() {
    let (gw, fake) = gateway(Duration::ZERO, Duration::from_secs(5));
    gw.handle(get("POST", "/dev/items/42?x=1")).await;
    let e = &fake.event(0);
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
    let out = gw.handle(get("GET", "/dev/slow")).await;
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
