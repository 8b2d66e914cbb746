//! The `cloudwatchEvent` and `cloudwatchLog` events, typed as SF v3.40's
//! `cloud-watch-event.js` and `cloud-watch-log.js` describe them.

use super::defs::*;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// One `- cloudwatchEvent:` event: an EventBridge rule on the default bus.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CloudwatchEventEvent {
    /// The event pattern.
    pub event: Option<AnyObject>,
    pub input: Option<RuleInput>,
    #[schemars(length(min = 1, max = 256))]
    pub input_path: Option<String>,
    pub input_transformer: Option<RuleInputTransformer>,
    #[schemars(length(max = 512))]
    pub description: Option<String>,
    pub name: Option<RuleName>,
    pub enabled: Option<bool>,
}

def!(
    /// A rule target's input: text or an object.
    RuleInput(Value) = "ruleInput",
    |g| json!({"anyOf": [{"type": "string", "maxLength": 8192}, {"type": "object"}]})
);

/// `inputTransformer` of a `cloudwatchEvent` or `eventBridge` event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuleInputTransformer {
    pub input_paths_map: Option<IndexMap<String, InputPath>>,
    #[schemars(length(min = 1, max = 8192))]
    pub input_template: String,
}

def!(
    /// One path of `inputPathsMap`.
    InputPath(String) = "ruleInputPath",
    |g| json!({"type": "string", "minLength": 1})
);

def!(
    /// An EventBridge rule name (SF's pattern is unanchored).
    RuleName(String) = "ruleName",
    |g| json!({"type": "string", "pattern": "[a-zA-Z0-9-_.]+", "minLength": 1, "maxLength": 64})
);

/// One `- cloudwatchLog:` event: a log group name, or the group with a filter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum CloudwatchLogEvent {
    LogGroup(LogGroupName),
    Settings(CloudwatchLogSettings),
}

/// The object form of a `cloudwatchLog` event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CloudwatchLogSettings {
    pub log_group: LogGroupName,
    /// The subscription filter's pattern (every event when absent).
    pub filter: Option<String>,
}

def!(
    /// A CloudWatch Logs log group name.
    LogGroupName(String) = "awsLogGroupName",
    |g| json!({"type": "string", "pattern": "^[/#A-Za-z0-9-_.]+$"})
);
