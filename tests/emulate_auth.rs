//! The security recipes in `examples/`, end to end: `slsc emulate` on a free port, their real
//! Node.js authorizers and handlers, checked over HTTP against what API Gateway answers.

mod support;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};
use support::emulator::{Emulator, poll};
use support::jwt_key;

fn example(name: &str) -> Emulator {
    Emulator::start(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name),
        &[],
    )
}

fn hmac_sha256(secret: &str, data: &[u8]) -> Vec<u8> {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    ring::hmac::sign(&key, data).as_ref().to_vec()
}

fn hs256(secret: &str, claims: &serde_json::Value) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let sig = URL_SAFE_NO_PAD.encode(hmac_sha256(secret, input.as_bytes()));
    format!("{input}.{sig}")
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

const UNAUTHORIZED: &str = r#"{"message":"Unauthorized"}"#;

#[test]
fn jwt_token_authorizer() {
    let emu = example("jwt-token-authorizer");
    let secret = "change-me-local-secret";
    let good = hs256(
        secret,
        &json!({"sub": "alice", "exp": now() + 600, "admin": true}),
    );
    let expired = hs256(secret, &json!({"sub": "alice", "exp": now() - 10}));
    let forged = hs256(
        "another-secret",
        &json!({"sub": "mallory", "exp": now() + 600}),
    );
    let cases = [
        (None, 401, Some(UNAUTHORIZED)),
        (
            Some("Bearer not-a-jwt".to_string()),
            401,
            Some(UNAUTHORIZED),
        ),
        (Some(format!("Bearer {expired}")), 401, Some(UNAUTHORIZED)),
        (Some(format!("Bearer {forged}")), 401, Some(UNAUTHORIZED)),
        (Some(format!("Bearer {good}")), 200, None),
    ];
    for (auth, status, body) in &cases {
        let headers: Vec<(&str, &str)> =
            auth.iter().map(|a| ("Authorization", a.as_str())).collect();
        let r = emu.request("GET", "/dev/hello", &headers, b"");
        assert_eq!(r.status, *status, "{auth:?}: {}", r.text());
        if let Some(b) = body {
            assert_eq!(r.text(), *b);
        }
    }
    let r = emu.request(
        "GET",
        "/dev/hello",
        &[("Authorization", &format!("Bearer {good}"))],
        b"",
    );
    let v = r.json();
    assert_eq!(v["hello"], "alice");
    assert_eq!(
        v["authorizer"]["admin"], "true",
        "context values arrive as strings"
    );
    assert_eq!(
        v["authorizer"]["integrationLatency"], 0,
        "the second call is cached"
    );
}

#[test]
fn shared_secret_header() {
    let emu = example("shared-secret-header");
    let cases = [
        (None, 401),
        (Some("wrong"), 401),
        (Some("change-me-local-secret"), 201),
    ];
    for (secret, status) in cases {
        let headers: Vec<(&str, &str)> = secret.iter().map(|s| ("X-Shared-Secret", *s)).collect();
        let r = emu.request("POST", "/dev/report", &headers, b"{}");
        assert_eq!(r.status, status, "{secret:?}: {}", r.text());
    }
}

