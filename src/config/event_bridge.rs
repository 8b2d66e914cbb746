//! The `eventBridge` event, typed as SF v3.40's `event-bridge/index.js` describes it: a rule
//! matching a pattern or running on a schedule, on the default bus, a named one or an existing
//! one. SF leaves other keys free.

use super::cloudwatch::{RuleInputTransformer, RuleName};
use super::defs::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// One `- eventBridge:` event (a `pattern`, a `schedule`, or both).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("anyOf" = [{"required": ["pattern"]}, {"required": ["schedule"]}]))]
pub struct EventBridgeEvent {
    pub event_bus: Option<EventBus>,
    pub schedule: Option<EventBridgeSchedule>,
    pub name: Option<RuleName>,
    #[schemars(length(max = 512))]
    pub description: Option<String>,
    pub enabled: Option<bool>,
    pub pattern: Option<EventPattern>,
    pub input: Option<AnyObject>,
    #[schemars(length(min = 1, max = 256))]
    pub input_path: Option<String>,
    pub input_transformer: Option<RuleInputTransformer>,
    pub retry_policy: Option<RetryPolicy>,
    pub dead_letter_queue_arn: Option<AwsArn>,
}

def!(
    /// The bus: a name, an ARN, `Fn::ImportValue`, `Ref`, or `Fn::GetAtt` of a bus's `Name`
    /// (SF's schema names the attribute with a tuple, which the schema's draft cannot write:
    /// any attribute passes here).
    EventBus(Value) = "eventBridgeEventBus",
    |g| json!({"anyOf": [
        {"type": "string", "minLength": 1},
        sub::<ArnString>(g),
        sub::<CfImport>(g),
        {"type": "object", "properties": {"Ref": {"type": "string", "minLength": 1}}, "required": ["Ref"], "additionalProperties": false},
        {
            "type": "object",
            "properties": {"Fn::GetAtt": {
                "type": "array", "minItems": 2, "maxItems": 2,
                "items": {"type": "string", "minLength": 1}
            }},
            "required": ["Fn::GetAtt"],
            "additionalProperties": false
        }
    ]})
);

def!(
    /// A `rate(...)` or `cron(...)` expression (SF checks only its frame).
    EventBridgeSchedule(String) = "eventBridgeSchedule",
    |g| json!({"type": "string", "pattern": "^(?:cron|rate)\\(.+\\)$"})
);

def!(
    /// An event pattern: the fields EventBridge matches on, and `$or`.
    EventPattern(Value) = "eventBridgePattern",
    |g| json!({
        "type": "object",
        "properties": {
            "version": true, "id": true, "detail-type": true, "source": true, "account": true,
            "time": true, "region": true, "resources": true, "detail": true,
            "$or": {"type": "array"}
        },
        "additionalProperties": false
    })
);

/// `retryPolicy`: how long and how often EventBridge retries the function.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RetryPolicy {
    #[schemars(range(min = 60, max = 86400))]
    pub maximum_event_age: Option<i64>,
    #[schemars(range(min = 0, max = 185))]
    pub maximum_retry_attempts: Option<i64>,
}

/// `provider.eventBridge`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProviderEventBridge {
    /// `true`: rules as CloudFormation resources (also SF's choice without `eventBridge`);
    /// otherwise SF's custom resource.
    pub use_cloud_formation: Option<bool>,
}
