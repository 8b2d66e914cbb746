//! A request as the gateway sees it once the HTTP layer is done: method, the path split from
//! the stage, decoded query pairs, headers with their original names, the body, and the
//! stamps (request id, time, source address) every later step reads.

use crate::emulate::routes::percent_decode;
use bytes::Bytes;
use std::time::SystemTime;

#[derive(Clone, Debug)]
pub struct Incoming {
    pub method: String,
    /// The path as received, stage included, not decoded: `/dev/users/a%20b`.
    pub raw_path: String,
    /// The path after the stage, not decoded: `/users/a%20b` (`/` at least); for the HTTP API,
    /// which has no stage prefix, the whole path.
    pub path: String,
    /// The query string as received (after `?`), empty when none.
    pub raw_query: String,
    /// Query pairs in order, percent-decoded (`+` is kept, as API Gateway REST keeps it).
    pub query: Vec<(String, String)>,
    /// One entry per header value, names spelled as the client sent them, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    pub source_ip: String,
    pub local_port: u16,
    pub request_id: String,
    pub time: SystemTime,
}

impl Incoming {
    /// The last value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The media type of the body, lower-cased and without parameters.
    pub fn content_type(&self) -> Option<String> {
        self.header("content-type").map(media_type)
    }
}

/// `application/JSON; charset=utf-8` → `application/json`.
pub fn media_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Splits a query string into decoded pairs; `a` alone is `("a", "")`.
pub fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// Whether `media` (`image/png`) matches one of `binaryMediaTypes` (`image/*`, `*/*`, exact).
/// API Gateway writes `/` as `~1` in the API's setting; both spellings are accepted.
pub fn is_binary(media: &str, binary_media_types: &[String]) -> bool {
    let (ty, sub) = media.split_once('/').unwrap_or((media, ""));
    binary_media_types.iter().any(|b| {
        let b = b.replace("~1", "/").to_ascii_lowercase();
        let b = media_type(&b);
        let (bty, bsub) = b.split_once('/').unwrap_or((b.as_str(), ""));
        (bty == "*" || bty == ty) && (bsub == "*" || bsub == sub)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_pairs_are_decoded_in_order() {
        assert_eq!(
            parse_query("a=1&b=x%20y&a=2&flag&=v&c=1+2&&"),
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "x y".into()),
                ("a".into(), "2".into()),
                ("flag".into(), "".into()),
                ("".into(), "v".into()),
                ("c".into(), "1+2".into()),
            ]
        );
        assert!(parse_query("").is_empty());
    }

    #[test]
    fn binary_media_types_match_with_wildcards() {
        let types = vec!["image/*".to_string(), "application/octet-stream".into()];
        assert!(is_binary("image/png", &types));
        assert!(is_binary("application/octet-stream", &types));
        assert!(!is_binary("application/json", &types));
        assert!(is_binary("text/plain", &["*/*".to_string()]));
        assert!(is_binary("image/png", &["image~1png".to_string()]));
        assert!(!is_binary("image/png", &[]));
    }

    #[test]
    fn media_types_drop_parameters() {
        assert_eq!(
            media_type("Application/JSON; charset=UTF-8"),
            "application/json"
        );
    }
}
