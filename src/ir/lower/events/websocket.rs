//! `websocket` events → [`WebsocketRoute`]s and the provider's settings → [`WebsocketApi`],
//! as SF v3's `websockets/lib/validate.js`, `api.js` and `stage.js` read them.

use crate::diag::{Diagnostic, codes};
use crate::ir::events::EventOrigin;
use crate::ir::events::websocket::{
    AuthorizerTarget, WebsocketApi, WebsocketAuthorizer, WebsocketLogs, WebsocketRoute, Websockets,
};
use crate::ir::lower::LowerContext;
use crate::ir::lower::shape::{child, string};
use crate::ir::naming;
use crate::load::{Node, Value};
use serde_json::json;

/// SF's identity source when an authorizer names none.
const DEFAULT_IDENTITY_SOURCE: &str = "route.request.header.Auth";

/// One `websocket` event (`value`) into `websockets`.
pub fn lower(
    cx: &mut LowerContext,
    origin: EventOrigin,
    value: &Node,
    websockets: &mut Websockets,
) {
    let (route, settings) = match &value.value {
        // a number or boolean is a route key too (SF's validator makes it a string)
        Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
            let Some(route) = string(&mut cx.diags, Some(value), "websocket") else {
                return;
            };
            (route, None)
        }
        Value::Map(_) => {
            let Some(route) = string(&mut cx.diags, child(value, "route"), "route") else {
                cx.diags.push(
                    Diagnostic::error(
                        codes::SCHEMA_REQUIRED,
                        "this `websocket` event has no `route`",
                    )
                    .at(value.span)
                    .label("no route")
                    .help("add `route: <route key>` (e.g. `route: $connect`)"),
                );
                return;
            };
            (route, Some(value))
        }
        _ => {
            crate::ir::lower::shape::wrong(
                &mut cx.diags,
                value,
                "websocket",
                "a route key or a mapping",
            );
            return;
        }
    };
    let authorizer = settings
        .and_then(|s| child(s, "authorizer"))
        .and_then(|a| authorizer(cx, a));
    websockets.routes.push(WebsocketRoute {
        origin,
        route,
        route_response_selection_expression: settings
            .and_then(|s| s.get("routeResponseSelectionExpression"))
            .filter(|n| n.is_truthy())
            .map(Node::to_json),
        authorizer,
    });
}

/// `authorizer:` of a route (SF `validate.js`): a function ARN (named by its last `:` part),
/// a function's name, or `{arn | name, identitySource}` (the `name` beside a string `arn` is
/// ignored; beside an intrinsic it is required).
fn authorizer(cx: &mut LowerContext, node: &Node) -> Option<WebsocketAuthorizer> {
    let default_identity = || json!([DEFAULT_IDENTITY_SOURCE]);
    match &node.value {
        Value::Str(s) if s.contains(':') => Some(WebsocketAuthorizer {
            name: name_from_arn(s),
            target: AuthorizerTarget::Arn(json!(s)),
            identity_source: default_identity(),
        }),
        Value::Str(s) => Some(WebsocketAuthorizer {
            name: s.clone(),
            target: AuthorizerTarget::Function(s.clone()),
            identity_source: default_identity(),
        }),
        Value::Map(_) => {
            let identity_source =
                child(node, "identitySource").map_or_else(default_identity, Node::to_json);
            let (name, target) = if let Some(arn) = child(node, "arn").filter(|a| a.is_truthy()) {
                let name = match &arn.value {
                    Value::Str(s) => name_from_arn(s),
                    _ => match child(node, "name").filter(|n| n.is_truthy()) {
                        Some(n) => string(&mut cx.diags, Some(n), "name")?,
                        None => {
                            cx.diags.push(
                                Diagnostic::error(codes::LOWER_AUTHORIZER, "this authorizer has no name")
                                    .at(node.span)
                                    .label("`arn` is an intrinsic function, so no name can be derived from it")
                                    .help("add `name:` (SF v3 requires it: WEBSOCKETS_MISSING_AUTHORIZER_NAME)"),
                            );
                            return None;
                        }
                    },
                };
                (name, AuthorizerTarget::Arn(arn.to_json()))
            } else if let Some(n) = child(node, "name").filter(|n| n.is_truthy()) {
                let name = string(&mut cx.diags, Some(n), "name")?;
                (name.clone(), AuthorizerTarget::Function(name))
            } else {
                cx.diags.push(
                    Diagnostic::error(
                        codes::LOWER_AUTHORIZER,
                        "this authorizer names neither a function nor an ARN",
                    )
                    .at(node.span)
                    .help("add `name: <function>` or `arn: <function ARN>`"),
                );
                return None;
            };
            Some(WebsocketAuthorizer {
                name,
                target,
                identity_source,
            })
        }
        _ => {
            crate::ir::lower::shape::wrong(
                &mut cx.diags,
                node,
                "authorizer",
                "a function name, an ARN or a mapping",
            );
            None
        }
    }
}

/// The last `:`-separated part of an ARN.
fn name_from_arn(arn: &str) -> String {
    arn.rsplit(':').next().unwrap_or(arn).to_string()
}

/// The provider's WebSocket API settings (read whether or not there is a route).
pub fn lower_api(service: &str, stage: &str, provider: &Node) -> WebsocketApi {
    let truthy = |n: Option<&Node>| n.filter(|n| n.is_truthy()).map(Node::to_json);
    let use_provider_tags = child(provider, "websocket")
        .and_then(|w| w.get("useProviderTags"))
        .is_some_and(Node::is_truthy);
    WebsocketApi {
        name: naming::websockets_api_name(
            provider
                .get("websocketsApiName")
                .and_then(Node::as_str)
                .filter(|n| !n.is_empty()),
            service,
            stage,
        ),
        route_selection_expression: truthy(provider.get("websocketsApiRouteSelectionExpression")),
        description: truthy(provider.get("websocketsDescription")),
        use_provider_tags,
        external_id: provider
            .path(["apiGateway", "websocketApiId"])
            .filter(|n| n.is_truthy())
            .map(Node::to_json),
        logs: provider
            .path(["logs", "websocket"])
            .filter(|n| n.is_truthy())
            .map(logs),
        log_retention_in_days: truthy(provider.get("logRetentionInDays")),
    }
}

/// `provider.logs.websocket` with SF's defaults (`null` or absent means on).
fn logs(node: &Node) -> WebsocketLogs {
    let on = |key: &str| {
        node.get(key)
            .filter(|n| !n.is_null())
            .is_none_or(Node::is_truthy)
    };
    WebsocketLogs {
        access_logging: on("accessLogging"),
        execution_logging: on("executionLogging"),
        full_execution_data: on("fullExecutionData"),
        format: node
            .get("format")
            .filter(|n| n.is_truthy())
            .map(Node::to_json),
        level: node
            .get("level")
            .filter(|n| n.is_truthy())
            .map(Node::to_json),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::lower::tests::svc;

    /// With access or execution logs the routes are compiled; the account's logging role
    /// comes with them (`cfn::custom_resources`), unless managed elsewhere.
    #[test]
    fn routes_with_logs_are_compiled() {
        let service = |restapi: &str| {
            svc(&format!(
                "service: demo\nprovider:\n  name: aws\n  logs:\n{restapi}    websocket: true\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - websocket: $default\n"
            ))
        };
        for restapi in ["", "    restApi:\n      roleManagedExternally: true\n"] {
            let s = service(restapi);
            assert_eq!(s.events.websockets.routes.len(), 1);
            assert!(s.unsupported_events.is_empty());
        }
    }
}
