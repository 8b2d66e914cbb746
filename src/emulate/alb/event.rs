//! The event an Application Load Balancer sends its Lambda target, as the ELB docs ("Lambda
//! functions as targets": "Receive events from the load balancer") describe it:
//! `requestContext.elb.targetGroupArn`, `httpMethod`, `path`, the query string and the
//! headers, `body` and `isBase64Encoded`.
//!
//! - The query string's names and values are passed as the client sent them: "If the query
//!   parameters are URL-encoded, the load balancer does not decode them."
//! - Header names are lower-cased. ALB adds `x-forwarded-for` (the client's address appended
//!   to any sent), `x-forwarded-port`, `x-forwarded-proto` and `x-amzn-trace-id`.
//! - Without multi-value headers, a name sent twice keeps its last value (headers and query
//!   alike); with them (`multiValueHeaders: true`, the target group's
//!   `lambda.multi_value_headers.enabled`), `multiValueHeaders` and
//!   `multiValueQueryStringParameters` carry every value in order instead.
//! - The body is text for `text/*`, `application/json`, `application/javascript` and
//!   `application/xml` without a `Content-Encoding`, else base64; an empty body is `""`.

use crate::emulate::gateway::http_api::event::is_text;
use crate::emulate::gateway::request::Incoming;
use base64::Engine;
use serde_json::{Map, Value, json};

/// What the event says of the target group and the listener.
pub struct Target<'a> {
    pub target_group_arn: &'a str,
    pub multi_value_headers: bool,
}

/// The target group's ARN for `name` in `region` and `account` (its id: a stable 16-hex
/// digest of the name, as AWS's is 16 hex digits).
pub fn target_group_arn(region: &str, account: &str, name: &str) -> String {
    let digest = crate::common::digest::md5_hex(name.as_bytes());
    format!(
        "arn:aws:elasticloadbalancing:{region}:{account}:targetgroup/{name}/{}",
        &digest[..16]
    )
}

/// The headers as ALB passes them on: names lower-cased, its own added after the client's.
pub fn forwarded_headers(req: &Incoming) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(req.headers.len() + 4);
    let mut forwarded_for: Option<String> = None;
    let mut trace: Option<&str> = None;
    for (name, value) in &req.headers {
        let name = name.to_ascii_lowercase();
        match name.as_str() {
            "x-forwarded-for" => {
                forwarded_for = Some(match forwarded_for {
                    Some(before) => format!("{before}, {value}"),
                    None => value.clone(),
                })
            }
            "x-amzn-trace-id" => trace = Some(value),
            "x-forwarded-port" | "x-forwarded-proto" => {}
            _ => out.push((name, value.clone())),
        }
    }
    let client = match forwarded_for {
        Some(before) => format!("{before}, {}", req.source_ip),
        None => req.source_ip.clone(),
    };
    let secs = crate::common::time::epoch_millis(req.time) / 1000;
    out.push(("x-amzn-trace-id".into(), trace_header(trace, secs)));
    out.push(("x-forwarded-for".into(), client));
    out.push(("x-forwarded-port".into(), req.local_port.to_string()));
    out.push(("x-forwarded-proto".into(), "http".into()));
    out
}

/// The `X-Amzn-Trace-Id` ALB passes on ("Request tracing for your Application Load
/// Balancer"): a request without a valid `Root` field gets a new root; one with it keeps its
/// fields and gets a `Self` field for this hop, in front, replacing an earlier hop's.
fn trace_header(incoming: Option<&str>, secs: u64) -> String {
    let fields = || incoming.unwrap_or("").split(';').map(str::trim);
    let valid_root = fields().any(|f| f.strip_prefix("Root=").is_some_and(is_trace_id));
    let fresh = crate::common::ids::xray_root(secs);
    if !valid_root {
        return fresh;
    }
    let mut out = format!("Self={}", fresh.trim_start_matches("Root="));
    for f in fields().filter(|f| !f.is_empty() && !f.starts_with("Self=")) {
        out.push(';');
        out.push_str(f);
    }
    out
}

/// `1-<8 hex digits>-<24 hex digits>`: an X-Ray trace id.
fn is_trace_id(id: &str) -> bool {
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    let mut parts = id.split('-');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some("1"), Some(t), Some(r), None) if hex(t, 8) && hex(r, 24)
    )
}

/// The event for `req` bound for `target`.
pub fn write(req: &Incoming, target: &Target) -> Value {
    let headers = forwarded_headers(req);
    let raw_pairs: Vec<(&str, &str)> = req
        .raw_query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    let (body, base64) = body(req);
    let mut event = Map::new();
    event.insert(
        "requestContext".into(),
        json!({"elb": {"targetGroupArn": target.target_group_arn}}),
    );
    event.insert("httpMethod".into(), json!(req.method));
    event.insert("path".into(), json!(req.raw_path));
    if target.multi_value_headers {
        event.insert(
            "multiValueQueryStringParameters".into(),
            Value::Object(all_values(raw_pairs.iter().copied())),
        );
        event.insert(
            "multiValueHeaders".into(),
            Value::Object(all_values(
                headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            )),
        );
    } else {
        event.insert(
            "queryStringParameters".into(),
            Value::Object(last_values(raw_pairs.iter().copied())),
        );
        event.insert(
            "headers".into(),
            Value::Object(last_values(
                headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            )),
        );
    }
    event.insert("body".into(), json!(body));
    event.insert("isBase64Encoded".into(), json!(base64));
    Value::Object(event)
}

