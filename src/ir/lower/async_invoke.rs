//! `destinations`, `maximumEventAge` and `maximumRetryAttempts` of a function →
//! [`AsyncInvoke`], with SF v3's tests (`compileFunctionEventInvokeConfig`): nothing unless
//! `destinations` is given, `maximumEventAge` is truthy or `maximumRetryAttempts` is not
//! `null`.

use crate::ir::async_invoke::{AsyncInvoke, Destination, Destinations};
use crate::load::{Node, Value};

pub fn lower(f: &Node) -> Option<AsyncInvoke> {
    let destinations = f.get("destinations").filter(|d| d.is_truthy());
    let maximum_event_age = f.get("maximumEventAge").filter(|n| n.is_truthy());
    let maximum_retry_attempts = f.get("maximumRetryAttempts").filter(|n| !n.is_null());
    if destinations.is_none() && maximum_event_age.is_none() && maximum_retry_attempts.is_none() {
        return None;
    }
    Some(AsyncInvoke {
        destinations: destinations.map(|d| Destinations {
            on_success: destination(d.get("onSuccess")),
            on_failure: destination(d.get("onFailure")),
        }),
        maximum_event_age: maximum_event_age.map(Node::to_json),
        maximum_retry_attempts: maximum_retry_attempts.map(Node::to_json),
    })
}

/// One destination, when truthy; a value of another shape is left to the schema.
fn destination(node: Option<&Node>) -> Option<Destination> {
    let node = node.filter(|n| n.is_truthy())?;
    match &node.value {
        Value::Str(s) if s.starts_with("arn:") => Some(Destination::Arn(s.clone())),
        Value::Str(s) => Some(Destination::Function(s.clone())),
        Value::Map(_) => Some(Destination::Typed {
            kind: node.get("type").and_then(Node::as_str).map(str::to_string),
            arn: node.get("arn").map(Node::to_json),
        }),
        _ => None,
    }
}
