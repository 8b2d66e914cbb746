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
    pub destinations: Option<AnyObject>,
    pub disable_logs: Option<bool>,
    pub environment: Option<Environment>,
    #[schemars(range(min = 512, max = 10240))]
    pub ephemeral_storage_size: Option<i64>,
    pub file_system_config: Option<AnyObject>,
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
    pub runtime_management: Option<Value>,
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
    |g| json!({"anyOf": [{"type": "boolean"}, {"type": "object", "properties": {
        "authorizer": {"type": "string", "enum": ["aws_iam"]},
        "cors": {"anyOf": [{"type": "boolean"}, {"type": "object"}]},
        "invokeMode": {"type": "string", "enum": ["BUFFERED", "RESPONSE_STREAM"]}
    }, "additionalProperties": false}]})
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
