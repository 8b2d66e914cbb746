//! API keys and usage plans, the resource policy, Cognito and ARN authorizers, start-up
//! notes, and the cost of a warm authorizer cache, through [`Gateway::handle`].

use super::tests::{fail, gateway, ok, policy, request};
use crate::emulate::gateway::Options;
use crate::emulate::gateway::auth::authorizer::jwt::test_key;
use crate::emulate::gateway::{LambdaResult, Outcome};
use bytes::Bytes;
use serde_json::{Value, json};

fn app_ok(function: &str, event: &Value) -> LambdaResult {
    match function {
        "app" => LambdaResult::Ok(Bytes::from_static(br#"{"statusCode":200,"body":"ok"}"#)),
        "keyAuth" => {
            let mut p = policy("Allow", "*", "k");
            let token = event["authorizationToken"].as_str().unwrap_or("");
            p["usageIdentifierKey"] = token.into();
            ok(p)
        }
        _ => fail("Unauthorized"),
    }
}

const KEYS_YAML: &str = r#"
service: keys
provider:
  name: aws
  runtime: nodejs20.x
  apiGateway:
    apiKeys:
      - free: [{ name: freeKey, value: freeKeyValue0123456789 }]
      - paid: [{ name: paidKey, value: paidKeyValue0123456789 }, { name: offKey, value: offKeyValue01234567890, enabled: false }, generated]
    usagePlan:
      - free: { throttle: { rateLimit: 1, burstLimit: 2 }, quota: { limit: 3, period: DAY } }
      - paid: { throttle: { rateLimit: 100, burstLimit: 100 } }
functions:
  app: { handler: h.app, events: [ { http: { path: p, method: get, private: true } }, { http: GET open } ] }
"#;

fn body(o: &Outcome) -> &[u8] {
    &o.reply.body
}

#[tokio::test]
async fn private_methods_need_a_key_and_respect_its_plan() {
    let opts = Options {
        api_key_values: vec![("generated".into(), "givenValue0123456789".into())],
        ..Options::default()
    };
    let (gw, _) = gateway(KEYS_YAML, app_ok, opts);
    let forbidden = br#"{"message":"Forbidden"}"#;
    let too_many = br#"{"message":"Too Many Requests"}"#;
    let limit = br#"{"message":"Limit Exceeded"}"#;
    // (key, seconds, status, body, Retry-After)
    type Step<'a> = (Option<&'a str>, u64, u16, &'a [u8], Option<&'a str>);
    let steps: &[Step] = &[
        (None, 0, 403, forbidden, None),
        (Some("nope"), 0, 403, forbidden, None),
        (Some("offKeyValue01234567890"), 0, 403, forbidden, None),
        (Some("givenValue0123456789"), 0, 200, b"ok", None),
        (Some("freeKeyValue0123456789"), 0, 200, b"ok", None),
        (Some("freeKeyValue0123456789"), 0, 200, b"ok", None),
        (Some("freeKeyValue0123456789"), 0, 429, too_many, Some("1")),
        (Some("paidKeyValue0123456789"), 0, 200, b"ok", None),
        (Some("freeKeyValue0123456789"), 1, 200, b"ok", None),
        (Some("freeKeyValue0123456789"), 10, 429, limit, None),
    ];
    for (i, (key, t, status, want, retry)) in steps.iter().enumerate() {
        let headers: Vec<(&str, &str)> = key.iter().map(|k| ("x-api-key", *k)).collect();
        let out = gw.handle(request("GET", "/dev/p", &headers, *t)).await;
        assert_eq!(out.reply.status, *status, "step {i}");
        assert_eq!(body(&out), *want, "step {i}");
        if let Some(r) = retry {
            assert_eq!(out.reply.header("Retry-After"), Some(*r), "step {i}");
        }
        if *status == 429 {
            assert!(out.reply.header("Retry-After").is_some(), "step {i}");
        }
    }
    let open = gw.handle(request("GET", "/dev/open", &[], 0)).await;
    assert_eq!(open.reply.status, 200, "no key needed");
    let notes = gw.auth.startup_notes();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("generated (paid): givenValue0123456789")),
        "{notes:?}"
    );
}

#[tokio::test]
async fn the_proxy_event_names_the_key_used() {
    let (gw, _) = gateway(KEYS_YAML, app_ok, Options::default());
    let notes = gw.auth.startup_notes();
    let generated = notes
        .iter()
        .find(|n| n.starts_with("API key generated"))
        .and_then(|n| n.split(": ").nth(1))
        .and_then(|v| v.strip_suffix(" (generated)"))
        .expect("generated key printed")
        .to_string();
    assert_eq!(generated.len(), 40);
    let h = [("X-API-Key", generated.as_str())];
    let out = gw.handle(request("GET", "/dev/p", &h, 0)).await;
    assert_eq!(out.reply.status, 200);
}

