//! `slsc emulate` end to end for the non-proxy integrations: `lambda` (SF's default and custom
//! request templates, pass-through behaviours, status-code selection, response templates and
//! headers, `async`), `mock`, `http` / `http-proxy` against an upstream server started by the
//! test, CORS preflights and request validators — the real binary, real Node.js handlers,
//! checked over HTTP against what API Gateway answers.

#[path = "emulate/integrations/fixture_methods.rs"]
mod fixture_methods;
mod support;
#[path = "emulate/integrations/upstream.rs"]
mod upstream;

use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use support::emulator::{Emulator, poll};
use upstream::upstream;

fn services() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulate/integrations")
}

fn lambda_service() -> Emulator {
    Emulator::start(&services().join("lambda"), &[])
}

const JSON: (&str, &str) = ("Content-Type", "application/json");

#[test]
fn lambda_integration_renders_sf_default_json_template() {
    let emu = lambda_service();
    let r = emu.request(
        "POST",
        "/dev/lambda/42?a=1&b=x%20y",
        &[JSON, ("X-Custom", "it's \"quoted\"")],
        br#"{"n":1,"s":"two"}"#,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let e = r.json();
    assert_eq!(e["body"], json!({"n": 1, "s": "two"}));
    assert_eq!(e["method"], "POST");
    assert_eq!(e["principalId"], "");
    assert_eq!(e["stage"], "dev");
    assert_eq!(e["cognitoPoolClaims"], json!({"sub": ""}));
    assert_eq!(e["enhancedAuthContext"], json!({}));
    assert_eq!(e["headers"]["X-Custom"], "it's \"quoted\"");
    assert_eq!(e["headers"]["Content-Type"], "application/json");
    assert_eq!(e["query"], json!({"a": "1", "b": "x y"}));
    assert_eq!(e["path"], json!({"id": "42"}));
    assert_eq!(e["identity"]["sourceIp"], "127.0.0.1");
    assert_eq!(e["identity"]["accountId"], "");
    assert_eq!(e["stageVariables"], json!({}));
    assert_eq!(e["requestPath"], "/lambda/{id}");
    // the default response passes the result through as JSON, with the compiled CORS origin
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));

    // no Content-Type is taken as application/json
    let r = emu.request("POST", "/dev/lambda/1", &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["body"], json!({}));
}

