//! `provider.httpApi`, `provider.logs.httpApi` and every function's `httpApi` events →
//! [`HttpApi`], as SF v3's `http-api.js` (`resolveConfiguration`) resolves them: the API's name,
//! CORS with its method list filled from the routes, access logs, the authorizers, and one
//! [`HttpRoute`] per event with its payload version and authorizer.
//!
//! An event SF would reject (no method, an unknown method, a bad path, an authorizer without
//! `name` or `id`, ...) is skipped here: [`read_route`] says why, and `check` reports it from
//! the same reading, so what is skipped and what is reported cannot drift apart. References
//! between records (a route's authorizer, an authorizer's function) are left to `check` too.

use super::shape::{bool_at, child, list_of, str_at, string};
use crate::config::http_api::HTTP_API_METHODS;
use crate::diag::Diagnostics;
use crate::ir::naming::api_name;
use crate::ir::{
    AuthorizerFunction, DEFAULT_PAYLOAD_VERSION, HttpApi, HttpApiAuthorizer, HttpApiAuthorizerKind,
    HttpApiCors, HttpApiSettings, HttpApiSpans, HttpRoute, JwtAuthorizer, RequestAuthorizer,
    RouteAuthorization, RouteAuthorizer,
};
use crate::load::{Node, Value};
use crate::source::Span;
use serde_json::Value as Json;

/// The origins of `cors: true` (and of a `cors` object without `allowedOrigins`).
pub const DEFAULT_CORS_ORIGINS: [&str; 1] = ["*"];

/// The headers of `cors: true` (and of a `cors` object without `allowedHeaders`): the same
/// list as a REST endpoint's `cors: true`.
pub const DEFAULT_CORS_HEADERS: &[&str] = super::cors::DEFAULT_HEADERS;

/// Keys of SF's default access log format, each logged as `$context.<variable>`.
const DEFAULT_ACCESS_LOG_FIELDS: [(&str, &str); 8] = [
    ("requestId", "$context.requestId"),
    ("ip", "$context.identity.sourceIp"),
    ("requestTime", "$context.requestTime"),
    ("httpMethod", "$context.httpMethod"),
    ("routeKey", "$context.routeKey"),
    ("status", "$context.status"),
    ("protocol", "$context.protocol"),
    ("responseLength", "$context.responseLength"),
];

/// What the service's functions contribute: `(key, node)` of every lowered function, in order.
pub type FunctionNodes<'a> = [(&'a str, &'a Node)];

/// Lowers the HTTP API of the service `service` at `stage`.
pub fn lower_http_api(
    diags: &mut Diagnostics,
    service: &str,
    stage: &str,
    provider: &Node,
    functions: &FunctionNodes,
) -> HttpApi {
    let config = child(provider, "httpApi");
    let empty = Node::null(provider.span);
    let config = config.unwrap_or(&empty);
    let mut settings = settings(diags, service, stage, provider, config);
    let authorizers = authorizers(diags, config);
    let routes = routes(diags, config, functions);
    if let Some(cors) = &mut settings.cors
        && cors.allowed_methods.is_empty()
        && !cors_methods_given(config)
    {
        fill_cors_methods(cors, &routes);
    }
    HttpApi {
        settings,
        authorizers,
        routes,
    }
}

/// The API-level settings (CORS methods not yet filled from the routes).
fn settings(
    diags: &mut Diagnostics,
    service: &str,
    stage: &str,
    provider: &Node,
    config: &Node,
) -> HttpApiSettings {
    // SF tests `httpApi.name` for truthiness: an empty name falls back to the default
    let name = str_at(diags, config, "name").filter(|n| !n.is_empty());
    let start_with_service = bool_at(diags, config, "shouldStartNameWithService").unwrap_or(false);
    let logs = child(provider, "logs").and_then(|l| child(l, "httpApi"));
    HttpApiSettings {
        name: api_name(name.as_deref(), start_with_service, service, stage),
        external_id: child(config, "id")
            .filter(|n| n.is_truthy())
            .map(Node::to_json),
        cors: cors(diags, config),
        access_log_format: logs
            .filter(|l| l.is_truthy())
            .map(|l| access_log_format(diags, l)),
        metrics: bool_at(diags, config, "metrics").unwrap_or(false),
        disable_default_endpoint: bool_at(diags, config, "disableDefaultEndpoint"),
        spans: HttpApiSpans {
            id: config
                .key_span("id")
                .filter(|_| child(config, "id").is_some()),
            cors: config
                .key_span("cors")
                .filter(|_| child(config, "cors").is_some_and(Node::is_truthy)),
            authorizers: config
                .key_span("authorizers")
                .filter(|_| child(config, "authorizers").is_some_and(Node::is_truthy)),
            logs: logs
                .filter(|l| l.is_truthy())
                .and_then(|_| child(provider, "logs"))
                .and_then(|l| l.key_span("httpApi")),
        },
    }
}

