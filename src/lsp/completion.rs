//! Completion of keys and values from the schema slsc validates with.
//!
//! The document is often broken while it is typed, so the place of the cursor is read from the
//! text's indentation, not from a parse: the keys above it at lower indentation (and the `- ` of
//! list items) give its path, which is followed through the schema (`$ref`, `anyOf`/`oneOf`/
//! `allOf`, `properties`, `patternProperties`, `additionalProperties`, `items`).

use super::position::LineIndex;
use lsp_types::{
    CompletionItem, CompletionItemKind, Documentation, MarkupContent, MarkupKind, Position,
};
use serde_json::Value;

/// One step of a path: a mapping key, or any item of a list.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Key(String),
    Item,
}

/// What is being typed at the cursor.
#[derive(Debug, PartialEq)]
enum Place {
    /// A key in the mapping at `path`.
    Key { path: Vec<Step> },
    /// The value of `key` in the mapping at `path`.
    Value { path: Vec<Step>, key: String },
}

/// The completions at `pos` in `text`, from `schema` (the strict schema: its `$defs` and
/// case-insensitive value lists).
pub fn complete(text: &str, pos: Position, schema: &Value) -> Vec<CompletionItem> {
    let index = LineIndex::new(text);
    let Some(place) = place_at(&index, pos) else {
        return Vec::new();
    };
    match place {
        Place::Key { path } => {
            let mut items: Vec<CompletionItem> = Vec::new();
            for s in schemas_at(schema, schema, &path) {
                let Some(Value::Object(props)) = s.get("properties") else {
                    continue;
                };
                for (name, sub) in props {
                    if items.iter().any(|i| i.label == *name) {
                        continue;
                    }
                    items.push(CompletionItem {
                        label: name.clone(),
                        kind: Some(CompletionItemKind::PROPERTY),
                        documentation: description(schema, sub).map(markdown),
                        insert_text: Some(format!("{name}: ")),
                        ..CompletionItem::default()
                    });
                }
            }
            items
        }
        Place::Value { mut path, key } => {
            path.push(Step::Key(key));
            let mut items: Vec<CompletionItem> = Vec::new();
            for s in schemas_at(schema, schema, &path) {
                for v in values_of(s) {
                    let label = match &v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    if !items.iter().any(|i| i.label == label) {
                        items.push(CompletionItem {
                            label,
                            kind: Some(CompletionItemKind::ENUM_MEMBER),
                            documentation: description(schema, s).map(markdown),
                            ..CompletionItem::default()
                        });
                    }
                }
            }
            items
        }
    }
}

fn markdown(text: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value: text,
    })
}

/// A schema's description, or the one of the definition it refers to.
fn description(root: &Value, s: &Value) -> Option<String> {
    if let Some(d) = s.get("description").and_then(Value::as_str) {
        return Some(d.to_string());
    }
    let target = deref(root, s)?;
    target
        .get("description")
        .and_then(Value::as_str)
        .map(String::from)
}

/// The values a schema offers: `enum`, `const`, the values of a case-insensitive pattern, and
/// `true`/`false` for a boolean.
fn values_of(s: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    if let Some(Value::Array(e)) = s.get("enum") {
        out.extend(e.iter().cloned());
    }
    if let Some(c) = s.get("const") {
        out.push(c.clone());
    }
    if let Some(Value::Array(e)) = s.get(crate::config::defs::CI_ENUM) {
        out.extend(e.iter().cloned());
    }
    if s.get("type") == Some(&Value::from("boolean")) {
        out.extend([Value::Bool(true), Value::Bool(false)]);
    }
    out
}

/// The definition a `$ref` names.
fn deref<'a>(root: &'a Value, s: &Value) -> Option<&'a Value> {
    let r = s.get("$ref")?.as_str()?;
    root.pointer(r.strip_prefix('#')?)
}

/// `s` with references followed and `anyOf`/`oneOf`/`allOf` branches spread out.
fn expand<'a>(root: &'a Value, s: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 16 || out.iter().any(|o| std::ptr::eq(*o, s)) {
        return;
    }
    if let Some(target) = deref(root, s) {
        expand(root, target, out, depth + 1);
    }
    out.push(s);
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(branches)) = s.get(key) {
            for b in branches {
                expand(root, b, out, depth + 1);
            }
        }
    }
}

/// Every schema that may describe the value at `path`.
fn schemas_at<'a>(root: &'a Value, start: &'a Value, path: &[Step]) -> Vec<&'a Value> {
    let mut current = Vec::new();
    expand(root, start, &mut current, 0);
    for step in path {
        let mut next = Vec::new();
        for s in &current {
            let child = match step {
                Step::Item => s.get("items").into_iter().collect::<Vec<_>>(),
                Step::Key(k) => child_schemas(s, k),
            };
            for c in child {
                expand(root, c, &mut next, 0);
            }
        }
        current = next;
    }
    current
}

