//! Checks on `httpApi` events and `provider.httpApi`: what SF v3's `http-api.js` rejects at
//! package time (malformed routes, duplicate routes, unknown authorizers, authorizer functions,
//! settings that conflict with an external API), its warnings (function timeouts, the
//! deprecated `useProviderTags`), and what AWS rejects at deploy time although SF lets it
//! through (cache TTLs, payload versions, greedy path variables, JWT settings, quotas).

use super::{function_nodes, nearest};
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::lower::http_api::{RouteProblem, http_api_events, read_route};
use crate::ir::{
    AuthorizerFunction, HttpApi, HttpApiAuthorizer, HttpApiAuthorizerKind, RouteAuthorizer, Service,
};
use crate::load::{Node, Value};
use crate::source::Span;
use std::collections::HashMap;

/// HTTP APIs wait at most this long for an integration, in seconds.
pub const HTTP_API_TIMEOUT_SECONDS: u64 = crate::ir::HTTP_API_INTEGRATION_TIMEOUT.as_secs();
/// The longest a Lambda authorizer's result may be cached.
pub const MAX_AUTHORIZER_TTL: i64 = 3600;
/// Quotas of an HTTP API: routes and authorizers per API (adjustable), audiences per JWT
/// authorizer and scopes per route (fixed).
pub const MAX_ROUTES: usize = 300;
pub const MAX_AUTHORIZERS: usize = 10;
pub const MAX_AUDIENCES: usize = 50;
pub const MAX_SCOPES: usize = 10;
/// The payload format versions API Gateway knows for Lambda integrations and authorizers.
pub const PAYLOAD_VERSIONS: [&str; 2] = ["1.0", "2.0"];

/// Every check of this module.
pub fn check_http_api(service: &Service, root: &Node, d: &mut Diagnostics) {
    let api = &service.http_api;
    route_forms(root, d);
    duplicate_routes(api, d);
    greedy_paths(api, d);
    route_authorizers(api, d);
    external_api(api, d);
    for a in &api.authorizers {
        authorizer(service, a, authorizer_node(root, &a.key), d);
    }
    payload_versions(root, d);
    timeouts(service, root, d);
    use_provider_tags(root, d);
    quotas(api, d);
}

/// Each event SF rejects (or crashes on), read as lowering reads it.
fn route_forms(root: &Node, d: &mut Diagnostics) {
    for (key, f) in function_nodes(root) {
        for value in http_api_events(f) {
            let Err((problem, span)) = read_route(value) else {
                continue;
            };
            d.push(route_problem(key, &problem).at(span));
        }
    }
}

fn route_problem(function: &str, problem: &RouteProblem) -> Diagnostic {
    let error = |code, message: String| Diagnostic::error(code, message);
    match problem {
        RouteProblem::NotARoute => error(
            codes::HTTP_API_ROUTE,
            format!("this httpApi event of function `{function}` is not a route"),
        )
        .label("expected `METHOD /path` or `*`")
        .help("write `httpApi: GET /path`, `httpApi: '*'` or a mapping with `method:` and `path:`"),
        RouteProblem::MissingPath => error(
            codes::HTTP_API_ROUTE,
            format!("this httpApi event of function `{function}` has no path"),
        )
        .label("no path")
        .help("add `path: /...` (or `path: '*'` for the catch-all route)"),
        RouteProblem::MissingMethod => error(
            codes::HTTP_API_MISSING_METHOD,
            format!("this httpApi event of function `{function}` has no method"),
        )
        .label("no method")
        .help("add `method:` (GET, POST, ..., or `*` for any method)"),
        RouteProblem::InvalidMethod(m) => error(
            codes::HTTP_API_METHOD,
            format!("`{m}` is not an HTTP API method (function `{function}`)"),
        )
        .label("unknown method")
        .help("use ANY, GET, POST, PUT, PATCH, OPTIONS, HEAD, DELETE or `*`"),
        RouteProblem::MethodOnCatchAll => error(
            codes::HTTP_API_PATH,
            format!("the catch-all path `*` takes no method (function `{function}`)"),
        )
        .label("a method with path `*`")
        .help("drop the method (or write `*`): the catch-all route serves every method"),
        RouteProblem::InvalidPath => error(
            codes::HTTP_API_PATH,
            format!("an HTTP API path starts with `/` and holds no whitespace (function `{function}`)"),
        )
        .label("invalid path")
        .help("write the path as `/segment/{variable}`"),
        RouteProblem::AuthorizerWithoutNameOrId => error(
            codes::HTTP_API_ROUTE_AUTHORIZER,
            format!("this authorizer of function `{function}` has neither `name` nor `id`"),
        )
        .label("no name or id")
        .help("name an authorizer of `provider.httpApi.authorizers` (`name:`), or give the `id` of one on an external API"),
        RouteProblem::AwsIamWithOtherProperties => error(
            codes::HTTP_API_ROUTE_AUTHORIZER,
            format!("an `aws_iam` authorizer takes no other property (function `{function}`)"),
        )
        .label("aws_iam with name, id or scopes")
        .help("keep only `type: aws_iam`"),
        RouteProblem::AuthorizerShape => error(
            codes::HTTP_API_ROUTE_AUTHORIZER,
            format!("this authorizer of function `{function}` is neither a name nor a mapping"),
        )
        .label("expected a name or `{name, scopes}`")
        .help("write `authorizer: <name>` or `authorizer: {name: <name>, scopes: [...]}`"),
    }
}

