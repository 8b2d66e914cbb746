//! The Amazon MQ events, typed as SF v3.40's `activemq.js` and `rabbitmq.js` define them: a
//! broker's queue read by Lambda with the credentials of a Secrets Manager secret.

use super::defs::*;
use super::event_source::{CfRef, FilterPatterns, SecretsManagerArnString};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// One `- activemq: …` event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ActiveMqEvent {
    pub arn: BrokerArn,
    pub basic_auth_arn: BasicAuthArn,
    #[schemars(range(min = 1, max = 10000))]
    pub batch_size: Option<f64>,
    #[schemars(range(min = 0, max = 300))]
    pub maximum_batching_window: Option<f64>,
    pub enabled: Option<bool>,
    pub queue: String,
    pub filter_patterns: Option<FilterPatterns>,
}

/// One `- rabbitmq: …` event: an ActiveMQ event's settings and a virtual host.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RabbitMqEvent {
    pub arn: BrokerArn,
    pub basic_auth_arn: BasicAuthArn,
    #[schemars(range(min = 1, max = 10000))]
    pub batch_size: Option<f64>,
    #[schemars(range(min = 0, max = 300))]
    pub maximum_batching_window: Option<f64>,
    pub enabled: Option<bool>,
    pub queue: String,
    pub virtual_host: Option<String>,
    pub filter_patterns: Option<FilterPatterns>,
}

def!(
    /// An Amazon MQ broker's ARN (SF's pattern is not anchored), imported, or a `Ref`.
    BrokerArn(Value) = "mqBrokerArn",
    |g| json!({"anyOf": [
        {"type": "string", "pattern": "arn:[a-z-]+:mq:[a-z0-9-]+:[0-9]+:broker:[A-Za-z0-9/_+=.@-]+:b-[a-z0-9-]+"},
        sub::<CfImport>(g),
        sub::<CfRef>(g)
    ]})
);

def!(
    /// The secret holding the broker's user name and password: an ARN, imported, or a `Ref`.
    BasicAuthArn(Value) = "mqBasicAuthArn",
    |g| json!({"anyOf": [sub::<SecretsManagerArnString>(g), sub::<CfImport>(g), sub::<CfRef>(g)]})
);
