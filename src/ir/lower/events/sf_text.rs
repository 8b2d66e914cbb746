//! SF v3 compiles `schedule` rules, `cloudwatchEvent` rules and `cloudwatchLog` filters by
//! text: it writes the settings into a JSON template between quotes, unescaped, and parses the
//! result (`JSON.parse`). What the template ends up with is the value decoded once as the body
//! of a JSON string: `\n` written in a value becomes a line break, `\"` a quote. A value that
//! does not decode (a bare `"`, a lone backslash, a line break) makes SF fail with a
//! `SyntaxError`; slsc reports it at the value instead.

use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::source::Span;
use serde_json::Value as Json;

/// `text` as SF's template reads it between quotes, or `None` when that is not JSON.
pub fn decode(text: &str) -> Option<String> {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    quoted.push_str(text);
    quoted.push('"');
    serde_json::from_str(&quoted).ok()
}

/// [`decode`], reporting a value SF would fail on (`what` names it) at `span`.
pub fn decode_or_report(
    diags: &mut Diagnostics,
    text: &str,
    what: &str,
    span: Span,
) -> Option<String> {
    let decoded = decode(text);
    if decoded.is_none() {
        report(diags, what, span);
    }
    decoded
}

/// Reports that SF v3 cannot read back the template it writes `what` into.
pub fn report(diags: &mut Diagnostics, what: &str, span: Span) {
    diags.push(
        Diagnostic::error(
            codes::SF_JSON_TEXT,
            format!(
                "SF v3 writes {what} unescaped into JSON text and fails to parse it (SyntaxError)"
            ),
        )
        .at(span)
        .label("breaks SF's template")
        .help("remove the backslash escapes and double quotes SF cannot carry here (an `input` may be a mapping instead)"),
    );
}

/// `"` → `\"`: SF's escaping of an `input` before the template (`replace(/"/g, '\\"')`).
pub fn escape_quotes(text: &str) -> String {
    text.replace('"', "\\\"")
}

/// SF's `replace(/\\n|\\r/g, '')` on JSON text: drops the two-character escapes `\n` and
/// `\r`, scanning left to right (so `\\n` loses its last two characters).
pub fn drop_escaped_line_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && matches!(chars.peek(), Some('n' | 'r')) {
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// SF's `replace(/\r?\n/g, '')`: drops line breaks (a `\r` alone stays).
pub fn drop_line_breaks(text: &str) -> String {
    text.replace("\r\n", "").replace('\n', "")
}

/// `JSON.stringify` of a value read from the configuration.
pub fn stringify(value: &Json) -> String {
    // serde_json escapes exactly the characters JSON.stringify escapes
    serde_json::to_string(value).unwrap_or_default()
}

/// A value as `JSON.parse` builds it: whole floats are integers (`1.0` is `1`).
pub fn js_numbers(value: Json) -> Json {
    match value {
        Json::Number(n) if !n.is_i64() && !n.is_u64() => n
            .as_f64()
            .map_or(Json::Number(n), crate::load::node::float_to_json),
        Json::Array(items) => Json::Array(items.into_iter().map(js_numbers).collect()),
        Json::Object(m) => Json::Object(m.into_iter().map(|(k, v)| (k, js_numbers(v))).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_is_json_parse_of_the_quoted_text() {
        assert_eq!(decode("plain").as_deref(), Some("plain"));
        assert_eq!(decode(r#"{\"a\":1}"#).as_deref(), Some(r#"{"a":1}"#));
        assert_eq!(decode(r"a\nb").as_deref(), Some("a\nb"));
        assert_eq!(decode(r"\u0041").as_deref(), Some("A"));
        for broken in [r#"say "hi""#, r"ends\", "line\nbreak", r"\x"] {
            assert_eq!(decode(broken), None, "{broken}");
        }
    }

    #[test]
    fn sf_replacements() {
        assert_eq!(drop_escaped_line_breaks(r#""a\nb\r""#), r#""ab""#);
        // `\\n` (an escaped backslash, then n): the second backslash and the n go
        assert_eq!(drop_escaped_line_breaks(r#""a\\nb""#), r#""a\b""#);
        assert_eq!(drop_line_breaks("a\r\nb\nc\rd"), "abc\rd");
        assert_eq!(escape_quotes(r#"{"a":"b"}"#), r#"{\"a\":\"b\"}"#);
        assert_eq!(
            js_numbers(serde_json::json!({"a": [1.0, 1.5]})),
            serde_json::json!({"a": [1, 1.5]})
        );
    }
}