/// The same method and path twice: SF refuses it. (Two catch-all routes are not refused:
/// the later replaces the earlier, which lowering does too.)
fn duplicate_routes(api: &HttpApi, d: &mut Diagnostics) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, r) in api.routes.iter().enumerate() {
        let Some(&first) = seen.get(r.route_key.as_str()) else {
            seen.insert(&r.route_key, i);
            continue;
        };
        let first = &api.routes[first];
        d.push(
            Diagnostic::error(
                codes::SEM_DUPLICATE_ROUTE,
                format!("route `{}` is defined twice", r.route_key),
            )
            .at(r.span)
            .label("second definition")
            .related(
                first.span,
                format!("first defined here (function `{}`)", first.function),
            )
            .help("an HTTP API has one integration per route: remove one, or change its method or path"),
        );
    }
}

/// A greedy path variable (`{proxy+}`) anywhere but the last segment. AWS: "The greedy path
/// variable must be at the end of the resource path" (API Gateway developer guide, "Working
/// with routes for HTTP APIs").
fn greedy_paths(api: &HttpApi, d: &mut Diagnostics) {
    for r in api.routes.iter().filter(|r| !r.is_catch_all()) {
        let segments: Vec<&str> = r.path.split('/').collect();
        let misplaced = segments
            .iter()
            .take(segments.len().saturating_sub(1))
            .any(|s| s.ends_with("+}"));
        if misplaced {
            d.push(
                Diagnostic::error(
                    codes::HTTP_API_PATH,
                    format!("`{}`: a greedy path variable must be the last segment", r.route_key),
                )
                .at(r.span)
                .label("greedy variable before the end")
                .help("move `{name+}` to the end of the path; API Gateway refuses the route otherwise"),
            );
        }
    }
}

/// A route's authorizer must exist: a configured one by key, or an external one by id only on
/// an external API; at most ten scopes.
fn route_authorizers(api: &HttpApi, d: &mut Diagnostics) {
    for r in &api.routes {
        let Some(auth) = &r.authorization else {
            continue;
        };
        match &auth.authorizer {
            RouteAuthorizer::Configured(key) if api.authorizer(key).is_none() => {
                let keys = api.authorizers.iter().map(|a| a.key.as_str());
                let help = match nearest(key, keys) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => "define it under `provider.httpApi.authorizers`".to_owned(),
                };
                d.push(
                    Diagnostic::error(
                        codes::HTTP_API_UNKNOWN_AUTHORIZER,
                        format!(
                            "route `{}` refers to authorizer `{key}`, which is not configured",
                            r.route_key
                        ),
                    )
                    .at(auth.span)
                    .label("unknown authorizer")
                    .help(help),
                );
            }
            RouteAuthorizer::External { .. } if !api.is_external() => d.push(
                Diagnostic::error(
                    codes::HTTP_API_EXTERNAL,
                    format!(
                        "route `{}` refers to an authorizer by `id`, but the HTTP API is part of this stack",
                        r.route_key
                    ),
                )
                .at(auth.span)
                .label("external authorizer")
                .help("refer to an authorizer of `provider.httpApi.authorizers` by `name`, or set `provider.httpApi.id` to the external API"),
            ),
            _ => {}
        }
        if let Some(scopes) = auth.scopes.as_ref().filter(|s| s.len() > MAX_SCOPES) {
            d.push(
                Diagnostic::error(
                    codes::HTTP_API_QUOTA,
                    format!(
                        "route `{}` has {} scopes; HTTP APIs allow {MAX_SCOPES} per route",
                        r.route_key,
                        scopes.len()
                    ),
                )
                .at(auth.span)
                .label("too many scopes")
                .help("this quota cannot be raised: split the route or merge scopes"),
            );
        }
    }
}

