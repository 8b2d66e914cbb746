//! Writing YAML: the resolved configuration as `slsc print` shows it, in the block style
//! js-yaml's `dump` uses (two-space indent, lists indented under their key, quotes only where
//! a plain scalar would read back differently).

use serde_json::Value;

/// Renders a JSON value as a YAML document.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(m) if !m.is_empty() => write_map(&mut out, m, 0),
        Value::Array(a) if !a.is_empty() => write_seq(&mut out, a, 0),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn write_map(out: &mut String, m: &serde_json::Map<String, Value>, ind: usize) {
    for (k, v) in m {
        indent(out, ind);
        out.push_str(&key(k));
        out.push(':');
        write_value_after_key(out, v, ind);
    }
}

fn write_seq(out: &mut String, a: &[Value], ind: usize) {
    for v in a {
        indent(out, ind);
        out.push('-');
        match v {
            Value::Object(m) if !m.is_empty() => {
                // first key on the dash line, the rest aligned under it
                let mut first = true;
                for (k, v) in m {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        indent(out, ind + 2);
                    }
                    out.push_str(&key(k));
                    out.push(':');
                    write_value_after_key(out, v, ind + 2);
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(out, inner, ind + 2);
            }
            other => {
                out.push(' ');
                write_scalar_inline(out, other, ind + 2);
            }
        }
    }
}

fn write_value_after_key(out: &mut String, v: &Value, ind: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_map(out, m, ind + 2);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            write_seq(out, a, ind + 2);
        }
        other => {
            out.push(' ');
            write_scalar_inline(out, other, ind + 2);
        }
    }
}

fn write_scalar_inline(out: &mut String, v: &Value, ind: usize) {
    if let Value::String(s) = v
        && s.contains('\n')
        && s.chars().all(|c| c == '\n' || !c.is_control())
        && !s.starts_with(' ')
    {
        // literal block; `|-` strips the final newline, `|+` keeps trailing ones
        let chomp = if !s.ends_with('\n') {
            "-"
        } else if s.ends_with("\n\n") {
            "+"
        } else {
            ""
        };
        out.push('|');
        out.push_str(chomp);
        out.push('\n');
        let body = s.strip_suffix('\n').unwrap_or(s);
        for line in body.split('\n') {
            if !line.is_empty() {
                indent(out, ind);
                out.push_str(line);
            }
            out.push('\n');
        }
        return;
    }
    out.push_str(&scalar(v));
    out.push('\n');
}

fn key(k: &str) -> String {
    if k.is_empty() || needs_quotes(k) {
        quote(k)
    } else {
        k.to_string()
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            if needs_quotes(s) {
                quote(s)
            } else {
                s.clone()
            }
        }
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// Whether a plain scalar would read back as something else, or not parse at all.
fn needs_quotes(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    if !matches!(
        crate::load::scalar::resolve_plain(s),
        crate::load::Value::Str(ref t) if t == s
    ) {
        return true;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !(first == '-' && s.len() > 1 && !s[1..].starts_with(' '))
    {
        return true;
    }
    if s.starts_with(' ')
        || s.ends_with(' ')
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
    {
        return true;
    }
    s.chars().any(|c| c.is_control())
}

fn quote(s: &str) -> String {
    if s.chars().any(|c| c.is_control()) {
        // double quotes with JSON escapes are valid YAML
        return serde_json::to_string(s).unwrap_or_default();
    }
    format!("'{}'", s.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;
    use crate::source::SourceMap;
    use std::path::Path;

    fn round_trip(v: serde_json::Value) {
        let text = to_yaml(&v);
        let mut sm = SourceMap::new();
        let back = load::load_bytes(Path::new("x.yml"), text.as_bytes(), &mut sm)
            .unwrap_or_else(|d| panic!("{text}\n{}", d.message));
        assert_eq!(back.root.to_json(), v, "YAML was:\n{text}");
    }

    #[test]
    fn block_style_like_js_yaml() {
        let v = serde_json::json!({"service": "svc", "functions": {"a": {"events": [{"http": {"path": "x", "method": "get"}}]}}});
        assert_eq!(
            to_yaml(&v),
            "service: svc\nfunctions:\n  a:\n    events:\n      - http:\n          path: x\n          method: get\n"
        );
    }

    #[test]
    fn values_round_trip() {
        round_trip(serde_json::json!({
            "s": "plain", "t": "true", "n": "123", "e": "", "q": "it's", "c": "a: b",
            "h": "#x", "d": "- x", "dash": "-x", "date": "2012-10-17", "nl": "a\nb\n", "nl2": "a\nb",
            "num": 1.5, "i": -3, "b": false, "z": null, "l": [1, [2, 3], {"k": "v", "k2": [ ]}],
            "empty": {}, "star": "*", "tab": "a\tb", "Fn::GetAtt": ["A", "Arn"], "arn": "arn:aws:s3:::x/*"
        }));
    }
}
