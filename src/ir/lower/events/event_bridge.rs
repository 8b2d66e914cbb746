//! `- eventBridge:` → [`EventBridgeRule`] (SF v3 `event-bridge/index.js`), the same for its
//! CloudFormation path (`provider.eventBridge` absent or `useCloudFormation: true`) and its
//! custom resource ([`uses_custom_resource`]). Values are kept as written; SF's own errors
//! (more than one input setting; what its custom resource cannot do) are `check`'s.

use crate::ir::events::EventOrigin;
use crate::ir::events::event_bridge::EventBridgeRule;
use crate::ir::lower::LowerContext;
use crate::ir::lower::shape::{bool_at, string, wrong};
use crate::ir::naming::upper_first;
use crate::load::{Node, Value};
use serde_json::{Map, Value as Json};

/// Whether SF deploys `eventBridge` events through its custom resource:
/// `provider.eventBridge ? provider.eventBridge.useCloudFormation : true` is falsy.
pub fn uses_custom_resource(provider: &Node) -> bool {
    match provider.get("eventBridge").filter(|o| o.is_truthy()) {
        None => false,
        Some(options) => !options
            .get("useCloudFormation")
            .is_some_and(Node::is_truthy),
    }
}

/// The event, or `None` when there is none (a falsy value, which SF skips) or it cannot be
/// compiled (reported). `position` is the event's place among all of the function's events.
pub fn lower(
    cx: &mut LowerContext,
    origin: EventOrigin,
    position: usize,
    value: &Node,
) -> Option<EventBridgeRule> {
    let value = super::settings_map(
        cx,
        value,
        "eventBridge",
        "a mapping with `pattern` or `schedule`",
    )?;
    let d = &mut cx.diags;
    // `if (!RuleName)`: an empty name is no name
    let name = string(d, truthy(value, "name"), "name").filter(|n| !n.is_empty());
    let input_transformer = match truthy(value, "inputTransformer") {
        None => None,
        Some(node) => match node.as_map() {
            // `_.mapKeys(..., key[0].toLocaleUpperCase() + key.slice(1))`
            Some(m) => Some(Json::Object(
                m.iter()
                    .map(|(k, e)| (upper_first(k), e.value.to_json()))
                    .collect(),
            )),
            None => {
                wrong(d, node, "inputTransformer", "a mapping");
                return None;
            }
        },
    };
    Some(EventBridgeRule {
        origin,
        position,
        name,
        description: json(value, "description"),
        event_bus: event_bus(value),
        schedule: json(value, "schedule"),
        pattern: json(value, "pattern"),
        enabled: bool_at(d, value, "enabled") != Some(false),
        input: truthy(value, "input").map(Node::to_json),
        input_path: truthy(value, "inputPath").map(Node::to_json),
        input_transformer,
        retry_policy: truthy(value, "retryPolicy").map(retry_policy),
        dead_letter_queue_arn: truthy(value, "deadLetterQueueArn").map(Node::to_json),
    })
}

/// `eventBus`: a name or ARN (a number or boolean is one, as SF's validator coerces it), or an
/// intrinsic function.
fn event_bus(parent: &Node) -> Option<Json> {
    let node = parent.get("eventBus").filter(|n| !n.is_null())?;
    match &node.value {
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
            string(&mut Default::default(), Some(node), "eventBus").map(Json::String)
        }
        _ => Some(node.to_json()),
    }
}

/// A child SF tests for truthiness before using it.
fn truthy<'a>(parent: &'a Node, key: &str) -> Option<&'a Node> {
    parent.get(key).filter(|n| n.is_truthy())
}

/// A child passed on as written (`null` left out).
fn json(parent: &Node, key: &str) -> Option<Json> {
    parent.get(key).filter(|n| !n.is_null()).map(Node::to_json)
}

/// `{MaximumEventAgeInSeconds, MaximumRetryAttempts}` from `{maximumEventAge,
/// maximumRetryAttempts}` (an absent one is `undefined`, so left out).
fn retry_policy(node: &Node) -> Json {
    let mut m = Map::new();
    for (from, to) in [
        ("maximumEventAge", "MaximumEventAgeInSeconds"),
        ("maximumRetryAttempts", "MaximumRetryAttempts"),
    ] {
        if let Some(v) = node.get(from) {
            m.insert(to.into(), v.to_json());
        }
    }
    Json::Object(m)
}