/// CORS, authorizers and access logs configure the API itself: SF refuses them for an API of
/// another stack.
fn external_api(api: &HttpApi, d: &mut Diagnostics) {
    if !api.is_external() {
        return;
    }
    let s = &api.settings.spans;
    for (span, what) in [
        (s.cors, "CORS"),
        (s.authorizers, "authorizers"),
        (s.logs, "access logs"),
    ] {
        let Some(span) = span else { continue };
        let mut diag = Diagnostic::error(
            codes::HTTP_API_EXTERNAL,
            format!("{what} cannot be configured for an external HTTP API (`provider.httpApi.id`)"),
        )
        .at(span)
        .label("configures the external API")
        .help(format!(
            "configure {what} where the API is defined, or drop `provider.httpApi.id`"
        ));
        if let Some(id) = s.id {
            diag = diag.related(id, "the API is external");
        }
        d.push(diag);
    }
}

/// The node of `provider.httpApi.authorizers.<key>`.
fn authorizer_node<'a>(root: &'a Node, key: &str) -> Option<&'a Node> {
    root.path(["provider", "httpApi", "authorizers", key])
}

fn authorizer(service: &Service, a: &HttpApiAuthorizer, node: Option<&Node>, d: &mut Diagnostics) {
    let at = |key: &str| {
        node.and_then(|n| n.get(key))
            .filter(|n| !n.is_null())
            .map(|n| n.span)
            .unwrap_or(a.span)
    };
    match &a.kind {
        HttpApiAuthorizerKind::Request(r) => {
            authorizer_function(service, a, r.function.as_ref(), node, d);
            cache(a, node, &at, d);
            if r.enable_simple_responses == Some(true) && r.payload_version == "1.0" {
                // AWS: simple responses are a format of payload version 2.0 only
                // ("Working with AWS Lambda authorizers for HTTP APIs")
                d.push(
                    Diagnostic::error(
                        codes::HTTP_API_PAYLOAD,
                        format!(
                            "authorizer `{}`: simple responses need payload version 2.0",
                            a.key
                        ),
                    )
                    .at(at("enableSimpleResponses"))
                    .label("with payloadVersion 1.0")
                    .help("set `payloadVersion: '2.0'` or drop `enableSimpleResponses`"),
                );
            }
            if !PAYLOAD_VERSIONS.contains(&r.payload_version.as_str()) {
                d.push(payload_diag(&r.payload_version, at("payloadVersion")));
            }
        }
        HttpApiAuthorizerKind::Jwt(j) => {
            if j.audiences.is_empty() {
                d.push(
                    Diagnostic::error(
                        codes::HTTP_API_JWT,
                        format!("JWT authorizer `{}` has no audience", a.key),
                    )
                    .at(a.span)
                    .label("no audience")
                    .help("add `audience:` (the app client ids whose tokens are accepted); AWS requires it for JWT authorizers"),
                );
            } else if j.audiences.len() > MAX_AUDIENCES {
                d.push(
                    Diagnostic::error(
                        codes::HTTP_API_QUOTA,
                        format!(
                            "JWT authorizer `{}` has {} audiences; HTTP APIs allow {MAX_AUDIENCES}",
                            a.key,
                            j.audiences.len()
                        ),
                    )
                    .at(at("audience"))
                    .label("too many audiences")
                    .help("this quota cannot be raised"),
                );
            }
            match j.issuer.as_ref() {
                None => d.push(
                    Diagnostic::error(
                        codes::HTTP_API_JWT,
                        format!("JWT authorizer `{}` has no issuer", a.key),
                    )
                    .at(a.span)
                    .label("no issuerUrl")
                    .help("add `issuerUrl:` (for Cognito: https://cognito-idp.<region>.amazonaws.com/<userPoolId>)"),
                ),
                Some(serde_json::Value::String(s)) if !s.starts_with("https://") => d.push(
                    Diagnostic::warning(
                        codes::HTTP_API_JWT,
                        format!("JWT authorizer `{}`: the issuer is not an https URL", a.key),
                    )
                    .at(at("issuerUrl"))
                    .label("not https")
                    .help("API Gateway reads the issuer's keys from `<issuer>/.well-known/openid-configuration` over https"),
                ),
                _ => {}
            }
        }
    }
}