#[test]
fn github_webhook_signature() {
    let emu = example("github-webhook-signature");
    let body = br#"{"zen":"Keep it logically awesome."}"#;
    let hex = |b: Vec<u8>| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let good = format!(
        "sha256={}",
        hex(hmac_sha256("change-me-local-secret", body))
    );
    let wrong = format!("sha256={}", hex(hmac_sha256("guess", body)));
    let explicit_deny =
        r#"{"Message":"User is not authorized to access this resource with an explicit deny"}"#;
    type Case<'a> = (&'a [(&'a str, &'a str)], u16, Option<&'a str>);
    let cases: [Case; 6] = [
        (&[("X-GitHub-Event", "ping")], 401, Some(UNAUTHORIZED)),
        (
            &[("X-Hub-Signature-256", good.as_str())],
            401,
            Some(UNAUTHORIZED),
        ),
        (
            &[
                ("X-Hub-Signature-256", "sha1=abc"),
                ("X-GitHub-Event", "ping"),
            ],
            403,
            Some(explicit_deny),
        ),
        (
            &[
                ("X-Hub-Signature-256", good.as_str()),
                ("X-GitHub-Event", "issues"),
            ],
            403,
            Some(explicit_deny),
        ),
        (
            &[
                ("X-Hub-Signature-256", wrong.as_str()),
                ("X-GitHub-Event", "ping"),
            ],
            401,
            Some(r#"{"message":"bad signature"}"#),
        ),
        (
            &[
                ("X-Hub-Signature-256", good.as_str()),
                ("X-GitHub-Event", "ping"),
            ],
            202,
            None,
        ),
    ];
    for (headers, status, want) in cases {
        let r = emu.request("POST", "/dev/github", headers, body);
        assert_eq!(r.status, status, "{headers:?}: {}", r.text());
        if let Some(w) = want {
            assert_eq!(r.text(), w, "{headers:?}");
        }
    }
    let r = emu.request(
        "POST",
        "/dev/github",
        &[("X-Hub-Signature-256", &good), ("X-GitHub-Event", "ping")],
        body,
    );
    assert_eq!(
        r.json(),
        json!({"event": "ping", "zen": "Keep it logically awesome."})
    );
}

#[test]
fn rate_limited_private_api() {
    let emu = example("rate-limited-private-api");
    let r = emu.get("/dev/quote");
    assert_eq!(
        (r.status, r.text().as_str()),
        (403, r#"{"message":"Forbidden"}"#)
    );
    let r = emu.request("GET", "/dev/quote", &[("x-api-key", "nope")], b"");
    assert_eq!(r.status, 403);
    let key = [("x-api-key", "free-demo-key-0123456789abcdef")];
    let quote = || emu.request("GET", "/dev/quote", &key, b"");
    // burst 2, then one a second (the exact arithmetic is in usage_plan's unit tests): the
    // first two pass, and requests sent back to back are soon throttled
    let started = std::time::Instant::now();
    for i in 0..2 {
        let r = quote();
        assert_eq!(r.status, 200, "request {i}: {}", r.text());
    }
    let mut passed = 2u64;
    let r = poll("a request is throttled", || {
        let r = quote();
        assert!(matches!(r.status, 200 | 429), "{}: {}", r.status, r.text());
        passed += u64::from(r.status == 200);
        (r.status == 429).then_some(r)
    });
    // no more passed than the burst and one a second since the first: a bound that only grows
    // with time, so a slow machine cannot fail it, while a burst larger than 2 would
    let allowed = 2 + started.elapsed().as_secs() + 1;
    assert!(
        passed <= allowed,
        "{passed} passed, at most {allowed} allowed"
    );
    assert_eq!(r.text(), r#"{"message":"Too Many Requests"}"#);
    assert_eq!(r.header("retry-after"), Some("1"));
    // a second later a token is back
    let r = poll("a request passes again", || {
        let r = quote();
        assert!(matches!(r.status, 200 | 429), "{}: {}", r.status, r.text());
        (r.status == 200).then_some(r)
    });
    assert!(r.json()["keyId"].is_string());
}

#[test]
fn ip_allow_list() {
    let emu = example("ip-allow-list");
    let r = emu.get("/dev/hello");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["from"], "127.0.0.1");
    let r = emu.get("/dev/admin");
    assert_eq!(r.status, 403);
    let message = r.json()["Message"].as_str().unwrap().to_string();
    assert!(
        message.starts_with("User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:")
            && message.ends_with("/dev/GET/admin with an explicit deny"),
        "{message}"
    );
}

#[test]
fn api_key_values_come_from_the_command_line_or_are_generated_and_printed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/rate-limited-private-api");
    let emu = Emulator::start(&dir, &["--api-key", "partner-key=partner-value-0123456789"]);
    let r = emu.request(
        "GET",
        "/dev/quote",
        &[("x-api-key", "partner-value-0123456789")],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());

    // without --api-key, the value is generated and printed with the key's name at start
    let emu = Emulator::start(&dir, &[]);
    let banner = emu.banner.clone();
    let line = banner
        .lines()
        .find(|l| l.contains("partner-key") && l.contains("generated"))
        .unwrap_or_else(|| panic!("no generated key in the banner:\n{banner}"));
    let value = line
        .split_whitespace()
        .find(|w| w.len() == 40 && w.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_else(|| panic!("no 40-character value in `{line}`"));
    let r = emu.request("GET", "/dev/quote", &[("x-api-key", value)], b"");
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn cognito_user_pool_authorizer_verifies_tokens_against_the_jwks_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("serverless.yml"),
        r#"
service: cognito-e2e
provider: { name: aws, runtime: nodejs20.x }
functions:
  me:
    handler: handler.me
    events:
      - http:
          path: /me
          method: get
          authorizer:
            type: COGNITO_USER_POOLS
            name: pool
            arn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Pool
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("handler.js"),
        "exports.me = async (e) => ({ statusCode: 200, body: JSON.stringify(e.requestContext.authorizer.claims) });\n",
    )
    .unwrap();
    let jwks = dir.path().join("jwks.json");
    std::fs::write(&jwks, jwt_key::jwks("k1")).unwrap();
    let emu = Emulator::start(
        dir.path(),
        &[
            "--jwks",
            jwks.to_str().unwrap(),
            "--cognito-client-id",
            "web-client",
            "--cognito-client-id",
            "mobile-client",
        ],
    );
    let iss = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool";
    let for_client = |exp: u64, iss: &str, aud: &str| json!({"sub": "u-1", "iss": iss, "token_use": "id", "aud": aud, "exp": exp, "email": "a@example.com"});
    let claims = |exp: u64, iss: &str| for_client(exp, iss, "web-client");
    let other_client = jwt_key::sign("k1", &for_client(now() + 600, iss, "other-client"));
    let mobile = jwt_key::sign("k1", &for_client(now() + 600, iss, "mobile-client"));
    let good = jwt_key::sign("k1", &claims(now() + 600, iss));
    let expired = jwt_key::sign("k1", &claims(now() - 10, iss));
    let other_pool = jwt_key::sign(
        "k1",
        &claims(
            now() + 600,
            "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other",
        ),
    );
    let unknown_key = jwt_key::sign("k2", &claims(now() + 600, iss));
    let mut tampered = good.clone();
    tampered.insert(good.find('.').unwrap() + 2, 'x');
    for (token, status) in [
        (None, 401),
        (Some(expired.as_str()), 401),
        (Some(other_pool.as_str()), 401),
        (Some(unknown_key.as_str()), 401),
        (Some(tampered.as_str()), 401),
        (Some(other_client.as_str()), 401),
        (Some(mobile.as_str()), 200),
        (Some(good.as_str()), 200),
    ] {
        let headers: Vec<(&str, &str)> = token.iter().map(|t| ("Authorization", *t)).collect();
        let r = emu.request("GET", "/dev/me", &headers, b"");
        assert_eq!(r.status, status, "{token:?}: {}", r.text());
        if status == 401 {
            assert_eq!(r.text(), UNAUTHORIZED);
        } else {
            assert_eq!(r.json()["sub"], "u-1");
            assert_eq!(r.json()["email"], "a@example.com");
        }
    }
}
