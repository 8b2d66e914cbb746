//! Tree helpers of the resolver: paths into the config, JavaScript-like property access,
//! finding the strings that hold variables, and the cost of copying values.

use super::ast::{Var, is_whole};
use super::parse::{ParseError, parse};
use crate::load::{Node, Value};

/// `provider.stage` as SF writes property paths in messages.
pub fn human(path: &[String]) -> String {
    path.join(".")
}

pub fn node_at<'n>(root: &'n Node, path: &[String]) -> Option<&'n Node> {
    root.path(path.iter().map(String::as_str))
}

/// JavaScript's `value[key]` on a tree value: mapping keys, list indexes, and the `length`
/// and indexes of strings and lists (`${self:list.length}` works in SF).
pub fn js_get(node: &Node, key: &str) -> Option<Node> {
    let span = node.span;
    match &node.value {
        Value::Map(m) => m.get(key).map(|e| e.value.clone()),
        Value::Seq(items) if key == "length" => {
            Some(Node::new(Value::Int(items.len() as i64), span))
        }
        Value::Seq(items) => items.get(key.parse::<usize>().ok()?).cloned(),
        Value::Str(s) if key == "length" => {
            Some(Node::new(Value::Int(s.encode_utf16().count() as i64), span))
        }
        Value::Str(s) => {
            let i = key.parse::<usize>().ok()?;
            let unit = s.encode_utf16().nth(i)?;
            Some(Node::str(String::from_utf16_lossy(&[unit]), span))
        }
        _ => None,
    }
}

/// [`js_get`] along a path, borrowing as long as plain keys lead the way.
pub fn js_path(root: &Node, path: &[String]) -> Option<Node> {
    let mut node = root;
    for (i, key) in path.iter().enumerate() {
        match &node.value {
            Value::Map(m) => node = &m.get(key.as_str())?.value,
            Value::Seq(s) if key != "length" => node = s.get(key.parse::<usize>().ok()?)?,
            _ => {
                let mut owned = js_get(node, key)?;
                for k in path.get(i + 1..).unwrap_or(&[]) {
                    owned = js_get(&owned, k)?;
                }
                return Some(owned);
            }
        }
    }
    Some(node.clone())
}

pub fn node_at_mut<'n>(root: &'n mut Node, path: &[String]) -> Option<&'n mut Node> {
    let mut node = root;
    for key in path {
        node = match &mut node.value {
            Value::Map(m) => &mut m.get_mut(key.as_str())?.value,
            Value::Seq(s) => s.get_mut(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Parses a string, or the parts it was built from (each on its own, positions shifted).
/// Returns the variables and whether one variable is the whole string.
pub fn parse_value(
    text: &str,
    parts: Option<&[String]>,
) -> Result<Option<(Vec<Var>, bool)>, ParseError> {
    let Some(parts) = parts else {
        return Ok(parse(text)?.map(|v| {
            let whole = is_whole(&v, text.len());
            (v, whole)
        }));
    };
    let mut all = Vec::new();
    let mut base = 0;
    for part in parts {
        if let Some(vars) = parse(part)? {
            all.extend(vars.into_iter().map(|mut v| {
                v.start += base;
                v.end += base;
                v.abs_start += base;
                v.abs_end += base;
                v
            }));
        }
        base += part.len();
    }
    Ok((!all.is_empty()).then_some((all, false)))
}

/// What copying a value costs against the work budget: its nodes and its text.
pub fn cost(node: &Node) -> u64 {
    1 + match &node.value {
        Value::Str(s) => s.len() as u64 / 4,
        Value::Seq(items) => items.iter().map(cost).sum(),
        Value::Map(m) => m.values().map(|e| cost(&e.value)).sum(),
        _ => 0,
    }
}

/// Every string under `node` that holds variables (or has a syntax error), in document order,
/// with its path (`path` followed by the keys and indexes below `node`).
pub fn collect_strings(
    node: &Node,
    path: &[String],
    out: &mut Vec<(Vec<String>, Result<(), ParseError>)>,
) {
    // the path below `node` is borrowed while walking, and only copied for a string found
    walk_strings(node, path, &mut Vec::new(), out);
}

/// One step of a path below the walk's start.
enum PathStep<'a> {
    Key(&'a str),
    Index(usize),
}

fn walk_strings<'a>(
    node: &'a Node,
    prefix: &[String],
    steps: &mut Vec<PathStep<'a>>,
    out: &mut Vec<(Vec<String>, Result<(), ParseError>)>,
) {
    match &node.value {
        Value::Str(s) => {
            let found = match parse(s) {
                Ok(Some(_)) => Ok(()),
                Ok(None) => return,
                Err(e) => Err(e),
            };
            let mut path = Vec::with_capacity(prefix.len() + steps.len());
            path.extend_from_slice(prefix);
            path.extend(steps.iter().map(|s| match s {
                PathStep::Key(k) => (*k).to_owned(),
                PathStep::Index(i) => i.to_string(),
            }));
            out.push((path, found));
        }
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                steps.push(PathStep::Index(i));
                walk_strings(item, prefix, steps, out);
                steps.pop();
            }
        }
        Value::Map(m) => {
            for (k, e) in m {
                steps.push(PathStep::Key(k));
                walk_strings(&e.value, prefix, steps, out);
                steps.pop();
            }
        }
        _ => {}
    }
}
