//! Broken configurations, each with the diagnostic it must produce: code, line:column and
//! message. Runs the whole pipeline (load → variables → schema → lower → checks).

mod support;

use slsc::pipeline::{self, PipelineInput};
use std::collections::HashMap;

struct Case {
    name: &'static str,
    yaml: Vec<u8>,
    code: &'static str,
    at: (usize, usize),
    message: &'static str,
}

fn case(
    name: &'static str,
    yaml: &str,
    code: &'static str,
    at: (usize, usize),
    message: &'static str,
) -> Case {
    Case {
        name,
        yaml: yaml.as_bytes().to_vec(),
        code,
        at,
        message,
    }
}

const HEAD: &str = "service: svc\nprovider:\n  name: aws\n  runtime: nodejs18.x\n";

fn cases() -> Vec<Case> {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let mut huge = String::from(HEAD);
    huge.push_str("custom:\n  blob: '");
    huge.push_str(&"x".repeat(20 * 1024 * 1024));
    huge.push_str("'\n");
    let mut latin1 =
        format!("{HEAD}functions:\n  hello:\n    handler: h.hello\n    description: caf")
            .into_bytes();
    latin1.extend_from_slice(b"\xe9\n");

    vec![
        case("empty file", "", "yaml::empty", (1, 1), "empty"),
        case(
            "comment only",
            "# just a comment\n",
            "yaml::empty",
            (1, 1),
            "empty",
        ),
        case(
            "top level list",
            "- a\n- b\n",
            "yaml::not-a-mapping",
            (1, 1),
            "mapping",
        ),
        case(
            "duplicate key",
            "service: a\nprovider:\n  name: aws\n  name: gcp\n",
            "yaml::duplicate-key",
            (4, 3),
            "duplicate key `name`",
        ),
        case(
            "tab indentation",
            "service: a\nprovider:\n\tname: aws\n",
            "yaml::tab-indent",
            (3, 1),
            "tab",
        ),
        case(
            "unclosed flow",
            "service: a\nprovider: {name: aws\n",
            "yaml::syntax",
            (2, 11),
            "unclosed bracket",
        ),
        case(
            "bad indentation",
            "service: a\nprovider:\n  name: aws\n runtime: x\n",
            "yaml::syntax",
            (4, 2),
            "invalid YAML",
        ),
        case(
            "unclosed quote",
            "service: 'abc\nprovider:\n  name: aws\n",
            "yaml::syntax",
            (1, 10),
            "unclosed quote",
        ),
        case(
            "unknown tag",
            &format!("{HEAD}resources:\n  Outputs:\n    A:\n      Value: !GetAt B.Arn\n"),
            "yaml::unknown-tag",
            (8, 14),
            "unknown tag `!GetAt`",
        ),
        case(
            "alias bomb",
            &bomb,
            "yaml::alias-limit",
            (6, 10),
            "alias bomb",
        ),
        case(
            "deep nesting",
            &format!(
                "{HEAD}custom:\n  x: {}{}\n",
                "[".repeat(3000),
                "]".repeat(3000)
            ),
            "yaml::depth-limit",
            (6, 261),
            "nesting",
        ),
        case(
            "two documents",
            &format!("{HEAD}---\nservice: b\n"),
            "yaml::multiple-documents",
            (5, 1),
            "more than one YAML document",
        ),
        case(
            "merge of a scalar",
            &format!("{HEAD}custom:\n  <<: 3\n"),
            "yaml::bad-merge",
            (6, 7),
            "merge key",
        ),
        case(
            "complex key",
            &format!("{HEAD}custom:\n  ? [a, b]\n  : c\n"),
            "yaml::complex-key",
            (6, 5),
            "key",
        ),
        Case {
            name: "non-UTF-8 bytes",
            yaml: latin1,
            code: "io::not-utf8",
            at: (8, 21),
            message: "not valid UTF-8",
        },
        case("20 MB file", &huge, "io::too-large", (1, 1), "up to 10 MiB"),
        // --- variables
        case(
            "variable cycle",
            &format!("{HEAD}custom:\n  a: ${{self:custom.b}}\n  b: ${{self:custom.a}}\n"),
            "var::cycle",
            (6, 6),
            "Circular reference",
        ),
        case(
            "unset env without fallback",
            &format!("{HEAD}  stage: ${{env:SLSC_TEST_UNSET_VAR}}\n"),
            "var::unresolved",
            (5, 10),
            "env",
        ),
        case(
            "missing file()",
            &format!("{HEAD}custom: ${{file(./nope.yml)}}\n"),
            "var::file",
            (5, 9),
            "nope.yml",
        ),
        case(
            "unknown variable source",
            &format!("{HEAD}custom:\n  a: ${{sssm:/x}}\n"),
            "var::unknown-source",
            (6, 6),
            "sssm",
        ),
        case(
            "remote source offline",
            &format!("{HEAD}custom:\n  a: ${{ssm:/app/key}}\n"),
            "var::unsupported-source",
            (6, 6),
            "ssm",
        ),
        case(
            "object inside a string",
            &format!("{HEAD}custom:\n  o: {{k: v}}\n  s: prefix-${{self:custom.o}}\n"),
            "var::not-a-string",
            (7, 13),
            "non-string",
        ),
        case(
            "unterminated variable",
            &format!("{HEAD}custom:\n  a: ${{self:custom.b\n"),
            "var::syntax",
            (6, 21),
            "closing bracket",
        ),
        // --- schema
        case(
            "unknown top-level key",
            &format!("{HEAD}functons:\n  a:\n    handler: h.a\n"),
            "schema::unknown-key",
            (5, 1),
            "unknown key `functons`",
        ),
        case(
            "typo in function key",
            &format!("{HEAD}functions:\n  a:\n    handlr: h.a\n"),
            "check::missing-handler",
            (6, 3),
            "no `handler`",
        ),
        case(
            "bad http method",
            "service: svc\nconfigValidationMode: error\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  a:\n    handler: h.a\n    events:\n      - http:\n          path: x\n          method: fetch\n",
            "schema::enum",
            (12, 19),
            "not one of",
        ),
        case(
            "wrong type",
            "service: svc\nconfigValidationMode: error\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  timeout: {seconds: 6}\n",
            "schema::type",
            (6, 12),
            "",
        ),
        case(
            "missing provider",
            "service: svc\n",
            "check::provider",
            (1, 1),
            "provider",
        ),
        case(
            "provider other than aws",
            "service: svc\nprovider:\n  name: google\n",
            "check::provider",
            (3, 9),
            "`google`",
        ),
        case(
            "bad service name",
            "service: 1-svc\nconfigValidationMode: error\nprovider:\n  name: aws\n",
            "schema::pattern",
            (1, 10),
            "",
        ),
        case(
            "bad integration name",
            "service: svc\nconfigValidationMode: error\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  a:\n    handler: h.a\n    events:\n      - http:\n          path: x\n          method: get\n          integration: lambda-prxy\n",
            "schema::enum",
            (13, 24),
            "",
        ),
        // --- semantic checks
        case(
            "authorizer names a missing function",
            &format!(
                "{HEAD}functions:\n  a:\n    handler: h.a\n    events:\n      - http:\n          path: x\n          method: get\n          authorizer: auht\n  auth:\n    handler: h.auth\n"
            ),
            "check::missing-function",
            (12, 23),
            "auht",
        ),
        case(
            "same path and method twice",
            &format!(
                "{HEAD}functions:\n  a:\n    handler: h.a\n    events:\n      - http: GET /x\n  b:\n    handler: h.b\n    events:\n      - http: GET /x\n"
            ),
            "check::duplicate-route",
            (13, 9),
            "twice",
        ),
        case(
            "claims on lambda-proxy",
            &format!(
                "{HEAD}functions:\n  a:\n    handler: h.a\n    events:\n      - http:\n          path: x\n          method: get\n          authorizer:\n            arn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc\n            claims: [email]\n"
            ),
            "check::claims-on-proxy",
            (13, 13),
            "claims",
        ),
        case(
            "http integration without uri",
            &format!(
                "{HEAD}functions:\n  a:\n    handler: h.a\n    events:\n      - http:\n          path: x\n          method: get\n          integration: http\n"
            ),
            "check::missing-uri",
            (9, 9),
            "",
        ),
        case(
            "memorySize with a unit",
            &format!("{HEAD}  memorySize: '1536MB'\n"),
            "check::memory-size",
            (5, 15),
            "1536MB",
        ),
        case(
            "unknown runtime",
            "service: svc\nprovider:\n  name: aws\n  runtime: nodejs99.x\n",
            "check::runtime",
            (4, 12),
            "nodejs99.x",
        ),
        case(
            "function name over 64 characters",
            &format!(
                "{HEAD}functions:\n  {}:\n    handler: h.a\n",
                "f".repeat(60)
            ),
            "check::name-too-long",
            (6, 3),
            "64",
        ),
        case(
            "timeout over 900",
            &format!("{HEAD}  timeout: 901\n"),
            "check::timeout",
            (5, 12),
            "",
        ),
    ]
}

