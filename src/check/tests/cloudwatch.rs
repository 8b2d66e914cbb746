//! `cloudwatchEvent` and `cloudwatchLog` checks.

use super::{at, findings};
use crate::diag::codes;

fn svc(functions: &str) -> String {
    format!("service: demo\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n{functions}")
}

#[test]
fn cloudwatch_checks() {
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (
            "clean",
            svc(
                "  f:\n    handler: h.f\n    events:\n      - cloudwatchEvent:\n          event: {source: [aws.ec2]}\n          input: {a: 1}\n      - cloudwatchLog: /aws/lambda/x\n      - cloudwatchLog:\n          logGroup: /aws/lambda/x\n          filter: ERROR\n",
            ),
            vec![],
        ),
        (
            "two input settings",
            svc(
                "  f:\n    handler: h.f\n    events:\n      - cloudwatchEvent:\n          event: {source: [aws.ec2]}\n          input: '{}'\n          inputPath: $.detail\n",
            ),
            vec![at("9:9", "error", codes::EVENT_INPUT_PROPERTIES)],
        ),
        (
            "an input that is not JSON",
            svc(
                "  f:\n    handler: h.f\n    events:\n      - cloudwatchEvent:\n          event: {source: [aws.ec2]}\n          input: hello\n",
            ),
            vec![at("11:18", "error", codes::EVENT_INPUT_JSON)],
        ),
        (
            "a third filter on one log group, across functions",
            svc(
                "  f:\n    handler: h.f\n    events:\n      - cloudwatchLog: /g\n      - cloudwatchLog: /g\n  g:\n    handler: h.g\n    events:\n      - cloudwatchLog:\n          logGroup: /g\n",
            ),
            vec![at("14:9", "error", codes::LOG_SUBSCRIPTION_LIMIT)],
        ),
    ];
    for (name, text, want) in cases {
        assert_eq!(findings(&text), want, "{name}");
    }
}