/// The body as text or base64, and whether it is base64.
fn body(req: &Incoming) -> (String, bool) {
    if req.body.is_empty() {
        return (String::new(), false);
    }
    let text = req.header("content-encoding").is_none()
        && req.content_type().is_some_and(|ct| is_text(&ct));
    match std::str::from_utf8(&req.body) {
        Ok(s) if text => (s.to_string(), false),
        _ => (
            base64::engine::general_purpose::STANDARD.encode(&req.body),
            true,
        ),
    }
}

fn last_values<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in pairs {
        // the last value wins, at the first value's place
        out.insert(k.to_string(), json!(v));
    }
    out
}

fn all_values<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in pairs {
        match out.get_mut(k) {
            Some(Value::Array(vs)) => vs.push(json!(v)),
            _ => {
                out.insert(k.to_string(), json!([v]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulate::test_support::incoming;
    use bytes::Bytes;

    const TG: &str =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/0123456789abcdef";

    fn single() -> Target<'static> {
        Target {
            target_group_arn: TG,
            multi_value_headers: false,
        }
    }

    #[test]
    fn query_stays_encoded_and_last_values_win() {
        let req = incoming(
            "GET",
            "/lambda?q=a%20b&x=1&x=2&flag",
            &[("Accept", "a"), ("X-Multi", "one"), ("x-multi", "two")],
        );
        let e = write(&req, &single());
        assert_eq!(e["requestContext"]["elb"]["targetGroupArn"], TG);
        assert_eq!(
            (e["httpMethod"].as_str(), e["path"].as_str()),
            (Some("GET"), Some("/lambda"))
        );
        assert_eq!(
            e["queryStringParameters"],
            json!({"q": "a%20b", "x": "2", "flag": ""})
        );
        assert_eq!(e["headers"]["x-multi"], "two");
        assert_eq!(e["headers"]["accept"], "a");
        assert_eq!(e["headers"]["x-forwarded-for"], "127.0.0.1");
        assert_eq!(e["headers"]["x-forwarded-proto"], "http");
        assert!(
            e["headers"]["x-amzn-trace-id"]
                .as_str()
                .unwrap()
                .starts_with("Root=1-")
        );
        assert_eq!(
            (e["body"].as_str(), e["isBase64Encoded"].as_bool()),
            (Some(""), Some(false))
        );
        assert!(e.get("multiValueHeaders").is_none());
    }

    #[test]
    fn multi_value_form_keeps_every_value() {
        let req = incoming(
            "GET",
            "/lambda?x=1&x=2",
            &[
                ("X-Multi", "one"),
                ("x-multi", "two"),
                ("X-Forwarded-For", "203.0.113.9"),
            ],
        );
        let e = write(
            &req,
            &Target {
                target_group_arn: TG,
                multi_value_headers: true,
            },
        );
        assert_eq!(
            e["multiValueQueryStringParameters"],
            json!({"x": ["1", "2"]})
        );
        assert_eq!(e["multiValueHeaders"]["x-multi"], json!(["one", "two"]));
        assert_eq!(
            e["multiValueHeaders"]["x-forwarded-for"],
            json!(["203.0.113.9, 127.0.0.1"])
        );
        assert!(e.get("headers").is_none() && e.get("queryStringParameters").is_none());
    }

    #[test]
    fn bodies_by_content_type_and_encoding() {
        let mut req = incoming("POST", "/x", &[("Content-Type", "application/json")]);
        req.body = Bytes::from_static(b"{\"a\":1}");
        let e = write(&req, &single());
        assert_eq!(
            (e["body"].as_str(), e["isBase64Encoded"].as_bool()),
            (Some("{\"a\":1}"), Some(false))
        );
        req.headers.push(("Content-Encoding".into(), "gzip".into()));
        let e = write(&req, &single());
        assert_eq!(
            (e["body"].as_str(), e["isBase64Encoded"].as_bool()),
            (Some("eyJhIjoxfQ=="), Some(true))
        );
        let mut png = incoming("POST", "/x", &[("Content-Type", "image/png")]);
        png.body = Bytes::from_static(&[0x89, b'P']);
        assert_eq!(write(&png, &single())["isBase64Encoded"], true);
    }

    #[test]
    fn target_group_arns_are_stable() {
        let a = target_group_arn("eu-west-1", "123456789012", "my-tg");
        assert!(
            a.starts_with("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/my-tg/")
        );
        assert_eq!(a.rsplit('/').next().unwrap().len(), 16);
        assert_eq!(a, target_group_arn("eu-west-1", "123456789012", "my-tg"));
    }

    #[test]
    fn a_valid_trace_root_is_kept_with_a_self_field_for_this_hop() {
        let root = "Root=1-67891233-abcdef012345678912345678";
        let kept = trace_header(Some(&format!("{root};CalledFrom=app")), 0x6789_1234);
        let fields: Vec<&str> = kept.split(';').collect();
        assert!(fields[0].starts_with("Self=1-67891234-"), "{kept}");
        assert!(is_trace_id(fields[0].trim_start_matches("Self=")), "{kept}");
        assert_eq!(&fields[1..], [root, "CalledFrom=app"]);
        // an earlier hop's Self is replaced, not kept
        let again = trace_header(Some(&kept), 0x6789_1235);
        assert_eq!(again.matches("Self=").count(), 1, "{again}");
        assert!(
            again.ends_with(&format!("{root};CalledFrom=app")),
            "{again}"
        );
        // no header, or no valid Root: a new root
        for incoming in [
            None,
            Some("Root=1-bad"),
            Some("Self=1-67891233-abcdef012345678912345678"),
        ] {
            let fresh = trace_header(incoming, 0x6789_1234);
            assert!(fresh.starts_with("Root=1-67891234-"), "{fresh}");
            assert!(!fresh.contains(';'), "{fresh}");
        }
    }
}
