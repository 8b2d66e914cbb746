//! The compiled view of a method: templates, pass-through, integration responses, validator.

use super::*;

use crate::pipeline::service_from_yaml as service;

const YAML: &str = r#"
service: m
provider:
  name: aws
  runtime: nodejs20.x
  apiGateway:
    request:
      schemas:
        item: { schema: { type: object, required: [name] } }
functions:
  f:
    handler: h.f
    events:
      - http: { path: plain, method: get, integration: lambda }
      - http:
          path: custom
          method: post
          integration: lambda
          cors: { origins: ['https://a.example', 'https://b.example'], allowCredentials: true }
          authorizer: { arn: 'arn:aws:cognito-idp:us-east-1:1:userpool/x', claims: [email, 'custom:role'] }
          request:
            passThrough: WHEN_NO_TEMPLATES
            template:
              application/x-www-form-urlencoded: null
              text/plain: '$input.body'
            schemas:
              application/json: item
              text/plain: { type: string }
          response:
            headers: { X-A: "'a'" }
            template: $input.path('$')
            statusCodes:
              409: { pattern: '.*conflict.*', headers: { X-A: "'b'" }, template: { text/html: '<p/>' } }
              201: { pattern: '' }
      - http: { path: mock, method: get, integration: mock, request: { parameters: { querystrings: { q: false } } } }
      - http: { path: req, method: get, integration: mock, request: { parameters: { headers: { X-Id: true } } } }
"#;

#[test]
fn request_templates_pass_through_and_validators_as_compiled() {
    let s = service(YAML);
    let [plain, custom, mock, req] = &s.endpoints[..] else {
        panic!("four endpoints")
    };
    let keys = |e| request_templates(e).keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        keys(plain),
        ["application/json", "application/x-www-form-urlencoded"]
    );
    assert_eq!(keys(custom), ["application/json", "text/plain"]);
    assert!(keys(mock).is_empty());
    let json = &request_templates(plain)["application/json"];
    assert!(!json.contains(CLAIMS_TOKEN));
    let with_claims = &request_templates(custom)["application/json"];
    assert!(with_claims.contains(
        "\"email\": \"$context.authorizer.claims.email\",\"role\": \"$context.authorizer.claims['custom:role']\","
    ));
    let cases = [
        (plain, "NEVER", false),
        (custom, "WHEN_NO_TEMPLATES", true),
        (mock, "WHEN_NO_MATCH", false),
        (req, "WHEN_NO_MATCH", true),
    ];
    for (e, pt, validator) in cases {
        assert_eq!(pass_through(e), pt, "{}", e.path);
        assert_eq!(has_validator(e), validator, "{}", e.path);
    }
    let models = request_models(&s, custom);
    assert_eq!(models["application/json"]["required"][0], "name");
    assert_eq!(models["text/plain"]["type"], "string");
}

#[test]
fn integration_responses_in_compiled_order() {
    let s = service(YAML);
    let plain = integration_responses(&s.endpoints[0]);
    let codes: Vec<&str> = plain.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(
        codes,
        [
            "200", "400", "401", "403", "404", "422", "500", "502", "504"
        ]
    );
    assert_eq!(plain[0].pattern, "");
    assert!(plain[0].templates.is_empty() && plain[0].headers.is_empty());

    let custom = integration_responses(&s.endpoints[1]);
    let h = |v: &[(&str, &str)]| {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        custom[0],
        IntegrationResponse {
            status: "201".into(),
            pattern: "".into(),
            headers: h(&[
                (
                    "Access-Control-Allow-Origin",
                    "'https://a.example,https://b.example'"
                ),
                ("Access-Control-Allow-Credentials", "true"),
                ("X-A", "'a'"),
            ]),
            templates: [(
                "application/json".to_string(),
                "$input.path('$')".to_string()
            )]
            .into_iter()
            .collect(),
        }
    );
    assert_eq!(custom[1].status, "409");
    assert_eq!(custom[1].headers[2], ("X-A".into(), "'b'".into()));
    assert_eq!(
        custom[1].templates.keys().collect::<Vec<_>>(),
        ["application/json", "text/html"]
    );
    // mock without `response`: nothing
    assert!(integration_responses(&s.endpoints[2]).is_empty());
}
