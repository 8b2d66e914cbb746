//! The core template: the deployment bucket, its policy and the bucket-name output
//! (SF v3 `generate-core-template.js`). It is also the whole create-stack template.

use super::js::delete;
use crate::ir::Service;
use serde_json::{Map, Value, json};

pub const BUCKET: &str = "ServerlessDeploymentBucket";
pub const BUCKET_POLICY: &str = "ServerlessDeploymentBucketPolicy";
pub const BUCKET_OUTPUT: &str = "ServerlessDeploymentBucketName";

/// The core template's `Resources` and `Outputs` for `svc`.
pub fn template(svc: &Service) -> (Map<String, Value>, Map<String, Value>) {
    let mut resources = Map::new();
    resources.insert(BUCKET.into(), bucket());
    resources.insert(BUCKET_POLICY.into(), bucket_policy());
    let mut outputs = Map::new();
    outputs.insert(BUCKET_OUTPUT.into(), json!({"Value": {"Ref": BUCKET}}));

    if let Some(db) = &svc.provider.deployment_bucket {
        if let Some(Value::Object(props)) = resources
            .get_mut(BUCKET)
            .and_then(|b| b.get_mut("Properties"))
        {
            if !db.tags.is_empty() {
                let tags: Vec<Value> = db
                    .tags
                    .iter()
                    .map(|(k, v)| json!({"Key": k, "Value": v}))
                    .collect();
                props.insert("Tags".into(), Value::Array(tags));
            }
            if db.block_public_access == Some(true) {
                props.insert(
                    "PublicAccessBlockConfiguration".into(),
                    json!({
                        "BlockPublicAcls": true,
                        "BlockPublicPolicy": true,
                        "IgnorePublicAcls": true,
                        "RestrictPublicBuckets": true
                    }),
                );
            }
            if db.versioning == Some(true) {
                props.insert(
                    "VersioningConfiguration".into(),
                    json!({"Status": "Enabled"}),
                );
            }
        }
        if let Some(name) = &db.name {
            outputs.insert(BUCKET_OUTPUT.into(), json!({"Value": name}));
            delete(&mut resources, BUCKET);
            delete(&mut resources, BUCKET_POLICY);
        }
    }

    (resources, outputs)
}

/// What a function's `Code.S3Bucket` points at.
pub fn code_bucket(svc: &Service) -> Value {
    match svc
        .provider
        .deployment_bucket
        .as_ref()
        .and_then(|d| d.name.as_ref())
    {
        Some(name) => json!(name),
        None => json!({"Ref": BUCKET}),
    }
}

fn bucket() -> Value {
    json!({
        "Type": "AWS::S3::Bucket",
        "Properties": {
            "BucketEncryption": {
                "ServerSideEncryptionConfiguration": [
                    {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
                ]
            }
        }
    })
}

fn bucket_policy() -> Value {
    let arn = |suffix: Option<&str>| {
        let mut parts = vec![
            json!("arn:"),
            json!({"Ref": "AWS::Partition"}),
            json!(":s3:::"),
            json!({"Ref": BUCKET}),
        ];
        if let Some(s) = suffix {
            parts.push(json!(s));
        }
        json!({"Fn::Join": ["", parts]})
    };
    json!({
        "Type": "AWS::S3::BucketPolicy",
        "Properties": {
            "Bucket": {"Ref": BUCKET},
            "PolicyDocument": {
                "Statement": [{
                    "Action": "s3:*",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Resource": [arn(Some("/*")), arn(None)],
                    "Condition": {"Bool": {"aws:SecureTransport": false}}
                }]
            }
        }
    })
}
