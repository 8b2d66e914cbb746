//! API Gateway's template objects: the [`Context`] the emulator fills, `$input` (body, JSONPath
//! `json`/`path`, `params`), `$util` (escapeJavaScript, parseJson, url and base64 coding), the
//! `$context` tree with its settable `requestOverride` / `responseOverride`, and the
//! [`Overrides`] read back after rendering.

use base64::Engine as _;
use indexmap::IndexMap;

use super::value::Value;

/// Everything a mapping template can see about one request (or integration response).
///
/// Fill `context` as API Gateway does: absent values are empty strings, not null (Velocity's
/// `#set` ignores null values, so a null would make Serverless Framework's default template
/// repeat the previous value), and `authorizer` is an empty object without an authorizer.
/// References under `$context` / `$stageVariables` that are unset render as empty text.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The raw payload (`$input.body`).
    pub body: String,
    /// Path parameters (`$input.params().path`).
    pub path: IndexMap<String, String>,
    /// Query string parameters (`$input.params().querystring`).
    pub querystring: IndexMap<String, String>,
    /// Headers (`$input.params().header`), names as received.
    pub header: IndexMap<String, String>,
    /// The `$context` tree (`requestId`, `stage`, `identity`, `authorizer`...). Missing
    /// `requestOverride` / `responseOverride` maps are added.
    pub context: serde_json::Value,
    /// Stage variables (`$stageVariables`).
    pub stage_variables: IndexMap<String, String>,
    /// Extra top-level variables (`$name`), mostly for tests.
    pub variables: IndexMap<String, serde_json::Value>,
}

/// What a template set under `$context.requestOverride` / `$context.responseOverride`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `$context.responseOverride.status`.
    pub status: Option<String>,
    /// `$context.responseOverride.header.*`.
    pub response_headers: IndexMap<String, String>,
    /// `$context.requestOverride.header.*`.
    pub request_headers: IndexMap<String, String>,
    /// `$context.requestOverride.path.*`.
    pub request_path: IndexMap<String, String>,
    /// `$context.requestOverride.querystring.*`.
    pub request_querystring: IndexMap<String, String>,
}

/// The output of a render and the overrides it set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The rendered text.
    pub output: String,
    /// Overrides set by the template.
    pub overrides: Overrides,
}

/// The request body as API Gateway's JSONPath functions see it.
#[derive(Debug, Clone)]
pub enum Body {
    /// Parsed JSON (an empty body counts as `{}`; a body that is not JSON and does not start
    /// like an object or array is one string, as API Gateway's lenient parser sees it).
    Json(serde_json::Value),
    /// A body that starts like JSON but does not parse.
    Invalid(String),
}

impl Body {
    /// Classifies a raw body.
    pub fn parse(raw: &str) -> Body {
        let t = raw.trim();
        if t.is_empty() {
            return Body::Json(serde_json::Value::Object(Default::default()));
        }
        match serde_json::from_str(t) {
            Ok(v) => Body::Json(v),
            Err(e) if t.starts_with(['{', '[']) => {
                Body::Invalid(format!("Could not parse request body into json: {e}"))
            }
            Err(_) => Body::Json(serde_json::Value::String(raw.to_string())),
        }
    }
}

/// Builds the `$context` value, adding the override maps.
pub fn context_value(ctx: &Context) -> Value {
    let tree = match &ctx.context {
        serde_json::Value::Object(_) => Value::from_json(&ctx.context, false),
        _ => Value::map(IndexMap::new()),
    };
    if let Value::Map(m) = &tree
        && let Ok(mut m) = m.try_borrow_mut()
    {
        for (key, subs) in [
            ("requestOverride", &["header", "path", "querystring"][..]),
            ("responseOverride", &["header"][..]),
        ] {
            let entry = m
                .entry(key.to_string())
                .or_insert_with(|| Value::map(IndexMap::new()));
            if !matches!(entry, Value::Map(_)) {
                *entry = Value::map(IndexMap::new());
            }
            if let Value::Map(o) = entry
                && let Ok(mut o) = o.try_borrow_mut()
            {
                for s in subs {
                    o.entry(s.to_string())
                        .or_insert_with(|| Value::map(IndexMap::new()));
                }
            }
        }
    }
    tree
}

