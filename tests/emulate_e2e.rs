//! `slsc emulate` end to end: the real binary on a free loopback port, real Node.js, Python
//! and custom-runtime handlers, checked over HTTP against what API Gateway + Lambda answer.

mod support;

use serde_json::json;
use std::path::{Path, PathBuf};
use support::emulator::{Emulator, poll, request};

fn service_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulate/gateway")
}

fn start(extra: &[&str]) -> Emulator {
    Emulator::start(&service_dir(), extra)
}

#[test]
fn the_proxy_event_carries_the_request_as_api_gateway_builds_it() {
    let emu = start(&[]);
    let r = emu.request(
        "GET",
        "/dev/echo/a/b%20c?x=1&x=2&y=z",
        &[
            ("x-api-key", "K"),
            ("Accept", "a/b"),
            ("X-Multi", "1"),
            ("X-Multi", "2"),
        ],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    let e = &v["event"];
    assert_eq!(e["resource"], "/echo/{proxy+}");
    assert_eq!(e["path"], "/echo/a/b%20c");
    assert_eq!(e["httpMethod"], "GET");
    assert_eq!(e["pathParameters"], json!({"proxy": "a/b c"}));
    assert_eq!(e["queryStringParameters"], json!({"x": "2", "y": "z"}));
    assert_eq!(
        e["multiValueQueryStringParameters"],
        json!({"x": ["1", "2"], "y": ["z"]})
    );
    // header names keep the client's spelling; the last value wins in `headers`
    assert_eq!(e["headers"]["x-api-key"], "K");
    assert_eq!(e["headers"]["Accept"], "a/b");
    assert_eq!(e["headers"]["X-Multi"], "2");
    assert_eq!(e["multiValueHeaders"]["X-Multi"], json!(["1", "2"]));
    assert_eq!(e["headers"]["X-Forwarded-Proto"], "http");
    assert_eq!(e["stageVariables"], serde_json::Value::Null);
    assert_eq!(e["body"], serde_json::Value::Null);
    assert_eq!(e["isBase64Encoded"], false);
    let rc = &e["requestContext"];
    assert_eq!(rc["stage"], "dev");
    assert_eq!(rc["path"], "/dev/echo/a/b%20c");
    assert_eq!(rc["resourcePath"], "/echo/{proxy+}");
    assert_eq!(rc["protocol"], "HTTP/1.1");
    assert_eq!(rc["identity"]["sourceIp"], "127.0.0.1");
    assert_eq!(rc["accountId"], "123456789012");
    assert!(rc["requestTimeEpoch"].as_u64().unwrap() > 1_600_000_000_000);
    assert_eq!(
        r.header("x-amzn-RequestId"),
        rc["requestId"].as_str(),
        "the response carries the event's request id"
    );
    assert_eq!(v["env"]["GREETING"], "hello");
    assert_eq!(r.header_all("set-cookie"), ["a=1", "b=2"]);
}

#[test]
fn bodies_operation_names_and_binary_media_types() {
    let emu = start(&[]);
    let r = emu.request(
        "POST",
        "/dev/items/42",
        &[("Content-Type", "application/json")],
        br#"{"a":1}"#,
    );
    let e = &r.json()["event"];
    assert_eq!(e["body"], r#"{"a":1}"#);
    assert_eq!(e["pathParameters"]["id"], "42");
    assert_eq!(e["requestContext"]["operationName"], "createItem");

    // binary in: image/png is a binary media type → base64 event body
    let png = [0x89u8, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x10];
    let r = emu.request("POST", "/dev/image", &[("Content-Type", "image/png")], &png);
    let v = r.json();
    assert_eq!(v["isBase64Encoded"], true);
    assert_eq!(v["bytes"], json!(png));
    // not a binary media type → text
    let r = emu.request(
        "POST",
        "/dev/image",
        &[("Content-Type", "text/plain")],
        b"hi",
    );
    assert_eq!(r.json()["isBase64Encoded"], false);

    // binary out: isBase64Encoded + a binary media type → decoded bytes
    let r = emu.request("GET", "/dev/image", &[("Accept", "image/png")], b"");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("image/png"));
    assert_eq!(r.body, [0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
}

#[test]
fn unknown_routes_get_missing_authentication_token() {
    let emu = start(&[]);
    for (method, path) in [
        ("GET", "/dev/nope"),
        ("DELETE", "/dev/echo"),
        ("GET", "/prod/echo"),
        ("GET", "/echo"),
        ("GET", "/"),
        ("HEAD", "/dev/counter"),
    ] {
        let r = emu.request(method, path, &[], b"");
        assert_eq!(r.status, 403, "{method} {path}");
        if method != "HEAD" {
            assert_eq!(r.json(), json!({"message": "Missing Authentication Token"}));
        }
        assert_eq!(
            r.header("x-amzn-errortype"),
            Some("MissingAuthenticationTokenException")
        );
    }
    // the trailing slash is ignored, as on API Gateway
    assert_eq!(emu.get("/dev/counter/").status, 200);
}

#[test]
fn failures_are_502_and_the_emulator_keeps_serving() {
    let emu = start(&[]);
    for path in ["/dev/crash", "/dev/throws", "/dev/malformed", "/dev/big"] {
        let r = emu.get(path);
        assert_eq!(r.status, 502, "{path}: {}", r.text());
        assert_eq!(
            r.json(),
            json!({"message": "Internal server error"}),
            "{path}"
        );
        // and the next request is served
        assert_eq!(emu.get("/dev/counter").status, 200, "after {path}");
    }
    // a crashed worker is replaced
    assert_eq!(emu.get("/dev/crash").status, 502);
    assert_eq!(emu.get("/dev/counter").status, 200);
    let log = emu.log_text();
    assert!(log.contains("Malformed Lambda proxy response"), "{log}");
    assert!(log.contains("GET /dev/crash 502"), "{log}");
}

#[test]
fn function_timeout_is_502_integration_timeout_is_504() {
    let emu = start(&["--integration-timeout-ms", "1500"]);
    // which answer comes says which limit ended the wait first, before the handler finished:
    // the function's timeout (502), or the integration's (504)
    let r = emu.get("/dev/slow"); // function timeout 1 s, handler needs 5 s
    assert_eq!(r.status, 502, "{}", r.text());

    let r = emu.get("/dev/sleepy"); // function timeout 10 s, handler needs 3 s
    assert_eq!(r.status, 504);
    assert_eq!(r.json(), json!({"message": "Endpoint request timed out"}));
    assert_eq!(emu.get("/dev/counter").status, 200);
}

#[test]
fn request_bodies_over_10_mb_get_413() {
    let emu = start(&[]);
    let big = vec![b'a'; 10 * 1024 * 1024 + 1];
    let r = emu.request("POST", "/dev/items/1", &[], &big);
    assert_eq!(r.status, 413);
    assert_eq!(r.json(), json!({"message": "Request Too Long"}));
    let fits = vec![b'a'; 1024 * 1024];
    assert_eq!(emu.request("POST", "/dev/items/1", &[], &fits).status, 200);
}

#[test]
fn python_and_custom_runtimes() {
    let emu = start(&[]);
    let r = emu.get("/dev/py/bob?q=1&q=2");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.json(),
        json!({"name": "bob", "query": {"q": ["1", "2"]}, "function": "emu-gateway-dev-py", "greeting": "hello"})
    );
    let r = emu.get("/dev/native");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!({"runtime": "provided", "path": "/native"}));
}

#[test]
fn workers_stay_warm_and_concurrent_requests_are_all_answered() {
    let emu = start(&["--max-instances", "1"]);
    let counts: Vec<String> = (0..3).map(|_| emu.get("/dev/counter").text()).collect();
    assert_eq!(
        counts,
        ["1", "2", "3"],
        "one warm worker, module state kept"
    );

    let emu = start(&[]);
    let addr = emu.addr.clone();
    let threads: Vec<_> = (0..200)
        .map(|i| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let r = request(&addr, "GET", &format!("/dev/echo/{i}"), &[], b"");
                (
                    r.status,
                    r.json()["event"]["pathParameters"]["proxy"].clone(),
                )
            })
        })
        .collect();
    for (i, t) in threads.into_iter().enumerate() {
        let (status, proxy) = t.join().unwrap();
        assert_eq!(status, 200);
        assert_eq!(
            proxy,
            json!(i.to_string()),
            "each answer is for its own request"
        );
    }
}

