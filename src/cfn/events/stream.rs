//! `stream` events → one `AWS::Lambda::EventSourceMapping` per stream and function (SF v3
//! `stream.js`, merged with `_.merge`), an `AWS::Kinesis::StreamConsumer` for `consumer: true`,
//! and, after each function's events, the execution role's statements to read its streams,
//! subscribe to its consumers and send failed batches to their destinations.
//!
//! SF's quirks kept: `startingPositionTimestamp` is written only for a Kinesis stream read
//! through a consumer; `consumer` on a DynamoDB stream is ignored; a failure destination whose
//! type is not `sns` gets the SQS statement.

use super::super::iam::add_statement;
use super::super::value::{obj, reference};
use super::super::{Ctx, js};
use super::source_mapping::{Targets, by_function, filter_criteria, mapping, statement};
use crate::ir::events::stream::{Consumer, StreamEvent};
use crate::ir::naming::{stream_consumer_logical_id, stream_consumer_name, stream_logical_id};
use serde_json::{Map, Value, json};

const DYNAMODB_ACTIONS: [&str; 4] = [
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
    "dynamodb:DescribeStream",
    "dynamodb:ListStreams",
];
const KINESIS_ACTIONS: [&str; 4] = [
    "kinesis:GetRecords",
    "kinesis:GetShardIterator",
    "kinesis:DescribeStream",
    "kinesis:ListStreams",
];
const KINESIS_WITH_CONSUMER_ACTIONS: [&str; 4] = [
    "kinesis:GetRecords",
    "kinesis:GetShardIterator",
    "kinesis:DescribeStreamSummary",
    "kinesis:ListShards",
];
const CONSUMER_ACTIONS: [&str; 1] = ["kinesis:SubscribeToShard"];
const SNS_ACTIONS: [&str; 1] = ["sns:Publish"];
const SQS_ACTIONS: [&str; 2] = ["sqs:ListQueues", "sqs:SendMessage"];

/// The resources of each of a function's statements, in the order SF adds the statements.
#[derive(Default)]
struct Statements {
    dynamodb: Vec<Value>,
    kinesis: Vec<Value>,
    kinesis_with_consumer: Vec<Value>,
    consumers: Vec<Value>,
    sns: Vec<Value>,
    sqs: Vec<Value>,
}

impl Statements {
    fn add_to_role(self, cx: &mut Ctx) {
        let all = [
            (&DYNAMODB_ACTIONS[..], self.dynamodb),
            (&KINESIS_ACTIONS[..], self.kinesis),
            (
                &KINESIS_WITH_CONSUMER_ACTIONS[..],
                self.kinesis_with_consumer,
            ),
            (&CONSUMER_ACTIONS[..], self.consumers),
            (&SNS_ACTIONS[..], self.sns),
            (&SQS_ACTIONS[..], self.sqs),
        ];
        for (actions, resources) in all {
            if !resources.is_empty() {
                add_statement(cx, statement(actions, Value::Array(resources)), false);
            }
        }
    }
}

pub fn compile(cx: &mut Ctx) {
    let svc = cx.svc;
    if svc.events.streams.is_empty() {
        return;
    }
    let targets = Targets::new(cx);
    // `consumerNamingMode` (any truthy value) adds the service and stage to consumer names
    let naming = svc
        .provider
        .kinesis_consumer_naming_mode
        .as_ref()
        .filter(|m| js::truthy(m))
        .map(|_| (svc.name.as_str(), svc.stage.as_str()));
    for events in by_function(&svc.events.streams, |e| &e.origin.function) {
        let mut statements = Statements::default();
        for e in events {
            compile_event(cx, &targets, naming, e, &mut statements);
        }
        statements.add_to_role(cx);
    }
}

fn compile_event(
    cx: &mut Ctx,
    targets: &Targets,
    naming: Option<(&str, &str)>,
    e: &StreamEvent,
    statements: &mut Statements,
) {
    let key = e.origin.function.as_str();
    let mut depends_on = targets.depends_on(key);
    let mut props = Map::new();
    props.insert("BatchSize".into(), e.batch_size.clone());
    props.insert("Enabled".into(), e.enabled.clone());
    props.insert("EventSourceArn".into(), e.arn.clone());
    props.insert("FunctionName".into(), targets.function_name(key));
    props.insert(
        "ParallelizationFactor".into(),
        js::opt(e.parallelization_factor.clone()),
    );
    props.insert("StartingPosition".into(), e.starting_position.clone());
    if e.stream_type == "dynamodb" {
        statements.dynamodb.push(e.arn.clone());
    } else if e.consumer.is_some() {
        statements.kinesis_with_consumer.push(e.arn.clone());
    } else {
        statements.kinesis.push(e.arn.clone());
    }
    let optional = [
        ("MaximumBatchingWindowInSeconds", &e.batch_window),
        ("MaximumRetryAttempts", &e.maximum_retry_attempts),
        (
            "BisectBatchOnFunctionError",
            &e.bisect_batch_on_function_error,
        ),
    ];
    for (name, v) in optional {
        if let Some(v) = v {
            props.insert(name.into(), v.clone());
        }
    }
    if let Some(t) = &e.function_response_type {
        props.insert("FunctionResponseTypes".into(), json!([t]));
    }
    let optional = [
        (
            "MaximumRecordAgeInSeconds",
            &e.maximum_record_age_in_seconds,
        ),
        ("TumblingWindowInSeconds", &e.tumbling_window_in_seconds),
    ];
    for (name, v) in optional {
        if let Some(v) = v {
            props.insert(name.into(), v.clone());
        }
    }
    if let Some(d) = &e.on_failure {
        if d.kind == "sns" {
            statements.sns.push(d.arn.clone());
        } else {
            statements.sqs.push(d.arn.clone());
        }
        props.insert(
            "DestinationConfig".into(),
            json!({"OnFailure": {"Destination": d.arn}}),
        );
    }
    if let Some(p) = &e.filter_patterns {
        props.insert("FilterCriteria".into(), filter_criteria(p));
    }
    let mut consumer_resource = None;
    if let Some(consumer) = e.kinesis_consumer() {
        let source = match consumer {
            Consumer::Created => {
                let name = stream_consumer_name(key, &e.stream_name, naming);
                let id = stream_consumer_logical_id(&name);
                consumer_resource = Some((
                    id.clone(),
                    obj([
                        ("Type", "AWS::Kinesis::StreamConsumer".into()),
                        (
                            "Properties",
                            obj([("StreamARN", e.arn.clone()), ("ConsumerName", name.into())]),
                        ),
                    ]),
                ));
                depends_on.push(Value::String(id.clone()));
                reference(id)
            }
            Consumer::Existing(arn) => arn.clone(),
        };
        props.insert("EventSourceArn".into(), source.clone());
        statements.consumers.push(source);
        if let Some(t) = &e.starting_position_timestamp {
            props.insert("StartingPositionTimestamp".into(), t.clone());
        }
    }
    let id = stream_logical_id(key, &e.stream_type, &e.stream_name);
    cx.merge_resource(&id, mapping(depends_on, props));
    if let Some((id, resource)) = consumer_resource {
        cx.merge_resource(&id, resource);
    }
}
