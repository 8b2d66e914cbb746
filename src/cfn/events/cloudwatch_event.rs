//! `cloudwatchEvent` events (SF v3 `cloud-watch-event.js`): an `AWS::Events::Rule` on the
//! default bus per event, numbered per function, and the Lambda permission for it; both are
//! merged into the template (`_.merge`).

use super::rule::{permission, state, target, with_alias};
use crate::cfn::Ctx;
use crate::cfn::functions::Aliases;
use crate::ir::events::cloudwatch_event::CloudwatchEvent;
use crate::ir::naming::{cloudwatch_event_logical_id, cloudwatch_event_permission_logical_id};
use serde_json::{Map, Value};

pub(crate) fn compile(cx: &mut Ctx) {
    let svc = cx.svc;
    if svc.events.cloudwatch_events.is_empty() {
        return;
    }
    let aliases = Aliases::new(svc);
    for e in &svc.events.cloudwatch_events {
        let key = e.origin.function.as_str();
        let n = e.origin.index;
        let rule_id = cloudwatch_event_logical_id(key, n);
        let rule = rule(&aliases, e);
        let permission = permission(&aliases, key, &rule_id);
        cx.merge_resource(&rule_id, rule);
        cx.merge_resource(&cloudwatch_event_permission_logical_id(key, n), permission);
    }
}

/// The rule (SF's template text, parsed: keys in its order, empty settings left out).
fn rule(aliases: &Aliases, e: &CloudwatchEvent) -> Value {
    let key = e.origin.function.as_str();
    let mut props = Map::new();
    props.insert("EventPattern".into(), e.pattern.clone());
    props.insert("State".into(), state(e.enabled));
    if let Some(description) = &e.description {
        props.insert("Description".into(), description.as_str().into());
    }
    if let Some(name) = &e.name {
        props.insert("Name".into(), name.as_str().into());
    }
    let target = target(
        aliases,
        key,
        e.input.as_deref(),
        e.input_path.as_deref(),
        e.input_transformer.as_ref(),
        &e.target_id,
    );
    props.insert("Targets".into(), target);
    with_alias("AWS::Events::Rule", aliases, key, props)
}
