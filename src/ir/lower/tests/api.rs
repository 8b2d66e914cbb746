//! `provider.apiGateway`: API keys, usage plans, policy, shared API.

use super::svc;
use crate::ir::UsagePlans;
use serde_json::json;

const HEAD: &str = "service: demo\nprovider:\n  name: aws\n";

#[test]
fn api_keys_and_single_plan() {
    let s = svc(&format!(
        "{HEAD}  apiGateway:\n    apiKeys:\n      - first\n      - name: second\n        value: v2\n        description: d\n        customerId: c\n        enabled: false\n    usagePlan:\n      quota: {{limit: 5000, offset: 2, period: MONTH}}\n      throttle: {{burstLimit: 200, rateLimit: 100}}\n"
    ));
    let g = &s.api.api_keys;
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].plan, None);
    let k: Vec<_> = g[0]
        .keys
        .iter()
        .map(|k| (k.name.as_deref(), k.value.as_deref(), k.enabled))
        .collect();
    assert_eq!(
        k,
        [
            (Some("first"), None, None),
            (Some("second"), Some("v2"), Some(false))
        ]
    );
    let UsagePlans::Single(p) = &s.api.usage_plans else {
        panic!("single plan")
    };
    let q = p.quota.as_ref().unwrap();
    assert_eq!(
        (q.limit, q.offset, q.period.as_deref()),
        (Some(5000), Some(2), Some("MONTH"))
    );
    let t = p.throttle.as_ref().unwrap();
    assert_eq!((t.burst_limit, t.rate_limit), (Some(200), Some(100.0)));
}

