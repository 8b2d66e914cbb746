//! `httpApi` events and `provider.httpApi` lowered: routes, payload versions, CORS as SF
//! resolves it, authorizers and the spans the checks point at.

use super::{lower_text, svc};
use crate::ir::{AuthorizerFunction, HttpApiAuthorizerKind, RouteAuthorizer};

const SERVICE: &str = "service: demo
provider:
  name: aws
  httpApi:
    payload: '1.0'
    cors:
      allowedOrigins: https://app.example.com
      allowCredentials: false
      maxAge: 60
    authorizers:
      jwtAuth:
        identitySource: $request.header.Authorization
        issuerUrl: https://issuer.example.com
        audience: [app, app, other]
      gate:
        type: request
        name: the-gate
        functionName: auth
        resultTtlInSeconds: 0
functions:
  a:
    handler: h.a
    httpApi:
      payload: '2.0'
    events:
      - httpApi: get /users/{id}
      - httpApi:
          method: '*'
          path: /files/{proxy+}
          authorizer:
            name: jwtAuth
            scopes: [read, read, write]
  b:
    handler: h.b
    events:
      - httpApi: '*'
      - httpApi:
          method: HEAD
          path: /b
          authorizer: gate
      - httpApi:
          method: DELETE
          path: /b
          authorizer:
            type: aws_iam
  auth:
    handler: h.auth
";

#[test]
fn every_event_is_one_route_in_order() {
    let s = svc(SERVICE);
    let routes: Vec<(&str, &str, &str, &str)> = s
        .http_api
        .routes
        .iter()
        .map(|r| {
            (
                r.function.as_str(),
                r.method.as_str(),
                r.route_key.as_str(),
                r.payload_version.as_str(),
            )
        })
        .collect();
    assert_eq!(
        routes,
        [
            ("a", "GET", "GET /users/{id}", "2.0"),
            ("a", "ANY", "ANY /files/{proxy+}", "2.0"),
            ("b", "ANY", "$default", "1.0"),
            ("b", "HEAD", "HEAD /b", "1.0"),
            ("b", "DELETE", "DELETE /b", "1.0"),
        ]
    );
    assert!(s.http_api.routes[2].is_catch_all());
    assert!(s.unsupported_events.is_empty());
    assert!(s.provider.ignored.is_empty());
}

#[test]
fn route_authorizers_are_resolved_by_key() {
    let s = svc(SERVICE);
    let api = &s.http_api;
    let auth = api.routes[1].authorization.as_ref().unwrap();
    assert!(matches!(&auth.authorizer, RouteAuthorizer::Configured(k) if k == "jwtAuth"));
    assert_eq!(
        auth.scopes.as_deref(),
        Some(&["read".into(), "write".into()][..])
    );
    let gate = api.routes[3].authorization.as_ref().unwrap();
    let RouteAuthorizer::Configured(key) = &gate.authorizer else {
        panic!("{gate:?}");
    };
    let configured = api.authorizer(key).unwrap();
    assert_eq!(configured.name, "the-gate");
    let HttpApiAuthorizerKind::Request(r) = &configured.kind else {
        panic!("{configured:?}");
    };
    assert!(matches!(&r.function, Some(AuthorizerFunction::Service(f)) if f == "auth"));
    assert_eq!(r.result_ttl_in_seconds, Some(0));
    assert_eq!(r.payload_version, "2.0");
    assert!(matches!(
        api.routes[4].authorization.as_ref().unwrap().authorizer,
        RouteAuthorizer::AwsIam
    ));
    let HttpApiAuthorizerKind::Jwt(j) = &api.authorizer("jwtAuth").unwrap().kind else {
        panic!("jwt");
    };
    assert_eq!(
        j.audiences,
        [serde_json::json!("app"), serde_json::json!("other")]
    );
}

#[test]
fn cors_is_resolved_as_sf_does() {
    let s = svc(SERVICE);
    let settings = &s.http_api.settings;
    assert_eq!(settings.name, "dev-demo");
    let cors = settings.cors.as_ref().unwrap();
    assert_eq!(cors.allowed_origins, ["https://app.example.com"]);
    assert_eq!(cors.allowed_headers.len(), 7);
    // OPTIONS, then GET, then ANY's seven (already-present ones keep their place), HEAD...
    assert_eq!(
        cors.allowed_methods,
        ["OPTIONS", "GET", "POST", "PUT", "PATCH", "HEAD", "DELETE"]
    );
    assert!(!cors.allow_credentials);
    assert_eq!(cors.max_age, Some(60));
    assert!(settings.access_log_format.is_none());
}

#[test]
fn logs_true_use_sf_default_format_and_spans_point_at_keys() {
    let text = "service: demo\nprovider:\n  name: aws\n  logs:\n    httpApi: true\n  httpApi:\n    id: abc\n    shouldStartNameWithService: true\nfunctions:\n  a:\n    handler: h.a\n    events:\n      - httpApi: GET /x\n";
    let (s, _, sm) = lower_text(text);
    let s = s.unwrap();
    let settings = &s.http_api.settings;
    assert_eq!(settings.name, "demo-dev");
    assert_eq!(
        settings.access_log_format.as_deref(),
        Some(
            r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","routeKey":"$context.routeKey","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength"}"#
        )
    );
    assert!(s.http_api.is_external());
    let line = |span| sm.locate(span).unwrap().1;
    assert_eq!(line(settings.spans.logs.unwrap()), 5);
    assert_eq!(line(settings.spans.id.unwrap()), 7);
    assert_eq!(line(s.http_api.routes[0].span), 13);
}

#[test]
fn broken_events_are_skipped_without_panicking() {
    for event in [
        "GET users",
        "{path: /x}",
        "{method: GET}",
        "{method: [GET], path: /x}",
        "{method: GET, path: '*'}",
        "{method: GET, path: /x, authorizer: [a]}",
        "{method: GET, path: /x, authorizer: {type: aws_iam, name: a}}",
        "42",
        "[GET /x]",
    ] {
        let text = format!(
            "service: demo\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h.a\n    events:\n      - httpApi: {event}\n"
        );
        let (s, _, _) = lower_text(&text);
        assert!(s.unwrap().http_api.routes.is_empty(), "{event}");
    }
}