/// A service with `provider.httpApi` set to `http_api` (lines indented by 4) and functions `a`
/// (with `events`, lines indented by 6) and `auth`. `provider.httpApi` is on line 5, `http_api`
/// starts on line 6.
fn http_api_service(http_api: &str, events: &str) -> String {
    format!(
        "{HEAD}  httpApi:\n{http_api}functions:\n  a:\n    handler: h.a\n    events:\n{events}  auth:\n    handler: h.auth\n"
    )
}

/// [`http_api_service`] without `provider.httpApi` settings: the events start on line 10.
fn http_api_events(events: &str) -> String {
    http_api_service("", events)
}

/// `httpApi` events and settings that SF v3 rejects, that it warns about, and that AWS rejects
/// at deploy time (each AWS case cites the API Gateway documentation it follows).
fn http_api_cases() -> Vec<Case> {
    const REQUEST_AUTH: &str = "    authorizers:\n      gate:\n        type: request\n";
    vec![
        case(
            "httpApi without method",
            &http_api_events("      - httpApi:\n          path: /x\n"),
            "check::http-api-missing-method",
            (11, 11),
            "has no method",
        ),
        case(
            "httpApi with an unknown method",
            &http_api_events("      - httpApi:\n          method: FETCH\n          path: /x\n"),
            "check::http-api-method",
            (11, 19),
            "FETCH",
        ),
        case(
            "httpApi catch-all path with a method",
            &http_api_events("      - httpApi:\n          method: GET\n          path: '*'\n"),
            "check::http-api-path",
            (11, 19),
            "catch-all",
        ),
        case(
            "httpApi path without a leading slash",
            &http_api_events("      - httpApi:\n          method: GET\n          path: users\n"),
            "check::http-api-path",
            (12, 17),
            "starts with `/`",
        ),
        case(
            "httpApi string that is not a route",
            &http_api_events("      - httpApi: GET users\n"),
            "check::http-api-route",
            (10, 18),
            "not a route",
        ),
        case(
            "httpApi route defined twice",
            &http_api_events("      - httpApi: GET /x\n      - httpApi: get /x\n"),
            "check::duplicate-route",
            (11, 18),
            "GET /x",
        ),
        case(
            "httpApi route with an unknown authorizer",
            &http_api_service(
                "    authorizers:\n      jwtAuth:\n        identitySource: $request.header.Authorization\n        issuerUrl: https://issuer.example.com\n        audience: app\n",
                "      - httpApi:\n          method: GET\n          path: /x\n          authorizer: jwtAuht\n",
            ),
            "check::http-api-unknown-authorizer",
            (18, 23),
            "jwtAuht",
        ),
        case(
            "httpApi request authorizer with functionName and functionArn",
            &http_api_service(
                &format!(
                    "{REQUEST_AUTH}        functionName: auth\n        functionArn: arn:aws:lambda:us-east-1:123456789012:function:x\n"
                ),
                "      - httpApi: GET /x\n",
            ),
            "check::http-api-authorizer-function",
            (9, 23),
            "two functions",
        ),
        case(
            "httpApi request authorizer without a function",
            &http_api_service(REQUEST_AUTH, "      - httpApi: GET /x\n"),
            "check::http-api-authorizer-function",
            (7, 7),
            "names no function",
        ),
        case(
            "httpApi request authorizer function not in the service",
            &http_api_service(
                &format!("{REQUEST_AUTH}        functionName: authh\n"),
                "      - httpApi: GET /x\n",
            ),
            "check::http-api-authorizer-function",
            (9, 23),
            "authh",
        ),
        case(
            "httpApi authorizer caching without identity source",
            &http_api_service(
                &format!(
                    "{REQUEST_AUTH}        functionName: auth\n        resultTtlInSeconds: 300\n"
                ),
                "      - httpApi: GET /x\n",
            ),
            "check::http-api-authorizer-cache",
            (10, 29),
            "no identity source",
        ),
        case(
            // AWS: AuthorizerResultTtlInSeconds "The maximum value is 3600, or 1 hour" (API
            // Gateway v2 API reference, CreateAuthorizer)
            "httpApi authorizer cache TTL over an hour",
            &http_api_service(
                &format!(
                    "{REQUEST_AUTH}        functionName: auth\n        identitySource: $request.header.X\n        resultTtlInSeconds: 4000\n"
                ),
                "      - httpApi: GET /x\n",
            ),
            "check::http-api-authorizer-cache",
            (11, 29),
            "0 to 3600",
        ),
        case(
            "httpApi cors on an external API",
            &http_api_service(
                "    id: abc123\n    cors: true\n",
                "      - httpApi: GET /x\n",
            ),
            "check::http-api-external",
            (7, 5),
            "CORS",
        ),
        case(
            "httpApi authorizers on an external API",
            &http_api_service(
                &format!("    id: abc123\n{REQUEST_AUTH}        functionName: auth\n"),
                "      - httpApi: GET /x\n",
            ),
            "check::http-api-external",
            (7, 5),
            "authorizers",
        ),
        case(
            "httpApi access logs on an external API",
            &format!(
                "{HEAD}  logs:\n    httpApi: true\n  httpApi:\n    id: abc123\nfunctions:\n  a:\n    handler: h.a\n    events:\n      - httpApi: GET /x\n"
            ),
            "check::http-api-external",
            (6, 5),
            "access logs",
        ),
        case(
            "httpApi route authorizer id without an external API",
            &http_api_events(
                "      - httpApi:\n          method: GET\n          path: /x\n          authorizer:\n            id: abc123\n",
            ),
            "check::http-api-external",
            (14, 13),
            "by `id`",
        ),
        case(
            "httpApi aws_iam authorizer with scopes",
            &http_api_events(
                "      - httpApi:\n          method: GET\n          path: /x\n          authorizer:\n            type: aws_iam\n            scopes: [a]\n",
            ),
            "check::http-api-route-authorizer",
            (14, 13),
            "aws_iam",
        ),
        case(
            "httpApi jwt authorizer type without name or id",
            &http_api_events(
                "      - httpApi:\n          method: GET\n          path: /x\n          authorizer:\n            type: jwt\n",
            ),
            "check::http-api-route-authorizer",
            (14, 13),
            "neither `name` nor `id`",
        ),
        case(
            // AWS: "The greedy path variable must be at the end of the resource path" (API
            // Gateway developer guide, "Working with routes for HTTP APIs")
            "httpApi greedy path variable before the end",
            &http_api_events("      - httpApi: GET /files/{proxy+}/meta\n"),
            "check::http-api-path",
            (10, 18),
            "last segment",
        ),
        case(
            // AWS: JwtConfiguration.Audience is "Required for the JWT authorizer type"
            // (CloudFormation AWS::ApiGatewayV2::Authorizer JWTConfiguration)
            "httpApi jwt authorizer without audience",
            &http_api_service(
                "    authorizers:\n      jwtAuth:\n        identitySource: $request.header.Authorization\n        issuerUrl: https://issuer.example.com\n",
                "      - httpApi: GET /x\n",
            ),
            "check::http-api-jwt",
            (7, 7),
            "no audience",
        ),
        case(
            // AWS: the simple response format exists only in payload format version 2.0
            // (API Gateway developer guide, "Working with AWS Lambda authorizers for HTTP APIs")
            "httpApi simple responses with payload 1.0",
            &http_api_service(
                &format!(
                    "{REQUEST_AUTH}        functionName: auth\n        payloadVersion: '1.0'\n        enableSimpleResponses: true\n"
                ),
                "      - httpApi: GET /x\n",
            ),
            "check::http-api-payload",
            (11, 32),
            "payload version 2.0",
        ),
        case(
            // AWS: PayloadFormatVersion "Supported values for Lambda proxy integrations are 1.0
            // and 2.0" (API Gateway v2 API reference, CreateIntegration)
            "httpApi provider payload version unknown",
            &http_api_service("    payload: '3.0'\n", "      - httpApi: GET /x\n"),
            "check::http-api-payload",
            (6, 14),
            "3.0",
        ),
        case(
            // AWS quota: "Scopes per route 10", not adjustable (API Gateway developer guide,
            // "Quotas for configuring and running an HTTP API")
            "httpApi route with eleven scopes",
            &http_api_service(
                "    authorizers:\n      jwtAuth:\n        identitySource: $request.header.Authorization\n        issuerUrl: https://issuer.example.com\n        audience: app\n",
                "      - httpApi:\n          method: GET\n          path: /x\n          authorizer:\n            name: jwtAuth\n            scopes: [a, b, c, d, e, f, g, h, i, j, k]\n",
            ),
            "check::http-api-quota",
            (19, 13),
            "11 scopes",
        ),
        case(
            "httpApi function timeout over the API's 30 s",
            &format!(
                "{HEAD}functions:\n  a:\n    handler: h.a\n    timeout: 31\n    events:\n      - httpApi: GET /x\n"
            ),
            "check::http-api-timeout",
            (8, 14),
            "at most 30 s",
        ),
        case(
            "httpApi useProviderTags is deprecated",
            &http_api_service("    useProviderTags: true\n", "      - httpApi: GET /x\n"),
            "check::deprecated",
            (6, 5),
            "useProviderTags",
        ),
        // event settings of a wrong shape: the schema reports them (warn mode), lowering
        // skips them without a second report, and nothing panics
        case(
            "sns event of a wrong shape",
            &events_service("      - sns: [a, b]\n"),
            "schema::type",
            (9, 14),
            "a string or a mapping",
        ),
        case(
            "sns object with neither arn nor topicName",
            &events_service("      - sns:\n          displayName: x\n"),
            "schema::required",
            (10, 11),
            "arn",
        ),
        case(
            "s3 rules that are not a list",
            &events_service("      - s3:\n          bucket: b-1\n          rules: prefix\n"),
            "schema::type",
            (11, 18),
            "mapping",
        ),
        case(
            "cognitoUserPool without a trigger",
            &events_service("      - cognitoUserPool:\n          pool: p\n"),
            "schema::required",
            (10, 11),
            "trigger",
        ),
        case(
            "iot without sql",
            &events_service("      - iot:\n          name: r\n"),
            "schema::required",
            (10, 11),
            "sql",
        ),
        case(
            "iotFleetProvisioning without a role",
            &events_service("      - iotFleetProvisioning:\n          templateBody: {}\n"),
            "schema::required",
            (10, 11),
            "provisioningRoleArn",
        ),
        case(
            "alexaSkill of a wrong shape",
            &events_service("      - alexaSkill: [a]\n"),
            "lower::invalid-shape",
            (9, 21),
            "appId",
        ),
        case(
            "cloudFront without an origin",
            &events_service("      - cloudFront:\n          eventType: viewer-request\n"),
            "check::cloudfront-origin",
            (9, 9),
            "origin",
        ),
        case(
            "cloudFront behavior of a wrong shape",
            &events_service(
                "      - cloudFront:\n          origin: https://a.example.com\n          behavior: yes\n",
            ),
            "schema::type",
            (11, 21),
            "mapping",
        ),
    ]
}

