//! The Lambda proxy integration's result, checked as API Gateway checks it: a JSON object
//! with only `statusCode`, `headers`, `multiValueHeaders`, `body` and `isBase64Encoded`, a
//! status code, header values that are scalars, a string body. Anything else is a
//! "Malformed Lambda proxy response" (the caller answers 502); the reason is kept for the log.

use super::request::{is_binary, media_type};
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

/// The result's members, read and type-checked, before the checks across members.
#[derive(Debug, Default, PartialEq)]
struct Parts {
    /// `None`: missing, or neither a whole number nor a string holding one.
    status: Option<u64>,
    /// `multiValueHeaders` flattened, in order.
    multi: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: String,
    base64: bool,
}

/// Turns the function's result into the client's response. `accept` is the request's
/// `Accept` header: a base64 body is decoded when it (or the response's Content-Type) is one
/// of the API's binary media types, else passed on as the base64 text, as API Gateway does.
pub fn parse(
    payload: &[u8],
    accept: Option<&str>,
    binary_types: &[String],
) -> Result<Reply, String> {
    // The common shape is read straight into its parts; anything else (and every malformed
    // result) goes through the value tree, which also says what is wrong.
    let parts = match serde_json::from_slice::<CommonShape>(payload) {
        Ok(CommonShape(parts)) => parts,
        Err(_) => checked(payload)?,
    };
    finish(parts, accept, binary_types)
}

fn finish(parts: Parts, accept: Option<&str>, binary_types: &[String]) -> Result<Reply, String> {
    let status = parts
        .status
        .filter(|s| (100..=599).contains(s))
        .ok_or("statusCode is missing or not an HTTP status code")? as u16;
    let mut headers = parts.multi;
    for (k, v) in parts.headers {
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(&k)) {
            headers.push((k, v));
        }
    }
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
    let body = member::decoded_body(parts.body, parts.base64 && wants_binary)?;
    Ok(Reply {
        status,
        headers,
        body,
    })
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The members both payload versions' results share, checked as API Gateway checks them.
pub mod member {
    use super::scalar;
    use serde_json::{Map, Value};

    /// `statusCode`: a whole number or a string holding one, 100–599.
    pub fn status(map: &Map<String, Value>) -> Result<u64, String> {
        let status = match map.get("statusCode") {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        status
            .filter(|s| (100..=599).contains(s))
            .ok_or_else(|| "statusCode is missing or not an HTTP status code".into())
    }

    /// `headers`: an object of scalars, in order.
    pub fn headers(map: &Map<String, Value>) -> Result<Vec<(String, String)>, String> {
        let mut headers = Vec::new();
        match map.get("headers") {
            None | Some(Value::Null) => {}
            Some(Value::Object(m)) => {
                for (k, v) in m {
                    let v = scalar(v).ok_or_else(|| format!("headers.{k} is not a scalar"))?;
                    headers.push((k.clone(), v));
                }
            }
            Some(_) => return Err("headers is not an object".into()),
        }
        Ok(headers)
    }

    /// `body`: a string, empty when absent.
    pub fn body(map: &Map<String, Value>) -> Result<String, String> {
        match map.get("body") {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err("body is not a string".into()),
        }
    }

    /// `multiValueHeaders`: an object of lists of scalars, flattened in order.
    pub fn multi_value_headers(map: &Map<String, Value>) -> Result<Vec<(String, String)>, String> {
        let mut multi = Vec::new();
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
                        multi.push((k.clone(), v));
                    }
                }
            }
            Some(_) => return Err("multiValueHeaders is not an object".into()),
        }
        Ok(multi)
    }

    /// The body's bytes: `body` decoded when it is base64.
    pub fn decoded_body(body: String, base64: bool) -> Result<bytes::Bytes, String> {
        use base64::Engine;
        if !base64 {
            return Ok(bytes::Bytes::from(body));
        }
        base64::engine::general_purpose::STANDARD
            .decode(body.trim())
            .map(bytes::Bytes::from)
            .map_err(|e| format!("isBase64Encoded is true but the body is not base64: {e}"))
    }

    /// `isBase64Encoded`: a boolean, false when absent.
    pub fn base64(map: &Map<String, Value>) -> Result<bool, String> {
        match map.get("isBase64Encoded") {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err("isBase64Encoded is not a boolean".into()),
        }
    }
}

