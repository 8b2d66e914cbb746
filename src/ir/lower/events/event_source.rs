//! What the event source families (`sqs`, `stream`, `kafka`, `msk`, `activemq`, `rabbitmq`)
//! read alike: values as SF's validator leaves them (its type coercions), SF's JavaScript tests
//! on a value (`||`, `!= null`, truthiness), the filter patterns as the JSON text SF writes,
//! and the names SF reads out of an ARN to name a mapping.
//!
//! Where SF would stop (it throws, or its code fails on a value of an unexpected shape), the
//! reader returns a [`SourceProblem`] at the value's span: lowering skips the event, and `check`
//! reports the problem from the same reading.

use super::super::shape::child;
use crate::load::{Node, Value};
use crate::source::Span;
use serde_json::Value as Json;

/// Why SF cannot compile an event source (it throws, or fails on the value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceProblem {
    /// The event is neither an ARN string nor settings (or, where only settings are allowed,
    /// not a mapping).
    NotSettings,
    /// A key SF reads unconditionally is missing.
    Missing(&'static str),
    /// The value at this key must be a string (SF names the mapping with it, or writes it
    /// into a string).
    NotAString(String),
    /// The value at this key must be a mapping.
    NotAMapping(&'static str),
    /// The value at this key must be a list (SF maps over it).
    NotAList(String),
    /// SF cannot read the name of the `what` (queue, stream, cluster) out of this ARN.
    UnreadableArn { what: &'static str },
    /// An ARN given as an intrinsic without `type`: SF reads the type out of the ARN string.
    NeedsType { key: &'static str },
}

/// A problem and where.
pub type Problem = (SourceProblem, Span);

/// The event's settings: a mapping, else the problem.
pub fn settings(value: &Node) -> Result<&Node, Problem> {
    match value.value {
        Value::Map(_) => Ok(value),
        _ => Err((SourceProblem::NotSettings, value.span)),
    }
}

/// The JSON type SF's schema gives a setting: its validator (ajv, `coerceTypes: 'array'`)
/// turns a scalar of another type into it where it can (`'5'` → 5, `'true'` → true, 5 →
/// `'5'`) before SF reads the configuration. `null` is left alone (SF takes nulls out while
/// validating and puts them back).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Integer,
    Number,
    Boolean,
    String,
    /// No type (an enum, an intrinsic): as written.
    Any,
}

/// `node` as JSON, coerced to `ty` as SF's validator does.
pub fn coerced(node: &Node, ty: Ty) -> Json {
    let json = node.to_json();
    let name = match ty {
        Ty::Integer => "integer",
        Ty::Number => "number",
        Ty::Boolean => "boolean",
        Ty::String => "string",
        Ty::Any => return json,
    };
    let fits = match ty {
        Ty::Integer => json.as_f64().is_some_and(|f| f.fract() == 0.0),
        Ty::Number => json.is_number(),
        Ty::Boolean => json.is_boolean(),
        _ => json.is_string(),
    };
    if fits || json.is_null() {
        return json;
    }
    crate::schema::collapse::coerce(&json, name).unwrap_or(json)
}

/// JavaScript truthiness of a value.
pub fn is_truthy(v: &Json) -> bool {
    match v {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Json::String(s) => !s.is_empty(),
        Json::Array(_) | Json::Object(_) => true,
    }
}

/// `settings[key]` when truthy (SF's `if (x)` and `x || default`).
pub fn truthy(settings: &Node, key: &str, ty: Ty) -> Option<Json> {
    present(settings, key, ty).filter(is_truthy)
}

/// `settings[key]` unless absent or `null` (SF's `x != null`).
pub fn present(settings: &Node, key: &str, ty: Ty) -> Option<Json> {
    child(settings, key).map(|n| coerced(n, ty))
}

/// `settings[key]` when written at all, `null` included (SF's `typeof x !== 'undefined'`).
pub fn defined(settings: &Node, key: &str, ty: Ty) -> Option<Json> {
    settings.get(key).map(|n| coerced(n, ty))
}

/// A key SF reads unconditionally.
pub fn required<'a>(settings: &'a Node, key: &'static str) -> Result<&'a Node, Problem> {
    settings
        .get(key)
        .filter(|n| !n.is_null())
        .ok_or((SourceProblem::Missing(key), settings.span))
}

/// A string SF names a mapping with (`topic`, `queue`; a scalar, or a list of one, is made
/// one by SF's validator): another list or a mapping stops SF.
pub fn name_at(settings: &Node, key: &'static str) -> Result<String, Problem> {
    let node = required(settings, key)?;
    match coerced(node, Ty::String) {
        Json::String(s) => Ok(s),
        _ => Err((SourceProblem::NotAString(key.to_owned()), node.span)),
    }
}

/// `filterPatterns` as the JSON texts SF writes (`JSON.stringify` of each pattern), when
/// truthy. A scalar is one pattern (SF's validator coerces it into a list); a mapping stops SF.
pub fn filter_patterns(settings: &Node) -> Result<Option<Vec<String>>, Problem> {
    let Some(node) = child(settings, "filterPatterns").filter(|n| n.is_truthy()) else {
        return Ok(None);
    };
    let patterns = match &node.value {
        Value::Seq(items) => items.iter().map(|p| stringify(&p.to_json())).collect(),
        Value::Map(_) => {
            return Err((SourceProblem::NotAList("filterPatterns".into()), node.span));
        }
        _ => vec![stringify(&node.to_json())],
    };
    Ok(Some(patterns))
}

/// A scalar as JavaScript turns it into a string (`String(x)`, a template string).
pub fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(crate::load::node::js_number_string(*f)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An ARN given as another scalar (`5`, `true`): a string, as SF's validator makes it (the
/// schema's first choice is a string). Any other value as it is.
pub fn arn_node(arn: &Node) -> std::borrow::Cow<'_, Node> {
    match &arn.value {
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => std::borrow::Cow::Owned(Node::new(
            Value::Str(scalar_text(arn).unwrap_or_default()),
            arn.span,
        )),
        _ => std::borrow::Cow::Borrowed(arn),
    }
}

/// An ARN as SF writes it: SF's validator has made a `Fn::GetAtt` string a one-item list
/// (`coerceTypes: 'array'`, the schema wanting `[resource, attribute]`).
pub fn arn_json(arn: &Node) -> Json {
    let mut json = arn.to_json();
    if let Json::Object(o) = &mut json
        && let Some(att) = o.get_mut("Fn::GetAtt")
        && att.is_string()
    {
        *att = Json::Array(vec![att.take()]);
    }
    json
}

/// A value the schema wants as a list of strings: a scalar becomes a one-item list, and
/// scalar items strings, as SF's validator makes them; anything else is left as written.
pub fn string_list_json(node: &Node) -> Json {
    match &node.value {
        Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
            Json::Array(vec![coerced(node, Ty::String)])
        }
        Value::Seq(items) => Json::Array(items.iter().map(|n| coerced(n, Ty::String)).collect()),
        _ => node.to_json(),
    }
}

/// The `index`-th `:`-separated part of an ARN string (`arn:aws:<service>:…` has the service
/// at 2), or `""` when there is none (SF gets `undefined`, which names nothing).
pub fn arn_part(arn: &str, index: usize) -> &str {
    arn.split(':').nth(index).unwrap_or("")
}

/// The name SF reads out of an intrinsic ARN, in SF's order of tests: `Fn::GetAtt`'s
/// resource, `Fn::ImportValue`'s export, `Ref`'s target (for streams and clusters), the last
/// part of `Fn::Join`'s list (streams keep what follows its last `/`). `None` when SF cannot
/// name anything after the value: it is none of these (SF then takes it for a string, and
/// fails), or the first of them holds no string.
pub fn intrinsic_name(arn: &Node, tests: &[&str], after_slash: bool) -> Option<String> {
    for &key in tests {
        let Some(inner) = arn.get(key).filter(|n| n.is_truthy()) else {
            continue;
        };
        let name = match key {
            // `x['Fn::GetAtt'][0]` (a string is a one-item list by then: see [`arn_json`])
            "Fn::GetAtt" => match &inner.value {
                Value::Seq(items) => items.first().and_then(Node::as_str).map(str::to_owned),
                Value::Str(s) => Some(s.clone()),
                _ => None,
            },
            // `x['Fn::Join'][1].slice(-1).pop()`
            "Fn::Join" => inner
                .as_seq()
                .and_then(|parts| parts.get(1))
                .and_then(Node::as_seq)
                .and_then(|list| list.last())
                .and_then(Node::as_str)
                .map(|last| match after_slash {
                    true => last.rsplit('/').next().unwrap_or(last).to_owned(),
                    false => last.to_owned(),
                }),
            _ => inner.as_str().map(str::to_owned),
        };
        return name;
    }
    None
}

/// `JSON.stringify(value)`: no spaces, object keys that are array indices first in numeric
/// order (as JavaScript orders an object's keys), numbers as JavaScript prints them.
pub fn stringify(value: &Json) -> String {
    let mut out = String::new();
    write_json(value, &mut out);
    out
}

fn write_json(value: &Json, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => out.push_str(&i.to_string()),
            (_, Some(u), _) => out.push_str(&u.to_string()),
            (_, _, Some(f)) => out.push_str(&js_number(f)),
            _ => out.push_str("null"),
        },
        Json::String(s) => out.push_str(&Json::String(s.clone()).to_string()),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Json::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            // stable: the other keys keep their order after the indices
            keys.sort_by_key(|k| array_index(k).map_or((1, 0), |i| (0, i)));
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Json::String(key.clone()).to_string());
                out.push(':');
                write_json(&map[key.as_str()], out);
            }
            out.push('}');
        }
    }
}

