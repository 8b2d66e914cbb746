//! Checks on `websocket` events.

use super::{HEAD, assert_cases, at};
use crate::diag::codes;

#[test]
fn websocket_checks() {
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (
            "authorizers on $connect, by function and by ARN",
            format!(
                "{HEAD}functions:\n  f:\n    handler: h.f\n    events:\n      - websocket:\n          route: $connect\n          authorizer: auth\n      - websocket: $default\n  auth:\n    handler: h.a\n"
            ),
            vec![],
        ),
        (
            "an authorizer that is not a function of the service",
            format!(
                "{HEAD}functions:\n  f:\n    handler: h.f\n    events:\n      - websocket:\n          route: $connect\n          authorizer:\n            name: auht\n  auth:\n    handler: h.a\n"
            ),
            vec![at("12:13", "error", codes::WEBSOCKET_AUTHORIZER_FUNCTION)],
        ),
        (
            "an authorizer on another route",
            format!(
                "{HEAD}functions:\n  f:\n    handler: h.f\n    events:\n      - websocket:\n          route: say\n          authorizer: arn:aws:lambda:us-east-1:123456789012:function:a\n"
            ),
            vec![at("11:23", "error", codes::WEBSOCKET_AUTHORIZER_ROUTE)],
        ),
        (
            "one route for two functions, and keys naming one resource",
            format!(
                "{HEAD}functions:\n  f:\n    handler: h.f\n    events:\n      - websocket: $default\n      - websocket: a-b\n  g:\n    handler: h.g\n    events:\n      - websocket: $default\n      - websocket: aDashb\n"
            ),
            vec![
                at("14:9", "warning", codes::WEBSOCKET_ROUTE_CONFLICT),
                at("15:9", "warning", codes::WEBSOCKET_ROUTE_CONFLICT),
            ],
        ),
        (
            "a log level SF does not know (warn mode lets it through)",
            format!(
                "{HEAD}  logs:\n    websocket:\n      level: DEBUG\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - websocket: $default\n"
            ),
            vec![at("7:14", "error", codes::WEBSOCKET_LOG_LEVEL)],
        ),
    ];
    assert_cases(cases);
}