/// A request authorizer calls exactly one function: `functionArn` or a function of the
/// service by `functionName`.
fn authorizer_function(
    service: &Service,
    a: &HttpApiAuthorizer,
    function: Option<&AuthorizerFunction>,
    node: Option<&Node>,
    d: &mut Diagnostics,
) {
    let given = |key: &str| node.and_then(|n| n.get(key)).filter(|n| n.is_truthy());
    let (name, arn) = (given("functionName"), given("functionArn"));
    match (name, arn) {
        (None, None) => d.push(
            Diagnostic::error(
                codes::HTTP_API_AUTHORIZER_FUNCTION,
                format!("request authorizer `{}` names no function", a.key),
            )
            .at(a.span)
            .label("no functionName or functionArn")
            .help("add `functionName:` (a function of this service) or `functionArn:`"),
        ),
        (Some(n), Some(_)) => d.push(
            Diagnostic::error(
                codes::HTTP_API_AUTHORIZER_FUNCTION,
                format!("request authorizer `{}` names two functions", a.key),
            )
            .at(n.span)
            .label("functionName beside functionArn")
            .help("keep either `functionName` or `functionArn`"),
        ),
        _ => {}
    }
    let Some(AuthorizerFunction::Service(key)) = function else {
        return;
    };
    if service.functions.iter().any(|f| &f.key == key) {
        return;
    }
    let keys = service.functions.iter().map(|f| f.key.as_str());
    let help = match nearest(key, keys) {
        Some(n) => format!("did you mean `{n}`?"),
        None => "name a function under `functions:`".to_owned(),
    };
    d.push(
        Diagnostic::error(
            codes::HTTP_API_AUTHORIZER_FUNCTION,
            format!(
                "function `{key}` of HTTP API authorizer `{}` is not in the service",
                a.key
            ),
        )
        .at(name.map_or(a.span, |n| n.span))
        .label("unknown function")
        .help(help),
    );
}

/// Caching needs an identity source (SF); the TTL is 0 to 3600 seconds (AWS:
/// `AuthorizerResultTtlInSeconds` "The maximum value is 3600, or 1 hour").
fn cache(
    a: &HttpApiAuthorizer,
    node: Option<&Node>,
    at: &dyn Fn(&str) -> Span,
    d: &mut Diagnostics,
) {
    let Some(ttl) = node.and_then(|n| n.get("resultTtlInSeconds")) else {
        return;
    };
    let in_range = match ttl.value {
        Value::Int(i) => (0..=MAX_AUTHORIZER_TTL).contains(&i),
        Value::Float(f) => f.fract() == 0.0 && (0.0..=MAX_AUTHORIZER_TTL as f64).contains(&f),
        Value::Null => true,
        _ => false,
    };
    if !in_range {
        d.push(
            Diagnostic::error(
                codes::HTTP_API_AUTHORIZER_CACHE,
                format!("authorizer `{}`: resultTtlInSeconds must be 0 to {MAX_AUTHORIZER_TTL}", a.key),
            )
            .at(ttl.span)
            .label("out of range")
            .help("API Gateway caches an authorizer's answer for at most an hour; 0 turns caching off"),
        );
    }
    if ttl.is_truthy() && a.identity_sources.is_empty() {
        d.push(
            Diagnostic::error(
                codes::HTTP_API_AUTHORIZER_CACHE,
                format!("authorizer `{}` caches its answers but has no identity source", a.key),
            )
            .at(at("resultTtlInSeconds"))
            .label("caching without identitySource")
            .help("add `identitySource:` (the cache key, e.g. `$request.header.Authorization`) or set `resultTtlInSeconds: 0`"),
        );
    }
}

fn payload_diag(version: &str, span: Span) -> Diagnostic {
    Diagnostic::error(
        codes::HTTP_API_PAYLOAD,
        format!("payload format version `{version}` is not one API Gateway knows"),
    )
    .at(span)
    .label("unknown version")
    .help("use '1.0' or '2.0' (quoted: YAML reads 2.0 as a number)")
}

