//! `alb` events end to end: `slsc emulate --port 0`, each ALB listener on its own port (found
//! in the start-up banner), real Node.js and Python handlers behind the listener rules,
//! checked over HTTP against the ELB docs: "Listener rules for your Application Load
//! Balancer" and "Condition types for listener rules" (routing), "Lambda functions as
//! targets" (the event, the response, the limits) and "Troubleshoot your Application Load
//! Balancers" (502). Where the docs are silent the comment says so.

mod support;

use serde_json::json;
use std::path::Path;
use support::emulator::{Emulator, Response, request};

fn start() -> Emulator {
    Emulator::start(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulate/alb"),
        &[],
    )
}

/// The `host:port` of the listener serving `function`'s rule, from the banner's ALB table.
fn listener_of(emu: &Emulator, function: &str) -> String {
    let line = emu
        .banner
        .lines()
        .skip_while(|l| !l.starts_with("ALB listener rules"))
        .find(|l| l.split_whitespace().nth(3) == Some(function))
        .unwrap_or_else(|| panic!("no ALB rule of {function} in\n{}", emu.banner));
    let url = line.split_whitespace().last().unwrap();
    let rest = url.strip_prefix("http://").unwrap();
    rest.split('/').next().unwrap().to_string()
}

fn call(addr: &str, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
    request(addr, method, target, headers, body)
}

/// The function that answered an echo handler's response.
fn answered_by(r: &Response) -> String {
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["function"]
        .as_str()
        .unwrap()
        .trim_start_matches("emu-alb-dev-")
        .to_string()
}

#[test]
fn rules_by_priority_and_each_condition_kind() {
    let emu = start();
    let web = listener_of(&emu, "echo");
    let internal = listener_of(&emu, "pyEcho");
    assert_ne!(web, internal, "one port per listener");
    assert_eq!(listener_of(&emu, "users"), web);
    let get = |target: &str, headers: &[(&str, &str)]| {
        answered_by(&call(&web, "GET", target, headers, b""))
    };

    // path patterns: `*` and `?`, several values OR-ed, case-sensitive; method exact
    assert_eq!(get("/users/42", &[]), "users");
    assert_eq!(get("/people/7", &[]), "users");
    assert_eq!(get("/people/77", &[]), "echo");
    assert_eq!(get("/Users/42", &[]), "echo");
    assert_eq!(
        answered_by(&call(&web, "POST", "/users/42", &[], b"x")),
        "echo"
    );
    // host-header: case-insensitive with wildcards, lower priority number first (3 beats 10)
    assert_eq!(get("/users/42", &[("Host", "API.Example.COM")]), "hosts");
    assert_eq!(get("/users/42", &[("Host", "example.com")]), "users");
    // http-header: name and values case-insensitive, wildcards
    assert_eq!(get("/anything", &[("x-tier", "GOLDEN")]), "tier");
    assert_eq!(get("/anything", &[("X-Tier", "silver")]), "echo");
    // query-string: key/value pairs, case-insensitive
    assert_eq!(get("/q?mode=FAST", &[]), "queried");
    assert_eq!(get("/q?mode=slow", &[]), "echo");
    // source-ip: 10.0.0.0/8 (priority 6) does not hold the loopback client, 127.0.0.0/8 does
    assert_eq!(get("/ip", &[]), "nearBy");

    // the other listener has no rule for `/`: the listener's default action is not in the
    // service, so the emulator says so with a 404 (and a log note)
    let r = call(&internal, "GET", "/", &[], b"");
    assert_eq!(r.status, 404);
    assert!(
        r.text()
            .contains("default action is not part of this service"),
        "{}",
        r.text()
    );
    emu.wait_for_log("GET / 404", 10);
    assert!(
        emu.log_text()
            .contains("default action is not part of the service")
    );
}