/// The schemas of key `k`'s value in a mapping described by `s`.
fn child_schemas<'a>(s: &'a Value, k: &str) -> Vec<&'a Value> {
    if let Some(p) = s.get("properties").and_then(|p| p.get(k)) {
        return vec![p];
    }
    if let Some(Value::Object(patterns)) = s.get("patternProperties") {
        let matching: Vec<&Value> = patterns
            .iter()
            .filter(|(p, _)| pattern_matches(p, k))
            .map(|(_, v)| v)
            .collect();
        if !matching.is_empty() {
            return matching;
        }
    }
    match s.get("additionalProperties") {
        Some(v @ Value::Object(_)) => vec![v],
        _ => Vec::new(),
    }
}

/// Whether `key` matches a `patternProperties` pattern (compiled once per process).
fn pattern_matches(pattern: &str, key: &str) -> bool {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static COMPILED: OnceLock<Mutex<HashMap<String, Option<regex::Regex>>>> = OnceLock::new();
    let Ok(mut cache) = COMPILED.get_or_init(Default::default).lock() else {
        return false;
    };
    cache
        .entry(pattern.to_string())
        .or_insert_with(|| regex::Regex::new(pattern).ok())
        .as_ref()
        .is_some_and(|r| r.is_match(key))
}

/// Indentation, list markers and key of one line: `      - http:` is 6 spaces, a `- ` at
/// column 6, and the key `http` at column 8 with nothing after its colon.
struct LineShape<'a> {
    dashes: Vec<usize>,
    content_col: usize,
    key: Option<&'a str>,
    /// The text after `key:` (trimmed), when there is a key.
    after: &'a str,
}

fn shape(line: &str) -> Option<LineShape<'_>> {
    let bytes = line.as_bytes();
    let mut col = 0;
    let mut dashes = Vec::new();
    loop {
        while col < bytes.len() && bytes[col] == b' ' {
            col += 1;
        }
        if bytes.get(col) == Some(&b'-') && matches!(bytes.get(col + 1), Some(b' ') | None) {
            dashes.push(col);
            col += 1;
            continue;
        }
        break;
    }
    let rest = &line[col..];
    if rest.starts_with('#') {
        return None;
    }
    let (key, after) = match key_and_rest(rest) {
        Some((k, a)) => (Some(k), a.trim()),
        None => (None, ""),
    };
    Some(LineShape {
        dashes,
        content_col: col,
        key,
        after,
    })
}

/// `key: rest` at the start of `s` (a plain or quoted key).
fn key_and_rest(s: &str) -> Option<(&str, &str)> {
    let colon = s
        .find(": ")
        .or_else(|| s.ends_with(':').then(|| s.len() - 1))?;
    let key = s[..colon].trim().trim_matches(|c| c == '\'' || c == '"');
    if key.is_empty() || key.contains(['{', '[', '#']) {
        return None;
    }
    Some((key, &s[colon + 1..]))
}

/// Where the cursor is, from the indentation of the lines above it.
fn place_at(index: &LineIndex, pos: Position) -> Option<Place> {
    let line = index.line(pos.line as usize);
    let cursor = line
        .char_indices()
        .nth(pos.character as usize)
        .map_or(line.len(), |(i, _)| i);
    let before = &line[..cursor];
    let here = shape(before)?;
    let mut path = Vec::new();
    // the cursor's own `- ` markers: it is inside those list items
    let mut limit = here.dashes.first().copied().unwrap_or(here.content_col);
    for _ in &here.dashes {
        path.push(Step::Item);
    }
    for l in (0..pos.line as usize).rev() {
        if limit == 0 {
            break;
        }
        let Some(s) = shape(index.line(l)) else {
            continue;
        };
        if index.line(l).trim().is_empty() {
            continue;
        }
        if s.content_col < limit
            && let Some(key) = s.key
            && (s.after.is_empty() || s.after.starts_with('&') || s.after.starts_with('#'))
        {
            path.push(Step::Key(key.to_string()));
            limit = s.content_col;
        }
        for d in s.dashes.iter().rev() {
            if *d < limit {
                path.push(Step::Item);
                limit = *d;
            }
        }
    }
    path.reverse();
    match here.key {
        Some(key) if before.trim_end().len() > here.content_col + key.len() => Some(Place::Value {
            path,
            key: key.to_string(),
        }),
        _ => Some(Place::Key { path }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str, line: u32, ch: u32) -> Vec<String> {
        let schema = crate::schema::schema_value();
        complete(text, Position::new(line, ch), &schema)
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn keys_and_values_from_the_schema() {
        let text = "service: s\nprovider:\n  name: aws\n  ru\nfunctions:\n  a:\n    events:\n      - http:\n          method: \n      - \n";
        assert!(labels(text, 3, 4).contains(&"runtime".to_string()));
        assert!(labels(text, 0, 0).contains(&"functions".to_string()));
        let methods = labels(text, 8, 18);
        assert!(methods.contains(&"GET".to_string()), "{methods:?}");
        let events = labels(text, 9, 8);
        assert!(events.contains(&"httpApi".to_string()), "{events:?}");
    }

    #[test]
    fn the_path_comes_from_indentation() {
        let text =
            "functions:\n  a:\n    events:\n      - http:\n          path: /x\n          me\n";
        let index = LineIndex::new(text);
        let place = place_at(&index, Position::new(5, 12)).unwrap();
        let k = |s: &str| Step::Key(s.into());
        assert_eq!(
            place,
            Place::Key {
                path: vec![k("functions"), k("a"), k("events"), Step::Item, k("http")]
            }
        );
    }
}
