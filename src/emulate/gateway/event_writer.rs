//! The proxy integration's event written straight into a byte buffer: the same JSON, byte for
//! byte, as serializing [`proxy_event::build_with`](super::proxy_event::build_with), without
//! building a value tree first (the event is written on every proxied request).

use super::proxy_event::{EventContext, base64_body};
use super::request::Incoming;
use crate::emulate::ids;
use base64::Engine;
use std::io::Write;

/// The event for `req`, with `headers` as the Lambda sees them.
pub fn write(req: &Incoming, cx: &EventContext, headers: &[(String, String)]) -> Vec<u8> {
    let mut o = Vec::with_capacity(1536 + req.body.len() * 4 / 3);
    let binary = base64_body(req, cx);
    o.extend_from_slice(b"{\"resource\":");
    string(&mut o, cx.resource_path);
    o.extend_from_slice(b",\"path\":");
    string(&mut o, &req.path);
    o.extend_from_slice(b",\"httpMethod\":");
    string(&mut o, &req.method);
    o.extend_from_slice(b",\"headers\":");
    single(&mut o, headers);
    o.extend_from_slice(b",\"multiValueHeaders\":");
    multi(&mut o, headers);
    o.extend_from_slice(b",\"queryStringParameters\":");
    single(&mut o, &req.query);
    o.extend_from_slice(b",\"multiValueQueryStringParameters\":");
    multi(&mut o, &req.query);
    o.extend_from_slice(b",\"pathParameters\":");
    single(&mut o, cx.path_params);
    o.extend_from_slice(b",\"stageVariables\":null,\"requestContext\":");
    request_context(&mut o, req, cx);
    o.extend_from_slice(b",\"body\":");
    if req.body.is_empty() {
        o.extend_from_slice(b"null");
    } else if binary {
        o.push(b'"');
        let mut b64 = String::new();
        base64::engine::general_purpose::STANDARD.encode_string(&req.body, &mut b64);
        o.extend_from_slice(b64.as_bytes());
        o.push(b'"');
    } else {
        string(&mut o, &String::from_utf8_lossy(&req.body));
    }
    o.extend_from_slice(if binary {
        b",\"isBase64Encoded\":true}"
    } else {
        b",\"isBase64Encoded\":false}"
    });
    o
}

fn request_context(o: &mut Vec<u8>, req: &Incoming, cx: &EventContext) {
    let host = req.header("host").unwrap_or("localhost");
    let domain_prefix = host.split(['.', ':']).next().unwrap_or("");
    o.extend_from_slice(b"{\"resourceId\":");
    string(o, &cx.resource_id);
    o.extend_from_slice(b",\"resourcePath\":");
    string(o, cx.resource_path);
    o.extend_from_slice(b",\"httpMethod\":");
    string(o, &req.method);
    o.extend_from_slice(b",\"extendedRequestId\":");
    string(o, &ids::extended_request_id(&req.request_id));
    o.extend_from_slice(b",\"requestTime\":");
    string(o, &ids::clf_time(req.time));
    o.extend_from_slice(b",\"path\":");
    string(o, &req.raw_path);
    o.extend_from_slice(b",\"accountId\":");
    string(o, cx.account_id);
    o.extend_from_slice(b",\"protocol\":\"HTTP/1.1\",\"stage\":");
    string(o, cx.stage);
    o.extend_from_slice(b",\"domainPrefix\":");
    string(o, domain_prefix);
    let _ = write!(
        o,
        ",\"requestTimeEpoch\":{},\"requestId\":",
        crate::common::time::epoch_millis(req.time)
    );
    string(o, &req.request_id);
    o.extend_from_slice(
        b",\"identity\":{\"cognitoIdentityPoolId\":null,\"accountId\":null,\"cognitoIdentityId\":null,\"caller\":null,\"apiKey\":",
    );
    optional(o, cx.api_key);
    o.extend_from_slice(b",\"apiKeyId\":");
    optional(o, cx.api_key_id);
    o.extend_from_slice(b",\"sourceIp\":");
    string(o, &req.source_ip);
    o.extend_from_slice(
        b",\"principalOrgId\":null,\"accessKey\":null,\"cognitoAuthenticationType\":null,\"cognitoAuthenticationProvider\":null,\"userArn\":null,\"userAgent\":",
    );
    optional(o, req.header("user-agent"));
    o.extend_from_slice(b",\"user\":null},\"domainName\":");
    string(o, host);
    o.extend_from_slice(b",\"apiId\":");
    string(o, cx.api_id);
    if let Some(op) = cx.operation_name {
        o.extend_from_slice(b",\"operationName\":");
        string(o, op);
    }
    if let Some(a) = &cx.authorizer {
        o.extend_from_slice(b",\"authorizer\":");
        let _ = serde_json::to_writer(&mut *o, a);
    }
    o.push(b'}');
}