#[tokio::test]
async fn usage_identifier_keys_come_from_the_authorizer() {
    let yaml = r#"
service: keys
provider:
  name: aws
  runtime: nodejs20.x
  apiGateway:
    apiKeySourceType: AUTHORIZER
    apiKeys: [{ name: k, value: authorizerKey0123456789 }]
functions:
  keyAuth: { handler: h.a }
  app: { handler: h.app, events: [ { http: { path: p, method: get, private: true, authorizer: keyAuth } } ] }
"#;
    let (gw, fake) = gateway(yaml, app_ok, Options::default());
    for (token, status) in [("authorizerKey0123456789", 200), ("other", 403)] {
        // the x-api-key header does not count when the source is the authorizer
        let h = [
            ("Authorization", token),
            ("x-api-key", "authorizerKey0123456789"),
        ];
        let out = gw.handle(request("GET", "/dev/p", &h, 0)).await;
        assert_eq!(out.reply.status, status, "{token}");
    }
    let e = &fake.event(1);
    assert_eq!(
        e["requestContext"]["identity"]["apiKey"],
        "authorizerKey0123456789"
    );
}

const POLICY_YAML: &str = r#"
service: rp
provider:
  name: aws
  runtime: nodejs20.x
  apiGateway:
    resourcePolicy:
      - Effect: Allow
        Principal: '*'
        Action: execute-api:Invoke
        Resource: [execute-api:/*]
        Condition: { IpAddress: { aws:SourceIp: [127.0.0.0/8, '2001:db8::/32'] } }
      - Effect: Deny
        Principal: '*'
        Action: execute-api:Invoke
        Resource: { 'Fn::Join': ['', ['arn:aws:execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':*/*/*/admin']] }
        Condition: { NotIpAddress: { aws:SourceIp: 10.0.0.0/8 } }
functions:
  auth: { handler: h.auth }
  app: { handler: h.app, events: [ { http: GET open }, { http: GET admin }, { http: { path: guarded, method: get, authorizer: auth } } ] }
"#;

fn policy_answers(function: &str, event: &Value) -> LambdaResult {
    match function {
        "auth" if event["authorizationToken"] == "yes" => ok(policy("Allow", "*", "p")),
        "auth" => ok(policy("Allow", "arn:none", "p")),
        _ => app_ok(function, event),
    }
}

#[tokio::test]
async fn the_resource_policy_is_evaluated_first() {
    let (gw, fake) = gateway(POLICY_YAML, policy_answers, Options::default());
    let arn = |p: &str| {
        format!(
            "arn:aws:execute-api:us-east-1:123456789012:{}/dev/GET/{p}",
            gw.api_id
        )
    };
    let implicit = |p: &str| {
        json!({"Message": format!("User: anonymous is not authorized to perform: execute-api:Invoke on resource: {}", arn(p))}).to_string()
    };
    let explicit = |p: &str| {
        json!({"Message": format!("User: anonymous is not authorized to perform: execute-api:Invoke on resource: {} with an explicit deny", arn(p))}).to_string()
    };
    // (source ip, path, token, status, body)
    let cases: Vec<(&str, &str, Option<&str>, u16, String)> = vec![
        ("127.0.0.1", "open", None, 200, "ok".into()),
        ("2001:db8::9", "open", None, 200, "ok".into()),
        ("8.8.8.8", "open", None, 403, implicit("open")),
        ("127.0.0.1", "admin", None, 403, explicit("admin")),
        ("10.1.1.1", "admin", None, 403, implicit("admin")),
        // explicit deny stops the request before the authorizer; without an Allow in the
        // resource policy the authorizer's Allow is enough
        ("8.8.8.8", "guarded", Some("yes"), 200, "ok".into()),
        (
            "8.8.8.8",
            "guarded",
            Some("no"),
            403,
            r#"{"message":"User is not authorized to access this resource"}"#.into(),
        ),
        // the resource policy's Allow admits what the authorizer's policy does not cover
        ("127.0.0.1", "guarded", Some("no"), 200, "ok".into()),
    ];
    for (ip, path, token, status, want) in cases {
        let headers: Vec<(&str, &str)> = token.iter().map(|t| ("Authorization", *t)).collect();
        let mut req = request("GET", &format!("/dev/{path}"), &headers, 0);
        req.source_ip = ip.into();
        let out = gw.handle(req).await;
        assert_eq!(out.reply.status, status, "{ip} {path} {token:?}");
        assert_eq!(String::from_utf8_lossy(body(&out)), want, "{ip} {path}");
    }
    assert!(
        gw.auth.startup_notes().is_empty(),
        "{:?}",
        gw.auth.startup_notes()
    );
    // `no` was answered once and cached: the second request reused the policy
    assert_eq!(fake.count("auth"), 2);
}

#[tokio::test]
async fn cognito_authorizers_verify_tokens_with_the_jwks() {
    let yaml = r#"
service: cup
provider: { name: aws, runtime: nodejs20.x }
functions:
  app:
    handler: h.app
    events:
      - http: { path: id, method: get, authorizer: { type: COGNITO_USER_POOLS, name: pool, arn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Pool' } }
      - http: { path: scoped, method: get, authorizer: { type: COGNITO_USER_POOLS, name: pool, scopes: [items/read], arn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Pool' } }
"#;
    let (no_jwks, _) = gateway(yaml, app_ok, Options::default());
    assert!(
        no_jwks
            .auth
            .startup_notes()
            .iter()
            .any(|n| n.contains("--jwks"))
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jwks.json");
    std::fs::write(&path, test_key::jwks_json("k")).unwrap();
    let opts = Options {
        jwks: Some(path),
        ..Options::default()
    };
    let (gw, fake) = gateway(yaml, app_ok, opts);
    let iss = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool";
    let exp = 1_700_000_000u64 + 3600;
    let id = test_key::sign(
        "k",
        &json!({"sub": "u1", "iss": iss, "token_use": "id", "aud": "client-1", "exp": exp, "email": "a@b.c"}),
    );
    let access = test_key::sign(
        "k",
        &json!({"sub": "u1", "iss": iss, "token_use": "access", "client_id": "client-1", "exp": exp, "scope": "items/read"}),
    );
    let cases = [
        (&no_jwks, "/dev/id", Some(id.as_str()), 401),
        (&gw, "/dev/id", None, 401),
        (&gw, "/dev/id", Some("garbage"), 401),
        (&gw, "/dev/id", Some(id.as_str()), 200),
        (&gw, "/dev/id", Some(access.as_str()), 401),
        (&gw, "/dev/scoped", Some(access.as_str()), 200),
        (&gw, "/dev/scoped", Some(id.as_str()), 401),
    ];
    for (g, path, token, status) in cases {
        let headers: Vec<(&str, &str)> = token.iter().map(|t| ("Authorization", *t)).collect();
        let out = g.handle(request("GET", path, &headers, 0)).await;
        assert_eq!(
            out.reply.status,
            status,
            "{path} {}",
            token.map_or("-", |t| &t[..10.min(t.len())])
        );
    }
    let event = fake.event(0);
    let claims = &event["requestContext"]["authorizer"]["claims"];
    assert_eq!(claims["email"], "a@b.c");
    assert_eq!(claims["sub"], "u1");
}

#[tokio::test]
async fn arn_authorizers_run_local_functions_and_skip_others() {
    let yaml = r#"
service: arns
provider: { name: aws, runtime: nodejs20.x }
functions:
  auth: { handler: h.auth }
  app:
    handler: h.app
    events:
      - http: { path: byarn, method: get, authorizer: { name: byArn, arn: 'arn:aws:lambda:us-east-1:123456789012:function:arns-dev-auth' } }
      - http: { path: getatt, method: get, authorizer: { name: byGetAtt, arn: { 'Fn::GetAtt': [AuthLambdaFunction, Arn] } } }
      - http: { path: foreign, method: get, authorizer: 'arn:aws:lambda:us-east-1:123456789012:function:other-dev-auth' }
      - http: { path: iam, method: get, authorizer: aws_iam }
"#;
    let (gw, fake) = gateway(yaml, app_ok, Options::default());
    let notes = gw.auth.startup_notes();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes[0].contains("/foreign") && notes[1].contains("AWS_IAM"),
        "{notes:?}"
    );
    for (path, status) in [
        ("byarn", 401),
        ("getatt", 401),
        ("foreign", 200),
        ("iam", 200),
    ] {
        let h = [("Authorization", "t")];
        let out = gw
            .handle(request("GET", &format!("/dev/{path}"), &h, 0))
            .await;
        assert_eq!(out.reply.status, status, "{path}");
    }
    assert_eq!(fake.count("auth"), 2);
}

/// A warm cache answers every later request with the same token without invoking the
/// authorizer again (its cost is measured by `scripts/bench-emulate.sh`, not here).
#[tokio::test]
async fn a_warm_authorizer_cache_invokes_the_authorizer_once() {
    let yaml = r#"
service: perf
provider: { name: aws, runtime: nodejs20.x }
functions:
  auth: { handler: h.auth }
  app: { handler: h.app, events: [ { http: { path: closed, method: get, authorizer: auth } } ] }
"#;
    fn answers(function: &str, event: &Value) -> LambdaResult {
        match function {
            "auth" => ok(json!({"principalId": "p", "policyDocument": {"Statement": [
                {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}})),
            _ => app_ok(function, event),
        }
    }
    let (gw, fake) = gateway(yaml, answers, Options::default());
    for token in ["yes", "yes", "yes", "other", "yes", "other"] {
        let req = request("GET", "/dev/closed", &[("Authorization", token)], 0);
        assert_eq!(gw.handle(req).await.reply.status, 200, "{token}");
    }
    assert_eq!(fake.count("auth"), 2, "one invocation per token");
    assert_eq!(fake.count("app"), 6);
}
