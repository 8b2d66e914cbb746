//! The few JavaScript/lodash behaviours Serverless Framework v3's output depends on:
//! `_.merge` (deep merge, arrays merged index by index), `undefined` (a property that holds a
//! place in key order but vanishes when serialized), `Object.assign` and number formatting.
//!
//! SF builds its template by merging fragments into it, so key order and the known quirks (a
//! method's `DependsOn` clobbered by its authorizer's, same-name authorizers merged) follow from
//! replaying the same merges. `undefined` is represented by a marker string that no user value
//! can contain; [`finish`] removes it the way `JSON.stringify` does.

use serde_json::{Map, Value};

/// The marker standing for JavaScript's `undefined`.
const UNDEFINED: &str = "\u{0}slsc:undefined\u{0}";

/// JavaScript's `undefined`: keeps its key's place, disappears from the output.
pub fn undef() -> Value {
    Value::String(UNDEFINED.to_owned())
}

pub fn is_undef(v: &Value) -> bool {
    matches!(v, Value::String(s) if s == UNDEFINED)
}

/// `Some(v)` → `v`, `None` → `undefined`.
pub fn opt<T: Into<Value>>(v: Option<T>) -> Value {
    v.map_or_else(undef, Into::into)
}

/// A JavaScript number: integral values print without a fraction (`100`, not `100.0`).
pub fn num(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

/// lodash `_.merge(target, source)`: plain objects and arrays are merged recursively (arrays
/// index by index), other values replace, `undefined` never replaces an existing value.
/// `source` is consumed: what the target lacks is moved in (lodash would deep-copy it, which
/// is the same value).
pub fn merge(target: &mut Value, source: Value) {
    match (target, source) {
        (Value::Object(t), Value::Object(s)) => {
            for (k, sv) in s {
                match t.get_mut(&k) {
                    Some(slot) => merge_into(slot, sv),
                    None => {
                        t.insert(k, sv);
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(s)) => {
            for (i, sv) in s.into_iter().enumerate() {
                match t.get_mut(i) {
                    Some(slot) => merge_into(slot, sv),
                    None => t.push(sv),
                }
            }
        }
        // lodash would set properties on the array; JSON cannot show them.
        _ => {}
    }
}

/// `_.merge` of several sources, left to right.
pub fn merge_all<const N: usize>(target: &mut Value, sources: [Value; N]) {
    for s in sources {
        merge(target, s);
    }
}

/// Merge `src` into an existing value, in place (so the key keeps its position).
pub fn merge_into(slot: &mut Value, src: Value) {
    match src {
        // Merged into a fresh object or array: the value itself.
        Value::Object(_) if !matches!(slot, Value::Object(_) | Value::Array(_)) => *slot = src,
        Value::Array(_) if !slot.is_array() => *slot = src,
        Value::Object(_) | Value::Array(_) => merge(slot, src),
        v if is_undef(&v) => {}
        v => *slot = v,
    }
}

/// `Object.assign(target, {key: value})`: replaces, keeping the key's position.
pub fn assign(target: &mut Map<String, Value>, key: &str, value: Value) {
    target.insert(key.to_owned(), value);
}

/// `delete target[key]`, keeping the order of the other keys.
pub fn delete(target: &mut Map<String, Value>, key: &str) {
    target.shift_remove(key);
}

/// What `JSON.stringify` does with `undefined`: dropped from objects, `null` in arrays.
pub fn finish(v: &mut Value) {
    match v {
        Value::Object(m) => {
            // one pass: what stays is walked as it is kept
            m.retain(|_, v| {
                let keep = !is_undef(v);
                if keep {
                    finish(v);
                }
                keep
            });
        }
        Value::Array(a) => {
            for x in a.iter_mut() {
                if is_undef(x) {
                    *x = Value::Null;
                } else {
                    finish(x);
                }
            }
        }
        _ => {}
    }
}

/// JavaScript truthiness of a JSON value (`undefined`, `null`, `false`, `0`, `""` are falsy).
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty() && s != UNDEFINED,
        Value::Array(_) | Value::Object(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_is_lodash_merge() {
        let cases = [
            // arrays merge by index: the DependsOn clobbering
            (
                json!({"D": ["perm"]}),
                json!({"D": ["auth"]}),
                json!({"D": ["auth"]}),
            ),
            (
                json!({"D": ["perm", "alias"]}),
                json!({"D": ["auth"]}),
                json!({"D": ["auth", "alias"]}),
            ),
            // undefined never replaces, but takes a place when new
            (
                json!({"a": 1}),
                json!({"a": undef(), "b": undef()}),
                json!({"a": 1, "b": undef()}),
            ),
            // null replaces
            (json!({"a": 1}), json!({"a": null}), json!({"a": null})),
            // object into string replaces
            (
                json!({"P": ""}),
                json!({"P": {"V": 1}}),
                json!({"P": {"V": 1}}),
            ),
            // deep merge keeps the first key order
            (
                json!({"x": {"a": 1, "b": 2}}),
                json!({"x": {"c": 3, "a": 9}}),
                json!({"x": {"a": 9, "b": 2, "c": 3}}),
            ),
        ];
        for (mut t, s, want) in cases {
            merge(&mut t, s);
            assert_eq!(t, want);
            assert_eq!(
                serde_json::to_string(&t).unwrap(),
                serde_json::to_string(&want).unwrap(),
                "key order"
            );
        }
    }

    #[test]
    fn undefined_keeps_its_place_until_finish() {
        let mut t = json!({"T": undef(), "N": "x"});
        merge(&mut t, json!({"T": 60}));
        finish(&mut t);
        assert_eq!(serde_json::to_string(&t).unwrap(), r#"{"T":60,"N":"x"}"#);
        let mut u = json!({"T": undef(), "L": [undef(), 1]});
        finish(&mut u);
        assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"L":[null,1]}"#);
    }

    #[test]
    fn numbers_print_like_javascript() {
        assert_eq!(num(100.0).to_string(), "100");
        assert_eq!(num(0.5).to_string(), "0.5");
    }

    #[test]
    fn truthiness() {
        for (v, want) in [
            (json!(null), false),
            (json!(""), false),
            (json!(0), false),
            (undef(), false),
            (json!("a"), true),
            (json!({}), true),
            (json!([]), true),
        ] {
            assert_eq!(truthy(&v), want, "{v}");
        }
    }
}
