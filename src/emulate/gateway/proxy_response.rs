//! The Lambda proxy integration's result, checked as API Gateway checks it: a JSON object
//! with only `statusCode`, `headers`, `multiValueHeaders`, `body` and `isBase64Encoded`, a
//! status code, header values that are scalars, a string body. Anything else is a
//! "Malformed Lambda proxy response" (the caller answers 502); the reason is kept for the log.

use super::request::{is_binary, media_type};
use base64::Engine;
use bytes::Bytes;
use serde_json::Value;

/// An HTTP response to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    /// In order; a name may repeat.
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

const KEYS: [&str; 5] = [
    "statusCode",
    "headers",
    "multiValueHeaders",
    "body",
    "isBase64Encoded",
];

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The result's top-level members in document order; a repeated key counts with its last
/// value (as in a JSON object value). Lighter than a map for the handful of members.
struct Members(Vec<(String, Value)>);

impl Members {
    fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl<'de> serde::Deserialize<'de> for Members {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Members, A::Error> {
                let mut out = Vec::with_capacity(m.size_hint().unwrap_or(4));
                while let Some(entry) = m.next_entry::<String, Value>()? {
                    out.push(entry);
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// Turns the function's result into the client's response. `accept` is the request's
/// `Accept` header: a base64 body is decoded when it (or the response's Content-Type) is one
/// of the API's binary media types, else passed on as the base64 text, as API Gateway does.
pub fn parse(
    payload: &[u8],
    accept: Option<&str>,
    binary_types: &[String],
) -> Result<Reply, String> {
    let members = match serde_json::from_slice::<Members>(payload) {
        Ok(m) => m.0,
        // not an object: the value tree says why
        Err(_) => {
            let value: Value = serde_json::from_slice(payload)
                .map_err(|e| format!("the function's result is not JSON: {e}"))?;
            let Value::Object(map) = value else {
                return Err("the function's result is not a JSON object".into());
            };
            map.into_iter().collect()
        }
    };
    if let Some((k, _)) = members.iter().find(|(k, _)| !KEYS.contains(&k.as_str())) {
        return Err(format!("unexpected key `{k}` in the function's result"));
    }
    let map = Members(members);
    let status = match map.get("statusCode") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|s| (100..=599).contains(s))
    .ok_or("statusCode is missing or not an HTTP status code")? as u16;

    let mut headers: Vec<(String, String)> = Vec::new();
    match map.get("multiValueHeaders") {
        None | Some(Value::Null) => {}
        Some(Value::Object(m)) => {
            for (k, vs) in m {
                let Value::Array(vs) = vs else {
                    return Err(format!("multiValueHeaders.{k} is not a list"));
                };
                for v in vs {
                    let v = scalar(v)
                        .ok_or_else(|| format!("multiValueHeaders.{k} holds a non-scalar"))?;
                    headers.push((k.clone(), v));
                }
            }
        }
        Some(_) => return Err("multiValueHeaders is not an object".into()),
    }
    match map.get("headers") {
        None | Some(Value::Null) => {}
        Some(Value::Object(m)) => {
            for (k, v) in m {
                let v = scalar(v).ok_or_else(|| format!("headers.{k} is not a scalar"))?;
                if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(k)) {
                    headers.push((k.clone(), v));
                }
            }
        }
        Some(_) => return Err("headers is not an object".into()),
    }
    let body = match map.get("body") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err("body is not a string".into()),
    };
    let base64 = match map.get("isBase64Encoded") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err("isBase64Encoded is not a boolean".into()),
    };
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
    {
        headers.push(("Content-Type".into(), "application/json".into()));
    }
    let content_type = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| media_type(v));
    let wants_binary = accept
        .and_then(|a| a.split(',').next())
        .map(media_type)
        .is_some_and(|a| is_binary(&a, binary_types))
        || content_type.is_some_and(|c| is_binary(&c, binary_types));
    let body = if base64 && wants_binary {
        base64::engine::general_purpose::STANDARD
            .decode(body.trim())
            .map_err(|e| format!("isBase64Encoded is true but the body is not base64: {e}"))?
            .into()
    } else {
        Bytes::from(body)
    };
    Ok(Reply {
        status,
        headers,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(payload: &str) -> Reply {
        parse(payload.as_bytes(), None, &[]).expect(payload)
    }

    #[test]
    fn well_formed_results() {
        let r = ok(r#"{"statusCode":201,"body":"hi","headers":{"X-A":"1","X-N":5,"X-B":true}}"#);
        assert_eq!(r.status, 201);
        assert_eq!(r.body, "hi");
        assert_eq!(r.header("x-a"), Some("1"));
        assert_eq!(r.header("X-N"), Some("5"));
        assert_eq!(r.header("x-b"), Some("true"));
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(ok(r#"{"statusCode":"204"}"#).status, 204);
        assert_eq!(ok(r#"{"statusCode":200,"body":null}"#).body, "");
    }

    #[test]
    fn multi_value_headers_win_over_headers_of_the_same_name() {
        let r = ok(
            r#"{"statusCode":200,"headers":{"Set-Cookie":"c=3","X":"y","content-type":"text/plain"},
                "multiValueHeaders":{"Set-Cookie":["a=1","b=2"]}}"#,
        );
        let cookies: Vec<&str> = r
            .headers
            .iter()
            .filter(|(n, _)| n == "Set-Cookie")
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(cookies, ["a=1", "b=2"]);
        assert_eq!(r.header("x"), Some("y"));
        assert_eq!(r.header("Content-Type"), Some("text/plain"));
    }

    #[test]
    fn a_repeated_member_counts_with_its_last_value() {
        let r = ok(r#"{"statusCode":500,"body":"a","statusCode":202,"body":"b"}"#);
        assert_eq!((r.status, &r.body[..]), (202, &b"b"[..]));
        let e = parse(br#"{"statusCode":200,"x":1,"y":2,"x":3}"#, None, &[]).unwrap_err();
        assert_eq!(e, "unexpected key `x` in the function's result");
        let e = parse(b"[1]", None, &[]).unwrap_err();
        assert_eq!(e, "the function's result is not a JSON object");
        let e = parse(b"{\"statusCode\":200} x", None, &[]).unwrap_err();
        assert!(e.starts_with("the function's result is not JSON: "), "{e}");
    }

    #[test]
    fn malformed_results_are_refused() {
        for bad in [
            "not json",
            "\"a string\"",
            "null",
            "[]",
            r#"{"body":"no status"}"#,
            r#"{"statusCode":"abc"}"#,
            r#"{"statusCode":99}"#,
            r#"{"statusCode":200,"body":{"a":1}}"#,
            r#"{"statusCode":200,"headers":{"a":{"b":1}}}"#,
            r#"{"statusCode":200,"headers":[]}"#,
            r#"{"statusCode":200,"multiValueHeaders":{"a":"b"}}"#,
            r#"{"statusCode":200,"isBase64Encoded":"yes"}"#,
            r#"{"statusCode":200,"extra":1}"#,
        ] {
            assert!(parse(bad.as_bytes(), None, &[]).is_err(), "{bad}");
        }
    }

    #[test]
    fn base64_bodies_are_decoded_only_for_binary_media_types() {
        let payload = br#"{"statusCode":200,"body":"iVBORwA=","isBase64Encoded":true,"headers":{"Content-Type":"image/png"}}"#;
        let binary = vec!["image/png".to_string()];
        assert_eq!(
            parse(payload, Some("image/png"), &binary).unwrap().body,
            &b"\x89PNG\x00"[..]
        );
        // decided by the response's Content-Type as well
        assert_eq!(
            parse(payload, Some("*/*"), &binary).unwrap().body,
            &b"\x89PNG\x00"[..]
        );
        // no binary media types: the base64 text goes out as it is
        assert_eq!(
            parse(payload, Some("image/png"), &[]).unwrap().body,
            "iVBORwA="
        );
        let broken = br#"{"statusCode":200,"body":"%%%","isBase64Encoded":true}"#;
        assert!(parse(broken, None, &["*/*".to_string()]).is_err());
    }
}
