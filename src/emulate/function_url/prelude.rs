//! The HTTP prelude a streamed response starts with when the handler wrapped its stream in
//! `awslambda.HttpResponseStream.from(stream, {statusCode, headers, cookies})`: the stream's
//! content type is `application/vnd.awslambda.http-integration-response`, and its bytes are
//! the prelude's JSON, 8 NUL bytes, then the body. The prelude is read by the 2.0 rules
//! ([`crate::emulate::gateway::http_api::response::head`]), `statusCode` 200 when absent.
//!
//! Where AWS's documentation is silent: a prelude stream that ends with no byte written is an
//! empty 200 (the runtime writes the prelude only before the first write); one that ends
//! before the delimiter, holds no JSON object or is longer than [`MAX_PRELUDE`] is a malformed
//! response (502).

use crate::emulate::gateway::http_api::response::head;
use serde_json::Value;

/// The content type that says a stream starts with a prelude.
pub const CONTENT_TYPE: &str = "application/vnd.awslambda.http-integration-response";

/// The delimiter after the prelude.
pub const DELIMITER: [u8; 8] = [0; 8];

/// The longest prelude read (headers and cookies; far beyond any real one).
pub const MAX_PRELUDE: usize = 1024 * 1024;

/// Where the delimiter starts in `buf`, if it is there.
pub fn find_delimiter(buf: &[u8]) -> Option<usize> {
    memchr::memmem::find(buf, &DELIMITER)
}

/// The status and headers a prelude's JSON says.
pub fn parse(json: &[u8]) -> Result<(u16, Vec<(String, String)>), String> {
    let value: Value =
        serde_json::from_slice(json).map_err(|e| format!("the prelude is not JSON: {e}"))?;
    let Value::Object(mut map) = value else {
        return Err("the prelude is not a JSON object".into());
    };
    if map.get("statusCode").is_none_or(Value::is_null) {
        map.insert("statusCode".into(), 200.into());
    }
    head(&map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preludes_give_status_headers_and_cookies() {
        let (status, headers) = parse(
            br#"{"statusCode":201,"headers":{"content-type":"text/plain","x-n":1},"cookies":["a=1","b=2"]}"#,
        )
        .unwrap();
        assert_eq!(status, 201);
        assert_eq!(
            headers,
            [
                ("content-type".to_string(), "text/plain".to_string()),
                ("x-n".into(), "1".into()),
                ("set-cookie".into(), "a=1".into()),
                ("set-cookie".into(), "b=2".into()),
            ]
        );
        assert_eq!(parse(b"{}").unwrap(), (200, vec![]));
    }

    #[test]
    fn malformed_preludes_are_refused() {
        for bad in [
            &b""[..],
            b"not json",
            b"[1]",
            b"\"text\"",
            br#"{"statusCode":42}"#,
            br#"{"headers":[]}"#,
            br#"{"cookies":"a=1"}"#,
            b"{\"statusCode\":200\x00",
        ] {
            assert!(parse(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn the_delimiter_is_eight_nul_bytes() {
        assert_eq!(find_delimiter(b"{}\0\0\0\0\0\0\0\0body"), Some(2));
        assert_eq!(find_delimiter(b"{}\0\0\0\0\0\0\0"), None);
        assert_eq!(find_delimiter(b""), None);
    }
}
