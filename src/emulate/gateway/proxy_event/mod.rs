//! The Lambda proxy integration's event (payload format 1.0), field for field as API Gateway
//! REST builds it: `resource`, `path`, `httpMethod`, single- and multi-value headers and query
//! parameters (`null` when empty), `pathParameters`, `stageVariables`, `requestContext` with
//! its identity, `body` (base64 with `isBase64Encoded` when the Content-Type is one of the
//! API's `binaryMediaTypes`).

use super::request::{Incoming, is_binary};
use crate::emulate::ids;
use base64::Engine;
use serde_json::{Map, Value, json};

/// The members of the event that describe the request, in API Gateway's order; the body
/// (`body`, `isBase64Encoded`) follows them. A REQUEST authorizer's event has the same.
pub const REQUEST_MEMBERS: [&str; 10] = [
    "resource",
    "path",
    "httpMethod",
    "headers",
    "multiValueHeaders",
    "queryStringParameters",
    "multiValueQueryStringParameters",
    "pathParameters",
    "stageVariables",
    "requestContext",
];

/// What the gateway knows about the request beyond the request itself.
pub struct EventContext<'a> {
    pub stage: &'a str,
    /// `/users/{id}`
    pub resource_path: &'a str,
    pub path_params: &'a [(String, String)],
    pub api_id: &'a str,
    pub account_id: &'a str,
    pub resource_id: String,
    pub binary_media_types: &'a [String],
    pub operation_name: Option<&'a str>,
    /// The API key used (for `private` methods).
    pub api_key: Option<&'a str>,
    pub api_key_id: Option<&'a str>,
    /// `requestContext.authorizer` (principalId, context values, claims...).
    pub authorizer: Option<Value>,
}

impl<'a> EventContext<'a> {
    /// What the gateway knows of a request matched by `m` to `endpoint`, before any caller
    /// identity (API key, authorizer) is added.
    pub fn new(
        gw: &'a super::Gateway,
        m: &'a crate::emulate::routes::Match<'a>,
        endpoint: &'a crate::ir::HttpEndpoint,
    ) -> EventContext<'a> {
        EventContext {
            stage: &gw.service.stage,
            resource_path: &m.route.path,
            path_params: &m.params,
            api_id: &gw.api_id,
            account_id: &gw.opts.account_id,
            resource_id: gw.resource_id(m.index),
            binary_media_types: &gw.service.api.binary_media_types,
            operation_name: endpoint.operation_id.as_deref(),
            api_key: None,
            api_key_id: None,
            authorizer: None,
        }
    }
}

/// Headers as `(single, multi)` maps, `null` when there are none.
pub fn header_maps(headers: &[(String, String)]) -> (Value, Value) {
    pairs_maps(headers)
}

/// Name-value pairs (headers, query parameters) as `(single, multi)` maps: the last value
/// of a name, and all of them; `null` when there are none.
pub fn pairs_maps(pairs: &[(String, String)]) -> (Value, Value) {
    if pairs.is_empty() {
        return (Value::Null, Value::Null);
    }
    let mut single = Map::new();
    let mut multi: Map<String, Value> = Map::new();
    for (k, v) in pairs {
        single.insert(k.clone(), Value::String(v.clone()));
        match multi.get_mut(k) {
            Some(Value::Array(a)) => a.push(Value::String(v.clone())),
            _ => {
                multi.insert(k.clone(), json!([v]));
            }
        }
    }
    (Value::Object(single), Value::Object(multi))
}

/// The headers the Lambda sees: the client's, plus the forwarding headers API Gateway adds.
pub fn forwarded_headers(req: &Incoming) -> Vec<(String, String)> {
    let mut out = req.headers.clone();
    let set = |out: &mut Vec<(String, String)>, name: &str, value: String| match out
        .iter_mut()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
    {
        Some(entry) => entry.1 = value,
        None => out.push((name.to_string(), value)),
    };
    let forwarded_for = match req.header("x-forwarded-for") {
        Some(prev) => format!("{prev}, {}", req.source_ip),
        None => req.source_ip.clone(),
    };
    set(&mut out, "X-Forwarded-For", forwarded_for);
    set(&mut out, "X-Forwarded-Port", req.local_port.to_string());
    set(&mut out, "X-Forwarded-Proto", "http".into());
    if req.header("x-amzn-trace-id").is_none() {
        let secs = crate::common::time::epoch_millis(req.time) / 1000;
        out.push((
            "X-Amzn-Trace-Id".into(),
            crate::common::ids::xray_root(secs),
        ));
    }
    out
}

