//! From the function's result to the client's response, by the route's payload format
//! version, and the HTTP API's own error answers. Function URLs read their functions' results
//! by the same 2.0 rules ([`parse`] with `"2.0"`, [`head`] for a streamed prelude).
//!
//! 2.0: a JSON object with `statusCode` is read as the explicit form (`statusCode`, `headers`,
//! `body`, `isBase64Encoded`, `cookies`: each cookie its own `set-cookie`); any other valid
//! JSON is the inferred form: status 200, `content-type: application/json`, the result as the
//! body (a string as-is, anything else as JSON text). 1.0: REST's proxy result, its base64
//! body always decoded. Anything unusable is a 500 `{"message":"Internal Server Error"}`.
//!
//! Where AWS's documentation is silent: an explicit 2.0 response without a Content-Type gets
//! none added; `multiValueHeaders` in a 2.0 result is ignored; a non-string `body`, a
//! non-scalar header value or a status outside 100–599 is a malformed result (500).

use crate::emulate::gateway::proxy_response::{self, Reply, member};
use bytes::Bytes;
use serde_json::Value;

/// An answer the HTTP API gives itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpApiError {
    /// No route matches: 404.
    NotFound,
    /// A JWT or Lambda authorizer refused the identity, or it is missing: 401.
    Unauthorized,
    /// The authorizer denied, or the token lacks the route's scopes: 403.
    Forbidden,
    /// The function or the authorizer failed or answered something unusable: 500.
    InternalServerError,
    /// The integration did not answer within the integration timeout: 503 (observed; not 504).
    ServiceUnavailable,
    /// A body over 10 MB: 413 (the body text is unconfirmed).
    RequestTooLarge,
}

impl HttpApiError {
    pub fn status(self) -> u16 {
        match self {
            HttpApiError::NotFound => 404,
            HttpApiError::Unauthorized => 401,
            HttpApiError::Forbidden => 403,
            HttpApiError::InternalServerError => 500,
            HttpApiError::ServiceUnavailable => 503,
            HttpApiError::RequestTooLarge => 413,
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            HttpApiError::NotFound => "Not Found",
            HttpApiError::Unauthorized => "Unauthorized",
            HttpApiError::Forbidden => "Forbidden",
            HttpApiError::InternalServerError => "Internal Server Error",
            HttpApiError::ServiceUnavailable => "Service Unavailable",
            HttpApiError::RequestTooLarge => "Request Entity Too Large",
        }
    }

    /// `{"message":"..."}` with its status.
    pub fn reply(self) -> Reply {
        Reply {
            status: self.status(),
            headers: vec![("content-type".into(), "application/json".into())],
            body: Bytes::from(serde_json::json!({ "message": self.message() }).to_string()),
        }
    }
}

/// The response for a function's result, by payload format version.
pub fn parse(payload: &[u8], payload_version: &str) -> Result<Reply, String> {
    if payload_version == "1.0" {
        // every type counts as binary: HTTP APIs decode a base64 body whatever its type
        return proxy_response::parse(payload, None, &["*/*".to_string()]);
    }
    parse_v2(payload)
}

fn parse_v2(payload: &[u8]) -> Result<Reply, String> {
    let value: Value = serde_json::from_slice(payload)
        .map_err(|e| format!("the function's result is not JSON: {e}"))?;
    match value {
        Value::Object(map) if map.contains_key("statusCode") => explicit(&map),
        other => Ok(inferred(other)),
    }
}

fn inferred(value: Value) -> Reply {
    let body = match value {
        Value::String(s) => s,
        other => other.to_string(),
    };
    Reply {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: Bytes::from(body),
    }
}

/// The status and headers of an explicit 2.0 result (or of a function URL's streamed
/// response prelude): `statusCode`, `headers`, and each of `cookies` as its own `set-cookie`.
pub fn head(map: &serde_json::Map<String, Value>) -> Result<(u16, Vec<(String, String)>), String> {
    let status = member::status(map)? as u16;
    let mut headers = member::headers(map)?;
    match map.get("cookies") {
        None | Some(Value::Null) => {}
        Some(Value::Array(cookies)) => {
            for c in cookies {
                let c = c.as_str().ok_or("cookies holds a non-string")?;
                headers.push(("set-cookie".into(), c.to_string()));
            }
        }
        Some(_) => return Err("cookies is not a list".into()),
    }
    Ok((status, headers))
}

