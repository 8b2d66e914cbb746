//! `http` events: shorthand, paths, methods, integrations, request and response defaults.

use super::{endpoint, lower_text, service_with_event, shorts, svc};
use crate::diag::codes;
use crate::ir::lower::http::{integration_from_name, normalize_path, split_shorthand};
use crate::ir::{Integration, ModelRef};

#[test]
fn shorthand_and_paths() {
    // (event, path, method)
    let cases = [
        (" GET users/index", "users/index", "GET"),
        (" GET /", "", "GET"),
        (" post /a/b/", "a/b", "POST"),
        (" get //x//", "/x/", "GET"),
        (" ANY /{proxy+}", "{proxy+}", "ANY"),
        ("\n          path: /\n          method: Patch", "", "PATCH"),
        (
            "\n          path: users/{id}/\n          method: any",
            "users/{id}",
            "ANY",
        ),
    ];
    for (event, path, method) in cases {
        let e = endpoint(event);
        assert_eq!(
            (e.path.as_str(), e.method.as_str()),
            (path, method),
            "{event}"
        );
        assert_eq!(e.function, "f");
    }
}

#[test]
fn shorthand_split_is_sfs() {
    assert_eq!(split_shorthand("GET /a"), ("GET".into(), Some("/a".into())));
    assert_eq!(split_shorthand("GET  /a"), ("GET".into(), Some("".into())));
    assert_eq!(split_shorthand("GET"), ("GET".into(), None));
    assert_eq!(normalize_path("/"), "");
    assert_eq!(normalize_path("a/"), "a");
}

#[test]
fn integration_names() {
    let cases = [
        (None, false, Integration::AwsProxy),
        (None, true, Integration::Aws),
        (Some("lambda"), false, Integration::Aws),
        (Some("LAMBDA"), true, Integration::Aws),
        (Some("lambda-proxy"), true, Integration::AwsProxy),
        (Some("LAMBDA_PROXY"), false, Integration::AwsProxy),
        (Some("aws-proxy"), false, Integration::AwsProxy),
        (Some("aws"), false, Integration::Aws),
        (Some("http"), false, Integration::Http),
        (Some("http-proxy"), false, Integration::HttpProxy),
        (Some("HTTP_PROXY"), false, Integration::HttpProxy),
        (Some("Mock"), false, Integration::Mock),
    ];
    for (name, is_async, want) in cases {
        assert_eq!(
            integration_from_name(name, is_async),
            Some(want),
            "{name:?}"
        );
    }
    assert_eq!(integration_from_name(Some("lambda--proxy"), false), None);
}

#[test]
fn unknown_integration_is_located() {
    let (_, d, sm) = lower_text(&service_with_event(
        "\n          path: a\n          method: get\n          integration: grpc",
    ));
    assert_eq!(
        shorts(&d, &sm),
        ["serverless.yml:11:24: error[schema::enum]: unknown integration `grpc`"]
    );
}

#[test]
fn request_parameters() {
    let e = endpoint(
        "\n          path: a/{id}\n          method: get\n          integration: lambda\n          request:\n            parameters:\n              paths:\n                id: true\n              querystrings:\n                q: false\n                r: {mappedValue: \"'x'\"}\n                s: {required: false}\n              headers:\n                H: true",
    );
    let p = &e.request.parameters;
    let got: Vec<_> = p
        .iter()
        .map(|(loc, n, v)| (loc, n.as_str(), v.required, v.mapped_value.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("querystring", "q", false, None),
            ("querystring", "r", true, Some("'x'")),
            ("querystring", "s", false, None),
            ("header", "H", true, None),
            ("path", "id", true, None),
        ]
    );
}

#[test]
fn pass_through_defaults_by_integration() {
    let cases = [
        ("lambda", "", Some("NEVER")),
        (
            "lambda",
            "\n          request:\n            passThrough: WHEN_NO_MATCH",
            Some("WHEN_NO_MATCH"),
        ),
        (
            "http",
            "\n          request:\n            uri: http://x",
            None,
        ),
        ("mock", "", None),
        (
            "mock",
            "\n          request:\n            passThrough: WHEN_NO_TEMPLATES",
            Some("WHEN_NO_TEMPLATES"),
        ),
        ("lambda-proxy", "", None),
    ];
    for (integration, extra, want) in cases {
        let e = endpoint(&format!(
            "\n          path: a\n          method: post\n          integration: {integration}{extra}"
        ));
        assert_eq!(
            e.request.pass_through.as_deref(),
            want,
            "{integration}{extra}"
        );
    }
}

