//! CORS expansion (SF v3 `getCors`).

use super::endpoint;
use crate::ir::lower::cors::DEFAULT_HEADERS;

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

#[test]
fn cors_true_and_false() {
    let c = endpoint("\n          path: a\n          method: any\n          cors: true")
        .cors
        .unwrap();
    assert_eq!(c.origins, s(&["*"]));
    assert_eq!(c.origin.as_deref(), Some("*"));
    assert_eq!(c.headers, s(DEFAULT_HEADERS));
    assert_eq!(c.methods, s(&["OPTIONS", "ANY"]));
    assert!(!c.allow_credentials);
    assert_eq!((c.max_age, c.cache_control), (None, None));
    assert!(
        endpoint("\n          path: a\n          method: get\n          cors: false")
            .cors
            .is_none()
    );
}

#[test]
fn cors_object_forms() {
    // (cors body, origins, origin, written origins, headers, methods)
    type Case<'a> = (
        &'a str,
        &'a [&'a str],
        Option<&'a str>,
        &'a [&'a str],
        &'a [&'a str],
        &'a [&'a str],
    );
    let cases: &[Case] = &[
        (
            "origin: 'https://a.com'",
            &["https://a.com"],
            Some("https://a.com"),
            &[],
            DEFAULT_HEADERS,
            &["OPTIONS", "GET"],
        ),
        (
            "origin: 'https://a.com, https://b.com'",
            &["https://a.com", "https://b.com"],
            Some("https://a.com, https://b.com"),
            &[],
            DEFAULT_HEADERS,
            &["OPTIONS", "GET"],
        ),
        (
            "origins: [x, y]",
            &["x", "y"],
            None,
            &["x", "y"],
            DEFAULT_HEADERS,
            &["OPTIONS", "GET"],
        ),
        (
            "origins: [x]\n            origin: o",
            &["x"],
            Some("o"),
            &["x"],
            DEFAULT_HEADERS,
            &["OPTIONS", "GET"],
        ),
        (
            "headers: X-Only",
            &["*"],
            Some("*"),
            &[],
            &["X-Only"],
            &["OPTIONS", "GET"],
        ),
        (
            "methods: [GET, HEAD]",
            &["*"],
            Some("*"),
            &[],
            DEFAULT_HEADERS,
            &["GET", "HEAD", "OPTIONS"],
        ),
        (
            "methods: [OPTIONS]\n            headers: [A, B]",
            &["*"],
            Some("*"),
            &[],
            &["A", "B"],
            &["OPTIONS", "GET"],
        ),
    ];
    for (body, origins, origin, written, headers, methods) in cases {
        let c = endpoint(&format!(
            "\n          path: a\n          method: get\n          cors:\n            {body}"
        ))
        .cors
        .unwrap();
        assert_eq!(c.origins, s(origins), "{body}");
        assert_eq!(c.origin.as_deref(), *origin, "{body}");
        assert_eq!(c.written_origins, s(written), "{body}");
        assert_eq!(c.headers, s(headers), "{body}");
        assert_eq!(c.methods, s(methods), "{body}");
    }
}

#[test]
fn cors_options() {
    let c = endpoint("\n          path: a\n          method: post\n          cors:\n            allowCredentials: true\n            maxAge: 86400\n            cacheControl: 'max-age=600'")
        .cors
        .unwrap();
    assert!(c.allow_credentials);
    assert_eq!(c.max_age, Some(86400));
    assert_eq!(c.cache_control.as_deref(), Some("max-age=600"));
    assert_eq!(c.methods, s(&["OPTIONS", "POST"]));
}
