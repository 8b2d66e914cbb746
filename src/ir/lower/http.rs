//! `events:` of a function → [`HttpEndpoint`]s (SF v3 `validate.js`), the other families'
//! events ([`super::events`]) and [`UnsupportedEvent`]s for the types slsc does not compile.

use super::LowerContext;
use super::events::EventCounter;
use super::shape::{bool_at, child, str_at, string, wrong};
use crate::diag::{Diagnostic, codes};
use crate::ir::events::Events;
use crate::ir::{HttpEndpoint, Integration, UnsupportedEvent};
use crate::load::{Node, Value};

pub fn lower_events(
    cx: &mut LowerContext,
    function: &str,
    f: &Node,
    endpoints: &mut Vec<HttpEndpoint>,
    events: &mut Events,
    unsupported: &mut Vec<UnsupportedEvent>,
) {
    let mut counter = EventCounter::default();
    for event in super::shape::list_at(f, "events") {
        counter.next_entry();
        let Some(map) = event.as_map() else {
            wrong(
                &mut cx.diags,
                event,
                "events[]",
                "a mapping like `http: ...`",
            );
            continue;
        };
        for (kind, entry) in map {
            if kind == "http" {
                if let Some(e) = lower_http(cx, function, event, &entry.value) {
                    endpoints.push(e);
                }
            } else if kind != "httpApi"
                && !super::events::lower_event(
                    cx,
                    function,
                    kind,
                    event,
                    &entry.value,
                    &mut counter,
                    events,
                )
            {
                // not compiled yet (`httpApi` events are lowered by `super::http_api`)
                unsupported.push(UnsupportedEvent {
                    function: function.to_string(),
                    kind: kind.clone(),
                    span: event.span,
                });
            }
        }
    }
}

/// Splits the shorthand `GET /path` at single spaces as SF does (`"GET  x"` has path `""`).
pub fn split_shorthand(s: &str) -> (String, Option<String>) {
    let mut parts = s.split(' ');
    let method = parts.next().unwrap_or_default().to_string();
    (method, parts.next().map(str::to_string))
}

/// Strips one leading and one trailing `/` (SF `getHttpPath`).
pub fn normalize_path(path: &str) -> String {
    let p = path.strip_prefix('/').unwrap_or(path);
    p.strip_suffix('/').unwrap_or(p).to_string()
}

/// SF `getIntegration`: upper-case, first `-` → `_`, LAMBDA → AWS, LAMBDA_PROXY → AWS_PROXY;
/// absent → AWS when `async`, else AWS_PROXY. `None` for a name API Gateway does not know.
pub fn integration_from_name(name: Option<&str>, is_async: bool) -> Option<Integration> {
    let Some(name) = name else {
        return Some(if is_async {
            Integration::Aws
        } else {
            Integration::AwsProxy
        });
    };
    let n = name.to_uppercase().replacen('-', "_", 1);
    Some(match n.as_str() {
        "LAMBDA" | "AWS" => Integration::Aws,
        "LAMBDA_PROXY" | "AWS_PROXY" => Integration::AwsProxy,
        "HTTP" => Integration::Http,
        "HTTP_PROXY" => Integration::HttpProxy,
        "MOCK" => Integration::Mock,
        _ => return None,
    })
}

/// One `http` event. `None` when it has no usable path or method (`check` reports a missing
/// path or method; lowering reports values of the wrong shape).
fn lower_http(
    cx: &mut LowerContext,
    function: &str,
    event: &Node,
    http: &Node,
) -> Option<HttpEndpoint> {
    let d = &mut cx.diags;
    let (method, path) = match &http.value {
        Value::Str(s) => {
            let (m, p) = split_shorthand(s);
            (m, p?)
        }
        Value::Map(_) => {
            let path = str_at(d, http, "path");
            let method = str_at(d, http, "method");
            (method?, path?)
        }
        _ => {
            wrong(d, http, "http", "`METHOD /path` or a mapping");
            return None;
        }
    };
    let method = method.to_lowercase();
    let method_upper = method.to_uppercase();
    let path = normalize_path(&path);
    let is_async = bool_at(d, http, "async").unwrap_or(false);
    let integration_node = child(http, "integration");
    let integration_name = string(d, integration_node, "integration");
    let Some(integration) = integration_from_name(integration_name.as_deref(), is_async) else {
        let node = integration_node.unwrap_or(http);
        d.push(
            Diagnostic::error(
                codes::SCHEMA_ENUM,
                format!(
                    "unknown integration `{}`",
                    integration_name.unwrap_or_default()
                ),
            )
            .at(node.span)
            .help("use one of lambda-proxy (default), lambda, http, http-proxy, mock"),
        );
        return None;
    };
    let private = bool_at(d, http, "private").unwrap_or(false);
    let operation_id = str_at(d, http, "operationId");
    let cors = super::cors::lower_cors(cx, http, &method_upper);
    let authorizer =
        child(http, "authorizer").and_then(|a| super::authorizer::lower_authorizer(cx, a));
    let (request, response) =
        super::request::lower_request_response(cx, function, http, integration);
    Some(HttpEndpoint {
        function: function.to_string(),
        path,
        method: method_upper,
        integration,
        is_async,
        private,
        operation_id,
        cors,
        authorizer,
        request,
        response,
        span: event.span,
    })
}
