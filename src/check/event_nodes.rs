//! The `events:` entries of one type, as written, for checks that need the YAML itself (forms
//! lowering does not keep, and the spans of their keys).

use super::function_nodes;
use crate::load::Node;

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
