//! Reading values out of the spanned tree with the shape lowering expects.
//!
//! The tree has been schema-checked, but `configValidationMode: warn` lets wrong shapes
//! through. Every reader here returns `None` for an absent or `null` value and, for a value of
//! the wrong shape, pushes an error at its span and returns `None` too: the caller then skips
//! the item. Scalars where a list is expected become one-item lists (SF's ajv runs with
//! `coerceTypes: 'array'`).

use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::load::node::js_number_string;
use crate::load::{Mapping, Node, Value};
use indexmap::IndexMap;
use serde_json::Value as Json;

/// Pushes the "expected X, found Y" error for `node`.
pub fn wrong(diags: &mut Diagnostics, node: &Node, what: &str, expected: &str) {
    diags.push(
        Diagnostic::error(
            codes::LOWER_SHAPE,
            format!("`{what}` must be {expected}, found {}", node.kind()),
        )
        .at(node.span)
        .label(format!("expected {expected}"))
        .help("fix the value (the schema check reports it too when configValidationMode is warn)"),
    );
}

/// The child `key` of a mapping, `None` when absent or `null`.
pub fn child<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    node.get(key).filter(|n| !n.is_null())
}

/// A string; numbers and booleans are taken as JavaScript would print them.
pub fn string(diags: &mut Diagnostics, node: Option<&Node>, what: &str) -> Option<String> {
    let node = node.filter(|n| !n.is_null())?;
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(js_number_string(*f)),
        Value::Bool(b) => Some(b.to_string()),
        _ => {
            wrong(diags, node, what, "a string");
            None
        }
    }
}

/// A string child of `parent`.
pub fn str_at(diags: &mut Diagnostics, parent: &Node, key: &str) -> Option<String> {
    string(diags, child(parent, key), key)
}

/// A boolean child.
pub fn bool_at(diags: &mut Diagnostics, parent: &Node, key: &str) -> Option<bool> {
    let node = child(parent, key)?;
    match node.value {
        Value::Bool(b) => Some(b),
        _ => {
            wrong(diags, node, key, "true or false");
            None
        }
    }
}

/// A non-negative integer child (integral floats accepted).
pub fn u64_at(diags: &mut Diagnostics, parent: &Node, key: &str) -> Option<u64> {
    let node = child(parent, key)?;
    let n = as_u64(node);
    if n.is_none() {
        wrong(diags, node, key, "a non-negative integer");
    }
    n
}

/// A non-negative integer, without reporting (callers whose checks live in `check`).
pub fn as_u64(node: &Node) -> Option<u64> {
    match node.value {
        Value::Int(i) if i >= 0 => Some(i as u64),
        Value::Float(f) if f >= 0.0 && f.fract() == 0.0 && f < 1.8e19 => Some(f as u64),
        _ => None,
    }
}

/// A number child (for rates).
pub fn f64_at(diags: &mut Diagnostics, parent: &Node, key: &str) -> Option<f64> {
    let node = child(parent, key)?;
    match node.value {
        Value::Int(i) => Some(i as f64),
        Value::Float(f) => Some(f),
        _ => {
            wrong(diags, node, key, "a number");
            None
        }
    }
}

/// A mapping child.
pub fn map_at<'a>(diags: &mut Diagnostics, parent: &'a Node, key: &str) -> Option<&'a Mapping> {
    let node = child(parent, key)?;
    map_of(diags, node, key)
}

/// `node` as a mapping.
pub fn map_of<'a>(diags: &mut Diagnostics, node: &'a Node, what: &str) -> Option<&'a Mapping> {
    match &node.value {
        Value::Map(m) => Some(m),
        _ => {
            wrong(diags, node, what, "a mapping");
            None
        }
    }
}

/// A list child; a scalar or mapping becomes a one-item list.
pub fn list_at<'a>(parent: &'a Node, key: &str) -> Vec<&'a Node> {
    match child(parent, key) {
        None => Vec::new(),
        Some(n) => list_of(n),
    }
}

/// `node` as a list; anything else becomes a one-item list.
pub fn list_of(node: &Node) -> Vec<&Node> {
    match &node.value {
        Value::Seq(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        _ => vec![node],
    }
}

/// A list of strings child; non-string items are reported and skipped.
pub fn strings_at(diags: &mut Diagnostics, parent: &Node, key: &str) -> Vec<String> {
    list_at(parent, key)
        .into_iter()
        .filter_map(|n| string(diags, Some(n), key))
        .collect()
}

/// A mapping child as `key → JSON` (values kept verbatim: they may be intrinsics).
pub fn json_map_at(diags: &mut Diagnostics, parent: &Node, key: &str) -> IndexMap<String, Json> {
    map_at(diags, parent, key)
        .map(|m| {
            m.iter()
                .map(|(k, e)| (k.clone(), e.value.to_json()))
                .collect()
        })
        .unwrap_or_default()
}

/// A mapping whose values the SF v3 schema types as strings (environment variables, tags): ajv's
/// `coerceTypes` turns numbers and booleans into strings (`3` → `"3"`, `1.10` → `"1.1"`) before
/// compiling; intrinsics stay as they are.
pub fn string_map_at(diags: &mut Diagnostics, parent: &Node, key: &str) -> IndexMap<String, Json> {
    map_at(diags, parent, key)
        .map(|m| {
            m.iter()
                .map(|(k, e)| {
                    let v = match &e.value.value {
                        Value::Int(i) => Json::String(i.to_string()),
                        Value::Float(f) => Json::String(crate::load::node::js_number_string(*f)),
                        Value::Bool(b) => Json::String(b.to_string()),
                        _ => e.value.to_json(),
                    };
                    (k.clone(), v)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A child as JSON, `None` when absent or `null`.
pub fn json_at(parent: &Node, key: &str) -> Option<Json> {
    child(parent, key).map(Node::to_json)
}
