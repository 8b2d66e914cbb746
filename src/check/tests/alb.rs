//! Checks on `alb` events.

use super::{HEAD, assert_cases, at};
use crate::diag::codes;
const LISTENER: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/0123456789abcdef/fedcba9876543210";

/// A function `name` with one `alb` event made of `settings` (indented lines).
fn function(name: &str, settings: &str) -> String {
    format!("  {name}:\n    handler: h.{name}\n    events:\n      - alb:\n{settings}")
}

#[test]
fn alb_checks() {
    let rule = |priority: u32| {
        format!(
            "          listenerArn: {LISTENER}\n          priority: {priority}\n          conditions:\n            path: /x\n"
        )
    };
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (
            "two functions, their own priorities, a known authorizer",
            format!(
                "{HEAD}  alb:\n    authorizers:\n      a:\n        type: cognito\n        userPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/p\n        userPoolClientId: c\n        userPoolDomain: d\nfunctions:\n{}{}",
                function("f", &format!("{}          authorizer: [a]\n", rule(1))),
                function("g", &rule(2))
            ),
            vec![],
        ),
        (
            "no condition",
            format!(
                "{HEAD}functions:\n{}",
                function(
                    "f",
                    &format!(
                        "          listenerArn: {LISTENER}\n          priority: 1\n          conditions: {{}}\n"
                    )
                )
            ),
            vec![at("12:23", "error", codes::ALB_CONDITIONS)],
        ),
        (
            "a listener that is not an ARN",
            format!(
                "{HEAD}functions:\n{}",
                function(
                    "f",
                    "          listenerArn: arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x\n          priority: 1\n          conditions:\n            path: /x\n"
                )
            ),
            vec![at("10:24", "error", codes::ALB_LISTENER_ARN)],
        ),
        (
            "a target group name beside the prefix",
            format!(
                "{HEAD}  alb:\n    targetGroupPrefix: p-\nfunctions:\n{}",
                function("f", &format!("{}          targetGroupName: tg\n", rule(1)))
            ),
            vec![at("16:28", "error", codes::ALB_TARGET_GROUP_NAME)],
        ),
        (
            "an unknown authorizer",
            format!(
                "{HEAD}functions:\n{}",
                function("f", &format!("{}          authorizer: [nope]\n", rule(1)))
            ),
            vec![at("14:23", "error", codes::ALB_AUTHORIZER)],
        ),
        (
            "one priority on one listener for two functions",
            format!(
                "{HEAD}functions:\n{}{}",
                function("f", &rule(1)),
                function("g", &rule(1))
            ),
            vec![at("19:21", "error", codes::ALB_PRIORITY)],
        ),
        (
            "one priority for one function on two listeners",
            format!(
                "{HEAD}functions:\n{}      - alb:\n          listenerArn: {{Ref: Other}}\n          priority: 1\n          conditions:\n            path: /y\n",
                function("f", &rule(1))
            ),
            vec![at("16:21", "error", codes::ALB_PRIORITY)],
        ),
        (
            "too many values: four paths; six values in all",
            format!(
                "{HEAD}functions:\n{}{}",
                function(
                    "f",
                    &format!(
                        "          listenerArn: {LISTENER}\n          priority: 1\n          conditions:\n            path: [/a, /b, /c, /d]\n"
                    )
                ),
                function(
                    "g",
                    &format!(
                        "          listenerArn: {LISTENER}\n          priority: 2\n          conditions:\n            path: [/a, /b]\n            method: [GET, POST]\n            ip: [10.0.0.0/8, 10.1.0.0/16]\n"
                    )
                )
            ),
            vec![
                at("13:13", "error", codes::ALB_CONDITIONS),
                at("21:13", "error", codes::ALB_CONDITIONS),
            ],
        ),
        (
            "a health check timing out after its interval",
            format!(
                "{HEAD}functions:\n{}",
                function(
                    "f",
                    &format!(
                        "{}          healthCheck:\n            intervalSeconds: 10\n",
                        rule(1)
                    )
                )
            ),
            vec![at("15:13", "error", codes::ALB_HEALTH_CHECK)],
        ),
    ];
    assert_cases(cases);
}
