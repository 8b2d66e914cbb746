//! `httpApi` routes end to end: `slsc emulate` on a free port, real Node.js and Python handlers
//! behind the HTTP API (payload 2.0 and 1.0), beside a REST route on the same port, checked
//! over HTTP against what API Gateway v2 answers. Where AWS's documentation is silent, the
//! comment says so and which answer the emulator chose.

mod support;

use serde_json::json;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};
use support::emulator::Emulator;
use support::jwt_key;

fn start(extra: &[&str]) -> Emulator {
    Emulator::start(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulate/http_api"),
        extra,
    )
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[test]
fn routes_beside_rest_events_and_responses() {
    let emu = start(&[]);
    assert!(
        emu.banner.contains("REST API (http events) at http://"),
        "{}",
        emu.banner
    );
    assert!(
        emu.banner
            .contains("HTTP API (httpApi events, $default stage) at http://")
    );
    assert!(!emu.banner.contains("not served"), "{}", emu.banner);

    // one port: the REST route under the stage, the HTTP API at the root
    let r = emu.get("/dev/hello");
    assert_eq!((r.status, r.text().as_str()), (200, "from the REST API"));
    assert!(r.header("x-amzn-requestid").is_some());
    let r = emu.request(
        "GET",
        "/hello?b=2&a=1&a=x%20y",
        &[
            ("Cookie", "c1=v1; c2=v2"),
            ("X-Multi", "one"),
            ("X-Multi", "two"),
            ("User-Agent", "e2e"),
        ],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.header("apigw-requestid").is_some());
    assert_eq!(r.header_all("set-cookie"), ["a=1; Path=/", "b=2"]);
    let e = &r.json()["event"];
    assert_eq!(e["version"], "2.0");
    assert_eq!(e["routeKey"], "GET /hello");
    assert_eq!(e["rawPath"], "/hello");
    assert_eq!(e["rawQueryString"], "b=2&a=1&a=x%20y");
    assert_eq!(e["queryStringParameters"], json!({"b": "2", "a": "1,x y"}));
    assert_eq!(e["cookies"], json!(["c1=v1", "c2=v2"]));
    assert!(e["headers"].get("cookie").is_none());
    assert_eq!(e["headers"]["x-multi"], "one,two");
    assert!(e.get("pathParameters").is_none() && e.get("body").is_none());
    let cx = &e["requestContext"];
    assert_eq!(cx["stage"], "$default");
    assert_eq!(cx["routeKey"], "GET /hello");
    assert_eq!(cx["http"]["method"], "GET");
    assert_eq!(cx["http"]["path"], "/hello");
    assert_eq!(cx["http"]["userAgent"], "e2e");
    assert_eq!(cx["http"]["sourceIp"], "127.0.0.1");
    assert_eq!(cx["requestId"], r.header("apigw-requestid").unwrap());
    assert!(cx["timeEpoch"].as_u64().is_some() && cx["time"].is_string());

    // under the stage with no REST route: the HTTP API answers (here its greedy route)
    let r = emu.request("DELETE", "/echo/a/b%20c", &[], b"");
    assert_eq!(
        r.json()["event"]["pathParameters"],
        json!({"proxy": "a/b c"})
    );

    // a binary body is base64, JSON is text
    let r = emu.request(
        "POST",
        "/items/7",
        &[("Content-Type", "application/octet-stream")],
        &[0, 159, 255],
    );
    let e = &r.json()["event"];
    assert_eq!(
        (e["body"].as_str(), &e["isBase64Encoded"]),
        (Some("AJ//"), &json!(true))
    );
    assert_eq!(e["pathParameters"]["id"], "7");
    let r = emu.request(
        "POST",
        "/items/7",
        &[("Content-Type", "application/json")],
        br#"{"a":1}"#,
    );
    let e = &r.json()["event"];
    assert_eq!(
        (e["body"].as_str(), &e["isBase64Encoded"]),
        (Some(r#"{"a":1}"#), &json!(false))
    );

    // inferred responses
    for (kind, body) in [
        ("string", "plain words"),
        ("number", "42"),
        ("object", r#"{"hello":"world","path":"/inferred/object"}"#),
    ] {
        let r = emu.get(&format!("/inferred/{kind}"));
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.text(), body, "{kind}");
    }
    // a base64 body is decoded whatever its type
    let r = emu.get("/image");
    assert_eq!(r.body, [0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);

    // payload 1.0
    let r = emu.request("GET", "/legacy/9?q=1&q=2", &[("X-A", "1")], b"");
    assert_eq!(r.header_all("x-seen"), ["one", "two"]);
    let e = &r.json()["event"];
    assert_eq!(e["version"], "1.0");
    assert_eq!(e["resource"], "/legacy/{id}");
    assert_eq!(e["multiValueQueryStringParameters"]["q"], json!(["1", "2"]));
    assert_eq!(e["requestContext"]["stage"], "$default");
    assert_eq!(e["headers"]["x-a"], "1");

    // the Python `$default` route takes what no other route matches
    let r = emu.request("PATCH", "/anything/else", &[], b"x=1");
    let v = r.json();
    assert_eq!(v["runtime"], "python");
    assert_eq!(v["routeKey"], "$default");
    assert_eq!(
        v["body"], "x=1",
        "no Content-Type: base64, decoded by the handler"
    );
    assert_eq!(v["isBase64Encoded"], true);
    let r = emu.get("/py/ada?x=1");
    let v = r.json();
    assert_eq!(v["pathParameters"], json!({"name": "ada"}));
    assert_eq!(v["function"], "emu-http-api-dev-py");
    let r = emu.request("POST", "/py/explicit", &[], b"");
    assert_eq!(r.status, 201);
    assert_eq!(r.text(), "created by python");
    assert_eq!(r.header_all("set-cookie"), ["session=abc; HttpOnly"]);
    assert_eq!(r.header("content-type"), Some("text/plain"));
}

#[test]
fn failures_get_aws_s_answers_and_the_emulator_keeps_serving() {
    let emu = start(&["--integration-timeout-ms", "1000"]);
    let ise = r#"{"message":"Internal Server Error"}"#;
    for path in ["/throws", "/crash", "/malformed"] {
        let r = emu.get(path);
        assert_eq!((r.status, r.text().as_str()), (500, ise), "{path}");
    }
    let r = emu.get("/slow");
    assert_eq!(r.status, 503);
    assert_eq!(r.text(), r#"{"message":"Service Unavailable"}"#);
    // a body over 10 MB (the body text of AWS's 413 is unconfirmed)
    let big = vec![b'x'; 10 * 1024 * 1024 + 1];
    let r = emu.request("POST", "/items/1", &[], &big);
    assert_eq!(r.status, 413);
    assert!(r.header("apigw-requestid").is_some());
    let r = emu.get("/crash");
    assert_eq!(r.status, 500);
    let r = emu.get("/inferred/string");
    assert_eq!((r.status, r.text().as_str()), (200, "plain words"));
    let log = emu.stop();
    assert!(log.contains("GET /slow 503"), "{log}");
}

#[test]
fn no_route_is_404_without_a_default_route() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("serverless.yml"),
        "service: no-default\nprovider: { name: aws, runtime: nodejs20.x }\nfunctions:\n  \
         f:\n    handler: h.f\n    events:\n      - httpApi: GET /only\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("h.js"),
        "exports.f = async () => ({ ok: true });\n",
    )
    .unwrap();
    let emu = Emulator::start(dir.path(), &[]);
    for (method, path) in [("GET", "/nope"), ("POST", "/only"), ("GET", "/dev/only")] {
        let r = emu.request(method, path, &[], b"");
        assert_eq!(r.status, 404, "{method} {path}");
        assert_eq!(r.text(), r#"{"message":"Not Found"}"#);
    }
    assert_eq!(emu.get("/only").text(), r#"{"ok":true}"#);
}

#[test]
fn jwt_authorizer_verifies_tokens_from_the_jwks_file() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = dir.path().join("jwks.json");
    std::fs::write(&jwks, jwt_key::jwks("k1")).unwrap();
    let emu = start(&["--jwks", jwks.to_str().unwrap()]);
    let iss = "http://127.0.0.1:0/issuer";
    let claims = |scope: &str, exp: u64| {
        json!({"sub": "ada", "iss": iss, "aud": "app-client", "exp": exp, "iat": now() - 5,
               "scope": scope, "cognito:groups": ["admin", "dev"]})
    };
    let bearer = |t: String| format!("Bearer {t}");
    let good = bearer(jwt_key::sign("k1", &claims("profile/read", now() + 600)));
    let cases: Vec<(&str, Option<String>, u16)> = vec![
        ("GET", None, 401),
        ("GET", Some(good.clone()), 200),
        (
            "GET",
            Some(bearer(jwt_key::sign("k1", &claims("", now() - 10)))),
            401,
        ),
        (
            "GET",
            Some(bearer(jwt_key::sign("k2", &claims("", now() + 600)))),
            401,
        ),
        (
            "GET",
            Some(bearer(jwt_key::sign_with(
                &json!({"alg": "none", "kid": "k1"}),
                &claims("", now() + 600),
            ))),
            401,
        ),
        (
            "GET",
            Some(bearer(jwt_key::sign_with(
                &json!({"alg": "RS512", "kid": "k1"}),
                &claims("", now() + 600),
            ))),
            200,
        ),
        // the route's scopes: missing is 403 (observed; the challenge text is unconfirmed)
        ("POST", Some(good.clone()), 403),
        (
            "POST",
            Some(bearer(jwt_key::sign(
                "k1",
                &claims("profile/write", now() + 600),
            ))),
            200,
        ),
    ];
    for (method, auth, status) in &cases {
        let headers: Vec<(&str, &str)> =
            auth.iter().map(|a| ("Authorization", a.as_str())).collect();
        let r = emu.request(method, "/me", &headers, b"");
        assert_eq!(r.status, *status, "{method} {auth:?}: {}", r.text());
        if *status == 401 {
            assert_eq!(r.text(), r#"{"message":"Unauthorized"}"#);
        }
        if *status == 403 {
            assert_eq!(r.text(), r#"{"message":"Forbidden"}"#);
            assert!(
                r.header("www-authenticate")
                    .is_some_and(|c| c.contains("insufficient_scope"))
            );
        }
        if *status == 401 && auth.is_some() {
            let c = r.header("www-authenticate").unwrap_or("");
            assert!(
                c.starts_with("Bearer ") && c.contains("invalid_token"),
                "{c}"
            );
        }
    }
    let r = emu.request("GET", "/me", &[("Authorization", &good)], b"");
    let jwt = &r.json()["authorizer"]["jwt"];
    assert_eq!(jwt["claims"]["sub"], "ada");
    assert_eq!(
        jwt["claims"]["exp"]
            .as_str()
            .map(|s| s.parse::<u64>().is_ok()),
        Some(true)
    );
    assert_eq!(jwt["claims"]["cognito:groups"], "[admin dev]");
    assert_eq!(jwt["scopes"], json!(["profile/read"]));

    // a token the emulator remembers as verified is still refused once it expires: the expiry
    // is checked on every request, not only when the signature is
    let expiry = now() + 2;
    let short = bearer(jwt_key::sign("k1", &claims("profile/read", expiry)));
    let first = emu.request("GET", "/me", &[("Authorization", &short)], b"");
    assert_eq!(first.status, 200, "{}", first.text());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let asked_at = now();
        let r = emu.request("GET", "/me", &[("Authorization", &short)], b"");
        if asked_at >= expiry {
            assert_eq!(r.status, 401, "an expired token got through: {}", r.text());
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the token never expired"
        );
    }
}

#[test]
fn jwt_routes_refuse_every_token_when_neither_a_jwks_file_nor_the_issuer_gives_keys() {
    let emu = start(&[]);
    assert!(
        emu.banner.contains(
            "httpApi JWT authorizer issuerJwt: keys discovered at \
             http://127.0.0.1:0/issuer/.well-known/openid-configuration"
        ),
        "{}",
        emu.banner
    );
    let token = format!(
        "Bearer {}",
        jwt_key::sign(
            "k1",
            &json!({"iss": "http://127.0.0.1:0/issuer", "aud": "app-client",
                                      "exp": now() + 600})
        )
    );
    let r = emu.request("GET", "/me", &[("Authorization", &token)], b"");
    assert_eq!(r.status, 401);
}

#[test]
fn lambda_request_authorizer_with_simple_responses_and_cache() {
    let emu = start(&[]);
    let get = |key: Option<&str>| {
        let headers: Vec<(&str, &str)> = key.iter().map(|k| ("X-Api-Key", *k)).collect();
        emu.request("GET", "/keyed", &headers, b"")
    };
    // missing identity source: 401 without invoking
    let r = get(None);
    assert_eq!(
        (r.status, r.text().as_str()),
        (401, r#"{"message":"Unauthorized"}"#)
    );
    // isAuthorized false: 403 (AWS's body here is unconfirmed; serverless-offline agrees)
    let r = get(Some("wrong"));
    assert_eq!(
        (r.status, r.text().as_str()),
        (403, r#"{"message":"Forbidden"}"#)
    );
    // a failing authorizer: 500
    let r = get(Some("throw"));
    assert_eq!(r.status, 500);
    let first = get(Some("let-me-in")).json();
    let lambda = &first["authorizer"]["lambda"];
    assert_eq!(lambda["key"], "let-me-in");
    assert!(
        lambda["routeArn"]
            .as_str()
            .unwrap()
            .ends_with("/$default/GET/keyed"),
        "{lambda}"
    );
    let calls = lambda["calls"].as_u64().unwrap();
    // the authorizer counts its own calls: a cached answer carries the same count
    let second = get(Some("let-me-in")).json();
    assert_eq!(
        second["authorizer"]["lambda"]["calls"], calls,
        "the answer is cached for resultTtlInSeconds"
    );
}

#[test]
fn cors_preflights_and_headers_come_from_the_api() {
    let emu = start(&[]);
    let r = emu.request(
        "OPTIONS",
        "/hello",
        &[
            ("Origin", "https://app.example.com"),
            ("Access-Control-Request-Method", "GET"),
            ("Access-Control-Request-Headers", "authorization"),
        ],
        b"",
    );
    // 204: AWS's preflight status is unconfirmed (other emulators answer 204)
    assert_eq!(r.status, 204);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://app.example.com")
    );
    assert_eq!(r.header("access-control-allow-credentials"), Some("true"));
    assert_eq!(r.header("access-control-max-age"), Some("600"));
    assert_eq!(
        r.header("access-control-allow-headers"),
        Some("content-type,authorization")
    );
    assert!(
        r.header("access-control-allow-methods")
            .is_some_and(|m| m.contains("GET"))
    );
    // another origin: no CORS headers (AWS's answer is unconfirmed: none rather than 403)
    let r = emu.request(
        "OPTIONS",
        "/hello",
        &[
            ("Origin", "https://evil.example"),
            ("Access-Control-Request-Method", "GET"),
        ],
        b"",
    );
    assert!(r.header("access-control-allow-origin").is_none());
    // a response: the API's headers replace the function's `*`
    let r = emu.request(
        "GET",
        "/hello",
        &[("Origin", "https://app.example.com")],
        b"",
    );
    assert_eq!(
        r.header_all("access-control-allow-origin"),
        ["https://app.example.com"]
    );
    assert_eq!(r.header("access-control-expose-headers"), Some("x-total"));
    let r = emu.request("GET", "/hello", &[("Origin", "https://evil.example")], b"");
    assert!(r.header("access-control-allow-origin").is_none());
    let r = emu.get("/hello");
    assert!(
        r.header("access-control-allow-origin").is_none(),
        "no Origin, no CORS headers"
    );
}

/// The fixture with the shapes of serverless/examples' httpApi services runs with its own
/// handlers: the provider environment as SF resolves it, a `python3.9` function (run by
/// `python3` where no working `python3.9` is on `PATH`), a `nodejs12.x` one, CORS preflights.
#[test]
fn the_serverless_examples_fixture_runs_with_its_handlers() {
    let emu = Emulator::start(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/http-api-examples"),
        &[],
    );
    let r = emu.get("/greet");
    assert_eq!(
        (r.status, r.text().as_str()),
        (200, "<p>Hello from /greet</p>")
    );
    assert_eq!(r.header("content-type"), Some("text/html"));
    assert_eq!(
        emu.get("/todos/abc").json(),
        json!({"id": "abc", "table": "http-api-examples-dev"})
    );
    let r = emu.request(
        "POST",
        "/todos",
        &[("Content-Type", "application/json")],
        br#"{"text":"milk"}"#,
    );
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["item"], json!({"text": "milk"}));
    let r = emu.get("/time");
    assert!(r.text().parse::<u64>().is_ok(), "{}", r.text());
    let r = emu.request(
        "OPTIONS",
        "/todos",
        &[
            ("Origin", "https://app.example.com"),
            ("Access-Control-Request-Method", "POST"),
        ],
        b"",
    );
    assert_eq!(r.status, 204);
    assert_eq!(
        r.header("access-control-allow-methods"),
        Some("OPTIONS,POST,GET")
    );
}