/// Events SF v3 sets up through its custom resources (existing buckets and pools, EventBridge
/// without CloudFormation): compiled too, so a broken one must not panic the backend either.
fn custom_resource_cases() -> Vec<Case> {
    vec![
        case(
            "s3 existing without a bucket",
            &events_service("      - s3:\n          existing: true\n          forceDeploy: true\n"),
            "schema::required",
            (10, 11),
            "bucket",
        ),
        case(
            "s3 existing rules that are not a list",
            &events_service(
                "      - s3:\n          bucket: {Ref: B}\n          existing: true\n          rules: [[prefix]]\n",
            ),
            "schema::type",
            (12, 19),
            "mapping",
        ),
        case(
            "s3 two existing buckets on one function",
            &events_service(
                "      - s3: {bucket: b-1, existing: true}\n      - s3: {bucket: {Ref: B}, existing: true}\n",
            ),
            "check::s3-existing-buckets-per-function",
            (10, 9),
            "one existing bucket per function",
        ),
        case(
            "cognitoUserPool two existing pools on one function",
            &events_service(
                "      - cognitoUserPool: {pool: p, trigger: PreSignUp, existing: true}\n      - cognitoUserPool: {pool: q, trigger: PreSignUp, existing: true}\n",
            ),
            "check::cognito-existing-pools-per-function",
            (10, 9),
            "one existing pool per function",
        ),
        case(
            "eventBridge through the custom resource with an intrinsic bus",
            &format!(
                "{HEAD}  eventBridge:\n    useCloudFormation: false\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - eventBridge:\n          eventBus: {{Ref: Bus}}\n          schedule: rate(1 hour)\n          retryPolicy: {{maximumRetryAttempts: 1}}\n"
            ),
            "check::event-bridge-custom-resource",
            (14, 24),
            "`retryPolicy` is not supported",
        ),
    ]
}