/// The result read as a value tree and checked member by member, with the reason it is
/// refused.
fn checked(payload: &[u8]) -> Result<Parts, String> {
    let value: Value = serde_json::from_slice(payload)
        .map_err(|e| format!("the function's result is not JSON: {e}"))?;
    let Value::Object(map) = value else {
        return Err("the function's result is not a JSON object".into());
    };
    if let Some(k) = map.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(format!("unexpected key `{k}` in the function's result"));
    }
    let status = Some(member::status(&map)?);
    let multi = member::multi_value_headers(&map)?;
    let headers = member::headers(&map)?;
    let body = member::body(&map)?;
    let base64 = member::base64(&map)?;
    Ok(Parts {
        status,
        multi,
        headers,
        body,
        base64,
    })
}

/// The common shape of a result, read without a value tree: a status code that is a whole
/// number or a string, header values that are strings, names that do not repeat within an
/// object. Any other input fails to deserialize (and is then read by [`checked`]).
struct CommonShape(Parts);

/// Fails the fast read (the message is never shown).
fn other<E: serde::de::Error>() -> E {
    E::custom("not the common shape")
}

impl<'de> serde::Deserialize<'de> for CommonShape {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, Visitor};
        struct ResultVisitor;
        impl<'de> Visitor<'de> for ResultVisitor {
            type Value = CommonShape;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<CommonShape, A::Error> {
                let mut p = Parts::default();
                while let Some(key) = m.next_key::<MemberName>()? {
                    match key {
                        MemberName::Status => p.status = Some(m.next_value::<Status>()?.0),
                        MemberName::Headers => {
                            p.headers = m
                                .next_value::<Option<Pairs<String>>>()?
                                .map_or_else(Vec::new, |Pairs(v)| v);
                        }
                        MemberName::Multi => {
                            p.multi = Vec::new();
                            if let Some(Pairs(v)) = m.next_value::<Option<Pairs<Vec<String>>>>()? {
                                for (k, vs) in v {
                                    for v in vs {
                                        p.multi.push((k.clone(), v));
                                    }
                                }
                            }
                        }
                        MemberName::Body => {
                            p.body = m.next_value::<Option<String>>()?.unwrap_or_default()
                        }
                        MemberName::Base64 => {
                            p.base64 = m.next_value::<Option<bool>>()?.unwrap_or_default();
                        }
                        MemberName::Other => {
                            m.next_value::<IgnoredAny>()?;
                            return Err(other());
                        }
                    }
                }
                Ok(CommonShape(p))
            }
        }
        d.deserialize_map(ResultVisitor)
    }
}

/// A top-level member's name.
enum MemberName {
    Status,
    Headers,
    Multi,
    Body,
    Base64,
    Other,
}

impl<'de> serde::Deserialize<'de> for MemberName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MemberNameVisitor;
        impl serde::de::Visitor<'_> for MemberNameVisitor {
            type Value = MemberName;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: serde::de::Error>(self, k: &str) -> Result<MemberName, E> {
                Ok(match k {
                    "statusCode" => MemberName::Status,
                    "headers" => MemberName::Headers,
                    "multiValueHeaders" => MemberName::Multi,
                    "body" => MemberName::Body,
                    "isBase64Encoded" => MemberName::Base64,
                    _ => MemberName::Other,
                })
            }
        }
        d.deserialize_str(MemberNameVisitor)
    }
}

/// `statusCode` as a whole number (from a number, or a string holding one after trimming).
struct Status(u64);

impl<'de> serde::Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct StatusVisitor;
        impl serde::de::Visitor<'_> for StatusVisitor {
            type Value = Status;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a status code")
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Status, E> {
                Ok(Status(n))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Status, E> {
                s.trim().parse().map(Status).map_err(|_| other())
            }
        }
        d.deserialize_any(StatusVisitor)
    }
}

