//! Non-proxy integrations, CORS preflights and validators through `Gateway::handle`, with a
//! fake Lambda.

use crate::emulate::gateway::request::Incoming;
use crate::emulate::gateway::{Gateway, LambdaResult, Options};
use crate::emulate::test_support::{FakeLambda, incoming, service};
use bytes::Bytes;
use serde_json::Value;
use std::sync::Arc;

fn answers(function: &str, _: &Value) -> LambdaResult {
    match function {
        "fails" => LambdaResult::Error {
            payload: Bytes::from_static(
                br#"{"errorMessage":"[404] no such item","errorType":"Error"}"#,
            ),
            kind: "Handled".into(),
        },
        _ => LambdaResult::Ok(Bytes::from_static(br#"{"id":7,"name":"x"}"#)),
    }
}

const YAML: &str = r#"
service: integ
provider: { name: aws, runtime: nodejs20.x }
functions:
  ok:
    handler: h.ok
    events:
      - http: { path: items, method: post, integration: lambda, cors: true }
      - http:
          path: shaped
          method: get
          integration: lambda
          response:
            headers: { X-Name: integration.response.body.name, Content-Type: "'text/plain'" }
            template: $input.path('$.id')
      - http:
          path: checked
          method: post
          integration: lambda
          cors: { origins: ['https://a.example', 'https://*.b.example'] }
          request:
            parameters: { querystrings: { q: true }, headers: { X-Id: true } }
            schemas:
              application/json: { type: object, required: [name], properties: { name: { type: string } } }
  fails:
    handler: h.f
    events:
      - http: { path: fails, method: get, integration: lambda }
  mock:
    handler: h.m
    events:
      - http:
          path: down
          method: get
          integration: mock
          request: { template: { application/json: '{"statusCode": 503}' } }
          response:
            headers: { Retry-After: "'120'" }
            template: '{"message": "down"}'
            statusCodes:
              200: { pattern: '' }
              503: { pattern: '503', template: '{"message": "unavailable"}' }
"#;

fn gateway() -> (Gateway, Arc<FakeLambda>) {
    let fake = FakeLambda::new(answers);
    let gw = Gateway::new(Arc::new(service(YAML)), fake.clone(), Options::default());
    (gw, fake)
}

/// A request to `raw` (a path without the stage, and a query) with `body`.
fn request(method: &str, raw: &str, headers: &[(&str, &str)], body: &str) -> Incoming {
    Incoming {
        body: Bytes::from(body.to_string()),
        ..incoming(method, &format!("/dev{raw}"), headers)
    }
}

#[tokio::test]
async fn lambda_integration_renders_sf_template_and_maps_results() {
    let (gw, fake) = gateway();
    let json = [("Content-Type", "application/json")];
    let out = gw
        .handle(request("POST", "/items?v=1", &json, r#"{"a":1}"#))
        .await;
    assert_eq!(out.reply.status, 200);
    assert_eq!(out.reply.body, r#"{"id":7,"name":"x"}"#);
    assert_eq!(out.reply.header("Access-Control-Allow-Origin"), Some("*"));
    let sent: serde_json::Value =
        serde_json::from_str(&fake.payload(0)).expect("the payload is JSON");
    assert_eq!(sent["body"]["a"], 1);
    assert_eq!(sent["method"], "POST");
    assert_eq!(sent["query"]["v"], "1");
    assert_eq!(sent["stage"], "dev");
    assert_eq!(sent["requestPath"], "/items");

    // passThrough NEVER: no template for text/plain
    let text = [("Content-Type", "text/plain")];
    let out = gw.handle(request("POST", "/items", &text, "hi")).await;
    assert_eq!(out.reply.status, 415);
    assert_eq!(out.reply.body, r#"{"message":"Unsupported Media Type"}"#);

    // response template, mapped and static headers
    let out = gw.handle(request("GET", "/shaped", &[], "")).await;
    assert_eq!((out.reply.status, &out.reply.body[..]), (200, &b"7"[..]));
    assert_eq!(out.reply.header("X-Name"), Some("x"));
    assert_eq!(out.reply.header("Content-Type"), Some("text/plain"));

    // an error's errorMessage selects by pattern
    let out = gw.handle(request("GET", "/fails", &[], "")).await;
    assert_eq!(out.reply.status, 404);
    assert!(String::from_utf8_lossy(&out.reply.body).contains("[404] no such item"));
}

#[tokio::test]
async fn mock_selects_by_rendered_status_code() {
    let (gw, _) = gateway();
    let out = gw.handle(request("GET", "/down", &[], "")).await;
    assert_eq!(out.reply.status, 503);
    assert_eq!(out.reply.body, r#"{"message": "unavailable"}"#);
    assert_eq!(out.reply.header("Retry-After"), Some("120"));
}

#[tokio::test]
async fn preflights_answer_as_compiled() {
    let (gw, _) = gateway();
    let out = gw.handle(request("OPTIONS", "/items", &[], "")).await;
    assert_eq!(out.reply.status, 200);
    assert_eq!(out.reply.header("Access-Control-Allow-Origin"), Some("*"));
    assert_eq!(
        out.reply.header("Access-Control-Allow-Methods"),
        Some("OPTIONS,POST")
    );
    let cases = [
        ("https://x.b.example", "https://x.b.example"),
        ("https://a.example", "https://a.example"),
        ("https://evil.example", "https://a.example"),
    ];
    for (origin, allowed) in cases {
        let out = gw
            .handle(request("OPTIONS", "/checked", &[("Origin", origin)], ""))
            .await;
        assert_eq!(
            out.reply.header("Access-Control-Allow-Origin"),
            Some(allowed),
            "{origin}"
        );
    }
}

#[tokio::test]
async fn validators_check_parameters_then_body() {
    let (gw, fake) = gateway();
    let json = ("Content-Type", "application/json");
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str, u16, &'a str);
    let cases: &[Case] = &[
        (
            "/checked",
            &[json],
            r#"{"name":"n"}"#,
            400,
            r#"{"message":"Missing required request parameters: [q, X-Id]"}"#,
        ),
        (
            "/checked?q=1",
            &[json, ("x-id", "7")],
            r#"{"name":5}"#,
            400,
            r#"{"message":"Invalid request body"}"#,
        ),
        (
            "/checked?q=1",
            &[json, ("x-id", "7")],
            r#"{"name":"n"}"#,
            200,
            r#"{"id":7,"name":"x"}"#,
        ),
    ];
    for (path, headers, body, status, want) in cases {
        let out = gw.handle(request("POST", path, headers, body)).await;
        assert_eq!(out.reply.status, *status, "{path} {body}");
        assert_eq!(out.reply.body, want.as_bytes(), "{path} {body}");
    }
    assert_eq!(fake.calls(), 1, "only the valid request ran");
}
