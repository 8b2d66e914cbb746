//! The `sqs` event: a queue polled by Lambda, typed as SF v3.40's `sqs.js`
//! (`defineFunctionEvent('aws', 'sqs', …)`): the queue's ARN, or settings with one.

use super::defs::*;
use super::event_source::{FilterPatterns, FunctionResponseType};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One `- sqs: …` event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SqsEvent {
    /// The queue's ARN.
    Arn(ArnString),
    Settings(Box<SqsSettings>),
}

/// The object form of an `sqs` event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SqsSettings {
    /// The queue's ARN, literal or an intrinsic.
    pub arn: AwsArn,
    #[schemars(range(min = 1, max = 10000))]
    pub batch_size: Option<i64>,
    pub enabled: Option<bool>,
    #[schemars(range(min = 0, max = 300))]
    pub maximum_batching_window: Option<i64>,
    pub function_response_type: Option<FunctionResponseType>,
    pub filter_patterns: Option<FilterPatterns>,
    #[schemars(range(min = 2, max = 1000))]
    pub maximum_concurrency: Option<i64>,
}
