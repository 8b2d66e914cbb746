//! Function URLs (`url:`) end to end: `slsc emulate` on free ports, each URL on a port of its
//! own found from the start-up listing, real Node.js and Python handlers, buffered and
//! streamed (`invokeMode: RESPONSE_STREAM`), checked over HTTP against what AWS's URL service
//! answers. Where AWS's documentation is silent the comment says so.

mod support;

use serde_json::json;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;
use support::emulator::{Emulator, Response, request};

fn start() -> Emulator {
    Emulator::start(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulate/function_url"),
        &[],
    )
}

/// `host:port` of `function`'s URL, from the banner's "Function URLs" table.
fn url_of(emu: &Emulator, function: &str) -> String {
    let table = emu
        .banner
        .split("Function URLs (url):\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no function URL table:\n{}", emu.banner));
    let line = table
        .lines()
        .find(|l| l.split_whitespace().next() == Some(function))
        .unwrap_or_else(|| panic!("{function} not listed:\n{}", emu.banner));
    let url = line.split_whitespace().last().unwrap();
    url.strip_prefix("http://")
        .and_then(|u| u.strip_suffix('/'))
        .unwrap_or_else(|| panic!("not a URL: {url}"))
        .to_string()
}

fn call(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
    request(addr, method, path, headers, body)
}

