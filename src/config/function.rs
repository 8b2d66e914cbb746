//! `functions:` — the map of function names (`^[a-zA-Z0-9-_]+$`) to their settings, as SF v3's
//! core schema and `defineProvider('aws', { function })` describe them.

use super::defs::*;
use super::events::Event;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Function names SF v3 accepts.
pub const FUNCTION_NAME_PATTERN: &str = "^[a-zA-Z0-9-_]+$";

def!(
    /// `functions:` by name.
    Functions(IndexMap<String, Function>) = "functions",
    |g| json!({
        "type": "object",
        "patternProperties": {FUNCTION_NAME_PATTERN: sub::<Function>(g)},
        "additionalProperties": false
    })
);

/// One function.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Function {
    pub handler: Option<String>,
    pub name: Option<String>,
    #[schemars(length(max = 256))]
    pub description: Option<String>,
    pub events: Option<Vec<Event>>,
    pub architecture: Option<Architecture>,
    pub aws_kms_key_arn: Option<KmsArn>,
    pub condition: Option<ResourceCondition>,
    pub depends_on: Option<ResourceDependsOn>,
    pub destinations: Option<Destinations>,
    pub disable_logs: Option<bool>,
    pub environment: Option<Environment>,
    #[schemars(range(min = 512, max = 10240))]
    pub ephemeral_storage_size: Option<i64>,
    pub file_system_config: Option<FileSystemConfig>,
    pub http_api: Option<super::http_api::FunctionHttpApi>,
    pub image: Option<FunctionImage>,
    pub kms_key_arn: Option<KmsArn>,
    pub layers: Option<Vec<AwsArn>>,
    pub log_data_protection_policy: Option<LogDataProtectionPolicy>,
    pub log_retention_in_days: Option<LogRetention>,
    #[schemars(range(min = 60, max = 21600))]
    pub maximum_event_age: Option<i64>,
    #[schemars(range(min = 0, max = 2))]
    pub maximum_retry_attempts: Option<i64>,
    pub memory_size: Option<MemorySize>,
    pub on_error: Option<Value>,
    pub package: Option<FunctionPackage>,
    pub provisioned_concurrency: Option<NonNegativeIntOrCf>,
    pub reserved_concurrency: Option<NonNegativeIntOrCf>,
    pub role: Option<LambdaRole>,
    pub runtime: Option<Runtime>,
    pub runtime_management: Option<RuntimeManagement>,
    pub snap_start: Option<bool>,
    pub tags: Option<Tags>,
    pub timeout: Option<Timeout>,
    pub tracing: Option<Tracing>,
    pub url: Option<FunctionUrl>,
    pub version_function: Option<bool>,
    pub vpc: Option<Vpc>,
}

def!(
    /// A container image: URI, name of a `provider.ecr.images` entry, or settings.
    FunctionImage(Value) = "functionImage",
    |g| json!({"anyOf": [{"type": "string"}, {"type": "object", "properties": {
        "name": {"type": "string"}, "uri": {"type": "string"}, "workingDirectory": {"type": "string"},
        "command": {"type": "array", "items": {"type": "string"}},
        "entryPoint": {"type": "array", "items": {"type": "string"}}
    }, "additionalProperties": false}]})
);

def!(
    /// A function URL: `true` or settings.
    FunctionUrl(Value) = "functionUrl",
    |g| {
        let list = |max: u32| json!({"type": "array", "minItems": 1, "maxItems": max, "items": {"type": "string"}});
        json!({"anyOf": [{"type": "boolean"}, {"type": "object", "properties": {
            "authorizer": {"type": "string", "enum": ["aws_iam"]},
            "cors": {"anyOf": [{"type": "boolean"}, {"type": "object", "properties": {
                "allowCredentials": {"type": "boolean"},
                "allowedHeaders": list(100),
                "allowedMethods": list(6),
                "allowedOrigins": list(100),
                "exposedResponseHeaders": list(100),
                "maxAge": {"type": "integer", "minimum": 0}
            }, "additionalProperties": false}]},
            "invokeMode": {"type": "string", "enum": ["BUFFERED", "RESPONSE_STREAM"]}
        }, "additionalProperties": false}]})
    }
);

def!(
    /// `destinations`: where asynchronous invocations' results go.
    Destinations(Value) = "functionDestinations",
    |g| {
        let target = json!({"anyOf": [
            {"type": "string", "minLength": 1},
            {"type": "object", "properties": {
                "arn": sub::<CfFunction>(g),
                "type": {"enum": ["function", "sns", "sqs", "eventBus"]}
            }, "additionalProperties": false, "required": ["arn", "type"]}
        ]});
        json!({"type": "object", "properties": {
            "onSuccess": target.clone(),
            "onFailure": target
        }, "additionalProperties": false})
    }
);

def!(
    /// `fileSystemConfig`: an EFS access point and where it is mounted.
    FileSystemConfig(Value) = "functionFileSystemConfig",
    |g| json!({"type": "object", "properties": {
        "arn": {"anyOf": [
            {"type": "string", "pattern": "^arn:aws[a-zA-Z-]*:elasticfilesystem:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-[1-9]{1}:[0-9]{12}:access-point/fsap-[a-f0-9]{17}$"},
            sub::<CfGetAtt>(g),
            {"type": "object", "properties": {"Fn::Join": true}, "required": ["Fn::Join"], "additionalProperties": false},
            sub::<CfImport>(g)
        ]},
        "localMountPath": {"type": "string", "pattern": "^/mnt/[a-zA-Z0-9-_.]+$"}
    }, "additionalProperties": false, "required": ["localMountPath", "arn"]})
);

def!(
    /// `runtimeManagement`: `auto`, `onFunctionUpdate`, or `{mode, arn}` (`manual` needs the
    /// runtime version's ARN).
    RuntimeManagement(Value) = "awsLambdaRuntimeManagement",
    |g| json!({"oneOf": [
        {"enum": ["auto", "onFunctionUpdate"]},
        {"type": "object", "properties": {
            "mode": {"enum": ["auto", "onFunctionUpdate", "manual"]},
            "arn": sub::<AwsArn>(g)
        }, "additionalProperties": false}
    ]})
);

/// `functions.<name>.package:`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FunctionPackage {
    pub artifact: Option<String>,
    pub exclude: Option<StringList>,
    pub include: Option<StringList>,
    pub individually: Option<bool>,
    pub patterns: Option<StringList>,
}