#[test]
fn request_templates_keep_null_removals() {
    let e = endpoint(
        "\n          path: a\n          method: post\n          integration: lambda\n          request:\n            template:\n              text/plain: '$input.body'\n              application/x-www-form-urlencoded: null",
    );
    let t: Vec<_> = e
        .request
        .templates
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_deref()))
        .collect();
    assert_eq!(
        t,
        [
            ("text/plain", Some("$input.body")),
            ("application/x-www-form-urlencoded", None)
        ]
    );
}

#[test]
fn proxy_drops_templates_and_response_with_warnings() {
    let text = service_with_event(
        "\n          path: a\n          method: post\n          request:\n            template:\n              a/b: x\n            parameters:\n              paths:\n                id: true\n          response:\n            template: x",
    );
    let (s, d, sm) = lower_text(&text);
    let e = &s.unwrap().endpoints[0];
    assert!(e.request.templates.is_empty());
    assert!(e.response.is_none());
    assert_eq!(e.request.parameters.paths.len(), 1);
    assert_eq!(
        shorts(&d, &sm),
        [
            "serverless.yml:13:15: warning[check::ignored]: `request.template` is ignored with the lambda-proxy integration (function `f`)",
            "serverless.yml:18:13: warning[check::ignored]: `response` is ignored with the lambda-proxy integration (function `f`)",
        ]
    );
}

#[test]
fn http_proxy_keeps_uri_and_method_override() {
    let e = endpoint(
        "\n          path: a/{proxy+}\n          method: get\n          integration: http-proxy\n          connectionType: vpc-link\n          connectionId: abc\n          request:\n            uri: https://x/{proxy}\n            method: post",
    );
    assert_eq!(e.request.uri, Some(serde_json::json!("https://x/{proxy}")));
    // `request.method` is not among the keys SF keeps for HTTP_PROXY
    assert_eq!(e.request.method, None);
    assert_eq!(e.request.connection_type.as_deref(), Some("VPC_LINK"));
    assert_eq!(e.request.connection_id, Some(serde_json::json!("abc")));
}

