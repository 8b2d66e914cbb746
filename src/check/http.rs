//! Checks on `http` events: missing paths, duplicate routes, authorizers, integrations, stage.

use super::{function_nodes, nearest};
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::lower::authorizer::is_cognito_arn;
use crate::ir::lower::http::split_shorthand;
use crate::ir::{AuthorizerKind, HttpEndpoint, Integration, Service};
use crate::load::{Node, Value};
use std::collections::HashMap;

/// `http` events without a path or method (lowering skips them): SF v3 crashes or rejects them.
pub fn check_events(root: &Node, d: &mut Diagnostics) {
    for (key, f) in function_nodes(root) {
        let Some(events) = f.get("events").and_then(Node::as_seq) else {
            continue;
        };
        for event in events {
            let Some(http) = event.get("http") else {
                continue;
            };
            let missing: Vec<&str> = match &http.value {
                Value::Str(s) => match split_shorthand(s) {
                    (_, None) => vec!["path"],
                    _ => vec![],
                },
                Value::Map(_) => ["path", "method"]
                    .into_iter()
                    .filter(|k| http.get(k).is_none_or(Node::is_null))
                    .collect(),
                Value::Null => vec!["path", "method"],
                _ => vec![],
            };
            if missing.is_empty() {
                continue;
            }
            d.push(
                Diagnostic::error(
                    codes::SEM_MISSING_PATH,
                    format!(
                        "this http event of function `{key}` has no {}",
                        missing.join(" and no ")
                    ),
                )
                .at(http.span)
                .label(format!("no {}", missing.join(", ")))
                .help("write `http: GET /path` or give both `path:` and `method:`"),
            );
        }
    }
}

pub fn check_endpoints(service: &Service, d: &mut Diagnostics) {
    duplicate_routes(&service.endpoints, d);
    path_variables(&service.endpoints, d);
    for e in &service.endpoints {
        authorizer_function(service, e, d);
        claims(e, d);
        uri(e, d);
    }
}

/// The same path and method twice: SF gives both the same logical id and merges them, so one
/// function silently loses its route. An `OPTIONS` method on a path with CORS collides the same
/// way with the preflight method SF generates.
fn duplicate_routes(endpoints: &[HttpEndpoint], d: &mut Diagnostics) {
    let mut seen: HashMap<(&str, &str), &HttpEndpoint> = HashMap::new();
    for e in endpoints {
        if let Some(first) = seen.get(&(e.path.as_str(), e.method.as_str())) {
            d.push(
                Diagnostic::error(
                    codes::SEM_DUPLICATE_ROUTE,
                    format!("{} /{} is defined twice", e.method, e.path),
                )
                .at(e.span)
                .label("second definition")
                .related(first.span, format!("first defined here (function `{}`)", first.function))
                .help("Serverless Framework merges both into one API Gateway method; remove one, or change its path or method"),
            );
        } else {
            seen.insert((e.path.as_str(), e.method.as_str()), e);
        }
    }
    for e in endpoints.iter().filter(|e| e.method == "OPTIONS") {
        if let Some(c) = endpoints
            .iter()
            .find(|c| c.path == e.path && c.cors.is_some())
        {
            d.push(
                Diagnostic::error(
                    codes::SEM_DUPLICATE_ROUTE,
                    format!(
                        "OPTIONS /{} collides with the CORS preflight method",
                        e.path
                    ),
                )
                .at(e.span)
                .related(c.span, "CORS enabled here")
                .help("drop `cors` from the events on this path, or drop this OPTIONS event"),
            );
        }
    }
}

/// Two different variables under the same parent (`users/{id}` and `users/{userId}`): API
/// Gateway refuses the second resource at deploy time.
fn path_variables(endpoints: &[HttpEndpoint], d: &mut Diagnostics) {
    // (parent path, variable segment) → first endpoint
    let mut vars: HashMap<String, (String, &HttpEndpoint)> = HashMap::new();
    let mut reported: Vec<(String, String)> = Vec::new();
    for e in endpoints {
        let segments: Vec<&str> = e.path.split('/').collect();
        for (i, seg) in segments.iter().enumerate() {
            if !(seg.starts_with('{') && seg.ends_with('}')) {
                continue;
            }
            let parent = segments[..i].join("/");
            match vars.get(&parent) {
                None => {
                    vars.insert(parent, (seg.to_string(), e));
                }
                Some((other, first)) if other != seg => {
                    let pair = (parent.clone(), seg.to_string());
                    if reported.contains(&pair) {
                        continue;
                    }
                    reported.push(pair);
                    d.push(
                        Diagnostic::error(
                            codes::SEM_PATH_VARIABLE,
                            format!(
                                "`/{parent}` has two variable children, `{other}` and `{seg}`"
                            ),
                        )
                        .at(e.span)
                        .related(first.span, format!("`{other}` used here"))
                        .help(format!(
                            "API Gateway allows one variable per path level; rename `{seg}` to `{other}`"
                        )),
                    );
                }
                Some(_) => {}
            }
        }
    }
}