/// A service whose function `f` has `events` (YAML list items at column 7, the first on line 9).
fn events_service(events: &str) -> String {
    format!("{HEAD}functions:\n  f:\n    handler: h.f\n    events:\n{events}")
}

/// `schedule`, `cloudwatchEvent`, `cloudwatchLog` and `eventBridge` events. A wrong shape the
/// schema reports (a warning in the default `warn` mode) is not reported again by lowering,
/// which skips the event.
fn rule_event_cases() -> Vec<Case> {
    vec![
        case(
            "schedule as a list",
            &events_service("      - schedule: [rate(1 hour)]\n"),
            "lower::invalid-shape",
            (9, 19),
            "schedule",
        ),
        case(
            "schedule rate list with a null",
            &events_service("      - schedule:\n          rate: [null]\n"),
            "schema::pattern",
            (10, 18),
            "rate[0]",
        ),
        case(
            "schedule input body that is not JSON (SF: SyntaxError)",
            &events_service(
                "      - schedule:\n          rate: rate(1 hour)\n          input:\n            body: '{oops'\n",
            ),
            "lower::sf-json-text",
            (12, 19),
            "input.body",
        ),
        case(
            "schedule name with a double quote (SF: SyntaxError)",
            &events_service(
                "      - schedule:\n          rate: rate(1 hour)\n          name: 'a\"b'\n",
            ),
            "lower::sf-json-text",
            (11, 17),
            "`name`",
        ),
        case(
            "schedule expression EventBridge rejects",
            &events_service("      - schedule: rate(1 hours)\n"),
            "check::schedule-expression",
            (9, 19),
            "singular",
        ),
        case(
            "schedule inputPath with the scheduler",
            &events_service(
                "      - schedule:\n          method: scheduler\n          rate: rate(1 hour)\n          inputPath: $.a\n",
            ),
            "check::schedule-parameter",
            (12, 22),
            "inputPath",
        ),
        case(
            "cloudwatchEvent as a string",
            &events_service("      - cloudwatchEvent: aws.ec2\n"),
            "schema::type",
            (9, 26),
            "cloudwatchEvent: expected a mapping",
        ),
        case(
            "cloudwatchEvent without a pattern (SF: TypeError)",
            &events_service("      - cloudwatchEvent:\n          enabled: true\n"),
            "check::cloudwatch-event-pattern",
            (10, 11),
            "no `event`",
        ),
        case(
            "cloudwatchEvent input with escaped quotes (SF: SyntaxError)",
            &events_service(
                "      - cloudwatchEvent:\n          event: {source: [a]}\n          input: '{\"a\":\"\\\"x\\\"\"}'\n",
            ),
            "lower::sf-json-text",
            (11, 18),
            "`input`",
        ),
        case(
            "cloudwatchEvent with input and inputPath",
            &events_service(
                "      - cloudwatchEvent:\n          event: {source: [a]}\n          input: '{}'\n          inputTransformer: {inputTemplate: x}\n",
            ),
            "check::event-input-properties",
            (9, 9),
            "only one of",
        ),
        case(
            "cloudwatchLog as a list",
            &events_service("      - cloudwatchLog: [/g]\n"),
            "lower::invalid-shape",
            (9, 24),
            "cloudwatchLog",
        ),
        case(
            "cloudwatchLog logGroup as an intrinsic (SF: TypeError)",
            &events_service("      - cloudwatchLog:\n          logGroup: {Ref: Group}\n"),
            "schema::type",
            (10, 21),
            "logGroup: expected a string",
        ),
        case(
            "cloudwatchLog third filter on a log group",
            &events_service(
                "      - cloudwatchLog: /g\n      - cloudwatchLog: /g\n      - cloudwatchLog: /g\n",
            ),
            "check::log-subscription-limit",
            (11, 9),
            "third",
        ),
        case(
            "eventBridge as a string",
            &events_service("      - eventBridge: rule\n"),
            "schema::type",
            (9, 22),
            "eventBridge: expected a mapping",
        ),
        case(
            "eventBridge inputTransformer as a string",
            &events_service(
                "      - eventBridge:\n          pattern: {source: [a]}\n          inputTransformer: x\n",
            ),
            "schema::type",
            (11, 29),
            "inputTransformer: expected a mapping",
        ),
        case(
            "eventBridge schedule on a custom bus",
            &events_service(
                "      - eventBridge:\n          eventBus: orders\n          schedule: rate(1 hour)\n",
            ),
            "check::event-bridge-schedule-bus",
            (11, 21),
            "default bus",
        ),
    ]
}

