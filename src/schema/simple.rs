//! A shortcut for re-checking a coerced value: when the subschema only constrains JSON types
//! (`type`, and `items` of such a schema) and the value satisfies it, it passes, without
//! compiling a validator for that location (compiling one costs about as much as compiling
//! the whole schema). Anything else, or a value that does not satisfy it, gets no answer here.

use serde_json::Value;

/// Keys that constrain nothing.
const ANNOTATIONS: &[&str] = &[
    "description",
    "markdownDescription",
    "title",
    "$comment",
    "examples",
    "default",
    "deprecated",
];

/// `true` when `schema` surely accepts `value`; `false` when it does not or cannot be told
/// this cheaply.
pub fn surely_passes(schema: &Value, value: &Value) -> bool {
    let Value::Object(keywords) = schema else {
        return false;
    };
    keywords.iter().all(|(k, s)| match k.as_str() {
        "type" => type_ok(s, value),
        "items" => match value {
            Value::Array(items) => items.iter().all(|item| surely_passes(s, item)),
            // `items` constrains arrays only
            _ => is_simple(s),
        },
        other => ANNOTATIONS.contains(&other),
    })
}

/// Whether `schema` is made only of what [`surely_passes`] understands.
fn is_simple(schema: &Value) -> bool {
    let Value::Object(keywords) = schema else {
        return false;
    };
    keywords.iter().all(|(k, s)| match k.as_str() {
        "type" => s.is_string() || s.is_array(),
        "items" => is_simple(s),
        other => ANNOTATIONS.contains(&other),
    })
}

fn type_ok(t: &Value, v: &Value) -> bool {
    match t {
        Value::String(name) => one_type_ok(name, v),
        Value::Array(names) => names
            .iter()
            .any(|n| n.as_str().is_some_and(|n| one_type_ok(n, v))),
        _ => false,
    }
}

fn one_type_ok(name: &str, v: &Value) -> bool {
    match name {
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "number" => v.is_number(),
        // only what is an integer beyond doubt; `1.0` is left to the validator
        "integer" => v.is_i64() || v.is_u64(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::surely_passes;
    use serde_json::json;

    #[test]
    fn only_type_constraints_that_hold_pass() {
        let cases = [
            (
                json!({"type": "array", "items": {"type": "string"}}),
                json!(["a"]),
                true,
            ),
            (
                json!({"type": "array", "items": {"type": "string"}}),
                json!([1]),
                false,
            ),
            (
                json!({"type": "array", "items": {"type": "string"}}),
                json!("a"),
                false,
            ),
            (
                json!({"type": ["string", "integer"], "description": "d"}),
                json!(5),
                true,
            ),
            (json!({"type": "integer"}), json!(5.5), false),
            (json!({"type": "integer"}), json!(1.0), false),
            (json!({"type": "string", "minLength": 1}), json!("a"), false),
            (
                json!({"type": "string", "pattern": "^a$"}),
                json!("a"),
                false,
            ),
            (json!({"items": {"type": "string"}}), json!("x"), true),
            (
                json!({"items": {"type": "string", "enum": ["a"]}}),
                json!("x"),
                false,
            ),
            (json!({"$ref": "#/$defs/x"}), json!("x"), false),
            (json!(true), json!("x"), false),
        ];
        for (schema, value, want) in cases {
            assert_eq!(surely_passes(&schema, &value), want, "{schema} {value}");
        }
    }
}