fn codes_of(e: &crate::ir::HttpEndpoint) -> Vec<(String, String)> {
    e.response
        .as_ref()
        .map(|r| {
            r.status_codes
                .iter()
                .map(|c| (c.code.clone(), c.pattern.clone()))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn default_status_codes_byte_for_byte() {
    let e = endpoint("\n          path: a\n          method: post\n          integration: lambda");
    let want: Vec<(String, String)> = [
        ("200", ""),
        ("400", "[\\s\\S]*\\[400\\][\\s\\S]*"),
        ("401", "[\\s\\S]*\\[401\\][\\s\\S]*"),
        ("403", "[\\s\\S]*\\[403\\][\\s\\S]*"),
        ("404", "[\\s\\S]*\\[404\\][\\s\\S]*"),
        ("422", "[\\s\\S]*\\[422\\][\\s\\S]*"),
        (
            "500",
            "[\\s\\S]*(Process\\s?exited\\s?before\\s?completing\\s?request|\\[500\\])[\\s\\S]*",
        ),
        ("502", "[\\s\\S]*\\[502\\][\\s\\S]*"),
        (
            "504",
            "([\\s\\S]*\\[504\\][\\s\\S]*)|(.*Task timed out after \\d+\\.\\d+ seconds$)",
        ),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(codes_of(&e), want);
    // async: true is the same AWS integration
    let e = endpoint("\n          path: a\n          method: post\n          async: true");
    assert_eq!(codes_of(&e), want);
    assert!(e.is_async);
}

#[test]
fn status_codes_get_a_default_and_js_key_order() {
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    let cases = [
        // no '' pattern: 200 added, integer keys ascending
        (
            "lambda",
            "409:\n                pattern: 'c'\n              201:\n                pattern: 'x'",
            pairs(&[("200", ""), ("201", "x"), ("409", "c")]),
        ),
        // a '' pattern present: nothing added
        (
            "lambda",
            "201:\n                pattern: ''\n              409:\n                pattern: 'c'",
            pairs(&[("201", ""), ("409", "c")]),
        ),
        // 200 with another pattern is replaced by the default
        (
            "lambda",
            "200:\n                pattern: 'p'",
            pairs(&[("200", "")]),
        ),
        // http integration gets the same defaults
        (
            "http",
            "400:\n                pattern: 'b'",
            pairs(&[("200", ""), ("400", "b")]),
        ),
        // mock: as written
        (
            "mock",
            "503:\n                pattern: '503'",
            pairs(&[("503", "503")]),
        ),
    ];
    for (integration, codes, want) in cases {
        let e = endpoint(&format!(
            "\n          path: a\n          method: post\n          integration: {integration}\n          request:\n            uri: http://x\n          response:\n            statusCodes:\n              {codes}"
        ));
        assert_eq!(codes_of(&e), want, "{integration}: {codes}");
    }
}

#[test]
fn response_without_status_codes_and_templates() {
    let e = endpoint(
        "\n          path: a\n          method: get\n          integration: lambda\n          response:\n            headers:\n              Content-Type: \"'text/html'\"\n            template: $input.path('$')\n            statusCodes:\n              201:\n                pattern: ''\n                template: t1\n                headers:\n                  X: \"'y'\"\n              404:\n                pattern: nf\n                template:\n                  text/plain: t2",
    );
    let r = e.response.unwrap();
    assert_eq!(r.headers["Content-Type"], "'text/html'");
    assert_eq!(r.template.as_deref(), Some("$input.path('$')"));
    assert_eq!(r.status_codes[0].templates["application/json"], "t1");
    assert_eq!(r.status_codes[0].headers["X"], "'y'");
    assert_eq!(r.status_codes[1].templates["text/plain"], "t2");
    // `response` without statusCodes on http: full default list
    let e = endpoint(
        "\n          path: a\n          method: get\n          integration: http\n          request:\n            uri: http://x\n          response:\n            template: x",
    );
    assert_eq!(codes_of(&e).len(), 9);
    // no `response` at all on http / mock: none
    let e = endpoint(
        "\n          path: a\n          method: get\n          integration: http\n          request:\n            uri: http://x",
    );
    assert!(e.response.is_none());
}

#[test]
fn request_schemas_forms() {
    let text = "service: demo\nprovider:\n  name: aws\n  apiGateway:\n    request:\n      schemas:\n        user: {schema: {type: object}, name: User}\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - http:\n          path: a\n          method: post\n          request:\n            schemas:\n              application/json: user\n              text/plain: not-a-provider-id\n              a/b: {type: string}\n              c/d: {schema: {type: number}, name: N, description: D}\n";
    let s = svc(text);
    let schemas = &s.endpoints[0].request.schemas;
    assert!(matches!(&schemas["application/json"], ModelRef::Provider(id) if id == "user"));
    assert!(
        matches!(&schemas["text/plain"], ModelRef::Inline(m) if m.schema == serde_json::json!("not-a-provider-id"))
    );
    assert!(
        matches!(&schemas["a/b"], ModelRef::Inline(m) if m.schema == serde_json::json!({"type": "string"}) && m.name.is_none())
    );
    assert!(
        matches!(&schemas["c/d"], ModelRef::Inline(m) if m.name.as_deref() == Some("N") && m.description.as_deref() == Some("D"))
    );
    assert_eq!(s.api.models["user"].name.as_deref(), Some("User"));
}

#[test]
fn other_events_are_unsupported_and_located() {
    let text = "service: demo\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - notAnEvent: x\n      - http: GET /a\n      - webhook: y\n";
    let (s, _, sm) = lower_text(text);
    let s = s.unwrap();
    let got: Vec<_> = s
        .unsupported_events
        .iter()
        .map(|u| {
            (
                u.function.as_str(),
                u.kind.as_str(),
                sm.locate(u.span).unwrap().1,
            )
        })
        .collect();
    assert_eq!(got, [("f", "notAnEvent", 8), ("f", "webhook", 10)]);
    assert_eq!(s.endpoints.len(), 1);
}

#[test]
fn wrong_shapes_are_reported_not_panicked() {
    let cases = [
        (
            "\n          path: [a]\n          method: get",
            codes::LOWER_SHAPE,
        ),
        (
            "\n          path: a\n          method: get\n          cors: 3",
            codes::LOWER_SHAPE,
        ),
        (
            "\n          path: a\n          method: get\n          authorizer: 3",
            codes::LOWER_SHAPE,
        ),
        (
            "\n          path: a\n          method: get\n          integration: lambda\n          request: []",
            codes::LOWER_SHAPE,
        ),
        (
            "\n          path: a\n          method: get\n          authorizer: {type: token}",
            codes::LOWER_AUTHORIZER,
        ),
        (" 42", codes::LOWER_SHAPE),
    ];
    for (event, code) in cases {
        let (s, d, sm) = lower_text(&service_with_event(event));
        assert!(s.is_some());
        let got: Vec<_> = d.iter().map(|x| x.code).collect();
        assert!(got.contains(&code), "{event}: {:?}", shorts(&d, &sm));
    }
}