/// The event for `req`.
pub fn build(req: &Incoming, cx: &EventContext) -> Value {
    build_with(req, cx, &forwarded_headers(req))
}

/// The event for `req` as JSON bytes, written directly (the same bytes as serializing
/// [`build`], without the value tree): what the proxy integration sends on every request.
pub fn to_bytes(req: &Incoming, cx: &EventContext) -> Vec<u8> {
    super::event_writer::write(req, cx, &forwarded_headers(req))
}

/// Whether the event carries the body base64-encoded.
pub fn base64_body(req: &Incoming, cx: &EventContext) -> bool {
    !req.body.is_empty()
        && req
            .content_type()
            .is_some_and(|ct| is_binary(&ct, cx.binary_media_types))
}

/// The event for `req` with the headers the Lambda sees.
pub fn build_with(req: &Incoming, cx: &EventContext, headers: &[(String, String)]) -> Value {
    let (single_headers, multi_headers) = header_maps(headers);
    let (single_query, multi_query) = pairs_maps(&req.query);
    let path_parameters = if cx.path_params.is_empty() {
        Value::Null
    } else {
        Value::Object(
            cx.path_params
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
        )
    };
    let binary = base64_body(req, cx);
    let body = if req.body.is_empty() {
        Value::Null
    } else if binary {
        Value::String(base64::engine::general_purpose::STANDARD.encode(&req.body))
    } else {
        Value::String(String::from_utf8_lossy(&req.body).into_owned())
    };
    let host = req.header("host").unwrap_or("localhost").to_string();
    let domain_prefix = host.split(['.', ':']).next().unwrap_or("").to_string();
    let mut request_context = json!({
        "resourceId": cx.resource_id,
        "resourcePath": cx.resource_path,
        "httpMethod": req.method,
        "extendedRequestId": ids::extended_request_id(&req.request_id),
        "requestTime": ids::clf_time(req.time),
        "path": req.raw_path,
        "accountId": cx.account_id,
        "protocol": "HTTP/1.1",
        "stage": cx.stage,
        "domainPrefix": domain_prefix,
        "requestTimeEpoch": crate::common::time::epoch_millis(req.time),
        "requestId": req.request_id,
        "identity": {
            "cognitoIdentityPoolId": null,
            "accountId": null,
            "cognitoIdentityId": null,
            "caller": null,
            "apiKey": cx.api_key,
            "apiKeyId": cx.api_key_id,
            "sourceIp": req.source_ip,
            "principalOrgId": null,
            "accessKey": null,
            "cognitoAuthenticationType": null,
            "cognitoAuthenticationProvider": null,
            "userArn": null,
            "userAgent": req.header("user-agent"),
            "user": null
        },
        "domainName": host,
        "apiId": cx.api_id,
    });
    if let Some(map) = request_context.as_object_mut() {
        if let Some(op) = cx.operation_name {
            map.insert("operationName".into(), op.into());
        }
        if let Some(a) = &cx.authorizer {
            map.insert("authorizer".into(), a.clone());
        }
    }
    json!({
        "resource": cx.resource_path,
        "path": req.path,
        "httpMethod": req.method,
        "headers": single_headers,
        "multiValueHeaders": multi_headers,
        "queryStringParameters": single_query,
        "multiValueQueryStringParameters": multi_query,
        "pathParameters": path_parameters,
        "stageVariables": null,
        "requestContext": request_context,
        "body": body,
        "isBase64Encoded": binary,
    })
}

#[cfg(test)]
mod tests;
