//! `eventBridge` checks: SF v3's errors and deprecations, and what EventBridge rejects.

use super::{at, findings};
use crate::diag::codes;

fn svc(provider: &str, events: &str) -> String {
    format!(
        "service: demo\nprovider:\n  name: aws\n  runtime: nodejs22.x\n{provider}functions:\n  f:\n    handler: h.f\n    events:\n{events}"
    )
}

#[test]
fn event_bridge_checks() {
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (
            "clean",
            svc(
                "",
                "      - eventBridge:\n          eventBus: arn:aws:events:us-east-1:1:event-bus/default\n          schedule: rate(1 hour)\n      - eventBridge:\n          eventBus: orders\n          pattern: {source: [a]}\n          input: {a: 1}\n",
            ),
            vec![],
        ),
        (
            "two input settings",
            svc(
                "",
                "      - eventBridge:\n          pattern: {source: [a]}\n          input: {a: 1}\n          inputPath: $.detail\n",
            ),
            vec![at("10:11", "error", codes::EVENT_INPUT_PROPERTIES)],
        ),
        (
            "a schedule EventBridge does not read, and one on a custom bus",
            svc(
                "",
                "      - eventBridge:\n          schedule: rate(5 minute)\n      - eventBridge:\n          eventBus: orders\n          schedule: rate(5 minutes)\n",
            ),
            vec![
                at("10:21", "error", codes::SCHEDULE_EXPRESSION),
                at("13:21", "error", codes::EVENT_BRIDGE_SCHEDULE_BUS),
            ],
        ),
        (
            "a rule name EventBridge rejects, an empty bus",
            svc(
                "",
                "      - eventBridge:\n          name: a/b\n          eventBus: ''\n          pattern: {source: [a]}\n",
            ),
            vec![
                at("10:17", "error", codes::EVENT_RULE_NAME),
                at("11:21", "error", codes::EVENT_EMPTY_SETTING),
            ],
        ),
        (
            "a bus name SF reads as an ARN",
            svc(
                "",
                "      - eventBridge:\n          eventBus: arnold\n          pattern: {source: [a]}\n",
            ),
            vec![at("10:21", "warning", codes::EVENT_BRIDGE_BUS_NAME)],
        ),
        (
            "the custom resource: retry policy, dead-letter queue, intrinsic bus",
            svc(
                "  eventBridge:\n    useCloudFormation: false\n",
                "      - eventBridge:\n          eventBus: {Ref: Bus}\n          pattern: {source: [a]}\n          retryPolicy: {maximumRetryAttempts: 1}\n          deadLetterQueueArn: arn:aws:sqs:us-east-1:1:q\n",
            ),
            vec![
                at("6:24", "warning", codes::DEPRECATED),
                at("12:21", "error", codes::EVENT_BRIDGE_CUSTOM_RESOURCE),
                at("14:24", "error", codes::EVENT_BRIDGE_CUSTOM_RESOURCE),
                at("15:31", "error", codes::EVENT_BRIDGE_CUSTOM_RESOURCE),
            ],
        ),
        (
            "useCloudFormation without eventBridge events",
            svc(
                "  eventBridge:\n    useCloudFormation: true\n",
                "      - schedule: rate(1 hour)\n",
            ),
            vec![at("6:24", "warning", codes::DEPRECATED)],
        ),
    ];
    for (name, text, want) in cases {
        assert_eq!(findings(&text), want, "{name}");
    }
}