/// `provider.logs.httpApi`'s format: `format:` when given, else SF's JSON line.
fn access_log_format(diags: &mut Diagnostics, logs: &Node) -> String {
    let given = match logs.value {
        Value::Map(_) => str_at(diags, logs, "format").filter(|f| !f.is_empty()),
        _ => None,
    };
    given.unwrap_or_else(|| {
        let fields: serde_json::Map<String, Json> = DEFAULT_ACCESS_LOG_FIELDS
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Json::from(*v)))
            .collect();
        Json::Object(fields).to_string()
    })
}

/// `provider.httpApi.cors` as SF resolves it; methods stay empty when they are to be filled.
fn cors(diags: &mut Diagnostics, config: &Node) -> Option<HttpApiCors> {
    let node = child(config, "cors").filter(|n| n.is_truthy())?;
    let defaults = |values: &[&str]| values.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    if matches!(node.value, Value::Bool(true)) || node.as_map().is_none() {
        return Some(HttpApiCors {
            allowed_origins: defaults(&DEFAULT_CORS_ORIGINS),
            allowed_headers: defaults(DEFAULT_CORS_HEADERS),
            ..HttpApiCors::default()
        });
    }
    let list = |diags: &mut Diagnostics, key: &str| {
        child(node, key)
            .filter(|n| n.is_truthy())
            .map(|n| unique_strings(diags, n, key))
    };
    Some(HttpApiCors {
        allowed_origins: list(diags, "allowedOrigins")
            .unwrap_or_else(|| defaults(&DEFAULT_CORS_ORIGINS)),
        allowed_headers: list(diags, "allowedHeaders")
            .unwrap_or_else(|| defaults(DEFAULT_CORS_HEADERS)),
        allowed_methods: list(diags, "allowedMethods").unwrap_or_default(),
        allow_credentials: child(node, "allowCredentials").is_some_and(Node::is_truthy),
        exposed_response_headers: list(diags, "exposedResponseHeaders"),
        max_age: child(node, "maxAge").and_then(|n| integer(diags, n, "maxAge")),
    })
}

/// Whether `cors.allowedMethods` is given (then it is used verbatim, even if empty).
fn cors_methods_given(config: &Node) -> bool {
    child(config, "cors")
        .and_then(|c| child(c, "allowedMethods"))
        .is_some_and(Node::is_truthy)
}

/// SF's filled method list: `OPTIONS`, then each route's method in route order; `ANY` adds
/// every method.
fn fill_cors_methods(cors: &mut HttpApiCors, routes: &[HttpRoute]) {
    let mut methods = vec!["OPTIONS".to_owned()];
    let mut add = |m: &str| {
        if !methods.iter().any(|x| x == m) {
            methods.push(m.to_owned());
        }
    };
    for r in routes {
        if r.method == "ANY" {
            HTTP_API_METHODS
                .iter()
                .filter(|m| **m != "ANY")
                .for_each(|m| add(m));
        } else {
            add(&r.method);
        }
    }
    cors.allowed_methods = methods;
}

/// A string or list of strings as a list without repeats (SF's `toSet`).
fn unique_strings(diags: &mut Diagnostics, node: &Node, what: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in list_of(node) {
        if let Some(s) = string(diags, Some(item), what)
            && !out.contains(&s)
        {
            out.push(s);
        }
    }
    out
}

/// A whole number (negative ones too: they pass through to CloudFormation, which rejects them).
fn integer(diags: &mut Diagnostics, node: &Node, what: &str) -> Option<i64> {
    match node.value {
        Value::Int(i) => Some(i),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(f as i64),
        _ => {
            super::shape::wrong(diags, node, what, "a whole number");
            None
        }
    }
}

/// `provider.httpApi.authorizers`, in order.
fn authorizers(diags: &mut Diagnostics, config: &Node) -> Vec<HttpApiAuthorizer> {
    let Some(map) = child(config, "authorizers").and_then(Node::as_map) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, entry) in map.iter() {
        let node = &entry.value;
        if node.as_map().is_none() {
            super::shape::wrong(diags, node, &format!("authorizers.{key}"), "a mapping");
            continue;
        }
        let is_request = child(node, "type").and_then(Node::as_str) == Some("request");
        let kind = if is_request {
            HttpApiAuthorizerKind::Request(request_authorizer(diags, node))
        } else {
            HttpApiAuthorizerKind::Jwt(JwtAuthorizer {
                issuer: child(node, "issuerUrl").map(Node::to_json),
                audiences: child(node, "audience")
                    .map(|a| unique_json(list_of(a)))
                    .unwrap_or_default(),
            })
        };
        out.push(HttpApiAuthorizer {
            key: key.clone(),
            name: str_at(diags, node, "name")
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| key.clone()),
            identity_sources: child(node, "identitySource")
                .filter(|n| n.is_truthy())
                .map(|n| list_of(n).into_iter().map(Node::to_json).collect())
                .unwrap_or_default(),
            kind,
            span: entry.key_span,
        });
    }
    out
}

