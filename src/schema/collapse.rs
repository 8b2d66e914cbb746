//! Turns jsonschema's raw errors into findings a person can act on.
//!
//! Two jobs. (1) Forgive what SF v3 forgives: its validator coerces scalar types (`"512"` for
//! an integer, `512` for a string, a scalar for a one-element list), so a type error on a
//! coercible value is no finding. (2) Collapse `anyOf`/`oneOf` noise: branches whose type does
//! not match the value are dropped; among the rest the one that got furthest into the value
//! wins; when every branch fails on the keys themselves (an event `htpp:`), the result is one
//! unknown key with the branches' key names as suggestions.

use super::defs_ci_values;
use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind as K};
use serde_json::Value;

/// What is wrong, before it is worded.
#[derive(Clone, Debug, PartialEq)]
pub enum Violation {
    /// Wrong JSON type; the expected type names (`string`, `object`, ...).
    Type(Vec<String>),
    /// A key the schema does not allow; `known` are the keys it does, `pattern` the pattern
    /// keys must match when the mapping has free-form names, `what` names the alternatives.
    UnknownKey {
        key: String,
        known: Vec<String>,
        pattern: Option<String>,
        what: &'static str,
    },
    /// A key must match `pattern` (response status codes).
    BadKey {
        key: String,
        pattern: String,
    },
    Required(String),
    /// Not one of `options`; `ignore_case` when any letter case is accepted.
    Enum {
        options: Vec<Value>,
        ignore_case: bool,
    },
    Pattern(String),
    /// Out of range: `min`/`max` and what they count (`value`, `length`, `items`, `keys`).
    Range {
        min: Option<Value>,
        max: Option<Value>,
        unit: &'static str,
    },
    Other(String),
}

/// One finding at an instance location (a JSON pointer into the validated value).
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub pointer: String,
    pub violation: Violation,
}

/// Findings for one raw error (none when it is forgiven).
pub fn collect(err: &ValidationError<'_>, schema: &Value, out: &mut Vec<Finding>) {
    let pointer = err.instance_path().as_str().to_string();
    let instance: &Value = err.instance();
    let schema_at =
        |suffix_drop: usize| parent_schema(schema, err.schema_path().as_str(), suffix_drop);
    let violation = match err.kind() {
        K::AnyOf { context } | K::OneOfNotValid { context } => {
            collapse(context, &pointer, instance, schema, out);
            return;
        }
        K::OneOfMultipleValid { .. } => Violation::Other(
            "matches more than one of its alternative forms; keep only one of them".into(),
        ),
        K::Type { kind } => {
            let expected = type_names(kind);
            if let Some(found) = recheck_coerced(
                instance,
                &expected,
                err.schema_path().as_str(),
                &pointer,
                schema,
            ) {
                out.extend(found);
                return;
            }
            Violation::Type(expected)
        }
        K::AdditionalProperties { unexpected } => {
            let parent = schema_at(1);
            let known = parent
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object)
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default();
            let pattern = parent
                .and_then(|s| s.get("patternProperties"))
                .and_then(Value::as_object)
                .and_then(|p| p.keys().next().cloned());
            for key in unexpected {
                out.push(Finding {
                    pointer: pointer.clone(),
                    violation: Violation::UnknownKey {
                        key: key.clone(),
                        known: Vec::clone(&known),
                        pattern: pattern.clone(),
                        what: "key",
                    },
                });
            }
            return;
        }
        K::PropertyNames { error } => {
            let key = error.instance().as_str().unwrap_or_default().to_string();
            let pattern = match error.kind() {
                K::Pattern { pattern } => pattern.clone(),
                _ => String::new(),
            };
            Violation::BadKey { key, pattern }
        }
        K::Required { property } => {
            Violation::Required(property.as_str().unwrap_or_default().into())
        }
        K::Enum { options } => {
            let options = options.as_array().cloned().unwrap_or_default();
            if enum_coercible(instance, &options) {
                return;
            }
            Violation::Enum {
                options,
                ignore_case: false,
            }
        }
        K::Constant { expected_value } => {
            let options = vec![Value::clone(expected_value)];
            if enum_coercible(instance, &options) {
                return;
            }
            Violation::Enum {
                options,
                ignore_case: false,
            }
        }
        K::Pattern { pattern } => match schema_at(1).and_then(defs_ci_values) {
            Some(options) => Violation::Enum {
                options,
                ignore_case: true,
            },
            None => Violation::Pattern(pattern.clone()),
        },
        K::Minimum { limit } | K::ExclusiveMinimum { limit } => {
            range(Some(limit.clone()), None, "value")
        }
        K::Maximum { limit } | K::ExclusiveMaximum { limit } => {
            range(None, Some(limit.clone()), "value")
        }
        K::MinLength { limit } => range(Some((*limit).into()), None, "length"),
        K::MaxLength { limit } => range(None, Some((*limit).into()), "length"),
        K::MinItems { limit } => range(Some((*limit).into()), None, "items"),
        K::MaxItems { limit } => range(None, Some((*limit).into()), "items"),
        K::MinProperties { limit } => range(Some((*limit).into()), None, "keys"),
        K::MaxProperties { limit } => range(None, Some((*limit).into()), "keys"),
        K::FalseSchema => Violation::Other("is not allowed here".into()),
        _ => Violation::Other(err.to_string()),
    };
    out.push(Finding { pointer, violation });
}