#[test]
fn node_buffered_url_sends_aws_s_event_and_reads_2_0_results() {
    let emu = start();
    let addr = url_of(&emu, "nodeUrl");
    assert_ne!(
        addr,
        url_of(&emu, "pyUrl"),
        "each URL has a port of its own"
    );

    let r = call(
        &addr,
        "POST",
        "/any/path%20x?b=2&a=1&a=3",
        &[
            ("Content-Type", "application/json"),
            ("Cookie", "c1=v1; c2=v2"),
            ("X-Multi", "one"),
            ("X-Multi", "two"),
            ("User-Agent", "e2e-agent"),
        ],
        br#"{"k":1}"#,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.header("x-amzn-requestid").is_some());
    let e = r.json();
    assert_eq!(e["version"], "2.0");
    assert_eq!(e["routeKey"], "$default");
    assert_eq!(e["rawPath"], "/any/path%20x");
    assert_eq!(e["rawQueryString"], "b=2&a=1&a=3");
    assert_eq!(e["cookies"], json!(["c1=v1", "c2=v2"]));
    assert_eq!(e["headers"]["x-multi"], "one,two");
    assert_eq!(e["headers"]["user-agent"], "e2e-agent");
    assert_eq!(e["queryStringParameters"], json!({"a": "1,3", "b": "2"}));
    assert_eq!(e["body"], r#"{"k":1}"#);
    assert_eq!(e["isBase64Encoded"], false);
    assert!(e.get("pathParameters").is_none());
    let cx = &e["requestContext"];
    let url_id = cx["apiId"].as_str().unwrap();
    assert_eq!(url_id.len(), 32);
    assert!(
        url_id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    );
    assert_eq!(cx["domainPrefix"], url_id);
    assert_eq!(
        cx["domainName"],
        format!("{url_id}.lambda-url.eu-west-1.on.aws")
    );
    // an unauthenticated URL's event names no account (observed in real events)
    assert_eq!(cx["accountId"], "anonymous");
    assert_eq!(cx["routeKey"], "$default");
    assert_eq!(cx["stage"], "$default");
    assert_eq!(
        cx["http"],
        json!({"method": "POST", "path": "/any/path%20x", "protocol": "HTTP/1.1",
               "sourceIp": "127.0.0.1", "userAgent": "e2e-agent"})
    );
    assert_eq!(cx["requestId"], r.header("x-amzn-requestid").unwrap());
    assert!(cx["time"].as_str().unwrap().ends_with(" +0000"));
    assert!(cx["timeEpoch"].as_u64().unwrap() > 1_600_000_000_000);
    assert!(cx.get("authorizer").is_none(), "{cx}");

    // a binary body arrives base64
    let r = call(
        &addr,
        "PUT",
        "/",
        &[("Content-Type", "image/png")],
        b"\x89PNG",
    );
    let e = r.json();
    assert_eq!(
        (e["body"].as_str(), &e["isBase64Encoded"]),
        (Some("iVBORw=="), &json!(true))
    );

    // inferred results: 200, application/json, the result as body
    let r = call(&addr, "GET", "/infer", &[], b"");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.json(), json!({"hello": "world"}));
    let r = call(&addr, "GET", "/text", &[], b"");
    assert_eq!((r.status, r.text().as_str()), (200, "plain words"));

    // explicit results: status, headers, cookies as set-cookie, base64 bodies decoded
    let r = call(&addr, "DELETE", "/cookies", &[], b"");
    assert_eq!((r.status, r.text().as_str()), (201, "made"));
    assert_eq!(r.header("x-n"), Some("7"));
    assert_eq!(r.header_all("set-cookie"), ["a=1; Path=/", "b=2"]);
    let r = call(&addr, "GET", "/binary", &[], b"");
    assert_eq!(r.body, [0x89, 0x50, 0x4e, 0x47]);
    assert_eq!(r.header("content-type"), Some("image/png"));

    // a function error, an unreadable result, a crashed worker: 502 `Internal Server Error`
    // (observed on AWS; not in its documentation), and the URL keeps serving
    for path in ["/error", "/malformed", "/crash"] {
        let r = call(&addr, "GET", path, &[], b"");
        assert_eq!(
            (r.status, r.text().as_str()),
            (502, "Internal Server Error"),
            "{path}"
        );
        let r = call(&addr, "GET", "/infer", &[], b"");
        assert_eq!(r.status, 200, "after {path}");
    }

    // a timeout too (the function's own, as a URL has no other), and the URL serves on
    let slow = url_of(&emu, "slowUrl");
    let r = call(&slow, "GET", "/slow", &[], b"");
    assert_eq!(
        (r.status, r.text().as_str()),
        (502, "Internal Server Error")
    );
    assert_eq!(call(&slow, "GET", "/infer", &[], b"").status, 200);

    // an event over Lambda's 6 MB payload limit is refused before the function runs
    let big = vec![b'a'; 6 * 1024 * 1024 + 1];
    let r = call(&addr, "POST", "/", &[("Content-Type", "text/plain")], &big);
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(call(&addr, "GET", "/infer", &[], b"").status, 200);
}

#[test]
fn python_buffered_url() {
    let emu = start();
    let addr = url_of(&emu, "pyUrl");
    let r = call(&addr, "GET", "/p?x=1", &[("Cookie", "a=b")], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    let e = r.json();
    assert_eq!(e["rawPath"], "/p");
    assert_eq!(e["queryStringParameters"], json!({"x": "1"}));
    assert_eq!(e["cookies"], json!(["a=b"]));
    // the cookie header stays beside `cookies` (observed on AWS, not documented)
    assert_eq!(e["headers"]["cookie"], "a=b");
    let r = call(&addr, "GET", "/infer", &[], b"");
    assert_eq!((r.status, r.json()), (200, json!({"from": "python"})));
    let r = call(&addr, "GET", "/binary", &[], b"");
    assert_eq!(r.body, [0, 1, 2]);
    let r = call(&addr, "GET", "/cookies", &[], b"");
    assert_eq!((r.status, r.text().as_str()), (202, "py"));
    assert_eq!(r.header_all("set-cookie"), ["p=1", "q=2"]);
    for path in ["/error", "/not-json"] {
        let r = call(&addr, "GET", path, &[], b"");
        assert_eq!(r.status, 502, "{path}: {}", r.text());
    }
    assert_eq!(call(&addr, "GET", "/infer", &[], b"").status, 200);
}

#[test]
fn cors_preflights_are_answered_by_the_url_and_responses_stamped() {
    let emu = start();
    let addr = url_of(&emu, "corsUrl");
    let r = call(
        &addr,
        "OPTIONS",
        "/anything",
        &[
            ("Origin", "https://app.example.com"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "x-custom"),
        ],
        b"",
    );
    // AWS does not document the preflight's status: 204, as the HTTP API here
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://app.example.com")
    );
    assert_eq!(r.header("access-control-allow-methods"), Some("GET,POST"));
    assert_eq!(
        r.header("access-control-allow-headers"),
        Some("content-type,x-custom")
    );
    assert_eq!(r.header("access-control-allow-credentials"), Some("true"));
    assert_eq!(r.header("access-control-max-age"), Some("300"));
    // the function did not run for it (the admin API counts its invocations)
    let invocations = || emu.get("/__slsc/functions/corsUrl").json()["invocations"].clone();
    assert_eq!(invocations(), 0);

    // actual requests: the URL's headers win over the function's; its others stay
    let r = call(
        &addr,
        "GET",
        "/cors",
        &[("Origin", "https://app.example.com")],
        b"",
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header_all("access-control-allow-origin"),
        ["https://app.example.com"]
    );
    assert_eq!(r.header("access-control-expose-headers"), Some("x-total"));
    assert_eq!(r.header("access-control-allow-credentials"), Some("true"));
    assert_eq!(r.header("x-own"), Some("1"));
    // an origin not allowed gets none of the URL's CORS headers
    let r = call(
        &addr,
        "GET",
        "/infer",
        &[("Origin", "https://evil.example")],
        b"",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), None);
    // without CORS on the URL, OPTIONS reaches the function
    let plain = url_of(&emu, "nodeUrl");
    let r = call(
        &plain,
        "OPTIONS",
        "/",
        &[
            ("Origin", "https://x"),
            ("Access-Control-Request-Method", "GET"),
        ],
        b"",
    );
    assert_eq!(r.json()["requestContext"]["http"]["method"], "OPTIONS");
    // the two actual requests ran it: the count above is the function's
    assert_eq!(invocations(), 2);
}