#[test]
fn watch_reloads_changed_handlers() {
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "serverless.yml",
        "handler.js",
        "version.js",
        "pyhandler.py",
        "bootstrap",
    ] {
        std::fs::copy(service_dir().join(f), dir.path().join(f)).unwrap();
    }
    let emu = Emulator::start(dir.path(), &["--watch"]);
    assert_eq!(emu.get("/dev/version").text(), "v1");
    std::fs::write(
        dir.path().join("version.js"),
        "exports.handler = async () => ({ statusCode: 200, body: 'v2' });\n",
    )
    .unwrap();
    poll("the handler is reloaded", || {
        let body = emu.get("/dev/version").text();
        assert!(body == "v1" || body == "v2", "{body}:\n{}", emu.log_text());
        (body == "v2").then_some(())
    });
}

#[test]
fn access_log_lines_and_handler_output() {
    let emu = start(&["--log-format", "json"]);
    let r = emu.get("/dev/counter");
    let id = r.header("x-amzn-requestid").unwrap().to_string();
    emu.wait_for_log(&id, 10);
    let line = emu
        .log_text()
        .lines()
        .find(|l| l.contains(&id))
        .unwrap()
        .to_string();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["type"], "access");
    assert_eq!(v["method"], "GET");
    assert_eq!(v["path"], "/dev/counter");
    assert_eq!(v["status"], 200);
    assert_eq!(v["function"], "counter");
    assert!(v["ms"].as_f64().unwrap() >= 0.0);
}

#[test]
fn no_stage_prefix_serves_paths_without_the_stage() {
    let emu = start(&["--no-stage-prefix"]);
    assert_eq!(emu.get("/counter").status, 200);
    assert_eq!(emu.get("/dev/counter").status, 403);
}

#[test]
fn a_host_beyond_the_loopback_is_warned_about() {
    let warning = "warning: --host 0.0.0.0 is not a loopback address: anyone who can reach this \
                   machine can call the service's functions, which run with your AWS credentials";
    let log = start(&["--host", "0.0.0.0"]).stop();
    assert!(log.contains(warning), "{log}");
    // the default host is the loopback: no warning
    let log = start(&[]).stop();
    assert!(!log.contains("is not a loopback address"), "{log}");
}
