//! CloudFormation short-form tags (`!Ref`, `!GetAtt`, `!Sub`, ...) and their `Fn::` long forms,
//! as Serverless Framework's YAML schema maps them.

use super::node::{Entry, Mapping, Node, Value};
use crate::source::Span;

/// The short tags CloudFormation accepts in YAML, without the `!`.
pub const CFN_TAGS: &[&str] = &[
    "And",
    "Base64",
    "Cidr",
    "Condition",
    "Equals",
    "FindInMap",
    "GetAtt",
    "GetAZs",
    "If",
    "ImportValue",
    "Join",
    "Not",
    "Or",
    "Ref",
    "Select",
    "Split",
    "Sub",
];

/// Whether `name` (without `!`) is a CloudFormation short tag.
pub fn is_cfn_tag(name: &str) -> bool {
    CFN_TAGS.contains(&name)
}

/// Wraps `data` in the long form of tag `name`: `{Ref: x}`, `{Condition: x}`, `{"Fn::Name": x}`.
/// A scalar `!GetAtt a.b.c` becomes `["a", "b.c"]`.
pub fn long_form(name: &str, data: Node, tag_span: Span) -> Node {
    let key = match name {
        "Ref" | "Condition" => name.to_string(),
        _ => format!("Fn::{name}"),
    };
    let data = if name == "GetAtt" {
        match &data.value {
            Value::Str(s) => {
                let parts: Vec<Node> = match s.split_once('.') {
                    Some((a, b)) => vec![Node::str(a, data.span), Node::str(b, data.span)],
                    None => vec![Node::str(s.clone(), data.span)],
                };
                Node::new(Value::Seq(parts), data.span)
            }
            _ => data,
        }
    } else {
        data
    };
    let span = tag_span.to(data.span);
    let mut map = Mapping::with_capacity(1);
    map.insert(
        key,
        Entry {
            key_span: tag_span,
            value: data,
        },
    );
    Node::new(Value::Map(map), span)
}

/// The known tag nearest to a misspelt one, for the hint.
pub fn nearest(name: &str) -> Option<&'static str> {
    CFN_TAGS
        .iter()
        .map(|t| {
            (
                strsim::jaro_winkler(&t.to_lowercase(), &name.to_lowercase()),
                *t,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, t)| t)
}
