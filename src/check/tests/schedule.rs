//! `schedule` checks: SF v3's errors and what EventBridge rejects.

use super::{at, findings};
use crate::diag::codes;

fn svc(events: &str) -> String {
    format!(
        "service: demo\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  f:\n    handler: h.f\n    events:\n{events}"
    )
}

#[test]
fn schedule_checks() {
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (
            "clean schedules",
            svc(
                "      - schedule: rate(1 minute)\n      - schedule:\n          rate: [cron(0 8 * * ? *), rate(2 hours)]\n      - schedule:\n          method: scheduler\n          rate: at(2030-01-01T00:00:00)\n          timezone: Europe/Paris\n",
            ),
            vec![],
        ),
        (
            "a name with two rates",
            svc(
                "      - schedule:\n          rate: [rate(1 hour), rate(2 hours)]\n          name: nightly\n",
            ),
            vec![at("11:17", "error", codes::SCHEDULE_NAME_WITH_RATES)],
        ),
        (
            "scheduler with inputPath and inputTransformer, timezone on the bus",
            svc(
                "      - schedule:\n          method: scheduler\n          rate: rate(1 hour)\n          inputPath: $.x\n          inputTransformer:\n            inputTemplate: x\n      - schedule:\n          rate: rate(1 hour)\n          timezone: UTC\n",
            ),
            vec![
                at("12:22", "error", codes::SCHEDULE_PARAMETER),
                at("14:13", "error", codes::SCHEDULE_PARAMETER),
                at("17:21", "error", codes::SCHEDULE_PARAMETER),
            ],
        ),
        (
            "expressions EventBridge rejects, at each one",
            svc(
                "      - schedule: rate(1 minutes)\n      - schedule:\n          rate:\n            - cron(0 8 * * * *)\n            - rate(5 minutes)\n            - cron(0 8 1 * MON *)\n",
            ),
            vec![
                at("9:19", "error", codes::SCHEDULE_EXPRESSION),
                at("12:15", "error", codes::SCHEDULE_EXPRESSION),
                at("14:15", "error", codes::SCHEDULE_EXPRESSION),
            ],
        ),
        (
            "an input that is not JSON",
            svc("      - schedule:\n          rate: rate(1 hour)\n          input: plain text\n"),
            vec![at("11:18", "error", codes::EVENT_INPUT_JSON)],
        ),
        (
            "names EventBridge rejects; an empty input for the scheduler",
            svc(
                "      - schedule:\n          rate: rate(1 hour)\n          name: my rule\n      - schedule:\n          method: scheduler\n          rate: rate(1 hour)\n          name: ''\n          input: ''\n",
            ),
            vec![
                at("11:17", "error", codes::EVENT_RULE_NAME),
                at("15:17", "error", codes::EVENT_RULE_NAME),
                at("16:18", "error", codes::EVENT_EMPTY_SETTING),
            ],
        ),
        (
            "the scheduler takes any input",
            svc(
                "      - schedule:\n          method: scheduler\n          rate: rate(1 hour)\n          input: plain text\n",
            ),
            vec![],
        ),
    ];
    for (name, text, want) in cases {
        assert_eq!(findings(&text), want, "{name}");
    }
}

#[test]
fn a_long_function_key_makes_a_target_id_eventbridge_rejects() {
    let key = "f".repeat(57);
    let text = format!(
        "service: demo\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  {key}:\n    handler: h.f\n    name: short\n    events:\n      - schedule: rate(1 hour)\n"
    );
    assert_eq!(
        findings(&text),
        [at("10:9", "error", codes::EVENT_TARGET_ID)]
    );
}

#[test]
fn a_scheduler_schedule_on_a_role_of_the_users_is_a_warning() {
    let text = "service: demo\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  f:\n    handler: h.f\n    role: arn:aws:iam::123456789012:role/mine\n    events:\n      - schedule:\n          method: scheduler\n          rate: rate(1 hour)\n";
    assert_eq!(
        findings(text),
        [at("11:19", "warning", codes::SCHEDULER_ROLE)]
    );
}
