//! Cases of the `sns`, `s3`, `cognitoUserPool`, `iot`, `iotFleetProvisioning` and `cloudFront`
//! checks.

use super::{HEAD, at, findings, findings_for};
use crate::diag::codes;

fn svc(functions: &str) -> String {
    format!("{HEAD}functions:\n  f:\n    handler: h.f\n    events:\n{functions}")
}

fn check_cases(cases: Vec<(&str, String, Vec<String>)>) {
    for (what, text, want) in cases {
        assert_eq!(findings(&text), want, "{what}");
    }
}

#[test]
fn sns_checks() {
    check_cases(vec![
        (
            "topic by name, plain ARN and intrinsic ARN with a name",
            svc(
                "      - sns: orders\n      - sns: arn:aws:sns:us-east-1:1:t\n      - sns:\n          arn: {Ref: T}\n          topicName: t\n          filterPolicy: {a: [b]}\n          filterPolicyScope: MessageBody\n",
            ),
            vec![],
        ),
        (
            "intrinsic ARN without topicName",
            svc("      - sns:\n          arn: {Ref: T}\n"),
            vec![at("10:16", "error", codes::SNS_TOPIC_NAME)],
        ),
        (
            "unknown filter policy scope",
            svc(
                "      - sns:\n          topicName: t\n          filterPolicy: {a: [b]}\n          filterPolicyScope: Body\n",
            ),
            vec![at("12:30", "error", codes::SNS_FILTER_POLICY_SCOPE)],
        ),
    ]);
}

#[test]
fn s3_checks() {
    check_cases(vec![
        (
            "events that cannot fire together",
            svc(
                "      - s3: photos\n      - s3:\n          bucket: photos\n          event: s3:ObjectRemoved:*\n      - s3:\n          bucket: docs\n          rules: [{prefix: a/}, {suffix: .txt}]\n      - s3:\n          bucket: docs\n          rules: [{prefix: b/}]\n      - s3:\n          bucket: docs\n          rules: [{prefix: a/}, {suffix: .png}]\n          event: s3:ObjectCreated:Put\n      - s3:\n          bucket: docs\n          rules: [{prefix: a/b/}, {suffix: .png}]\n          event: s3:ObjectCreated:Post\n      - s3:\n          bucket: docs\n          rules: [{prefix: a/b/}, {suffix: x.png}]\n          event: s3:ObjectCreated:*\n",
            ),
            vec![at("27:9", "error", codes::S3_OVERLAP)],
        ),
        (
            "the wildcard type overlaps, an empty filter overlaps any",
            svc(
                "      - s3: photos\n      - s3:\n          bucket: photos\n          event: s3:ObjectCreated:Put\n          rules: [{suffix: .jpg}]\n",
            ),
            vec![at("10:9", "error", codes::S3_OVERLAP)],
        ),
        (
            "intrinsic bucket without existing",
            svc("      - s3:\n          bucket: {Ref: B}\n"),
            vec![at("10:19", "error", codes::S3_BUCKET)],
        ),
        (
            "bucket names: upper case, and through provider.s3",
            format!(
                "{HEAD}  s3:\n    up:\n      name: Up_Bucket\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - s3: Photos\n      - s3: up\n      - s3: ok-bucket\n"
            ),
            vec![
                at("12:9", "error", codes::S3_BUCKET_NAME),
                at("13:9", "error", codes::S3_BUCKET_NAME),
            ],
        ),
        (
            "unknown event type and two prefixes",
            svc(
                "      - s3:\n          bucket: photos\n          event: s3:ObjectCreated\n      - s3:\n          bucket: docs\n          rules: [{prefix: a/}, {prefix: b/}]\n",
            ),
            vec![
                at("9:9", "error", codes::S3_EVENT),
                at("12:9", "error", codes::S3_FILTER_RULES),
            ],
        ),
        (
            "existing buckets: two per function, overlapping notifications, one bucket name \
             created and existing, unknown type and two suffixes",
            format!(
                "{HEAD}functions:\n  f:\n    handler: h.f\n    events:\n      - s3: {{bucket: old, existing: true, rules: [{{prefix: a/}}]}}\n      - s3: {{bucket: {{Ref: B}}, existing: true}}\n      - s3: old\n  g:\n    handler: h.g\n    events:\n      - s3: {{bucket: old, existing: true, event: 's3:ObjectCreated:Put'}}\n      - s3: {{bucket: old, existing: true, event: 's3:Nope', rules: [{{suffix: a}}, {{suffix: b}}]}}\n"
            ),
            vec![
                at("10:9", "error", codes::S3_EXISTING_BUCKETS),
                at("15:9", "error", codes::S3_OVERLAP),
                at("16:9", "error", codes::S3_EVENT),
                at("16:9", "error", codes::S3_FILTER_RULES),
            ],
        ),
    ]);
}