#[test]
fn aws_iam_urls_get_an_iam_block_and_a_start_up_note() {
    let emu = start();
    assert!(
        emu.banner.contains(
            "iamUrl's function URL has `authorizer: aws_iam`; IAM is not enforced locally"
        ),
        "{}",
        emu.banner
    );
    let addr = url_of(&emu, "iamUrl");
    let auth = "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEKEY/20240101/eu-west-1/lambda/aws4_request, SignedHeaders=host, Signature=abc";
    let r = call(&addr, "GET", "/", &[("Authorization", auth)], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    let iam = &r.json()["requestContext"]["authorizer"]["iam"];
    assert_eq!(iam["accessKey"], "AKIAEXAMPLEKEY");
    assert_eq!(r.json()["requestContext"]["accountId"], "123456789012");
    assert_eq!(iam["accountId"], "123456789012");
    assert_eq!(iam["userArn"], "arn:aws:iam::123456789012:user/slsc-local");
    for k in ["callerId", "userId"] {
        assert!(iam[k].is_string(), "{k}: {iam}");
    }
    for k in ["cognitoIdentity", "principalOrgId"] {
        assert!(iam[k].is_null(), "{k}: {iam}");
    }
}

/// Reads from `s` into `buf` until `done(buf)` holds (the socket's read timeout is the
/// deadline).
fn read_until(s: &mut TcpStream, buf: &mut Vec<u8>, done: impl Fn(&[u8]) -> bool) {
    let mut chunk = [0u8; 4096];
    while !done(buf) {
        let n = s.read(&mut chunk).expect("read within the deadline");
        assert!(n > 0, "closed early: {}", String::from_utf8_lossy(buf));
        buf.extend_from_slice(&chunk[..n]);
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn streamed_url_sends_chunks_as_the_handler_writes_them() {
    let emu = start();
    let addr = url_of(&emu, "streamUrl");
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("first-chunk-seen");
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "GET /wait?marker={} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n",
        marker.display()
    )
    .unwrap();
    // the first chunk arrives while the handler still waits for the marker: streamed
    let mut raw = Vec::new();
    read_until(&mut s, &mut raw, |b| contains(b, b"first\n"));
    assert!(!contains(&raw, b"second"));
    let head = String::from_utf8_lossy(&raw).to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 201"), "{head}");
    assert!(head.contains("transfer-encoding: chunked"), "{head}");
    assert!(head.contains("x-stream: yes"), "{head}");
    assert!(head.contains("set-cookie: s=1"), "{head}");
    assert!(head.contains("content-type: text/plain"), "{head}");
    std::fs::write(&marker, "").unwrap();
    s.read_to_end(&mut raw).unwrap();
    assert!(
        raw.ends_with(b"0\r\n\r\n"),
        "{}",
        String::from_utf8_lossy(&raw)
    );
    assert!(contains(&raw, b"second\n"));

    // no prelude: 200 with the stream's content type
    let r = call(&addr, "GET", "/plain", &[], b"");
    assert_eq!((r.status, r.text().as_str()), (200, "a,b\n1,2\n"));
    assert_eq!(r.header("content-type"), Some("text/csv"));
    // objects written are JSON text; the event is the URL's
    let r = call(&addr, "GET", "/event", &[], b"");
    assert_eq!(r.json()["routeKey"], "$default");
    // nothing written: an empty 200
    let r = call(&addr, "GET", "/nothing", &[], b"");
    assert_eq!((r.status, r.body.len()), (200, 0));
    // failing before the first write: 502; a malformed prelude: 502
    for path in ["/fail-first", "/bad-prelude"] {
        let r = call(&addr, "GET", path, &[], b"");
        assert_eq!(r.status, 502, "{path}: {}", r.text());
    }
    // failing mid-stream: the response is cut off (the chunked body never ends)
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(s, "GET /fail-mid HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    assert!(
        contains(&raw, b"partial"),
        "{}",
        String::from_utf8_lossy(&raw)
    );
    assert!(!raw.ends_with(b"0\r\n\r\n"));
    // and the URL serves on
    let r = call(&addr, "GET", "/plain", &[], b"");
    assert_eq!(r.status, 200);
}

#[test]
fn handlers_that_do_not_stream_answer_whole_on_a_streaming_url() {
    let emu = start();
    // the result goes out as it is, not read as a 2.0 response (observed on AWS, where a
    // RESPONSE_STREAM URL streams "all response payloads"; not documented further)
    for function in ["plainOnStream", "pyOnStream"] {
        let addr = url_of(&emu, function);
        let r = call(&addr, "GET", "/cookies", &[], b"");
        assert_eq!(r.status, 200, "{function}");
        assert_eq!(r.header("content-type"), Some("application/json"));
        let v = r.json();
        assert!(v["statusCode"].is_number(), "{function}: {v}");
        let r = call(&addr, "GET", "/error", &[], b"");
        assert_eq!(r.status, 502, "{function}");
    }
}

#[test]
fn routes_json_lists_every_url() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulate/function_url");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_slsc"))
        .arg("-c")
        .arg(dir.join("serverless.yml"))
        .args(["--color", "never", "routes", "--json", "--port", "4100"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = v.to_string();
    let urls: Vec<&serde_json::Value> = find_kind(&v, "function-url");
    assert_eq!(urls.len(), 8, "{text}");
    assert_eq!(urls[0]["function"], "nodeUrl");
    assert_eq!(urls[0]["url"], "http://127.0.0.1:4102/");
    assert_eq!(urls[1]["url"], "http://127.0.0.1:4103/");
}

fn find_kind<'a>(v: &'a serde_json::Value, kind: &str) -> Vec<&'a serde_json::Value> {
    let mut out = Vec::new();
    match v {
        serde_json::Value::Array(items) => {
            for i in items {
                if i["kind"] == kind {
                    out.push(i);
                } else {
                    out.extend(find_kind(i, kind));
                }
            }
        }
        serde_json::Value::Object(m) => {
            for x in m.values() {
                out.extend(find_kind(x, kind));
            }
        }
        _ => {}
    }
    out
}
