//! `kafka` events (a self-managed cluster, SF v3 `kafka.js`) and `msk` events (Amazon MSK,
//! `msk/index.js`) → one `AWS::Lambda::EventSourceMapping` per topic and function (a later one
//! with the same id replaces an earlier one), and after each function's events the execution
//! role's statements: the secrets its clusters' credentials are in, the MSK clusters it reads,
//! and the network permissions a VPC needs.

use super::super::iam::add_statement;
use super::super::{Ctx, js};
use super::source_mapping::{
    EC2_ACTIONS, SECRETS_ACTIONS, Targets, by_function, filter_criteria, mapping, statement,
};
use crate::ir::naming::{kafka_logical_id, msk_logical_id};
use serde_json::{Map, Value, json};

const MSK_ACTIONS: [&str; 2] = ["kafka:DescribeCluster", "kafka:GetBootstrapBrokers"];

/// `kafka` events, function by function.
pub fn compile_kafka(cx: &mut Ctx) {
    let svc = cx.svc;
    if svc.events.kafka.is_empty() {
        return;
    }
    let targets = Targets::new(cx);
    for events in by_function(&svc.events.kafka, |e| &e.origin.function) {
        let mut secrets = Vec::new();
        let mut in_vpc = false;
        for e in events {
            let key = e.origin.function.as_str();
            let mut props = Map::new();
            props.insert("FunctionName".into(), targets.function_name(key));
            props.insert("StartingPosition".into(), e.starting_position.clone());
            props.insert(
                "SelfManagedEventSource".into(),
                json!({"Endpoints": {"KafkaBootstrapServers": js::opt(e.bootstrap_servers.clone())}}),
            );
            props.insert("Topics".into(), json!([e.topic]));
            let access: Vec<Value> = e
                .access_configurations
                .iter()
                .map(|a| json!({"Type": a.kind, "URI": a.uri}))
                .collect();
            secrets.extend(
                e.access_configurations
                    .iter()
                    .filter(|a| a.secret)
                    .map(|a| Value::String(a.uri.clone())),
            );
            in_vpc |= e.in_vpc;
            props.insert("SourceAccessConfigurations".into(), Value::Array(access));
            insert_batching(&mut props, &e.batch_size, &e.maximum_batching_window);
            if let Some(v) = &e.enabled {
                props.insert("Enabled".into(), v.clone());
            }
            if let Some(g) = &e.consumer_group_id {
                props.insert(
                    "SelfManagedKafkaEventSourceConfig".into(),
                    json!({"ConsumerGroupId": g}),
                );
            }
            if let Some(t) = &e.starting_position_timestamp {
                props.insert("StartingPositionTimestamp".into(), t.clone());
            }
            if let Some(p) = &e.filter_patterns {
                props.insert("FilterCriteria".into(), filter_criteria(p));
            }
            cx.assign_resource(
                &kafka_logical_id(key, &e.topic),
                mapping(targets.depends_on(key), props),
            );
        }
        if !secrets.is_empty() {
            add_statement(
                cx,
                statement(&SECRETS_ACTIONS, Value::Array(secrets)),
                false,
            );
        }
        if in_vpc {
            add_statement(cx, statement(&EC2_ACTIONS, json!("*")), false);
        }
    }
}

/// `msk` events, function by function.
pub fn compile_msk(cx: &mut Ctx) {
    let svc = cx.svc;
    if svc.events.msk.is_empty() {
        return;
    }
    let targets = Targets::new(cx);
    for events in by_function(&svc.events.msk, |e| &e.origin.function) {
        let mut clusters = Vec::new();
        for e in events {
            let key = e.origin.function.as_str();
            let mut props = Map::new();
            props.insert("EventSourceArn".into(), e.arn.clone());
            props.insert("FunctionName".into(), targets.function_name(key));
            props.insert("StartingPosition".into(), e.starting_position.clone());
            props.insert("Topics".into(), json!([e.topic]));
            if let Some(t) = &e.starting_position_timestamp {
                props.insert("StartingPositionTimestamp".into(), t.clone());
            }
            insert_batching(&mut props, &e.batch_size, &e.maximum_batching_window);
            if let Some(g) = &e.consumer_group_id {
                props.insert(
                    "AmazonManagedKafkaEventSourceConfig".into(),
                    json!({"ConsumerGroupId": g}),
                );
            }
            if let Some(v) = &e.enabled {
                props.insert("Enabled".into(), v.clone());
            }
            if let Some(secret) = &e.sasl_scram512 {
                props.insert(
                    "SourceAccessConfigurations".into(),
                    json!([{"Type": "SASL_SCRAM_512_AUTH", "URI": secret}]),
                );
            }
            if let Some(p) = &e.filter_patterns {
                props.insert("FilterCriteria".into(), filter_criteria(p));
            }
            clusters.push(e.arn.clone());
            cx.assign_resource(
                &msk_logical_id(key, &e.cluster_name, &e.topic),
                mapping(targets.depends_on(key), props),
            );
        }
        if !clusters.is_empty() {
            add_statement(cx, statement(&MSK_ACTIONS, Value::Array(clusters)), false);
            add_statement(cx, statement(&EC2_ACTIONS, json!("*")), false);
        }
    }
}

/// `BatchSize` and `MaximumBatchingWindowInSeconds`, each when given (and truthy).
pub fn insert_batching(
    props: &mut Map<String, Value>,
    batch_size: &Option<Value>,
    window: &Option<Value>,
) {
    if let Some(b) = batch_size {
        props.insert("BatchSize".into(), b.clone());
    }
    if let Some(w) = window {
        props.insert("MaximumBatchingWindowInSeconds".into(), w.clone());
    }
}