/// `provider.httpApi.payload` and every `functions.<name>.httpApi.payload` are `1.0` or `2.0`
/// (AWS: "Supported values for Lambda proxy integrations are 1.0 and 2.0"; SF's schema leaves
/// the provider's free).
fn payload_versions(root: &Node, d: &mut Diagnostics) {
    let mut nodes: Vec<&Node> = Vec::new();
    nodes.extend(root.path(["provider", "httpApi", "payload"]));
    for (_, f) in function_nodes(root) {
        nodes.extend(f.path(["httpApi", "payload"]));
    }
    for n in nodes.into_iter().filter(|n| n.is_truthy()) {
        let text = match &n.value {
            Value::Str(s) => s.clone(),
            _ => crate::ir::lower::shape::string(&mut Diagnostics::default(), Some(n), "")
                .unwrap_or_else(|| n.kind().to_owned()),
        };
        if !PAYLOAD_VERSIONS.contains(&text.as_str()) {
            d.push(payload_diag(&text, n.span));
        }
    }
}

/// SF's warnings for a function behind an HTTP API whose timeout reaches the API's 30 s.
fn timeouts(service: &Service, root: &Node, d: &mut Diagnostics) {
    for f in &service.functions {
        if f.timeout < HTTP_API_TIMEOUT_SECONDS
            || !service.http_api.routes.iter().any(|r| r.function == f.key)
        {
            continue;
        }
        let span = super::timeout_span(root, f);
        let message = if f.timeout > HTTP_API_TIMEOUT_SECONDS {
            format!(
                "function `{}` may run {} s but an HTTP API waits at most {HTTP_API_TIMEOUT_SECONDS} s",
                f.key, f.timeout
            )
        } else {
            format!(
                "function `{}` may run the HTTP API's whole {HTTP_API_TIMEOUT_SECONDS} s: a slow invocation times out at the API",
                f.key
            )
        };
        d.push(
            Diagnostic::warning(codes::HTTP_API_TIMEOUT, message)
                .at(span)
                .label("timeout at or over the HTTP API's limit")
                .help("lower the timeout below 30 s: the caller gets 503 while the function still runs"),
        );
    }
}

/// `provider.httpApi.useProviderTags` no longer does anything (SF deprecation
/// `AWS_HTTP_API_USE_PROVIDER_TAGS_PROPERTY`).
fn use_provider_tags(root: &Node, d: &mut Diagnostics) {
    let Some(http_api) = root.path(["provider", "httpApi"]) else {
        return;
    };
    if !http_api.get("useProviderTags").is_some_and(Node::is_truthy) {
        return;
    }
    d.push(
        Diagnostic::warning(
            codes::DEPRECATED,
            "`provider.httpApi.useProviderTags` is deprecated: provider tags always apply to the HTTP API",
        )
        .at_opt(http_api.key_span("useProviderTags"))
        .label("no effect")
        .help("remove the property"),
    );
}

/// Routes and authorizers per API: AWS quotas that can be raised on request.
fn quotas(api: &HttpApi, d: &mut Diagnostics) {
    if api.routes.len() > MAX_ROUTES
        && let Some(r) = api.routes.get(MAX_ROUTES)
    {
        d.push(
            Diagnostic::warning(
                codes::HTTP_API_QUOTA,
                format!(
                    "the HTTP API has {} routes; AWS allows {MAX_ROUTES} unless the quota is raised",
                    api.routes.len()
                ),
            )
            .at(r.span)
            .label("route over the quota")
            .help("ask AWS to raise `Routes per API`, or split the service"),
        );
    }
    if api.authorizers.len() > MAX_AUTHORIZERS
        && let Some(a) = api.authorizers.get(MAX_AUTHORIZERS)
    {
        d.push(
            Diagnostic::warning(
                codes::HTTP_API_QUOTA,
                format!(
                    "the HTTP API has {} authorizers; AWS allows {MAX_AUTHORIZERS} unless the quota is raised",
                    api.authorizers.len()
                ),
            )
            .at(a.span)
            .label("authorizer over the quota")
            .help("reuse authorizers across routes, or ask AWS to raise `Authorizers per API`"),
        );
    }
}
