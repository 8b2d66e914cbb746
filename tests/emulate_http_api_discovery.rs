//! JWT authorizers of `httpApi` routes whose keys come from the issuer's OpenID discovery
//! document, end to end: `slsc emulate` against identity providers this test serves on
//! 127.0.0.1 (discovery document and JWKS), tokens signed with the test key.

mod support;

use serde_json::json;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};
use support::emulator::Emulator;
use support::jwt_key;

/// Identity providers on one loopback port: each issuer `http://<addr>/<name>` serves its
/// discovery document and its JWKS (which the test may change), and every request is counted.
struct Issuers {
    addr: String,
    jwks: Arc<Mutex<HashMap<String, String>>>,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Issuers {
    fn start() -> Issuers {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let jwks: Arc<Mutex<HashMap<String, String>>> = Arc::default();
        let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let (served, counted, base) = (jwks.clone(), hits.clone(), addr.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let (served, counted, base) = (served.clone(), counted.clone(), base.clone());
                std::thread::spawn(move || answer(stream, &base, &served, &counted));
            }
        });
        Issuers { addr, jwks, hits }
    }

    fn url(&self, name: &str) -> String {
        format!("http://{}/{name}", self.addr)
    }

    fn serve(&self, name: &str, jwks: String) {
        self.jwks.lock().unwrap().insert(name.to_string(), jwks);
    }

    /// How many times the JWKS of `name` was fetched.
    fn jwks_fetches(&self, name: &str) -> usize {
        let path = format!("/{name}/jwks");
        self.hits.lock().unwrap().get(&path).copied().unwrap_or(0)
    }
}

/// Answers one request: `/<name>/.well-known/openid-configuration` or `/<name>/jwks`.
fn answer(
    stream: TcpStream,
    base: &str,
    jwks: &Mutex<HashMap<String, String>>,
    hits: &Mutex<HashMap<String, usize>>,
) {
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // the rest of the head
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_string();
    *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
    let name = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let body = if path.ends_with("/.well-known/openid-configuration") {
        Some(
            json!({"issuer": format!("http://{base}/{name}"),
                   "jwks_uri": format!("http://{base}/{name}/jwks")})
            .to_string(),
        )
    } else if path.ends_with("/jwks") {
        jwks.lock().unwrap().get(name).cloned()
    } else {
        None
    };
    let (status, body) = match body {
        Some(b) => ("200 OK", b),
        None => ("404 Not Found", String::new()),
    };
    let mut out = &stream;
    let _ = write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
}

/// An issuer that accepts connections and never answers.
fn silent_issuer() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().map_while(Result::ok) {
            held.push(stream);
        }
    });
    format!("http://{addr}/silent")
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A service whose route `/<name>` is guarded by a JWT authorizer `<name>` of each issuer.
fn service(dir: &Path, issuers: &[(&str, String)]) {
    let mut authorizers = String::new();
    let mut events = String::new();
    for (name, url) in issuers {
        authorizers.push_str(&format!(
            "      {name}:\n        type: jwt\n        identitySource: $request.header.Authorization\n        issuerUrl: {url}\n        audience: [app]\n"
        ));
        events.push_str(&format!(
            "      - httpApi:\n          method: GET\n          path: /{name}\n          authorizer:\n            name: {name}\n"
        ));
    }
    let yaml = format!(
        "service: emu-oidc\nframeworkVersion: \"3\"\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  httpApi:\n    authorizers:\n{authorizers}functions:\n  me:\n    handler: handler.me\n    events:\n{events}"
    );
    std::fs::write(dir.join("serverless.yml"), yaml).unwrap();
    let handler = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulate/http_api/handler.js");
    std::fs::copy(handler, dir.join("handler.js")).unwrap();
}

fn bearer(kid: &str, issuer: &str) -> String {
    let claims = json!({"sub": "ada", "iss": issuer, "aud": "app", "exp": now() + 600,
                        "iat": now() - 5});
    format!("Bearer {}", jwt_key::sign(kid, &claims))
}

