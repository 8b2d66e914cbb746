//! The HTTP API's request path with functions faked in Rust: dispatch beside the REST API,
//! AWS's error answers, the timeout, JWT and Lambda request authorizers, CORS. The real
//! runtimes are exercised end to end in `tests/emulate_http_api.rs`.

use super::*;
use crate::emulate::gateway::auth::authorizer::jwt::test_key;
use crate::emulate::gateway::{Dispatch, Options};
use crate::emulate::test_support::{FakeLambda, incoming, service};
use bytes::Bytes;
use serde_json::{Value, json};
use std::sync::Arc;

const YAML: &str = r#"
service: hapi
provider:
  name: aws
  runtime: nodejs20.x
  httpApi:
    cors:
      allowedOrigins: [https://app.example.com]
      allowCredentials: true
    authorizers:
      jwtAuth:
        type: jwt
        identitySource: $request.header.Authorization
        # nothing listens on port 0: key discovery fails at once, without leaving the machine
        issuerUrl: http://127.0.0.1:0/issuer
        audience: [app1]
      simpleAuth:
        type: request
        functionName: auth
        enableSimpleResponses: true
        resultTtlInSeconds: 300
        identitySource: [$request.header.X-Key]
      policyAuth:
        type: request
        functionName: policy
        payloadVersion: '1.0'
        identitySource: [$request.querystring.key]
functions:
  rest: { handler: h.rest, events: [ { http: GET shared } ] }
  ok: { handler: h.ok, events: [ { httpApi: GET /shared }, { httpApi: 'GET /items/{id}' }, { httpApi: GET /dev/only } ] }
  v1: { handler: h.v1, httpApi: { payload: '1.0' }, events: [ { httpApi: POST /v1 } ] }
  bad: { handler: h.bad, events: [ { httpApi: GET /bad } ] }
  throws: { handler: h.throws, events: [ { httpApi: GET /throws } ] }
  slow: { handler: h.slow, events: [ { httpApi: GET /slow } ] }
  secret: { handler: h.secret, events: [ { httpApi: { method: GET, path: /secret, authorizer: { name: jwtAuth } } }, { httpApi: { method: GET, path: /write, authorizer: { name: jwtAuth, scopes: [items/write] } } } ] }
  keyed: { handler: h.keyed, events: [ { httpApi: { method: GET, path: /keyed, authorizer: { name: simpleAuth } } }, { httpApi: { method: GET, path: /policy, authorizer: { name: policyAuth } } } ] }
  auth: { handler: h.auth }
  policy: { handler: h.policy }
"#;

fn answers(function: &str, event: &Value) -> LambdaResult {
    let ok = |s: String| LambdaResult::Ok(Bytes::from(s));
    match function {
        "ok" | "slow" | "secret" | "keyed" | "rest" => {
            ok(json!({"statusCode": 200, "body": function, "headers": {"Access-Control-Allow-Origin": "*"}}).to_string())
        }
        "v1" => ok(r#"{"statusCode":201,"body":"one"}"#.into()),
        "bad" => ok(r#"{"statusCode":200,"body":{"not":"a string"}}"#.into()),
        "auth" => {
            let key = event["headers"]["x-key"].as_str().unwrap_or("");
            ok(json!({"isAuthorized": key == "good", "context": {"who": key}}).to_string())
        }
        "policy" => {
            let effect = if event["queryStringParameters"]["key"] == "good" {
                "Allow"
            } else {
                "Deny"
            };
            ok(json!({"principalId": "p", "policyDocument": {"Version": "2012-10-17",
                "Statement": [{"Action": "execute-api:Invoke", "Effect": effect,
                "Resource": event["methodArn"]}]}, "context": {"n": 1}})
            .to_string())
        }
        _ => LambdaResult::Error {
            payload: Bytes::from_static(br#"{"errorMessage":"boom","errorType":"Error"}"#),
            kind: "Handled".into(),
        },
    }
}

fn gateway(delay: Duration, timeout: Duration) -> (Gateway, Arc<FakeLambda>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let jwks = dir.path().join("jwks.json");
    std::fs::write(&jwks, test_key::jwks_json("k1")).unwrap();
    let fake = FakeLambda::slow(answers, delay);
    let opts = Options {
        http_api_integration_timeout: timeout,
        jwks: Some(jwks),
        ..Options::default()
    };
    let gw = Gateway::new(Arc::new(service(YAML)), fake.clone(), opts);
    (gw, fake, dir)
}

/// Sends `method raw` where the server would: to the API [`Gateway::dispatch`] picks.
async fn send(gw: &Gateway, method: &str, raw: &str, headers: &[(&str, &str)]) -> Outcome {
    let mut req = incoming(method, raw, headers);
    match gw.dispatch(method, &req.raw_path) {
        Dispatch::HttpApi => {
            req.path = req.raw_path.clone();
            gw.handle_http_api(req).await
        }
        _ => gw.handle(req).await,
    }
}

#[tokio::test]
async fn rest_routes_under_the_stage_win_and_the_rest_goes_to_the_http_api() {
    let (gw, fake, _dir) = gateway(Duration::ZERO, Duration::from_secs(5));
    assert_eq!(
        gw.dispatch("GET", "/dev/shared"),
        Dispatch::Rest("/shared".into())
    );
    assert_eq!(gw.dispatch("GET", "/shared"), Dispatch::HttpApi);
    // under the stage, but no REST route: the HTTP API (whose own route is /dev/only)
    assert_eq!(gw.dispatch("GET", "/dev/only"), Dispatch::HttpApi);
    assert_eq!(gw.dispatch("POST", "/dev/shared"), Dispatch::HttpApi);
    let out = send(&gw, "GET", "/dev/shared", &[]).await;
    assert_eq!(out.reply.body, "rest");
    assert!(out.reply.header("x-amzn-RequestId").is_some());
    let out = send(&gw, "GET", "/dev/only", &[]).await;
    assert_eq!((out.reply.status, &out.reply.body[..]), (200, &b"ok"[..]));
    assert!(out.reply.header("apigw-requestid").is_some());
    assert_eq!(fake.last("ok")["routeKey"], "GET /dev/only");
}

#[tokio::test]
async fn errors_are_the_http_api_s() {
    let (gw, fake, _dir) = gateway(Duration::ZERO, Duration::from_secs(5));
    let cases = [
        ("GET", "/nowhere", 404, r#"{"message":"Not Found"}"#),
        ("DELETE", "/items/1", 404, r#"{"message":"Not Found"}"#),
        ("GET", "/bad", 500, r#"{"message":"Internal Server Error"}"#),
        (
            "GET",
            "/throws",
            500,
            r#"{"message":"Internal Server Error"}"#,
        ),
        ("GET", "/items/7", 200, "ok"),
        ("POST", "/v1", 201, "one"),
    ];
    for (method, path, status, body) in cases {
        let out = send(&gw, method, path, &[]).await;
        assert_eq!(out.reply.status, status, "{method} {path}");
        assert_eq!(out.reply.body, body.as_bytes(), "{method} {path}");
        assert!(out.reply.header("x-amzn-ErrorType").is_none());
    }
    assert_eq!(fake.last("ok")["pathParameters"]["id"], "7");
    assert_eq!(fake.last("v1")["version"], "1.0");
}

#[tokio::test]
async fn a_slow_integration_gets_503() {
    let (gw, _, _dir) = gateway(Duration::from_millis(300), Duration::from_millis(50));
    let out = send(&gw, "GET", "/slow", &[]).await;
    assert_eq!(out.reply.status, 503);
    assert_eq!(out.reply.body, r#"{"message":"Service Unavailable"}"#);
}

fn token(claims: Value) -> String {
    format!("Bearer {}", test_key::sign("k1", &claims))
}

#[tokio::test]
async fn jwt_authorizers_verify_tokens() {
    let (gw, fake, _dir) = gateway(Duration::ZERO, Duration::from_secs(5));
    let now = crate::common::time::epoch_millis(std::time::SystemTime::now()) / 1000;
    let iss = "http://127.0.0.1:0/issuer";
    let good = json!({"sub": "u1", "iss": iss, "aud": "app1", "exp": now + 600,
                      "scope": "items/read items/write", "groups": ["a", "b"]});
    let with = |k: &str, v: Value| {
        let mut c = good.clone();
        c[k] = v;
        c
    };
    let without = |k: &str| {
        let mut c = good.clone();
        c.as_object_mut().unwrap().remove(k);
        c
    };
    let mut client_id_only = without("aud");
    client_id_only["client_id"] = json!("app1");
    let cases: Vec<(&str, Option<String>, u16)> = vec![
        ("/secret", None, 401),
        ("/secret", Some("Bearer nonsense".into()), 401),
        ("/secret", Some(token(good.clone())), 200),
        // without the Bearer prefix
        ("/secret", Some(test_key::sign("k1", &good)), 200),
        ("/secret", Some(token(with("exp", json!(now - 1)))), 401),
        ("/secret", Some(token(without("exp"))), 401),
        ("/secret", Some(token(with("nbf", json!(now + 600)))), 401),
        (
            "/secret",
            Some(token(with("iss", json!("https://other")))),
            401,
        ),
        ("/secret", Some(token(with("aud", json!("app2")))), 401),
        (
            "/secret",
            Some(token(with("aud", json!(["app2", "app1"])))),
            200,
        ),
        ("/secret", Some(token(client_id_only)), 200),
        (
            "/secret",
            Some(format!(
                "Bearer {}",
                test_key::sign_with(&json!({"alg": "none", "kid": "k1"}), &good)
            )),
            401,
        ),
        (
            "/secret",
            Some(format!("Bearer {}", test_key::sign("k9", &good))),
            401,
        ),
        ("/write", Some(token(good.clone())), 200),
        (
            "/write",
            Some(token(with("scope", json!("items/read")))),
            403,
        ),
        ("/write", Some(token(without("scope"))), 403),
        (
            "/write",
            Some(token(with("scp", json!(["items/write"])).clone())),
            200,
        ),
    ];
    for (path, auth, status) in cases {
        let headers: Vec<(&str, &str)> =
            auth.iter().map(|a| ("Authorization", a.as_str())).collect();
        let out = send(&gw, "GET", path, &headers).await;
        assert_eq!(out.reply.status, status, "{path} {auth:?}: {:?}", out.note);
        match status {
            401 if auth.is_some() => {
                assert_eq!(out.reply.body, r#"{"message":"Unauthorized"}"#);
                let challenge = out.reply.header("www-authenticate").unwrap_or("");
                assert!(challenge.contains("error=\"invalid_token\""), "{challenge}");
            }
            403 => {
                assert_eq!(out.reply.body, r#"{"message":"Forbidden"}"#);
                let challenge = out.reply.header("www-authenticate").unwrap_or("");
                assert!(
                    challenge.starts_with("Bearer scope=\"items/write\""),
                    "{challenge}"
                );
            }
            _ => {}
        }
    }
    let jwt = &fake.last("secret")["requestContext"]["authorizer"]["jwt"];
    assert_eq!(jwt["claims"]["sub"], "u1");
    assert_eq!(jwt["claims"]["exp"], (now + 600).to_string());
    assert_eq!(jwt["claims"]["groups"], "[a b]");
    assert_eq!(jwt["scopes"], json!(["items/read", "items/write"]));
}

#[tokio::test]
async fn request_authorizers_decide_and_cache() {
    let (gw, fake, _dir) = gateway(Duration::ZERO, Duration::from_secs(5));
    let out = send(&gw, "GET", "/keyed", &[]).await;
    assert_eq!(out.reply.status, 401, "no identity: no call");
    assert_eq!(fake.count("auth"), 0);
    let out = send(&gw, "GET", "/keyed", &[("X-Key", "bad")]).await;
    assert_eq!(out.reply.status, 403);
    assert_eq!(out.reply.body, r#"{"message":"Forbidden"}"#);
    for _ in 0..2 {
        let out = send(&gw, "GET", "/keyed", &[("X-Key", "good")]).await;
        assert_eq!(out.reply.status, 200);
    }
    assert_eq!(fake.count("auth"), 2, "the second good call is cached");
    let event = fake.last("auth");
    assert_eq!(event["type"], "REQUEST");
    assert_eq!(event["identitySource"], json!(["good"]));
    assert!(
        event["routeArn"]
            .as_str()
            .unwrap()
            .ends_with("/$default/GET/keyed")
    );
    assert!(event.get("body").is_none());
    assert_eq!(
        fake.last("keyed")["requestContext"]["authorizer"],
        json!({"lambda": {"who": "good"}})
    );
    // IAM policies, payload 1.0, no caching (no TTL)
    let out = send(&gw, "GET", "/policy?key=good", &[]).await;
    assert_eq!(out.reply.status, 200, "{:?}", out.note);
    let out = send(&gw, "GET", "/policy?key=bad", &[]).await;
    assert_eq!(out.reply.status, 403);
    let event = fake.last("policy");
    assert_eq!(event["version"], "1.0");
    assert_eq!(event["identitySource"], "bad");
    assert_eq!(event["authorizationToken"], "bad");
    assert_eq!(fake.count("policy"), 2);
}

#[tokio::test]
async fn a_hanging_authorizer_gets_500_and_later_requests_are_served() {
    let (mut gw, fake, _dir) = gateway(Duration::from_millis(300), Duration::from_secs(5));
    if let Some(api) = gw.http_api.as_mut() {
        api.authorizers.timeout = Duration::from_millis(50);
    }
    let out = send(&gw, "GET", "/keyed", &[("X-Key", "good")]).await;
    assert_eq!(out.reply.status, 500);
    assert_eq!(out.reply.body, r#"{"message":"Internal Server Error"}"#);
    assert_eq!(fake.count("keyed"), 0, "the route's function never ran");
    let out = send(&gw, "GET", "/items/1", &[]).await;
    assert_eq!(out.reply.status, 200);
}

#[tokio::test]
async fn cors_is_the_api_s() {
    let (gw, fake, _dir) = gateway(Duration::ZERO, Duration::from_secs(5));
    let preflight = [
        ("Origin", "https://app.example.com"),
        ("Access-Control-Request-Method", "GET"),
    ];
    // answered by the gateway, even on a path without routes and a route with an authorizer
    for path in ["/nowhere", "/secret"] {
        let out = send(&gw, "OPTIONS", path, &preflight).await;
        assert_eq!(out.reply.status, 204);
        assert_eq!(
            out.reply.header("access-control-allow-origin"),
            Some("https://app.example.com")
        );
    }
    assert_eq!(fake.calls(), 0);
    let out = send(
        &gw,
        "GET",
        "/items/1",
        &[("Origin", "https://app.example.com")],
    )
    .await;
    assert_eq!(
        out.reply.header("access-control-allow-origin"),
        Some("https://app.example.com")
    );
    assert_eq!(
        out.reply.header("access-control-allow-credentials"),
        Some("true")
    );
    let out = send(&gw, "GET", "/items/1", &[("Origin", "https://evil.com")]).await;
    assert_eq!(out.reply.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn function_arn_authorizers_run_service_functions_and_others_are_noted() {
    let yaml = r#"
service: arns
provider:
  name: aws
  runtime: nodejs20.x
  httpApi:
    authorizers:
      local:
        type: request
        functionArn: arn:aws:lambda:us-east-1:123456789012:function:arns-dev-auth
        enableSimpleResponses: true
        identitySource: [$request.header.X-Key]
      remote:
        type: request
        functionArn: arn:aws:lambda:us-east-1:123456789012:function:elsewhere
        identitySource: [$request.header.X-Key]
functions:
  auth: { handler: h.auth }
  keyed: { handler: h.keyed, events: [ { httpApi: { method: GET, path: /local, authorizer: { name: local } } }, { httpApi: { method: GET, path: /remote, authorizer: { name: remote } } }, { httpApi: { method: GET, path: /iam, authorizer: { type: aws_iam } } } ] }
"#;
    let fake = FakeLambda::new(answers);
    let gw = Gateway::new(Arc::new(service(yaml)), fake.clone(), Options::default());
    let notes = &gw.http_api.as_ref().unwrap().authorizers.notes;
    assert_eq!(notes.len(), 2, "{notes:#?}");
    assert!(
        notes[0].starts_with(
            "httpApi GET /remote: request authorizer remote runs a function outside the service"
        ),
        "{notes:#?}"
    );
    assert!(
        notes[1].starts_with("httpApi GET /iam: aws_iam authorization is not emulated"),
        "{notes:#?}"
    );
    let out = send(&gw, "GET", "/local", &[("X-Key", "good")]).await;
    assert_eq!(out.reply.status, 200);
    assert_eq!(
        fake.count("auth"),
        1,
        "the functionArn names the service's `auth`"
    );
    let out = send(&gw, "GET", "/local", &[("X-Key", "bad")]).await;
    assert_eq!(out.reply.status, 403);
    for path in ["/remote", "/iam"] {
        let out = send(&gw, "GET", path, &[]).await;
        assert_eq!(out.reply.status, 200, "{path}: unchecked");
    }
}

#[tokio::test]
async fn the_start_up_notes_say_where_each_jwt_authorizer_gets_its_keys() {
    let yaml = r#"
service: keys
provider:
  name: aws
  runtime: nodejs20.x
  httpApi:
    authorizers:
      discovered: { type: jwt, identitySource: $request.header.Authorization, issuerUrl: 'http://127.0.0.1:0/issuer', audience: [app] }
      fileOnly: { type: jwt, identitySource: $request.header.Authorization, issuerUrl: urn:example:issuer, audience: [app] }
      unused: { type: jwt, identitySource: $request.header.Authorization, issuerUrl: 'https://unused.example.com', audience: [app] }
functions:
  f: { handler: h.f, events: [ { httpApi: { method: GET, path: /a, authorizer: { name: discovered } } }, { httpApi: { method: GET, path: /b, authorizer: { name: fileOnly } } } ] }
"#;
    let notes = |jwks: Option<std::path::PathBuf>| {
        let opts = Options {
            jwks,
            ..Options::default()
        };
        let gw = Gateway::new(Arc::new(service(yaml)), FakeLambda::new(answers), opts);
        gw.http_api.unwrap().authorizers.notes
    };
    assert_eq!(
        notes(None),
        [
            "httpApi JWT authorizer discovered: keys discovered at \
             http://127.0.0.1:0/issuer/.well-known/openid-configuration",
            "httpApi JWT authorizer fileOnly answers 401 to every request: its issuerUrl is not a \
             literal http(s) URL; give the issuer's keys with --jwks FILE",
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("jwks.json");
    std::fs::write(&file, test_key::jwks_json("k1")).unwrap();
    assert_eq!(
        notes(Some(file)),
        [
            "httpApi JWT authorizer discovered: keys from --jwks FILE, else discovered at \
             http://127.0.0.1:0/issuer/.well-known/openid-configuration",
            "httpApi JWT authorizer fileOnly: keys from --jwks FILE",
        ]
    );
}