fn explicit(map: &serde_json::Map<String, Value>) -> Result<Reply, String> {
    let (status, headers) = head(map)?;
    let body = member::body(map)?;
    let base64 = member::base64(map)?;
    let body = member::decoded_body(body, base64)?;
    Ok(Reply {
        status,
        headers,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(payload: &str, version: &str) -> Reply {
        parse(payload.as_bytes(), version).unwrap_or_else(|e| panic!("{payload}: {e}"))
    }

    #[test]
    fn results_without_status_code_are_inferred() {
        let cases = [
            (r#""plain text""#, "plain text"),
            (r#"{"a":1}"#, r#"{"a":1}"#),
            ("42", "42"),
            ("[1,2]", "[1,2]"),
            ("null", "null"),
            (r#"{"body":"x"}"#, r#"{"body":"x"}"#),
        ];
        for (payload, body) in cases {
            let r = ok(payload, "2.0");
            assert_eq!(r.status, 200, "{payload}");
            assert_eq!(r.header("content-type"), Some("application/json"));
            assert_eq!(r.body, body.as_bytes(), "{payload}");
        }
    }

    #[test]
    fn explicit_results_keep_status_headers_and_cookies() {
        let r = ok(
            r#"{"statusCode":201,"headers":{"x-a":"1","x-n":2},"cookies":["a=1","b=2; Path=/"],
                "body":"hi","multiValueHeaders":{"x-m":["ignored"]}}"#,
            "2.0",
        );
        assert_eq!(r.status, 201);
        assert_eq!(r.header("x-a"), Some("1"));
        assert_eq!(r.header("x-n"), Some("2"));
        assert_eq!(r.header("content-type"), None);
        assert_eq!(r.header("x-m"), None);
        let cookies: Vec<&str> = r
            .headers
            .iter()
            .filter(|(k, _)| k == "set-cookie")
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(cookies, ["a=1", "b=2; Path=/"]);
        assert_eq!(r.body, "hi");
        let r = ok(
            r#"{"statusCode":"200","body":"iVBO","isBase64Encoded":true}"#,
            "2.0",
        );
        assert_eq!(r.body.as_ref(), &[0x89, 0x50, 0x4e]);
    }

    #[test]
    fn malformed_results_are_refused() {
        for bad in [
            "not json",
            r#"{"statusCode":99}"#,
            r#"{"statusCode":"abc"}"#,
            r#"{"statusCode":200,"body":{"a":1}}"#,
            r#"{"statusCode":200,"headers":{"a":{"b":1}}}"#,
            r#"{"statusCode":200,"headers":[]}"#,
            r#"{"statusCode":200,"cookies":"a=1"}"#,
            r#"{"statusCode":200,"cookies":[1]}"#,
            r#"{"statusCode":200,"isBase64Encoded":"yes"}"#,
            r#"{"statusCode":200,"body":"***","isBase64Encoded":true}"#,
            "",
        ] {
            assert!(parse(bad.as_bytes(), "2.0").is_err(), "{bad}");
        }
        // 1.0 needs a statusCode: nothing is inferred
        assert!(parse(b"\"text\"", "1.0").is_err());
        assert!(parse(br#"{"body":"x"}"#, "1.0").is_err());
    }

    #[test]
    fn payload_1_0_merges_headers_and_decodes_base64() {
        let r = ok(
            r#"{"statusCode":200,"headers":{"x-a":"1"},"multiValueHeaders":{"set-cookie":["a=1","b=2"]},
                "body":"aGk=","isBase64Encoded":true}"#,
            "1.0",
        );
        assert_eq!(r.header("x-a"), Some("1"));
        assert_eq!(
            r.headers.iter().filter(|(k, _)| k == "set-cookie").count(),
            2
        );
        assert_eq!(r.body, "hi");
    }

    #[test]
    fn error_answers_are_aws_s() {
        let cases = [
            (HttpApiError::NotFound, 404, r#"{"message":"Not Found"}"#),
            (
                HttpApiError::Unauthorized,
                401,
                r#"{"message":"Unauthorized"}"#,
            ),
            (HttpApiError::Forbidden, 403, r#"{"message":"Forbidden"}"#),
            (
                HttpApiError::InternalServerError,
                500,
                r#"{"message":"Internal Server Error"}"#,
            ),
            (
                HttpApiError::ServiceUnavailable,
                503,
                r#"{"message":"Service Unavailable"}"#,
            ),
        ];
        for (e, status, body) in cases {
            let r = e.reply();
            assert_eq!(r.status, status);
            assert_eq!(r.body, body);
        }
    }
}