/// Values without repeats of equal strings (objects, being intrinsics, are kept as they are).
fn unique_json(nodes: Vec<&Node>) -> Vec<Json> {
    let mut out: Vec<Json> = Vec::new();
    for n in nodes {
        let v = n.to_json();
        if !(v.is_string() && out.contains(&v)) {
            out.push(v);
        }
    }
    out
}

fn request_authorizer(diags: &mut Diagnostics, node: &Node) -> RequestAuthorizer {
    let function = match child(node, "functionArn").filter(|n| n.is_truthy()) {
        Some(arn) => Some(AuthorizerFunction::Arn(arn.to_json())),
        None => str_at(diags, node, "functionName")
            .filter(|n| !n.is_empty())
            .map(AuthorizerFunction::Service),
    };
    RequestAuthorizer {
        function,
        result_ttl_in_seconds: child(node, "resultTtlInSeconds").and_then(super::shape::as_u64),
        enable_simple_responses: bool_at(diags, node, "enableSimpleResponses"),
        payload_version: str_at(diags, node, "payloadVersion")
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| DEFAULT_PAYLOAD_VERSION.to_owned()),
        managed_externally: child(node, "managedExternally").is_some_and(Node::is_truthy),
    }
}

/// Every function's `httpApi` events, in order, as routes.
fn routes(diags: &mut Diagnostics, config: &Node, functions: &FunctionNodes) -> Vec<HttpRoute> {
    let provider_payload = str_at(diags, config, "payload").filter(|p| !p.is_empty());
    let mut routes: Vec<HttpRoute> = Vec::new();
    for (key, function) in functions {
        let function_payload = child(function, "httpApi")
            .and_then(|h| str_at(diags, h, "payload"))
            .filter(|p| !p.is_empty());
        let payload_version = function_payload
            .or_else(|| provider_payload.clone())
            .unwrap_or_else(|| DEFAULT_PAYLOAD_VERSION.to_owned());
        for value in http_api_events(function) {
            let Ok(form) = read_route(value) else {
                continue;
            };
            let route = HttpRoute {
                function: (*key).to_owned(),
                route_key: if form.path == "*" {
                    "$default".to_owned()
                } else {
                    format!("{} {}", form.method, form.path)
                },
                method: form.method,
                path: form.path,
                payload_version: payload_version.clone(),
                authorization: form.authorization,
                span: value.span,
            };
            // SF keys its routes by route key: a second catch-all replaces the first in place
            match routes
                .iter_mut()
                .find(|r| r.is_catch_all() && route.is_catch_all())
            {
                Some(first) => *first = route,
                None => routes.push(route),
            }
        }
    }
    routes
}

/// The values of a function's `- httpApi: …` events, in order.
pub fn http_api_events(function: &Node) -> Vec<&Node> {
    super::shape::list_at(function, "events")
        .into_iter()
        .filter_map(|e| e.get("httpApi"))
        .filter(|v| v.is_truthy())
        .collect()
}

/// An `httpApi` event as read: SF's method and path, and the authorizer.
pub struct RouteForm {
    /// Upper-case; `ANY` for `*` and for the catch-all route.
    pub method: String,
    /// As written, or `*`.
    pub path: String,
    pub authorization: Option<RouteAuthorization>,
}

/// Why an `httpApi` event makes no route (SF rejects it, or crashes on it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteProblem {
    /// A string that is neither `*` nor `METHOD /path`, or a value of another shape.
    NotARoute,
    /// The object form without `path`.
    MissingPath,
    /// The object form without `method` (and a path other than `*`).
    MissingMethod,
    /// A method SF does not know.
    InvalidMethod(String),
    /// Path `*` with a method other than `*`.
    MethodOnCatchAll,
    /// A path that does not start with `/` or holds whitespace.
    InvalidPath,
    /// `authorizer` of type `jwt`/`request` (or none) without `name` or `id`.
    AuthorizerWithoutNameOrId,
    /// `type: aws_iam` with `name`, `id` or `scopes`.
    AwsIamWithOtherProperties,
    /// An `authorizer` value that is neither a name nor a mapping.
    AuthorizerShape,
}