#[test]
fn per_plan_keys_and_named_plans() {
    let s = svc(&format!(
        "{HEAD}  apiGateway:\n    apiKeys:\n      - free:\n          - k1\n          - name: k2\n            value: v\n      - premium:\n          - k3\n    usagePlan:\n      - free:\n          quota: {{limit: 10, period: DAY}}\n      - premium:\n          throttle: {{burstLimit: 5, rateLimit: 2.5}}\n"
    ));
    let g: Vec<_> = s
        .api
        .api_keys
        .iter()
        .map(|g| {
            (
                g.plan.as_deref(),
                g.keys
                    .iter()
                    .map(|k| k.name.clone().unwrap())
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        g,
        [
            (Some("free"), vec!["k1".to_string(), "k2".into()]),
            (Some("premium"), vec!["k3".to_string()])
        ]
    );
    let UsagePlans::Named(plans) = &s.api.usage_plans else {
        panic!("named plans")
    };
    let names: Vec<_> = plans.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["free", "premium"]);
    assert_eq!(plans[1].1.throttle.as_ref().unwrap().rate_limit, Some(2.5));
}

#[test]
fn rest_api_settings() {
    let s = svc(&format!(
        "{HEAD}  endpointType: regional\n  apiName: my-api\n  logs:\n    restApi: true\n  apiGateway:\n    shouldStartNameWithService: true\n    restApiId: abc\n    restApiRootResourceId: root\n    restApiResources:\n      /billing/: r1\n      billing/x: r2\n    binaryMediaTypes: ['image/*']\n    minimumCompressionSize: 0\n    apiKeySourceType: authorizer\n    stage: v1\n    description: D\n    disableDefaultEndpoint: true\n    resourcePolicy:\n      - Effect: Allow\n        Principal: '*'\n        Action: execute-api:Invoke\n        Resource: [execute-api:/*/*/*]\n"
    ));
    let a = &s.api;
    assert_eq!(a.endpoint_type.as_deref(), Some("REGIONAL"));
    assert_eq!(a.api_name.as_deref(), Some("my-api"));
    assert!(a.should_start_name_with_service);
    let logs = a.logs.as_ref().expect("logs.restApi: true");
    assert!(logs.access_logging && logs.execution_logging && logs.full_execution_data);
    assert!(!logs.role_managed_externally && logs.role.is_none());
    assert_eq!(a.rest_api_id, Some(json!("abc")));
    assert_eq!(a.rest_api_root_resource_id, Some(json!("root")));
    assert_eq!(
        serde_json::to_value(&a.rest_api_resources).unwrap(),
        json!({"billing": "r1", "billing/x": "r2"})
    );
    assert_eq!(a.binary_media_types, ["image/*"]);
    assert_eq!(a.minimum_compression_size, Some(0));
    assert_eq!(a.api_key_source_type.as_deref(), Some("AUTHORIZER"));
    assert_eq!(a.stage.as_deref(), Some("v1"));
    assert_eq!(a.disable_default_endpoint, Some(true));
    // as SF v3 emits it (golden): Action wrapped, Resource unwrapped
    assert_eq!(
        a.resource_policy,
        [
            json!({"Effect": "Allow", "Principal": "*", "Action": ["execute-api:Invoke"], "Resource": "execute-api:/*/*/*"})
        ]
    );
}

#[test]
fn rest_api_resources_list_form() {
    let s = svc(&format!(
        "{HEAD}  apiGateway:\n    restApiId: a\n    restApiRootResourceId: b\n    restApiResources:\n      - path: /users\n        resourceId: u1\n"
    ));
    assert_eq!(s.api.rest_api_resources["users"], json!("u1"));
}

#[test]
fn policy_statements_follow_sfs_array_coercion() {
    use crate::ir::lower::policy::{PolicyKind, normalize_statements};
    // (statement, kind, expected)
    let cases = [
        (
            json!({"Action": "a", "NotAction": "b"}),
            PolicyKind::Iam,
            json!({"Action": ["a"], "NotAction": ["b"]}),
        ),
        (
            json!({"Resource": ["arn:x"]}),
            PolicyKind::Iam,
            json!({"Resource": "arn:x"}),
        ),
        (
            json!({"Resource": ["MyBucket"]}),
            PolicyKind::Iam,
            json!({"Resource": "MyBucket"}),
        ),
        (
            json!({"Resource": ["*"]}),
            PolicyKind::Iam,
            json!({"Resource": ["*"]}),
        ),
        (
            json!({"Resource": ["arn:a", "arn:b"]}),
            PolicyKind::Iam,
            json!({"Resource": ["arn:a", "arn:b"]}),
        ),
        (
            json!({"Resource": ["execute-api:/*"]}),
            PolicyKind::Iam,
            json!({"Resource": ["execute-api:/*"]}),
        ),
        (
            json!({"Resource": ["execute-api:/*"]}),
            PolicyKind::Resource,
            json!({"Resource": "execute-api:/*"}),
        ),
        (
            json!({"Resource": [{"Ref": "X"}]}),
            PolicyKind::Iam,
            json!({"Resource": [{"Ref": "X"}]}),
        ),
        (
            json!({"Principal": {"Service": "s", "AWS": "arn:r", "Federated": ["f"]}}),
            PolicyKind::Resource,
            json!({"Principal": {"Service": ["s"], "AWS": ["arn:r"], "Federated": ["f"]}}),
        ),
        (
            json!({"Principal": "*", "Condition": {"A": {"k": "v"}}}),
            PolicyKind::Resource,
            json!({"Principal": "*", "Condition": {"A": {"k": "v"}}}),
        ),
    ];
    for (input, kind, want) in cases {
        assert_eq!(
            normalize_statements(vec![input.clone()], kind),
            [want],
            "{input}"
        );
    }
}

#[test]
fn rest_api_logs_settings_and_falsy_forms() {
    let s = svc(&format!(
        "{HEAD}  logs:\n    restApi:\n      accessLogging: false\n      level: ERROR\n      format: '$context.requestId'\n      fullExecutionData: false\n      role: arn:aws:iam::123456789012:role/logs\n      roleManagedExternally: true\n"
    ));
    let logs = s.api.logs.expect("object form");
    assert!(!logs.access_logging && logs.execution_logging && !logs.full_execution_data);
    assert_eq!(logs.level.as_deref(), Some("ERROR"));
    assert_eq!(logs.format.as_deref(), Some("$context.requestId"));
    assert_eq!(
        logs.role,
        Some(serde_json::json!("arn:aws:iam::123456789012:role/logs"))
    );
    assert!(logs.role_managed_externally);
    // SF tests `logs && logs.restApi`: false and null mean no logs
    for falsy in ["false", "null"] {
        let s = svc(&format!("{HEAD}  logs:\n    restApi: {falsy}\n"));
        assert!(s.api.logs.is_none(), "{falsy}");
    }
}
