//! `kafka` (a self-managed cluster) and `msk` (Amazon MSK) events: a topic read by Lambda
//! through an event source mapping (SF v3 `kafka.js`, `msk/index.js`).

use super::EventOrigin;
use serde::Serialize;
use serde_json::Value as Json;

/// One `kafka` event, with SF's defaults applied (values SF passes on stay JSON).
#[derive(Clone, Debug, Serialize)]
pub struct KafkaEvent {
    pub origin: EventOrigin,
    pub topic: String,
    /// `bootstrapServers` as written.
    pub bootstrap_servers: Option<Json>,
    /// One entry per value of each `accessConfigurations` key, in the order written.
    pub access_configurations: Vec<AccessConfiguration>,
    /// A VPC subnet or security group is given: Lambda needs the EC2 network permissions.
    pub in_vpc: bool,
    /// `batchSize` unless falsy.
    pub batch_size: Option<Json>,
    /// `maximumBatchingWindow` unless falsy.
    pub maximum_batching_window: Option<Json>,
    /// `enabled` unless absent or `null`.
    pub enabled: Option<Json>,
    /// `consumerGroupId` unless falsy.
    pub consumer_group_id: Option<Json>,
    /// `startingPosition`, default `TRIM_HORIZON` (`||`).
    pub starting_position: Json,
    /// `startingPositionTimestamp` unless absent or `null`.
    pub starting_position_timestamp: Option<Json>,
    pub filter_patterns: Option<Vec<String>>,
}

/// One `SourceAccessConfigurations` entry.
#[derive(Clone, Debug, Serialize)]
pub struct AccessConfiguration {
    /// `VPC_SUBNET`, `BASIC_AUTH`, ... (an unknown key as written).
    pub kind: String,
    /// `subnet:<id>`, `security_group:<id>`, or the secret's ARN.
    pub uri: String,
    /// A Secrets Manager secret Lambda reads (its ARN is `uri`).
    pub secret: bool,
}

/// One `msk` event, with SF's defaults applied.
#[derive(Clone, Debug, Serialize)]
pub struct MskEvent {
    pub origin: EventOrigin,
    /// The cluster's ARN as written: a string, `Fn::ImportValue` or `Ref`.
    pub arn: Json,
    /// The cluster name SF reads out of the ARN (names the mapping with the topic).
    pub cluster_name: String,
    pub topic: String,
    pub batch_size: Option<Json>,
    pub maximum_batching_window: Option<Json>,
    pub enabled: Option<Json>,
    pub starting_position: Json,
    pub starting_position_timestamp: Option<Json>,
    /// `saslScram512` unless absent or `null`: the secret of SASL/SCRAM authentication.
    pub sasl_scram512: Option<Json>,
    pub consumer_group_id: Option<Json>,
    pub filter_patterns: Option<Vec<String>>,
}
