//! Provider defaults, functions, IAM, deployment bucket.

use super::{lower_text, shorts, svc};
use crate::ir::lower::provider::DEFAULT_RUNTIME;
use serde_json::json;

const HEAD: &str = "service: demo\nprovider:\n  name: aws\n";

#[test]
fn provider_defaults() {
    let s = svc(&format!(
        "{HEAD}functions:\n  hello:\n    handler: h.hello\n"
    ));
    assert_eq!(s.provider.runtime, DEFAULT_RUNTIME);
    assert_eq!(DEFAULT_RUNTIME, "nodejs16.x");
    assert_eq!((s.provider.memory_size, s.provider.timeout), (1024, 6));
    assert!(s.provider.version_functions);
    let f = &s.functions[0];
    assert_eq!(f.name, "demo-dev-hello");
    assert_eq!(
        (f.runtime.as_str(), f.memory_size, f.timeout),
        ("nodejs16.x", 1024, 6)
    );
    assert!(f.version);
    assert_eq!(s.api.endpoint_type.as_deref(), Some("EDGE"));
}

#[test]
fn function_settings_fall_back_to_the_provider() {
    // (provider extra, function extra, name, runtime, memory, timeout)
    let cases = [
        (
            "  runtime: python3.12\n  memorySize: 512\n  timeout: 10\n",
            "",
            "demo-dev-f",
            "python3.12",
            512,
            10,
        ),
        (
            "  memorySize: 512\n",
            "    memorySize: 256\n    timeout: 30\n    runtime: nodejs20.x\n",
            "demo-dev-f",
            "nodejs20.x",
            256,
            30,
        ),
        (
            "",
            "    name: custom-name\n",
            "custom-name",
            "nodejs16.x",
            1024,
            6,
        ),
        // unusable values fall back to the default (check reports them)
        (
            "  memorySize: '1536MB'\n",
            "    timeout: 0\n",
            "demo-dev-f",
            "nodejs16.x",
            1024,
            6,
        ),
    ];
    for (p, f, name, runtime, mem, timeout) in cases {
        let s = svc(&format!("{HEAD}{p}functions:\n  f:\n    handler: h.f\n{f}"));
        let g = &s.functions[0];
        assert_eq!(
            (
                g.name.as_str(),
                g.runtime.as_str(),
                g.memory_size,
                g.timeout
            ),
            (name, runtime, mem, timeout),
            "{p}{f}"
        );
    }
}

#[test]
fn environment_tags_and_layers_merge() {
    let s = svc(&format!(
        "{HEAD}  environment:\n    A: p\n    B: p\n  tags:\n    t: p\n  layers: [arn:p]\nfunctions:\n  f:\n    handler: h.f\n    environment:\n      B: f\n      C: {{Ref: X}}\n    tags:\n      u: f\n  g:\n    handler: h.g\n    layers: [arn:g]\n"
    ));
    let f = &s.functions[0];
    assert_eq!(
        serde_json::to_value(&f.environment).unwrap(),
        json!({"A": "p", "B": "f", "C": {"Ref": "X"}})
    );
    assert_eq!(
        serde_json::to_value(&f.tags).unwrap(),
        json!({"t": "p", "u": "f"})
    );
    assert_eq!(f.layers, [json!("arn:p")]);
    assert_eq!(s.functions[1].layers, [json!("arn:g")]);
    assert_eq!(
        serde_json::to_value(&s.provider.environment).unwrap(),
        json!({"A": "p", "B": "p"})
    );
}

#[test]
fn vpc_merge() {
    let s = svc(&format!(
        "{HEAD}  vpc:\n    securityGroupIds: [sg-p]\n    subnetIds: [sn-p]\nfunctions:\n  a:\n    handler: h.a\n  b:\n    handler: h.b\n    vpc:\n      subnetIds: [sn-b]\n  c:\n    handler: h.c\n    vpc: false\n"
    ));
    assert_eq!(
        s.functions[0].vpc,
        Some(json!({"securityGroupIds": ["sg-p"], "subnetIds": ["sn-p"]}))
    );
    assert_eq!(
        s.functions[1].vpc,
        Some(json!({"securityGroupIds": ["sg-p"], "subnetIds": ["sn-b"]}))
    );
    assert_eq!(s.functions[2].vpc, None);
}

