//! The access checks through [`Gateway::handle`] with functions faked in Rust: authorizers
//! (TOKEN, REQUEST, Cognito), their cache, API keys and usage plans, the resource policy.

use crate::emulate::gateway::request::Incoming;
use crate::emulate::gateway::{Gateway, LambdaResult, Options};
use crate::emulate::test_support::{Answer, FakeLambda, incoming, service};
use bytes::Bytes;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

pub fn ok(v: Value) -> LambdaResult {
    LambdaResult::Ok(Bytes::from(v.to_string()))
}

pub fn fail(message: &str) -> LambdaResult {
    LambdaResult::Error {
        payload: Bytes::from(json!({"errorMessage": message, "errorType": "Error"}).to_string()),
        kind: "Handled".into(),
    }
}

pub fn policy(effect: &str, resource: &str, principal: &str) -> Value {
    json!({
        "principalId": principal,
        "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}]},
        "context": {"n": 5, "admin": false, "who": principal}
    })
}

pub fn gateway(yaml: &str, answer: Answer, opts: Options) -> (Gateway, Arc<FakeLambda>) {
    let fake = FakeLambda::new(answer);
    (
        Gateway::new(Arc::new(service(yaml)), fake.clone(), opts),
        fake,
    )
}

/// A request at `secs` after an arbitrary fixed instant.
pub fn request(method: &str, raw: &str, headers: &[(&str, &str)], secs: u64) -> Incoming {
    Incoming {
        time: UNIX_EPOCH + Duration::from_secs(1_700_000_000 + secs),
        ..incoming(method, raw, headers)
    }
}

const HANDLER_OK: &str = r#"{"statusCode":200,"body":"ok"}"#;

const TOKEN_YAML: &str = r#"
service: sec
provider: { name: aws, runtime: nodejs20.x }
functions:
  auth: { handler: h.auth }
  noCache: { handler: h.auth }
  app:
    handler: h.app
    events:
      - http: { path: 'tok/{id}', method: get, authorizer: { name: auth, identityValidationExpression: '^Bearer [a-z0-9]+$', resultTtlInSeconds: 60 } }
      - http: { path: 'tok/{id}', method: post, authorizer: auth }
      - http: { path: nocache, method: get, authorizer: { name: noCache, resultTtlInSeconds: 0 } }
      - http: { path: open, method: get }
"#;

fn token_answers(function: &str, event: &Value) -> LambdaResult {
    if function == "app" {
        return LambdaResult::Ok(Bytes::from_static(HANDLER_OK.as_bytes()));
    }
    let token = event["authorizationToken"].as_str().unwrap_or("");
    match token.strip_prefix("Bearer ").unwrap_or(token) {
        "allow" => ok(policy(
            "Allow",
            "arn:aws:execute-api:*:*:*/dev/*/tok/*",
            "user",
        )),
        "one" => ok(policy(
            "Allow",
            "arn:aws:execute-api:*:*:*/dev/GET/tok/1",
            "one",
        )),
        "deny" => ok(policy("Deny", "*", "user")),
        "other" => ok(policy(
            "Allow",
            "arn:aws:execute-api:*:*:*/dev/DELETE/*",
            "user",
        )),
        "unauthorized" => fail("Unauthorized"),
        "crash" => fail("boom"),
        "malformed" => ok(json!({"principalId": "x"})),
        _ => ok(policy("Allow", "*", "anyone")),
    }
}

