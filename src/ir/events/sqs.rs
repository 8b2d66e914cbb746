//! `sqs` events: a queue polled by Lambda through an event source mapping (SF v3 `sqs.js`).

use super::EventOrigin;
use serde::Serialize;
use serde_json::Value as Json;

/// One `sqs` event, with SF's defaults applied. Values SF passes on as written (numbers,
/// booleans, intrinsics) stay JSON, so that what a warn-mode configuration slips through is
/// written the same way.
#[derive(Clone, Debug, Serialize)]
pub struct SqsEvent {
    pub origin: EventOrigin,
    /// The queue's ARN as written: a string or an intrinsic.
    pub arn: Json,
    /// The queue name SF reads out of the ARN; it names the mapping.
    pub queue_name: String,
    /// `batchSize`, default 10 (a falsy value too: SF writes `batchSize || 10`).
    pub batch_size: Json,
    /// `maximumBatchingWindow` unless absent or `null` (0 is written).
    pub maximum_batching_window: Option<Json>,
    /// `enabled`, default `true`.
    pub enabled: Json,
    pub function_response_type: Option<Json>,
    /// Each filter pattern as the JSON text SF writes (`JSON.stringify`).
    pub filter_patterns: Option<Vec<String>>,
    /// `maximumConcurrency` unless falsy.
    pub maximum_concurrency: Option<Json>,
}