/// A service whose function `a` has the events `events` (the first `- kind:` on line 9).
fn with_events(events: &str) -> String {
    format!("{HEAD}functions:\n  a:\n    handler: h.a\n    events:\n{events}")
}

/// Event sources (`sqs`, `stream`, `kafka`, `msk`, `activemq`, `rabbitmq`) SF cannot compile
/// or AWS rejects, values of every odd shape among them.
fn event_source_cases() -> Vec<Case> {
    vec![
        case(
            "sqs ARN as a Ref",
            &with_events("      - sqs:\n          arn: !Ref QueueArn\n"),
            "check::event-source",
            (10, 16),
            "queue's name",
        ),
        case(
            "sqs Fn::Join of no list",
            &with_events("      - sqs:\n          arn:\n            Fn::Join: [':', 5]\n"),
            "check::event-source",
            (11, 13),
            "queue's name",
        ),
        case(
            "sqs filter patterns as a mapping",
            &with_events(
                "      - sqs:\n          arn: arn:aws:sqs:us-east-1:1:q\n          filterPatterns: {a: 1}\n",
            ),
            "check::event-source",
            (11, 27),
            "must be a list",
        ),
        case(
            "sqs FIFO batch over 10",
            &with_events(
                "      - sqs:\n          arn: arn:aws:sqs:us-east-1:1:q.fifo\n          batchSize: 11\n",
            ),
            "check::batch-size",
            (11, 22),
            "FIFO",
        ),
        case(
            "stream ARN intrinsic without type",
            &with_events("      - stream:\n          arn: !GetAtt Table.StreamArn\n"),
            "check::event-source",
            (10, 16),
            "needs `type`",
        ),
        case(
            "stream ARN as a list",
            &with_events("      - stream:\n          arn: [1, 2]\n"),
            "check::event-source",
            (10, 16),
            "needs `type`",
        ),
        case(
            "stream failure destination intrinsic without type",
            &with_events(
                "      - stream:\n          arn: arn:aws:kinesis:us-east-1:1:stream/s\n          destinations:\n            onFailure:\n              arn: !GetAtt Queue.Arn\n",
            ),
            "check::event-source",
            (13, 20),
            "needs `type`",
        ),
        case(
            "stream AT_TIMESTAMP on DynamoDB",
            &with_events(
                "      - stream:\n          arn: arn:aws:dynamodb:us-east-1:1:table/T/stream/1\n          startingPosition: AT_TIMESTAMP\n          startingPositionTimestamp: 1\n",
            ),
            "check::starting-position",
            (11, 29),
            "DynamoDB",
        ),
        case(
            "kafka without access configurations",
            &with_events(
                "      - kafka:\n          topic: t\n          bootstrapServers: [b:9092]\n",
            ),
            "check::event-source",
            (10, 11),
            "no `accessConfigurations`",
        ),
        case(
            "kafka access configuration values as a mapping",
            &with_events(
                "      - kafka:\n          topic: t\n          accessConfigurations:\n            vpcSubnet: {a: 1}\n",
            ),
            "check::event-source",
            (12, 24),
            "must be a list",
        ),
        case(
            "kafka subnet without security group",
            &with_events(
                "      - kafka:\n          topic: t\n          bootstrapServers: [b:9092]\n          accessConfigurations:\n            vpcSubnet: [subnet-1]\n",
            ),
            "check::kafka-access",
            (13, 13),
            "vpcSecurityGroup",
        ),
        case(
            "msk ARN as Fn::Sub",
            &with_events(
                "      - msk:\n          arn: !Sub 'arn:aws:kafka:${AWS::Region}:1:cluster/c/u'\n          topic: t\n",
            ),
            "check::event-source",
            (10, 16),
            "cluster's name",
        ),
        case(
            "msk Ref to a list",
            &with_events("      - msk:\n          arn: {Ref: [1]}\n          topic: t\n"),
            "check::event-source",
            (10, 16),
            "cluster's name",
        ),
        case(
            "rabbitmq queue as a list of two",
            &with_events(
                "      - rabbitmq:\n          arn: arn:aws:mq:us-east-1:1:broker:b:b-1\n          basicAuthArn: arn:aws:secretsmanager:us-east-1:1:secret:s\n          queue: [a, b]\n",
            ),
            "check::event-source",
            (12, 18),
            "must be a string",
        ),
        case(
            "activemq as a string",
            &with_events("      - activemq: arn:aws:mq:us-east-1:1:broker:b:b-1\n"),
            "check::event-source",
            (9, 19),
            "not one SF can read",
        ),
    ]
}