#[tokio::test]
async fn token_authorizers_answer_as_api_gateway() {
    let (gw, fake) = gateway(TOKEN_YAML, token_answers, Options::default());
    let explicit =
        r#"{"Message":"User is not authorized to access this resource with an explicit deny"}"#;
    let implicit = r#"{"message":"User is not authorized to access this resource"}"#;
    let unauthorized = r#"{"message":"Unauthorized"}"#;
    // (Authorization header, status, body, authorizer invoked?)
    let cases: &[(Option<&str>, u16, &str, bool)] = &[
        (None, 401, unauthorized, false),
        (Some(""), 401, unauthorized, false),
        (Some("Bearer BAD!"), 401, unauthorized, false),
        (Some("allow"), 401, unauthorized, false),
        (Some("Bearer allow"), 200, "ok", true),
        (Some("Bearer deny"), 403, explicit, true),
        (Some("Bearer other"), 403, implicit, true),
        (Some("Bearer unauthorized"), 401, unauthorized, true),
        (Some("Bearer crash"), 500, r#"{"message":null}"#, true),
        (Some("Bearer malformed"), 500, r#"{"message":null}"#, true),
    ];
    for (auth, status, body, invoked) in cases {
        let before = fake.count("auth");
        let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", *a)).collect();
        let out = gw.handle(request("GET", "/dev/tok/1", &headers, 0)).await;
        assert_eq!(out.reply.status, *status, "{auth:?}");
        assert_eq!(out.reply.body, body.as_bytes(), "{auth:?}");
        assert_eq!(fake.count("auth") > before, *invoked, "{auth:?}");
    }
    let e = fake.last("auth");
    assert_eq!(e["type"], "TOKEN");
    assert_eq!(e["authorizationToken"], "Bearer malformed");
    assert_eq!(
        e["methodArn"],
        format!(
            "arn:aws:execute-api:us-east-1:123456789012:{}/dev/GET/tok/1",
            gw.api_id
        )
    );
    assert_eq!(e.as_object().unwrap().len(), 3);
    let app = fake.last("app");
    let a = &app["requestContext"]["authorizer"];
    assert_eq!(a["principalId"], "user");
    assert_eq!(a["n"], "5");
    assert_eq!(a["admin"], "false");
    assert!(a["integrationLatency"].is_u64());
}

#[tokio::test]
async fn cached_policies_are_evaluated_again_per_method_arn() {
    let (gw, fake) = gateway(TOKEN_YAML, token_answers, Options::default());
    let h = [("Authorization", "Bearer one")];
    // (method, path, seconds later, status, invocations of `auth` so far)
    let steps = [
        ("GET", "/dev/tok/1", 0, 200, 1),
        ("GET", "/dev/tok/1", 10, 200, 1),
        ("GET", "/dev/tok/2", 20, 403, 1),
        // POST shares the authorizer (and its cache) but has another method ARN
        ("POST", "/dev/tok/1", 30, 403, 1),
        // the TTL is 60 s
        ("GET", "/dev/tok/1", 61, 200, 2),
    ];
    let mut cached = Value::Null;
    for (method, path, t, status, calls) in steps {
        let out = gw.handle(request(method, path, &h, t)).await;
        assert_eq!(out.reply.status, status, "{method} {path} at {t}");
        assert_eq!(fake.count("auth"), calls, "{method} {path} at {t}");
        if t == 10 {
            // answered from the cache
            cached = fake.last("app");
        }
    }
    assert_eq!(
        cached["requestContext"]["authorizer"]["integrationLatency"],
        0
    );
    // TTL 0: every request runs the authorizer
    for _ in 0..3 {
        let h = [("Authorization", "Bearer x")];
        let out = gw.handle(request("GET", "/dev/nocache", &h, 0)).await;
        assert_eq!(out.reply.status, 200);
    }
    assert_eq!(fake.count("noCache"), 3);
    // unprotected routes never run an authorizer
    let out = gw.handle(request("GET", "/dev/open", &[], 0)).await;
    assert_eq!(out.reply.status, 200);
    assert_eq!(out.reply.body, "ok");
}

const REQUEST_YAML: &str = r#"
service: sec
provider: { name: aws, runtime: nodejs20.x }
functions:
  reqAuth: { handler: h.req }
  open: { handler: h.open }
  app:
    handler: h.app
    events:
      - http: { path: 'r/{id}', method: get, authorizer: { name: reqAuth, type: request, identitySource: 'method.request.header.X-Sig, method.request.querystring.t', resultTtlInSeconds: 300 } }
      - http: { path: anyone, method: get, authorizer: { name: open, type: request, resultTtlInSeconds: 0 } }
"#;

fn request_answers(function: &str, event: &Value) -> LambdaResult {
    match function {
        "app" => LambdaResult::Ok(Bytes::from_static(HANDLER_OK.as_bytes())),
        "open" => ok(policy("Allow", "*", "anon")),
        _ => {
            let sig = event["headers"]["X-Sig"].as_str().unwrap_or("");
            let effect = if sig == "good" { "Allow" } else { "Deny" };
            ok(policy(
                effect,
                event["methodArn"].as_str().unwrap_or(""),
                sig,
            ))
        }
    }
}

#[tokio::test]
async fn request_authorizers_need_every_identity_source() {
    let (gw, fake) = gateway(REQUEST_YAML, request_answers, Options::default());
    // (headers, query, status, invocations so far)
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, u16, usize);
    let cases: &[Case] = &[
        (&[], "", 401, 0),
        (&[("X-Sig", "good")], "", 401, 0),
        (&[], "?t=1", 401, 0),
        (&[("X-Sig", "good")], "?t=1", 200, 1),
        (&[("x-sig", "good")], "?t=1", 200, 1),
        (&[("X-Sig", "good")], "?t=2", 200, 2),
        (&[("X-Sig", "bad")], "?t=2", 403, 3),
        (&[("X-Sig", "bad")], "?t=2", 403, 3),
    ];
    for (headers, query, status, calls) in cases {
        let out = gw
            .handle(request("GET", &format!("/dev/r/7{query}"), headers, 0))
            .await;
        assert_eq!(out.reply.status, *status, "{headers:?} {query}");
        assert_eq!(fake.count("reqAuth"), *calls, "{headers:?} {query}");
    }
    let e = fake.last("reqAuth");
    assert_eq!(e["type"], "REQUEST");
    assert_eq!(e["resource"], "/r/{id}");
    assert_eq!(e["pathParameters"]["id"], "7");
    assert_eq!(e["queryStringParameters"]["t"], "2");
    assert_eq!(e["multiValueHeaders"]["X-Sig"][0], "bad");
    assert_eq!(e["requestContext"]["httpMethod"], "GET");
    // no identity source and TTL 0: no check, the authorizer runs every time
    for _ in 0..2 {
        let out = gw.handle(request("GET", "/dev/anyone", &[], 0)).await;
        assert_eq!(out.reply.status, 200);
    }
    assert_eq!(fake.count("open"), 2);
}
