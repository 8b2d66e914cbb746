//! The event an HTTP API sends its Lambda integration: payload format 2.0 (`rawPath`,
//! `rawQueryString`, `cookies`, lower-case headers with repeated values comma-joined,
//! `requestContext.http`, stage `$default`) and the HTTP API flavour of 1.0 (REST's shape with
//! `version: "1.0"`). A Lambda request authorizer's event shares the 2.0 request members.
//!
//! Where AWS's documentation is silent: empty `cookies`, `queryStringParameters`,
//! `pathParameters` and `body` are left out of 2.0 events (as real events show), `http.path`
//! is the path as sent, and the 1.0 `resource` of the `$default` route is `$default`. A body is
//! passed as text only for `text/*`, `application/json`, `application/xml` and
//! `application/javascript` (observed against AWS); everything else, `+json` types and a body
//! without a Content-Type included, is base64 with `isBase64Encoded: true`.

use crate::emulate::gateway::auth::authorizer::jwt::VerifiedToken;
use crate::emulate::gateway::proxy_event::{forwarded_headers, header_maps};
use crate::emulate::gateway::request::{Incoming, media_type};
use crate::emulate::ids;
use crate::ir::HttpRoute;
use base64::Engine;
use serde_json::{Map, Value, json};
use std::sync::Arc;

/// What an authorizer learned about the caller, for `requestContext.authorizer`.
#[derive(Clone, Debug, PartialEq)]
pub enum CallerContext {
    /// The token a JWT authorizer verified (its claims and scopes as passed on:
    /// [`VerifiedToken::http_api`]).
    Jwt(Arc<VerifiedToken>),
    /// A Lambda authorizer's `context`.
    Lambda(Map<String, Value>),
    /// The signer of an `AWS_IAM` function URL request (`accessKey`, `accountId`, `callerId`,
    /// `cognitoIdentity`, `principalOrgId`, `userArn`, `userId`).
    Iam(Map<String, Value>),
}

impl CallerContext {
    /// `requestContext.authorizer` of a 2.0 event: `{jwt: {claims, scopes}}` or `{lambda}`.
    fn v2(&self) -> Value {
        match self {
            CallerContext::Jwt(token) => {
                let mut jwt = Map::with_capacity(1);
                jwt.insert("jwt".into(), token.http_api().context.clone());
                Value::Object(jwt)
            }
            CallerContext::Lambda(context) => json!({ "lambda": context }),
            CallerContext::Iam(identity) => json!({ "iam": identity }),
        }
    }

    /// `requestContext.authorizer` of a 1.0 event: `{claims, scopes}`, or the Lambda
    /// authorizer's context keys at the top (unconfirmed: AWS's example shows only JWT).
    fn v1(&self) -> Value {
        match self {
            CallerContext::Jwt(token) => token.http_api().context.clone(),
            CallerContext::Lambda(context) | CallerContext::Iam(context) => {
                Value::Object(context.clone())
            }
        }
    }
}

/// The request and what the gateway knows about it.
#[derive(Clone, Copy)]
pub struct EventInput<'a> {
    pub request: &'a Incoming,
    pub route: &'a HttpRoute,
    pub params: &'a [(String, String)],
    pub api_id: &'a str,
    pub account_id: &'a str,
    pub caller: Option<&'a CallerContext>,
    /// A function URL's domain (`<url-id>.lambda-url.<region>.on.aws`), which its events
    /// carry as `domainName` (the HTTP API's come from the `Host` header); its events also
    /// keep the `cookie` header beside `cookies`, as observed on AWS.
    pub function_url_domain: Option<&'a str>,
}

/// The integration's event, in the route's payload format version.
pub fn build(input: &EventInput) -> Value {
    if input.route.payload_version == "1.0" {
        v1(input)
    } else {
        v2(input)
    }
}

/// The id API Gateway gives the request (`requestContext.requestId`, `apigw-requestid`).
pub fn request_id(req: &Incoming) -> String {
    ids::extended_request_id(&req.request_id)
}

/// Header names lower-cased, with the forwarding headers API Gateway adds, in arrival order.
pub(crate) fn lower_headers(req: &Incoming) -> Vec<(String, String)> {
    forwarded_headers(req)
        .into_iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .collect()
}

/// Pairs as one map, repeated names' values joined with commas.
fn joined(pairs: impl IntoIterator<Item = (String, String)>) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in pairs {
        match out.get_mut(&k) {
            Some(Value::String(prev)) => {
                prev.push(',');
                prev.push_str(&v);
            }
            _ => {
                out.insert(k, Value::String(v));
            }
        }
    }
    out
}

