//! The `events:` entries in the YAML itself, for checks that need what lowering does not keep
//! (forms, the spans of single settings): every entry of one type, or the settings of the
//! entry the IR says an event came from, so a finding points at the setting at fault.

use super::function_nodes;
use crate::ir::events::EventOrigin;
use crate::load::Node;
use crate::source::Span;

/// One event of the type asked for.
pub(crate) struct EventNode<'a> {
    /// The function's key under `functions:`.
    pub function: &'a str,
    /// The function's node.
    pub function_node: &'a Node,
    /// The event's settings (what follows `- <type>:`).
    pub value: &'a Node,
}

/// Every event of type `kind`, in configuration order.
pub(crate) fn events_of<'a>(root: &'a Node, kind: &str) -> Vec<EventNode<'a>> {
    let mut out = Vec::new();
    for (function, function_node) in function_nodes(root) {
        let Some(events) = function_node.get("events").and_then(Node::as_seq) else {
            continue;
        };
        for event in events {
            if let Some(value) = event.get(kind) {
                out.push(EventNode {
                    function,
                    function_node,
                    value,
                });
            }
        }
    }
    out
}

/// The settings of the `- <kind>: ...` entry at `origin`.
pub fn settings<'a>(root: &'a Node, origin: &EventOrigin, kind: &str) -> Option<&'a Node> {
    let function = super::function_node(root, &origin.function)?;
    function
        .get("events")?
        .as_seq()?
        .iter()
        .find(|e| e.span == origin.span)?
        .get(kind)
}

/// Where the setting `key` of the event at `origin` is written, else the event.
pub fn setting_span(root: &Node, origin: &EventOrigin, kind: &str, key: &str) -> Span {
    settings(root, origin, kind)
        .and_then(|s| s.get(key))
        .map_or(origin.span, |n| n.span)
}

/// Each event whose function's first event in `events` names another target than it does:
/// `(first, event)`. SF v3 gives a function one custom resource for its events on existing
/// targets (buckets, pools), which holds one target.
pub(crate) fn second_targets<T, K: PartialEq + ?Sized>(
    events: &[T],
    origin: impl Fn(&T) -> &EventOrigin,
    target: impl Fn(&T) -> &K,
) -> Vec<(&T, &T)> {
    events
        .iter()
        .enumerate()
        .filter_map(|(j, event)| {
            let first = events[..j]
                .iter()
                .find(|e| origin(e).function == origin(event).function)?;
            (target(first) != target(event)).then_some((first, event))
        })
        .collect()
}
