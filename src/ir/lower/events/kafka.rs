//! `kafka` and `msk` events → [`KafkaEvent`] and [`MskEvent`] (SF v3 `kafka.js`,
//! `msk/index.js`): access configurations in the order written, the MSK cluster's name read out
//! of its ARN, SF's defaults.

use super::super::shape::child;
use super::event_source::{
    Problem, SourceProblem, Ty, filter_patterns, name_at, present, required, scalar_text, settings,
    string_list_json, truthy,
};
use crate::ir::events::EventOrigin;
use crate::ir::events::kafka::{AccessConfiguration, KafkaEvent, MskEvent};
use crate::load::{Node, Value};
use serde_json::Value as Json;

/// SF's starting position when none is given.
pub const DEFAULT_STARTING_POSITION: &str = "TRIM_HORIZON";

/// Reads one `kafka` event (its value), or why SF cannot compile it.
pub fn read_kafka(value: &Node, origin: EventOrigin) -> Result<KafkaEvent, Problem> {
    let s = settings(value)?;
    let access = required(s, "accessConfigurations")?;
    let Some(access_map) = access.as_map() else {
        return Err((
            SourceProblem::NotAMapping("accessConfigurations"),
            access.span,
        ));
    };
    let topic = name_at(s, "topic")?;
    let mut access_configurations = Vec::new();
    let mut in_vpc = false;
    for (key, entry) in access_map {
        let (kind, prefix, secret) = match key.as_str() {
            "vpcSubnet" => ("VPC_SUBNET", "subnet:", false),
            "vpcSecurityGroup" => ("VPC_SECURITY_GROUP", "security_group:", false),
            "saslPlainAuth" => ("BASIC_AUTH", "", true),
            "saslScram256Auth" => ("SASL_SCRAM_256_AUTH", "", true),
            "saslScram512Auth" => ("SASL_SCRAM_512_AUTH", "", true),
            "clientCertificateTlsAuth" => ("CLIENT_CERTIFICATE_TLS_AUTH", "", true),
            "serverRootCaCertificate" => ("SERVER_ROOT_CA_CERTIFICATE", "", true),
            other => (other, "", false),
        };
        in_vpc |= !prefix.is_empty();
        let values: Vec<&Node> = match &entry.value.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Null | Value::Map(_) => {
                return Err((SourceProblem::NotAList(key.clone()), entry.value.span));
            }
            // SF's validator turns a scalar into a one-item list
            _ => vec![&entry.value],
        };
        for v in values {
            let text = scalar_text(v).ok_or((SourceProblem::NotAString(key.clone()), v.span))?;
            access_configurations.push(AccessConfiguration {
                kind: kind.to_owned(),
                uri: format!("{prefix}{text}"),
                secret,
            });
        }
    }
    Ok(KafkaEvent {
        origin,
        topic,
        bootstrap_servers: child(s, "bootstrapServers").map(string_list_json),
        access_configurations,
        in_vpc,
        batch_size: truthy(s, "batchSize", Ty::Number),
        maximum_batching_window: truthy(s, "maximumBatchingWindow", Ty::Number),
        enabled: present(s, "enabled", Ty::Boolean),
        consumer_group_id: truthy(s, "consumerGroupId", Ty::String),
        starting_position: truthy(s, "startingPosition", Ty::String)
            .unwrap_or(Json::from(DEFAULT_STARTING_POSITION)),
        starting_position_timestamp: present(s, "startingPositionTimestamp", Ty::Number),
        filter_patterns: filter_patterns(s)?,
    })
}

/// Reads one `msk` event (its value), or why SF cannot compile it.
pub fn read_msk(value: &Node, origin: EventOrigin) -> Result<MskEvent, Problem> {
    let s = settings(value)?;
    let arn = required(s, "arn")?;
    let cluster_name = cluster_name(arn)?;
    let topic = name_at(s, "topic")?;
    Ok(MskEvent {
        origin,
        arn: arn.to_json(),
        cluster_name,
        topic,
        batch_size: truthy(s, "batchSize", Ty::Number),
        maximum_batching_window: truthy(s, "maximumBatchingWindow", Ty::Number),
        enabled: present(s, "enabled", Ty::Boolean),
        starting_position: truthy(s, "startingPosition", Ty::String)
            .unwrap_or(Json::from(DEFAULT_STARTING_POSITION)),
        starting_position_timestamp: present(s, "startingPositionTimestamp", Ty::Number),
        sasl_scram512: present(s, "saslScram512", Ty::String),
        consumer_group_id: truthy(s, "consumerGroupId", Ty::String),
        filter_patterns: filter_patterns(s)?,
    })
}

/// The cluster's name (SF `get-msk-cluster-name-token.js`): `Fn::ImportValue`'s export,
/// `Ref`'s target, or what follows the ARN's first `/` (`cluster/<name>/<uuid>`).
fn cluster_name(arn: &Node) -> Result<String, Problem> {
    let unreadable = (SourceProblem::UnreadableArn { what: "cluster" }, arn.span);
    for key in ["Fn::ImportValue", "Ref"] {
        if let Some(inner) = arn.get(key).filter(|n| n.is_truthy()) {
            return inner.as_str().map(str::to_owned).ok_or(unreadable);
        }
    }
    arn.as_str()
        .and_then(|a| a.split('/').nth(1))
        .map(str::to_owned)
        .ok_or(unreadable)
}
