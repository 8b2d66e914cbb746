//! Words and places: turns [`Finding`]s into [`Diagnostic`]s located at the offending node
//! (the key itself for unknown keys), with locations written as `serverless.yml` paths
//! (`functions.hello.events[0].http.method`) and a help line (nearest known key, allowed
//! values, expected type).

use super::collapse::{Finding, Violation};
use super::words::{expected_text, pattern_help, pattern_what, range_help};
use crate::diag::{Diagnostic, codes};
use crate::load::{Node, Value as YamlValue};
use serde_json::Value;

/// The diagnostic for one finding, as an error (the caller applies the validation mode).
pub fn diagnostic(f: &Finding, root: &Node) -> Diagnostic {
    let node = nearest(root, &f.pointer);
    let loc = yaml_path(root, &f.pointer);
    match &f.violation {
        Violation::Type(expected) => wrong_type(node, &loc, expected),
        Violation::UnknownKey {
            key,
            known,
            pattern,
            what,
        } => unknown_key(root, node, &loc, key, known, pattern.as_deref(), what),
        Violation::BadKey { key, pattern } => bad_key(node, &loc, key, pattern),
        Violation::Required(prop) => missing_key(node, &loc, prop),
        Violation::Enum {
            options,
            ignore_case,
        } => not_allowed(node, &loc, options, *ignore_case),
        Violation::Pattern(pattern) => no_match(node, &loc, pattern),
        Violation::Range { min, max, unit } => out_of_range(node, &loc, min, max, unit),
        Violation::Other(text) => {
            Diagnostic::error(codes::SCHEMA_OTHER, at(&loc, text)).at(node.span)
        }
    }
}

/// `what`, after the location it is about when there is one.
fn at(loc: &str, what: &str) -> String {
    if loc.is_empty() {
        what.to_string()
    } else {
        format!("{loc}: {what}")
    }
}

fn wrong_type(node: &Node, loc: &str, expected: &[String]) -> Diagnostic {
    let want = expected_text(expected);
    let d = Diagnostic::error(
        codes::SCHEMA_TYPE,
        at(loc, &format!("expected {want}, found {}", node.kind())),
    )
    .at(node.span)
    .label(format!("expected {want}"));
    if loc == "service" && node.as_map().is_some() {
        d.help("Serverless Framework v3 no longer accepts `service: {name: ...}`; write `service: my-service`")
    } else {
        d.help(format!(
            "write {} as {want}",
            if loc.is_empty() {
                "the configuration"
            } else {
                loc
            }
        ))
    }
}

fn bad_key(node: &Node, loc: &str, key: &str, pattern: &str) -> Diagnostic {
    let span = node.key_span(key).unwrap_or(node.span);
    Diagnostic::error(
        codes::SCHEMA_PATTERN,
        at(loc, &format!("`{key}` is not a valid key here")),
    )
    .at(span)
    .label("invalid key")
    .help(pattern_help(pattern))
}

fn missing_key(node: &Node, loc: &str, prop: &str) -> Diagnostic {
    let what = if loc.is_empty() {
        format!("the configuration has no `{prop}`")
    } else {
        format!("missing required key `{prop}`")
    };
    let help = if loc.ends_with(".http") && (prop == "path" || prop == "method") {
        "an http event needs both `path` and `method` (or the short form `GET /path`)".to_string()
    } else {
        format!("add `{prop}:` here")
    };
    Diagnostic::error(codes::SCHEMA_REQUIRED, at(loc, &what))
        .at(node.span)
        .label(format!("`{prop}` missing"))
        .help(help)
}

fn not_allowed(node: &Node, loc: &str, options: &[Value], ignore_case: bool) -> Diagnostic {
    let list: Vec<String> = options.iter().map(show_option).collect();
    let got = show_value(node);
    let mut help = format!("allowed values: {}", list.join(", "));
    if ignore_case {
        help.push_str(" (any letter case)");
    }
    if let Some(s) = node.as_str()
        && let Some(best) = nearest_name(s, list.iter().map(String::as_str))
    {
        help = format!("did you mean `{best}`? {help}");
    }
    let msg = if list.len() == 1 {
        format!(
            "{got} is not allowed; the only accepted value is {}",
            list.join("")
        )
    } else {
        format!("{got} is not one of {}", list.join(", "))
    };
    Diagnostic::error(codes::SCHEMA_ENUM, at(loc, &msg))
        .at(node.span)
        .label("not an allowed value")
        .help(help)
}

fn no_match(node: &Node, loc: &str, pattern: &str) -> Diagnostic {
    let what = format!("{} is not {}", show_value(node), pattern_what(pattern));
    Diagnostic::error(codes::SCHEMA_PATTERN, at(loc, &what))
        .at(node.span)
        .label("does not match")
        .help(pattern_help(pattern))
}

