//! `stream` events: a DynamoDB or Kinesis stream read by Lambda through an event source
//! mapping, optionally through a dedicated Kinesis consumer (SF v3 `stream.js`).

use super::EventOrigin;
use serde::Serialize;
use serde_json::Value as Json;

/// One `stream` event, with SF's defaults applied (values SF passes on stay JSON).
#[derive(Clone, Debug, Serialize)]
pub struct StreamEvent {
    pub origin: EventOrigin,
    /// The stream's ARN as written: a string or an intrinsic.
    pub arn: Json,
    /// `type`, else the ARN's service (`arn:aws:<service>:…`); empty when neither says.
    pub stream_type: String,
    /// The stream name SF reads out of the ARN; it names the mapping and the consumer.
    pub stream_name: String,
    /// `batchSize`, default 10 (`||`).
    pub batch_size: Json,
    /// `parallelizationFactor` unless falsy.
    pub parallelization_factor: Option<Json>,
    /// `startingPosition`, default `TRIM_HORIZON` (`||`).
    pub starting_position: Json,
    /// `startingPositionTimestamp` unless falsy: SF writes it only for a Kinesis consumer.
    pub starting_position_timestamp: Option<Json>,
    /// `enabled`, default `true`.
    pub enabled: Json,
    /// `consumer` unless falsy: `true` (SF creates one) or an existing consumer's ARN.
    pub consumer: Option<Json>,
    /// `batchWindow` unless absent or `null`.
    pub batch_window: Option<Json>,
    pub maximum_retry_attempts: Option<Json>,
    pub bisect_batch_on_function_error: Option<Json>,
    pub function_response_type: Option<Json>,
    /// `maximumRecordAgeInSeconds` unless falsy.
    pub maximum_record_age_in_seconds: Option<Json>,
    pub tumbling_window_in_seconds: Option<Json>,
    /// `destinations.onFailure`.
    pub on_failure: Option<OnFailure>,
    /// Each filter pattern as the JSON text SF writes.
    pub filter_patterns: Option<Vec<String>>,
}

/// Where the records of a failed batch go.
#[derive(Clone, Debug, Serialize)]
pub struct OnFailure {
    /// The destination's ARN as written.
    pub arn: Json,
    /// `type`, else the ARN's service: `sns` gets a publish statement, anything else SQS's.
    pub kind: String,
}

/// What the mapping reads from, for a Kinesis stream with a `consumer`.
#[derive(Clone, Debug, PartialEq)]
pub enum Consumer<'a> {
    /// `consumer: true`: SF creates an `AWS::Kinesis::StreamConsumer`.
    Created,
    /// An existing consumer's ARN (any other truthy value, as SF takes it).
    Existing(&'a Json),
}

impl StreamEvent {
    pub fn is_kinesis(&self) -> bool {
        self.stream_type == "kinesis"
    }

    /// The consumer the mapping reads through: only a Kinesis stream has one (SF ignores
    /// `consumer` on any other).
    pub fn kinesis_consumer(&self) -> Option<Consumer<'_>> {
        let consumer = self.consumer.as_ref().filter(|_| self.is_kinesis())?;
        Some(match consumer {
            Json::Bool(true) => Consumer::Created,
            other => Consumer::Existing(other),
        })
    }
}
