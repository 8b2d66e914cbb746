//! The `s3` event and `provider.s3`, typed as SF v3.40's `s3/index.js`
//! (`defineFunctionEvent('aws', 's3', …)`) and `s3/config-schema.js` describe them: a bucket
//! name, or `{bucket, event, rules, existing, forceDeploy}`; `provider.s3.<ref>` holds the
//! settings of a bucket the events create, in camelCase `AWS::S3::Bucket` property names.

use super::defs::*;
use serde_json::{Value, json};

def!(
    /// One `- s3: …` event.
    S3Event(Value) = "s3Event",
    |g| json!({"anyOf": [
        {"type": "string"},
        {
            "type": "object",
            "properties": {
                "bucket": {"anyOf": [{"type": "string"}, sub::<CfFunction>(g), sub::<CfIf>(g)]},
                "event": {"type": "string", "pattern": "^s3:.+$"},
                "existing": {"type": "boolean"},
                "forceDeploy": {"type": "boolean"},
                "rules": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "prefix": {"anyOf": [{"type": "string"}, sub::<CfFunction>(g)]},
                            "suffix": {"anyOf": [{"type": "string"}, sub::<CfFunction>(g)]}
                        },
                        "maxProperties": 1,
                        "additionalProperties": false
                    }
                }
            },
            "required": ["bucket"],
            "additionalProperties": false
        }
    ]})
);

def!(
    /// `provider.s3`: bucket settings by the name events refer to them with.
    ProviderS3(indexmap::IndexMap<String, Value>) = "providerS3",
    |g| json!({"type": "object", "additionalProperties": bucket_settings(g)})
);

/// The settings of one bucket under `provider.s3`: each key is an `AWS::S3::Bucket` property
/// in camelCase (SF upper-cases the first letter), plus `name`. The properties' own contents
/// are checked for their type only.
fn bucket_settings(g: &mut schemars::SchemaGenerator) -> Value {
    let object = json!({"type": "object"});
    let array = json!({"type": "array", "items": {"type": "object"}});
    json!({
        "type": "object",
        "properties": {
            "accelerateConfiguration": {
                "type": "object",
                "properties": {"AccelerationStatus": {"enum": ["Enabled", "Suspended"]}},
                "required": ["AccelerationStatus"],
                "additionalProperties": false
            },
            "accessControl": {"type": "string"},
            "analyticsConfigurations": array,
            "bucketEncryption": object,
            "bucketName": sub::<S3BucketName>(g),
            "corsConfiguration": object,
            "inventoryConfigurations": array,
            "lifecycleConfiguration": object,
            "loggingConfiguration": object,
            "metricsConfigurations": array,
            "name": sub::<S3BucketName>(g),
            "notificationConfiguration": object,
            "objectLockConfiguration": object,
            "objectLockEnabled": {"type": "boolean"},
            "publicAccessBlockConfiguration": {
                "type": "object",
                "properties": {
                    "BlockPublicAcls": {"type": "boolean"},
                    "BlockPublicPolicy": {"type": "boolean"},
                    "IgnorePublicAcls": {"type": "boolean"},
                    "RestrictPublicBuckets": {"type": "boolean"}
                },
                "additionalProperties": false
            },
            "replicationConfiguration": object,
            "tags": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"Key": {"type": "string"}, "Value": {"type": "string"}},
                    "required": ["Key", "Value"],
                    "additionalProperties": false
                }
            },
            "versioningConfiguration": {
                "type": "object",
                "properties": {"Status": {"enum": ["Enabled", "Suspended"]}},
                "required": ["Status"],
                "additionalProperties": false
            },
            "websiteConfiguration": object
        },
        "additionalProperties": false
    })
}