/// Reads one `httpApi` event's value as SF's `resolveConfiguration` does. The error comes with
/// the span of the value at fault.
pub fn read_route(value: &Node) -> Result<RouteForm, (RouteProblem, Span)> {
    let (method, path, authorizer) = match &value.value {
        Value::Map(_) => {
            let Some(path_node) = child(value, "path") else {
                return Err((RouteProblem::MissingPath, value.span));
            };
            let path = scalar_text(path_node).ok_or((RouteProblem::InvalidPath, path_node.span))?;
            // SF tests the method for truthiness: `method: ''` is a missing method
            let method = match child(value, "method").filter(|m| m.is_truthy()) {
                Some(m) => Some((
                    scalar_text(m).ok_or((RouteProblem::InvalidMethod(m.kind().into()), m.span))?,
                    m.span,
                )),
                None => None,
            };
            (method, (path, path_node.span), child(value, "authorizer"))
        }
        _ => {
            let text = scalar_text(value).ok_or((RouteProblem::NotARoute, value.span))?;
            if text == "*" {
                (None, ("*".to_owned(), value.span), None)
            } else {
                let (method, path) =
                    split_route(&text).ok_or((RouteProblem::NotARoute, value.span))?;
                (Some((method, value.span)), (path, value.span), None)
            }
        }
    };
    let (path, path_span) = path;
    let method = if path == "*" {
        if let Some((_, span)) = method.filter(|(m, _)| m != "*") {
            return Err((RouteProblem::MethodOnCatchAll, span));
        }
        "ANY".to_owned()
    } else {
        let Some((m, span)) = method else {
            return Err((RouteProblem::MissingMethod, value.span));
        };
        let m = m.to_uppercase();
        if m == "*" {
            "ANY".to_owned()
        } else if HTTP_API_METHODS.contains(&m.as_str()) {
            m
        } else {
            return Err((RouteProblem::InvalidMethod(m), span));
        }
    };
    if path != "*" && (!path.starts_with('/') || path.chars().any(char::is_whitespace)) {
        return Err((RouteProblem::InvalidPath, path_span));
    }
    let authorization = match authorizer.filter(|a| a.is_truthy()) {
        Some(a) => Some(read_authorizer(a)?),
        None => None,
    };
    Ok(RouteForm {
        method,
        path,
        authorization,
    })
}

/// SF's `String(value)` of a scalar; `None` for mappings and lists.
fn scalar_text(node: &Node) -> Option<String> {
    let mut ignored = Diagnostics::default();
    match node.value {
        Value::Map(_) | Value::Seq(_) => None,
        _ => string(&mut ignored, Some(node), ""),
    }
}

/// `METHOD /path` split as SF's pattern does: a known method (any case), one space, then `/`
/// and no whitespace.
fn split_route(text: &str) -> Option<(String, String)> {
    let (method, path) = text.split_once(' ')?;
    let known = HTTP_API_METHODS
        .iter()
        .any(|m| m.eq_ignore_ascii_case(method));
    let path_ok = path.starts_with('/') && !path.chars().any(char::is_whitespace);
    (known && path_ok).then(|| (method.to_owned(), path.to_owned()))
}

/// A route's `authorizer:` (a name, or `{name | id | type, scopes}`).
fn read_authorizer(node: &Node) -> Result<RouteAuthorization, (RouteProblem, Span)> {
    let (name, id, kind, scopes) = match &node.value {
        Value::Map(_) => (
            child(node, "name")
                .filter(|n| n.is_truthy())
                .and_then(scalar_text),
            child(node, "id")
                .filter(|n| n.is_truthy())
                .map(Node::to_json),
            child(node, "type").and_then(scalar_text),
            child(node, "scopes"),
        ),
        Value::Seq(_) => return Err((RouteProblem::AuthorizerShape, node.span)),
        _ => (scalar_text(node), None, None, None),
    };
    let is_iam = kind.as_deref() == Some("aws_iam");
    if is_iam && (name.is_some() || id.is_some() || scopes.is_some()) {
        return Err((RouteProblem::AwsIamWithOtherProperties, node.span));
    }
    let authorizer = match (id, name) {
        (Some(id), _) => RouteAuthorizer::External {
            id,
            is_request: kind.as_deref() == Some("request"),
        },
        (None, _) if is_iam => RouteAuthorizer::AwsIam,
        (None, Some(name)) => RouteAuthorizer::Configured(name),
        (None, None) => return Err((RouteProblem::AuthorizerWithoutNameOrId, node.span)),
    };
    let scopes = scopes.map(|s| {
        let mut out: Vec<String> = Vec::new();
        for item in list_of(s) {
            if let Some(v) = scalar_text(item)
                && !out.contains(&v)
            {
                out.push(v);
            }
        }
        out
    });
    Ok(RouteAuthorization {
        authorizer,
        scopes,
        span: node.span,
    })
}
