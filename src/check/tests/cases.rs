//! Table-driven cases, one per check.

use super::{HEAD, at, findings, findings_for};
use crate::diag::codes;

fn svc(functions: &str) -> String {
    format!("{HEAD}functions:\n{functions}")
}

#[test]
fn http_checks() {
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (
            "clean service",
            svc(
                "  f:\n    handler: h.f\n    events:\n      - http: GET /a\n      - http:\n          path: a\n          method: any\n",
            ),
            vec![],
        ),
        (
            "authorizer names a missing function",
            svc(
                "  f:\n    handler: h.f\n    events:\n      - http:\n          path: a\n          method: get\n          authorizer: authFnn\n  authFn:\n    handler: h.a\n",
            ),
            vec![at("12:23", "error", codes::SEM_MISSING_FUNCTION)],
        ),
        (
            "same path and method twice",
            svc(
                "  f:\n    handler: h.f\n    events:\n      - http: GET /a\n  g:\n    handler: h.g\n    events:\n      - http: get a/\n",
            ),
            vec![at("13:9", "error", codes::SEM_DUPLICATE_ROUTE)],
        ),
        (
            "OPTIONS next to CORS",
            svc(
                "  f:\n    handler: h.f\n    events:\n      - http:\n          path: a\n          method: get\n          cors: true\n      - http: OPTIONS /a\n",
            ),
            vec![at("13:9", "error", codes::SEM_DUPLICATE_ROUTE)],
        ),
        (
            "two variables under one parent",
            svc(
                "  f:\n    handler: h.f\n    events:\n      - http: GET /users/{id}\n      - http: GET /users/{userId}/posts\n",
            ),
            vec![at("10:9", "error", codes::SEM_PATH_VARIABLE)],
        ),
        (
            "claims on lambda-proxy with a Cognito ARN",
            svc(
                "  f:\n    handler: h.f\n    events:\n      - http:\n          path: a\n          method: get\n          authorizer:\n            name: pool\n            arn: arn:aws:cognito-idp:us-east-1:1:userpool/p\n            claims: [email]\n",
            ),
            vec![at("13:13", "error", codes::SEM_CLAIMS_ON_PROXY)],
        ),
        (
            "claims on lambda integration are fine",
            svc(
                "  f:\n    handler: h.f\n    events:\n      - http:\n          path: a\n          method: get\n          integration: lambda\n          authorizer:\n            name: pool\n            arn: arn:aws:cognito-idp:us-east-1:1:userpool/p\n            claims: [email]\n",
            ),
            vec![],
        ),
        (
            "http event without path",
            svc(
                "  f:\n    handler: h.f\n    events:\n      - http: GET\n      - http:\n          method: get\n",
            ),
            vec![
                at("9:15", "error", codes::SEM_MISSING_PATH),
                at("11:11", "error", codes::SEM_MISSING_PATH),
            ],
        ),
        (
            "http integration without uri",
            svc(
                "  f:\n    handler: h.f\n    events:\n      - http:\n          path: a\n          method: get\n          integration: http-proxy\n",
            ),
            vec![at("9:9", "error", codes::SEM_MISSING_URI)],
        ),
    ];
    for (name, text, want) in cases {
        assert_eq!(findings(&text), want, "{name}");
    }
}

#[test]
fn stage_names() {
    let text = svc("  f:\n    handler: h.f\n    events:\n      - http: GET /a\n");
    assert_eq!(
        findings_for(&text, "feature.x", "us-east-1"),
        [at("-", "error", codes::SEM_STAGE_NAME)]
    );
    let text = format!(
        "{HEAD}  stage: 'feature/x'\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - http: GET /a\n"
    );
    assert_eq!(
        findings_for(&text, "feature/x", "us-east-1"),
        [at("5:10", "error", codes::SEM_STAGE_NAME)]
    );
    // no http events: any stage goes
    let text = svc("  f:\n    handler: h.f\n");
    assert!(findings_for(&text, "feature.x", "us-east-1").is_empty());
    let text = format!(
        "{HEAD}  apiGateway:\n    stage: v1.0\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - http: GET /a\n"
    );
    assert_eq!(
        findings(&text),
        [at("6:12", "error", codes::SEM_STAGE_NAME)]
    );
}

#[test]
fn api_checks() {
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (
            "restApiId without root resource",
            format!(
                "{HEAD}  apiGateway:\n    restApiId: abc\nfunctions:\n  f:\n    handler: h.f\n"
            ),
            vec![at("6:16", "error", codes::SEM_REST_API_ROOT)],
        ),
        (
            "keys under an unknown plan",
            format!(
                "{HEAD}  apiGateway:\n    apiKeys:\n      - free:\n          - k1\n      - premum:\n          - k2\n    usagePlan:\n      - free: {{}}\n      - premium: {{}}\nfunctions:\n  f:\n    handler: h.f\n"
            ),
            vec![at("9:9", "error", codes::SEM_KEY_WITHOUT_PLAN)],
        ),
        (
            "per-plan keys without named plans",
            format!(
                "{HEAD}  apiGateway:\n    apiKeys:\n      - free:\n          - k1\nfunctions:\n  f:\n    handler: h.f\n"
            ),
            vec![at("7:9", "error", codes::SEM_KEY_WITHOUT_PLAN)],
        ),
    ];
    for (name, text, want) in cases {
        assert_eq!(findings(&text), want, "{name}");
    }
}