/// `key` as an array index (`0`, or digits without a leading zero below 2³² − 1).
fn array_index(key: &str) -> Option<u64> {
    let canonical = key == "0" || (!key.starts_with('0') && !key.is_empty());
    let index: u64 = key
        .parse()
        .ok()
        .filter(|_| canonical && key.bytes().all(|b| b.is_ascii_digit()))?;
    (index < u32::MAX as u64).then_some(index)
}

/// A number as JavaScript's `String(n)` prints it: positional from 1e-6 up to 1e21, else
/// with an exponent (`1e+21`, `1.5e-7`); shortest round-trip digits either way.
pub fn js_number(f: f64) -> String {
    if !f.is_finite() {
        // JSON.stringify writes `null` for NaN and the infinities
        return "null".into();
    }
    if f == 0.0 {
        return "0".into();
    }
    let abs = f.abs();
    if (1e-6..1e21).contains(&abs) {
        return format!("{f}");
    }
    let text = format!("{f:e}");
    match text.split_once('e') {
        Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}e+{exp}"),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn stringify_is_json_stringify() {
        let cases = [
            (json!({"b": 1, "a": [1, "x"]}), r#"{"b":1,"a":[1,"x"]}"#),
            (
                json!({"b": 1, "10": 2, "2": 3, "02": 4}),
                r#"{"2":3,"10":2,"b":1,"02":4}"#,
            ),
            (
                json!({"n": 1.5, "e": 1e21, "s": 1.5e-7, "m": 0.000001}),
                r#"{"n":1.5,"e":1e+21,"s":1.5e-7,"m":0.000001}"#,
            ),
            (json!("q\"\n\u{1}"), r#""q\"\n\u0001""#),
            (json!([null, true, -3]), "[null,true,-3]"),
        ];
        for (value, want) in cases {
            assert_eq!(stringify(&value), want, "{value}");
        }
    }

    #[test]
    fn js_numbers() {
        for (f, want) in [
            (100.0, "100"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (1e-7, "1e-7"),
            (1.2e22, "1.2e+22"),
            (123456789.125, "123456789.125"),
        ] {
            assert_eq!(js_number(f), want);
        }
    }
}
