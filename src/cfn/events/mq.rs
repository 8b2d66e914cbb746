//! `activemq` and `rabbitmq` events (SF v3 `activemq.js`, `rabbitmq.js`) → one
//! `AWS::Lambda::EventSourceMapping` per queue and function (a later one with the same id
//! replaces an earlier one), and after each function's events the execution role's
//! statements: the secrets with the brokers' credentials, the brokers, the VPC permissions.

use super::super::Ctx;
use super::super::iam::add_statement;
use super::kafka::insert_batching;
use super::source_mapping::{
    EC2_ACTIONS, SECRETS_ACTIONS, Targets, by_function, filter_criteria, mapping, statement,
};
use crate::ir::events::mq::MqEvent;
use crate::ir::naming::{activemq_logical_id, rabbitmq_logical_id};
use serde_json::{Map, Value, json};

const BROKER_ACTIONS: [&str; 1] = ["mq:DescribeBroker"];

pub fn compile_activemq(cx: &mut Ctx) {
    compile(cx, &cx.svc.events.activemq, activemq_logical_id);
}

pub fn compile_rabbitmq(cx: &mut Ctx) {
    compile(cx, &cx.svc.events.rabbitmq, rabbitmq_logical_id);
}

fn compile(cx: &mut Ctx, events: &[MqEvent], logical_id: fn(&str, &str) -> String) {
    if events.is_empty() {
        return;
    }
    let targets = Targets::new(cx);
    for events in by_function(events, |e| &e.origin.function) {
        let mut secrets = Vec::new();
        let mut brokers = Vec::new();
        for e in events {
            let key = e.origin.function.as_str();
            let mut access = vec![json!({"Type": "BASIC_AUTH", "URI": e.basic_auth_arn})];
            if let Some(host) = &e.virtual_host {
                access.push(json!({"Type": "VIRTUAL_HOST", "URI": host}));
            }
            let mut props = Map::new();
            props.insert("FunctionName".into(), targets.function_name(key));
            props.insert("EventSourceArn".into(), e.arn.clone());
            props.insert("Queues".into(), json!([e.queue]));
            props.insert("SourceAccessConfigurations".into(), Value::Array(access));
            insert_batching(&mut props, &e.batch_size, &e.maximum_batching_window);
            if let Some(v) = &e.enabled {
                props.insert("Enabled".into(), v.clone());
            }
            if let Some(p) = &e.filter_patterns {
                props.insert("FilterCriteria".into(), filter_criteria(p));
            }
            brokers.push(e.arn.clone());
            secrets.push(e.basic_auth_arn.clone());
            cx.assign_resource(
                &logical_id(key, &e.queue),
                mapping(targets.depends_on(key), props),
            );
        }
        add_statement(
            cx,
            statement(&SECRETS_ACTIONS, Value::Array(secrets)),
            false,
        );
        add_statement(cx, statement(&BROKER_ACTIONS, Value::Array(brokers)), false);
        add_statement(cx, statement(&EC2_ACTIONS, json!("*")), false);
    }
}
