//! JavaScript conversions the resolver needs: `Number(string)` for literals, `String(value)`
//! for variables embedded in longer strings, and literals as tree values.

use super::ast::Lit;
use crate::load::node::js_number_string;
use crate::load::{Node, Value};
use crate::source::Span;

/// JavaScript's `Number(s)` for a string; `None` where it gives `NaN`.
pub fn js_number(s: &str) -> Option<f64> {
    let t = super::parse::js_trim(s);
    if t.is_empty() {
        return Some(0.0);
    }
    match t {
        "Infinity" | "+Infinity" => return Some(f64::INFINITY),
        "-Infinity" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    let lower = t.get(..2).map(str::to_ascii_lowercase);
    let radix = match lower.as_deref() {
        Some("0x") => 16,
        Some("0o") => 8,
        Some("0b") => 2,
        _ => 10,
    };
    if radix != 10 {
        let digits = t.get(2..)?;
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        let mut f = 0f64;
        for c in digits.chars() {
            f = f * radix as f64 + c.to_digit(radix)? as f64;
        }
        return Some(f);
    }
    if !is_decimal(t) {
        return None;
    }
    t.parse::<f64>().ok()
}

/// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`
fn is_decimal(t: &str) -> bool {
    let b = t.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let int_start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let f = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        frac_digits = i - f;
    }
    if int_digits + frac_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let e = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == e {
            return false;
        }
    }
    i == b.len()
}

/// A number as the tree holds it: integral values that JavaScript holds exactly are `Int`.
pub fn number_value(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 && !(n == 0.0 && n.is_sign_negative())
    {
        Value::Int(n as i64)
    } else {
        Value::Float(n)
    }
}

/// A literal as a tree value.
pub fn lit_node(lit: &Lit, span: Span) -> Node {
    let v = match lit {
        Lit::Null => Value::Null,
        Lit::Bool(b) => Value::Bool(*b),
        Lit::Num(n) => number_value(*n),
        Lit::Str(s) => Value::Str(s.clone()),
    };
    Node::new(v, span)
}

/// A tree value as a literal, for source arguments (params and addresses); `None` for
/// mappings and lists (kept as nodes by the caller).
pub fn node_lit(node: &Node) -> Option<Lit> {
    Some(match &node.value {
        Value::Null => Lit::Null,
        Value::Bool(b) => Lit::Bool(*b),
        Value::Int(i) => Lit::Num(*i as f64),
        Value::Float(f) => Lit::Num(*f),
        Value::Str(s) => Lit::Str(s.clone()),
        Value::Seq(_) | Value::Map(_) => return None,
    })
}

/// JavaScript's `"" + value` as SF's `coerceString` applies it: `None` for null and plain
/// objects; lists join their items with `,`.
pub fn js_string(value: &Value) -> Option<String> {
    match value {
        Value::Null | Value::Map(_) => None,
        other => Some(js_string_lossy(other)),
    }
}

fn js_string_lossy(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => js_number_string(*f),
        Value::Str(s) => s.clone(),
        Value::Map(_) => "[object Object]".into(),
        Value::Seq(items) => items
            .iter()
            .map(|n| js_string_lossy(&n.value))
            .collect::<Vec<_>>()
            .join(","),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_number_matches_javascript() {
        let cases: &[(&str, Option<f64>)] = &[
            ("12", Some(12.0)),
            (" 12 ", Some(12.0)),
            ("-1.5", Some(-1.5)),
            (".5", Some(0.5)),
            ("5.", Some(5.0)),
            ("1e3", Some(1000.0)),
            ("0x1A", Some(26.0)),
            ("0b101", Some(5.0)),
            ("Infinity", Some(f64::INFINITY)),
            ("", Some(0.0)),
            ("abc", None),
            ("1_000", None),
            ("inf", None),
            ("NaN", None),
            ("1e", None),
            ("-0x1", None),
            ("1 2", None),
        ];
        for (s, want) in cases {
            assert_eq!(js_number(s), *want, "Number({s:?})");
        }
    }

    #[test]
    fn js_string_matches_javascript() {
        let seq = Value::Seq(vec![
            Node::new(Value::Int(1), Span::default()),
            Node::new(Value::Null, Span::default()),
            Node::new(Value::Str("x".into()), Span::default()),
            Node::new(Value::Map(Default::default()), Span::default()),
        ]);
        assert_eq!(js_string(&seq).as_deref(), Some("1,,x,[object Object]"));
        assert_eq!(js_string(&Value::Float(1.5)).as_deref(), Some("1.5"));
        assert_eq!(js_string(&Value::Bool(false)).as_deref(), Some("false"));
        assert_eq!(js_string(&Value::Null), None);
        assert_eq!(js_string(&Value::Map(Default::default())), None);
    }
}