#[test]
fn cognito_user_pool_checks() {
    let kms = "arn:aws:kms:us-east-1:1:key/k";
    check_cases(vec![
        (
            "custom sender without a key, two keys, a trigger twice",
            svc(&format!(
                "      - cognitoUserPool: {{pool: p, trigger: CustomSMSSender}}\n      - cognitoUserPool: {{pool: q, trigger: CustomSMSSender, kmsKeyId: {kms}}}\n      - cognitoUserPool: {{pool: q, trigger: CustomEmailSender, kmsKeyId: {kms}2}}\n      - cognitoUserPool: {{pool: q, trigger: PreSignUp}}\n      - cognitoUserPool: {{pool: q, trigger: PreSignUp}}\n"
            )),
            vec![
                at("9:9", "error", codes::COGNITO_KMS_KEY),
                at("11:9", "error", codes::COGNITO_KMS_KEY),
                at("13:9", "warning", codes::COGNITO_DUPLICATE_TRIGGER),
            ],
        ),
        (
            "existing pools: the key checks, a trigger twice, two pools for one function; \
             created and existing pools are apart",
            svc(&format!(
                "      - cognitoUserPool: {{pool: p, trigger: CustomSMSSender, existing: true}}\n      - cognitoUserPool: {{pool: q, trigger: CustomSMSSender, kmsKeyId: {kms}}}\n      - cognitoUserPool: {{pool: p, trigger: CustomEmailSender, existing: true, kmsKeyId: {kms}}}\n      - cognitoUserPool: {{pool: p, trigger: CustomSMSSender, existing: true, kmsKeyId: {kms}2}}\n      - cognitoUserPool: {{pool: q, trigger: CustomSMSSender, existing: true, kmsKeyId: {kms}2}}\n"
            )),
            vec![
                at("9:9", "error", codes::COGNITO_KMS_KEY),
                at("12:9", "error", codes::COGNITO_KMS_KEY),
                at("12:9", "warning", codes::COGNITO_DUPLICATE_TRIGGER),
                at("13:9", "error", codes::COGNITO_EXISTING_POOLS),
            ],
        ),
    ]);
}

#[test]
fn iot_checks() {
    let template = "{templateBody: {}, provisioningRoleArn: 'arn:aws:iam::1:role/r'}";
    check_cases(vec![(
        "rule names and provisioning templates",
        svc(&format!(
            "      - iot: {{sql: \"SELECT 1\", name: good_name}}\n      - iot: {{sql: \"SELECT 1\", name: bad-name}}\n      - iotFleetProvisioning: {template}\n      - iotFleetProvisioning: {template}\n"
        )),
        vec![
            at("10:9", "error", codes::IOT_RULE_NAME),
            at("12:9", "error", codes::IOT_FLEET_PROVISIONING),
        ],
    )]);
}

#[test]
fn cloud_front_checks() {
    let edge = |events: &str| {
        format!(
            "{HEAD}  cloudFront:\n    cachePolicies:\n      known:\n        DefaultTTL: 1\n        MaxTTL: 1\n        MinTTL: 1\n        ParametersInCacheKeyAndForwardedToOrigin: {{}}\nfunctions:\n  f:\n    handler: h.f\n    memorySize: 256\n    events:\n{events}"
        )
    };
    let o = "origin: https://a.example.com";
    check_cases(vec![
        (
            "a viewer function over 128 MB, an unused policy",
            edge(&format!(
                "      - cloudFront: {{eventType: viewer-request, {o}}}\n"
            )),
            vec![
                at("7:7", "warning", codes::CLOUDFRONT_CACHE_POLICY),
                at("15:17", "error", codes::LAMBDA_EDGE),
            ],
        ),
        (
            "an origin function may have 256 MB; an unknown policy; includeBody on a response",
            edge(&format!(
                "      - cloudFront: {{eventType: origin-request, {o}, cachePolicy: {{name: known}}}}\n      - cloudFront: {{eventType: origin-response, {o}, pathPattern: /x, cachePolicy: {{name: knwn}}, includeBody: true}}\n"
            )),
            vec![
                at("18:9", "error", codes::CLOUDFRONT_CACHE_POLICY),
                at("18:9", "error", codes::CLOUDFRONT_BEHAVIOR),
            ],
        ),
        (
            "two default origins, one path for two origins, an event type twice, no origin",
            edge(
                "      - cloudFront: {eventType: origin-request, origin: https://a.example.com, isDefaultOrigin: true}\n      - cloudFront: {eventType: origin-request, origin: https://b.example.com, isDefaultOrigin: true, pathPattern: /b}\n      - cloudFront: {eventType: origin-request, origin: https://c.example.com, pathPattern: /b}\n      - cloudFront: {eventType: origin-request, origin: https://a.example.com}\n      - cloudFront: {eventType: origin-request, pathPattern: /none}\n",
            ),
            vec![
                at("7:7", "warning", codes::CLOUDFRONT_CACHE_POLICY),
                at("18:9", "error", codes::CLOUDFRONT_ORIGIN),
                at("19:9", "error", codes::CLOUDFRONT_BEHAVIOR),
                at("20:9", "error", codes::CLOUDFRONT_BEHAVIOR),
                at("21:9", "error", codes::CLOUDFRONT_ORIGIN),
            ],
        ),
        (
            "only path patterns, several origins and no default one",
            edge(
                "      - cloudFront: {eventType: origin-request, origin: https://a.example.com, pathPattern: /a}\n      - cloudFront: {eventType: origin-request, origin: https://b.example.com, pathPattern: /b}\n",
            ),
            vec![
                at("7:7", "warning", codes::CLOUDFRONT_CACHE_POLICY),
                at("17:9", "error", codes::CLOUDFRONT_ORIGIN),
            ],
        ),
        (
            "a named policy and the managed one on one behaviour",
            edge(&format!(
                "      - cloudFront: {{eventType: origin-request, {o}, cachePolicy: {{name: known}}}}\n      - cloudFront: {{eventType: viewer-request, {o}}}\n"
            )),
            vec![
                at("15:17", "error", codes::LAMBDA_EDGE),
                at("18:9", "error", codes::CLOUDFRONT_CACHE_POLICY),
            ],
        ),
    ]);
    let text = format!(
        "{HEAD}functions:\n  f:\n    handler: h.f\n    architecture: arm64\n    events:\n      - cloudFront: {{eventType: origin-request, {o}}}\n"
    );
    assert_eq!(
        findings_for(&text, "dev", "eu-west-1"),
        vec![
            at("6:3", "error", codes::LAMBDA_EDGE),
            at("10:9", "error", codes::CLOUDFRONT_REGION),
        ]
    );
}