/// Reads the overrides back from the `$context` map after rendering.
pub fn read_overrides(context: &Value) -> Overrides {
    let get = |v: &Value, k: &str| match v {
        Value::Map(m) => m
            .try_borrow()
            .ok()
            .and_then(|m| m.get(k).cloned())
            .unwrap_or(Value::Null),
        _ => Value::Null,
    };
    let strings = |v: Value| -> IndexMap<String, String> {
        match v {
            Value::Map(m) => m
                .try_borrow()
                .map(|m| {
                    m.iter()
                        .filter(|(_, v)| !v.is_null())
                        .map(|(k, v)| (k.clone(), v.java_string()))
                        .collect()
                })
                .unwrap_or_default(),
            _ => IndexMap::new(),
        }
    };
    let req = get(context, "requestOverride");
    let resp = get(context, "responseOverride");
    let status = get(&resp, "status");
    Overrides {
        status: (!status.is_null()).then(|| status.java_string()),
        response_headers: strings(get(&resp, "header")),
        request_headers: strings(get(&req, "header")),
        request_path: strings(get(&req, "path")),
        request_querystring: strings(get(&req, "querystring")),
    }
}

/// `$input.params()`: `{path, querystring, header}`.
pub fn params_value(ctx: &Context) -> Value {
    let m = |x: &IndexMap<String, String>| {
        Value::map(x.iter().map(|(k, v)| (k.clone(), Value::str(v))).collect())
    };
    let mut all = IndexMap::new();
    all.insert("path".to_string(), m(&ctx.path));
    all.insert("querystring".to_string(), m(&ctx.querystring));
    all.insert("header".to_string(), m(&ctx.header));
    Value::map(all)
}

/// `$input.params(name)`: path, then query string, then header; `""` when absent.
pub fn param(ctx: &Context, name: &str) -> Value {
    let found = ctx
        .path
        .get(name)
        .or_else(|| ctx.querystring.get(name))
        .or_else(|| ctx.header.get(name));
    Value::str(found.map_or("", String::as_str))
}

/// Evaluates the JSONPath subset (`$`, `.name`, `['name']`, `[n]`, `[*]`, `.*`) on `root`.
/// Returns None when a definite path matches nothing; indefinite paths give an array.
pub fn json_path(
    root: &serde_json::Value,
    path: &str,
) -> Result<Option<serde_json::Value>, String> {
    let steps = parse_path(path)?;
    let definite = !steps.iter().any(|s| matches!(s, JsonPathStep::Wild));
    let mut current: Vec<&serde_json::Value> = vec![root];
    for step in &steps {
        let mut next = Vec::new();
        for v in current {
            match (step, v) {
                (JsonPathStep::Key(k), serde_json::Value::Object(o)) => next.extend(o.get(k)),
                (JsonPathStep::Index(i), serde_json::Value::Array(a)) => {
                    let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                    next.extend(usize::try_from(idx).ok().and_then(|i| a.get(i)));
                }
                (JsonPathStep::Wild, serde_json::Value::Object(o)) => next.extend(o.values()),
                (JsonPathStep::Wild, serde_json::Value::Array(a)) => next.extend(a.iter()),
                _ => {}
            }
        }
        current = next;
    }
    if definite {
        Ok(current.first().map(|v| (*v).clone()))
    } else {
        Ok(Some(serde_json::Value::Array(
            current.into_iter().cloned().collect(),
        )))
    }
}

/// A JSONPath step.
enum JsonPathStep {
    Key(String),
    Index(i64),
    Wild,
}