#[test]
fn lambda_integration_form_and_custom_templates_and_pass_through() {
    let emu = lambda_service();
    let form = ("Content-Type", "application/x-www-form-urlencoded");
    let r = emu.request("POST", "/dev/lambda/7", &[form], b"a=1&b=hello+world&c=%26");
    assert_eq!(r.status, 200, "{}", r.text());
    let e = r.json();
    assert_eq!(e["body"], json!({"a": "1", "b": "hello world", "c": "&"}));
    assert_eq!(e["path"]["id"], "7");

    // a custom template per content type
    let r = emu.request("POST", "/dev/custom?q=find", &[JSON], br#"{"name":"ann"}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!({"who": "ann", "q": "find", "stage": "dev"}));
    let r = emu.request(
        "POST",
        "/dev/custom",
        &[("Content-Type", "text/plain")],
        b"hi",
    );
    assert_eq!(r.json(), json!({"text": "hi"}));

    // passThrough NEVER (the default of `lambda`): an unmapped Content-Type is 415
    let xml = ("Content-Type", "application/xml");
    for path in ["/dev/lambda/1", "/dev/custom"] {
        let r = emu.request("POST", path, &[xml], b"<a/>");
        assert_eq!(r.status, 415, "{path}: {}", r.text());
        assert_eq!(r.json(), json!({"message": "Unsupported Media Type"}));
        assert_eq!(
            r.header("x-amzn-errortype"),
            Some("UnsupportedMediaTypeException")
        );
    }
    // WHEN_NO_TEMPLATES: refused when the method has templates, passed through when none
    let text = ("Content-Type", "text/plain");
    let r = emu.request("POST", "/dev/strict", &[text], br#"{"raw":1}"#);
    assert_eq!(r.status, 415, "{}", r.text());
    let r = emu.request("POST", "/dev/strict", &[JSON], br#"{"raw":1}"#);
    assert_eq!(r.json(), json!({"mapped": true}));
    let r = emu.request("POST", "/dev/raw", &[text], br#"{"raw":1}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!({"raw": 1}));
}

#[test]
fn lambda_errors_select_responses_by_pattern() {
    let emu = lambda_service();
    let r = emu.request(
        "POST",
        "/dev/fail",
        &[JSON],
        br#"{"message":"[404] not found"}"#,
    );
    assert_eq!(r.status, 404, "{}", r.text());
    let v = r.json();
    assert_eq!(v["errorMessage"], "[404] not found");
    assert_eq!(v["errorType"], "Error");

    let r = emu.request(
        "POST",
        "/dev/fail",
        &[JSON],
        br#"{"message":"[500] broke"}"#,
    );
    assert_eq!(r.status, 500, "{}", r.text());

    // no pattern matches: the default (200) response with the error JSON
    let r = emu.request(
        "POST",
        "/dev/fail",
        &[JSON],
        br#"{"message":"plain failure"}"#,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["errorMessage"], "plain failure");

    // a function timeout: `Task timed out after 1.00 seconds` selects the default 504
    let r = emu.get("/dev/slow");
    assert_eq!(r.status, 504, "{}", r.text());
    let message = r.json()["errorMessage"].as_str().unwrap_or("").to_string();
    assert!(
        message.ends_with("Task timed out after 1.00 seconds"),
        "{message}"
    );
}

#[test]
fn response_templates_and_headers() {
    let emu = lambda_service();
    let r = emu.get("/dev/shaped");
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json(), json!({"named": "widget", "id": 7}));
    assert_eq!(r.header("x-static"), Some("static value"));
    assert_eq!(r.header("x-name"), Some("widget"));
    assert_eq!(r.header("x-kind"), None);
    // CORS headers as compiled onto every integration response: all origins, credentials
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://a.example,https://*.b.example")
    );
    assert_eq!(r.header("access-control-allow-credentials"), Some("true"));

    // an error matching `.*conflict.*` → 409 with its own template and header
    let r = emu.get("/dev/shaped?conflict=1");
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(r.json(), json!({"conflict": "version conflict"}));
    assert_eq!(r.header("x-kind"), Some("conflict"));
    assert_eq!(r.header("x-static"), Some("static value"));
}

#[test]
fn async_lambda_answers_at_once_and_still_runs() {
    let emu = Emulator::start(&services().join("lambda"), &["--max-instances", "1"]);
    // the function's work ends only once the gate file exists: an answer while it does not
    // is an answer that did not wait for the function
    let dir = tempfile::tempdir().unwrap();
    let gate = dir.path().join("gate");
    let body = json!({ "gate": gate }).to_string();
    let r = emu.request("POST", "/dev/record", &[JSON], body.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    std::fs::write(&gate, "").unwrap();
    // the one instance finishes the queued invocation before it serves this one
    poll("the async invocation ran", || {
        let r = emu.get("/dev/record");
        assert_eq!(r.status, 200, "{}", r.text());
        (r.json()["hits"] == 1).then_some(())
    });
}

#[test]
fn mock_integration_answers_from_its_templates() {
    let emu = lambda_service();
    let r = emu.get("/dev/mock");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!({"mocked": true, "stage": "dev"}));
    assert_eq!(r.header("retry-after"), Some("120"));
    let r = emu.get("/dev/mock?down=yes");
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(r.json(), json!({"message": "unavailable"}));
    assert_eq!(r.header("retry-after"), Some("120"));
}

#[test]
fn cors_preflights_as_compiled() {
    let emu = lambda_service();
    // `cors: true`
    let r = emu.request(
        "OPTIONS",
        "/dev/lambda/1",
        &[("Origin", "https://x.example")],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        r.header("access-control-allow-methods"),
        Some("OPTIONS,POST")
    );
    assert_eq!(
        r.header("access-control-allow-headers"),
        Some(
            "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent,X-Amzn-Trace-Id"
        )
    );
    assert_eq!(r.header("access-control-allow-credentials"), None);
    assert_eq!(r.header("access-control-max-age"), None);
    assert!(r.body.is_empty(), "{}", r.text());

    // several origins: a matching Origin is echoed, a foreign one gets the first origin
    let cases = [
        ("https://a.example", "https://a.example"),
        ("https://shop.b.example", "https://shop.b.example"),
        ("https://evil.example", "https://a.example"),
        ("https://b.example", "https://a.example"),
    ];
    for (origin, allowed) in cases {
        let r = emu.request("OPTIONS", "/dev/shaped", &[("Origin", origin)], b"");
        assert_eq!(r.status, 200, "{origin}: {}", r.text());
        assert_eq!(
            r.header("access-control-allow-origin"),
            Some(allowed),
            "{origin}"
        );
        assert_eq!(
            r.header("access-control-allow-methods"),
            Some("OPTIONS,GET")
        );
        assert_eq!(r.header("access-control-allow-credentials"), Some("true"));
        assert_eq!(r.header("access-control-max-age"), Some("600"));
        assert_eq!(r.header("cache-control"), Some("max-age=600, s-maxage=600"));
    }
    // no preflight where no event has `cors`
    assert_eq!(emu.request("OPTIONS", "/dev/fail", &[], b"").status, 403);
}

#[test]
fn request_validators() {
    let emu = lambda_service();
    let r = emu.request("POST", "/dev/validated", &[JSON], br#"{"name":"x"}"#);
    assert_eq!(r.status, 400, "{}", r.text());
    assert_eq!(
        r.json(),
        json!({"message": "Missing required request parameters: [q, X-Id]"})
    );
    assert_eq!(r.header("x-amzn-errortype"), Some("BadRequestException"));
    // blank counts as missing
    let r = emu.request(
        "POST",
        "/dev/validated?q=",
        &[JSON, ("X-Id", "1")],
        br#"{"name":"x"}"#,
    );
    assert_eq!(
        r.json(),
        json!({"message": "Missing required request parameters: [q]"})
    );

    let id = ("X-Id", "1");
    for body in [&br#"{"name": 5}"#[..], br#"{}"#, br#"[1]"#, b"not json"] {
        let r = emu.request("POST", "/dev/validated?q=1", &[JSON, id], body);
        assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(body));
        assert_eq!(r.json(), json!({"message": "Invalid request body"}));
    }
    let r = emu.request(
        "POST",
        "/dev/validated?q=1",
        &[JSON, id],
        br#"{"name":"ok"}"#,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["body"]["name"], "ok");
    assert_eq!(r.json()["query"]["q"], "1");
}

// ---- http / http-proxy -------------------------------------------------------------------

/// The http service in a temporary folder, pointed at `upstream` (and at a closed port).
fn http_service(upstream: &str, extra: &[&str]) -> (tempfile::TempDir, Emulator) {
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().to_string()
    };
    let dir = tempfile::tempdir().unwrap();
    let yml = std::fs::read_to_string(services().join("http/serverless.yml"))
        .unwrap()
        .replace("UPSTREAM", upstream)
        .replace("CLOSED", &closed);
    std::fs::write(dir.path().join("serverless.yml"), yml).unwrap();
    std::fs::copy(
        services().join("http/handler.js"),
        dir.path().join("handler.js"),
    )
    .unwrap();
    let emu = Emulator::start(dir.path(), extra);
    (dir, emu)
}

#[test]
fn http_proxy_forwards_the_request_and_returns_the_upstream_answer() {
    let up = upstream();
    let (_dir, emu) = http_service(&up, &[]);
    let r = emu.request(
        "POST",
        "/dev/proxy/a/b%20c?x=1&x=2&y=z",
        &[("X-Test", "t"), ("Content-Type", "text/plain")],
        b"payload",
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.header("x-up"), Some("yes"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    let v = r.json();
    assert_eq!(v["method"], "POST");
    assert_eq!(v["path"], "/up/a/b%20c");
    assert_eq!(v["query"], "x=1&x=2&y=z");
    assert_eq!(v["headers"]["x-test"], "t");
    assert_eq!(v["headers"]["content-type"], "text/plain");
    assert_eq!(v["headers"]["host"], up.as_str());
    assert_eq!(v["body"], "payload");

    // the upstream's status comes back as is
    let r = emu.get("/dev/proxy/missing");
    assert_eq!(r.status, 404, "{}", r.text());
    assert_eq!(r.json()["method"], "GET");
}

#[test]
fn http_integration_maps_request_and_response() {
    let up = upstream();
    let (_dir, emu) = http_service(&up, &[]);
    let r = emu.request(
        "POST",
        "/dev/items/42?q=find&other=dropped",
        &[JSON, ("X-Trace", "tr-1"), ("X-Not-Mapped", "no")],
        br#"{"a":1}"#,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("x-up"), Some("yes"));
    assert_eq!(r.header("x-static"), Some("yes"));
    let v = r.json()["upstream"].clone();
    assert_eq!(v["method"], "POST");
    assert_eq!(v["path"], "/items/42");
    // only the mapped query strings and headers reach the upstream
    let query: Vec<&str> = v["query"].as_str().unwrap().split('&').collect();
    assert_eq!(query, ["q=find", "source=emulator"], "{v}");
    assert_eq!(v["headers"]["x-trace"], "tr-1");
    assert_eq!(v["headers"]["x-caller"], "dev");
    assert_eq!(v["headers"].get("x-not-mapped"), None);
    let sent: Value = serde_json::from_str(v["body"].as_str().unwrap()).unwrap();
    assert_eq!(sent, json!({"wrapped": {"a": 1}, "id": "42"}));

    // an upstream 404 selects the `404` response and its template
    let r = emu.request("POST", "/dev/items/missing", &[JSON], b"{}");
    assert_eq!(r.status, 404, "{}", r.text());
    assert_eq!(r.json(), json!({"missing": "/items/missing"}));
}

#[test]
fn unreachable_and_slow_upstreams() {
    let up = upstream();
    let (_dir, emu) = http_service(&up, &["--integration-timeout-ms", "1000"]);
    // nothing listens: API Gateway's INTEGRATION_FAILURE
    let r = emu.get("/dev/down");
    assert_eq!(r.status, 504, "{}", r.text());
    assert_eq!(
        r.json(),
        json!({"message": "Network error communicating with endpoint"})
    );
    assert_eq!(
        r.header("x-amzn-errortype"),
        Some("InternalServerErrorException")
    );
    // the same over https (rustls client)
    let r = emu.get("/dev/down-tls");
    assert_eq!(r.status, 504, "{}", r.text());
    assert_eq!(
        r.json(),
        json!({"message": "Network error communicating with endpoint"})
    );
    // too slow: INTEGRATION_TIMEOUT, answered while the upstream still holds the request
    let r = emu.get("/dev/slow");
    assert_eq!(r.status, 504, "{}", r.text());
    assert_eq!(r.json(), json!({"message": "Endpoint request timed out"}));
    assert_eq!(
        upstream::slow_answered(),
        0,
        "the upstream had not answered yet"
    );
    upstream::release_slow();
}
