//! The WebSocket API (SF v3 `compile/events/websockets`), in SF's step order: the Api (and
//! the execution role's permission to post to connections), the integrations, the route
//! responses, the authorizers, the permissions, the routes, the stage (with its access log
//! group), then the deployment and the `ServiceEndpointWebsocket` output. Nothing when no
//! function has a `websocket` event; with an external API (`provider.apiGateway.websocketApiId`)
//! neither the Api nor the stage.

mod api;
mod authorizers;
mod deployment;
mod permissions;
mod routes;
mod stage;

use crate::cfn::Ctx;
use crate::cfn::functions::Aliases;
use crate::cfn::value::reference;
use crate::ir::naming::WEBSOCKETS_API_LOGICAL_ID;
use serde_json::Value;

pub(crate) fn compile(cx: &mut Ctx) {
    let ws = &cx.svc.events.websockets;
    if ws.routes.is_empty() {
        return;
    }
    let api_id = match &ws.api.external_id {
        Some(id) => id.clone(),
        None => reference(WEBSOCKETS_API_LOGICAL_ID),
    };
    let aliases = Aliases::new(cx.svc);
    api::compile(cx);
    routes::compile_integrations(cx, &api_id, &aliases);
    routes::compile_route_responses(cx, &api_id);
    authorizers::compile(cx, &api_id, &aliases);
    permissions::compile(cx, &api_id, &aliases);
    routes::compile_routes(cx, &api_id);
    stage::compile(cx, &api_id);
    deployment::compile(cx, &api_id);
}

/// What `ApiId.Ref` names (the API's logical id), when the API is referenced by `Ref`.
fn api_ref(api_id: &Value) -> Option<&str> {
    api_id.get("Ref")?.as_str()
}

/// `provider.websocketsDescription`, else SF's default.
fn description(cx: &Ctx) -> Value {
    cx.svc
        .events
        .websockets
        .api
        .description
        .clone()
        .unwrap_or_else(|| "Serverless Websockets".into())
}
