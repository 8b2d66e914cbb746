//! `cloudFront` events: Lambda@Edge functions associated with the cache behaviours of the
//! distribution the service creates, and `provider.cloudFront.cachePolicies`.

use super::EventOrigin;
use crate::ir::naming::cloud_front_origin_id;
use serde::Serialize;
use serde_json::{Map, Value as Json};

/// One `cloudFront` event.
#[derive(Clone, Debug, Serialize)]
pub struct CloudFrontEvent {
    pub origin: EventOrigin,
    /// `eventType` (`viewer-request`, ...); `None` lets CloudFront reject the association.
    pub event_type: Option<String>,
    /// `pathPattern`; `None` makes the behaviour the default one.
    pub path_pattern: Option<String>,
    /// `origin`: a URL string or a distribution origin object, as written.
    pub target: Option<Json>,
    pub is_default_origin: bool,
    pub include_body: Option<bool>,
    /// `behavior`: cache behaviour settings in CloudFormation's names, as written.
    pub behavior: Option<serde_json::Map<String, Json>>,
    pub cache_policy: Option<CachePolicyRef>,
}

/// `cachePolicy` of a `cloudFront` event.
#[derive(Clone, Debug, Serialize)]
pub enum CachePolicyRef {
    /// `id`: an existing cache policy.
    Id(Json),
    /// `name`: a key of `provider.cloudFront.cachePolicies`.
    Name(String),
}

/// The most a Lambda@Edge function of an event type may have (SF's `lambdaEdgeLimits`):
/// `(memory MB, timeout s)`.
pub fn edge_limits(event_type: Option<&str>) -> (u64, u64) {
    match event_type {
        Some("origin-request" | "origin-response") => (10240, 30),
        _ => (128, 5),
    }
}

/// The distribution origin of an event (SF `createOrigin`): a URL becomes a custom origin
/// (an S3 origin for `s3://`), an object is taken as it is; `Id` is added.
pub fn origin_object(target: Option<&Json>) -> Map<String, Json> {
    let mut origin = Map::new();
    match target {
        Some(Json::String(url)) => {
            let url = OriginUrl::parse(url);
            origin.insert("DomainName".into(), json_or_undefined(url.hostname));
            if let Some(path) = url.pathname.filter(|p| p.len() > 1) {
                origin.insert("OriginPath".into(), path.into());
            }
            if url.protocol.as_deref() == Some("s3:") {
                origin.insert("S3OriginConfig".into(), Json::Object(Map::new()));
            } else {
                origin.insert(
                    "CustomOriginConfig".into(),
                    serde_json::json!({"OriginProtocolPolicy": "match-viewer"}),
                );
            }
        }
        Some(Json::Object(m)) => origin.extend(m.clone()),
        _ => {}
    }
    let is_s3 = origin.get("S3OriginConfig").is_some_and(|v| match v {
        Json::Null | Json::Bool(false) => false,
        Json::String(s) => !s.is_empty(),
        Json::Number(n) => n.as_f64() != Some(0.0),
        _ => true,
    });
    let domain = origin.get("DomainName").cloned().unwrap_or(Json::Null);
    let path = origin
        .get("OriginPath")
        .and_then(Json::as_str)
        .filter(|p| !p.is_empty());
    let id = cloud_front_origin_id(is_s3, &domain, path);
    origin.insert("Id".into(), id.into());
    origin
}

/// A missing host name (SF's `undefined`, on which it fails computing the origin id; the
/// check `check::cloud_front` reports it) as `null`.
fn json_or_undefined(s: Option<String>) -> Json {
    s.map_or_else(|| Json::Null, Json::String)
}

/// The parts of a URL Node's legacy `url.parse` gives SF: the protocol (lower-cased, with its
/// `:`), the host name (lower-cased, without credentials and port) and the path.
#[derive(Debug, PartialEq)]
pub struct OriginUrl {
    pub protocol: Option<String>,
    pub hostname: Option<String>,
    pub pathname: Option<String>,
}

impl OriginUrl {
    pub fn parse(url: &str) -> OriginUrl {
        let url = url.trim();
        let scheme_end = url.find(':').filter(|&i| {
            i > 0
                && url[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        let (protocol, rest) = match scheme_end {
            Some(i) => (Some(url[..=i].to_ascii_lowercase()), &url[i + 1..]),
            None => (None, url),
        };
        let rest = rest.split(['?', '#']).next().unwrap_or_default();
        let (hostname, path) = match rest.strip_prefix("//") {
            Some(after) if protocol.is_some() => {
                let end = after.find('/').unwrap_or(after.len());
                let host = &after[..end];
                let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
                let host = match host.rsplit_once(':') {
                    Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
                    _ => host,
                };
                (Some(host.to_ascii_lowercase()), &after[end..])
            }
            _ => (None, rest),
        };
        let slashed = matches!(
            protocol.as_deref(),
            Some("http:" | "https:" | "ftp:" | "gopher:" | "file:" | "ws:" | "wss:")
        );
        let pathname = if path.is_empty() {
            (slashed && hostname.is_some()).then(|| "/".to_string())
        } else {
            Some(escape_path(path))
        };
        OriginUrl {
            protocol,
            hostname,
            pathname,
        }
    }
}

/// The characters `url.parse` escapes in a path.
fn escape_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' | '"' | '\'' | '<' | '>' | '`' | '{' | '}' | '|' | '\\' | '^' | '\r' | '\n'
            | '\t' => out.push_str(&format!("%{:02X}", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn origin_urls_parse_as_node_does() {
        let cases = [
            (
                "https://app.example.com/site",
                "https:",
                Some("app.example.com"),
                Some("/site"),
            ),
            (
                "s3://b.s3.amazonaws.com",
                "s3:",
                Some("b.s3.amazonaws.com"),
                None,
            ),
            (
                "https://U:p@App.Example.COM:8443/a/b?x=1#f",
                "https:",
                Some("app.example.com"),
                Some("/a/b"),
            ),
            ("http://x.com", "http:", Some("x.com"), Some("/")),
            (
                "HTTPS://A.com/~foo/ b",
                "https:",
                Some("a.com"),
                Some("/~foo/%20b"),
            ),
        ];
        for (url, protocol, host, path) in cases {
            let parsed = OriginUrl::parse(url);
            assert_eq!(parsed.protocol.as_deref(), Some(protocol), "{url}");
            assert_eq!(parsed.hostname.as_deref(), host, "{url}");
            assert_eq!(parsed.pathname.as_deref(), path, "{url}");
        }
    }

    #[test]
    fn a_url_origin_gets_sf_s_id() {
        let s3 = origin_object(Some(&json!("s3://b.s3.amazonaws.com/p")));
        assert_eq!(
            Json::Object(s3),
            json!({"DomainName": "b.s3.amazonaws.com", "OriginPath": "/p", "S3OriginConfig": {}, "Id": "s3/b.s3.amazonaws.com/p"})
        );
        let custom = origin_object(Some(
            &json!({"DomainName": {"Fn::GetAtt": ["B", "DomainName"]}, "CustomOriginConfig": {"OriginProtocolPolicy": "https-only"}}),
        ));
        assert_eq!(custom["Id"], "custom/FnGetAttBDomainName");
    }
}