#[test]
fn the_event_and_the_response_of_a_node_target() {
    let emu = start();
    let web = listener_of(&emu, "echo");
    let r = call(
        &web,
        "POST",
        "/echo/a%20b?q=a%20b&x=1&x=2&flag",
        &[
            ("Content-Type", "application/json"),
            ("X-Multi", "one"),
            ("X-Multi", "two"),
            ("X-Forwarded-For", "203.0.113.9"),
        ],
        br#"{"hello":"alb"}"#,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // ALB takes the status line's text from statusDescription ("200 Echoed")
    assert_eq!(r.reason, "Echoed");
    assert!(r.header("x-function").is_some_and(|f| f.ends_with("-echo")));
    assert_eq!(r.header("content-type"), Some("application/json"));
    let e = &r.json()["event"];
    assert_eq!(
        e["requestContext"]["elb"]["targetGroupArn"]
            .as_str()
            .unwrap()
            .rsplit_once('/')
            .unwrap()
            .0,
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/echo-tg"
    );
    assert_eq!(e["httpMethod"], "POST");
    // the path as sent
    assert_eq!(e["path"], "/echo/a%20b");
    // "If the query parameters are URL-encoded, the load balancer does not decode them";
    // without multi-value headers, the last value of a repeated name
    assert_eq!(
        e["queryStringParameters"],
        json!({"q": "a%20b", "x": "2", "flag": ""})
    );
    let h = &e["headers"];
    assert_eq!(h["content-type"], "application/json");
    assert_eq!(h["x-multi"], "two");
    assert_eq!(h["x-forwarded-for"], "203.0.113.9, 127.0.0.1");
    assert_eq!(h["x-forwarded-proto"], "http");
    assert!(h["x-forwarded-port"].as_str().is_some());
    assert!(
        h["x-amzn-trace-id"]
            .as_str()
            .unwrap()
            .starts_with("Root=1-")
    );
    assert!(e.get("multiValueHeaders").is_none());
    assert_eq!(e["body"], r#"{"hello":"alb"}"#);
    assert_eq!(e["isBase64Encoded"], false);

    // a body of another type is base64
    let r = call(
        &web,
        "PUT",
        "/bin",
        &[("Content-Type", "application/octet-stream")],
        &[0, 1, 2],
    );
    let e = &r.json()["event"];
    assert_eq!(
        (e["body"].as_str(), e["isBase64Encoded"].as_bool()),
        (Some("AAEC"), Some(true))
    );
}

#[test]
fn multi_value_headers_with_a_python_target() {
    let emu = start();
    let internal = listener_of(&emu, "pyEcho");
    let r = call(
        &internal,
        "GET",
        "/py/items?x=1&x=2&q=a%2Cb",
        &[("X-Multi", "one"), ("X-Multi", "two")],
        b"",
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.header_all("set-cookie"), ["a=1", "b=2"]);
    // the `headers` member is ignored when the target group has multi-value headers
    assert_eq!(r.header("x-ignored"), None);
    let body = r.json();
    assert_eq!(body["runtime"], "python");
    let e = &body["event"];
    assert_eq!(
        e["multiValueQueryStringParameters"],
        json!({"x": ["1", "2"], "q": ["a%2Cb"]})
    );
    assert_eq!(e["multiValueHeaders"]["x-multi"], json!(["one", "two"]));
    assert!(e.get("headers").is_none() && e.get("queryStringParameters").is_none());
    assert_eq!(
        (e["body"].as_str(), e["isBase64Encoded"].as_bool()),
        (Some(""), Some(false))
    );
}

#[test]
fn bad_gateway_on_malformed_results_errors_and_timeouts() {
    let emu = start();
    let web = listener_of(&emu, "echo");
    for path in ["/malformed", "/throws", "/hangs"] {
        let r = call(&web, "GET", path, &[], b"");
        assert_eq!(r.status, 502, "{path}: {}", r.text());
        assert!(r.text().contains("502 Bad Gateway"), "{}", r.text());
        assert_eq!(r.header("server"), Some("awselb/2.0"));
    }
    // the door keeps serving
    assert_eq!(
        answered_by(&call(&web, "GET", "/users/1", &[], b"")),
        "users"
    );
    // "Lambda functions as targets", Limits: a request body over 1 MB
    let big = vec![b'x'; 1024 * 1024 + 1];
    let r = call(
        &web,
        "POST",
        "/echo",
        &[("Content-Type", "text/plain")],
        &big,
    );
    assert_eq!(r.status, 413);
    let log = emu.log_text();
    assert!(log.contains("statusCode is missing"), "{log}");
    assert!(log.contains("the function failed (Handled)"), "{log}");
    // the function's own timeout: ALB answers 502 (its idle timeout does not apply)
    assert!(log.contains("the function failed (Timeout)"), "{log}");
}
