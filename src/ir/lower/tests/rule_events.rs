//! Lowering `schedule`, `cloudwatchEvent`, `cloudwatchLog` and `eventBridge` events: SF v3's
//! forms, its JSON-text round trip and the events it skips or cannot compile.

use super::{lower_text, shorts, svc};
use crate::diag::codes;
use crate::ir::events::schedule::ScheduleMethod;
use serde_json::json;

fn service(events: &str) -> String {
    format!(
        "service: demo\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.f\n    events:\n{events}"
    )
}

#[test]
fn schedules_in_both_forms() {
    let s = svc(&service(
        "      - schedule: rate(1 minute)\n      - schedule:\n          rate: cron(0 8 * * ? *)\n          enabled: false\n          name: ''\n          input:\n            body: '{\"a\": 1.0}'\n      - schedule:\n          method: scheduler\n          rate: [rate(1 hour), {Ref: Expr}]\n          name: ''\n          input: {x: 1}\n",
    ));
    let [string_form, object_form, scheduler] = &s.events.schedules[..] else {
        panic!("{:?}", s.events.schedules);
    };
    assert_eq!(string_form.expressions, [json!("rate(1 minute)")]);
    assert!(string_form.enabled);
    assert_eq!(string_form.target_id, "fSchedule");
    // a scalar rate is a one-item list; the body is parsed, its numbers as JavaScript's
    assert_eq!(object_form.expressions, [json!("cron(0 8 * * ? *)")]);
    assert!(!object_form.enabled);
    assert_eq!(
        object_form.name, None,
        "an empty name is left out on the bus"
    );
    assert_eq!(object_form.input.as_deref(), Some(r#"{"body":{"a":1}}"#));
    assert_eq!(scheduler.method, ScheduleMethod::Scheduler);
    assert_eq!(scheduler.expressions[1], json!({"Ref": "Expr"}));
    assert_eq!(
        scheduler.name.as_deref(),
        Some(""),
        "kept for the scheduler"
    );
    assert_eq!(scheduler.input.as_deref(), Some(r#"{"x":1}"#));
    assert_eq!(
        s.events
            .schedules
            .iter()
            .map(|e| e.origin.index)
            .collect::<Vec<_>>(),
        [1, 2, 3]
    );
}

#[test]
fn the_event_bus_decodes_what_sf_writes_into_json_text() {
    let s = svc(&service(
        "      - schedule:\n          rate: rate(1 hour)\n          description: 'tab\\there'\n          input: '{\"k\":\"a\\nb\"}'\n      - schedule:\n          method: scheduler\n          rate: rate(1 hour)\n          description: 'tab\\there'\n",
    ));
    let [bus, scheduler] = &s.events.schedules[..] else {
        panic!()
    };
    assert_eq!(bus.description.as_deref(), Some("tab\there"));
    assert_eq!(bus.input.as_deref(), Some("{\"k\":\"a\nb\"}"));
    assert_eq!(scheduler.description.as_deref(), Some("tab\\there"));
}

#[test]
fn values_that_break_sfs_template_are_reported() {
    for (events, at) in [
        (
            "      - schedule:\n          rate: rate(1 hour)\n          input: '{\"say\":\"\\\"hi\\\"\"}'\n",
            "10:18",
        ),
        (
            "      - schedule:\n          rate: rate(1 hour)\n          name: 'a\"b'\n",
            "10:17",
        ),
        (
            "      - schedule:\n          rate: rate(1 hour)\n          input:\n            body: 'not json'\n",
            "11:19",
        ),
        (
            // `a\n` ends in `\\n` in the pattern's JSON; SF drops `\n` from it: `"a\"`
            "      - cloudwatchEvent:\n          event: {source: ['a\\n']}\n",
            "9:18",
        ),
        ("      - cloudwatchLog: 'a\\x'\n", "8:24"),
    ] {
        let (s, d, sm) = lower_text(&service(events));
        let s = s.unwrap();
        let got = shorts(&d, &sm);
        assert!(
            got.len() == 1
                && got[0].contains(codes::SF_JSON_TEXT)
                && got[0].contains(&format!(":{at}:")),
            "{events}: {got:?}"
        );
        assert!(s.events.schedules.is_empty() && s.events.cloudwatch_events.is_empty());
        assert!(s.events.cloudwatch_logs.is_empty() && s.unsupported_events.is_empty());
    }
}

#[test]
fn falsy_events_are_skipped_as_sf_skips_them() {
    let s = svc(&service(
        "      - schedule: ''\n      - cloudwatchEvent: null\n      - cloudwatchLog: false\n      - eventBridge: 0\n",
    ));
    assert!(s.events.schedules.is_empty() && s.events.cloudwatch_events.is_empty());
    assert!(s.events.cloudwatch_logs.is_empty() && s.events.event_bridge_rules.is_empty());
    assert!(s.unsupported_events.is_empty());
}

#[test]
fn cloudwatch_events_and_logs() {
    let s = svc(&service(
        "      - cloudwatchEvent:\n          event: {source: [\"x\\ny\"]}\n          input: '{\"a\":\"1\\n2\"}'\n          inputPath: \"$.a\\n\"\n      - cloudwatchLog:\n          logGroup: \"/g\\n\"\n          filter: '{$.a = \\\"b\\\"}'\n      - cloudwatchLog: /h\n",
    ));
    let e = &s.events.cloudwatch_events[0];
    assert_eq!(e.pattern, json!({"source": ["xy"]}));
    assert_eq!(e.input.as_deref(), Some(r#"{"a":"12"}"#));
    assert_eq!(e.input_path.as_deref(), Some("$.a"));
    assert_eq!(e.target_id, "fCloudWatchEvent");
    let [first, second] = &s.events.cloudwatch_logs[..] else {
        panic!()
    };
    assert_eq!(first.log_group, "/g");
    assert_eq!(first.filter_pattern, r#"{$.a = "b"}"#);
    assert_eq!(
        (second.log_group.as_str(), second.filter_pattern.as_str()),
        ("/h", "")
    );
    assert_eq!((first.origin.index, second.origin.index), (1, 2));
}

#[test]
fn a_cloudwatch_event_without_a_pattern_is_an_error() {
    let (_, d, sm) = lower_text(&service(
        "      - cloudwatchEvent:\n          input: '{}'\n",
    ));
    let got = shorts(&d, &sm);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains(codes::CLOUDWATCH_EVENT_PATTERN) && got[0].contains(":9:11:"));
}

#[test]
fn event_bridge_rules_count_every_event_of_the_function() {
    let s = svc(&service(
        "      - http: GET /a\n      - eventBridge:\n          pattern: {source: [a]}\n          name: ''\n          inputTransformer: {inputTemplate: x, inputPathsMap: {a: $.a}}\n          retryPolicy: {maximumRetryAttempts: 0}\n      - schedule: rate(1 hour)\n      - eventBridge:\n          schedule: rate(1 hour)\n          eventBus: 5\n",
    ));
    let [first, second] = &s.events.event_bridge_rules[..] else {
        panic!()
    };
    assert_eq!((first.position, second.position), (2, 4));
    assert_eq!((first.origin.index, second.origin.index), (1, 2));
    assert_eq!(first.name, None);
    assert_eq!(
        first.input_transformer,
        Some(json!({"InputTemplate": "x", "InputPathsMap": {"a": "$.a"}}))
    );
    assert_eq!(first.retry_policy, Some(json!({"MaximumRetryAttempts": 0})));
    assert_eq!(second.event_bus, Some(json!("5")));
}

#[test]
fn event_bridge_goes_through_sfs_custom_resource_unless_use_cloud_formation_is_true() {
    for (provider, custom_resource) in [
        ("", false),
        ("  eventBridge: {}\n", true),
        ("  eventBridge:\n    useCloudFormation: false\n", true),
        ("  eventBridge:\n    useCloudFormation: true\n", false),
    ] {
        let text = format!(
            "service: demo\nprovider:\n  name: aws\n{provider}functions:\n  f:\n    handler: h.f\n    events:\n      - eventBridge:\n          pattern: {{source: [a]}}\n"
        );
        let s = svc(&text);
        assert_eq!(s.events.event_bridge_rules.len(), 1, "{provider}");
        assert!(s.unsupported_events.is_empty(), "{provider}");
        assert_eq!(
            s.events.event_bridge_custom_resource, custom_resource,
            "{provider}"
        );
    }
}
