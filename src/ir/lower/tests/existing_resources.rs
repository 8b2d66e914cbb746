//! Events on resources made elsewhere (`existing: true` buckets and user pools), which SF v3
//! sets up through its custom resources: lowered beside the other events of their family.

use super::svc;
use serde_json::json;

const HEAD: &str =
    "service: demo\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.f\n    events:\n";

#[test]
fn existing_buckets_keep_their_bucket_rules_and_force_deploy() {
    let s = svc(&format!(
        "{HEAD}      - s3: {{bucket: old, existing: true}}\n      - s3:\n          bucket: {{Fn::ImportValue: b}}\n          existing: true\n          event: s3:ObjectRemoved:*\n          forceDeploy: true\n          rules: [{{suffix: .jpg}}, {{prefix: {{Ref: P}}}}]\n      - s3: {{bucket: created, existing: false}}\n"
    ));
    assert!(s.unsupported_events.is_empty());
    assert_eq!(s.events.s3.len(), 1, "existing: false creates the bucket");
    let [plain, imported] = &s.events.s3_existing[..] else {
        panic!("{:?}", s.events.s3_existing);
    };
    assert_eq!(plain.bucket, json!("old"));
    assert_eq!(plain.event, "s3:ObjectCreated:*");
    assert!(plain.rules.is_empty() && !plain.force_deploy);
    assert_eq!(imported.bucket, json!({"Fn::ImportValue": "b"}));
    assert_eq!(imported.event, "s3:ObjectRemoved:*");
    assert_eq!(
        imported.rules,
        [
            ("suffix".to_string(), json!(".jpg")),
            ("prefix".to_string(), json!({"Ref": "P"}))
        ]
    );
    assert!(imported.force_deploy);
    assert_eq!(imported.origin.index, 2);
}

#[test]
fn existing_pools_are_apart_from_created_ones() {
    let s = svc(&format!(
        "{HEAD}      - cognitoUserPool: {{pool: old, trigger: PreSignUp, existing: true, forceDeploy: true}}\n      - cognitoUserPool: {{pool: new, trigger: PreSignUp, forceDeploy: true}}\n"
    ));
    assert!(s.unsupported_events.is_empty());
    let existing = &s.events.cognito_user_pools_existing;
    assert_eq!(existing.len(), 1);
    assert_eq!(
        (existing[0].pool.as_str(), existing[0].force_deploy),
        ("old", true)
    );
    let created = &s.events.cognito_user_pools;
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].pool, "new");
    assert!(
        !created[0].force_deploy,
        "SF ignores forceDeploy on pools it creates"
    );
}