/// The body as the event carries it (text or base64) and whether it is base64; `None` when
/// the request has none.
pub fn body(req: &Incoming) -> (Option<String>, bool) {
    if req.body.is_empty() {
        return (None, false);
    }
    let text = req.content_type().is_some_and(|ct| is_text(&ct));
    if text {
        (Some(String::from_utf8_lossy(&req.body).into_owned()), false)
    } else {
        (
            Some(base64::engine::general_purpose::STANDARD.encode(&req.body)),
            true,
        )
    }
}

/// Whether a media type reaches the function as text (the same types pass as text to an
/// ALB target).
pub fn is_text(media: &str) -> bool {
    let media = media_type(media);
    media.starts_with("text/")
        || matches!(
            media.as_str(),
            "application/json" | "application/xml" | "application/javascript"
        )
}

fn host(req: &Incoming) -> (&str, &str) {
    let host = req.header("host").unwrap_or("localhost");
    (host, host.split(['.', ':']).next().unwrap_or(""))
}

/// The members of a 2.0 event that describe the request (everything but `body` and
/// `isBase64Encoded`), in AWS's order: what a request authorizer's 2.0 event also carries.
pub fn v2_request_members(input: &EventInput) -> Map<String, Value> {
    let req = input.request;
    let mut headers = Vec::new();
    let mut cookies = Vec::new();
    let keep_cookie_header = input.function_url_domain.is_some();
    for (k, v) in lower_headers(req) {
        if k == "cookie" {
            cookies.extend(
                v.split(';')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(|c| Value::String(c.to_string())),
            );
            if !keep_cookie_header {
                continue;
            }
        }
        headers.push((k, v));
    }
    let (domain, prefix) = match input.function_url_domain {
        Some(d) => (d, d.split('.').next().unwrap_or("")),
        None => host(req),
    };
    let mut context = Map::new();
    context.insert("accountId".into(), input.account_id.into());
    context.insert("apiId".into(), input.api_id.into());
    if let Some(c) = input.caller {
        context.insert("authorizer".into(), c.v2());
    }
    context.insert("domainName".into(), domain.into());
    context.insert("domainPrefix".into(), prefix.into());
    context.insert(
        "http".into(),
        json!({
            "method": req.method,
            "path": req.raw_path,
            "protocol": "HTTP/1.1",
            "sourceIp": req.source_ip,
            "userAgent": req.header("user-agent").unwrap_or(""),
        }),
    );
    context.insert("requestId".into(), request_id(req).into());
    context.insert("routeKey".into(), input.route.route_key.clone().into());
    context.insert("stage".into(), "$default".into());
    context.insert("time".into(), ids::clf_time(req.time).into());
    context.insert(
        "timeEpoch".into(),
        crate::common::time::epoch_millis(req.time).into(),
    );
    let mut e = Map::new();
    e.insert("version".into(), "2.0".into());
    e.insert("routeKey".into(), input.route.route_key.clone().into());
    e.insert("rawPath".into(), req.raw_path.clone().into());
    e.insert("rawQueryString".into(), req.raw_query.clone().into());
    if !cookies.is_empty() {
        e.insert("cookies".into(), Value::Array(cookies));
    }
    e.insert("headers".into(), Value::Object(joined(headers)));
    if !req.query.is_empty() {
        e.insert(
            "queryStringParameters".into(),
            Value::Object(joined(req.query.iter().cloned())),
        );
    }
    e.insert("requestContext".into(), Value::Object(context));
    if !input.params.is_empty() {
        e.insert(
            "pathParameters".into(),
            Value::Object(joined(input.params.iter().cloned())),
        );
    }
    e
}

fn v2(input: &EventInput) -> Value {
    let mut e = v2_request_members(input);
    let (body, base64) = body(input.request);
    if let Some(b) = body {
        e.insert("body".into(), b.into());
    }
    e.insert("isBase64Encoded".into(), base64.into());
    Value::Object(e)
}