/// An object's members in order, each name once.
struct Pairs<T>(Vec<(String, T)>);

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Pairs<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PairsVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for PairsVisitor<T> {
            type Value = Pairs<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Pairs<T>, A::Error> {
                let mut out: Vec<(String, T)> = Vec::with_capacity(m.size_hint().unwrap_or(4));
                while let Some((k, v)) = m.next_entry::<String, T>()? {
                    if out.iter().any(|(n, _)| *n == k) {
                        return Err(other());
                    }
                    out.push((k, v));
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(PairsVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(payload: &str) -> Reply {
        parse(payload.as_bytes(), None, &[]).expect(payload)
    }

    /// One member of a result, drawn from valid and invalid shapes alike.
    fn member() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let scalar = prop_oneof![
            Just(r#""v""#.to_string()),
            Just(r#""a, b""#.to_string()),
            Just("5".to_string()),
            Just("2.5".to_string()),
            Just("true".to_string()),
            Just("null".to_string()),
            Just("{}".to_string()),
            Just("[]".to_string()),
        ];
        let name = prop_oneof![
            Just("X-A"),
            Just("x-a"),
            Just("Content-Type"),
            Just("Set-Cookie")
        ];
        let pair = (name.clone(), scalar.clone()).prop_map(|(n, v)| format!(r#""{n}":{v}"#));
        let headers = prop_oneof![
            Just("null".to_string()),
            Just("[]".to_string()),
            proptest::collection::vec(pair, 0..4).prop_map(|p| format!("{{{}}}", p.join(","))),
        ];
        let list = proptest::collection::vec(scalar.clone(), 0..3)
            .prop_map(|v| format!("[{}]", v.join(",")));
        let multi_pair =
            (name, prop_oneof![list, scalar.clone()]).prop_map(|(n, v)| format!(r#""{n}":{v}"#));
        let multi = prop_oneof![
            Just("null".to_string()),
            proptest::collection::vec(multi_pair, 0..4)
                .prop_map(|p| format!("{{{}}}", p.join(","))),
        ];
        let status = prop_oneof![
            Just("200".to_string()),
            Just("404".to_string()),
            Just("99".to_string()),
            Just("-1".to_string()),
            Just("200.0".to_string()),
            Just(r#"" 201 ""#.to_string()),
            Just(r#""abc""#.to_string()),
            Just("null".to_string()),
            Just("18446744073709551616".to_string()),
        ];
        prop_oneof![
            status.prop_map(|v| format!(r#""statusCode":{v}"#)),
            headers.prop_map(|v| format!(r#""headers":{v}"#)),
            multi.prop_map(|v| format!(r#""multiValueHeaders":{v}"#)),
            scalar.clone().prop_map(|v| format!(r#""body":{v}"#)),
            scalar.prop_map(|v| format!(r#""isBase64Encoded":{v}"#)),
            Just(r#""extra":1"#.to_string()),
        ]
    }

    proptest::proptest! {
        /// The fast read gives what the value tree gives, and refuses with its reason.
        #[test]
        fn the_fast_read_agrees_with_the_value_tree(
            members in proptest::collection::vec(member(), 0..7),
            tail in proptest::prop_oneof![proptest::strategy::Just(""), proptest::strategy::Just(" x")],
        ) {
            let payload = format!("{{{}}}{tail}", members.join(","));
            let slow = checked(payload.as_bytes()).and_then(|p| finish(p, None, &[]));
            proptest::prop_assert_eq!(parse(payload.as_bytes(), None, &[]), slow);
        }
    }

    #[test]
    fn the_common_shape_takes_the_fast_read() {
        let payload = br#"{"statusCode":200,"headers":{"A":"1","B":"2"},"multiValueHeaders":{"C":["3","4"]},"body":"hi","isBase64Encoded":false}"#;
        let Ok(CommonShape(parts)) = serde_json::from_slice::<CommonShape>(payload) else {
            panic!("not read by the fast path");
        };
        assert_eq!(parts, checked(payload).unwrap());
        // a repeated header name, a number as a value: the value tree reads them
        for other in [
            &br#"{"statusCode":200,"headers":{"A":"1","A":"2"}}"#[..],
            br#"{"statusCode":200,"headers":{"A":1}}"#,
        ] {
            assert!(serde_json::from_slice::<CommonShape>(other).is_err());
            assert!(parse(other, None, &[]).is_ok());
        }
        let r = parse(
            br#"{"statusCode":200,"headers":{"A":"1","A":"2"}}"#,
            None,
            &[],
        )
        .unwrap();
        assert_eq!(r.header("a"), Some("2"));
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