/// Every event source case also compiles to a template without panicking (the events SF
/// cannot compile are left out of it).
#[test]
fn event_source_cases_compile_without_panicking() {
    for c in event_source_cases() {
        let s = run_text(&c.yaml);
        let service = s.service.expect(c.name);
        let template = slsc::cfn::compile(&service, &slsc::cfn::CompileOptions::default());
        assert!(template.resources().is_some(), "{}", c.name);
    }
}

#[test]
fn custom_resource_cases_compile_without_panicking() {
    for c in custom_resource_cases() {
        let s = run_text(&c.yaml);
        let service = s.service.expect(c.name);
        let template = slsc::cfn::compile(&service, &slsc::cfn::CompileOptions::default());
        assert!(template.resources().is_some(), "{}", c.name);
    }
}

#[test]
fn every_broken_config_gets_its_diagnostic() {
    let mut failures = Vec::new();
    for c in cases()
        .into_iter()
        .chain(http_api_cases())
        .chain(rule_event_cases())
        .chain(event_source_cases())
        .chain(function_setting_and_event_cases())
        .chain(custom_resource_cases())
    {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("serverless.yml"), &c.yaml).expect("write");
        let inv = PipelineInput {
            cwd: dir.path().to_path_buf(),
            env: HashMap::new(),
            ..PipelineInput::default()
        };
        let s = pipeline::run(&inv);
        // the finding with the expected code (schema findings are warnings in the default
        // `warn` mode), else the first error, to show what came instead
        let found = s.diagnostics.iter().find(|d| d.code == c.code);
        let Some(d) = found.or_else(|| s.diagnostics.iter().find(|d| d.is_error())) else {
            failures.push(format!("{}: nothing reported", c.name));
            continue;
        };
        let at = d
            .span
            .and_then(|sp| s.sources.locate(sp))
            .map(|(_, l, col)| (l, col));
        if d.code != c.code || at != Some(c.at) || !d.message.contains(c.message) {
            failures.push(format!(
                "{}: expected {} at {:?} containing {:?}\n      got {} at {:?}: {}",
                c.name, c.code, c.at, c.message, d.code, at, d.message
            ));
        }
        if d.help.is_none() {
            failures.push(format!("{}: {} has no help line", c.name, d.code));
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

/// Function URLs and destinations, layers, `websocket` and `alb` events of the wrong shape or
/// that SF (or AWS) refuses.
fn function_setting_and_event_cases() -> Vec<Case> {
    let f = |body: &str| format!("{HEAD}functions:\n  f:\n    handler: h.f\n{body}");
    let listener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/0123456789abcdef/fedcba9876543210";
    vec![
        case(
            "url of the wrong shape",
            &f("    url:\n      invokeMode: FAST\n"),
            "schema::enum",
            (9, 19),
            "invokeMode",
        ),
        case(
            "destination naming a missing function",
            &f("    destinations:\n      onSuccess: nope\n"),
            "check::destination-function",
            (9, 18),
            "not a function of the service",
        ),
        case(
            "destination of the wrong shape",
            &f("    destinations:\n      onFailure:\n        type: queue\n"),
            "check::destination-target",
            (10, 9),
            "not a function, queue",
        ),
        case(
            "file system without a VPC",
            &f(
                "    fileSystemConfig:\n      arn: arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0\n      localMountPath: /mnt/x\n",
            ),
            "check::file-system-without-vpc",
            (9, 7),
            "outside a VPC",
        ),
        case(
            "layers as a list",
            &format!("{HEAD}layers:\n  - a\n"),
            "schema::type",
            (6, 3),
            "layers",
        ),
        case(
            "layer without content",
            &format!("{HEAD}layers:\n  a:\n    retain: true\n"),
            "check::layer-content",
            (6, 3),
            "neither a `path`",
        ),
        case(
            "websocket event as a list",
            &f("    events:\n      - websocket: [a, b]\n"),
            "schema::type",
            (9, 20),
            "websocket",
        ),
        case(
            "websocket settings without a route",
            &f(
                "    events:\n      - websocket:\n          routeResponseSelectionExpression: $default\n",
            ),
            "schema::required",
            (10, 11),
            "route",
        ),
        case(
            "websocket authorizer with an intrinsic ARN and no name",
            &f(
                "    events:\n      - websocket:\n          route: $connect\n          authorizer:\n            arn: {Fn::ImportValue: a}\n",
            ),
            "lower::authorizer",
            (12, 13),
            "no name",
        ),
        case(
            "websocket authorizer off $connect",
            &f(
                "    events:\n      - websocket:\n          route: say\n          authorizer: arn:aws:lambda:us-east-1:123456789012:function:a\n",
            ),
            "check::websocket-authorizer-route",
            (11, 23),
            "authorizes only `$connect`",
        ),
        case(
            "alb event as a string",
            &f("    events:\n      - alb: /path\n"),
            "schema::type",
            (9, 14),
            "alb",
        ),
        case(
            "alb conditions as a string",
            &f(&format!(
                "    events:\n      - alb:\n          listenerArn: {listener}\n          priority: 1\n          conditions: /x\n"
            )),
            "schema::type",
            (12, 23),
            "conditions",
        ),
        case(
            "alb listener by an import",
            &f(
                "    events:\n      - alb:\n          listenerArn: {Fn::ImportValue: l}\n          priority: 1\n          conditions:\n            path: /x\n",
            ),
            "check::alb-listener-arn",
            (10, 24),
            "not a listener ARN",
        ),
        case(
            "alb authorizer missing",
            &f(&format!(
                "    events:\n      - alb:\n          listenerArn: {listener}\n          priority: 1\n          authorizer: [a]\n          conditions:\n            path: /x\n"
            )),
            "check::alb-authorizer",
            (12, 23),
            "lacks",
        ),
    ]
}

/// Inputs the fuzzer found: each must give diagnostics whose spans lie inside the file.
#[test]
fn fuzz_regressions_stay_in_bounds() {
    let inputs: &[&[u8]] = &[
        // an unclosed nested variable at the very end of the file (span one past the end)
        b"service: a\nprovider:\n  name: aws\ncustom:\n  u: ${env:${opt:stage, 'devs'",
    ];
    for bytes in inputs {
        let s = run_text(bytes);
        assert!(s.diagnostics.has_errors());
        for d in s.diagnostics.iter() {
            let span = d.span.expect("located");
            let len = s.sources.get(span.file).expect("file").text.len();
            assert!(span.start <= span.end && span.end as usize <= len, "{d:?}");
        }
    }
}

/// Settings slsc accepts but does not compile yet are warned about, never dropped silently.
#[test]
fn settings_not_compiled_are_warnings() {
    let yaml = "service: svc\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  ecr:\n    images:\n      app:\n        path: ./\nfunctions:\n  a:\n    handler: h.a\n";
    let s = run_text(yaml.as_bytes());
    assert!(!s.diagnostics.has_errors());
    let ignored: Vec<String> = s
        .diagnostics
        .iter()
        .filter(|d| d.code == "check::ignored")
        .map(|d| slsc::diag::render::short(d, &s.sources))
        .collect();
    assert!(
        ignored
            .iter()
            .any(|l| l.contains(":5:3:") && l.contains("provider.ecr")),
        "{ignored:?}"
    );
}

/// The pipeline on `bytes` as a serverless.yml in a folder that does not exist.
fn run_text(bytes: &[u8]) -> pipeline::Session {
    let inv = PipelineInput {
        cwd: "/nonexistent-slsc".into(),
        ..PipelineInput::default()
    };
    pipeline::run_bytes(
        &inv,
        std::path::Path::new("/nonexistent-slsc/serverless.yml"),
        bytes,
    )
}

/// Broken configurations the editor schema cannot flag on a line slsc names, and why.
const EDITOR_SCHEMA_CANNOT_KNOW: &[&str] = &[
    // a missing required key of an event: the editor marks the mapping's first line, slsc the
    // event's entry (and the function)
    "sns object with neither arn nor topicName",
    "cognitoUserPool without a trigger",
    "iot without sql",
    "iotFleetProvisioning without a role",
    // one setting against another (an origin needed when no behaviour names one)
    "cloudFront without an origin",
    // the YAML itself, which the editor's parser reads its own way (or not at all)
    "comment only",
    "unclosed flow",
    "two documents",
    "merge of a scalar",
    "complex key",
    "non-UTF-8 bytes",
    // variables: only slsc resolves them
    "variable cycle",
    "unset env without fallback",
    "missing file()",
    "unknown variable source",
    "remote source offline",
    "object inside a string",
    "unterminated variable",
    // slsc's checks: one part of the file against another, AWS's limits and deprecations
    "authorizer names a missing function",
    "same path and method twice",
    "claims on lambda-proxy",
    "http integration without uri",
    "function name over 64 characters",
    "httpApi without method",
    "httpApi catch-all path with a method",
    "httpApi route defined twice",
    "httpApi route with an unknown authorizer",
    "httpApi request authorizer with functionName and functionArn",
    "httpApi request authorizer without a function",
    "httpApi request authorizer function not in the service",
    "httpApi authorizer caching without identity source",
    "httpApi cors on an external API",
    "httpApi authorizers on an external API",
    "httpApi access logs on an external API",
    "httpApi route authorizer id without an external API",
    "httpApi aws_iam authorizer with scopes",
    "httpApi jwt authorizer type without name or id",
    "httpApi greedy path variable before the end",
    "httpApi simple responses with payload 1.0",
    "httpApi provider payload version unknown",
    "httpApi route with eleven scopes",
    "httpApi function timeout over the API's 30 s",
    "httpApi useProviderTags is deprecated",
];

/// yaml-language-server (the YAML server of VS Code, Neovim and Helix) with the editor schema
/// flags each broken configuration on a line slsc names for it, unless the schema cannot know
/// (and then, so that the list stays true, it does not).
#[test]
fn editors_flag_broken_configs_on_a_line_slsc_names() {
    // not under a folder whose name starts with a dot: `**` in the editor's globs skips those
    let dir = tempfile::Builder::new()
        .prefix("slsc-")
        .tempdir()
        .expect("tempdir");
    let all: Vec<Case> = cases().into_iter().chain(http_api_cases()).collect();
    let mut files = Vec::new();
    let mut slsc_lines = Vec::new();
    for (i, c) in all.iter().enumerate() {
        let folder = dir.path().join(i.to_string());
        std::fs::create_dir_all(&folder).unwrap();
        let file = folder.join("serverless.yml");
        std::fs::write(&file, &c.yaml).unwrap();
        let inv = PipelineInput {
            cwd: folder,
            ..PipelineInput::default()
        };
        let s = pipeline::run(&inv);
        let lines: Vec<usize> = s
            .diagnostics
            .iter()
            .filter_map(|d| s.sources.locate(d.span?))
            .map(|(_, line, _)| line)
            .collect();
        slsc_lines.push(lines);
        // a 20 MB file is not one an editor checks
        if c.code != "io::too-large" {
            files.push(file);
        }
    }
    let found = support::yls::diagnostics(&support::yls::editor_schema(), &files);
    let mut failures = Vec::new();
    for (i, c) in all.iter().enumerate() {
        let key = dir.path().join(format!("{i}/serverless.yml"));
        let Some(ds) = found.get(&key.display().to_string()) else {
            continue;
        };
        let flagged = ds.iter().any(|d| slsc_lines[i].contains(&(d.line + 1)));
        let excused = EDITOR_SCHEMA_CANNOT_KNOW.contains(&c.name);
        if flagged == excused {
            let editor: Vec<String> = ds
                .iter()
                .map(|d| format!("{}: {}", d.line + 1, d.message))
                .collect();
            failures.push(format!(
                "{}: slsc names lines {:?}, the editor {editor:?}{}",
                c.name,
                slsc_lines[i],
                if excused {
                    " (listed as one it cannot know)"
                } else {
                    ""
                }
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}