fn parse_path(path: &str) -> Result<Vec<JsonPathStep>, String> {
    let p = path.trim();
    let Some(mut rest) = p.strip_prefix('$') else {
        return Err(format!("invalid JSONPath `{path}`: must start with `$`"));
    };
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix(".*") {
            steps.push(JsonPathStep::Wild);
            rest = r;
        } else if let Some(r) = rest.strip_prefix('.') {
            let n = r.find(['.', '[']).unwrap_or(r.len());
            if n == 0 {
                return Err(format!("invalid JSONPath `{path}`"));
            }
            steps.push(JsonPathStep::Key(r[..n].to_string()));
            rest = &r[n..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r
                .find(']')
                .ok_or_else(|| format!("invalid JSONPath `{path}`: missing `]`"))?;
            let inner = r[..end].trim();
            rest = &r[end + 1..];
            if inner == "*" {
                steps.push(JsonPathStep::Wild);
            } else if let Some(q) = inner.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
                steps.push(JsonPathStep::Key(q.to_string()));
            } else if let Some(q) = inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
                steps.push(JsonPathStep::Key(q.to_string()));
            } else if let Ok(i) = inner.parse::<i64>() {
                steps.push(JsonPathStep::Index(i));
            } else {
                return Err(format!("unsupported JSONPath `{path}`"));
            }
        } else {
            return Err(format!("invalid JSONPath `{path}`"));
        }
    }
    Ok(steps)
}

/// `$util.escapeJavaScript`: Apache Commons Lang `StringEscapeUtils.escapeJavaScript`
/// (quotes, backslash and `/` escaped, control characters as `\b \n \t \f \r` or `\u00XX`,
/// non-ASCII as `\uXXXX` per UTF-16 unit, upper-case hex).
pub fn escape_javascript(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for u in s.encode_utf16() {
        match u {
            0x08 => out.push_str("\\b"),
            0x0A => out.push_str("\\n"),
            0x09 => out.push_str("\\t"),
            0x0C => out.push_str("\\f"),
            0x0D => out.push_str("\\r"),
            0x27 => out.push_str("\\'"),
            0x22 => out.push_str("\\\""),
            0x5C => out.push_str("\\\\"),
            0x2F => out.push_str("\\/"),
            u if !(0x20..=0x7F).contains(&u) => out.push_str(&format!("\\u{u:04X}")),
            u => out.push(char::from(u as u8)),
        }
    }
    out
}

/// `$util.urlEncode`: Java `URLEncoder.encode(s, "UTF-8")`.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'*' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `$util.urlDecode`: Java `URLDecoder.decode(s, "UTF-8")` (`+` is a space; a bad `%`
/// sequence throws).
pub fn url_decode(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => {
                let hex = b
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok());
                let Some(byte) = byte else {
                    return Err("URLDecoder: Illegal hex characters in escape (%) pattern".into());
                };
                out.push(byte);
                i += 3;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// `$util.base64Encode` of the UTF-8 bytes.
pub fn base64_encode(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s.as_bytes())
}

/// `$util.base64Decode` to a UTF-8 string (padding optional, URL-safe alphabet accepted).
pub fn base64_decode(s: &str) -> Result<String, String> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let clean: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = STANDARD
        .decode(&clean)
        .or_else(|_| STANDARD_NO_PAD.decode(&clean))
        .or_else(|_| URL_SAFE.decode(&clean))
        .or_else(|_| URL_SAFE_NO_PAD.decode(&clean))
        .map_err(|e| format!("invalid base64: {e}"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `$util.*`.
pub fn util_method(name: &str, args: &[Value]) -> Result<Option<Value>, String> {
    let [arg] = args else { return Ok(None) };
    if arg.is_null() {
        return Ok(Some(Value::Null));
    }
    let s = arg.java_string();
    Ok(Some(match name {
        "escapeJavaScript" => Value::str(escape_javascript(&s)),
        "urlEncode" => Value::str(url_encode(&s)),
        "urlDecode" => Value::str(url_decode(&s)?),
        "base64Encode" => Value::str(base64_encode(&s)),
        "base64Decode" => Value::str(base64_decode(&s)?),
        "parseJson" => {
            let v: serde_json::Value =
                serde_json::from_str(&s).map_err(|e| format!("invalid JSON: {e}"))?;
            Value::from_json(&v, false)
        }
        _ => return Ok(None),
    }))
}
