//! The spanned YAML tree: what the loader builds and the resolver rewrites.
//!
//! Values follow what Serverless Framework sees after js-yaml: mapping keys are strings,
//! CloudFormation short tags are already their `Fn::` long forms, anchors and merge keys are
//! expanded. Every node and every key keeps the span it was written at.

use crate::source::Span;
use indexmap::IndexMap;

/// A mapping, in source order.
pub type Mapping = IndexMap<String, Entry>;

/// One `key: value` pair of a mapping.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key_span: Span,
    pub value: Node,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Mapping),
}

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

impl Node {
    /// JavaScript truthiness of the value, as Serverless Framework tests a setting: `null`,
    /// `false`, `0`, `NaN` and `""` are falsy, everything else (lists and maps too) is truthy.
    pub fn is_truthy(&self) -> bool {
        match &self.value {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0 && !f.is_nan(),
            Value::Str(s) => !s.is_empty(),
            Value::Seq(_) | Value::Map(_) => true,
        }
    }

    pub fn new(value: Value, span: Span) -> Self {
        Node { value, span }
    }

    pub fn null(span: Span) -> Self {
        Node::new(Value::Null, span)
    }

    pub fn str(s: impl Into<String>, span: Span) -> Self {
        Node::new(Value::Str(s.into()), span)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&Mapping> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_map_mut(&mut self) -> Option<&mut Mapping> {
        match &mut self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The value under `key` when this is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.get(key).map(|e| &e.value)
    }

    /// The span of `key` itself when this is a mapping.
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.as_map()?.get(key).map(|e| e.key_span)
    }

    /// Follows a JSON pointer (`/functions/hello/events/0`), as jsonschema reports locations.
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut node = self;
        for raw in pointer.strip_prefix('/')?.split('/') {
            let part = raw.replace("~1", "/").replace("~0", "~");
            node = match &node.value {
                Value::Map(m) => &m.get(part.as_str())?.value,
                Value::Seq(s) => s.get(part.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Follows a dotted path of keys (`provider.apiGateway.apiKeys`); numeric parts index lists.
    pub fn path<'a, I: IntoIterator<Item = &'a str>>(&self, parts: I) -> Option<&Node> {
        let mut node = self;
        for part in parts {
            node = match &node.value {
                Value::Map(m) => &m.get(part)?.value,
                Value::Seq(s) => s.get(part.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// A short name for the node's type, for messages: `a string`, `a mapping`, ...
    pub fn kind(&self) -> &'static str {
        self.value.kind()
    }

    /// Converts to JSON the way `JSON.stringify` would see the js-yaml value.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => float_to_json(*f),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(m) => J::Object(
                m.iter()
                    .map(|(k, e)| (k.clone(), e.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// Builds a tree from JSON, every node at `span` (for values that come from outside a file).
    pub fn from_json(value: &serde_json::Value, span: Span) -> Node {
        use serde_json::Value as J;
        let v = match value {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(0.0)),
            },
            J::String(s) => Value::Str(s.clone()),
            J::Array(a) => Value::Seq(a.iter().map(|v| Node::from_json(v, span)).collect()),
            J::Object(o) => Value::Map(
                o.iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            Entry {
                                key_span: span,
                                value: Node::from_json(v, span),
                            },
                        )
                    })
                    .collect(),
            ),
        };
        Node::new(v, span)
    }

    /// Number of nodes in the tree (for budgets).
    pub fn count(&self) -> usize {
        1 + match &self.value {
            Value::Seq(s) => s.iter().map(Node::count).sum(),
            Value::Map(m) => m.values().map(|e| e.value.count()).sum(),
            _ => 0,
        }
    }
}

impl Value {
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// JavaScript prints integral floats without a fraction (`1.0` is `1`); non-finite ones are `null`.
pub fn float_to_json(f: f64) -> serde_json::Value {
    if !f.is_finite() {
        return serde_json::Value::Null;
    }
    if f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 {
        return serde_json::Value::from(f as i64);
    }
    serde_json::Number::from_f64(f)
        .map(serde_json::Value::Number)
        .unwrap_or(serde_json::Value::Null)
}

/// Formats a number the way JavaScript's `String(n)` does, for numbers embedded in strings.
pub fn js_number_string(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if f.fract() == 0.0 && f.abs() < 1e21 {
        return format!("{}", f as i128);
    }
    let s = format!("{f}");
    s
}

impl Node {
    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }
}