#[test]
fn lambda_checks() {
    let long = "a".repeat(60);
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (
            "function name over 64 characters",
            svc(&format!("  {long}:\n    handler: h.f\n    role: arn:aws:iam::1:role/r\n")),
            vec![at("6:3", "error", codes::SEM_NAME_TOO_LONG)],
        ),
        (
            "explicit name over 64 characters",
            svc(&format!("  f:\n    handler: h.f\n    name: {long}-12345\n    role: arn:r\n")),
            vec![at("8:11", "error", codes::SEM_NAME_TOO_LONG)],
        ),
        (
            "generated role name over 64 characters",
            format!("service: {}\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  f:\n    handler: h.f\n    name: short\n", "s".repeat(40)),
            vec![at("1:10", "error", codes::SEM_NAME_TOO_LONG)],
        ),
        (
            "memory with a unit, memory out of range",
            format!("{HEAD}  memorySize: '1536MB'\nfunctions:\n  f:\n    handler: h.f\n    memorySize: 64\n  g:\n    handler: h.g\n    memorySize: 20000\n  h:\n    handler: h.h\n    memorySize: '2048'\n"),
            vec![
                at("5:15", "error", codes::SEM_MEMORY_SIZE),
                at("9:17", "error", codes::SEM_MEMORY_SIZE),
                at("12:17", "error", codes::SEM_MEMORY_SIZE),
            ],
        ),
        (
            "timeout over 900 and not a number",
            format!("{HEAD}  timeout: 901\nfunctions:\n  f:\n    handler: h.f\n    timeout: 10s\n"),
            vec![at("5:12", "error", codes::SEM_TIMEOUT), at("9:14", "error", codes::SEM_TIMEOUT)],
        ),
        (
            "http function slower than API Gateway",
            format!("{HEAD}  timeout: 60\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - http: GET /a\n  g:\n    handler: h.g\n    timeout: 30\n    events:\n      - http:\n          path: b\n          method: post\n          async: true\n  h:\n    handler: h.h\n    timeout: 29\n    events:\n      - http: GET /c\n"),
            vec![at("5:12", "warning", codes::SEM_HTTP_TIMEOUT)],
        ),
        (
            "unknown and deprecated runtimes",
            "service: demo\nprovider:\n  name: aws\n  runtime: nodejs16.x\nfunctions:\n  f:\n    handler: h.f\n    runtime: python3.99\n  g:\n    handler: h.g\n    runtime: nodejs22.x\n  i:\n    image: repo/img\n    runtime: whatever\n".to_string(),
            vec![at("4:12", "warning", codes::SEM_RUNTIME), at("8:14", "error", codes::SEM_RUNTIME)],
        ),
        (
            "provisioned concurrency beside SnapStart; either alone, or a zero count, is fine",
            svc("  f:\n    handler: h.f\n    runtime: java21\n    provisionedConcurrency: 2\n    snapStart: true\n  g:\n    handler: h.g\n    provisionedConcurrency: 1\n  h:\n    handler: h.h\n    runtime: java21\n    snapStart: true\n    provisionedConcurrency: 0\n"),
            vec![at("10:5", "error", codes::SEM_ALIAS_CONFLICT)],
        ),
        (
            "the default runtime is deprecated",
            "service: demo\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.f\n".to_string(),
            vec![at("3:3", "warning", codes::SEM_RUNTIME)],
        ),
    ];
    for (name, text, want) in cases {
        assert_eq!(findings(&text), want, "{name}");
    }
}

#[test]
fn every_fixture_passes_the_checks_without_errors() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path().join("serverless.yml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Some(text) = crate::ir::lower::tests::fixtures::stand_in(&text, "svc") else {
            continue;
        };
        let errors: Vec<String> = findings(&text)
            .into_iter()
            .filter(|f| f.contains("error"))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

#[test]
fn plugins_that_change_the_package_are_said_not_to_run() {
    let f = "functions:\n  f:\n    handler: h.f\n";
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (
            "a bundler and the local-only plugins",
            format!(
                "{HEAD}plugins:\n  - serverless-esbuild\n  - serverless-offline\n  - serverless-dynamodb-local\n  - serverless-offline-sqs\n{f}"
            ),
            vec![at("6:5", "warning", codes::SEM_IGNORED)],
        ),
        (
            "the `modules` form",
            format!("{HEAD}plugins:\n  localPath: ./p\n  modules:\n    - serverless-wsgi\n{f}"),
            vec![at("8:7", "warning", codes::SEM_IGNORED)],
        ),
        ("no plugins", format!("{HEAD}{f}"), vec![]),
    ];
    for (what, text, want) in cases {
        assert_eq!(findings(&text), want, "{what}");
    }
}
