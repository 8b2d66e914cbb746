//! The Kafka events, typed as SF v3.40 defines them: `kafka` (a self-managed cluster, by its
//! bootstrap servers; `kafka.js`) and `msk` (an Amazon MSK cluster, by its ARN; `msk/index.js`).

use super::defs::*;
use super::event_source::{CfRef, FilterPatterns, SecretsManagerArnString, StartingPosition};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// One `- kafka: …` event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KafkaEvent {
    pub access_configurations: KafkaAccessConfigurations,
    #[schemars(range(min = 1, max = 10000))]
    pub batch_size: Option<f64>,
    #[schemars(range(min = 0, max = 300))]
    pub maximum_batching_window: Option<f64>,
    pub enabled: Option<bool>,
    #[schemars(length(min = 1))]
    pub bootstrap_servers: Vec<String>,
    pub starting_position: Option<StartingPosition>,
    pub starting_position_timestamp: Option<f64>,
    pub topic: String,
    pub consumer_group_id: Option<ConsumerGroupId>,
    pub filter_patterns: Option<FilterPatterns>,
}

/// How Lambda reaches and authenticates to the cluster: VPC subnets and security groups, and
/// secrets (SASL, mutual TLS, the server's root CA).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(extend("minProperties" = 1))]
pub struct KafkaAccessConfigurations {
    #[schemars(length(min = 1))]
    pub vpc_subnet: Option<Vec<SubnetId>>,
    #[schemars(length(min = 1))]
    pub vpc_security_group: Option<Vec<SecurityGroupId>>,
    #[schemars(length(min = 1))]
    pub sasl_plain_auth: Option<Vec<SecretsManagerArnString>>,
    #[schemars(length(min = 1))]
    pub sasl_scram256_auth: Option<Vec<SecretsManagerArnString>>,
    #[schemars(length(min = 1))]
    pub sasl_scram512_auth: Option<Vec<SecretsManagerArnString>>,
    #[schemars(length(min = 1))]
    pub client_certificate_tls_auth: Option<Vec<SecretsManagerArnString>>,
    #[schemars(length(min = 1))]
    pub server_root_ca_certificate: Option<Vec<SecretsManagerArnString>>,
}

def!(
    /// A VPC subnet id (SF's pattern is not anchored).
    SubnetId(String) = "kafkaSubnetId",
    |g| json!({"type": "string", "pattern": "subnet-[a-z0-9]+"})
);

def!(
    /// A VPC security group id (SF's pattern is not anchored).
    SecurityGroupId(String) = "kafkaSecurityGroupId",
    |g| json!({"type": "string", "pattern": "sg-[a-z0-9]+"})
);

def!(
    /// A Kafka consumer group id: at most 200 characters (SF's pattern is not anchored, so any
    /// string matches it; AWS's is, see `check`).
    ConsumerGroupId(String) = "kafkaConsumerGroupId",
    |g| json!({"type": "string", "maxLength": 200, "pattern": "[a-zA-Z0-9\\-/*:_+=.@-]*"})
);

/// One `- msk: …` event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MskEvent {
    pub arn: MskClusterArn,
    #[schemars(range(min = 1, max = 10000))]
    pub batch_size: Option<f64>,
    #[schemars(range(min = 0, max = 300))]
    pub maximum_batching_window: Option<f64>,
    pub enabled: Option<bool>,
    pub starting_position: Option<StartingPosition>,
    pub starting_position_timestamp: Option<f64>,
    pub topic: String,
    pub sasl_scram512: Option<ArnString>,
    pub consumer_group_id: Option<ConsumerGroupId>,
    pub filter_patterns: Option<FilterPatterns>,
}

def!(
    /// The cluster's ARN, imported from another stack, or a `Ref`.
    MskClusterArn(Value) = "mskClusterArn",
    |g| json!({"anyOf": [sub::<ArnString>(g), sub::<CfImport>(g), sub::<CfRef>(g)]})
);