#[test]
fn iam_forms() {
    let s = svc(&format!("{HEAD}  iam:\n    role: arn:aws:iam::1:role/r\n"));
    assert_eq!(
        s.provider.iam.role_arn,
        Some(json!("arn:aws:iam::1:role/r"))
    );
    let s = svc(&format!(
        "{HEAD}  iam:\n    role: {{Fn::GetAtt: [R, Arn]}}\n"
    ));
    assert_eq!(
        s.provider.iam.role_arn,
        Some(json!({"Fn::GetAtt": ["R", "Arn"]}))
    );
    let s = svc(&format!(
        "{HEAD}  iam:\n    role:\n      name: my-role\n      path: /x/\n      statements:\n        - Effect: Allow\n          Action: s3:GetObject\n          Resource: [arn:aws:s3:::b/*]\n      managedPolicies: [arn:aws:iam::aws:policy/P]\n      permissionsBoundary: arn:b\n      tags:\n        k: v\n"
    ));
    let iam = &s.provider.iam;
    assert_eq!(iam.role_arn, None);
    // ajv's array coercion as SF applies it: Action wrapped, one-item Resource unwrapped
    assert_eq!(
        iam.statements,
        [json!({"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/*"})]
    );
    assert_eq!(iam.managed_policies, [json!("arn:aws:iam::aws:policy/P")]);
    assert_eq!(iam.permissions_boundary, Some(json!("arn:b")));
    assert_eq!(iam.role_name, Some(json!("my-role")));
    assert_eq!(iam.role_path, Some(json!("/x/")));
    assert_eq!(iam.role_tags["k"], json!("v"));
    // legacy keys
    let s = svc(&format!(
        "{HEAD}  iamRoleStatements:\n    - Effect: Allow\n      Action: [sqs:SendMessage]\n      Resource: '*'\n  iamManagedPolicies: [arn:m]\n  rolePermissionsBoundary: arn:rb\n"
    ));
    assert_eq!(
        s.provider.iam.statements,
        [json!({"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": "*"})]
    );
    assert_eq!(s.provider.iam.managed_policies, [json!("arn:m")]);
    assert_eq!(s.provider.iam.permissions_boundary, Some(json!("arn:rb")));
    // new keys win over legacy ones
    let s = svc(&format!(
        "{HEAD}  iam:\n    role:\n      statements:\n        - {{Effect: Allow, Action: a, Resource: ['*']}}\n  iamRoleStatements:\n    - {{Effect: Deny, Action: b, Resource: '*'}}\n"
    ));
    assert_eq!(
        s.provider.iam.statements,
        [json!({"Effect": "Allow", "Action": ["a"], "Resource": ["*"]})]
    );
}

#[test]
fn deployment_bucket_forms() {
    let s = svc(&format!("{HEAD}  deploymentBucket: my-bucket\n"));
    let b = s.provider.deployment_bucket.unwrap();
    assert_eq!(b.name.as_deref(), Some("my-bucket"));
    let s = svc(&format!(
        "{HEAD}  deploymentBucket:\n    name: b2\n    serverSideEncryption: AES256\n    blockPublicAccess: true\n    versioning: false\n"
    ));
    let b = s.provider.deployment_bucket.unwrap();
    assert_eq!(
        (b.name.as_deref(), b.server_side_encryption.as_deref()),
        (Some("b2"), Some("AES256"))
    );
    assert_eq!(
        (b.block_public_access, b.versioning),
        (Some(true), Some(false))
    );
    let s = svc(&format!(
        "{HEAD}  deploymentBucket:\n    blockPublicAccess: true\n"
    ));
    assert_eq!(s.provider.deployment_bucket.unwrap().name, None);
    let (_, d, sm) = lower_text(&format!("{HEAD}  deploymentBucket: [x]\n"));
    assert_eq!(
        shorts(&d, &sm),
        [
            "serverless.yml:4:21: error[lower::invalid-shape]: `provider.deploymentBucket` must be a bucket name or a mapping, found a list"
        ]
    );
}

#[test]
fn null_and_listed_functions() {
    let s = svc(&format!(
        "{HEAD}functions:\n  - a:\n      handler: h.a\n  - b:\n      handler: h.b\n    c: ~\n"
    ));
    let keys: Vec<_> = s.functions.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["a", "b"]);
    let (s, d, _) = lower_text(&format!(
        "{HEAD}functions:\n  a: 3\n  b:\n    handler: h.b\n"
    ));
    assert_eq!(s.unwrap().functions.len(), 1);
    assert_eq!(d.errors(), 1);
}

#[test]
fn service_name_is_required() {
    let (s, d, _) = lower_text("provider:\n  name: aws\n");
    assert!(s.is_none());
    assert!(d.has_errors());
    let s = svc("service:\n  name: old-form\nprovider:\n  name: aws\n");
    assert_eq!(s.name, "old-form");
}

#[test]
fn ignored_provider_keys_are_listed() {
    let s = svc(&format!(
        "{HEAD}  httpApi:\n    cors: true\n  region: eu-west-1\n  ecr: {{}}\n"
    ));
    assert_eq!(s.provider.ignored, ["ecr"]);
}
