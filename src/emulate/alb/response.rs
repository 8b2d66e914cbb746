//! The Lambda target's result as the load balancer reads it (ELB docs, "Lambda functions as
//! targets": "Respond to the load balancer"): `statusCode`, `statusDescription` (the status
//! line's text), `headers` or, with multi-value headers enabled, `multiValueHeaders` (the
//! other member is ignored, as the docs say to use the one that matches the target group),
//! `body` and `isBase64Encoded` (ALB decodes the body). A result that is not such an object
//! is a malformed response: ALB answers 502 Bad Gateway, as it does for a function error or
//! crash, a timeout, and a response over 1 MB ("Lambda functions as targets": Limits;
//! "Troubleshoot your Application Load Balancers": HTTP 502). Its own answers are its HTML
//! error pages, with `Server: awselb/2.0`.

use crate::emulate::gateway::proxy_response::{Reply, member};
use bytes::Bytes;
use serde_json::Value;

/// The largest request body and function response ALB passes (1 MB).
pub const MAX_PAYLOAD: usize = 1024 * 1024;

/// Hop-by-hop headers, which a proxy does not pass on, and `Content-Length`, which the
/// load balancer computes.
const DROPPED: [&str; 9] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "content-length",
];

/// A response to send and the text of its status line.
#[derive(Debug, PartialEq)]
pub struct TargetReply {
    pub reply: Reply,
    /// From `statusDescription` (`"200 OK"` → `OK`), when given.
    pub reason: Option<String>,
}

/// Reads the function's result; the error is why ALB would answer 502 (for the log).
pub fn parse(payload: &[u8], multi_value_headers: bool) -> Result<TargetReply, String> {
    if payload.len() > MAX_PAYLOAD {
        return Err(format!(
            "the function's response is {} bytes, over ALB's 1 MB limit",
            payload.len()
        ));
    }
    let value: Value = serde_json::from_slice(payload)
        .map_err(|e| format!("the function's result is not JSON: {e}"))?;
    let Value::Object(map) = value else {
        return Err("the function's result is not a JSON object".into());
    };
    let status = member::status(&map)? as u16;
    let reason = match map.get("statusDescription") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => reason_phrase(s, status),
        Some(_) => return Err("statusDescription is not a string".into()),
    };
    let mut headers = if multi_value_headers {
        member::multi_value_headers(&map)?
    } else {
        member::headers(&map)?
    };
    headers.retain(|(n, _)| !DROPPED.iter().any(|d| n.eq_ignore_ascii_case(d)));
    let body = member::decoded_body(member::body(&map)?, member::base64(&map)?)?;
    Ok(TargetReply {
        reply: Reply {
            status,
            headers,
            body,
        },
        reason,
    })
}

/// `"200 OK"` → `OK`; a description that does not start with the code is the text itself.
fn reason_phrase(description: &str, status: u16) -> Option<String> {
    let d = description.trim();
    let text = d
        .strip_prefix(&status.to_string())
        .map_or(d, str::trim_start);
    // only visible ASCII and spaces can go in a status line
    (!text.is_empty()
        && text
            .bytes()
            .all(|b| b == b' ' || b == b'\t' || b.is_ascii_graphic()))
    .then(|| text.to_string())
}

/// The load balancer's own HTML page for `status` (`502 Bad Gateway`, ...).
pub fn page(status: u16) -> Reply {
    let title = match status {
        400 => "400 Bad Request",
        404 => "404 Not Found",
        413 => "413 Request Entity Too Large",
        502 => "502 Bad Gateway",
        503 => "503 Service Temporarily Unavailable",
        504 => "504 Gateway Time-out",
        _ => "500 Internal Server Error",
    };
    let body = format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n</body>\r\n</html>\r\n"
    );
    Reply {
        status,
        headers: vec![
            ("Server".into(), "awselb/2.0".into()),
            ("Content-Type".into(), "text/html".into()),
        ],
        body: Bytes::from(body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_response_shape() {
        // the "Respond to the load balancer" example
        let r = parse(
            br#"{"statusCode":200,"statusDescription":"200 OK","isBase64Encoded":false,
                 "headers":{"Content-Type":"text/html","Connection":"close"},
                 "body":"<h1>Hello from Lambda!</h1>"}"#,
            false,
        )
        .unwrap();
        assert_eq!(r.reply.status, 200);
        assert_eq!(r.reason.as_deref(), Some("OK"));
        assert_eq!(
            r.reply.headers,
            [("Content-Type".to_string(), "text/html".to_string())]
        );
        assert_eq!(&r.reply.body[..], b"<h1>Hello from Lambda!</h1>");
    }

    #[test]
    fn the_member_that_matches_the_header_mode() {
        let payload =
            br#"{"statusCode":201,"headers":{"a":"1"},"multiValueHeaders":{"b":["1","2"]}}"#;
        let single = parse(payload, false).unwrap().reply.headers;
        assert_eq!(single, [("a".to_string(), "1".to_string())]);
        let multi = parse(payload, true).unwrap().reply.headers;
        assert_eq!(
            multi,
            [
                ("b".to_string(), "1".to_string()),
                ("b".to_string(), "2".to_string())
            ]
        );
    }

    #[test]
    fn base64_bodies_are_decoded() {
        let r = parse(
            br#"{"statusCode":200,"body":"AAEC","isBase64Encoded":true}"#,
            false,
        )
        .unwrap();
        assert_eq!(&r.reply.body[..], [0, 1, 2]);
    }

    #[test]
    fn malformed_results() {
        for bad in [
            &b"not json"[..],
            b"[1]",
            b"\"hi\"",
            b"{}",
            b"{\"statusCode\":\"abc\"}",
            b"{\"statusCode\":700}",
            b"{\"statusCode\":200,\"body\":{}}",
            b"{\"statusCode\":200,\"headers\":[]}",
            b"{\"statusCode\":200,\"headers\":{\"a\":{}}}",
            b"{\"statusCode\":200,\"isBase64Encoded\":\"yes\"}",
            b"{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"%%%\"}",
        ] {
            assert!(
                parse(bad, false).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        let big = format!(
            "{{\"statusCode\":200,\"body\":\"{}\"}}",
            "x".repeat(MAX_PAYLOAD)
        );
        assert!(parse(big.as_bytes(), false).unwrap_err().contains("1 MB"));
    }

    #[test]
    fn error_pages_are_html() {
        let p = page(502);
        assert_eq!(p.status, 502);
        assert!(String::from_utf8_lossy(&p.body).contains("<title>502 Bad Gateway</title>"));
        assert_eq!(p.header("server"), Some("awselb/2.0"));
    }
}
