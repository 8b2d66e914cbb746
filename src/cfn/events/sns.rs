//! `sns` events (SF v3 `sns.js`): for a topic given by name, the `AWS::SNS::Topic` (its Lambda
//! subscriptions inline, unless the event has a filter policy or a dead-letter queue, which
//! need an `AWS::SNS::Subscription`); for a topic given by ARN, the subscription; then the
//! permission letting SNS invoke the function, and the dead-letter queue's
//! `AWS::SQS::QueuePolicy`.

use super::super::Ctx;
use super::super::functions::Aliases;
use super::super::js::{self, opt, undef};
use super::super::value::{get_att, join, obj, reference};
use crate::ir::events::sns::{SnsDeadLetter, SnsEvent};
use crate::ir::naming::{
    sns_permission_logical_id, sns_subscription_logical_id, topic_dlq_policy_logical_id,
    topic_logical_id,
};
use serde_json::{Value, json};

pub(crate) fn compile(cx: &mut Ctx) {
    let aliases = Aliases::new(cx.svc);
    for event in &cx.svc.events.sns {
        compile_event(cx, &aliases, event);
    }
}

fn compile_event(cx: &mut Ctx, aliases: &Aliases, event: &SnsEvent) {
    let key = event.origin.function.as_str();
    let topic = event.topic_name.as_str();
    let redrive = event
        .dead_letter
        .as_ref()
        .map(|dlq| dead_letter(cx, key, event, dlq));
    let endpoint = aliases.target(key);
    let depends_on = aliases.depends_on(key);
    let subscription_id = sns_subscription_logical_id(key, topic);
    let topic_arn = match &event.arn {
        Some(arn) => {
            // SF names the region only for an ARN string in the object form
            let region = event
                .arn_region
                .as_ref()
                .filter(|r| **r != cx.svc.region)
                .cloned();
            cx.merge_resource(
                &subscription_id,
                obj([
                    ("Type", "AWS::SNS::Subscription".into()),
                    ("DependsOn", depends_on.clone()),
                    (
                        "Properties",
                        obj([
                            ("TopicArn", arn.clone()),
                            ("Protocol", "lambda".into()),
                            ("Endpoint", endpoint.clone()),
                            ("FilterPolicy", opt(event.filter_policy.clone())),
                            ("FilterPolicyScope", opt(event.filter_policy_scope.clone())),
                            ("RedrivePolicy", opt(redrive)),
                            ("Region", opt(region)),
                        ]),
                    ),
                ]),
            );
            arn.clone()
        }
        None => {
            let topic_id = topic_logical_id(topic);
            let subscription = obj([
                ("Endpoint", endpoint.clone()),
                ("Protocol", "lambda".into()),
            ]);
            if !cx.resources.contains_key(&topic_id) {
                let mut props = serde_json::Map::new();
                props.insert("TopicName".into(), topic.into());
                if let Some(name) = &event.display_name {
                    props.insert("DisplayName".into(), name.as_str().into());
                }
                cx.merge_resource(
                    &topic_id,
                    obj([
                        ("Type", "AWS::SNS::Topic".into()),
                        ("DependsOn", depends_on.clone()),
                        ("Properties", Value::Object(props)),
                    ]),
                );
            }
            if event.filter_policy.is_some() || redrive.is_some() {
                let mut props = subscription;
                js::merge(
                    &mut props,
                    obj([
                        ("TopicArn", reference(&topic_id)),
                        ("FilterPolicy", opt(event.filter_policy.clone())),
                        ("FilterPolicyScope", opt(event.filter_policy_scope.clone())),
                        ("RedrivePolicy", opt(redrive)),
                    ]),
                );
                cx.merge_resource(
                    &subscription_id,
                    obj([
                        ("Type", "AWS::SNS::Subscription".into()),
                        ("Properties", props),
                    ]),
                );
            } else {
                push_inline_subscription(cx, &topic_id, subscription);
            }
            topic_arn_of_name(topic)
        }
    };
    cx.merge_resource(
        &sns_permission_logical_id(key, topic),
        obj([
            ("Type", "AWS::Lambda::Permission".into()),
            ("DependsOn", depends_on),
            (
                "Properties",
                obj([
                    ("FunctionName", endpoint),
                    ("Action", "lambda:InvokeFunction".into()),
                    ("Principal", "sns.amazonaws.com".into()),
                    ("SourceArn", topic_arn),
                ]),
            ),
        ]),
    );
}

/// Appends a subscription to the topic's `Subscription` list (made on first use).
fn push_inline_subscription(cx: &mut Ctx, topic_id: &str, subscription: Value) {
    let Some(props) = cx.properties_mut(topic_id) else {
        return;
    };
    let list = props
        .entry("Subscription")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(list) = list {
        list.push(subscription);
    }
}

/// `arn:<partition>:sns:<region>:<account>:<topic>` of a topic the stack creates.
fn topic_arn_of_name(topic: &str) -> Value {
    join(
        "",
        vec![
            "arn:".into(),
            reference("AWS::Partition"),
            ":sns:".into(),
            reference("AWS::Region"),
            ":".into(),
            reference("AWS::AccountId"),
            ":".into(),
            topic.into(),
        ],
    )
}

/// The subscription's `RedrivePolicy`, after the `AWS::SQS::QueuePolicy` letting the topic
/// send to the queue. Its condition names the topic's ARN only when the event gives one: for
/// a topic by name SF writes `ArnEquals: {}` (the ARN is not known yet at that point).
fn dead_letter(cx: &mut Ctx, key: &str, event: &SnsEvent, dlq: &SnsDeadLetter) -> Value {
    let (target_arn, target_url) = match dlq {
        SnsDeadLetter::Arn(arn) => {
            let mut parts = arn.rsplit(':');
            let queue = parts.next().unwrap_or_default();
            let account = parts.next().unwrap_or("undefined");
            let region = parts.next().unwrap_or("undefined");
            let url = join(
                "",
                vec![
                    format!("https://sqs.{region}.").into(),
                    reference("AWS::URLSuffix"),
                    format!("/{account}/{queue}").into(),
                ],
            );
            (Value::String(arn.clone()), url)
        }
        SnsDeadLetter::Ref(id) => (get_att(id.as_str(), "Arn"), reference(id.as_str())),
        SnsDeadLetter::Import { arn, url } => (
            json!({"Fn::ImportValue": arn}),
            json!({"Fn::ImportValue": url}),
        ),
    };
    let policy_id = topic_dlq_policy_logical_id(key, &event.topic_name);
    let statement = obj([
        ("Effect", "Allow".into()),
        ("Principal", obj([("Service", "sns.amazonaws.com".into())])),
        ("Action", "sqs:SendMessage".into()),
        ("Resource", target_arn.clone()),
        (
            "Condition",
            obj([(
                "ArnEquals",
                obj([("aws:SourceArn", event.arn.clone().unwrap_or_else(undef))]),
            )]),
        ),
    ]);
    cx.assign_resource(
        &policy_id,
        obj([
            ("Type", "AWS::SQS::QueuePolicy".into()),
            (
                "Properties",
                obj([
                    (
                        "PolicyDocument",
                        obj([
                            ("Version", "2012-10-17".into()),
                            ("Id", policy_id.as_str().into()),
                            ("Statement", Value::Array(vec![statement])),
                        ]),
                    ),
                    ("Queues", Value::Array(vec![target_url])),
                ]),
            ),
        ]),
    );
    obj([("deadLetterTargetArn", target_arn)])
}
