//! Finding an event's settings in the YAML from where the IR says it was written, so that a
//! finding points at the setting at fault rather than at the whole event.

use crate::ir::events::EventOrigin;
use crate::load::Node;
use crate::source::Span;

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

/// Every `- <kind>: <settings>` of every function, with the function's key.
pub fn all<'a>(root: &'a Node, kind: &str) -> Vec<(&'a str, &'a Node)> {
    super::function_nodes(root)
        .into_iter()
        .flat_map(|(key, f)| {
            f.get("events")
                .and_then(Node::as_seq)
                .unwrap_or_default()
                .iter()
                .filter_map(move |e| Some((key, e.get(kind)?)))
        })
        .collect()
}