fn v1(input: &EventInput) -> Value {
    let req = input.request;
    let route = input.route;
    let resource = if route.is_catch_all() {
        "$default".to_string()
    } else {
        route.path.clone()
    };
    let (single_headers, multi_headers) = header_maps(&lower_headers(req));
    let (single_query, multi_query) = header_maps(&req.query);
    let path_parameters = if input.params.is_empty() {
        Value::Null
    } else {
        Value::Object(joined(input.params.iter().cloned()))
    };
    let (domain, prefix) = host(req);
    let id = request_id(req);
    let mut context = json!({
        "accountId": input.account_id,
        "apiId": input.api_id,
        "domainName": domain,
        "domainPrefix": prefix,
        "extendedRequestId": id,
        "httpMethod": req.method,
        "identity": {
            "accessKey": null,
            "accountId": null,
            "caller": null,
            "cognitoAuthenticationProvider": null,
            "cognitoAuthenticationType": null,
            "cognitoIdentityId": null,
            "cognitoIdentityPoolId": null,
            "principalOrgId": null,
            "sourceIp": req.source_ip,
            "user": null,
            "userAgent": req.header("user-agent").unwrap_or(""),
            "userArn": null,
            "clientCert": null,
        },
        "path": req.raw_path,
        "protocol": "HTTP/1.1",
        "requestId": id,
        "requestTime": ids::clf_time(req.time),
        "requestTimeEpoch": crate::common::time::epoch_millis(req.time),
        "resourceId": null,
        "resourcePath": resource,
        "stage": "$default",
    });
    if let (Some(c), Some(map)) = (input.caller, context.as_object_mut()) {
        map.insert("authorizer".into(), c.v1());
    }
    let (body, base64) = body(req);
    json!({
        "version": "1.0",
        "resource": resource,
        "path": req.raw_path,
        "httpMethod": req.method,
        "headers": single_headers,
        "multiValueHeaders": multi_headers,
        "queryStringParameters": single_query,
        "multiValueQueryStringParameters": multi_query,
        "requestContext": context,
        "pathParameters": path_parameters,
        "stageVariables": null,
        "body": body,
        "isBase64Encoded": base64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulate::gateway::request::parse_query;
    use bytes::Bytes;
    use std::time::{Duration, UNIX_EPOCH};

    fn request(headers: &[(&str, &str)], body: &[u8]) -> Incoming {
        Incoming {
            method: "POST".into(),
            raw_path: "/items/a%20b".into(),
            path: "/items/a%20b".into(),
            raw_query: "x=1&x=2&y=a%20b".into(),
            query: parse_query("x=1&x=2&y=a%20b"),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: Bytes::copy_from_slice(body),
            source_ip: "127.0.0.1".into(),
            local_port: 3000,
            request_id: "req-1".into(),
            time: UNIX_EPOCH + Duration::from_millis(1_583_348_638_390),
        }
    }

    fn route(version: &str) -> HttpRoute {
        HttpRoute {
            function: "f".into(),
            method: "POST".into(),
            path: "/items/{id}".into(),
            route_key: "POST /items/{id}".into(),
            payload_version: version.into(),
            authorization: None,
            span: Default::default(),
        }
    }

    fn event(req: &Incoming, version: &str, caller: Option<&CallerContext>) -> Value {
        let params = [("id".to_string(), "a b".to_string())];
        build(&EventInput {
            request: req,
            route: &route(version),
            params: &params,
            api_id: "api1",
            account_id: "123456789012",
            caller,
            function_url_domain: None,
        })
    }

    #[test]
    fn payload_2_0_has_aws_s_members() {
        let req = request(
            &[
                ("Host", "abc.execute-api.local:3000"),
                ("User-Agent", "curl/8"),
                ("X-Multi", "a"),
                ("x-multi", "b"),
                ("Cookie", "c1=v1; c2=v2"),
                ("Cookie", "c3=v3"),
                ("Content-Type", "application/json"),
            ],
            br#"{"a":1}"#,
        );
        let e = event(&req, "2.0", None);
        assert_eq!(e["version"], "2.0");
        assert_eq!(e["routeKey"], "POST /items/{id}");
        assert_eq!(e["rawPath"], "/items/a%20b");
        assert_eq!(e["rawQueryString"], "x=1&x=2&y=a%20b");
        assert_eq!(e["cookies"], json!(["c1=v1", "c2=v2", "c3=v3"]));
        assert_eq!(e["headers"]["x-multi"], "a,b");
        assert_eq!(e["headers"]["user-agent"], "curl/8");
        assert!(e["headers"].get("cookie").is_none(), "{e}");
        assert!(e["headers"]["x-forwarded-for"].is_string());
        assert_eq!(e["queryStringParameters"], json!({"x": "1,2", "y": "a b"}));
        assert_eq!(e["pathParameters"], json!({"id": "a b"}));
        assert_eq!(e["body"], r#"{"a":1}"#);
        assert_eq!(e["isBase64Encoded"], false);
        let cx = &e["requestContext"];
        assert_eq!(cx["stage"], "$default");
        assert_eq!(cx["routeKey"], "POST /items/{id}");
        assert_eq!(cx["domainName"], "abc.execute-api.local:3000");
        assert_eq!(cx["domainPrefix"], "abc");
        assert_eq!(cx["time"], "04/Mar/2020:19:03:58 +0000");
        assert_eq!(cx["timeEpoch"], 1_583_348_638_390_u64);
        assert_eq!(
            cx["http"],
            json!({"method": "POST", "path": "/items/a%20b", "protocol": "HTTP/1.1",
                   "sourceIp": "127.0.0.1", "userAgent": "curl/8"})
        );
        assert!(cx.get("authorizer").is_none());
        assert!(e.get("stageVariables").is_none());
    }

    #[test]
    fn empty_members_are_left_out_of_2_0() {
        let mut req = request(&[], b"");
        req.raw_query.clear();
        req.query.clear();
        let e = build(&EventInput {
            request: &req,
            route: &route("2.0"),
            params: &[],
            api_id: "a",
            account_id: "1",
            caller: None,
            function_url_domain: None,
        });
        for absent in ["cookies", "queryStringParameters", "pathParameters", "body"] {
            assert!(e.get(absent).is_none(), "{absent}: {e}");
        }
        assert_eq!(e["rawQueryString"], "");
        assert_eq!(e["isBase64Encoded"], false);
    }

    #[test]
    fn only_text_types_pass_as_text() {
        let cases = [
            (Some("text/plain; charset=utf-8"), false),
            (Some("application/json"), false),
            (Some("application/xml"), false),
            (Some("application/javascript"), false),
            (Some("application/x-www-form-urlencoded"), true),
            (Some("application/vnd.api+json"), true),
            (Some("image/png"), true),
            (None, true),
        ];
        for (ct, base64) in cases {
            let headers: Vec<(&str, &str)> = ct.iter().map(|c| ("Content-Type", *c)).collect();
            let req = request(&headers, b"a=1");
            let e = event(&req, "2.0", None);
            assert_eq!(e["isBase64Encoded"], base64, "{ct:?}");
            let want = if base64 { "YT0x" } else { "a=1" };
            assert_eq!(e["body"], want, "{ct:?}");
        }
    }

    #[test]
    fn authorizer_context_per_version() {
        let req = request(&[], b"");
        let jwt = CallerContext::Jwt(Arc::new(VerifiedToken::with_claims(
            json!({"sub": "u", "exp": 4_000_000_000u64, "scp": ["a", "b"]})
                .as_object()
                .cloned()
                .unwrap(),
        )));
        let e = event(&req, "2.0", Some(&jwt));
        assert_eq!(
            e["requestContext"]["authorizer"],
            json!({"jwt": {
                "claims": {"sub": "u", "exp": "4000000000", "scp": "[a b]"},
                "scopes": ["a", "b"]
            }})
        );
        let e = event(&req, "1.0", Some(&jwt));
        assert_eq!(
            e["requestContext"]["authorizer"],
            json!({
                "claims": {"sub": "u", "exp": "4000000000", "scp": "[a b]"},
                "scopes": ["a", "b"]
            })
        );
        let lambda = CallerContext::Lambda(json!({"who": "x"}).as_object().cloned().unwrap());
        let e = event(&req, "2.0", Some(&lambda));
        assert_eq!(
            e["requestContext"]["authorizer"],
            json!({"lambda": {"who": "x"}})
        );
    }

    #[test]
    fn payload_1_0_is_rest_like_with_a_version() {
        let req = request(
            &[("X-Multi", "a"), ("X-Multi", "b"), ("Cookie", "c=1")],
            b"",
        );
        let e = event(&req, "1.0", None);
        assert_eq!(e["version"], "1.0");
        assert_eq!(e["resource"], "/items/{id}");
        assert_eq!(e["path"], "/items/a%20b");
        assert_eq!(e["httpMethod"], "POST");
        assert_eq!(e["headers"]["x-multi"], "b");
        assert_eq!(e["multiValueHeaders"]["x-multi"], json!(["a", "b"]));
        assert_eq!(e["headers"]["cookie"], "c=1");
        assert_eq!(e["queryStringParameters"], json!({"x": "2", "y": "a b"}));
        assert_eq!(e["multiValueQueryStringParameters"]["x"], json!(["1", "2"]));
        assert_eq!(e["pathParameters"], json!({"id": "a b"}));
        assert_eq!(e["body"], Value::Null);
        let cx = &e["requestContext"];
        assert_eq!(cx["stage"], "$default");
        assert_eq!(cx["resourceId"], Value::Null);
        assert_eq!(cx["resourcePath"], "/items/{id}");
        assert_eq!(cx["identity"]["sourceIp"], "127.0.0.1");
    }
}