fn out_of_range(
    node: &Node,
    loc: &str,
    min: &Option<Value>,
    max: &Option<Value>,
    unit: &str,
) -> Diagnostic {
    let (what, bound) = match (min, max) {
        (Some(m), _) => ("below the minimum", m),
        (_, Some(m)) => ("above the maximum", m),
        _ => ("out of range", &Value::Null),
    };
    let subject = match unit {
        "length" => format!("{} has a length {what} of {bound}", show_value(node)),
        "items" => format!("the list has a number of items {what} of {bound}"),
        "keys" => format!("the mapping has a number of keys {what} of {bound}"),
        _ => format!("{} is {what} of {bound}", show_value(node)),
    };
    Diagnostic::error(codes::SCHEMA_RANGE, at(loc, &subject))
        .at(node.span)
        .label("out of range")
        .help(range_help(loc, min, max, unit))
}

fn unknown_key(
    root: &Node,
    node: &Node,
    loc: &str,
    key: &str,
    known: &[String],
    pattern: Option<&str>,
    what: &str,
) -> Diagnostic {
    let span = node.key_span(key).unwrap_or(node.span);
    let place = if loc.is_empty() {
        "the top level".to_string()
    } else {
        format!("`{loc}`")
    };
    if known.is_empty()
        && let Some(p) = pattern
    {
        return Diagnostic::error(
            codes::SCHEMA_PATTERN,
            format!(
                "{}: `{key}` is not {}",
                child_path(root, loc, key),
                pattern_what(p).replace("in the expected format", "a valid name here")
            ),
        )
        .at(span)
        .label("invalid name")
        .help(pattern_help(p));
    }
    let mut d = Diagnostic::error(
        codes::SCHEMA_UNKNOWN_KEY,
        format!("{}: unknown {what} `{key}`", child_path(root, loc, key)),
    )
    .at(span)
    .label(format!("not a known {what} in {place}"));
    if let Some(best) = nearest_name(key, known.iter().map(String::as_str)) {
        d = d.help(format!("did you mean `{best}`?"));
    } else if !known.is_empty() {
        let mut list: Vec<&str> = known.iter().map(String::as_str).collect();
        list.sort_unstable();
        let shown = list.len().min(16);
        let more = if list.len() > shown { ", ..." } else { "" };
        d = d.help(format!(
            "known {what}s here: {}{more}",
            list[..shown].join(", ")
        ));
    }
    d
}

/// The closest of `candidates` to `word`, when close enough to be a likely typo: few edits
/// apart, or sharing most of their letters in order (`binaryMedia` → `binaryMediaTypes`).
pub fn nearest_name<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let max_edits = (lower.chars().count() / 3).max(2);
    candidates
        .filter(|c| *c != word)
        .map(|c| {
            let other = c.to_lowercase();
            (
                strsim::damerau_levenshtein(&lower, &other),
                strsim::jaro_winkler(&lower, &other),
                c,
            )
        })
        .filter(|(edits, jw, _)| *edits <= max_edits || *jw >= 0.9)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, c)| c)
}

/// The node at `pointer`, or its nearest existing ancestor.
fn nearest<'a>(root: &'a Node, pointer: &str) -> &'a Node {
    let mut p = pointer.to_string();
    loop {
        if let Some(n) = root.pointer(&p) {
            return n;
        }
        match p.rfind('/') {
            Some(i) => p.truncate(i),
            None => return root,
        }
    }
}

/// `/functions/hello/events/0/http` → `functions.hello.events[0].http`.
pub fn yaml_path(root: &Node, pointer: &str) -> String {
    let mut out = String::new();
    let mut node = Some(root);
    for raw in pointer.split('/').skip(1) {
        let part = raw.replace("~1", "/").replace("~0", "~");
        let in_seq = node.is_some_and(|n| n.as_seq().is_some());
        if in_seq {
            out.push_str(&format!("[{part}]"));
        } else {
            push_key(&mut out, &part);
        }
        node = node.and_then(|n| match &n.value {
            YamlValue::Map(m) => m.get(part.as_str()).map(|e| &e.value),
            YamlValue::Seq(s) => part.parse::<usize>().ok().and_then(|i| s.get(i)),
            _ => None,
        });
    }
    out
}

fn child_path(_root: &Node, loc: &str, key: &str) -> String {
    let mut out = loc.to_string();
    push_key(&mut out, key);
    out
}

fn push_key(out: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$');
    if plain {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(key);
    } else {
        out.push_str(&format!(
            "[{}]",
            serde_json::to_string(key).unwrap_or_default()
        ));
    }
}

fn show_value(node: &Node) -> String {
    match &node.value {
        YamlValue::Str(s) => serde_json::to_string(s).unwrap_or_default(),
        YamlValue::Int(i) => i.to_string(),
        YamlValue::Float(f) => f.to_string(),
        YamlValue::Bool(b) => b.to_string(),
        other => other.kind().to_string(),
    }
}

fn show_option(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