fn authorizer_function(service: &Service, e: &HttpEndpoint, d: &mut Diagnostics) {
    let Some(a) = &e.authorizer else { return };
    let Some(name) = &a.function else { return };
    if service.functions.iter().any(|f| &f.key == name) {
        return;
    }
    let keys = service.functions.iter().map(|f| f.key.as_str());
    let help = match nearest(name, keys) {
        Some(n) => format!(
            "did you mean `{n}`? (an authorizer given by name must be a function of this service)"
        ),
        None => "name a function of this service, or give the authorizer's `arn`".to_string(),
    };
    d.push(
        Diagnostic::error(
            codes::SEM_MISSING_FUNCTION,
            format!("authorizer `{name}` is not a function of this service"),
        )
        .at(a.span)
        .label("no such function")
        .help(help),
    );
}

/// Cognito `claims` only apply to `integration: lambda` (SF: API_GATEWAY_INVALID_COGNITO_CLAIMS).
fn claims(e: &HttpEndpoint, d: &mut Diagnostics) {
    let Some(a) = &e.authorizer else { return };
    if a.claims.is_empty() || e.integration != Integration::AwsProxy {
        return;
    }
    let string_cognito_arn = a
        .arn
        .as_ref()
        .and_then(|j| j.as_str())
        .is_some_and(is_cognito_arn);
    let base = if string_cognito_arn {
        Diagnostic::error(
            codes::SEM_CLAIMS_ON_PROXY,
            "Cognito claims can only be filtered with the lambda integration",
        )
    } else if a.kind == AuthorizerKind::CognitoUserPools {
        // SF lets it through when the pool ARN is an intrinsic, and ignores the claims
        Diagnostic::warning(
            codes::SEM_CLAIMS_ON_PROXY,
            "`claims` has no effect with the lambda-proxy integration",
        )
    } else {
        return;
    };
    d.push(
        base.at(a.span)
            .label("claims on a lambda-proxy endpoint")
            .help("use `integration: lambda`, or drop `claims` (lambda-proxy passes every claim in requestContext.authorizer.claims)"),
    );
}

fn uri(e: &HttpEndpoint, d: &mut Diagnostics) {
    if !matches!(e.integration, Integration::Http | Integration::HttpProxy) {
        return;
    }
    if e.request.uri.is_none() {
        d.push(
            Diagnostic::error(
                codes::SEM_MISSING_URI,
                format!(
                    "the {} integration needs `request.uri`",
                    e.integration.user_name()
                ),
            )
            .at(e.span)
            .label("no request.uri")
            .help("add `request: {uri: https://backend.example.com/path}`"),
        );
    }
    if e.request.connection_type.as_deref() == Some("VPC_LINK") && e.request.connection_id.is_none()
    {
        d.push(
            Diagnostic::error(
                codes::SEM_OTHER,
                "`connectionType: vpc-link` needs `connectionId`",
            )
            .at(e.span)
            .help("add `connectionId: <VPC link id>` to the event"),
        );
    }
}

/// API Gateway stage names: `^[-_a-zA-Z0-9]+$` (SF: API_GATEWAY_INVALID_STAGE_NAME, checked
/// when there are http events); `apiGateway.stage` is held to the same rule by AWS.
pub fn check_stage(service: &Service, root: &Node, d: &mut Diagnostics) {
    if service.endpoints.is_empty() {
        return;
    }
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let provider = root.get("provider");
    let mut report = |stage: &str, node: Option<&Node>, what: &str| {
        d.push(
            Diagnostic::error(
                codes::SEM_STAGE_NAME,
                format!("{what} `{stage}` is not a valid API Gateway stage name"),
            )
            .at_opt(node.map(|n| n.span))
            .label("only letters, digits, `-` and `_`")
            .help("API Gateway stage names match ^[-_a-zA-Z0-9]+$; pick another stage"),
        );
    };
    if !valid(&service.stage) {
        let node = provider
            .and_then(|p| p.get("stage"))
            .filter(|n| n.as_str() == Some(service.stage.as_str()));
        report(&service.stage, node, "stage");
    }
    if let Some(s) = &service.api.stage
        && !valid(s)
    {
        let node = provider.and_then(|p| p.path(["apiGateway", "stage"]));
        report(s, node, "apiGateway.stage");
    }
}
