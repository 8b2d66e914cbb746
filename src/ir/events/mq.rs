//! `activemq` and `rabbitmq` events: an Amazon MQ broker's queue read by Lambda through an
//! event source mapping (SF v3 `activemq.js`, `rabbitmq.js`).

use super::EventOrigin;
use serde::Serialize;
use serde_json::Value as Json;

/// One `activemq` or `rabbitmq` event (values SF passes on stay JSON).
#[derive(Clone, Debug, Serialize)]
pub struct MqEvent {
    pub origin: EventOrigin,
    /// The broker's ARN as written.
    pub arn: Json,
    /// The secret with the broker's credentials, as written.
    pub basic_auth_arn: Json,
    pub queue: String,
    /// `batchSize` unless falsy.
    pub batch_size: Option<Json>,
    /// `maximumBatchingWindow` unless falsy.
    pub maximum_batching_window: Option<Json>,
    /// `enabled` unless absent or `null`.
    pub enabled: Option<Json>,
    /// `virtualHost` unless falsy (RabbitMQ only).
    pub virtual_host: Option<Json>,
    pub filter_patterns: Option<Vec<String>>,
}
