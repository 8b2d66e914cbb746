//! Checks on `websocket` events: what SF v3's `websockets/lib` refuses (an authorizer that is
//! not a function of the service, an unknown log level) and what it lets through but the
//! template or API Gateway does not keep: an authorizer on a route other than `$connect`
//! (API Gateway authorizes connections only), two events on one route (SF merges them into one
//! route resource, the last function winning).

use super::event_value;
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::Service;
use crate::ir::events::websocket::AuthorizerTarget;
use crate::ir::naming::websockets_route_logical_id;
use crate::load::Node;
use std::collections::HashMap;

pub fn check(service: &Service, root: &Node, d: &mut Diagnostics) {
    let ws = &service.events.websockets;
    let mut routes: HashMap<String, &str> = HashMap::new();
    for r in &ws.routes {
        let value = event_value(root, &r.origin, "websocket");
        let authorizer_span = value
            .and_then(|v| v.get("authorizer"))
            .map_or(r.origin.span, |n| n.span);
        if let Some(a) = &r.authorizer {
            if let AuthorizerTarget::Function(name) = &a.target
                && !service.functions.iter().any(|f| &f.key == name)
            {
                let keys = service.functions.iter().map(|f| f.key.as_str());
                d.push(
                    Diagnostic::error(
                        codes::WEBSOCKET_AUTHORIZER_FUNCTION,
                        format!("the authorizer of route `{}` names `{name}`, which is not a function of the service", r.route),
                    )
                    .at(authorizer_span)
                    .label("no such function")
                    .help(match super::nearest(name, keys) {
                        Some(near) => format!("did you mean `{near}`? An authorizer elsewhere is given by ARN"),
                        None => "name a function of this service, or give the authorizer's ARN".to_string(),
                    }),
                );
            }
            if r.route != "$connect" {
                d.push(
                    Diagnostic::error(
                        codes::WEBSOCKET_AUTHORIZER_ROUTE,
                        format!("route `{}` has an authorizer, but API Gateway authorizes only `$connect`", r.route),
                    )
                    .at(authorizer_span)
                    .label("not the $connect route")
                    .help("move the authorizer to the `$connect` route: a connection is authorized once, when it opens"),
                );
            }
        }
        let id = websockets_route_logical_id(&r.route);
        if let Some(first) = routes.insert(id, &r.origin.function) {
            d.push(
                Diagnostic::warning(
                    codes::WEBSOCKET_ROUTE_CONFLICT,
                    format!("route `{}` of function `{}` is also a route of function `{first}` (or has the same logical id): SF merges them into one route, to the last function", r.route, r.origin.function),
                )
                .at(r.origin.span)
                .label("one route")
                .help("give each route key to one event; route keys that differ only in `$`/`S`, `-`/`Dash`, `_`/`Underscore`, `.`/`Period` or `/`/`Slash` name one resource"),
            );
        }
    }
    log_level(root, d);
}

/// SF accepts `INFO` and `ERROR` (WEBSOCKETS_INVALID_LOGS_LEVEL), read only while execution
/// logging is on.
fn log_level(root: &Node, d: &mut Diagnostics) {
    let Some(logs) = root.path(["provider", "logs", "websocket"]) else {
        return;
    };
    let Some(level) = logs.get("level").filter(|l| l.is_truthy()) else {
        return;
    };
    let execution_off = logs
        .get("executionLogging")
        .is_some_and(|e| !e.is_null() && !e.is_truthy());
    if execution_off || matches!(level.as_str(), Some("INFO" | "ERROR")) {
        return;
    }
    d.push(
        Diagnostic::error(
            codes::WEBSOCKET_LOG_LEVEL,
            "`provider.logs.websocket.level` must be INFO or ERROR",
        )
        .at(level.span)
        .label("not a log level")
        .help("use `level: INFO` or `level: ERROR`, or `executionLogging: false` to turn execution logs off"),
    );
}
