//! `sqs` events → one `AWS::Lambda::EventSourceMapping` per queue and function (SF v3
//! `sqs.js`), merged into the template (`_.merge`: the same queue twice on a function makes
//! one mapping, the second event's settings over the first's), and one statement letting the
//! execution role read every queue.

use super::super::iam::add_statement;
use super::super::{Ctx, js};
use super::source_mapping::{Targets, filter_criteria, mapping, statement};
use crate::ir::naming::queue_logical_id;
use serde_json::{Map, Value, json};

/// What Lambda needs to poll a queue.
pub const SQS_ACTIONS: [&str; 3] = [
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
];

pub fn compile(cx: &mut Ctx) {
    let events = &cx.svc.events.sqs;
    if events.is_empty() {
        return;
    }
    let targets = Targets::new(cx);
    let mut queues = Vec::with_capacity(events.len());
    for e in events {
        let key = e.origin.function.as_str();
        let mut props = Map::new();
        props.insert("BatchSize".into(), e.batch_size.clone());
        props.insert(
            "MaximumBatchingWindowInSeconds".into(),
            js::opt(e.maximum_batching_window.clone()),
        );
        props.insert("EventSourceArn".into(), e.arn.clone());
        props.insert("FunctionName".into(), targets.function_name(key));
        props.insert("Enabled".into(), e.enabled.clone());
        if let Some(t) = &e.function_response_type {
            props.insert("FunctionResponseTypes".into(), json!([t]));
        }
        if let Some(p) = &e.filter_patterns {
            props.insert("FilterCriteria".into(), filter_criteria(p));
        }
        if let Some(c) = &e.maximum_concurrency {
            props.insert("ScalingConfig".into(), json!({"MaximumConcurrency": c}));
        }
        queues.push(e.arn.clone());
        cx.merge_resource(
            &queue_logical_id(key, &e.queue_name),
            mapping(targets.depends_on(key), props),
        );
    }
    add_statement(cx, statement(&SQS_ACTIONS, Value::Array(queues)), false);
}
