//! The `stream` event: a DynamoDB or Kinesis stream read by Lambda, typed as SF v3.40's
//! `stream.js` (`defineFunctionEvent('aws', 'stream', …)`): the stream's ARN, or settings with
//! one. An ARN given as an intrinsic needs `type` (SF cannot read the type out of it).

use super::defs::*;
use super::event_source::{FilterPatterns, FunctionResponseType, StartingPosition};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// One `- stream: …` event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum StreamEvent {
    /// The stream's ARN (its type is read from it).
    Arn(ArnString),
    Settings(Box<StreamSettings>),
}

/// The object form of a `stream` event: an ARN string, or an intrinsic with `type`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(extend("anyOf" = [
    {"properties": {"arn": {"$ref": "#/$defs/awsCfFunction"}}, "required": ["arn", "type"]},
    {"properties": {"arn": {"$ref": "#/$defs/awsArnString"}}, "required": ["arn"]}
]))]
pub struct StreamSettings {
    /// The stream's ARN (constrained by the object's `anyOf`, as in SF's schema).
    pub arn: AnyValue,
    #[serde(rename = "type")]
    pub kind: Option<StreamType>,
    #[schemars(range(min = 1, max = 10000))]
    pub batch_size: Option<i64>,
    #[schemars(range(min = 1, max = 10))]
    pub parallelization_factor: Option<i64>,
    pub starting_position: Option<StartingPosition>,
    pub starting_position_timestamp: Option<f64>,
    pub enabled: Option<bool>,
    pub consumer: Option<StreamConsumer>,
    #[schemars(range(min = 0, max = 300))]
    pub batch_window: Option<i64>,
    #[schemars(range(min = -1, max = 10000))]
    pub maximum_retry_attempts: Option<i64>,
    pub bisect_batch_on_function_error: Option<bool>,
    pub maximum_record_age_in_seconds: Option<MaximumRecordAge>,
    pub function_response_type: Option<FunctionResponseType>,
    pub destinations: Option<StreamDestinations>,
    #[schemars(range(min = 0, max = 900))]
    pub tumbling_window_in_seconds: Option<i64>,
    pub filter_patterns: Option<FilterPatterns>,
}

def!(
    /// Any value (constrained where it is used).
    AnyValue(Value) = "anyValue",
    |g| json!(true)
);

def!(
    /// `dynamodb` or `kinesis`.
    StreamType(String) = "streamType",
    |g| json!({"enum": ["dynamodb", "kinesis"]})
);

def!(
    /// `true` (SF creates a consumer) or an existing consumer's ARN.
    StreamConsumer(Value) = "streamConsumer",
    |g| json!({"anyOf": [{"const": true}, sub::<AwsArn>(g)]})
);

def!(
    /// `-1` (no limit) or 60 to 604800 seconds.
    MaximumRecordAge(i64) = "streamMaximumRecordAge",
    |g| json!({"anyOf": [{"const": -1}, {"type": "integer", "minimum": 60, "maximum": 604800}]})
);

/// `destinations:` of a stream event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StreamDestinations {
    pub on_failure: OnFailureDestination,
}

/// Where the records of a failed batch go: an ARN string, or `{arn, type}` (`type` is needed
/// when the ARN is an intrinsic).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum OnFailureDestination {
    Arn(ArnString),
    Settings(Box<OnFailureSettings>),
}

impl Default for OnFailureDestination {
    fn default() -> Self {
        OnFailureDestination::Arn(ArnString::default())
    }
}

/// The object form of `destinations.onFailure`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("anyOf" = [
    {"properties": {"arn": {"$ref": "#/$defs/awsCfFunction"}}, "required": ["arn", "type"]},
    {"properties": {"arn": {"$ref": "#/$defs/awsArnString"}}, "required": ["arn"]}
]))]
pub struct OnFailureSettings {
    pub arn: AnyValue,
    #[serde(rename = "type")]
    pub kind: Option<DestinationType>,
}

def!(
    /// `sns` or `sqs`.
    DestinationType(String) = "streamDestinationType",
    |g| json!({"enum": ["sns", "sqs"]})
);