/// A JSON string, escaped as serde_json escapes (`"`, `\\` and control characters only);
/// copied as is when nothing needs escaping, the usual case.
pub(crate) fn string(o: &mut Vec<u8>, s: &str) {
    if needs_escape(s.as_bytes()) {
        let _ = serde_json::to_writer(&mut *o, s);
    } else {
        o.reserve(s.len() + 2);
        o.push(b'"');
        o.extend_from_slice(s.as_bytes());
        o.push(b'"');
    }
}

/// Whether `s` holds a byte JSON escapes: below 0x20, `"` or `\\`; eight bytes at a time.
fn needs_escape(s: &[u8]) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // a byte of `v` is zero / below `n` (n <= 128): the classic bit tricks, exact as a yes/no
    let has_zero = |v: u64| v.wrapping_sub(LO) & !v & HI != 0;
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        let Ok(bytes) = <[u8; 8]>::try_from(c) else {
            return true;
        };
        let x = u64::from_le_bytes(bytes);
        if x.wrapping_sub(LO * 0x20) & !x & HI != 0
            || has_zero(x ^ (LO * u64::from(b'"')))
            || has_zero(x ^ (LO * u64::from(b'\\')))
        {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

fn optional(o: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(o, s),
        None => o.extend_from_slice(b"null"),
    }
}

/// The distinct names of `pairs`, in order of first appearance.
fn names(pairs: &[(String, String)]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::with_capacity(pairs.len());
    for (k, _) in pairs {
        if !out.contains(&k.as_str()) {
            out.push(k);
        }
    }
    out
}

/// `{name: <value>}` for each distinct name of `pairs` in order of first appearance (the value
/// written by `value`), `null` when `pairs` is empty.
pub(crate) fn object(
    o: &mut Vec<u8>,
    pairs: &[(String, String)],
    value: impl Fn(&mut Vec<u8>, &[(String, String)], &str),
) {
    if pairs.is_empty() {
        o.extend_from_slice(b"null");
        return;
    }
    o.push(b'{');
    for (i, name) in names(pairs).into_iter().enumerate() {
        if i > 0 {
            o.push(b',');
        }
        string(o, name);
        o.push(b':');
        value(o, pairs, name);
    }
    o.push(b'}');
}

/// `{name: last value}` in order of first appearance, `null` when empty.
fn single(o: &mut Vec<u8>, pairs: &[(String, String)]) {
    object(o, pairs, |o, pairs, name| {
        let last = pairs.iter().rev().find(|(k, _)| k == name);
        string(o, last.map_or("", |(_, v)| v.as_str()));
    });
}

/// `{name: [values...]}` in order of first appearance, `null` when empty.
fn multi(o: &mut Vec<u8>, pairs: &[(String, String)]) {
    object(o, pairs, |o, pairs, name| {
        o.push(b'[');
        for (j, (_, v)) in pairs.iter().filter(|(k, _)| k == name).enumerate() {
            if j > 0 {
                o.push(b',');
            }
            string(o, v);
        }
        o.push(b']');
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn needs_escape_agrees_with_the_bytewise_rule(
            s in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
        ) {
            let plain = s.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            proptest::prop_assert_eq!(needs_escape(&s), plain);
        }

        #[test]
        fn strings_are_written_as_serde_json_writes_them(s in ".{0,40}") {
            let mut o = Vec::new();
            string(&mut o, &s);
            proptest::prop_assert_eq!(o, serde_json::to_vec(&s).unwrap());
        }
    }

    #[test]
    fn each_escaped_byte_is_found_at_every_position() {
        for bad in (0u8..0x20).chain([b'"', b'\\']) {
            for at in 0..17 {
                let mut s = vec![b'a'; 17];
                s[at] = bad;
                assert!(needs_escape(&s), "{bad:#x} at {at}");
            }
        }
        assert!(!needs_escape(
            "plain ascii, \u{e9}t\u{e9} \u{1f600} ~\u{7f}".as_bytes()
        ));
    }
}