fn range(min: Option<Value>, max: Option<Value>, unit: &'static str) -> Violation {
    Violation::Range { min, max, unit }
}

/// The schema object owning the keyword at `schema_path` (dropping `drop` trailing segments).
fn parent_schema<'a>(schema: &'a Value, schema_path: &str, drop: usize) -> Option<&'a Value> {
    let mut parts: Vec<&str> = schema_path.split('/').collect();
    for _ in 0..drop {
        parts.pop();
    }
    let pointer = parts.join("/");
    schema.pointer(&pointer)
}

fn collapse(
    context: &[Vec<ValidationError<'static>>],
    pointer: &str,
    instance: &Value,
    schema: &Value,
    out: &mut Vec<Finding>,
) {
    let mut branches: Vec<Vec<Finding>> = Vec::new();
    for branch in context {
        let mut found = Vec::new();
        for e in branch {
            collect(e, schema, &mut found);
        }
        if found.is_empty() {
            // a branch passes once SF's coercion is applied: the value is fine
            return;
        }
        branches.push(found);
    }
    let type_mismatch = |b: &Vec<Finding>| {
        b.iter()
            .all(|f| f.pointer == pointer && matches!(f.violation, Violation::Type(_)))
    };
    let (mismatched, rest): (Vec<_>, Vec<_>) = branches.into_iter().partition(type_mismatch);
    if rest.is_empty() {
        let mut expected: Vec<String> = Vec::new();
        for f in mismatched.iter().flatten() {
            if let Violation::Type(ts) = &f.violation {
                for t in ts {
                    if !expected.contains(t) {
                        expected.push(t.clone());
                    }
                }
            }
        }
        out.push(Finding {
            pointer: pointer.into(),
            violation: Violation::Type(expected),
        });
        return;
    }
    let shallow = |b: &Vec<Finding>| {
        b.iter().all(|f| {
            f.pointer == pointer
                && matches!(
                    f.violation,
                    Violation::Required(_) | Violation::UnknownKey { .. }
                )
        })
    };
    // every branch wants a different single key (events): report the keys that fit none
    if rest.len() > 2 && rest.iter().all(shallow) && instance.is_object() {
        let known: Vec<String> = rest
            .iter()
            .flatten()
            .filter_map(|f| match &f.violation {
                Violation::Required(p) => Some(p.clone()),
                _ => None,
            })
            .collect();
        let keys: Vec<&String> = instance
            .as_object()
            .map(|o| o.keys().filter(|k| !known.contains(k)).collect())
            .unwrap_or_default();
        if keys.is_empty() {
            out.push(Finding {
                pointer: pointer.into(),
                violation: Violation::Other(format!("needs exactly one of: {}", known.join(", "))),
            });
        }
        for key in keys {
            out.push(Finding {
                pointer: pointer.into(),
                violation: Violation::UnknownKey {
                    key: key.clone(),
                    known: known.clone(),
                    pattern: None,
                    what: "event type",
                },
            });
        }
        return;
    }
    let depth = |b: &Vec<Finding>| b.iter().map(|f| f.pointer.len()).max().unwrap_or(0);
    let best = rest
        .into_iter()
        .enumerate()
        .max_by(|(ia, a), (ib, b)| {
            depth(a)
                .cmp(&depth(b))
                .then(b.len().cmp(&a.len()))
                .then(ib.cmp(ia))
        })
        .map(|(_, b)| b)
        .unwrap_or_default();
    out.extend(best);
}

fn type_names(kind: &TypeKind) -> Vec<String> {
    match kind {
        TypeKind::Single(t) => vec![t.to_string()],
        TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect(),
    }
}

fn is_scalar(v: &Value) -> bool {
    !(v.is_array() || v.is_object())
}

/// When SF v3's validator (ajv, `coerceTypes: 'array'`) would coerce the value to one of the
/// expected types, the findings for the coerced value against the same subschema (empty when
/// it passes); `None` when no coercion applies.
fn recheck_coerced(
    v: &Value,
    types: &[String],
    schema_path: &str,
    pointer: &str,
    schema: &Value,
) -> Option<Vec<Finding>> {
    let mut first: Option<Vec<Finding>> = None;
    for t in types {
        let Some(coerced) = coerce(v, t) else {
            continue;
        };
        let owner = schema_path.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
        let found = super::subschema_findings(owner, &coerced, schema)?;
        let wrapped = t == "array";
        let found: Vec<Finding> = found
            .into_iter()
            .map(|mut f| {
                let rel = if wrapped {
                    f.pointer
                        .strip_prefix("/0")
                        .unwrap_or(&f.pointer)
                        .to_string()
                } else {
                    f.pointer.clone()
                };
                f.pointer = format!("{pointer}{rel}");
                f
            })
            .collect();
        if found.is_empty() {
            return Some(found);
        }
        first.get_or_insert(found);
    }
    first
}

/// The value ajv's `coerceTypes: 'array'` makes of `v` for type `t`, if any.
pub fn coerce(v: &Value, t: &str) -> Option<Value> {
    let num = |s: &str| {
        (s.trim() == s && !s.is_empty())
            .then(|| s.parse::<f64>().ok())
            .flatten()
            .filter(|f| f.is_finite())
    };
    let from_f64 = |f: f64| {
        if f.fract() == 0.0 && f.abs() < 9e15 {
            Some(Value::from(f as i64))
        } else {
            serde_json::Number::from_f64(f).map(Value::Number)
        }
    };
    match (t, v) {
        ("array", v) if is_scalar(v) => Some(Value::Array(vec![v.clone()])),
        (_, Value::Array(items)) if items.len() == 1 && is_scalar(&items[0]) => {
            if type_matches(&items[0], t) {
                Some(items[0].clone())
            } else {
                coerce(&items[0], t)
            }
        }
        ("number", Value::String(s)) => num(s).and_then(from_f64),
        ("integer", Value::String(s)) => num(s).filter(|f| f.fract() == 0.0).and_then(from_f64),
        ("number" | "integer", Value::Bool(b)) => Some(Value::from(i64::from(*b))),
        ("number" | "integer", Value::Null) => Some(Value::from(0)),
        ("string", Value::Number(n)) => Some(Value::String(n.to_string())),
        ("string", Value::Bool(b)) => Some(Value::String(b.to_string())),
        ("string", Value::Null) => Some(Value::String(String::new())),
        ("boolean", Value::String(s)) if s == "true" || s == "false" => {
            Some(Value::Bool(s == "true"))
        }
        ("boolean", Value::Number(n)) => match n.as_f64() {
            Some(f) if f == 0.0 || f == 1.0 => Some(Value::Bool(f == 1.0)),
            _ => None,
        },
        ("boolean", Value::Null) => Some(Value::Bool(false)),
        ("null", Value::String(s)) if s.is_empty() => Some(Value::Null),
        ("null", Value::Number(n)) if n.as_f64() == Some(0.0) => Some(Value::Null),
        ("null", Value::Bool(false)) => Some(Value::Null),
        _ => None,
    }
}

fn type_matches(v: &Value, t: &str) -> bool {
    match t {
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => false,
    }
}

/// An enum of numbers given a numeric string (or the reverse), which ajv coerces first.
fn enum_coercible(v: &Value, options: &[Value]) -> bool {
    options.iter().any(|o| match (o, v) {
        (Value::Number(n), Value::String(s)) => {
            s.parse::<f64>().ok() == n.as_f64() && !s.is_empty()
        }
        (Value::String(s), Value::Number(n)) => s.parse::<f64>().ok() == n.as_f64(),
        (Value::String(s), Value::Bool(b)) => s == &b.to_string(),
        (Value::Bool(b), Value::String(s)) => s == &b.to_string(),
        _ => false,
    })
}
