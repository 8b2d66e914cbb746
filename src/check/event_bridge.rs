//! Checks on `eventBridge` events: SF v3's errors (more than one input setting; with its
//! custom resource, a retry policy, a dead-letter queue or a bus given by an intrinsic
//! function) and deprecations (`provider.eventBridge.useCloudFormation`), and what AWS rejects
//! at deploy (a schedule EventBridge does not read, or on a bus other than the default one; a
//! rule name it does not take; an empty bus name).
//! SF's errors are read from the YAML, where each setting's span is.

use super::cloudwatch::one_input_only;
use super::event_nodes;
use super::schedule::{empty_setting, expression, rule_name};
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::Service;
use crate::load::{Node, Value};
use serde_json::Value as Json;

pub fn check_event_bridge(service: &Service, root: &Node, d: &mut Diagnostics) {
    let events: Vec<&Node> = event_nodes::events_of(root, "eventBridge")
        .into_iter()
        .map(|e| e.value)
        .filter(|n| n.is_truthy())
        .collect();
    let provider = root.get("provider");
    let custom_resource = service.events.event_bridge_custom_resource;
    for e in &events {
        sf_errors(e, custom_resource, d);
    }
    deprecations(provider, !events.is_empty(), d);
    for rule in &service.events.event_bridge_rules {
        let at = |key: &str| event_nodes::setting_span(root, &rule.origin, "eventBridge", key);
        if let Some(Json::String(schedule)) = &rule.schedule {
            expression(schedule, false, at("schedule"), d);
            if let Some(bus) = custom_bus(rule.event_bus.as_ref()) {
                d.push(
                    Diagnostic::error(
                        codes::EVENT_BRIDGE_SCHEDULE_BUS,
                        format!(
                            "EventBridge runs schedules on the default bus only, not on `{bus}`"
                        ),
                    )
                    .at(at("schedule"))
                    .label("schedule on a custom bus")
                    .help("remove `eventBus` from this event (or use a `schedule` event)"),
                );
            }
        }
        if let Some(name) = &rule.name {
            rule_name(name, at("name"), d);
        }
        if rule.event_bus.as_ref().is_some_and(|b| b == "") {
            d.push(empty_setting("eventBus", "EventBridge", at("eventBus")));
        }
        if let Some(Json::String(bus)) = &rule.event_bus
            && bus.starts_with("arn")
            && !bus.starts_with("arn:")
        {
            d.push(
                Diagnostic::warning(
                    codes::EVENT_BRIDGE_BUS_NAME,
                    format!("SF v3 takes `{bus}` for an ARN: it creates no bus of that name"),
                )
                .at(at("eventBus"))
                .label("read as an existing bus")
                .help("SF treats every bus starting with `arn` as existing; rename the bus or create it in `resources`"),
            );
        }
    }
}

/// The name of a bus other than the default one, when the event names one.
fn custom_bus(bus: Option<&Json>) -> Option<&str> {
    let Json::String(bus) = bus? else {
        return None;
    };
    let name = if bus.starts_with("arn") {
        bus.split_once('/').map_or(bus.as_str(), |(_, n)| n)
    } else {
        bus
    };
    (!name.is_empty() && name != "default").then_some(bus)
}

/// What SF v3 throws for, in the order it checks.
fn sf_errors(e: &Node, custom_resource: bool, d: &mut Diagnostics) {
    let truthy = |key: &str| e.get(key).filter(|n| n.is_truthy());
    let inputs = ["input", "inputPath", "inputTransformer"]
        .iter()
        .filter(|k| truthy(k).is_some())
        .count();
    if inputs > 1 {
        d.push(one_input_only(e.span, "eventBridge"));
    }
    if !custom_resource {
        return;
    }
    let mut custom = |node: &Node, message: &str| {
        d.push(
            Diagnostic::error(codes::EVENT_BRIDGE_CUSTOM_RESOURCE, message.to_string())
                .at(node.span)
                .label("not with SF's custom resource")
                .help("set `provider.eventBridge.useCloudFormation: true` (or remove `provider.eventBridge`) to compile the rules to CloudFormation"),
        );
    };
    if let Some(n) = truthy("retryPolicy") {
        custom(
            n,
            "`retryPolicy` is not supported when EventBridge is set up by SF's custom resource",
        );
    }
    if let Some(n) = truthy("deadLetterQueueArn") {
        custom(
            n,
            "`deadLetterQueueArn` is not supported when EventBridge is set up by SF's custom resource",
        );
    }
    if let Some(n) = e
        .get("eventBus")
        .filter(|b| matches!(b.value, Value::Map(_) | Value::Seq(_)))
    {
        custom(
            n,
            "an event bus given by an intrinsic function is not supported when EventBridge is set up by SF's custom resource",
        );
    }
}

/// SF's `AWS_EVENT_BRIDGE_CUSTOM_RESOURCE_LEGACY_OPT_IN` deprecations.
fn deprecations(provider: Option<&Node>, has_events: bool, d: &mut Diagnostics) {
    let Some(setting) = provider
        .and_then(|p| p.path(["eventBridge", "useCloudFormation"]))
        .filter(|n| !n.is_null())
    else {
        return;
    };
    let message = match (has_events, &setting.value) {
        (true, Value::Bool(false)) => {
            "EventBridge set up by SF's custom resource is deprecated (`useCloudFormation: false`)"
        }
        (true, Value::Bool(true)) => {
            "`useCloudFormation: true` is SF v3's default already; SF v4 will not read it"
        }
        (true, _) => return,
        (false, _) => {
            "`provider.eventBridge.useCloudFormation` is set but no function has an `eventBridge` event"
        }
    };
    d.push(
        Diagnostic::warning(codes::DEPRECATED, message)
            .at(setting.span)
            .label("deprecated")
            .help("remove `provider.eventBridge.useCloudFormation`: CloudFormation is the default"),
    );
}