#[test]
fn keys_come_from_the_issuer_s_discovery_document() {
    let issuers = Issuers::start();
    issuers.serve("good", jwt_key::jwks("k1"));
    issuers.serve("other", jwt_key::other_jwks("k1"));
    // a valid JWKS, padded past API Gateway's 150000 bytes
    let mut big: serde_json::Value = serde_json::from_str(&jwt_key::jwks("k1")).unwrap();
    big["padding"] = json!("x".repeat(160_000));
    issuers.serve("big", big.to_string());
    issuers.serve("rotating", jwt_key::jwks("k1"));
    let silent = silent_issuer();
    let dir = tempfile::tempdir().unwrap();
    let named = [
        ("good", issuers.url("good")),
        ("other", issuers.url("other")),
        ("big", issuers.url("big")),
        ("rotating", issuers.url("rotating")),
        ("silent", silent.clone()),
    ];
    service(dir.path(), &named);
    let file = dir.path().join("jwks.json");
    std::fs::write(&file, jwt_key::jwks("from-file")).unwrap();
    let emu = Emulator::start(dir.path(), &["--jwks", file.to_str().unwrap()]);
    assert!(
        emu.banner.contains(&format!(
            "httpApi JWT authorizer good: keys from --jwks FILE, else discovered at {}/.well-known/openid-configuration",
            issuers.url("good")
        )),
        "{}",
        emu.banner
    );
    let get = |name: &str, token: &str| {
        emu.request("GET", &format!("/{name}"), &[("Authorization", token)], b"")
    };

    let r = get("good", &bearer("k1", &issuers.url("good")));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["authorizer"]["jwt"]["claims"]["sub"], "ada");
    // a key of the --jwks file is used without asking the issuer
    let fetched = issuers.jwks_fetches("good");
    let r = get("good", &bearer("from-file", &issuers.url("good")));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(issuers.jwks_fetches("good"), fetched);

    // the issuer's key k1 is another key than the one the token was signed with
    let r = get("other", &bearer("k1", &issuers.url("other")));
    assert_eq!(r.status, 401);
    assert_eq!(r.text(), r#"{"message":"Unauthorized"}"#);
    assert!(
        r.header("www-authenticate")
            .is_some_and(|c| c.contains("invalid_token"))
    );

    // too big a JWKS is refused, so its (valid) key is never used
    let r = get("big", &bearer("k1", &issuers.url("big")));
    assert_eq!(r.status, 401);
    assert_eq!(issuers.jwks_fetches("big"), 1);

    // an issuer that never answers: 401 once the fetch times out
    let r = get("silent", &bearer("k1", &silent));
    assert_eq!(r.status, 401);
    assert_eq!(r.text(), r#"{"message":"Unauthorized"}"#);

    // the issuer rotates its key: a token naming the new key makes the emulator fetch again
    let rotating = issuers.url("rotating");
    assert_eq!(get("rotating", &bearer("k1", &rotating)).status, 200);
    issuers.serve("rotating", jwt_key::jwks("k2"));
    assert_eq!(
        get("rotating", &bearer("k1", &rotating)).status,
        200,
        "k1 is cached"
    );
    let r = get("rotating", &bearer("k2", &rotating));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(issuers.jwks_fetches("rotating"), 2);
    // made-up kids: one more fetch at most, however many tokens name them
    for i in 0..5 {
        let r = get("rotating", &bearer(&format!("forged-{i}"), &rotating));
        assert_eq!(r.status, 401);
    }
    assert_eq!(issuers.jwks_fetches("rotating"), 3);
    // a kid that would break the challenge header is kept out of it
    let r = get("rotating", &bearer("bad\"\r\nkid", &rotating));
    assert_eq!(r.status, 401);
    assert_eq!(get("rotating", &bearer("k2", &rotating)).status, 200);

    let log = emu.stop();
    assert!(log.contains("length limit exceeded"), "{log}");
    assert!(log.contains("did not answer within 1500 ms"), "{log}");
}
